import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.orgs.factories import OrganizationFactory
from wangcang.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_organization(db):
    return OrganizationFactory(name="青川县茶叶协会", division_id="510822")


def test_staff_list_the_accounts_of_their_division_only(
    staff_client, make_user, organization, foreign_organization, django_assert_max_num_queries
):
    make_user("local-org", User.Role.ORG, organizations=[organization])
    make_user("local-official", User.Role.OFFICIAL)
    make_user("far-staff", User.Role.STAFF, division="510822")
    make_user("far-org", User.Role.ORG, organizations=[foreign_organization])
    for n in range(30):
        make_user(f"bulk-{n:02d}", User.Role.OFFICIAL)
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("account-list") + "?q=local")
    html = response.content.decode()
    assert "local-org" in html and "local-official" in html
    assert "far-staff" not in html and "far-org" not in html
    assert "far-staff" not in staff_client.get(reverse("account-list") + "?q=far").content.decode()


def test_out_of_scope_accounts_answer_404(staff_client, make_user, foreign_organization):
    far = make_user("far-staff", User.Role.STAFF, division="510822")
    far_org = make_user("far-org", User.Role.ORG, organizations=[foreign_organization])
    for account in (far, far_org):
        assert staff_client.get(reverse("account-detail", args=[account.pk])).status_code == 404
        assert staff_client.get(reverse("account-edit", args=[account.pk])).status_code == 404
        assert staff_client.post(reverse("account-active", args=[account.pk]), {"active": "0"}).status_code == 404
    far.refresh_from_db()
    assert far.is_active


def test_officials_and_org_users_may_not_manage_accounts(client, official_user, org_user):
    for user in (official_user, org_user):
        client.force_login(user)
        assert client.get(reverse("account-list")).status_code == 403


def test_staff_create_an_org_user_who_gets_a_link_to_set_the_password(staff_client, staff_user, organization):
    response = staff_client.post(
        reverse("account-create"),
        {
            "username": "chunlei",
            "last_name": "李",
            "first_name": "春蕾",
            "email": "li@example.org",
            "role": "org",
            "organizations": [organization.pk],
        },
    )
    account = User.objects.get(username="chunlei")
    assert response.status_code == 302 and response.url == reverse("account-detail", args=[account.pk])
    assert list(account.organizations.all()) == [organization]
    assert not account.has_usable_password()
    assert account.history.first().history_user == staff_user
    assert account.notifications.filter(title="您的账号已创建").exists()
    message = next(m for m in mail.outbox if m.to == ["li@example.org"] and "设置" in m.subject)
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    staff_client.logout()
    form_page = staff_client.get(link, follow=True)
    staff_client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Chunlei-love-2026", "new_password2": "Chunlei-love-2026"}
    )
    assert (
        staff_client.post(reverse("login"), {"username": "chunlei", "password": "Chunlei-love-2026"}).status_code == 302
    )


def test_staff_cannot_create_accounts_outside_their_division(staff_client, foreign_organization):
    response = staff_client.post(
        reverse("account-create"),
        {"username": "intruder", "role": "org", "organizations": [foreign_organization.pk]},
    )
    assert response.status_code == 200
    response = staff_client.post(
        reverse("account-create"), {"username": "far-staff", "role": "staff", "division": "510822"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username__in=["intruder", "far-staff"]).exists()


def test_linking_and_unlinking_keeps_history_and_tells_the_user(
    staff_client, make_user, organization, other_organization, foreign_organization
):
    account = make_user("both", User.Role.ORG, organizations=[organization, foreign_organization])
    edit = staff_client.get(reverse("account-edit", args=[account.pk])).content.decode()
    assert foreign_organization.name not in edit  # out of scope: not offered
    version = re.search(r'name="_version" value="([^"]+)"', edit).group(1)
    response = staff_client.post(
        reverse("account-edit", args=[account.pk]),
        {"_version": version, "role": "org", "organizations": [other_organization.pk]},
    )
    assert response.status_code == 302
    # The link to the other county's organization is not the staff member's to remove.
    assert set(account.organizations.all()) == {other_organization, foreign_organization}
    notice = account.notifications.get(title="您的账号已变更")
    assert other_organization.name in notice.body and organization.name in notice.body
    detail = staff_client.get(reverse("account-detail", args=[account.pk])).content.decode()
    assert 'data-testid="history"' in detail
    assert account.history.count() >= 2


def test_disable_and_enable(staff_client, staff_user, org_user, client):
    url = reverse("account-active", args=[org_user.pk])
    assert staff_client.post(url, {"active": "0"}).status_code == 302
    org_user.refresh_from_db()
    assert not org_user.is_active
    assert org_user.history.first().history_user == staff_user
    assert staff_client.post(reverse("account-active", args=[staff_user.pk]), {"active": "0"}).status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.is_active  # not oneself
    staff_client.post(url, {"active": "1"})
    org_user.refresh_from_db()
    assert org_user.is_active and org_user.notifications.filter(title="您的账号已重新启用").exists()


def test_staff_reset_a_lost_phone(staff_client, org_user):
    TOTPDevice.objects.create(user=org_user, name="authenticator", confirmed=True)
    assert staff_client.post(reverse("account-2fa-reset", args=[org_user.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=org_user).exists()
    assert org_user.notifications.filter(title="您的双重验证已重置").exists()


def test_account_pages_have_a_query_budget(staff_client, make_user, organization, django_assert_max_num_queries):
    account = make_user("budget", User.Role.ORG, organizations=[organization])
    staff_client.get(reverse("account-list"))  # the session's first page
    with django_assert_max_num_queries(14):
        assert staff_client.get(reverse("account-detail", args=[account.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert staff_client.get(reverse("account-edit", args=[account.pk])).status_code == 200


def test_account_pages_in_english(staff_client, org_user):
    staff_client.cookies["django_language"] = "en"
    html = staff_client.get(reverse("account-detail", args=[org_user.pk])).content.decode()
    assert "Reset two-factor sign-in" not in html  # no device yet
    assert "Disable" in html and "History" in html
    assert "Two-factor sign-in" in staff_client.get(reverse("two-factor")).content.decode()
