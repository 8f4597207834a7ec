"""Forms of the registry. Field checks (USCC, ID number) come from the models' validators;
rules across records (duplicates, one own union) from the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangcang.forms import BootstrapFormMixin
from wangcang.models import Division, division_prefix

from .actions import ORG_EDITABLE_FIELDS, STAFF_FIELDS
from .models import Member, Organization, Town, UnionBranch


def _divisions_for(user):
    if user.is_superuser or not user.division_id:
        return Division.objects.all()
    return Division.objects.filter(code__startswith=division_prefix(user.division_id))


def _towns_for(user):
    if user.is_superuser or not user.division_id:
        return Town.objects.all()
    return Town.objects.filter(division__code__startswith=division_prefix(user.division_id))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OrganizationForm(BootstrapFormMixin, forms.ModelForm):
    """Staff edit every field; an organization user edits its own contact details, and
    sees the fields that staff keep (status, kind, USCC …) read-only."""

    class Meta:
        model = Organization
        fields = list(STAFF_FIELDS)
        widgets = {
            "established_on": DateInput(),
            "status_changed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_union_staff:
            self.fields["division"].queryset = _divisions_for(user)
            self.fields["town"].queryset = _towns_for(user)
            if not self.instance.pk and user.division_id:
                self.fields["division"].initial = user.division_id
        else:
            for name, field in self.fields.items():
                if name not in ORG_EDITABLE_FIELDS:
                    field.disabled = True
                    field.required = False

    def validate_unique(self):
        # Duplicates are refused by the action, with a message naming the other organization.
        pass

    @property
    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if not self.fields[name].disabled}


class BranchForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = UnionBranch
        fields = [
            "name",
            "level",
            "parent",
            "division",
            "town",
            "industry",
            "organization",
            "covered_organizations",
            "chair",
            "founded_on",
        ]
        widgets = {"founded_on": DateInput(), "covered_organizations": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = _divisions_for(user)
        self.fields["town"].queryset = _towns_for(user)
        visible = Organization.objects.visible_to(user)
        self.fields["organization"].queryset = visible
        self.fields["covered_organizations"].queryset = visible
        self.fields["parent"].queryset = UnionBranch.objects.visible_to(user)
        if not self.instance.pk and user.division_id:
            self.fields["division"].initial = user.division_id

    def validate_unique(self):
        pass

    def validate_constraints(self, exclude=None):
        # One own union per organization is checked by the action, with a clear message.
        pass


class MemberForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "id_number", "gender", "phone", "organization", "branch", "join_path", "joined_on"]
        widgets = {"joined_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(user)
        self.fields["branch"].queryset = UnionBranch.objects.visible_to(user)

    def validate_unique(self):
        pass

    def validate_constraints(self, exclude=None):
        pass


class ImportForm(BootstrapFormMixin, forms.Form):
    what = forms.ChoiceField(
        label=_("What to import"),
        choices=[("organizations", _("Organizations")), ("members", _("Members"))],
    )
    division = forms.ModelChoiceField(label=_("division"), queryset=Division.objects.none())
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = _divisions_for(user).filter(level=Division.Level.COUNTY)
        if user.division_id:
            self.fields["division"].initial = user.division_id


class RevealForm(forms.Form):
    """An explicit staff action: show one member's full ID number (logged)."""
