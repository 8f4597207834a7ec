"""Figures of self-reporting. All are flows by the end of the round's period: a 2022
annual round counts in 2022 (and in its fourth quarter), whenever it was opened."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from orgs.models import SelfReport, SelfReportAnswer
from wangcang.catalogue import (
    FLOW,
    UNIT_ORGS,
    UNIT_PERCENT,
    UNIT_TIMES,
    UNIT_YUAN,
    Grouping,
    Indicator,
    Scope,
    grouped_chart,
    grouped_family,
    rate,
    rows,
    rows_by,
)

from .queries import state_q

UNIT_ROUNDS = _("rounds")


@grouped_family(
    Indicator("selfreports.rounds", _("Self-reporting rounds"), UNIT_ROUNDS, FLOW, "foundation"),
    Indicator("selfreports.reports", _("Self-reports requested"), UNIT_ORGS, FLOW, "foundation"),
    Indicator("selfreports.accepted", _("Self-reports accepted"), UNIT_ORGS, FLOW, "foundation"),
    Indicator("selfreports.completion_rate", _("Self-report completion rate"), UNIT_PERCENT, FLOW, "foundation"),
    Indicator(
        "selfreports.dues_reported", _("Union dues reported in accepted self-reports"), UNIT_YUAN, FLOW, "cohesion"
    ),
    Indicator(
        "selfreports.activities_reported",
        _("Union activities reported in accepted self-reports"),
        UNIT_TIMES,
        FLOW,
        "foundation",
    ),
)
def self_report_figures(target: Scope | Grouping) -> dict[str, dict]:
    accepted = Q(status=SelfReport.Status.ACCEPTED)
    found = rows(
        target,
        SelfReport.objects.filter(target.organization_q("organization"), target.flow_q("round__period_end")),
        "organization__division",
        rounds=Count("round", distinct=True),
        reports=Count("pk"),
        accepted=Count("pk", filter=accepted),
        dues=Sum("dues_collected", filter=accepted),
        activities=Sum("activities_held", filter=accepted),
    )
    return {
        key: {
            "selfreports.rounds": values["rounds"],
            "selfreports.reports": values["reports"],
            "selfreports.accepted": values["accepted"],
            # Per division, from its own counts: a rate does not add up.
            "selfreports.completion_rate": rate(values["accepted"], values["reports"]),
            # SQLite sums decimals without their places; yuan always carry two.
            "selfreports.dues_reported": Decimal(values["dues"] or 0).quantize(Decimal("0.01")),
            "selfreports.activities_reported": values["activities"] or 0,
        }
        for key, values in found.items()
    }


CHART_STATES = (
    ("not_started", _("Not started")),
    ("draft", _("Draft")),
    ("submitted", _("Submitted, waiting for review")),
    ("returned", _("Returned")),
    ("accepted", _("Accepted")),
)


@grouped_chart("selfreports.completion", _("Self-reports by state"), kind="pie", pillar="foundation")
def completion_by_state(target: Scope | Grouping) -> dict:
    today = target.stock_date
    found = rows(
        target,
        SelfReport.objects.filter(target.organization_q("organization"), target.flow_q("round__period_end")),
        "organization__division",
        **{state: Count("pk", filter=state_q(state, today)) for state, _label in CHART_STATES},
    )
    return {
        key: {
            "categories": [label for _state, label in CHART_STATES],
            "series": [{"name": _("Self-reports"), "data": [values[state] for state, _label in CHART_STATES]}],
        }
        for key, values in found.items()
    }


@grouped_chart("selfreports.question_figures", _("Figures from self-report questions"), kind="bar", pillar="foundation")
def question_figures(target: Scope | Grouping) -> dict:
    """The sums of the numeric answers to questions staff flagged "show as figure", over the
    accepted self-reports of rounds ending in the period, in the division. Questions of the
    same wording and unit (asked again each round) are added together."""
    answers = SelfReportAnswer.objects.filter(
        target.organization_q("self_report__organization"),
        target.flow_q("self_report__round__period_end"),
        question__show_as_figure=True,
        self_report__status=SelfReport.Status.ACCEPTED,
        number__isnull=False,
    )
    found = rows_by(
        target,
        answers,
        "self_report__organization__division",
        ("question__label", "question__unit"),
        total=Sum("number"),
    )
    return {key: _question_data(questions) for key, questions in found.items()}


def _question_data(questions: list[dict]) -> dict:
    categories, data = [], []
    for row in questions:
        label, unit = row["question__label"], row["question__unit"]
        categories.append(f"{label}（{unit}）" if unit else label)
        # SQLite sums decimals as floats: back to the two places answers keep.
        data.append(Decimal(str(row["total"] or 0)).quantize(Decimal("0.01")))
    return {"categories": categories, "series": [{"name": _("Sum of accepted answers"), "data": data}]}
