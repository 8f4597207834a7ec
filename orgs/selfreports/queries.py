"""Reads of self-reporting: round overviews, a report with everything it shows, version
differences, and the accepted figures other parts build on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Organization
from wangcang.periods import Period, parse_period
from wangcang.xlsx import Sheet

from .models import ReportingRound, RoundQuestion, SelfReport, SelfReportAnswer, SelfReportVersion

# The lists of the round overview, in the order the page shows them.
STATES = ("not_started", "draft", "submitted", "returned", "accepted", "overdue")


def state_q(state: str, today: date) -> Q:
    """The filter for one list of the overview. "draft" means saved at least once;
    "submitted" covers resubmissions; "overdue" is any report still with the organization
    after the due date."""
    S = SelfReport.Status
    return {
        "not_started": Q(status=S.DRAFT, saved_at__isnull=True),
        "draft": Q(status=S.DRAFT, saved_at__isnull=False),
        "submitted": Q(status__in=SelfReport.WAITING_STATUSES),
        "returned": Q(status=S.RETURNED),
        "accepted": Q(status=S.ACCEPTED),
        "overdue": Q(status__in=SelfReport.EDITABLE_STATUSES, round__due_on__lt=today, round__closed_on__isnull=True),
    }[state]


def rounds_for(user) -> QuerySet[ReportingRound]:
    """Rounds with their counts (one query for the whole list)."""
    accepted = Count("self_reports", filter=Q(self_reports__status=SelfReport.Status.ACCEPTED))
    return (
        ReportingRound.objects.visible_to(user)
        .select_related("division")
        .annotate(report_count=Count("self_reports"), accepted_count=accepted)
        .order_by("-period_start", "title")  # Meta.ordering does not apply to aggregate queries
    )


@dataclass(frozen=True)
class RoundSummary:
    total: int
    counts: dict[str, int]

    @property
    def completion_rate(self) -> Decimal:
        """Accepted reports as a share of all reports, in %."""
        from wangcang.catalogue import rate

        return rate(self.counts.get("accepted", 0), self.total)

    @property
    def submitted_rate(self) -> Decimal:
        from wangcang.catalogue import rate

        handed_in = self.counts.get("submitted", 0) + self.counts.get("accepted", 0)
        return rate(handed_in, self.total)


def round_summary(
    reporting_round: ReportingRound, reports: QuerySet[SelfReport], today: date | None = None
) -> RoundSummary:
    """Counts per list for ``reports`` (already scoped and filtered), in one aggregate query."""
    today = today or timezone.localdate()
    aggregates = {state: Count("pk", filter=state_q(state, today)) for state in STATES}
    values = reports.filter(round=reporting_round).aggregate(total=Count("pk"), **aggregates)
    total = values.pop("total")
    return RoundSummary(total=total, counts=values)


def round_reports(reporting_round: ReportingRound, user) -> QuerySet[SelfReport]:
    """The reports of a round the user may see, with what the overview shows of each."""
    return (
        SelfReport.objects.visible_to(user)
        .filter(round=reporting_round)
        .select_related("organization", "organization__town", "round")
        .annotate(problem_count=Count("problems", distinct=True))
    )


def self_report_sheet(
    rows: Iterable[SelfReport],
    *,
    with_round: bool = False,
    with_status: bool = False,
    questions: Iterable[RoundQuestion] = (),
) -> Sheet:
    """Self-reports as an XLSX sheet (rows are read lazily, for streaming): the accepted ones
    of every round, or, ``with_status``, the reports a round's list shows, in any state, with
    their status (what the list shows is what it exports). ``questions`` (a round's own) add
    one column each, after the standard figures: numbers and dates as such, text as text
    (the rows must prefetch ``answers``)."""
    questions = list(questions)
    fields = [SelfReport._meta.get_field(name) for name in SelfReport.FIGURE_FIELDS]
    headers = [
        *([_("reporting round"), _("period")] if with_round else []),
        _("organization"),
        _("unified social credit code"),
        _("town or community"),
        _("industry or field"),
        *([_("status")] if with_status else []),
        *[str(field.verbose_name) for field in fields],
        *[f"{question.label}（{question.unit}）" if question.unit else question.label for question in questions],
        _("problems and needs"),
        _("accepted at"),
    ]
    return Sheet(
        title=str(_("Self-reports") if with_status else _("Accepted self-reports")),
        headers=headers,
        rows=(
            [
                *([report.round.title, report.round.period_key] if with_round else []),
                report.organization.name,
                report.organization.uscc,
                str(report.organization.town or ""),
                report.organization.get_industry_display(),
                *([report.get_status_display()] if with_status else []),
                *[getattr(report, field.name) for field in fields],
                *_answer_cells(report, questions),
                "\n".join(problem.text for problem in report.problems.all()),
                report.accepted_at,
            ]
            for report in rows
        ),
    )


def _answer_cells(report: SelfReport, questions: list[RoundQuestion]) -> list:
    if not questions:
        return []
    answers = {answer.question_id: answer for answer in report.answers.all()}
    cells = []
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None or answer.is_empty:
            cells.append(None)
        elif question.kind == RoundQuestion.Kind.NUMBER:
            cells.append(int(answer.number) if question.whole_number else answer.number)
        elif question.kind == RoundQuestion.Kind.DATE:
            cells.append(answer.date)
        else:
            cells.append(answer.shown())  # a string: the sheet writes it as text, never a formula
    return cells


def accepted_reports_for(user) -> QuerySet[SelfReport]:
    return (
        SelfReport.objects.visible_to(user)
        .accepted()
        .select_related("organization", "organization__town", "round")
        .prefetch_related("problems")
        .order_by("-round__period_end", "round__title", "organization__name", "pk")
    )


def self_reports_for(user) -> QuerySet[SelfReport]:
    return SelfReport.objects.visible_to(user).select_related("organization", "round", "organization__town")


def self_report_for(user, pk: int) -> SelfReport:
    from wangcang.scoping import get_visible_or_404

    queryset = (
        SelfReport.objects.visible_to(user)
        .select_related("organization", "organization__town", "round", "accepted_by")
        .prefetch_related(
            Prefetch("problems", queryset=_problems_with_issue()),
            "attachments",
            Prefetch("answers", queryset=SelfReportAnswer.objects.select_related("question")),
            "round__questions",
            Prefetch("versions", queryset=SelfReportVersion.objects.select_related("submitted_by")),
        )
    )
    return get_visible_or_404(queryset, pk=pk)


def _problems_with_issue():
    from .models import SelfReportProblem

    return SelfReportProblem.objects.select_related("tracked_issue")


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: object
    new: object


def version_diff(old: SelfReportVersion | None, new: SelfReportVersion) -> dict:
    """What changed from ``old`` to ``new``: each figure whose value differs, and the
    problems added and removed."""
    old_figures = old.figures if old else {}
    changes = []
    for name in SelfReport.FIGURE_FIELDS:
        before, after = old_figures.get(name), new.figures.get(name)
        if before != after:
            label = str(SelfReport._meta.get_field(name).verbose_name)
            changes.append(Change(field=name, label=label, old=before, new=after))
    old_answers = old.answers if old else {}
    answer_changes = []
    for key in [*new.answers, *(key for key in old_answers if key not in new.answers)]:
        before, after = old_answers.get(key, {}), new.answers.get(key, {})
        if before.get("value") != after.get("value"):
            label = after.get("label") or before.get("label", "")
            answer_changes.append(Change(field=key, label=label, old=before.get("value"), new=after.get("value")))
    old_problems = list(old.problems) if old else []
    return {
        "figures": changes,
        "answers": answer_changes,
        "problems_added": [text for text in new.problems if text not in old_problems],
        "problems_removed": [text for text in old_problems if text not in new.problems],
    }


def _period(period: str | Period) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def reported_figures(organization: Organization, period: str | Period) -> dict | None:
    """The organization's accepted figures for ``period``: those of the accepted report of
    the latest round whose period lies inside it (None when there is none)."""
    parsed = _period(period)
    reports = SelfReport.objects.accepted().filter(organization=organization)
    if parsed.start is not None:
        reports = reports.filter(round__period_start__gte=parsed.start)
    if parsed.end is not None:
        reports = reports.filter(round__period_end__lte=parsed.end)
    report = reports.select_related("round").order_by("-round__period_end", "-round__period_start", "-pk").first()
    if report is None:
        return None
    figures = {name: getattr(report, name) for name in SelfReport.FIGURE_FIELDS}
    figures["self_report"] = report
    figures["period_start"] = report.round.period_start
    figures["period_end"] = report.round.period_end
    return figures


def accepted_dues(*, organization: Organization, start: date | None = None, end: date | None = None) -> Decimal:
    """Membership dues the organization reported, in accepted reports of rounds whose period
    lies between ``start`` and ``end`` (the base of matching grants). Quarterly and annual
    rounds overlapping each other are not added twice: when an annual round covers the
    quarters, the annual figure is taken."""
    reports = SelfReport.objects.accepted().filter(organization=organization, dues_collected__isnull=False)
    if start is not None:
        reports = reports.filter(round__period_start__gte=start)
    if end is not None:
        reports = reports.filter(round__period_end__lte=end)
    rows = list(reports.values("round__period_start", "round__period_end", "dues_collected"))
    # Longer periods first; a period inside one already counted is skipped.
    rows.sort(key=lambda row: (row["round__period_start"] - row["round__period_end"]).days)
    counted: list[tuple[date, date]] = []
    total = Decimal("0.00")
    for row in rows:
        span = (row["round__period_start"], row["round__period_end"])
        if any(span[0] >= first and span[1] <= last for first, last in counted):
            continue
        counted.append(span)
        total += row["dues_collected"]
    return total
