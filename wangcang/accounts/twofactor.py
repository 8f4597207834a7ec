"""Two-factor sign-in with django-otp: a time-based code (TOTP, RFC 6238) from an
authenticator app, with single-use backup codes (static tokens) for a lost phone.

The password logs a person in; a person with a confirmed device is then asked for a code
before any page opens (``middleware.TwoFactorMiddleware``). The roles in
``settings.OTP_REQUIRED_ROLES`` must set one up first. The enrolment QR code is drawn here,
as SVG (segno), so no picture is fetched from anywhere."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
# The session remembers that its user has no device and need not set one up, so that
# the check costs no query on every page.
NO_DEVICE_KEY = "_2fa_not_needed"


def required_for(user) -> bool:
    """Whether ``settings.OTP_REQUIRED_ROLES`` makes two-factor sign-in compulsory for ``user``."""
    roles = set(getattr(settings, "OTP_REQUIRED_ROLES", ()) or ())
    if not roles or not user.is_authenticated:
        return False
    role = "staff" if user.is_superuser else user.role
    return role in roles


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(request) -> str | None:
    """What a signed-in user who has not entered a code must do: ``"verify"`` (enter a code),
    ``"setup"`` (set up an app first) or nothing."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    required = required_for(user)
    if not required and request.session.get(NO_DEVICE_KEY):
        return None
    if has_device(user):
        return "verify"
    if required:
        return "setup"
    request.session[NO_DEVICE_KEY] = True
    return None


def remember_at_login(sender, request, user, **kwargs) -> None:
    """At sign-in: a person who has no device and need not set one up is remembered in the
    session, so that :func:`pending_step` asks the database nothing on their pages."""
    session = getattr(request, "session", None)
    if session is not None and not required_for(user) and not has_device(user):
        session[NO_DEVICE_KEY] = True


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed app device being set up, the same one on every reload of the page (its
    secret is the one the QR code shows)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_DEVICE_NAME).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=APP_DEVICE_NAME)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in by hand."""
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URI of ``device`` as an inline SVG QR code."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", border=2, xmldecl=False, svgns=True, omitsize=True, title="QR", nl=False
    )
    return buffer.getvalue().decode()


def code_accepted(device: TOTPDevice, token: str) -> bool:
    """Whether ``device`` accepts ``token`` now. django-otp counts a wrong code against the
    device (its throttle), so this runs outside a transaction that a refusal rolls back."""
    return device.verify_token(token)


@transaction.atomic
def enrolment_confirm(*, user, device: TOTPDevice) -> list[str]:
    """Confirm the app device, whose code was accepted (:func:`code_accepted`); replace the
    user's earlier devices and give fresh backup codes, which it returns."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_renew(user=user)


@transaction.atomic
def backup_codes_renew(*, user) -> list[str]:
    """New single-use backup codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def devices_remove(*, user) -> int:
    """Remove every two-factor device of ``user`` (a lost phone, or turning it off)."""
    count = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    return count
