import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from wangcang.actions import job_start, notification_send
from wangcang.jobs import job_handler
from wangcang.models import BackgroundJob, Notification


@pytest.mark.django_db(transaction=True)
def test_notification_is_stored_and_emailed_once_per_key(staff_user):
    staff_user.email = "staff@example.org"
    staff_user.save()
    for _ in range(2):  # a reminder job that runs twice
        with transaction.atomic():
            notification_send(recipients=[staff_user], key="report:1:due-7", title="自评报告7天后截止")
    assert Notification.objects.filter(recipient=staff_user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "自评报告7天后截止"
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_notification_page_and_mark_read(staff_client, staff_user):
    notification_send(recipients=[staff_user], key="k", title="提醒标题")
    assert "提醒标题" in staff_client.get(reverse("notification-list")).content.decode()
    staff_client.post(reverse("notification-list"))
    assert not staff_user.notifications.filter(read_at__isnull=True).exists()


@job_handler("test.count")
def count_handler(job, progress):
    progress.start(total=job.params["n"])
    for done in range(1, job.params["n"] + 1):
        progress.advance(done)
    job.result = {"counted": job.params["n"]}
    job.save(update_fields=["result"])


@pytest.mark.django_db(transaction=True)
def test_background_job_runs_and_reports_progress(staff_client, staff_user):
    with transaction.atomic():
        job = job_start(kind="test.count", params={"n": 450}, user=staff_user)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert (job.progress, job.total, job.percent, job.result) == (450, 450, 100, {"counted": 450})
    page = staff_client.get(reverse("job-detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'data-status="done"' in page.content.decode()


@pytest.mark.django_db
def test_someone_elses_job_is_not_found(client, staff_user, make_user):
    job = BackgroundJob.objects.create(kind="x", created_by=staff_user)
    client.force_login(make_user("other", "staff"))
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
