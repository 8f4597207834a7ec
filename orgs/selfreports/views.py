from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from orgs.models import ReportingRound, SelfReport, SelfReportAttachment, SelfReportProblem
from reports.catalogue import UNIT_PERSON_TIMES, UNIT_PERSONS, UNIT_TIMES
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin, has_role
from wangcang.scoping import get_visible_or_404
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView
from wangcang.wording import item_separator
from wangcang.xlsx import Sheet

from . import actions, permissions, queries
from .filters import STATE_CHOICES, RoundReportFilter, SelfReportFilter
from .forms import AttachmentForm, ReturnForm, RoundForm, SelfReportForm


def _messages_of(error: ValidationError) -> str:
    return item_separator().join(error.messages)


class RoundListView(StaffOrOfficialMixin, ListView):
    template_name = "orgs/selfreports/round_list.html"
    context_object_name = "rounds"
    paginate_by = 25

    def get_queryset(self):
        return queries.rounds_for(self.request.user)

    def post(self, request):
        """Export every accepted report of every round in the background."""
        job = actions.self_reports_export_start(user=request.user)
        return redirect(job)


class RoundCreateView(StaffRequiredMixin, FormView):
    template_name = "orgs/selfreports/round_form.html"
    form_class = RoundForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "division": self.request.user.division}

    def form_valid(self, form):
        data = form.cleaned_data
        applies_to = "、".join(
            [str(town) for town in data["towns"]]
            + [str(dict(form.fields["industries"].choices)[value]) for value in data["industries"]]
            + [str(dict(form.fields["kinds"].choices)[value]) for value in data["kinds"]]
        )
        try:
            reporting_round = actions.round_open(
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
            if hasattr(error, "error_dict"):
                names = {"period_key": "period", "due_on": "due_on", "title": "title"}
                for field, errors in error.message_dict.items():
                    form.add_error(names.get(field), errors)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The round is open: %(count)d organizations have a self-report to fill in.")
            % {"count": reporting_round.self_reports.count()},
        )
        return redirect(reporting_round)


