"""Background jobs end, whatever happens: failures are recorded with a message for the user
(the exception goes to the log), repeated or foreign deliveries do nothing, stuck jobs are
failed by the sweep and can be retried."""

import logging
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from wangcang import jobs
from wangcang.actions import job_start
from wangcang.jobs import JobFailedError, job_handler
from wangcang.models import BackgroundJob

CALLS: list[int] = []


@job_handler("tests.flaky")
def flaky(job, progress):
    """Fails on its first job (a raw database-style error), succeeds on the retry."""
    CALLS.append(job.pk)
    if job.retry_of_id is None:
        raise RuntimeError('duplicate key value violates unique constraint "secret_internal_name"')
    job.result = {"ok": True}
    job.save(update_fields=["result"])


@job_handler("tests.refuses")
def refuses(job, progress):
    raise JobFailedError("该单位已注销，无法生成报告。")


@job_handler("tests.once", retryable=False)
def once(job, progress):
    raise RuntimeError("boom")


@pytest.mark.django_db(transaction=True)
def test_a_failure_shows_a_message_not_the_exception_and_offers_a_retry(client, staff_user, caplog):
    with caplog.at_level(logging.ERROR, logger="wangcang.jobs"), transaction.atomic():
        job = job_start(kind="tests.flaky", user=staff_user)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert job.message == "任务因内部错误而失败，错误详情已记入日志，供管理员查看。"
    assert "secret_internal_name" in caplog.text  # the exception went to the log
    client.force_login(staff_user)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "secret_internal_name" not in page and job.message in page
    assert 'data-testid="job-retry"' in page

    response = client.post(reverse("job-retry", args=[job.pk]))
    retry = BackgroundJob.objects.get(retry_of=job)
    assert response["Location"] == retry.get_absolute_url()
    assert retry.status == BackgroundJob.Status.DONE and retry.result == {"ok": True}


@pytest.mark.django_db(transaction=True)
def test_a_handler_can_fail_with_its_own_message_and_some_jobs_are_not_retried(client, staff_user, make_user):
    with transaction.atomic():
        refused = job_start(kind="tests.refuses", user=staff_user)
        single = job_start(kind="tests.once", user=staff_user)
    refused.refresh_from_db()
    single.refresh_from_db()
    assert refused.message == "该单位已注销，无法生成报告。"
    assert refused.can_retry and not single.can_retry
    client.force_login(staff_user)
    assert 'data-testid="job-retry"' not in client.get(reverse("job-detail", args=[single.pk])).content.decode()
    client.post(reverse("job-retry", args=[single.pk]))
    assert not BackgroundJob.objects.filter(retry_of=single).exists()
    client.force_login(make_user("other-staff"))
    assert client.post(reverse("job-retry", args=[refused.pk])).status_code == 404


@pytest.mark.django_db
def test_a_delivery_runs_a_job_once_and_only_its_own_message_resumes_it(staff_user):
    CALLS.clear()
    job = BackgroundJob.objects.create(kind="tests.flaky", created_by=staff_user, task_id="message-1")
    jobs.run(job.pk, task_id="message-2")  # a stray message for the same job
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.PENDING and CALLS == []

    BackgroundJob.objects.filter(pk=job.pk).update(status="running", attempts=1)  # its worker died
    jobs.run(job.pk, task_id="message-1")  # the broker redelivers the same message
    job.refresh_from_db()
    assert len(CALLS) == 1 and CALLS[0] == job.pk and job.attempts == 2 and job.status == BackgroundJob.Status.FAILED

    jobs.run(job.pk, task_id="message-1")  # and once more after it ended: nothing
    assert len(CALLS) == 1 and CALLS[0] == job.pk


@pytest.mark.django_db
def test_a_job_interrupted_too_often_is_given_up(staff_user):
    job = BackgroundJob.objects.create(
        kind="tests.flaky", created_by=staff_user, task_id="m", status="running", attempts=jobs.MAX_ATTEMPTS
    )
    jobs.run(job.pk, task_id="m")
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert job.message == f"任务已被中断 {jobs.MAX_ATTEMPTS} 次（后台进程停止），不再自动重新运行。"


@pytest.mark.django_db
def test_the_sweep_fails_jobs_past_their_limit_with_a_reason(staff_user):
    now = timezone.now()
    limit = jobs.time_limit()
    running_long = BackgroundJob.objects.create(
        kind="tests.flaky", status="running", started_at=now - limit - timedelta(minutes=5), created_by=staff_user
    )
    running_fresh = BackgroundJob.objects.create(
        kind="tests.flaky", status="running", started_at=now - timedelta(minutes=3), created_by=staff_user
    )
    never_started = BackgroundJob.objects.create(
        kind="tests.flaky", created_at=now - limit - timedelta(minutes=5), created_by=staff_user
    )
    done = BackgroundJob.objects.create(
        kind="tests.flaky", status="done", started_at=now - limit * 3, created_by=staff_user
    )

    assert jobs.sweep() == 2
    for job in (running_long, running_fresh, never_started, done):
        job.refresh_from_db()
    assert running_long.status == never_started.status == BackgroundJob.Status.FAILED
    assert running_long.message == "任务在 30 分钟内没有完成，后台进程可能已停止。可以点击“重试”重新运行。"
    assert "没有正在运行的后台进程" in never_started.message
    assert running_fresh.status == "running" and done.status == "done"
    assert running_long.can_retry
    assert jobs.sweep() == 0


def test_the_broker_gives_a_task_back_only_after_the_longest_time_limit():
    from django.conf import settings

    from wangcang.celery import app

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.broker_transport_options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    for name, task in app.tasks.items():
        if name.startswith(("wangcang.", "orgs.", "incubator.", "services.", "reports.")):
            assert task.acks_late, name
            assert (task.time_limit or settings.CELERY_TASK_TIME_LIMIT) <= settings.CELERY_TASK_TIME_LIMIT, name


@pytest.mark.django_db
def test_the_sweep_is_scheduled():
    from django_celery_beat.models import PeriodicTask

    from wangcang import schedules

    schedules.sync()
    task = PeriodicTask.objects.get(task="wangcang.tasks.sweep_stuck_jobs")
    assert task.enabled and task.crontab.minute == "*/5"


@pytest.mark.django_db(transaction=True)
def test_two_first_runs_of_the_snapshots_at_once_both_succeed():
    """Both threads insert the same (division, period, code) rows at the same moment."""
    from reports.actions import snapshot_store
    from reports.models import Snapshot
    from wangcang.models import Division
    from wangcang.periods import ALL

    division = Division.objects.get(code="510821")
    values = {f"test.code{i}": i for i in range(30)}
    barrier = threading.Barrier(2)
    errors = []

    def store():
        try:
            barrier.wait(timeout=10)
            snapshot_store(division=division, period=ALL, values=values)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=store) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = Snapshot.objects.filter(division=division, period_key="all")
    assert rows.count() == 30
    assert rows.get(code="test.code7").value == 7


@pytest.mark.django_db
def test_the_health_endpoint_answers_without_login_and_counts_stuck_jobs(client, staff_user):
    BackgroundJob.objects.create(
        kind="tests.flaky", status="running", started_at=timezone.now() - timedelta(hours=2), created_by=staff_user
    )
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["stuck_jobs"] == 1
