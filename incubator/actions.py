"""Writes with rules of the incubation base. Each function takes the acting user, runs in a
transaction and raises ``ValidationError`` with a message for the user when a rule says no."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from orgs.models import Organization
from wangcang.actions import acting_division_code, notification_send
from wangcang.freshness import mark_changed
from wangcang.models import User, division_prefix
from wangcang.permissions import require_staff
from wangcang.validators import date_errors

from . import notifications as notification_kinds
from .models import (
    Application,
    ApplicationAttachment,
    Attendance,
    Batch,
    Budget,
    Criterion,
    Evaluation,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Occupancy,
    Residency,
    Review,
    Score,
    Site,
    Space,
    SupportEntry,
    TeamMember,
    Training,
)
from .permissions import can_apply_for, is_staff

S = Application.Status
TWO_PLACES = Decimal("0.01")


def _real_date(day: date | None, field: str) -> date:
    """An event's real date, entered by staff for a past event: today when not given,
    never in the future."""
    if day is None:
        return timezone.localdate()
    # The shared date rules (wangcang/validators.py), with their wording.
    if errors := date_errors(day, past=True):
        raise ValidationError({field: errors})
    return day


def _transition(application: Application, allowed: tuple[str, ...], action: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("An application that is “%(status)s” cannot be %(action)s.")
            % {"status": application.get_status_display(), "action": action}
        )


# --- Sites ---------------------------------------------------------------------------------------


@transaction.atomic
def site_create(*, user: User, name: str, address: str = "") -> Site:
    """A new site of the base, in the acting staff member's division (an account without
    one is refused)."""
    require_staff(user)
    site = Site(division_id=acting_division_code(user), name=name, address=address)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_update(*, user: User, site: Site, name: str, address: str = "") -> Site:
    require_staff(user)
    site.name = name
    site.address = address
    site.full_clean()
    site.save()
    return site


def _record_create(record, *, user: User, m2m: dict | None = None):
    """Save a plain record a staff member created: in their division (an account without one
    is refused, never given a county), checked, with the acting user in its history."""
    require_staff(user)
    if hasattr(record, "division_id") and not record.division_id:
        record.division_id = acting_division_code(user)
    record._history_user = user
    record.full_clean()
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    return record


@transaction.atomic
def space_create(*, user: User, site: Site, **fields) -> Space:
    if not Site.objects.visible_to(user).filter(pk=site.pk).exists():
        raise ValidationError({"site": _("Choose a site of your own division.")})
    return _record_create(Space(site=site, **fields), user=user)


@transaction.atomic
def batch_create(*, user: User, **fields) -> Batch:
    return _record_create(Batch(**fields), user=user)


@transaction.atomic
def mentor_create(*, user: User, **fields) -> Mentor:
    return _record_create(Mentor(**fields), user=user)


@transaction.atomic
def training_create(*, user: User, **fields) -> Training:
    return _record_create(Training(**fields), user=user)


@transaction.atomic
def exchange_visit_create(*, user: User, organizations, **fields) -> ExchangeVisit:
    visible = Organization.objects.visible_to(user)
    if any(not visible.filter(pk=org.pk).exists() for org in organizations):
        raise ValidationError({"organizations": _("Choose organizations of your own division.")})
    return _record_create(ExchangeVisit(**fields), user=user, m2m={"organizations": organizations})


@transaction.atomic
def budget_create(*, user: User, **fields) -> Budget:
    return _record_create(Budget(**fields), user=user)


# --- Admission -----------------------------------------------------------------------------------


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
        if not (is_staff(user) and Organization.objects.visible_to(user).filter(pk=organization.pk).exists()):
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
    if not (is_staff(user) or can_apply_for(user, application.organization)):
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
    if on is not None and not is_staff(user):
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


def _notify_organization(application: Application) -> None:
    notification_send(
        recipients=application.organization.users.filter(is_active=True),
        key=f"incubator-application-{application.pk}-{application.status}-{application.history.count()}",
        title=_("Your application to the incubation base: %(status)s") % {"status": application.get_status_display()},
        body=application.decision_reason,
        url=application.get_absolute_url(),
        kind=notification_kinds.APPLICATION_DECIDED,
    )


# --- Residencies and spaces ----------------------------------------------------------------------


WAIVER_FIELDS = ("venue_waiver", "utilities_waiver", "training_waiver", "services_waiver")


@transaction.atomic
def residency_start(
    *,
    user: User,
    application: Application,
    started_on: date,
    space: Space | None = None,
    area_m2: Decimal | None = None,
    agreed_grants: str = "",
    **waivers: Decimal,
) -> Residency:
    require_staff(user)
    if application.status != S.ADMITTED:
        raise ValidationError(_("Only an admitted application gets a residency."))
    if Residency.objects.filter(application=application).exists():
        raise ValidationError(_("This application already has a residency."))
    unknown = set(waivers) - set(WAIVER_FIELDS)
    if unknown:
        raise TypeError(f"unknown waivers {unknown}")
    started_on = _real_date(started_on, "started_on")
    if application.decided_on and started_on < application.decided_on:
        raise ValidationError(
            {
                "started_on": _("A residency cannot start (%(start)s) before its admission (%(admitted)s).")
                % {"start": started_on.isoformat(), "admitted": application.decided_on.isoformat()}
            }
        )
    residency = Residency(
        application=application,
        organization=application.organization,
        started_on=started_on,
        agreed_grants=agreed_grants,
        **waivers,
    )
    residency.full_clean()
    residency.save()
    if space is not None:
        occupancy_add(
            user=user, residency=residency, space=space, area_m2=area_m2 or space.area_m2, starts_on=started_on
        )
    return residency


def space_peak_use(space: Space, starts_on: date, ends_on: date | None, exclude_pk: int | None = None) -> Decimal:
    """The most m² of ``space`` in use on any day of [starts_on, ends_on] by other occupancies.

    The sum of overlapping periods changes only where one begins, so its maximum over the
    window is reached on the window's first day or on a day another period begins."""
    overlapping = Occupancy.objects.filter(space=space).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    periods = list(overlapping.values_list("starts_on", "ends_on", "area_m2"))
    peak = Decimal(0)
    for day in {starts_on, *(start for start, _end, _area in periods if start > starts_on)}:
        used = sum((area for start, end, area in periods if start <= day and (end is None or end >= day)), Decimal(0))
        peak = max(peak, used)
    return peak


