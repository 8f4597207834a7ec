"""Each person chooses per kind: the portal, e-mail, SMS, or a daily digest."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wangcang import sms
from wangcang.actions import notification_digests_send, notification_preferences_save, notification_send
from wangcang.models import Notification, NotificationPreference, User
from wangcang.tasks import send_notification_digests

ACCEPTED = "selfreports.accepted"
RETURNED = "selfreports.returned"


@pytest.fixture
def person(make_user, organization):
    return make_user(
        "org-person", User.Role.ORG, organizations=[organization], email="person@example.org", phone="13800001234"
    )


def send(person, key, kind=ACCEPTED, title="自评报告已通过"):
    with transaction.atomic():
        return notification_send(recipients=[person], key=key, title=title, url="/orgs/self-reports/1/", kind=kind)


@pytest.mark.django_db(transaction=True)
def test_defaults_portal_and_email_not_sms(person):
    send(person, "a")
    assert Notification.objects.get().in_portal
    assert [message.to for message in mail.outbox] == [["person@example.org"]]
    assert sms.outbox == []


@pytest.mark.django_db(transaction=True)
def test_hidden_from_the_portal_but_texted(person, client):
    notification_preferences_save(
        user=person, choices={ACCEPTED: {"in_portal": False, "email": False, "sms": True, "digest": False}}
    )
    send(person, "a")
    send(person, "a")  # the same key twice: one message
    send(person, "b", kind=RETURNED, title="自评报告被退回")
    assert len(sms.outbox) == 1
    assert sms.outbox[0]["phone"] == "13800001234" and sms.outbox[0]["text"].endswith("自评报告已通过")
    assert [message.subject for message in mail.outbox] == ["自评报告被退回"]  # the other kind keeps its default
    client.force_login(person)
    page = client.get(reverse("notification-list")).content.decode()
    assert "自评报告被退回" in page and "自评报告已通过" not in page
    assert Notification.objects.get(key="a").sms_sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_no_phone_no_sms(make_user):
    person = make_user("nophone", User.Role.STAFF)
    notification_preferences_save(
        user=person, choices={"jobs.finished": {"in_portal": True, "email": False, "sms": True, "digest": False}}
    )
    with transaction.atomic():
        notification_send(recipients=[person], key="j", title="任务完成", kind="jobs.finished")
    assert sms.outbox == [] and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_daily_digest_instead_of_single_messages_sent_once(person, make_user, organization):
    other = make_user("other", User.Role.ORG, organizations=[organization], email="other@example.org")
    for user in (person, other):
        notification_preferences_save(
            user=user, choices={ACCEPTED: {"in_portal": True, "email": True, "sms": True, "digest": True}}
        )
    send(person, "a", title="第一份报告已通过")
    send(person, "b", title="第二份报告已通过")
    send(person, "c", kind=RETURNED, title="被退回（单条邮件）")
    assert [message.subject for message in mail.outbox] == ["被退回（单条邮件）"]
    assert sms.outbox == []
    mail.outbox.clear()
    assert send_notification_digests.delay().get() == 1
    assert notification_digests_send() == 0  # a second run: nothing waits any more
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["person@example.org"]
    assert "第一份报告已通过" in digest.body and "第二份报告已通过" in digest.body
    assert "被退回" not in digest.body
    assert digest.subject.endswith("消息汇总（2 条）")  # in Chinese, whoever triggered the run
    assert not Notification.objects.filter(in_digest=True, digested_at__isnull=True).exists()
    send(person, "d", title="第三份报告已通过")  # the next day's digest holds only the new one
    assert notification_digests_send(now=timezone.now() + datetime.timedelta(days=1)) == 1
    assert "第三份报告已通过" in mail.outbox[-1].body and "第一份" not in mail.outbox[-1].body


@pytest.mark.django_db
def test_the_page_offers_the_kinds_of_the_role_and_saves(client, person):
    client.force_login(person)
    page = client.get(reverse("notification-preferences")).content.decode()
    assert 'data-kind="selfreports.accepted"' in page
    assert 'data-kind="incubator.review_assigned"' not in page  # a staff kind
    assert "138****1234" in page
    response = client.post(
        reverse("notification-preferences"),
        {
            f"{ACCEPTED}:sms": "1",
            f"{ACCEPTED}:digest": "1",
            "incubator.review_assigned:sms": "1",  # not of this role: ignored
        },
    )
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=person, kind=ACCEPTED)
    assert (saved.in_portal, saved.email, saved.sms, saved.digest) == (False, False, True, True)
    assert not NotificationPreference.objects.filter(kind="incubator.review_assigned").exists()
    # An unchecked kind is saved as all off, as the form showed it.
    assert not NotificationPreference.objects.get(user=person, kind=RETURNED).in_portal


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    response = client.get(reverse("notification-preferences"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class _Gateway(BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append(
            {"auth": self.headers["Authorization"], "body": json.loads(self.rfile.read(length).decode())}
        )
        status = 500 if self.received[-1]["body"]["phone"] == "fail" else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    received: list = []
    handler = type("Gateway", (_Gateway,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received
    server.shutdown()
    server.server_close()


def test_http_backend_posts_to_the_configured_gateway(gateway, settings):
    url, received = gateway
    settings.SMS_HTTP_URL = url
    settings.SMS_HTTP_KEY = "secret-key"
    settings.SMS_BACKEND = "wangcang.sms.HttpBackend"
    sms.send_sms(phone="13800001234", text="您的自评报告已通过")
    assert received == [{"auth": "Bearer secret-key", "body": {"phone": "13800001234", "text": "您的自评报告已通过"}}]
    with pytest.raises(sms.SmsError):
        sms.send_sms(phone="fail", text="x")


def test_http_backend_unreachable_is_an_error_the_task_retries(settings):
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/nothing-listens"
    settings.SMS_HTTP_TIMEOUT = 2
    with pytest.raises(sms.SmsError):
        sms.HttpBackend().send(phone="1", text="x")
    settings.SMS_HTTP_URL = ""
    with pytest.raises(sms.SmsError):
        sms.HttpBackend()


def test_console_backend_is_the_default(capsys, settings):
    settings.SMS_BACKEND = "wangcang.sms.ConsoleBackend"
    sms.send_sms(phone="13800001234", text="测试")
    assert "13800001234" in capsys.readouterr().out


@pytest.mark.django_db
def test_preferences_page_query_budget(client, person, django_assert_max_num_queries):
    for code in (ACCEPTED, RETURNED, "jobs.finished"):
        NotificationPreference.objects.create(user=person, kind=code, sms=True)
    client.force_login(person)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notification-preferences")).status_code == 200


@pytest.mark.django_db
def test_a_failed_batch_of_emails_is_retried_without_sending_twice(make_user, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from wangcang.tasks import email_notifications

    rows = [
        Notification.objects.create(
            recipient=make_user(f"p{n}", User.Role.STAFF, email=f"p{n}@example.org"), key="k", title=f"消息{n}"
        )
        for n in range(3)
    ]
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(messages)
        if len(calls) == 2:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    from celery.exceptions import Retry

    with pytest.raises(Retry):  # the task asks to be retried later
        email_notifications.apply(args=[[row.pk for row in rows]])
    assert len(mail.outbox) == 1
    sent_first = mail.outbox[0].subject
    assert list(Notification.objects.filter(emailed_at__isnull=False).values_list("title", flat=True)) == [sent_first]
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    email_notifications.apply(args=[[row.pk for row in rows]])
    assert sorted(message.subject for message in mail.outbox) == ["消息0", "消息1", "消息2"]


@pytest.mark.django_db
def test_the_digest_is_scheduled_and_the_list_names_the_kind(client, person):
    from wangcang.schedules import declared

    assert "wangcang.tasks.send_notification_digests" in {item.task for item in declared()}
    notification_send(recipients=[person], key="k", title="自评报告已通过", kind=ACCEPTED)
    client.force_login(person)
    page = client.get(reverse("notification-list")).content.decode()
    assert "自报已通过" in page  # the kind's label
    assert reverse("notification-preferences") in page
