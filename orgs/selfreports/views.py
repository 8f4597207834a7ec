from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from orgs.models import (
    ReportingRound,
    RoundQuestion,
    SelfReport,
    SelfReportAnswer,
    SelfReportAttachment,
    SelfReportProblem,
)
from wangcang.catalogue import UNIT_PERSON_TIMES, UNIT_PERSONS, UNIT_TIMES
from wangcang.formviews import (
    ActionFormView,
    PostToActionMixin,
    RecordActionView,
    apply_validation_errors,
    new_form_token,
)
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin, has_role
from wangcang.scoping import get_visible_or_404
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView
from wangcang.xlsx import Sheet

from . import actions, permissions, queries
from .filters import STATE_CHOICES, RoundReportFilter, SelfReportFilter
from .forms import AttachmentForm, QuestionForm, ReturnForm, RoundForm, SelfReportForm


class RoundListView(StaffOrOfficialMixin, PostToActionMixin, ListView):
    template_name = "orgs/selfreports/round_list.html"
    context_object_name = "rounds"
    paginate_by = 25

    def get_queryset(self):
        return queries.rounds_for(self.request.user)

    def post_view(self):
        """Export every accepted report of every round in the background (started once)."""
        return ExportStartView


class ExportStartView(StaffOrOfficialMixin, RecordActionView):
    """Start the export of every accepted report: a double click starts one job."""

    def get_object(self):
        return None

    def perform(self, record):
        return actions.self_reports_export_start(user=self.request.user)

    def success_url_for(self, record, result) -> str:
        return result.get_absolute_url()

    def failure_url_for(self, record) -> str:
        return reverse("orgs:round-list")


