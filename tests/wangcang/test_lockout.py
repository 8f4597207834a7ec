import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def attempt(client, password, **headers):
    return client.post(reverse("login"), {"username": "staff1", "password": password}, **headers)


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "wrong-password-123")
        assert response.status_code in (200, 429)
    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


@pytest.mark.django_db
def test_below_the_limit_the_right_password_still_works(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-password-123")
    response = attempt(client, PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_address_is_locked_not_the_proxy(client, staff_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker forges a different leftmost address each time; nginx appends the real one.
        attempt(client, "wrong-password-123", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7", **proxy)
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # The same user from another client behind the same proxy is not locked out.
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 302


def test_client_address_behind_proxies(rf, settings):
    from wangcang.clientip import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
