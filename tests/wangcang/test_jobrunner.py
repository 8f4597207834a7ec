"""The embedded default's threaded job runner: the request that starts a job answers at
once, the job page shows its progress while it runs, and the result once it ends."""

import io
import threading
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import Workbook

from orgs.models import Organization
from tests.orgs.factories import TownFactory
from wangcang import jobrunner
from wangcang.actions import job_start
from wangcang.jobs import job_handler
from wangcang.models import BackgroundJob
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db(transaction=True)

GATES: dict[int, tuple[threading.Event, threading.Event]] = {}


@job_handler("tests.gated")
def gated_job(job, progress):
    """Counts to 10, stopping half-way until the test opens the gate."""
    halfway, gate = GATES[job.params["gate"]]
    progress.step = 1
    progress.start(10, "counting")
    progress.advance(5)
    halfway.set()
    assert gate.wait(20), "the test never opened the gate"
    progress.advance(10)
    BackgroundJob.objects.filter(pk=job.pk).update(result={"counted": 10})


@job_handler("tests.failing")
def failing_job(job, progress):
    raise RuntimeError("the ledger does not balance")


@job_handler("tests.quick")
def quick_job(job, progress):
    BackgroundJob.objects.filter(pk=job.pk).update(result={"thread": threading.current_thread().name})


def wait_for(job: BackgroundJob, timeout: float = 30) -> BackgroundJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


@pytest.fixture
def threaded(settings):
    settings.BACKGROUND_JOB_RUNNER = "thread"


def test_settings_choose_the_runner(settings):
    settings.BACKGROUND_JOB_RUNNER = "eventually"
    with pytest.raises(ValueError):
        jobrunner.runner()
    settings.BACKGROUND_JOB_RUNNER = "celery"
    assert jobrunner.runner() == "celery"


def test_a_started_job_answers_at_once_and_shows_progress_while_it_runs(threaded, staff_user, client):
    client.force_login(staff_user)
    halfway, gate = GATES.setdefault(1, (threading.Event(), threading.Event()))
    with transaction.atomic():
        job = job_start(kind="tests.gated", params={"gate": 1}, user=staff_user)
    # The action returned while the job waits at its gate, in another thread.
    job.refresh_from_db()
    assert job.status in (BackgroundJob.Status.PENDING, BackgroundJob.Status.RUNNING)
    assert halfway.wait(20)
    session = Session.objects.get()
    response = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"})
    # The poll writes nothing (on SQLite a write would wait for a running import's commit).
    assert Session.objects.get().expire_date == session.expire_date and "sessionid" not in response.cookies
    html = response.content.decode()
    assert 'data-status="running"' in html and "5 / 10" in html and 'hx-trigger="every 1s"' in html
    assert "HX-Refresh" not in response.headers
    gate.set()
    job = wait_for(job)
    assert job.status == BackgroundJob.Status.DONE and job.result == {"counted": 10} and job.progress == 10
    # The poll that sees the end reloads the page, so what lives outside the progress card
    # (an import's result, refreshed figures) appears.
    response = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true" and 'data-status="done"' in response.content.decode()


def test_a_failing_job_is_recorded_as_failed_in_the_thread(threaded, staff_user):
    job = job_start(kind="tests.failing", user=staff_user)
    job = wait_for(job)
    assert job.status == BackgroundJob.Status.FAILED and "ledger does not balance" in job.message


def test_an_import_of_a_thousand_rows_answers_at_once(threaded, staff_user, client):
    from orgs.importers import OrganizationImporter

    TownFactory(name="东河镇")
    headers = [str(column.header) for column in OrganizationImporter.columns]
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for serial in range(1, 1001):
        row = dict.fromkeys(headers, "")
        row.update(
            {
                headers[0]: f"导入协会{serial}",
                headers[1]: make_uscc(80000 + serial),
                headers[2]: "社会团体",
                headers[4]: "东河镇",
                headers[9]: "2019-03-01",
                headers[10]: 7,
                headers[12]: "是",
            }
        )
        sheet.append([row[h] for h in headers])
    handle = io.BytesIO()
    book.save(handle)
    client.force_login(staff_user)
    started = time.monotonic()
    response = client.post(
        "/orgs/import/",
        {"what": "organizations", "division": "510821", "file": SimpleUploadedFile("big.xlsx", handle.getvalue())},
    )
    answered_in = time.monotonic() - started
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'data-testid="job-progress"' in page.content.decode()
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        seen.add((job.status, job.progress))
        if job.is_finished:
            break
        time.sleep(0.02)
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert job.result["status"] == "imported" and job.result["imported"] == 1000
    assert Organization.objects.filter(name__startswith="导入协会").count() == 1000
    # Progress was written while the job ran, not only at the end.
    assert any(status == BackgroundJob.Status.RUNNING and 0 < progress < job.total for status, progress in seen), seen
    assert answered_in < 5, f"the upload took {answered_in:.1f} s to answer"


def test_the_job_thread_uses_its_own_connection_and_closes_it(threaded, staff_user):
    from django.db import connection

    job = BackgroundJob.objects.create(kind="tests.quick", created_by=staff_user)
    seen = {}

    def work():
        jobrunner._run_in_thread(job.pk)
        seen["closed"] = connection.connection is None

    worker = threading.Thread(target=work, name="job-thread-test")
    worker.start()
    worker.join(30)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.result == {"thread": "job-thread-test"}
    assert seen == {"closed": True}
    # The queued runner uses the pool's named threads.
    future = jobrunner.queue(BackgroundJob.objects.create(kind="tests.quick", created_by=staff_user).pk)
    future.result(timeout=30)
    assert BackgroundJob.objects.latest("pk").result["thread"].startswith("wangcang-job")
