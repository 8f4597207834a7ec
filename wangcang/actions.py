"""Writes with rules that every app shares: notifications and background jobs."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.settings import knox_settings

from . import notifications
from .models import ApiToken, BackgroundJob, Notification, NotificationPreference, User, WriteOnce, organization_model

logger = logging.getLogger(__name__)


def notification_send(
    *,
    recipients: Iterable[User],
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = notifications.GENERAL,
) -> list[Notification]:
    """Notify each recipient once per ``key``, where they chose for ``kind``: in the
    portal, by e-mail, by SMS, or in the next daily digest instead of single messages.

    Idempotent: a recipient who already has a notification with this key gets nothing
    new, so a reminder job that runs twice, or a retried task, sends nothing twice. The
    notification is stored even when hidden from the portal, so that the key holds.
    """
    recipients = list({recipient.pk: recipient for recipient in recipients if recipient.is_active}.values())
    if not recipients:
        return []
    already = set(Notification.objects.filter(key=key, recipient__in=recipients).values_list("recipient_id", flat=True))
    recipients = [recipient for recipient in recipients if recipient.pk not in already]
    if not recipients:
        return []
    channels = notifications.preferences_for(recipients, kind)
    now = timezone.now()
    # One insert for everyone (a round opened for hundreds of organizations); a row that
    # a concurrent run stored meanwhile is skipped by the unique key, and only the rows
    # stored here (this instant) are delivered here.
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                key=key,
                kind=kind,
                title=str(title)[:200],
                body=body,
                url=url,
                created_at=now,
                in_portal=channels[recipient.pk]["in_portal"],
                in_digest=channels[recipient.pk]["digest"],
            )
            for recipient in recipients
        ],
        ignore_conflicts=True,
    )
    by_pk = {recipient.pk: recipient for recipient in recipients}
    created = list(Notification.objects.filter(key=key, recipient_id__in=by_pk, created_at=now).order_by("pk"))
    emails, texts = [], []
    for notification in created:
        chosen = channels[notification.recipient_id]
        if notification.in_digest:
            continue
        if chosen["email"]:
            emails.append(notification.pk)
        if chosen["sms"] and by_pk[notification.recipient_id].phone:
            texts.append(notification.pk)
    if emails:
        transaction.on_commit(lambda: _queue("email_notifications", emails))
    if texts:
        transaction.on_commit(lambda: _queue("sms_notifications", texts))
    return created


def _queue(task_name: str, notification_ids: list[int]) -> None:
    """Queue the e-mails or texts; with the broker down the notifications are still in the
    app (their ``emailed_at`` stays empty), and the page that caused them answers normally."""
    from . import tasks

    try:
        getattr(tasks, task_name).delay(notification_ids)
    except Exception:
        logger.exception("The %s of notifications %s could not be queued", task_name, notification_ids[:20])


@transaction.atomic
def notification_preferences_save(*, user: User, choices: dict[str, dict[str, bool]]) -> int:
    """Store the user's channels per kind (only kinds of their role); returns how many kinds."""
    offered = {item.code for item in notifications.kinds_for(user)}
    saved = 0
    for code, chosen in choices.items():
        if code not in offered:
            continue
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=code,
            defaults={channel: bool(chosen.get(channel)) for channel in notifications.CHANNELS},
        )
        saved += 1
    return saved


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def notification_digests_send(*, now=None) -> int:
    """E-mail each person one digest of the notifications waiting for it (those of kinds
    they chose a daily digest for), then mark them sent. Safe to run twice or concurrently:
    the rows are locked and re-read, and a second run finds none waiting. Returns how many
    e-mails were sent."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    now = now or timezone.now()
    sent = 0
    waiting = Notification.objects.filter(in_digest=True, digested_at__isnull=True, created_at__lte=now)
    for recipient_id in waiting.values_list("recipient_id", flat=True).distinct().order_by("recipient_id"):
        with transaction.atomic():
            rows = list(
                waiting.filter(recipient_id=recipient_id)
                .select_for_update()
                .order_by("created_at", "pk")
                .select_related("recipient")
            )
            if not rows:
                continue
            recipient = rows[0].recipient
            if recipient.email and recipient.is_active:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Your notifications of %(day)s (%(count)d)") % {
                        "day": timezone.localdate(now).isoformat(),
                        "count": len(rows),
                    }
                    message = render_to_string(
                        "wangcang/email/digest.txt", {"notifications": rows, "recipient": recipient}
                    )
                # Inside the transaction: if the mail server refuses, the rows stay waiting.
                send_mail(
                    subject=str(subject),
                    message=message,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[recipient.email],
                )
                sent += 1
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(digested_at=now, emailed_at=now)
    return sent


def job_start(*, kind: str, params: dict | None = None, user: User | None = None) -> BackgroundJob:
    """Create a job and queue it once the transaction that created it commits (on the
    runner ``settings.BACKGROUND_JOB_RUNNER`` names: Celery, or threads in the web process).
    If the broker cannot be reached then, the job is failed with a message (``jobs.dispatch``)."""
    from . import jobrunner, jobs

    job = BackgroundJob.objects.create(kind=kind, params=params or {}, created_by=user, task_id=jobs.new_task_id())
    transaction.on_commit(lambda: jobrunner.queue(job.pk, task_id=job.task_id))
    return job


@transaction.atomic
def job_retry(*, job: BackgroundJob, user: User) -> BackgroundJob:
    """Start a failed job again, as a new job with the same kind and parameters."""
    from . import jobs

    if not (user.is_superuser or job.created_by_id == user.pk):
        raise PermissionDenied(_("Only the person who started this job may retry it."))
    if not jobs.can_retry(job):
        raise ValidationError(_("This job cannot be retried; start it again from its page."))
    retry = job_start(kind=job.kind, params=job.params, user=job.created_by or user)
    retry.retry_of = job
    retry.save(update_fields=["retry_of"])
    return retry


def acting_division_code(user: User, given: str | None = None) -> str:
    """The division a new record written by ``user`` belongs to: the one given, else the
    user's own. An account with no division (a superuser) must say which: the portal never
    guesses a county, so a record never lands in another county's figures."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if given:
        return given
    if user.division_id:
        return user.division_id
    raise ValidationError(
        {
            "division": _(
                "Your account belongs to no division, so the record's division cannot be chosen for it: "
                "give your account a division (or sign in with a county staff account) and try again."
            )
        }
    )


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new named API token for ``user``; the token itself is returned once, never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that will use it.")})
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        live = ApiToken.objects.filter(user=user).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
        if limit is not None and live.count() >= limit:
            raise ValidationError(
                {"name": _("A user may hold at most %(limit)d tokens; revoke one first.") % {"limit": limit}}
            )
        if live.filter(name=name).exists():
            raise ValidationError({"name": _("You already have a token with this name.")})
        return ApiToken.objects.create(user=user, name=name[:100])