@transaction.atomic
def occupancy_add(
    *, user: User, residency: Residency, space: Space, area_m2: Decimal, starts_on: date, ends_on: date | None = None
) -> Occupancy:
    """Give a residency ``area_m2`` of a space; the space's area is never exceeded on any day."""
    require_staff(user)
    # Lock the space so that two concurrent assignments cannot both fit into the same m².
    space = Space.objects.select_for_update().get(pk=space.pk)
    occupancy = Occupancy(residency=residency, space=space, area_m2=area_m2, starts_on=starts_on, ends_on=ends_on)
    occupancy.full_clean()
    if starts_on < residency.started_on:
        raise ValidationError({"starts_on": _("The occupancy starts before the residency.")})
    used = space_peak_use(space, starts_on, ends_on)
    if used + Decimal(area_m2) > space.area_m2:
        raise ValidationError(
            {
                "area_m2": _(
                    "%(space)s has %(area)s m²; %(used)s m² are already in use in that period, so at most "
                    "%(free)s m² can be given."
                )
                % {"space": space, "area": space.area_m2, "used": used, "free": max(space.area_m2 - used, Decimal(0))}
            }
        )
    occupancy.save()
    return occupancy


def _end_residency(residency: Residency, on: date) -> None:
    if residency.status != Residency.Status.ACTIVE:
        raise ValidationError(_("The residency has already ended."))
    if on < residency.started_on:
        raise ValidationError({"ended_on": _("The end date is before the start of the residency.")})
    _real_date(on, "ended_on")
    residency.ended_on = on
    for occupancy in residency.occupancies.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on)):
        occupancy.ends_on = max(on, occupancy.starts_on)
        occupancy.save()


@transaction.atomic
def residency_graduate(*, user: User, residency: Residency, on: date, summary: str) -> Residency:
    """孵化成功: the organization leaves the base grown up; its history stays."""
    require_staff(user)
    if not summary.strip():
        raise ValidationError({"graduation_summary": _("Say what the organization became.")})
    _end_residency(residency, on)
    residency.status = Residency.Status.GRADUATED
    residency.graduation_summary = summary
    residency.full_clean()
    residency.save()
    return residency


@transaction.atomic
def residency_exit(*, user: User, residency: Residency, on: date, reason: str) -> Residency:
    require_staff(user)
    if not reason.strip():
        raise ValidationError({"exit_reason": _("Give the reason for leaving.")})
    _end_residency(residency, on)
    residency.status = Residency.Status.EXITED
    residency.exit_reason = reason
    residency.full_clean()
    residency.save()
    return residency


@transaction.atomic
def team_member_set(*, user: User, residency: Residency, role, mentor) -> TeamMember:
    require_staff(user)
    member, _created = TeamMember.objects.update_or_create(residency=residency, role=role, defaults={"mentor": mentor})
    return member


