from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization, RoundQuestion, SelfReport, Town
from wangcang.forms import BootstrapFormMixin, bootstrap_widgets
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
        self.questions: list[RoundQuestion] = []
        if self.instance.pk:
            self._add_question_fields()

    def _add_question_fields(self) -> None:
        """One field per question of the round, after the standard figures. Nothing is
        required here either: the action checks the limits, and completeness on submit."""
        self.questions = list(self.instance.round.questions.all())
        answers = {answer.question_id: answer for answer in self.instance.answers.all()}
        problems = self.fields.pop("problems")
        for question in self.questions:
            field = question_field(question)
            answer = answers.get(question.pk)
            if question.kind == RoundQuestion.Kind.FILE:
                if answer is not None and answer.file:
                    field.help_text = format_lazy(
                        "{} {}",
                        _("Stored: %(name)s; upload another to replace it.") % {"name": answer.original_name},
                        question.help_text,
                    )
            elif answer is not None and not self.is_bound:
                # Numbers as typed (120, not 120.00), the rest as stored.
                shown = answer.shown() if question.kind == RoundQuestion.Kind.NUMBER else answer.value
                self.initial[question.field_name] = shown
            self.fields[question.field_name] = field
        self.fields["problems"] = problems
        bootstrap_widgets(self)

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SelfReport.FIGURE_FIELDS}

    def answers(self) -> dict:
        """Question id → the value given (an upload, or None to keep the stored file)."""
        return {question.pk: self.cleaned_data.get(question.field_name) for question in self.questions}

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

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One optional comment per question of the round, after those on the figures.
        self.question_names = []
        for question in questions:
            self.fields[f"on_{question.field_name}"] = forms.CharField(
                label=format_lazy(_("on “{}”"), question.label), required=False, max_length=300
            )
            self.question_names.append(question.field_name)
        bootstrap_widgets(self)

    def field_comments(self) -> dict[str, str]:
        names = [*SelfReport.FIGURE_FIELDS, *self.question_names]
        return {name: self.cleaned_data.get(f"on_{name}", "") for name in names}


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


def question_field(question: RoundQuestion) -> forms.Field:
    """The form field of a question; its limits also go to the browser (min, max, maxlength, accept)."""
    Kind = RoundQuestion.Kind
    common = {"label": question.label, "required": False, "help_text": question.help_text}
    if question.kind == Kind.NUMBER:
        attrs = {"step": "1" if question.whole_number else "0.01"}
        if question.min_value is not None:
            attrs["min"] = format(question.min_value.normalize(), "f")
        if question.max_value is not None:
            attrs["max"] = format(question.max_value.normalize(), "f")
        if question.unit:
            common["help_text"] = format_lazy("{} {}", question.unit, question.help_text)
        # Kept as text here: the action checks the range and the places with the question's words.
        return forms.CharField(widget=forms.NumberInput(attrs=attrs), **common)
    if question.kind == Kind.DATE:
        return forms.DateField(widget=DateInput, **common)
    if question.kind == Kind.CHOICE:
        choices = [("", "---------"), *[(choice, choice) for choice in question.choice_list()]]
        return forms.ChoiceField(choices=choices, **common)
    if question.kind == Kind.FILE:
        accept = ",".join(sorted({ext for exts in question.allowed_files().values() for ext in exts}))
        return forms.FileField(widget=forms.FileInput(attrs={"accept": accept}), **common)
    attrs = {"rows": 3}
    if question.max_length:
        attrs["maxlength"] = question.max_length
    return forms.CharField(widget=forms.Textarea(attrs=attrs), **common)


class QuestionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = RoundQuestion
        fields = [
            "label",
            "kind",
            "required",
            "help_text",
            "min_value",
            "max_value",
            "whole_number",
            "unit",
            "show_as_figure",
            "max_length",
            "choices",
            "file_types",
            "max_file_mb",
            "position",
        ]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Empty: after the last question.")

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    def clean(self):
        cleaned = super().clean()
        # The flag belongs to numbers; on another kind it is simply not kept.
        if cleaned.get("kind") != RoundQuestion.Kind.NUMBER:
            cleaned["show_as_figure"] = False
        return cleaned