def api_token_revoke(*, user: User, token: ApiToken) -> None:
    """Revoke one of the user's own tokens: requests carrying it answer 401 from now on."""
    if token.user_id != user.pk:
        raise PermissionDenied
    token.delete()


class AlreadySubmittedError(Exception):
    """The form's one-time token was used by an earlier submit; ``claim`` holds its result."""

    def __init__(self, claim: WriteOnce):
        super().__init__(claim.key)
        self.claim = claim


def claim_once(*, user, key: str) -> WriteOnce:
    """Claim ``key`` for ``user`` inside the caller's transaction, or raise ``AlreadySubmittedError``.

    On PostgreSQL a concurrent claim of the same key waits on the unique index until the
    first transaction ends: if it committed, this one fails and reads the first result; if it
    rolled back (the action refused), this one goes ahead."""
    try:
        with transaction.atomic():
            return WriteOnce.objects.create(user=user, key=key)
    except IntegrityError:
        pass
    claim = WriteOnce.objects.filter(user=user, key=key).first()
    if claim is None:  # the key could not be claimed for another reason: refuse rather than write
        raise PermissionDenied
    raise AlreadySubmittedError(claim)


def calendar_feed_token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: User) -> str:
    """A new secret for the user's calendar feed; the old URL stops working at once.
    The secret is returned once and only its hash is stored."""
    import secrets

    from .models import CalendarFeed

    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": calendar_feed_token_hash(token), "created_at": timezone.now()}
    )
    return token


