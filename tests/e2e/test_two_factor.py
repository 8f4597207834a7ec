"""Two-factor sign-in in the browser: a staff member whose role requires it sets up the app
(the secret read off the page, the code computed as the app would), then logs in again with
the password and a fresh code."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def code_for(device: TOTPDevice, ahead: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + ahead)
    return f"{value:0{device.digits}d}"


def password_step(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")


@pytest.mark.django_db(transaction=True)
def test_required_enrolment_then_login_with_a_code(page, make_user, settings):
    settings.OTP_REQUIRED_ROLES = ["staff"]
    make_user("e2e-2fa", "staff")
    password_step(page, "e2e-2fa")
    page.wait_for_selector("[data-testid=two-factor-setup-title]")
    assert page.locator("[data-testid=otp-qr] svg").count() == 1
    secret = page.inner_text("[data-testid=otp-secret]")
    device = TOTPDevice.objects.get(user__username="e2e-2fa", confirmed=False)
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key
    page.fill("input[name=otp_token]", code_for(device))
    page.click("[data-testid=otp-submit]")
    # The codes come in the answer to the POST: wait for it, a busy server answers late.
    page.wait_for_selector("[data-testid=backup-codes] li")
    assert page.locator("[data-testid=backup-codes] li").count() == 10
    page.click("[data-testid=backup-continue]")
    page.wait_for_selector("[data-testid=home-title]")

    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    password_step(page, "e2e-2fa")
    page.wait_for_selector("[data-testid=two-factor-title]")
    assert "双重验证" in page.content()
    page.fill("input[name=otp_token]", code_for(device, ahead=1))
    page.click("[data-testid=otp-submit]")
    page.wait_for_selector("[data-testid=home-title]")
    assert "欢迎" in page.inner_text("[data-testid=home-title]")
