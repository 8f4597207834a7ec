from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization
from wangcang.forms import BootstrapFormMixin, ScopedChoicesMixin
from wangcang.models import User
from wangcang.uploads import validate_upload

from .models import (
    Application,
    Batch,
    Budget,
    Criterion,
    Evaluation,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Residency,
    Site,
    Space,
    SupportEntry,
    TeamRole,
    Training,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
STAFF_HELP = _("Number of people working for the organization (persons).")


class SiteForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address"]


class SpaceForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = Space
        fields = ["site", "name", "floor", "area_m2", "kind", "opened_on", "closed_on"]
        widgets = {"opened_on": DATE, "closed_on": DATE}

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["site"].queryset = Site.objects.visible_to(user)


class BatchForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["name", "year", "closes_on"]
        widgets = {"closes_on": DATE}


class CriterionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "weight", "max_score"]


class ApplicationForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("PDF, JPG or PNG: plan, certificates, photos.")
    )
    submit_now = forms.BooleanField(label=_("Submit now (otherwise keep as a draft)"), required=False, initial=True)

    class Meta:
        model = Application
        fields = ["batch", "organization", "project_plan", "field", "staff_count", "help_wanted"]
        widgets = {"project_plan": forms.Textarea(attrs={"rows": 6}), "help_wanted": TEXT}
        help_texts = {"staff_count": STAFF_HELP}

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["batch"].queryset = Batch.objects.filter(status=Batch.Status.OPEN)
        open_batches = list(self.fields["batch"].queryset[:2])
        if len(open_batches) == 1:
            self.fields["batch"].initial = open_batches[0]
        self.fields["organization"].queryset = user.organizations.all()
        if self.fields["organization"].queryset.count() == 1:
            self.fields["organization"].initial = self.fields["organization"].queryset.first()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Attachment"), help_text=_("PDF, JPG or PNG."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class PastApplicationForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    """Staff record an application made earlier (on paper, before the portal), with the day
    it was submitted; batches of past years are offered too."""

    submitted_on = forms.DateField(
        label=_("Submitted on"), widget=DATE, help_text=_("The day the application was handed in.")
    )

    class Meta:
        model = Application
        fields = ["batch", "organization", "project_plan", "field", "staff_count"]
        widgets = {"project_plan": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"staff_count": STAFF_HELP}

    def limit_choices(self, user) -> None:
        from wangcang.models import division_prefix

        prefix = division_prefix(user.division_id) if user.division_id else ""
        self.fields["batch"].queryset = Batch.objects.filter(division__code__startswith=prefix).order_by(
            "-year", "name"
        )
        self.fields["organization"].queryset = Organization.objects.visible_to(user).order_by("name")


class ApplicationEditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["project_plan", "field", "staff_count", "help_wanted"]
        widgets = {"project_plan": forms.Textarea(attrs={"rows": 6}), "help_wanted": TEXT}
        help_texts = {"staff_count": STAFF_HELP}


class RespondForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(label=_("Your answer"), widget=TEXT)
    project_plan = forms.CharField(label=_("Project plan"), widget=forms.Textarea(attrs={"rows": 6}))
    field = forms.CharField(label=_("Field of work"), max_length=100)
    staff_count = forms.IntegerField(label=_("Staff"), min_value=0, help_text=STAFF_HELP)
    help_wanted = forms.CharField(label=_("Help wanted"), widget=TEXT, required=False)


class AssignForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())

    def limit_choices(self, user) -> None:
        user = self.user
        staff = User.objects.filter(is_active=True, role=User.Role.STAFF)
        if user.division_id and not user.is_superuser:
            staff = staff.filter(division__code__startswith=user.division_id[:4])
        self.fields["reviewer"].queryset = staff.order_by("username")


class DecideForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Application.Status.ADMITTED, _("Admit")),
            (Application.Status.REJECTED, _("Reject")),
            (Application.Status.MORE_INFO, _("Ask for more information")),
        ],
    )
    reason = forms.CharField(label=_("Reason shown to the organization"), widget=TEXT, required=False)
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DATE,
        required=False,
        help_text=_("For a decision taken earlier, its real date; empty: today."),
    )


class ScoreForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=TEXT, required=False)

    def __init__(self, *args, criteria, scores=None, **kwargs):
        self.criteria = criteria
        self.initial_scores = scores or {}
        super().__init__(*args, **kwargs)

    def limit_choices(self, user) -> None:
        scores, criteria = self.initial_scores, self.criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name}（{_('weight')} {criterion.weight}，0–{criterion.max_score}）",
                min_value=0,
                max_value=criterion.max_score,
                initial=scores.get(criterion.pk),
            )
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class ResidencyForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    space = forms.ModelChoiceField(label=_("Space"), queryset=Space.objects.none(), required=False)
    area_m2 = forms.DecimalField(label=_("Area given (m²)"), required=False, min_value=0.01, decimal_places=2)

    class Meta:
        model = Residency
        fields = [
            "started_on",
            "venue_waiver",
            "utilities_waiver",
            "training_waiver",
            "services_waiver",
            "agreed_grants",
        ]
        widgets = {"started_on": DATE, "agreed_grants": TEXT}

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["space"].queryset = Space.objects.visible_to(user).select_related("site")
        self.order_fields(["started_on", "space", "area_m2"])


class OccupancyForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    space = forms.ModelChoiceField(label=_("Space"), queryset=Space.objects.none())
    area_m2 = forms.DecimalField(label=_("Area (m²)"), min_value=0.01, decimal_places=2)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE, required=False)

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["space"].queryset = Space.objects.visible_to(user).select_related("site")


class EndResidencyForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("Summary"), widget=TEXT)


class TeamMemberForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=TeamRole.objects.all())
    mentor = forms.ModelChoiceField(label=_("Person"), queryset=Mentor.objects.none())

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["mentor"].queryset = Mentor.objects.visible_to(user)


class MentoringSessionForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["held_on", "mentor", "topic", "service_kind", "notes"]
        widgets = {"held_on": DATE, "notes": TEXT}

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["mentor"].queryset = Mentor.objects.visible_to(user)


class EvaluationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "social_impact", "public_service", "worker_rating", "comment"]
        widgets = {"evaluated_on": DATE, "comment": TEXT}
        help_texts = {
            "social_impact": _("Score from 0 to 100."),
            "public_service": _("Score from 0 to 100."),
            "worker_rating": _("Score from 0 to 100."),
        }


class MentorForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["name", "title", "field", "affiliation"]


class TrainingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "held_on", "hours", "trainer", "place", "kind"]
        widgets = {"held_on": DATE}


class AttendanceForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    person_name = forms.CharField(label=_("Person's name"), max_length=50)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none(), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class SignInSheetForm(BootstrapFormMixin, forms.Form):
    sheet = forms.FileField(label=_("Sign-in sheet (.xlsx)"), help_text=_("Columns: name, organization, phone."))

    def clean_sheet(self):
        from wangcang.uploads import ALLOWED_SPREADSHEETS

        upload = self.cleaned_data["sheet"]
        validate_upload(upload, ALLOWED_SPREADSHEETS)
        return upload


class ExchangeVisitForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = ExchangeVisit
        fields = ["destination", "starts_on", "ends_on", "organizations", "learned"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "learned": TEXT}

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["organizations"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class SupportEntryForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportEntry.Kind.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), min_value=0.01, decimal_places=2, max_digits=14)
    value_date = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def limit_choices(self, user) -> None:
        user = self.user
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class PostMonthForm(BootstrapFormMixin, forms.Form):
    month = forms.DateField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"])


class ReverseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why is it reversed?"), max_length=200)


class BudgetForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["year", "amount"]
