import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from wangcang.models import User

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, ahead: int = 0) -> str:
    """The code the app shows now (``ahead`` steps later: within the device's tolerance, and
    not yet used, since a code is accepted once)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + ahead)
    return f"{value:0{device.digits}d}"


def password_login(client, username="staff1"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_enrolment_shows_a_local_qr_code_and_a_real_code_turns_it_on(client, staff_user):
    password_login(client)
    page = client.get(reverse("two-factor-setup"))
    html = page.content.decode()
    assert "<svg" in html and 'data-testid="otp-qr"' in html
    assert "http://" not in html.split('data-testid="otp-qr"')[1].split("</div>")[0].replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=staff_user, confirmed=False)
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7=]+)<', html).group(1)
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key
    # A reload shows the same secret.
    assert secret in client.get(reverse("two-factor-setup")).content.decode()

    wrong = client.post(
        reverse("two-factor-setup"), {"otp_token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "验证码错误" in wrong.content.decode()
    # After a wrong code the device waits (django-otp's throttling) before it takes any code.
    assert "验证码错误" in client.post(reverse("two-factor-setup"), {"otp_token": code_for(device)}).content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post(reverse("two-factor-setup"), {"otp_token": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r'<li class="col-6">([a-z0-9]+)</li>', done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=staff_user).count() == 10
    assert staff_user.notifications.count() == 0  # turning it on oneself needs no notice

    # Next login: the password alone opens nothing; the code does.
    client.logout()
    response = password_login(client)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("two-factor-verify"))
    assert client.get("/api/v1/organizations/").status_code == 403
    refused = client.post(reverse("two-factor-verify"), {"otp_token": "12345", "next": "/"})
    assert "验证码错误" in refused.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    verified = client.post(reverse("two-factor-verify"), {"otp_token": code_for(device, ahead=1), "next": "/orgs/"})
    assert verified.status_code == 302 and verified.url == "/orgs/"
    assert client.get(reverse("home")).status_code == 200


def test_a_backup_code_signs_in_once(client, staff_user):
    from wangcang.accounts import twofactor

    TOTPDevice.objects.create(user=staff_user, name="authenticator", confirmed=True)
    codes = twofactor.backup_codes_renew(user=staff_user)
    password_login(client)
    assert client.post(reverse("two-factor-verify"), {"otp_token": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    password_login(client)
    again = client.post(reverse("two-factor-verify"), {"otp_token": codes[0]})
    assert again.status_code == 200 and "验证码错误" in again.content.decode()


def test_the_setting_sends_staff_without_a_device_to_enrol(client, staff_user, org_user, settings):
    settings.OTP_REQUIRED_ROLES = ["staff", "official"]
    password_login(client)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor-setup"))
    assert client.get(reverse("account-list")).status_code == 302
    # Not the organization users.
    client.logout()
    password_login(client, "org1")
    assert client.get(reverse("home")).status_code == 200


def test_without_the_setting_a_user_without_a_device_goes_on_with_no_extra_query(
    client, staff_user, django_assert_max_num_queries
):
    password_login(client)
    assert client.get(reverse("home")).status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notification-list"))
    assert not any("otp_" in query["sql"] for query in queries.captured_queries)


def test_a_required_role_cannot_turn_it_off(client, staff_user, settings):
    TOTPDevice.objects.create(user=staff_user, name="authenticator", confirmed=True)
    device = TOTPDevice.objects.get(user=staff_user)
    settings.OTP_REQUIRED_ROLES = ["staff"]
    password_login(client)
    client.post(reverse("two-factor-verify"), {"otp_token": code_for(device)})
    assert "关闭" not in client.get(reverse("two-factor")).content.decode().split("page-title")[1]
    client.post(reverse("two-factor"), {"do": "off"})
    assert TOTPDevice.objects.filter(user=staff_user).exists()


def test_an_unverified_user_cannot_enrol_a_second_phone(client, staff_user):
    TOTPDevice.objects.create(user=staff_user, name="authenticator", confirmed=True)
    password_login(client)
    response = client.get(reverse("two-factor-setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor-verify"))
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_an_api_token_needs_the_code_too(client, staff_user, settings):
    device = TOTPDevice.objects.create(user=staff_user, name="authenticator", confirmed=True)
    url = reverse("api-token")
    refused = client.post(url, {"username": "staff1", "password": PASSWORD}, content_type="application/json")
    assert refused.status_code == 400 and "otp_token" in refused.json()
    granted = client.post(
        url,
        {"username": "staff1", "password": PASSWORD, "otp_token": code_for(device)},
        content_type="application/json",
    )
    assert granted.status_code == 201
    # A required role without a device gets no token either.
    settings.OTP_REQUIRED_ROLES = ["official"]
    User.objects.create_user("official2", password=PASSWORD, role="official", division_id="510821")
    refused = client.post(url, {"username": "official2", "password": PASSWORD}, content_type="application/json")
    assert refused.status_code == 400
