from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wangcang.formviews import RecordActionView, StaffFormView
from wangcang.permissions import AnyRoleMixin, StaffRequiredMixin
from wangcang.scoping import get_visible_or_404
from wangcang.tables import Badge, Column, TableMixin
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView
from wangcang.wording import join_list

from . import actions, queries
from .filters import IssueBoardFilter, JointMeetingFilter, TrackedIssueFilter
from .forms import (
    AttachmentForm,
    CommitteeSeatForm,
    DepartmentForm,
    JointMeetingForm,
    NewIssueForm,
    ResolveForm,
    SecondmentForm,
    StockDateForm,
    TrackedIssueForm,
)
from .models import CommitteeSeat, Department, JointMeeting, MeetingAttachment, Secondment, TrackedIssue
from .permissions import can_edit_appointments, can_edit_meeting, can_resolve_issue

# Departments ----------------------------------------------------------------------------


class DepartmentListView(StaffRequiredMixin, TableMixin, FilteredListView):
    title = _("Departments of the joint meeting")
    columns = [Column(_("name"), "name"), Column(_("active"))]
    sort_fields = {"name": "name"}

    def get_base_queryset(self):
        return Department.objects.visible_to(self.request.user)

    def get_page_actions(self):
        return [(_("New department"), reverse("orgs:department-create"))]

    def cells(self, obj):
        return [obj.name, _("Yes") if obj.active else _("No")]

    def row_url(self, obj):
        return reverse("orgs:department-edit", args=[obj.pk])


class DepartmentFormView(StaffFormView):
    form_class = DepartmentForm
    title = _("Department")

    def get_object(self):
        pk = self.kwargs.get("pk")
        return get_visible_or_404(Department.objects.visible_to(self.request.user), pk=pk) if pk else None

    def save(self, form):
        return actions.department_save(user=self.request.user, department=form.instance)

    def success_url(self, saved):
        return reverse("orgs:department-list")

    def cancel_url(self):
        return reverse("orgs:department-list")


# Meetings -------------------------------------------------------------------------------


class MeetingListView(AnyRoleMixin, TableMixin, FilteredListView):
    title = _("Joint meetings")
    filterset_class = JointMeetingFilter
    sort_fields = {"held_on": "held_on", "place": "place"}
    default_sort = "-held_on"
    export_filename = "joint-meetings.xlsx"
    columns = [
        Column(_("held on"), "held_on"),
        Column(_("place"), "place"),
        Column(_("chaired by")),
        Column(_("departments present")),
        Column(_("issues raised")),
        Column(_("issues resolved")),
    ]

    def get_base_queryset(self):
        return queries.meetings_for(self.request.user)

    def get_page_actions(self):
        links = [(_("Open issues"), reverse("orgs:issue-board")), (_("Issues raised"), reverse("orgs:issue-list"))]
        if can_edit_meeting(self.request.user):
            links += [
                (_("Departments"), reverse("orgs:department-list")),
                (_("Record a meeting"), reverse("orgs:meeting-create")),
            ]
        return links

    def cells(self, obj):
        departments = join_list(department.name for department in obj.departments.all())
        return [obj.held_on, obj.place, obj.chair, departments, obj.issue_count, obj.resolved_count]

    def row_url(self, obj):
        return obj.get_absolute_url()


class MeetingFormView(StaffFormView):
    form_class = JointMeetingForm
    title = _("Joint meeting")

    def cancel_url(self):
        return self.object.get_absolute_url() if self.object else reverse("orgs:meeting-list")

    def get_object(self):
        pk = self.kwargs.get("pk")
        return get_visible_or_404(JointMeeting.objects.visible_to(self.request.user), pk=pk) if pk else None

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        meeting = form.save(commit=False)
        return actions.joint_meeting_save(
            user=self.request.user, meeting=meeting, departments=form.cleaned_data["departments"]
        )


class MeetingDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int, issue_form=None, attachment_form=None):
        meeting = get_visible_or_404(queries.meetings_with_details_for(request.user), pk=pk)
        editable = can_edit_meeting(request.user, meeting)
        context = {
            "meeting": meeting,
            "object": meeting,
            "issues": queries.meeting_issues_for(request.user, meeting),
            "can_edit": editable,
            "issue_form": issue_form or (NewIssueForm(user=request.user) if editable else None),
            "attachment_form": attachment_form or (AttachmentForm() if editable else None),
            "today": timezone.localdate(),
        }
        return render(request, "orgs/cohesion/meeting_detail.html", context)