@transaction.atomic
def mentoring_session_record(*, user: User, residency: Residency, **fields) -> MentoringSession:
    require_staff(user)
    session = MentoringSession(residency=residency, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def evaluation_record(*, user: User, residency: Residency, **fields) -> Evaluation:
    require_staff(user)
    evaluation = Evaluation(residency=residency, **fields)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# --- Trainings ------------------------------------------------------------------------------------


@transaction.atomic
def attendance_sign_in(
    *, user: User, training: Training, person_name: str, organization: Organization | None = None, phone: str = ""
) -> Attendance:
    require_staff(user)
    if training.held_on > timezone.localdate():
        raise ValidationError(Attendance.not_held_message(training))
    attendance = Attendance(training=training, organization=organization, person_name=person_name.strip(), phone=phone)
    try:
        attendance.full_clean()
    except ValidationError as exc:
        if "__all__" in exc.message_dict:
            raise ValidationError(_("%(name)s has already signed in.") % {"name": person_name}) from exc
        raise
    attendance.save()
    return attendance


@transaction.atomic
def attendance_import(*, user: User, training: Training, rows: list[dict]) -> int:
    """All or nothing: one bad row and nothing is saved; the errors name the rows."""
    require_staff(user)
    from .sign_in import check_rows

    attendances, errors = check_rows(training, rows)
    if errors:
        raise ValidationError(errors)
    # With history rows: a bulk insert alone would leave no trace of who imported the sheet.
    bulk_create_with_history(attendances, Attendance, default_user=user)
    # a bulk insert sends no signals: the figures of the training's division are no longer current.
    mark_changed([training.division_id])
    return len(attendances)


# --- Support ledger ---------------------------------------------------------------------------------


@transaction.atomic
def support_post(
    *,
    user: User,
    organization: Organization,
    kind: str,
    amount: Decimal,
    value_date: date,
    description: str = "",
    residency: Residency | None = None,
) -> SupportEntry:
    require_staff(user)
    if Decimal(amount) <= 0:
        raise ValidationError({"amount": _("A support entry is a positive amount; corrections are reversing entries.")})
    entry = SupportEntry(
        division=organization.division,
        organization=organization,
        residency=residency,
        kind=kind,
        amount=amount,
        value_date=value_date,
        description=description,
        posted_by=user,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def support_reverse(*, user: User, entry: SupportEntry, reason: str) -> SupportEntry:
    """Cancel a posted entry with a new one of the opposite amount."""
    require_staff(user)
    if entry.reverses_id is not None:
        raise ValidationError(_("A reversing entry cannot itself be reversed; post a new entry instead."))
    if SupportEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    if not reason.strip():
        raise ValidationError({"description": _("Say why the entry is reversed.")})
    reversal = SupportEntry(
        division=entry.division,
        organization=entry.organization,
        residency=entry.residency,
        kind=entry.kind,
        amount=-entry.amount,
        value_date=entry.value_date,
        description=reason,
        reverses=entry,
        posted_by=user,
    )
    reversal.full_clean(validate_constraints=False)
    reversal.save()
    return reversal


def month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def waivers_post_month(*, user: User | None, division_code: str, month: date) -> int:
    """Post one month's four waivers for every resident of that month; running it again for
    the same month posts nothing new. Returns the number of entries posted. ``user`` is
    ``None`` only for the scheduled monthly run."""
    if user is not None:
        require_staff(user)
    first = month_start(month)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    residencies = (
        Residency.objects.filter(organization__division__code__startswith=division_code, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("organization")
    )
    already = set(
        SupportEntry.objects.filter(
            value_date=first, kind__in=SupportEntry.WAIVERS, reverses__isnull=True, residency__in=residencies
        ).values_list("residency_id", "kind")
    )
    entries = []
    for residency in residencies:
        for kind, amount in residency.monthly_waivers.items():
            if amount > 0 and (residency.pk, kind) not in already:
                entries.append(
                    SupportEntry(
                        division_id=residency.organization.division_id,
                        organization=residency.organization,
                        residency=residency,
                        kind=kind,
                        amount=amount,
                        value_date=first,
                        description=_("%(month)s waiver") % {"month": first.strftime("%Y-%m")},
                        posted_by=user,
                    )
                )
    try:
        with transaction.atomic():
            SupportEntry.objects.bulk_create(entries)
            mark_changed({entry.division_id for entry in entries})
    except IntegrityError as exc:  # a concurrent run posted the same month first
        raise ValidationError(_("The month is being posted by someone else; try again.")) from exc
    return len(entries)


def budget_use(division_code: str, year: int) -> dict:
    """The year's budget, what was used (net of reversals) and the balance."""
    from .models import Budget

    budget = Budget.objects.filter(division__code=division_code, year=year).first()
    used = SupportEntry.objects.filter(division__code__startswith=division_code, value_date__year=year).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0.00")
    amount = budget.amount if budget else Decimal("0.00")
    return {
        "year": year,
        "budget": amount,
        "used": used,
        "balance": amount - used,
        "percent": (used * 100 / amount).quantize(Decimal("0.1")) if amount else Decimal("0.0"),
    }
