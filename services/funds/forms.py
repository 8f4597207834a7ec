from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization, SelfReport
from wangcang.forms import BootstrapFormMixin, ScopedChoicesMixin
from wangcang.periods import latest_year_with_records
from wangcang.validators import clean_id_number

from .models import DuesRecord, Fund, FundTransaction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


MONEY = {"max_digits": 14, "decimal_places": 3, "min_value": 0}


def _funds(user, kind=None):
    queryset = Fund.objects.visible_to(user).filter(active=True)
    return queryset.filter(kind=kind) if kind else queryset


class FundForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Fund
        fields = ["name", "kind", "organization", "matching_ratio", "mutual_aid_multiple", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TransactionForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    # More places than two are accepted and rounded half up by the action.
    amount = forms.DecimalField(label=capfirst(_("amount (yuan)")), min_value=Decimal("0.01"), max_digits=16)

    class Meta:
        model = FundTransaction
        fields = [
            "fund",
            "occurred_on",
            "direction",
            "payer",
            "beneficiary_organization",
            "beneficiary_person",
            "purpose",
            "evidence",
        ]
        widgets = {"occurred_on": DATE}

    def limit_choices(self, user) -> None:
        self.fields["fund"].queryset = _funds(user)
        self.fields["beneficiary_organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class ReverseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=capfirst(_("reason for the reversal")), max_length=150)


class DuesRecordForm(BootstrapFormMixin, ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = DuesRecord
        fields = ["organization", "period_start", "period_end", "amount", "note"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def limit_choices(self, user) -> None:
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")


class ProposeForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    fund = forms.ModelChoiceField(label=capfirst(_("fund")), queryset=Fund.objects.none())
    organization = forms.ModelChoiceField(label=capfirst(_("organization")), queryset=Organization.objects.none())
    period_start = forms.DateField(label=capfirst(_("period start")), widget=DATE)
    period_end = forms.DateField(label=capfirst(_("period end")), widget=DATE)

    def limit_choices(self, user) -> None:
        self.fields["fund"].queryset = _funds(user, Fund.Kind.MATCHING)
        self.fields["organization"].queryset = Organization.objects.visible_to(user).only("pk", "name")
        # The last full year with dues (accepted self-reports or staff records), not an
        # empty last year when the county's records stop earlier.
        last_full_year = datetime.date(datetime.date.today().year - 1, 12, 31)
        year = latest_year_with_records(
            (SelfReport.objects.visible_to(user).accepted(), "round__period_end"),
            (DuesRecord.objects.visible_to(user), "period_end"),
            today=last_full_year,
        )
        self.fields["period_start"].initial = datetime.date(year, 1, 1)
        self.fields["period_end"].initial = datetime.date(year, 12, 31)


class CandidatesForm(ProposeForm):
    """The organizations with dues in a period, before one is chosen."""

    organization = forms.ModelChoiceField(
        label=capfirst(_("organization")), queryset=Organization.objects.none(), required=False
    )


class _PaidForm(BootstrapFormMixin, ScopedChoicesMixin, forms.Form):
    kind = None
    fund = forms.ModelChoiceField(label=capfirst(_("fund")), queryset=Fund.objects.none())
    occurred_on = forms.DateField(label=capfirst(_("date")), widget=DATE)
    amount = forms.DecimalField(label=capfirst(_("amount (yuan)")), min_value=0)

    def limit_choices(self, user) -> None:
        self.fields["fund"].queryset = _funds(user, self.kind)


class StudentAidForm(_PaidForm):
    kind = Fund.Kind.STUDENT_AID
    student_name = forms.CharField(label=capfirst(_("student")), max_length=50)
    school = forms.CharField(label=capfirst(_("school")), max_length=100)
    grade = forms.CharField(label=capfirst(_("grade")), max_length=30, required=False)
    household = forms.CharField(label=capfirst(_("household")), max_length=100, required=False)


class HouseholdForm(_PaidForm):
    kind = Fund.Kind.ASSISTANCE
    head_of_household = forms.CharField(label=capfirst(_("head of household")), max_length=50)
    persons = forms.IntegerField(label=capfirst(_("persons in the household")), min_value=1)
    kind_of_help = forms.CharField(label=capfirst(_("kind of help")), max_length=100)


class _MemberForm(_PaidForm):
    kind = Fund.Kind.MUTUAL_AID
    member_name = forms.CharField(label=capfirst(_("member")), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)

    def clean_id_number(self):
        return clean_id_number(self.cleaned_data["id_number"])


class ContributionForm(_MemberForm):
    pass


class PayoutForm(_MemberForm):
    reason = forms.CharField(label=capfirst(_("hardship")), max_length=200)
