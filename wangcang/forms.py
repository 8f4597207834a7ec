from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .searchselect import use_search_widget


def bootstrap_widgets(form: forms.BaseForm) -> None:
    """Give every widget of ``form`` Bootstrap's class (forms and django-filter forms alike)."""
    for field in form.fields.values():
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
