from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_otp import login as otp_login
from django_otp import match_token

from wangcang.formviews import ActionFormView, RecordActionView, StaffFormView
from wangcang.pagination import ListPaginator
from wangcang.permissions import StaffRequiredMixin
from wangcang.scoping import get_visible_or_404

from . import actions, queries, twofactor
from .forms import AccountFilterForm, AccountForm, CodeForm, PasswordResetForm, SetPasswordForm

# Password reset -----------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the e-mail address and always answers the same page, whether an account has
    that address or not, so that the form tells nobody which addresses exist."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = PasswordResetForm
    success_url = reverse_lazy("password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The person proved they own the address: lift a lockout from wrong passwords.
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


# Two-factor sign-in -------------------------------------------------------------------------


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


WRONG_CODE = _("The code is wrong or has expired. Enter the code the app shows now.")


class TwoFactorVerifyView(LoginRequiredMixin, ActionFormView):
    """The second step of the login: a code from the app, or a backup code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = CodeForm
    success_message = ""

    def get(self, request, *args, **kwargs):
        if request.user.is_verified() or not twofactor.has_device(request.user):
            return redirect(_next_url(request))
        return super().get(request, *args, **kwargs)

    def check(self, form) -> None:
        self.device = match_token(self.request.user, form.cleaned_data["otp_token"])
        if self.device is None:
            raise ValidationError({"otp_token": WRONG_CODE})

    def perform(self, form):
        otp_login(self.request, self.device)

    def success_url_for(self, result) -> str:
        return _next_url(self.request)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request)}


class TwoFactorSetupView(LoginRequiredMixin, ActionFormView):
    """Set up an authenticator app: scan the QR code, type the code it shows. The backup codes
    are shown once, on the answer page."""

    template_name = "accounts/two_factor_setup.html"
    form_class = CodeForm
    success_message = _("Two-factor sign-in is on.")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified() and twofactor.has_device(user):
            # Setting up a new app needs the old one's code first.
            return redirect(f"{reverse('two-factor-verify')}?next={reverse('two-factor-setup')}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = twofactor.enrolment_device(self.request.user)
        context.update(
            qr_svg=twofactor.qr_svg(device),
            secret=twofactor.secret_base32(device),
            required=twofactor.required_for(self.request.user),
            next=_next_url(self.request),
        )
        return context

    def check(self, form) -> None:
        self.device = twofactor.enrolment_device(self.request.user)
        if not twofactor.code_accepted(self.device, form.cleaned_data["otp_token"]):
            raise ValidationError({"otp_token": WRONG_CODE})

    def perform(self, form):
        codes = twofactor.enrolment_confirm(user=self.request.user, device=self.device)
        otp_login(self.request, self.device)
        return codes

    def success_url_for(self, result) -> str:
        return _next_url(self.request)

    def respond(self, result, url: str):
        # The backup codes are shown on this answer only.
        return render(self.request, "accounts/backup_codes.html", {"codes": result, "next": url})


class TwoFactorView(LoginRequiredMixin, RecordActionView):
    """The person's own two-factor settings: on or off, backup codes left, new backup codes
    (``do=backup``, shown once on the answer), turning it off (``do=off``) where the role does
    not require it."""

    def get(self, request):
        user = request.user
        return render(
            request,
            "accounts/two_factor.html",
            {
                "enabled": twofactor.has_app(user),
                "required": twofactor.required_for(user),
                "backup_left": twofactor.backup_codes_left(user),
            },
        )

    def get_object(self):
        return None

    def perform(self, record):
        user, do = self.request.user, self.request.POST.get("do")
        if not twofactor.has_app(user):
            return None
        if do == "backup":
            return twofactor.backup_codes_renew(user=user)
        if do == "off" and not twofactor.required_for(user):
            return twofactor.devices_remove(user=user)
        return None

    def get_success_message(self, record, result) -> str:
        turned_off = self.request.POST.get("do") == "off" and result
        return _("Two-factor sign-in is off.") if turned_off else ""

    def success_url_for(self, record, result) -> str:
        return reverse("two-factor")

    def respond(self, record, result):
        if isinstance(result, list):  # the new backup codes, shown only on this answer
            return render(self.request, "accounts/backup_codes.html", {"codes": result, "next": reverse("two-factor")})
        return super().respond(record, result)


# Accounts managed by county staff -----------------------------------------------------------


class AccountListView(StaffRequiredMixin, ListView):
    template_name = "accounts/account_list.html"
    paginate_by = 25
    paginator_class = ListPaginator
    context_object_name = "accounts"

    def get_queryset(self):
        self.filter_form = AccountFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return queries.account_list(
            self.request.user, role=data.get("role", ""), active=data.get("active", ""), search=data.get("q", "")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


class AccountMixin:
    def get_object(self):
        return get_visible_or_404(queries.users_visible_to(self.request.user), pk=self.kwargs["pk"])


class AccountDetailView(StaffRequiredMixin, AccountMixin, DetailView):
    template_name = "accounts/account_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.object
        context["organizations"] = account.organizations.select_related("division").order_by("name")
        context["two_factor"] = twofactor.has_device(account)
        return context


class AccountFormView(StaffFormView):
    form_class = AccountForm
    title = _("New account")
    success_message = _("The account is saved.")
    form_instance = False

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_visible_or_404(queries.users_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_edit():
            context["title"] = _("Change account %(username)s") % {"username": self.object.username}
        return context

    def form_kwargs(self) -> dict:
        return {"editing": self.is_edit()}

    def initial_from(self, record) -> dict:
        if record is None:
            return {"role": "org"}
        return {
            "last_name": record.last_name,
            "first_name": record.first_name,
            "email": record.email,
            "phone": record.phone,
            "role": record.role,
            "division": record.division_id,
            "organizations": list(record.organizations.values_list("pk", flat=True)),
        }

    def save(self, form):
        data = form.cleaned_data
        fields = {
            "last_name": data["last_name"],
            "first_name": data["first_name"],
            "email": data["email"],
            "phone": data["phone"],
            "role": data["role"],
            "division": data["division"],
            "organizations": data["organizations"],
        }
        if self.is_edit():
            return actions.account_update(actor=self.request.user, account=self.object, **fields)
        account = actions.account_create(actor=self.request.user, username=data["username"], **fields)
        request = self.request
        sent = actions.password_link_send(account=account, domain=request.get_host(), use_https=request.is_secure())
        self.success_message = (
            _("The account is saved; a link to set the password was e-mailed to %(email)s.") % {"email": account.email}
            if sent
            else _("The account is saved. It has no e-mail address: give it a password in the Django admin.")
        )
        return account

    def success_url(self, saved) -> str:
        return reverse("account-detail", args=[saved.pk])

    def cancel_url(self) -> str:
        return reverse("account-detail", args=[self.object.pk]) if self.is_edit() else reverse("account-list")


class AccountActiveView(StaffRequiredMixin, AccountMixin, RecordActionView):
    def perform(self, record):
        active = self.request.POST.get("active") == "1"
        self.success_message = _("The account is enabled.") if active else _("The account is disabled.")
        return actions.account_set_active(actor=self.request.user, account=record, active=active)

    def success_url_for(self, record, result) -> str:
        return reverse("account-detail", args=[record.pk])

    def failure_url_for(self, record) -> str:
        return reverse("account-detail", args=[record.pk])


class AccountTwoFactorResetView(StaffRequiredMixin, AccountMixin, RecordActionView):
    success_message = _("The account's two-factor devices are removed.")

    def perform(self, record):
        return actions.account_two_factor_reset(actor=self.request.user, account=record)

    def success_url_for(self, record, result) -> str:
        return reverse("account-detail", args=[record.pk])

    def failure_url_for(self, record) -> str:
        return reverse("account-detail", args=[record.pk])
