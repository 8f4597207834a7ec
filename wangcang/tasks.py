from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from . import jobs
from .models import Notification


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def email_notification(self, notification_id: int) -> bool:
    """E-mail a notification once; a retry after success sends nothing."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    if notification.recipient.email:
        try:
            send_mail(
                subject=notification.title,
                message=f"{notification.body}\n\n{notification.url}".strip(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
        except OSError as exc:
            raise self.retry(exc=exc) from exc
    updated = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return bool(updated)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_background_job(self, job_id: int) -> None:
    """Run one job. A redelivery of the same message (its worker was lost) runs it again;
    the job row, not the result backend, holds the outcome."""
    jobs.run(job_id, task_id=self.request.id or "")


@shared_task(acks_late=True, ignore_result=True, time_limit=120, soft_time_limit=100)
def sweep_stuck_jobs() -> int:
    """Every few minutes: fail the jobs whose worker vanished, with a reason and a retry."""
    return jobs.sweep()


@shared_task(acks_late=True, ignore_result=True)
def prune_generated_files() -> dict:
    """Nightly: delete old export workbooks, import uploads left behind and old one-time keys
    (idempotent)."""
    from . import retention

    return {
        "job_files": retention.prune_job_files(),
        "import_uploads": retention.prune_import_uploads(),
        "write_once": retention.prune_write_once(),
    }
