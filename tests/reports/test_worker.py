"""With REDIS_URL set, a real Celery worker renders the county report's PDF queued by the
action, and the nightly snapshot task runs through the broker."""

import time

import pytest
from django.conf import settings

from reports import actions
from reports.models import ReportFile, Snapshot
from tests.orgs.factories import OrganizationFactory
from wangcang.catalogue import Scope
from wangcang.models import BackgroundJob, Division
from wangcang.periods import ALL

needs_broker = not settings.CELERY_BROKER_URL.startswith("redis")


@pytest.mark.worker
@pytest.mark.skipif(needs_broker, reason="needs REDIS_URL: a real Redis broker for a real worker")
@pytest.mark.django_db(transaction=True)
def test_real_worker_renders_the_pdf_and_computes_snapshots(test_catalogue, official_user):
    from celery.contrib.testing.worker import start_worker

    from reports.tasks import compute_snapshots
    from wangcang.celery import app

    OrganizationFactory.create_batch(2)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            job = actions.report_pdf_start(
                user=official_user, scope=Scope(division=Division.objects.get(code="510821"), period=ALL)
            )
            result = compute_snapshots.delay()
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.is_finished and result.ready():
                    break
                time.sleep(0.3)
    finally:
        app.conf.task_always_eager = True
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert ReportFile.objects.get().file.read(4) == b"%PDF"
    assert Snapshot.objects.get(division_id="510821", period_key="all", code="orgs.total").value == 2
