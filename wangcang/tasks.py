from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from . import jobs
from .models import Notification


def _email_one(notification_id: int) -> bool:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    if notification.recipient.email:
        send_mail(
            subject=notification.title,
            message=f"{notification.body}\n\n{notification.url}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    updated = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return bool(updated)


def _text_one(notification_id: int) -> bool:
    from .sms import send_sms

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.sms_sent_at is not None:
        return False
    if notification.recipient.phone:
        send_sms(phone=notification.recipient.phone, text=f"【{settings.PORTAL_SHORT_NAME}】{notification.title}")
    updated = Notification.objects.filter(pk=notification_id, sms_sent_at__isnull=True).update(
        sms_sent_at=timezone.now()
    )
    return bool(updated)


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def email_notification(self, notification_id: int) -> bool:
    """E-mail a notification once; a retry after success sends nothing."""
    try:
        return _email_one(notification_id)
    except OSError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def email_notifications(self, notification_ids: list[int]) -> int:
    """E-mail each notification once, over one connection to the mail server; those sent
    are marked even when a later one fails, so a retry sends only the rest."""
    from django.core.mail import EmailMessage, get_connection

    pending = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    )
    done: list[int] = []
    try:
        with get_connection() as mail_connection:
            for notification in pending:
                if notification.recipient.email:
                    EmailMessage(
                        subject=notification.title,
                        body=f"{notification.body}\n\n{notification.url}".strip(),
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[notification.recipient.email],
                        connection=mail_connection,
                    ).send()
                done.append(notification.pk)
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    finally:
        if done:
            Notification.objects.filter(pk__in=done, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return len(done)


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def sms_notifications(self, notification_ids: list[int]) -> int:
    """Text each notification once (``settings.SMS_BACKEND``); a retry sends only those not yet sent."""
    from .sms import SmsError

    try:
        return sum(_text_one(pk) for pk in notification_ids)
    except SmsError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(acks_late=True, ignore_result=True, max_retries=3, default_retry_delay=300)
def send_notification_digests() -> int:
    """Daily: one e-mail per person with the notifications they chose to receive as a digest."""
    from .actions import notification_digests_send

    return notification_digests_send()


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
    """Nightly: delete old export workbooks and import uploads left behind (idempotent)."""
    from . import retention

    return {"job_files": retention.prune_job_files(), "import_uploads": retention.prune_import_uploads()}
