from decimal import Decimal

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .searchselect import use_search_widget

DASHES = "---------"


def _words_for_blank_choice(field: forms.Field) -> None:
    """Django's blank choice reads "---------"; a form asks to choose. (Filters say 全部,
    through ``FILTERS_EMPTY_CHOICE_LABEL``.)"""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = _("Choose…")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", DASHES):
            field.choices = [("", _("Choose…")), *choices[1:]]


# No single record counts a million of anything (persons, sessions, staff). Without a limit
# the database's own one shows: "确保该值小于或等于 9223372036854775807".
COUNT_LIMIT = 1_000_000


def _words_for_limits(field: forms.Field) -> None:
    """Number fields say their limits in the user's words: whole numbers up to
    :data:`COUNT_LIMIT`; amounts "不能超过 999,999,999,999.99 元" rather than "确认总共不超过 14 个数字"."""
    if isinstance(field, forms.DecimalField):
        if field.max_digits is None or field.decimal_places is None:
            return
        places = field.decimal_places
        largest = Decimal(10) ** (field.max_digits - places) - Decimal(1).scaleb(-places)
        limit = f"{largest:,.{places}f}"
        if places == 2 and field.max_digits == 14:  # MoneyField: yuan with fen
            too_large = _("The amount cannot exceed %(limit)s yuan.") % {"limit": limit}
            too_precise = _("Write the amount in yuan with at most 2 decimal places.")
        else:
            too_large = _("The number cannot exceed %(limit)s.") % {"limit": limit}
            too_precise = _("Use at most %(places)d decimal places.") % {"places": places}
        field.error_messages.update(max_digits=too_large, max_whole_digits=too_large, max_decimal_places=too_precise)
    elif (
        isinstance(field, forms.IntegerField)
        and not field.widget.is_hidden
        and (field.max_value is None or field.max_value > COUNT_LIMIT)
    ):
        field.max_value = COUNT_LIMIT
        message = _("Enter a whole number no greater than %(limit)s.") % {"limit": f"{COUNT_LIMIT:,}"}
        field.validators.append(MaxValueValidator(COUNT_LIMIT, message=message))


def bootstrap_widgets(form: forms.BaseForm) -> None:
    """Give every widget of ``form`` Bootstrap's class (forms and django-filter forms alike),
    and Django's dashes and database limits the user's words."""
    for field in form.fields.values():
        _words_for_blank_choice(field)
        _words_for_limits(field)
        use_search_widget(field)
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])


class BootstrapFormMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on fields with errors.

    The error marking happens after validation, never in ``__init__``: reading
    ``self.errors`` there would validate the form before subclasses finish setting up
    their fields and choices.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_widgets(self)

    def full_clean(self):
        super().full_clean()
        bootstrap_widgets(self)  # fields added after __init__
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])


class ScopedChoicesMixin:
    """Forms whose choices depend on who fills them in: take ``user`` and narrow the
    querysets in ``limit_choices`` (to the user's scope, through ``visible_to``)."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.limit_choices(user)

    def limit_choices(self, user) -> None:
        pass


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is wrong. Note that the password is case-sensitive."),
        "inactive": _("This account is disabled."),
    }


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the union's member system."),
    )


class NotificationPreferencesForm(forms.Form):
    """One tick box per kind of notification the user's role gets and per channel, named
    ``<kind>:<channel>`` (the settings page draws them itself, in a table)."""

    def __init__(self, *args, user, **kwargs):
        from . import notifications

        super().__init__(*args, **kwargs)
        self.kinds = notifications.kinds_for(user)
        self.channels = notifications.CHANNELS
        for item in self.kinds:
            for channel in self.channels:
                self.fields[f"{item.code}:{channel}"] = forms.BooleanField(required=False)

    def choices(self) -> dict[str, dict[str, bool]]:
        return {
            item.code: {channel: self.cleaned_data[f"{item.code}:{channel}"] for channel in self.channels}
            for item in self.kinds
        }
