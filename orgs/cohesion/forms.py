from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization
from wangcang.forms import BootstrapFormMixin, ScopedChoicesMixin

from .models import CommitteeSeat, Department, JointMeeting, Secondment, TrackedIssue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DepartmentForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "active"]


class JointMeetingForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = JointMeeting
        fields = ["held_on", "place", "chair", "departments", "attendees", "minutes"]
        widgets = {
            "held_on": DATE,
            "departments": forms.SelectMultiple(attrs={"size": 4}),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def limit_choices(self, user) -> None:
        self.fields["departments"].queryset = Department.objects.visible_to(user).filter(active=True)


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("file"))


class TrackedIssueForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = TrackedIssue
        fields = ["organization", "description", "owner_department", "due_on", "status", "resolution", "resolved_on"]
        widgets = {
            "due_on": DATE,
            "resolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def limit_choices(self, user) -> None:
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")
        self.fields["owner_department"].queryset = Department.objects.visible_to(user).filter(active=True)


class NewIssueForm(TrackedIssueForm):
    """Raising an issue: its resolution comes later. Its day is the one it was raised (an
    earlier year's issue is entered with its own); left empty, the meeting's day or today."""

    raised_on = forms.DateField(label=_("raised on"), required=False, widget=DATE)

    class Meta(TrackedIssueForm.Meta):
        fields = ["organization", "description", "raised_on", "owner_department", "due_on"]


class ResolveForm(BootstrapFormMixin, forms.Form):
    resolution = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = forms.DateField(label=_("resolved on"), required=False, widget=DATE)


class CommitteeSeatForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = CommitteeSeat
        fields = ["person", "organization", "term", "elected_at", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def limit_choices(self, user) -> None:
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class SecondmentForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = Secondment
        fields = ["person", "kind", "organization", "starts_on", "ends_on", "duties"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "duties": forms.Textarea(attrs={"rows": 3})}

    def limit_choices(self, user) -> None:
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class StockDateForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("in office on"), required=False, widget=DATE)


class IssueAssignForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    """Who follows the selected issues up: a staff member, a department, or both."""

    owner = forms.ModelChoiceField(label=_("owner"), queryset=None, required=False)
    owner_department = forms.ModelChoiceField(label=_("owner department"), queryset=None, required=False)

    def limit_choices(self, user) -> None:
        from wangcang.models import User
        from wangcang.scoping import scope

        # Staff of the user's division or one below it, as the API's owner field offers.
        staff = scope(User.objects.filter(is_active=True, role=User.Role.STAFF), user, division="division")
        self.fields["owner"].queryset = staff.order_by("username")
        self.fields["owner_department"].queryset = Department.objects.visible_to(user).filter(active=True)

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_department"):
            raise forms.ValidationError(_("Choose the staff member or the department that follows the issue up."))
        return data


class DueDateForm(BootstrapFormMixin, forms.Form):
    due_on = forms.DateField(label=_("due on"), widget=DATE)
