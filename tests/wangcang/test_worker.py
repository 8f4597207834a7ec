"""With REDIS_URL set (CI's second run), a real Celery worker consumes a task queued by an
action from the real broker and writes its result to the real database."""

import os
import time

import pytest
from django.conf import settings
from django.db import transaction

from wangcang.actions import notification_send
from wangcang.models import Notification

needs_broker = not settings.CELERY_BROKER_URL.startswith("redis")
if needs_broker and os.environ.get("REQUIRE_SERVICES"):
    raise RuntimeError("REQUIRE_SERVICES is set but REDIS_URL is not: the worker test must run")


@pytest.mark.worker
@pytest.mark.skipif(needs_broker, reason="needs REDIS_URL: a real Redis broker for a real worker")
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_queued_by_an_action(staff_user):
    from celery.contrib.testing.worker import start_worker
    from django.core import mail

    from wangcang.celery import app

    staff_user.email = "staff@example.org"
    staff_user.save()
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            with transaction.atomic():
                (notification,) = notification_send(recipients=[staff_user], key="worker-test", title="真实任务")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                notification.refresh_from_db()
                if notification.emailed_at is not None:
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True
    assert notification.emailed_at is not None, "the worker did not run the task"
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["真实任务"]
