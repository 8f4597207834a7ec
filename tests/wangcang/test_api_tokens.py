"""API tokens: hashed, shown once, several per user, expiring, revoked with the password."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from wangcang.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


def obtain(username="staff1", password=PASSWORD, name="会员系统", **headers):
    return APIClient().post(URL, {"username": username, "password": password, "name": name}, format="json", **headers)


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_is_shown_once_stored_hashed_and_works(staff_user):
    response = obtain()
    assert response.status_code == 201
    body = response.json()
    token = body["token"]
    assert body["name"] == "会员系统"
    assert with_token(token).get("/api/v1/organizations/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert token not in stored
    assert token[:15] in stored  # only the key that finds the row is kept in clear


def test_several_named_tokens_each_expiring_after_90_days(staff_user):
    first = obtain(name="会员系统").json()
    second = obtain(name="市级看板").json()
    assert first["token"] != second["token"]
    tokens = ApiToken.objects.filter(user=staff_user)
    assert sorted(tokens.values_list("name", flat=True)) == ["会员系统", "市级看板"]
    for token in tokens:
        assert abs(token.expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert with_token(first["token"]).get("/api/v1/members/").status_code == 200
    assert with_token(second["token"]).get("/api/v1/members/").status_code == 200


def test_an_expired_token_answers_401(staff_user):
    token = obtain().json()["token"]
    ApiToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = with_token(token).get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_the_expiry_is_a_setting(staff_user, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=7)}
    obtain()
    token = ApiToken.objects.get(user=staff_user)
    assert abs(token.expiry - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_wrong_password_is_a_chinese_400(staff_user):
    response = obtain(password="wrong-password-123")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["用户名或密码错误，请注意密码区分大小写。"]}
    assert not ApiToken.objects.exists()


def test_failed_token_requests_lock_the_account_like_the_login_page(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert obtain(password="wrong-password-123").status_code in (400, 429)
    locked = obtain()
    assert locked.status_code == 429
    assert "锁定" in locked.json()["detail"]
    assert not ApiToken.objects.exists()
    # The same count locks the login page.
    page = client.post(reverse("login"), {"username": "staff1", "password": PASSWORD})
    assert page.status_code == 429


def test_password_change_revokes_every_token(staff_client, staff_user):
    tokens = [obtain(name=name).json()["token"] for name in ("甲", "乙")]
    new_password = "another-horse-battery-staple"
    response = staff_client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=staff_user).exists()
    for token in tokens:
        assert with_token(token).get("/api/v1/organizations/").status_code == 401


def test_disabling_the_account_revokes_every_token(staff_user, org_user):
    obtain()
    kept = obtain(username="org1").json()["token"]
    staff_user.is_active = False
    staff_user.save()
    assert not ApiToken.objects.filter(user=staff_user).exists()
    assert with_token(kept).get("/api/v1/organizations/").status_code == 200


def test_saving_a_user_without_credential_changes_keeps_the_tokens(staff_user):
    token = obtain().json()["token"]
    staff_user.first_name = "新名"
    staff_user.save()
    assert with_token(token).get("/api/v1/organizations/").status_code == 200


def test_the_token_page_creates_shows_once_and_revokes(staff_client, staff_user):
    page = staff_client.get(reverse("api-tokens"))
    assert page.status_code == 200
    assert "API 令牌" in page.content.decode()
    created = staff_client.post(reverse("api-tokens"), {"name": "市级看板"})
    token = created.context["new_token"]
    assert token and token in created.content.decode()
    assert with_token(token).get("/api/v1/organizations/").status_code == 200
    again = staff_client.get(reverse("api-tokens")).content.decode()
    assert "市级看板" in again
    assert token not in again
    duplicate = staff_client.post(reverse("api-tokens"), {"name": "市级看板"})
    assert "您已有同名的令牌。" in duplicate.content.decode()
    row = ApiToken.objects.get(user=staff_user)
    revoked = staff_client.post(reverse("api-token-revoke"), {"digest": row.digest})
    assert revoked.status_code == 302
    assert with_token(token).get("/api/v1/organizations/").status_code == 401


def test_nobody_revokes_another_users_token(client, org_user, staff_user):
    obtain()
    row = ApiToken.objects.get(user=staff_user)
    client.force_login(org_user)
    assert client.post(reverse("api-token-revoke"), {"digest": row.digest}).status_code == 404
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_the_account_menu_links_the_token_page(staff_client):
    assert reverse("api-tokens") in staff_client.get("/").content.decode()
