"""Jobs never hang, tried against a real worker (a subprocess) on the real broker and the
real database (CI's PostgreSQL + Redis run): the worker killed mid-job, the database
connection cut mid-job. The unreachable broker needs no services and runs everywhere."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.wangcang import fault_worker  # noqa: F401  (registers the "tests.slow" handler)
from wangcang import jobs
from wangcang.actions import job_start, notification_send
from wangcang.models import BackgroundJob

ROOT = Path(__file__).resolve().parents[2]
needs_services = not settings.CELERY_BROKER_URL.startswith("redis") or connection.vendor != "postgresql"
if needs_services and os.environ.get("REQUIRE_SERVICES"):
    raise RuntimeError("REQUIRE_SERVICES is set but REDIS_URL or DATABASE_URL is not: the fault tests must run")


def worker_test(func):
    for mark in (
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(needs_services, reason="needs REDIS_URL and PostgreSQL: a real worker in a subprocess"),
        pytest.mark.worker,
    ):
        func = mark(func)
    return func


def start_worker(*, pool: str = "prefork") -> subprocess.Popen:
    """A real worker in its own process, on the test database."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "wangcang.settings.test"}
    command = [sys.executable, "-m", "celery", "-A", "tests.wangcang.fault_worker", "worker", "--loglevel=warning"]
    command += ["--pool=prefork", "--concurrency=1"] if pool == "prefork" else ["--pool=solo"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_for(job: BackgroundJob, condition, seconds: float = 60) -> BackgroundJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} stayed {job.status} {job.progress}/{job.total}: {job.message}")


def queue(staff_user, **params) -> BackgroundJob:
    from wangcang.celery import app

    app.conf.task_always_eager = False
    try:
        with transaction.atomic():
            job = job_start(kind="tests.slow", params={"steps": 25, **params}, user=staff_user)
    finally:
        app.conf.task_always_eager = True
    return job


@worker_test
def test_a_worker_process_killed_mid_job_is_redelivered_and_finishes(staff_user):
    worker = start_worker(pool="prefork")
    try:
        job = queue(staff_user)
        job = wait_for(job, lambda j: j.status == "running" and j.progress >= 2)
        os.kill(job.result["pid"], signal.SIGKILL)  # the pool process dies mid-job
        job = wait_for(job, lambda j: j.is_finished)
    finally:
        stop(worker)
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert job.attempts == 2
    assert job.result["finished"] is True
    assert job.progress == job.total == 25


@worker_test
def test_a_whole_worker_killed_mid_job_is_failed_by_the_sweep_and_can_be_retried(client, staff_user):
    worker = start_worker(pool="solo")
    try:
        job = queue(staff_user)
        job = wait_for(job, lambda j: j.status == "running" and j.progress >= 2)
        stop(worker)  # nothing left to put the message back before the visibility timeout
        time.sleep(1)
        job.refresh_from_db()
        assert job.status == BackgroundJob.Status.RUNNING
        assert jobs.sweep() == 0  # not yet past its limit
        assert jobs.sweep(now=timezone.now() + jobs.time_limit() + timedelta(minutes=2)) == 1
        job.refresh_from_db()
        assert job.status == BackgroundJob.Status.FAILED
        assert "重试" in job.message and "30" in job.message

        client.force_login(staff_user)
        page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
        assert 'data-testid="job-retry"' in page
        from wangcang.celery import app

        app.conf.task_always_eager = False
        try:
            response = client.post(reverse("job-retry", args=[job.pk]))
        finally:
            app.conf.task_always_eager = True
        retry = BackgroundJob.objects.get(retry_of=job)
        assert response.status_code == 302 and response["Location"] == retry.get_absolute_url()
        worker = start_worker(pool="solo")
        retry = wait_for(retry, lambda j: j.is_finished)
    finally:
        stop(worker)
    assert retry.status == BackgroundJob.Status.DONE, retry.message
    assert retry.params == job.params


@worker_test
def test_the_database_connection_cut_mid_job_fails_the_job_on_a_fresh_connection(staff_user):
    worker = start_worker(pool="solo")
    try:
        job = queue(staff_user, pause=0.5)
        job = wait_for(job, lambda j: j.status == "running" and j.progress >= 1)
        with connection.cursor() as cursor:  # every other connection to the test database
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        job = wait_for(job, lambda j: j.is_finished)
    finally:
        stop(worker)
    assert job.status == BackgroundJob.Status.FAILED
    assert job.message == "后台任务运行时与数据库的连接中断了。"
    assert job.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_fails_the_job_with_a_message_instead_of_a_500(staff_client, staff_user):
    """The broker URL points at a closed port: the page that starts the PDF answers, and the
    job it shows has failed with a message that says what to do."""
    from wangcang.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:9/0", False
    app._pool = None
    app.amqp._producer_pool = None
    try:
        started = time.monotonic()
        response = staff_client.post(
            reverse("reports:report-pdf"), {"division": "510821", "period": "all"}, follow=True
        )
        elapsed = time.monotonic() - started
        with transaction.atomic():  # a notification's e-mail cannot be queued either: no error
            (notification,) = notification_send(recipients=[staff_user], key="broker-down", title="提醒")
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None
        app.amqp._producer_pool = None
    assert response.status_code == 200
    job = BackgroundJob.objects.get()
    assert job.message in response.content.decode()
    assert job.status == BackgroundJob.Status.FAILED
    assert "无法连接" in job.message
    assert elapsed < 10
    page = staff_client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert job.message in page and 'data-testid="job-retry"' in page
    notification.refresh_from_db()
    assert notification.emailed_at is None