class MeetingFormActionView(StaffRequiredMixin, RecordActionView):
    """A form on the meeting's page; a refusal shows it there with its errors."""

    form_name = ""

    def get_object(self):
        return get_visible_or_404(JointMeeting.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def refuse(self, record, error):
        return _detail_with(self.request, record.pk, **{self.form_name: self.form})


class MeetingIssueCreateView(MeetingFormActionView):
    """Raise an issue at a meeting, from the meeting's page."""

    form_class = NewIssueForm
    form_name = "issue_form"
    success_message = _("Issue recorded.")

    def form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def perform(self, record):
        issue = self.form.save(commit=False)
        issue.meeting = record
        return actions.tracked_issue_save(user=self.request.user, issue=issue)

    def success_url_for(self, record, result) -> str:
        return record.get_absolute_url()


def _detail_with(request, pk, **forms):
    view = MeetingDetailView()
    view.request = request
    return view.get(request, pk, **forms)


class MeetingAttachmentAddView(MeetingFormActionView):
    form_class = AttachmentForm
    form_name = "attachment_form"
    success_message = _("File attached.")

    def perform(self, record):
        try:
            return actions.meeting_attachment_add(
                user=self.request.user, meeting=record, upload=self.form.cleaned_data["file"]
            )
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error

    def success_url_for(self, record, result) -> str:
        return record.get_absolute_url()


class MeetingAttachmentView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        attachment = get_visible_or_404(MeetingAttachment.objects.visible_to(request.user), pk=pk)
        return serve_private_file(attachment.file, attachment.original_name)


# Issues ---------------------------------------------------------------------------------


class IssueTableMixin(TableMixin):
    columns = [
        Column(_("description")),
        Column(_("organization"), "organization"),
        Column(_("owner department")),
        Column(_("raised on"), "raised_on"),
        Column(_("due on"), "due_on"),
        Column(_("status"), "status"),
        Column(_("resolved on"), "resolved_on"),
    ]
    sort_fields = {
        "organization": "organization__name",
        "raised_on": "raised_on",
        "due_on": "due_on",
        "status": "status",
        "resolved_on": "resolved_on",
    }

    def cells(self, obj):
        today = timezone.localdate()
        overdue = obj.status != TrackedIssue.Status.RESOLVED and obj.due_on and obj.due_on < today
        status = Badge("overdue", _("Overdue")) if overdue else Badge(obj.status, obj.get_status_display())
        return [
            obj.description[:60],
            obj.organization.name if obj.organization else "",
            obj.owner_department.name if obj.owner_department else "",
            obj.raised_on,
            obj.due_on,
            status,
            obj.resolved_on,
        ]

    def row_url(self, obj):
        return obj.get_absolute_url()

    def get_page_actions(self):
        if can_edit_meeting(self.request.user):
            return [(_("Raise an issue"), reverse("orgs:issue-create"))]
        return []


class IssueBoardView(AnyRoleMixin, IssueTableMixin, FilteredListView):
    """Unresolved issues, overdue first."""

    title = _("Open issues")
    filterset_class = IssueBoardFilter
    bulk_key = "open-issues"

    def get_base_queryset(self):
        return queries.open_issues_board_for(self.request.user)


class IssueListView(AnyRoleMixin, IssueTableMixin, FilteredListView):
    title = _("Issues raised")
    filterset_class = TrackedIssueFilter
    bulk_key = "tracked-issues"
    default_sort = "-raised_on"
    export_filename = "issues.xlsx"

    def get_base_queryset(self):
        return queries.issues_for(self.request.user)


class IssueCreateView(StaffFormView):
    form_class = NewIssueForm
    title = _("Raise an issue")

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        return actions.tracked_issue_save(user=self.request.user, issue=form.save(commit=False))

    def cancel_url(self):
        return reverse("orgs:issue-board")


class IssueEditView(StaffFormView):
    form_class = TrackedIssueForm
    title = _("Issue")

    def get_object(self):
        return get_visible_or_404(TrackedIssue.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        return actions.tracked_issue_save(user=self.request.user, issue=form.save(commit=False))

    def cancel_url(self):
        return self.object.get_absolute_url()


class IssueDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int, resolve_form=None):
        issue = get_visible_or_404(queries.issues_for(request.user), pk=pk)
        context = {
            "issue": issue,
            "object": issue,
            "can_edit": can_edit_meeting(request.user),
            "resolve_form": resolve_form or (ResolveForm() if can_resolve_issue(request.user, issue) else None),
            "today": timezone.localdate(),
        }
        return render(request, "orgs/cohesion/issue_detail.html", context)


class IssueResolveView(StaffRequiredMixin, RecordActionView):
    form_class = ResolveForm
    success_message = _("Issue resolved.")

    def get_object(self):
        return get_visible_or_404(TrackedIssue.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.tracked_issue_resolve(
            user=self.request.user,
            issue=record,
            resolution=self.form.cleaned_data["resolution"],
            resolved_on=self.form.cleaned_data["resolved_on"],
        )

    def success_url_for(self, record, result) -> str:
        return record.get_absolute_url()

    def refuse(self, record, error):
        view = IssueDetailView()
        view.request = self.request
        return view.get(self.request, record.pk, resolve_form=self.form)


# Cross-appointments -----------------------------------------------------------------------


class AppointmentListView(AnyRoleMixin, TemplateView):
    """Committee seats and secondments, all of them or those in force on a chosen day."""

    template_name = "orgs/cohesion/appointments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = StockDateForm(self.request.GET or None)
        on = form.cleaned_data["on"] if form.is_bound and form.is_valid() else None
        user = self.request.user
        context.update(
            form=form,
            on=on,
            seats=queries.committee_seats_for(user, on),
            secondments=queries.secondments_for(user, on),
            can_edit=can_edit_appointments(user),
        )
        return context


class CommitteeSeatFormView(StaffFormView):
    form_class = CommitteeSeatForm
    title = _("Committee seat")

    def get_object(self):
        pk = self.kwargs.get("pk")
        return get_visible_or_404(CommitteeSeat.objects.visible_to(self.request.user), pk=pk) if pk else None

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        return actions.committee_seat_save(user=self.request.user, seat=form.save(commit=False))

    def cancel_url(self):
        return reverse("orgs:appointment-list")


class SecondmentFormView(StaffFormView):
    form_class = SecondmentForm
    title = _("Secondment")

    def get_object(self):
        pk = self.kwargs.get("pk")
        return get_visible_or_404(Secondment.objects.visible_to(self.request.user), pk=pk) if pk else None

    def form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        return actions.secondment_save(user=self.request.user, secondment=form.save(commit=False))

    def cancel_url(self):
        return reverse("orgs:appointment-list")