class RoundDetailView(StaffOrOfficialMixin, FilteredListView):
    """A round's overview: completion, the lists by state, filters, reminders, export."""

    template_name = "orgs/selfreports/round_detail.html"
    filterset_class = RoundReportFilter
    context_object_name = "reports"
    sort_fields = {"organization": "organization__name", "status": "status", "submitted": "submitted_at"}
    default_sort = "organization"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.round = get_visible_or_404(ReportingRound.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def export_filename(self) -> str:
        return f"selfreports-{self.round.period_key}-accepted.xlsx"

    def get_base_queryset(self):
        return queries.round_reports(self.round, self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        rows = queries.accepted_rows(self.round, self.request.user).filter(pk__in=queryset.values("pk"))
        return queries.accepted_sheet(rows)

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

    def post(self, request, pk: int):
        """The bulk reminder to every organization that has not submitted."""
        try:
            sent = actions.round_remind(user=request.user, reporting_round=self.round)
        except PermissionDenied:
            raise
        if sent:
            messages.success(request, _("%(count)d reminders sent.") % {"count": sent})
        else:
            messages.info(request, _("No reminder sent: everyone has submitted or was already reminded today."))
        return redirect(self.round)


class SelfReportListView(AnyRoleMixin, FilteredListView):
    template_name = "orgs/selfreports/self_report_list.html"
    filterset_class = SelfReportFilter
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
    return {
        "report": report,
        "object": report,
        "figure_rows": figure_rows,
        "comments_current": comments_current,
        "money_figures": MONEY_FIGURES,
        "versions": diffs,
        "can_edit": permissions.can_edit_self_report(user, report),
        "can_review": permissions.can_review_self_report(user, report),
        "can_track": permissions.can_track_problem(user),
        "is_staff_view": has_role(user, "staff", "official"),
        "return_form": extra.pop("return_form", None) or ReturnForm(prefix="return"),
        "today": timezone.localdate(),
        **extra,
    }


class SelfReportDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        report = queries.self_report_detail(request.user, pk)
        return render(request, "orgs/selfreports/self_report_detail.html", _detail_context(request, report))


class SelfReportEditView(AnyRoleMixin, View):
    """The organization's form: "save draft" keeps anything; "submit" checks everything."""

    template_name = "orgs/selfreports/self_report_form.html"

    def _report(self, request, pk):
        report = queries.self_report_detail(request.user, pk)
        if not permissions.can_edit_self_report(request.user, report):
            return report, False
        return report, True

    def _render(self, request, report, form, attachment_form=None):
        return render(
            request,
            self.template_name,
            {
                "report": report,
                "form": form,
                "attachment_form": attachment_form or AttachmentForm(),
                "field_comments": [
                    (form.fields[name].label if name in form.fields else "", text)
                    for name, text in report.field_comments.items()
                    if text
                ],
                "today": timezone.localdate(),
            },
        )

    def get(self, request, pk: int):
        report, editable = self._report(request, pk)
        if not editable:
            messages.warning(request, _("This self-report cannot be changed now."))
            return redirect(report)
        return self._render(request, report, SelfReportForm(instance=report))

    def post(self, request, pk: int):
        report, editable = self._report(request, pk)
        if not editable:
            messages.error(request, _("This self-report cannot be changed now."))
            return redirect(report)
        form = SelfReportForm(request.POST, instance=report)
        if not form.is_valid():
            return self._render(request, report, form)
        try:
            report = actions.self_report_save_draft(
                user=request.user, self_report=report, figures=form.figures(), problems=form.problem_lines()
            )
        except ValidationError as error:
            form.add_error(None, error) if not hasattr(error, "error_dict") else _add_errors(form, error)
            return self._render(request, report, form)
        if "submit" not in request.POST:
            messages.success(request, _("Draft saved. It is not submitted yet."))
            return redirect("orgs:self-report-edit", pk=report.pk)
        try:
            actions.self_report_submit(user=request.user, self_report=report)
        except ValidationError as error:
            form = SelfReportForm(request.POST, instance=report)
            form.is_valid()
            _add_errors(form, error)
            messages.error(request, _("Not submitted: the draft is saved, but some items are missing."))
            return self._render(request, queries.self_report_detail(request.user, pk), form)
        messages.success(request, _("Submitted to the county union."))
        return redirect(report)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class AttachmentUploadView(AnyRoleMixin, View):
    def post(self, request, pk: int):
        report = queries.self_report_detail(request.user, pk)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, item_separator().join(error for errors in form.errors.values() for error in errors))
            return redirect("orgs:self-report-edit", pk=pk)
        try:
            actions.self_report_attachment_add(user=request.user, self_report=report, upload=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Attachment added."))
        return redirect("orgs:self-report-edit", pk=pk)


class AttachmentView(AnyRoleMixin, View):
    """An attachment, only to those who may see its report."""

    def get(self, request, pk: int):
        attachment = get_visible_or_404(SelfReportAttachment.objects.visible_to(request.user), pk=pk)
        return serve_private_file(attachment.file, attachment.original_name)


class AttachmentDeleteView(AnyRoleMixin, View):
    def post(self, request, pk: int):
        attachment = get_visible_or_404(
            SelfReportAttachment.objects.visible_to(request.user).select_related("self_report"), pk=pk
        )
        report_pk = attachment.self_report_id
        try:
            actions.self_report_attachment_delete(user=request.user, attachment=attachment)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("Attachment removed."))
        return redirect("orgs:self-report-edit", pk=report_pk)


class SelfReportReturnView(StaffRequiredMixin, View):
    def post(self, request, pk: int):
        report = queries.self_report_detail(request.user, pk)
        form = ReturnForm(request.POST, prefix="return")
        if form.is_valid():
            try:
                actions.self_report_return(
                    user=request.user,
                    self_report=report,
                    comment=form.cleaned_data["comment"],
                    field_comments=form.field_comments(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "staff_comment" in error.error_dict:
                    form.add_error("comment", error.message_dict["staff_comment"])
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, _("Returned to the organization."))
                return redirect(report)
        context = _detail_context(request, report, return_form=form)
        return render(request, "orgs/selfreports/self_report_detail.html", context, status=400)


class SelfReportAcceptView(StaffRequiredMixin, View):
    def post(self, request, pk: int):
        report = queries.self_report_detail(request.user, pk)
        try:
            actions.self_report_accept(user=request.user, self_report=report)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("Accepted: these are now the organization's reported figures."))
        return redirect(report)


class ProblemTrackView(StaffRequiredMixin, View):
    def post(self, request, pk: int):
        problem = get_visible_or_404(
            SelfReportProblem.objects.filter(
                self_report__in=SelfReport.objects.visible_to(request.user)
            ).select_related("self_report__organization"),
            pk=pk,
        )
        try:
            actions.self_report_problem_track(user=request.user, problem=problem)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("The problem is now a tracked issue."))
        return redirect(reverse("orgs:self-report-detail", args=[problem.self_report_id]) + "#problems")
