from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from wangcang.forms import BootstrapFormMixin, ScopedChoicesMixin
from wangcang.models import Division, User, organization_model


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The address saved in your account."),
    )

    def get_users(self, email):
        """Active accounts with this address, including new ones that have no password yet
        (created by staff, their first link expired): the portal has no outside login for
        which Django's rule of skipping them is meant."""
        from django.contrib.auth import get_user_model

        email_field = get_user_model().get_email_field_name()
        return (
            user
            for user in get_user_model()._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
            if auth_forms._unicode_ci_compare(email, getattr(user, email_field))
        )


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    pass


class CodeForm(BootstrapFormMixin, forms.Form):
    otp_token = forms.CharField(
        label=_("Verification code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
    )

    def clean_otp_token(self) -> str:
        return "".join(self.cleaned_data["otp_token"].split())


class AccountForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    """An account as county staff create and change it. The choices of division and
    organizations are those of the staff member's own division."""

    username = forms.CharField(label=_("username"), max_length=150)
    last_name = forms.CharField(label=_("family name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("given name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("A new account gets a link to set its password at this address."),
    )
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("role"), choices=User.Role.choices)
    division = forms.ModelChoiceField(
        label=_("division"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("For staff and officials: they see this division and everything below it."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("organizations"),
        queryset=organization_model().objects.none(),
        required=False,
        help_text=_("For organization users: the organizations they report for."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["username"]

    def limit_choices(self, user) -> None:
        self.fields["division"].queryset = Division.objects.visible_to(user)
        self.fields["organizations"].queryset = organization_model().objects.visible_to(user).order_by("name")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class AccountFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    role = forms.ChoiceField(label=_("role"), required=False, choices=[("", _("All")), *User.Role.choices])
    active = forms.ChoiceField(
        label=_("active"), required=False, choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
    )