class RoundCreateView(StaffRequiredMixin, ActionFormView):
    template_name = "orgs/selfreports/round_form.html"
    form_class = RoundForm

    def extra_form_kwargs(self) -> dict:
        return {"division": self.request.user.division}

    def perform(self, form):
        data = form.cleaned_data
        applies_to = "、".join(
            [str(town) for town in data["towns"]]
            + [str(dict(form.fields["industries"].choices)[value]) for value in data["industries"]]
            + [str(dict(form.fields["kinds"].choices)[value]) for value in data["kinds"]]
        )
        try:
            return actions.round_open(
                user=self.request.user,
                division=self.request.user.division,
                title=data["title"],
                period=data["period"],
                due_on=data["due_on"],
                towns=[town.pk for town in data["towns"]],
                industries=data["industries"],
                kinds=data["kinds"],
                applies_to=applies_to or _("all active social organizations"),
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            names = {"period_key": "period", "due_on": "due_on", "title": "title"}
            renamed: dict = {}
            for field, errors in error.message_dict.items():
                renamed.setdefault(names.get(field, "__all__"), []).extend(errors)
            raise ValidationError(renamed) from error

    def get_success_message(self, result) -> str:
        return _("The round is open: %(count)d organizations have a self-report to fill in.") % {
            "count": result.self_reports.count()
        }


class RoundDetailView(StaffOrOfficialMixin, PostToActionMixin, FilteredListView):
    """A round's overview: completion, the lists by state, filters, reminders, export."""

    template_name = "orgs/selfreports/round_detail.html"
    filterset_class = RoundReportFilter
    context_object_name = "reports"
    sort_fields = {"organization": "organization__name", "status": "status", "submitted": "submitted_at"}
    default_sort = "organization"
    paginate_by = 50
    # The self-report list's bulk actions, on this round's rows: its filter plus the round.
    bulk_key = "self-reports"

    def bulk_query(self):
        query = super().bulk_query()
        query["round"] = str(self.round.pk)
        return query

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.round = get_visible_or_404(ReportingRound.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def export_filename(self) -> str:
        return f"selfreports-{self.round.period_key}.xlsx"

    def get_base_queryset(self):
        return queries.round_reports(self.round, self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return queries.self_report_sheet(
            queryset.prefetch_related("problems", "answers__question"),
            with_status=True,
            questions=self.round.questions.all(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The counts follow the town and industry filters but not the state tab.
        data = self.request.GET.copy()
        data.pop("state", None)
        without_state = RoundReportFilter(data or None, queryset=self.get_base_queryset(), request=self.request)
        base = without_state.qs if without_state.is_bound and without_state.is_valid() else self.get_base_queryset()
        summary = queries.round_summary(self.round, base.order_by())
        tabs = []
        for value, label in STATE_CHOICES:
            params = data.copy()
            params["state"] = value
            tabs.append({"value": value, "label": label, "count": summary.counts[value], "query": params.urlencode()})
        context.update(
            round=self.round,
            summary=summary,
            tabs=tabs,
            state=self.request.GET.get("state", ""),
            all_query=data.urlencode(),
            today=timezone.localdate(),
            can_remind=permissions.can_remind(self.request.user),
        )
        return context

    def post_view(self):
        """The bulk reminder to every organization that has not submitted."""
        return RoundRemindView


class RoundRemindView(StaffOrOfficialMixin, RecordActionView):
    """Remind, once per click, every organization of the round that has not submitted."""

    def get_object(self):
        return get_visible_or_404(ReportingRound.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.round_remind(user=self.request.user, reporting_round=record)

    def get_success_message(self, record, result) -> str:
        if result:
            return _("%(count)d reminders sent.") % {"count": result}
        messages.info(self.request, _("No reminder sent: everyone has submitted or was already reminded today."))
        return ""


class SelfReportListView(AnyRoleMixin, FilteredListView):
    template_name = "orgs/selfreports/self_report_list.html"
    filterset_class = SelfReportFilter
    bulk_key = "self-reports"
    context_object_name = "reports"
    sort_fields = {"organization": "organization__name", "round": "round__period_start", "due": "round__due_on"}
    default_sort = "-round"

    def get_base_queryset(self):
        return queries.self_reports_for(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate()}


# The unit after each figure, so that a number is never shown bare (money labels already say yuan).
FIGURE_UNITS = {
    "staff_count": UNIT_PERSONS,
    "volunteer_count": UNIT_PERSONS,
    "union_member_count": UNIT_PERSONS,
    "activities_held": UNIT_TIMES,
    "activity_participants": UNIT_PERSON_TIMES,
    "trainings_attended": UNIT_TIMES,
}


MONEY_FIGURES = ("dues_collected", "union_funds")


def _detail_context(request, report: SelfReport, **extra) -> dict:
    user = request.user
    # The county union's comments are current only while the report is returned or waits
    # again after a resubmission; once accepted they belong to the history alone.
    comments_current = report.status in (SelfReport.Status.RETURNED, SelfReport.Status.RESUBMITTED)
    versions = list(report.versions.all())
    diffs = []
    if permissions.can_see_versions(user, report):
        previous = None
        for version in versions:
            diffs.append({"version": version, "diff": queries.version_diff(previous, version) if previous else None})
            previous = version
    figure_rows = [
        {
            "name": name,
            "label": SelfReport._meta.get_field(name).verbose_name,
            "value": getattr(report, name),
            "unit": FIGURE_UNITS.get(name, ""),
            "money": name in MONEY_FIGURES,
            "comment": report.field_comments.get(name, "") if comments_current else "",
        }
        for name in SelfReport.FIGURE_FIELDS
    ]
    answers = {answer.question_id: answer for answer in report.answers.all()}
    questions = list(report.round.questions.all())
    answer_rows = [
        {
            "question": question,
            "answer": answers.get(question.pk),
            "comment": report.field_comments.get(question.field_name, "") if comments_current else "",
        }
        for question in questions
    ]
    return {
        "report": report,
        "object": report,
        "figure_rows": figure_rows,
        "answer_rows": answer_rows,
        "comments_current": comments_current,
        "money_figures": MONEY_FIGURES,
        "versions": diffs,
        "can_edit": permissions.can_edit_self_report(user, report),
        "can_review": permissions.can_review_self_report(user, report),
        "can_track": permissions.can_track_problem(user),
        "is_staff_view": has_role(user, "staff", "official"),
        "return_form": extra.pop("return_form", None) or ReturnForm(prefix="return", questions=questions),
        "today": timezone.localdate(),
        **extra,
    }


class SelfReportDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        report = queries.self_report_for(request.user, pk)
        return render(request, "orgs/selfreports/self_report_detail.html", _detail_context(request, report))


class SelfReportEditView(AnyRoleMixin, ActionFormView):
    """The organization's form: "save draft" keeps anything; "submit" checks everything."""

    template_name = "orgs/selfreports/self_report_form.html"
    form_class = SelfReportForm

    def get_object(self):
        return queries.self_report_for(self.request.user, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_edit_self_report(request.user, self.object):
            if request.method == "POST":
                messages.error(request, _("This self-report cannot be changed now."))
            else:
                messages.warning(request, _("This self-report cannot be changed now."))
            return redirect(self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        report = kwargs.pop("report", None) or self.object
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            {
                "report": report,
                "attachment_form": AttachmentForm(),
                "field_comments": [
                    (form.fields[name].label if name in form.fields else "", text)
                    for name, text in report.field_comments.items()
                    if text
                ],
                "today": timezone.localdate(),
            }
        )
        return context

    def perform(self, form):
        report = actions.self_report_save_draft(
            user=self.request.user,
            self_report=self.object,
            figures=form.figures(),
            problems=form.problem_lines(),
            answers=form.answers(),
        )
        if "submit" in self.request.POST:
            try:
                # Its own savepoint: a refused submit keeps the draft just saved.
                with transaction.atomic():
                    actions.self_report_submit(user=self.request.user, self_report=report)
            except ValidationError as error:
                self.submit_error = error
        return report

    def success_url_for(self, result) -> str:
        if "submit" in self.request.POST:
            return result.get_absolute_url()
        return reverse("orgs:self-report-edit", args=[result.pk])

    def get_success_message(self, result) -> str:
        if "submit" not in self.request.POST:
            return _("Draft saved. It is not submitted yet.")
        return "" if self.submit_error else _("Submitted to the county union.")

    def form_valid(self, form):
        self.submit_error = None
        response = super().form_valid(form)
        if self.submit_error is None:
            return response
        report = queries.self_report_for(self.request.user, self.object.pk)
        form = SelfReportForm(self.request.POST, self.request.FILES, instance=report)
        form.is_valid()
        apply_validation_errors(form, self.submit_error)
        messages.error(self.request, _("Not submitted: the draft is saved, but some items are missing."))
        context = self.get_context_data(form=form, report=report)
        # The draft went through: the form shown again is a new submission of the saved record.
        context["form_token"] = new_form_token()
        context["form_version"] = self.signed_version(report)
        return self.render_to_response(context)


class AttachmentUploadView(AnyRoleMixin, RecordActionView):
    form_class = AttachmentForm
    success_message = _("Attachment added.")

    def get_object(self):
        return queries.self_report_for(self.request.user, self.kwargs["pk"])

    def perform(self, record):
        try:
            return actions.self_report_attachment_add(
                user=self.request.user, self_report=record, upload=self.form.cleaned_data["file"]
            )
        except ValidationError:
            raise
        except PermissionDenied as error:
            raise Http404 from error

    def success_url_for(self, record, result) -> str:
        return reverse("orgs:self-report-edit", args=[record.pk])

    def failure_url_for(self, record) -> str:
        return reverse("orgs:self-report-edit", args=[record.pk])


class AttachmentView(AnyRoleMixin, View):
    """An attachment, only to those who may see its report."""

    def get(self, request, pk: int):
        attachment = get_visible_or_404(SelfReportAttachment.objects.visible_to(request.user), pk=pk)
        return serve_private_file(attachment.file, attachment.original_name)


class AttachmentDeleteView(AnyRoleMixin, RecordActionView):
    success_message = _("Attachment removed.")

    def get_object(self):
        return get_visible_or_404(
            SelfReportAttachment.objects.visible_to(self.request.user).select_related("self_report"),
            pk=self.kwargs["pk"],
        )

    def perform(self, record):
        return actions.self_report_attachment_delete(user=self.request.user, attachment=record)

    def success_url_for(self, record, result) -> str:
        return reverse("orgs:self-report-edit", args=[record.self_report_id])

    def failure_url_for(self, record) -> str:
        return reverse("orgs:self-report-edit", args=[record.self_report_id])


class SelfReportReturnView(StaffRequiredMixin, RecordActionView):
    form_class = ReturnForm
    success_message = _("Returned to the organization.")

    def form_kwargs(self) -> dict:
        return {"prefix": "return", "questions": self.record.round.questions.all()}

    def get_object(self):
        self.record = queries.self_report_for(self.request.user, self.kwargs["pk"])
        return self.record

    def perform(self, record):
        try:
            return actions.self_report_return(
                user=self.request.user,
                self_report=record,
                comment=self.form.cleaned_data["comment"],
                field_comments=self.form.field_comments(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "staff_comment" in error.error_dict:
                raise ValidationError({"comment": error.message_dict["staff_comment"]}) from error
            raise ValidationError(error.messages) from error

    def success_url_for(self, record, result) -> str:
        return record.get_absolute_url()

    def refuse(self, record, error):
        context = _detail_context(self.request, record, return_form=self.form)
        return render(self.request, "orgs/selfreports/self_report_detail.html", context, status=400)


class SelfReportAcceptView(StaffRequiredMixin, RecordActionView):
    success_message = _("Accepted: these are now the organization's reported figures.")

    def get_object(self):
        return queries.self_report_for(self.request.user, self.kwargs["pk"])

    def perform(self, record):
        return actions.self_report_accept(user=self.request.user, self_report=record)


class ProblemTrackView(StaffRequiredMixin, RecordActionView):
    success_message = _("The problem is now a tracked issue.")

    def get_object(self):
        return get_visible_or_404(
            SelfReportProblem.objects.filter(
                self_report__in=SelfReport.objects.visible_to(self.request.user)
            ).select_related("self_report__organization"),
            pk=self.kwargs["pk"],
        )

    def perform(self, record):
        return actions.self_report_problem_track(user=self.request.user, problem=record)

    def success_url_for(self, record, result) -> str:
        return reverse("orgs:self-report-detail", args=[record.self_report_id]) + "#problems"

    def failure_url_for(self, record) -> str:
        return self.success_url_for(record, None)


class RoundCloseView(StaffRequiredMixin, RecordActionView):
    """Close a round (a POST from its overview): once, and not from a page loaded before the
    round changed."""

    success_message = _("The round is closed: its reports can no longer be filled in or submitted.")

    def get_object(self):
        return get_visible_or_404(ReportingRound.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.round_close(user=self.request.user, reporting_round=record)


class RoundQuestionsView(StaffOrOfficialMixin, View):
    """A round's own questions: staff add, change and remove them until the first answer."""

    def get(self, request, pk: int):
        reporting_round = get_visible_or_404(ReportingRound.objects.visible_to(request.user), pk=pk)
        context = {
            "round": reporting_round,
            "questions": list(reporting_round.questions.all()),
            "can_shape": permissions.can_shape_questions(request.user, reporting_round),
        }
        return render(request, "orgs/selfreports/round_questions.html", context)


class _QuestionFormView(StaffRequiredMixin, ActionFormView):
    template_name = "wangcang/record_form.html"
    form_class = QuestionForm

    def get_round(self) -> ReportingRound:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if has_role(request.user, "staff") and not permissions.can_shape_questions(request.user, self.get_round()):
            messages.error(
                request,
                _(
                    "Organizations have already answered or submitted in this round: its questions can no longer be changed."
                ),
            )
            return redirect("orgs:round-questions", self.get_round().pk)
        return super().dispatch(request, *args, **kwargs)

    def success_url_for(self, result) -> str:
        return reverse("orgs:round-questions", args=[result.round_id])

    def default_back_url(self) -> str:
        return reverse("orgs:round-questions", args=[self.get_round().pk])

    def back_url(self) -> str:
        return self.default_back_url()


class RoundQuestionCreateView(_QuestionFormView):
    title = _("Add a question")
    success_message = _("Question added.")

    def get_round(self) -> ReportingRound:
        if not hasattr(self, "_round"):
            self._round = get_visible_or_404(ReportingRound.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._round

    def perform(self, form):
        question = form.save(commit=False)
        question.round = self.get_round()
        return actions.round_question_save(user=self.request.user, question=question)


def _visible_question(user, pk: int) -> RoundQuestion:
    return get_visible_or_404(
        RoundQuestion.objects.filter(round__in=ReportingRound.objects.visible_to(user)).select_related("round"), pk=pk
    )


class RoundQuestionEditView(_QuestionFormView):
    title = _("Change the question")
    success_message = _("Question saved.")

    def get_object(self):
        return _visible_question(self.request.user, self.kwargs["pk"])

    def get_round(self) -> ReportingRound:
        return self.object.round

    def perform(self, form):
        return actions.round_question_save(user=self.request.user, question=form.save(commit=False))


class RoundQuestionDeleteView(StaffRequiredMixin, RecordActionView):
    success_message = _("Question removed.")

    def get_object(self):
        return _visible_question(self.request.user, self.kwargs["pk"])

    def perform(self, record):
        return actions.round_question_delete(user=self.request.user, question=record)

    def success_url_for(self, record, result) -> str:
        return reverse("orgs:round-questions", args=[record.round_id])

    def failure_url_for(self, record) -> str:
        return self.success_url_for(record, None)


class AnswerFileView(AnyRoleMixin, View):
    """A file given as an answer, only to those who may see its report."""

    def get(self, request, pk: int):
        answer = get_visible_or_404(SelfReportAnswer.objects.visible_to(request.user), pk=pk)
        if not answer.file:
            raise Http404
        return serve_private_file(answer.file, answer.original_name)
