"""Writes of admission: batches, criteria, applications, reviews and decisions."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Organization
from wangcang.actions import notification_send
from wangcang.models import User, division_prefix
from wangcang.permissions import has_role, require_staff

from .. import notifications as notification_kinds
from ..models import (
    Application,
    ApplicationAttachment,
    Batch,
    Criterion,
    Review,
    Score,
)
from ..permissions import can_apply_for
from .base import TWO_PLACES, S, _notify_organization, _real_date, _record_create, _transition


@transaction.atomic
def batch_create(*, user: User, **fields) -> Batch:
    return _record_create(Batch(**fields), user=user)


@transaction.atomic
def criterion_add(*, user: User, batch: Batch, name: str, weight: Decimal, max_score: int = 100) -> Criterion:
    require_staff(user)
    if batch.status == Batch.Status.CLOSED:
        raise ValidationError(_("The criteria of a closed batch cannot change."))
    criterion = Criterion(batch=batch, name=name, weight=weight, max_score=max_score, order=batch.criteria.count())
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def batch_publish(*, user: User, batch: Batch) -> Batch:
    """Open a batch for applications once its weighted criteria are published."""
    require_staff(user)
    if batch.status != Batch.Status.DRAFT:
        raise ValidationError(_("Only a draft batch can be opened."))
    if not batch.criteria.exists():
        raise ValidationError(_("Publish at least one admission criterion before opening the batch."))
    batch.status = Batch.Status.OPEN
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def application_create(
    *,
    user: User,
    batch: Batch,
    organization: Organization,
    project_plan: str,
    field: str,
    staff_count: int = 0,
    help_wanted: str = "",
    attachments=(),
    submit: bool = False,
    submitted_on: date | None = None,
) -> Application:
    """An organization applies (and submits now or later); staff record an application
    made earlier on paper, with the day it was submitted (``submitted_on``)."""
    if submitted_on is not None:
        if not (has_role(user, "staff") and Organization.objects.visible_to(user).filter(pk=organization.pk).exists()):
            raise ValidationError(_("Only union staff record an application submitted earlier."))
        submit = True
    elif not can_apply_for(user, organization):
        raise ValidationError(_("You may apply only for your own organization."))
    # A batch of an earlier year may be closed: staff still record the applications it had.
    if batch.status != Batch.Status.OPEN and submitted_on is None:
        raise ValidationError(_("The batch “%(batch)s” is not open for applications.") % {"batch": batch})
    if not organization.division_id.startswith(division_prefix(batch.division_id)):
        raise ValidationError(_("The batch “%(batch)s” is for another area.") % {"batch": batch})
    if Application.objects.filter(batch=batch, organization=organization).exists():
        raise ValidationError(_("%(org)s has already applied to this batch.") % {"org": organization})
    application = Application(
        batch=batch,
        organization=organization,
        project_plan=project_plan,
        field=field,
        staff_count=staff_count,
        help_wanted=help_wanted,
        created_by=user,
    )
    application.full_clean()
    application.save()
    for upload in attachments:
        attachment_add(user=user, application=application, upload=upload)
    if submit:
        application_submit(user=user, application=application, on=submitted_on)
    return application


@transaction.atomic
def attachment_add(*, user: User, application: Application, upload) -> ApplicationAttachment:
    if not (has_role(user, "staff") or can_apply_for(user, application.organization)):
        raise ValidationError(_("You may add files only to your own organization's application."))
    if application.status in (S.ADMITTED, S.REJECTED):
        raise ValidationError(_("A decided application takes no more files."))
    attachment = ApplicationAttachment(
        application=application, file=upload, original_name=upload.name[:200], uploaded_by=user
    )
    attachment.full_clean()
    attachment.save()
    return attachment


EDITABLE = (S.DRAFT, S.MORE_INFO)


@transaction.atomic
def application_edit(
    *,
    user: User,
    application: Application,
    project_plan: str,
    field: str,
    staff_count: int,
    help_wanted: str = "",
) -> Application:
    """The organization changes its application's text while it is a draft or while the union
    waits for more information; once submitted for a decision the text stays as reviewed."""
    if not can_apply_for(user, application.organization):
        raise ValidationError(_("You may change only your own organization's application."))
    _transition(application, EDITABLE, _("changed"))
    application.project_plan = project_plan
    application.field = field
    application.staff_count = staff_count
    application.help_wanted = help_wanted
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_submit(*, user: User, application: Application, on: date | None = None) -> Application:
    """Submit for a decision: today, or (staff recording a past application) on ``on``."""
    if on is not None and not has_role(user, "staff"):
        raise ValidationError(_("Only union staff record an application submitted earlier."))
    if on is None and not can_apply_for(user, application.organization):
        raise ValidationError(_("You may submit only your own organization's application."))
    _transition(application, (S.DRAFT,), _("submitted"))
    application.status = S.SUBMITTED
    application.submitted_on = _real_date(on, "submitted_on")
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_resubmit(
    *,
    user: User,
    application: Application,
    response: str,
    project_plan: str | None = None,
    help_wanted: str | None = None,
    field: str | None = None,
    staff_count: int | None = None,
) -> Application:
    """The organization answers a request for more information and sends the application back."""
    if not can_apply_for(user, application.organization):
        raise ValidationError(_("You may answer only for your own organization."))
    _transition(application, (S.MORE_INFO,), _("resubmitted"))
    if not response.strip():
        raise ValidationError({"org_response": _("Answer the question of the union staff.")})
    application.org_response = response
    if project_plan is not None:
        application.project_plan = project_plan
    if help_wanted is not None:
        application.help_wanted = help_wanted
    if field is not None:
        application.field = field
    if staff_count is not None:
        application.staff_count = staff_count
    application.status = S.RESUBMITTED
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def review_assign(*, user: User, application: Application, reviewer: User) -> Review:
    require_staff(user)
    _transition(application, Application.PENDING, _("assigned to a reviewer"))
    if not reviewer.is_union_staff:
        raise ValidationError({"reviewer": _("Reviewers are county union staff.")})
    review, created = Review.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_by": user}
    )
    if not created:
        raise ValidationError(
            {"reviewer": _("%(reviewer)s already reviews this application.") % {"reviewer": reviewer}}
        )
    notification_send(
        recipients=[reviewer],
        key=f"incubator-review-{review.pk}-assigned",
        title=_("Please review the application of %(org)s") % {"org": application.organization},
        url=review.get_absolute_url(),
        kind=notification_kinds.REVIEW_ASSIGNED,
    )
    return review


def weighted_score(scores: list[tuple[Criterion, int]]) -> Decimal:
    """Σ weightᵢ × (scoreᵢ / maxᵢ × 100) / Σ weightᵢ: a 0–100 figure whatever each criterion's range."""
    total_weight = sum((criterion.weight for criterion, _value in scores), Decimal(0))
    if not total_weight:
        return Decimal("0.00")
    weighted = sum(
        (criterion.weight * Decimal(value) * 100 / criterion.max_score for criterion, value in scores),
        Decimal(0),
    )
    return (weighted / total_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@transaction.atomic
def review_score(*, user: User, review: Review, scores: dict[int, int], comment: str = "") -> Review:
    """The assigned reviewer scores every criterion of the batch (within its bounds)."""
    if review.reviewer_id != user.pk:
        raise ValidationError(_("Only the assigned reviewer may score this application."))
    _transition(review.application, Application.PENDING, _("scored"))
    criteria = list(review.application.batch.criteria.all())
    errors = {}
    values: dict[Criterion, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = _("Score “%(name)s”.") % {"name": criterion.name}
        elif not 0 <= int(value) <= criterion.max_score:
            errors[f"criterion_{criterion.pk}"] = _("“%(name)s” is scored from 0 to %(max)d.") % {
                "name": criterion.name,
                "max": criterion.max_score,
            }
        else:
            values[criterion] = int(value)
    if errors:
        raise ValidationError(errors)
    for criterion, value in values.items():
        Score.objects.update_or_create(review=review, criterion=criterion, defaults={"value": value})
    review.comment = comment
    review.weighted_score = weighted_score(list(values.items()))
    review.submitted_at = timezone.now()
    review.full_clean()
    review.save()
    return review


def application_score(application: Application) -> Decimal | None:
    """The mean of the scored reviews' weighted scores."""
    scores = [review.weighted_score for review in application.reviews.all() if review.weighted_score is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@transaction.atomic
def application_decide(
    *, user: User, application: Application, decision: str, reason: str = "", decided_on: date | None = None
) -> Application:
    """Staff admit, reject or ask for more information; the reason is shown to the
    organization. ``decided_on``: the real day of a decision taken earlier (not before the
    application was submitted, not in the future); today when not given."""
    require_staff(user)
    if decision not in (S.ADMITTED, S.REJECTED, S.MORE_INFO):
        raise ValidationError({"decision": _("Choose admit, reject or ask for more information.")})
    _transition(application, (S.SUBMITTED, S.RESUBMITTED), _("decided"))
    if decision in (S.REJECTED, S.MORE_INFO) and not reason.strip():
        raise ValidationError({"reason": _("Give the organization the reason.")})
    if decision != S.MORE_INFO:
        # Checked before anything changes, so that a refused date leaves the application as it was.
        day = _real_date(decided_on, "decided_on")
        if application.submitted_on and day < application.submitted_on:
            raise ValidationError(
                {
                    "decided_on": _("The decision (%(decided)s) cannot come before the application (%(submitted)s).")
                    % {"decided": day.isoformat(), "submitted": application.submitted_on.isoformat()}
                }
            )
        application.decided_on = day
        application.decided_by = user
    application.status = decision
    application.decision_reason = reason
    application.full_clean()
    application.save()
    _notify_organization(application)
    return application
