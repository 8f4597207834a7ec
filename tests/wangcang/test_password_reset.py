import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Wangcang-tea-2026-new"


def reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_login_page_links_to_the_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("password-reset") in html and "忘记密码" in html


def test_reset_mail_is_sent_and_its_link_sets_a_new_password(client, staff_user):
    staff_user.email = "wang@example.org"
    staff_user.save()
    response = client.post(reverse("password-reset"), {"email": "WANG@example.org"})
    assert response.status_code == 302 and response.url == reverse("password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wang@example.org"]
    assert "重置" in message.subject and "staff1" in message.body
    link = reset_link(message)

    form_page = client.get(link, follow=True)
    assert 'data-testid="reset-confirm-submit"' in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("password-reset-complete")
    assert client.post(reverse("login"), {"username": "staff1", "password": PASSWORD}).status_code == 200
    assert client.post(reverse("login"), {"username": "staff1", "password": NEW_PASSWORD}).status_code == 302
    # The link works once.
    client.logout()
    assert 'data-testid="reset-link-invalid"' in client.get(link, follow=True).content.decode()


def test_the_answer_does_not_tell_whether_an_address_exists(client, staff_user):
    staff_user.email = "wang@example.org"
    staff_user.save()
    known = client.post(reverse("password-reset"), {"email": "wang@example.org"}, follow=True)
    unknown = client.post(reverse("password-reset"), {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = lambda html: re.sub(r"[A-Za-z0-9]{64}", "", html)  # noqa: E731  (CSRF tokens)
    assert strip(known.content.decode()) == strip(unknown.content.decode())
    assert len(mail.outbox) == 1


def test_a_reset_lifts_the_lockout(client, staff_user, settings):
    staff_user.email = "wang@example.org"
    staff_user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff1", "password": "wrong-password-123"})
    assert client.post(reverse("login"), {"username": "staff1", "password": PASSWORD}).status_code == 429
    client.post(reverse("password-reset"), {"email": "wang@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post(reverse("login"), {"username": "staff1", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_a_disabled_account_gets_no_mail(client, staff_user):
    staff_user.email = "wang@example.org"
    staff_user.is_active = False
    staff_user.save()
    client.post(reverse("password-reset"), {"email": "wang@example.org"})
    assert mail.outbox == []


def test_a_new_account_without_a_password_can_ask_for_a_link_again(client, make_user):
    account = make_user("newcomer", "org", email="new@example.org")
    account.set_unusable_password()
    account.save()
    client.post(reverse("password-reset"), {"email": "new@example.org"})
    assert len(mail.outbox) == 1 and "newcomer" in mail.outbox[0].body