def calendar_feed_used(*, feed, now=None) -> None:
    """Note when a phone calendar last fetched the feed (at most once an hour: a calendar
    polls often, and the note needs no finer grain)."""
    from datetime import timedelta

    from .models import CalendarFeed

    now = now or timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


def calendar_feed_revoke(*, user: User) -> bool:
    from .models import CalendarFeed

    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


@transaction.atomic
def user_organizations_set(*, user: User, account: User, organizations: Iterable) -> User:
    """Link an organization user to ``organizations``: staff set the links to the
    organizations of their own scope; links to organizations outside it are kept as they are."""

    from .permissions import require_staff

    require_staff(user)
    if account.role != User.Role.ORG:
        raise ValidationError(_("Only an organization user is linked to organizations."))
    visible = organization_model().objects.visible_to(user)
    chosen = list(organizations)
    if any(not visible.filter(pk=organization.pk).exists() for organization in chosen):
        raise ValidationError({"organizations": _("Choose organizations of your own division.")})
    kept = list(account.organizations.exclude(pk__in=visible.values("pk")))
    account._history_user = user
    account.organizations.set(kept + chosen)
    account._organization_ids = None
    return account


# Saved filters -------------------------------------------------------------------------------

#: Query parameters that are not filters: the page, the export, the form token.
NOT_FILTERS = ("page", "export", "csrfmiddlewaretoken", "_once")
SAVED_FILTERS_PER_LIST = 20


def saved_filter_query(query: str) -> str:
    """A list's query string as it is saved: without the page number and the export, and
    without empty fields."""
    from urllib.parse import parse_qsl, urlencode

    pairs = [(key, value) for key, value in parse_qsl(query or "") if key not in NOT_FILTERS and value.strip()]
    return urlencode(pairs)


def saved_filter_save(*, user: User, list_key: str, name: str, query: str):
    """Save the filters of the list at the path ``list_key`` under ``name``; a name used
    before for that list is overwritten, so that saving twice is saving once."""
    from django.urls import Resolver404, resolve

    from .models import SavedFilter

    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the filters a name.")})
    if len(name) > 40:
        raise ValidationError({"name": _("A name has at most 40 characters.")})
    if not list_key.startswith("/") or list_key.startswith("//"):
        raise ValidationError(_("This list cannot keep filters."))
    try:
        resolve(list_key)
    except Resolver404 as exc:
        raise ValidationError(_("This list cannot keep filters.")) from exc
    query = saved_filter_query(query)
    if len(query) > 1000:
        raise ValidationError(_("These filters are too long to save."))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        existing = SavedFilter.objects.filter(user=user, list_key=list_key)
        if existing.count() >= SAVED_FILTERS_PER_LIST and not existing.filter(name=name).exists():
            raise ValidationError(
                {
                    "name": _("A list keeps at most %(limit)d saved filters; delete one first.")
                    % {"limit": SAVED_FILTERS_PER_LIST}
                }
            )
        saved, _created = SavedFilter.objects.update_or_create(
            user=user, list_key=list_key, name=name, defaults={"query": query}
        )
    return saved


def saved_filter_delete(*, user: User, saved_filter) -> None:
    """Delete one of the user's own saved filters."""
    if saved_filter.user_id != user.pk:
        raise PermissionDenied
    saved_filter.delete()
