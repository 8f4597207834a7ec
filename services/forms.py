from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization, UnionBranch
from wangcang.forms import BootstrapFormMixin
from wangcang.uploads import validate_upload

from .models import (
    AdviserPosting,
    ContestResult,
    Contract,
    DeliverableKind,
    Delivery,
    DeliveryEvidence,
    LegalAidCase,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EvidenceFileField(forms.FileField):
    """A file checked by content and size (an HTML page renamed .pdf is refused)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_upload(upload)
        return upload


class ContractForm(BootstrapFormMixin, forms.ModelForm):
    """The contract with one target field per active deliverable kind."""

    class Meta:
        model = Contract
        fields = [
            "provider",
            "title",
            "category",
            "amount",
            "signed_on",
            "starts_on",
            "ends_on",
            "funding_source",
            "notes",
        ]
        widgets = {"signed_on": DATE, "starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organization.objects.visible_to(user).order_by("name")
        existing = {}
        if self.instance.pk:
            existing = {target.kind_id: target.quantity for target in self.instance.targets.all()}
        self.kinds = list(DeliverableKind.objects.filter(active=True))
        for kind in self.kinds:
            self.fields[f"target_{kind.code}"] = forms.IntegerField(
                label=_("Target: %(kind)s") % {"kind": kind},
                min_value=0,
                required=False,
                initial=existing.get(kind.pk),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The contract cannot end before it starts."))
        return cleaned

    def targets(self) -> dict[DeliverableKind, int]:
        return {kind: self.cleaned_data.get(f"target_{kind.code}") or 0 for kind in self.kinds}

    def contract_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ContractDocumentForm(BootstrapFormMixin, forms.Form):
    file = EvidenceFileField(label=_("File (PDF, JPG or PNG)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class DeliveryForm(BootstrapFormMixin, forms.ModelForm):
    sign_in_sheet = EvidenceFileField(label=_("Sign-in sheet (PDF, JPG or PNG)"), required=False)
    photo = EvidenceFileField(label=_("Photo (JPG or PNG)"), required=False)

    class Meta:
        model = Delivery
        fields = [
            "kind",
            "delivered_on",
            "quantity",
            "persons_served",
            "place",
            "served_organization",
            "served_union",
            "description",
        ]
        widgets = {"delivered_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        targeted = list(contract.targets.values_list("kind_id", flat=True)) if contract else []
        # Only the kinds the contract buys (any kind for a contract without targets).
        kinds = DeliverableKind.objects.filter(active=True)
        self.fields["kind"].queryset = kinds.filter(pk__in=targeted) if targeted else kinds
        if targeted:
            self.fields["kind"].initial = targeted[0]
        # Any organization or union in the county may be the one served; the choice is a
        # name, not a view into their records.
        self.fields["served_organization"].queryset = Organization.objects.order_by("name")
        self.fields["served_union"].queryset = UnionBranch.objects.order_by("name")

    def evidence(self) -> list[tuple[str, object]]:
        items = []
        if self.cleaned_data.get("sign_in_sheet"):
            items.append((DeliveryEvidence.Kind.SIGN_IN_SHEET, self.cleaned_data["sign_in_sheet"]))
        if self.cleaned_data.get("photo"):
            items.append((DeliveryEvidence.Kind.PHOTO, self.cleaned_data["photo"]))
        return items

    def delivery_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EvidenceForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeliveryEvidence.Kind.choices)
    file = EvidenceFileField(label=_("File (PDF, JPG or PNG)"))


class ContestResultForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ContestResult
        fields = ["award", "winner", "winner_organization", "entry_title"]


class LegalAidCaseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LegalAidCase
        fields = [
            "worker_name",
            "worker_id_number",
            "employer",
            "kind",
            "accepted_on",
            "closed_on",
            "outcome",
            "outcome_notes",
            "amount_recovered",
        ]
        widgets = {"accepted_on": DATE, "closed_on": DATE, "outcome_notes": forms.Textarea(attrs={"rows": 3})}

    def case_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AdviserPostingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = AdviserPosting
        fields = ["lawyer", "union", "union_name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = UnionBranch.objects.visible_to(user).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("union") and not cleaned.get("union_name"):
            self.add_error("union_name", _("Choose a union branch or write the enterprise union's name."))
        return cleaned

    def posting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DeliverableKindForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = DeliverableKind
        fields = ["code", "name", "order"]
