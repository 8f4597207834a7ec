import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD
from wangcang.models import User
from wangcang.navigation import nav_item


def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "旺苍县工会社会组织服务平台" in html
    assert "登录" in html
    assert 'lang="zh-hans"' in html


def test_language_switch_to_english(client):
    response = client.post(reverse("set-language"), {"language": "en", "next": reverse("login")}, follow=True)
    html = response.content.decode()
    assert "Log in" in html and 'lang="en"' in html


@pytest.mark.django_db
def test_login_and_logout(client, staff_user):
    response = client.post(reverse("login"), {"username": "staff1", "password": PASSWORD}, follow=True)
    assert response.wsgi_request.user.is_authenticated
    assert "欢迎" in response.content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_session_expires_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_SECONDS <= 60


@pytest.mark.django_db
def test_a_session_is_renewed_at_most_once_a_minute(staff_client, settings):
    """Requests within a minute do not write the session; a later one pushes its expiry."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert staff_client.get(reverse("home")).status_code == 200
    first = Session.objects.get().expire_date
    assert staff_client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date == first
    # As if the last renewal were a minute old.
    session = staff_client.session
    session["_renewed_at"] -= settings.SESSION_RENEW_SECONDS
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    assert staff_client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date - timezone.now() > timedelta(minutes=29)


@pytest.mark.django_db
def test_an_idle_session_expires_and_an_active_one_is_renewed(staff_client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert staff_client.get(reverse("home")).status_code == 200
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # 31 idle minutes later the session is gone.
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    assert staff_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError) as info:
        validate_password("Wc-2022-abc")  # 11 characters
    assert any("12" in message for message in info.value.messages)
    validate_password("Wc-2022-abcd-x")


@pytest.mark.django_db
def test_password_change_page(staff_client):
    response = staff_client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()


@pytest.mark.django_db
def test_navigation_follows_the_role(make_user, organization, client):
    from wangcang import navigation

    items = [
        nav_item("STAFF-ONLY", "notification-list", "staff"),
        nav_item("OFFICIAL-ONLY", "notification-list", "official"),
        nav_item("ORG-ONLY", "notification-list", "org"),
    ]
    navigation.all_items.cache_clear()
    original = navigation.all_items
    navigation.all_items = lambda: tuple(list(original()) + items)
    try:
        seen = {}
        for role, orgs in (("staff", []), ("official", []), ("org", [organization])):
            user = make_user(f"nav-{role}", role, organizations=orgs)
            client.force_login(user)
            html = client.get(reverse("home")).content.decode()
            seen[role] = {label for label in ("STAFF-ONLY", "OFFICIAL-ONLY", "ORG-ONLY") if label in html}
        assert seen == {"staff": {"STAFF-ONLY"}, "official": {"OFFICIAL-ONLY"}, "org": {"ORG-ONLY"}}
    finally:
        navigation.all_items = original


@pytest.mark.django_db
def test_error_pages_are_chinese(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "不存在" in response.content.decode()


@pytest.mark.django_db
def test_roles_properties(make_user):
    staff = make_user("s", User.Role.STAFF)
    official = make_user("o", User.Role.OFFICIAL)
    org = make_user("g", User.Role.ORG)
    admin = User.objects.create_superuser("root", password=PASSWORD)
    assert staff.is_union_staff and not staff.is_official and not staff.is_org_user
    assert official.is_official and not official.is_union_staff
    assert org.is_org_user and not org.is_union_staff
    assert admin.is_union_staff and not admin.is_org_user


def test_bootstrap_forms_validate_only_when_asked():
    from django import forms

    from wangcang.forms import BootstrapFormMixin

    class LateChoiceForm(BootstrapFormMixin, forms.Form):
        kind = forms.ChoiceField(choices=[])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["kind"].choices = [("a", "A")]  # set up after the mixin ran

    form = LateChoiceForm({"kind": "a"})
    assert form.is_valid(), form.errors
    bad = LateChoiceForm({"kind": "zzz"})
    assert not bad.is_valid()
    assert "is-invalid" in bad.fields["kind"].widget.attrs["class"]
    assert "form-select" in bad.fields["kind"].widget.attrs["class"]
