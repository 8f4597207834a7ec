from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization, SelfReport, Town
from wangcang.forms import BootstrapFormMixin
from wangcang.uploads import validate_upload


class DateInput(forms.DateInput):
    input_type = "date"


class RoundForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=100)
    period = forms.CharField(label=_("period"), max_length=30, help_text=_("A year (2022) or a quarter (2022-Q3)."))
    due_on = forms.DateField(label=_("due on"), widget=DateInput)
    towns = forms.ModelMultipleChoiceField(label=_("only these towns"), queryset=Town.objects.none(), required=False)
    industries = forms.MultipleChoiceField(
        label=_("only these industries"), choices=Organization.Industry.choices, required=False
    )
    kinds = forms.MultipleChoiceField(
        label=_("only these kinds"),
        choices=[(value, label) for value, label in Organization.Kind.choices if value in Organization.SOCIAL_KINDS],
        required=False,
    )

    def __init__(self, *args, division=None, **kwargs):
        super().__init__(*args, **kwargs)
        towns = Town.objects.all()
        if division is not None:
            towns = towns.filter(division=division)
        self.fields["towns"].queryset = towns


class SelfReportForm(BootstrapFormMixin, forms.ModelForm):
    """The figures and problems an organization fills in. Nothing is required here: a draft
    saves whatever is filled; submitting checks completeness (in the action)."""

    problems = forms.CharField(
        label=_("problems and needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One problem or need per line; the county union may take each one up."),
    )

    class Meta:
        model = SelfReport
        fields = list(SelfReport.FIGURE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SelfReport.FIGURE_FIELDS:
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = 0
        if self.instance.pk and not self.is_bound:
            self.initial["problems"] = "\n".join(problem.text for problem in self.instance.problems.all())

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SelfReport.FIGURE_FIELDS}

    def problem_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("problems", "").splitlines() if line.strip()]


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("attachment"), help_text=_("PDF, JPG or PNG: sign-in sheets, certificates."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class _ReturnFormBase(forms.Form):
    comment = forms.CharField(
        label=_("comment to the organization"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def field_comments(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"on_{name}", "") for name in SelfReport.FIGURE_FIELDS}


def _comment_field(name: str) -> forms.CharField:
    return forms.CharField(
        label=format_lazy(_("on “{}”"), SelfReport._meta.get_field(name).verbose_name),
        required=False,
        max_length=300,
    )


# One optional comment per figure, declared on the class so that the form's first
# validation (BootstrapFormMixin reads the errors in __init__) sees them.
ReturnForm = type(
    "ReturnForm",
    (BootstrapFormMixin, _ReturnFormBase),
    {"__module__": __name__, **{f"on_{name}": _comment_field(name) for name in SelfReport.FIGURE_FIELDS}},
)
