"""Writes of purchased services: contracts and targets, deliveries and their evidence,
legal-aid cases, adviser postings, confirmation by staff, and the behind-schedule check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orgs.models import Organization, UnionBranch
from wangcang.actions import notification_send
from wangcang.models import Division, User
from wangcang.uploads import validate_upload

from . import notifications as notification_kinds
from . import permissions
from .models import (
    AdviserPosting,
    ContestResult,
    Contract,
    ContractDocument,
    ContractTarget,
    DeliverableKind,
    Delivery,
    DeliveryEvidence,
    LegalAidCase,
)
from .queries import progress_for


def _as(instance, user):
    """Name the acting user in the change history (there is no request here)."""
    instance._history_user = user
    return instance


# --- deliverable kinds ----------------------------------------------------------------


def deliverable_kinds_ensure() -> dict[str, DeliverableKind]:
    """The seeded kinds, created when missing (demo, tests, a fresh database).

    A kind's name is data, like the names staff give the kinds they add: it is stored in
    the portal's default language, whichever language the first request happened to use.
    """
    seeded = [code for code, _name, _order in DeliverableKind.SEEDED]
    kinds = DeliverableKind.objects.in_bulk(seeded, field_name="code")  # one query when all exist
    with translation.override(settings.LANGUAGE_CODE):
        for code, name, order in DeliverableKind.SEEDED:
            if code not in kinds:
                kinds[code], _created = DeliverableKind.objects.get_or_create(
                    code=code, defaults={"name": str(name), "order": order}
                )
    return kinds


@transaction.atomic
def deliverable_kind_create(*, user: User, code: str, name: str, order: int = 100) -> DeliverableKind:
    if not permissions.can_manage_kinds(user):
        raise PermissionDenied
    deliverable_kinds_ensure()  # a new kind joins the seeded ones, never replaces them
    kind = _as(DeliverableKind(code=code, name=name, order=order), user)
    kind.full_clean()
    kind.save()
    return kind


# --- contracts ------------------------------------------------------------------------


def _save_targets(contract: Contract, targets: dict[DeliverableKind, int], user: User) -> None:
    existing = {target.kind_id: target for target in contract.targets.all()}
    for kind, quantity in targets.items():
        target = existing.pop(kind.pk, None)
        if not quantity:
            if target is not None:
                _as(target, user).delete()
            continue
        if target is None:
            target = ContractTarget(contract=contract, kind=kind)
        elif target.quantity == quantity:
            continue
        target.quantity = quantity
        _as(target, user)
        target.full_clean()
        target.save()


@transaction.atomic
def contract_create(
    *,
    user: User,
    provider: Organization,
    title: str,
    category: str,
    amount: Decimal,
    signed_on: date,
    starts_on: date,
    ends_on: date,
    division: Division | None = None,
    funding_source: str = "",
    notes: str = "",
    targets: dict[DeliverableKind, int] | None = None,
) -> Contract:
    if not permissions.can_edit_contract(user):
        raise PermissionDenied
    deliverable_kinds_ensure()
    contract = Contract(
        division=division or user.division or provider.division,
        provider=provider,
        title=title,
        category=category,
        amount=amount,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        funding_source=funding_source,
        notes=notes,
        created_by=user,
    )
    _as(contract, user)
    contract.full_clean()
    contract.save()
    _save_targets(contract, targets or {}, user)
    return contract


@transaction.atomic
def contract_update(
    *, user: User, contract: Contract, targets: dict[DeliverableKind, int] | None = None, **fields
) -> Contract:
    if not permissions.can_edit_contract(user, contract):
        raise PermissionDenied
    allowed = {
        "provider",
        "title",
        "category",
        "amount",
        "signed_on",
        "starts_on",
        "ends_on",
        "funding_source",
        "notes",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(contract, name, value)
    _as(contract, user)
    contract.full_clean()
    contract.save()
    if targets is not None:
        _save_targets(contract, targets, user)
    return contract


@transaction.atomic
def contract_document_attach(
    *, user: User, contract: Contract, file: UploadedFile, description: str = ""
) -> ContractDocument:
    if not permissions.can_edit_contract(user, contract):
        raise PermissionDenied
    document = ContractDocument(
        contract=contract, file=file, original_name=file.name[:200], description=description, uploaded_by=user
    )
    document.full_clean()
    document.save()
    return document


# --- deliveries -----------------------------------------------------------------------


def _check_in_term(contract: Contract, day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})
    if not contract.starts_on <= day <= contract.ends_on:
        raise ValidationError(
            {
                field: _("The date must fall within the contract's term (%(start)s to %(end)s).")
                % {"start": contract.starts_on.isoformat(), "end": contract.ends_on.isoformat()}
            }
        )


def _attach(delivery: Delivery, user: User, kind: str, upload: UploadedFile) -> DeliveryEvidence:
    try:
        validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    evidence = DeliveryEvidence(
        delivery=delivery, kind=kind, file=upload, original_name=upload.name[:200], uploaded_by=user
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def delivery_record(
    *,
    user: User,
    contract: Contract,
    kind: DeliverableKind,
    delivered_on: date,
    quantity: int = 1,
    persons_served: int = 0,
    place: str = "",
    served_organization: Organization | None = None,
    served_union: UnionBranch | None = None,
    description: str = "",
    evidence: list[tuple[str, UploadedFile]] = (),
) -> Delivery:
    """Record a delivery (unconfirmed) with its evidence; staff confirm it later.

    The caller picks ``contract`` through ``visible_to(user)``, so another provider's
    contract is never found; this checks that the user may record against it.
    """
    if not permissions.can_record_delivery(user, contract):
        raise PermissionDenied
    _check_in_term(contract, delivered_on, "delivered_on")
    targeted = list(contract.targets.select_related("kind").order_by("kind__order"))
    if targeted and kind.pk not in {target.kind_id for target in targeted}:
        raise ValidationError(
            {
                "kind": _("“%(kind)s” is not delivered under this contract; it covers: %(kinds)s.")
                % {"kind": kind, "kinds": "、".join(str(target.kind) for target in targeted)}
            }
        )
    delivery = Delivery(
        contract=contract,
        kind=kind,
        delivered_on=delivered_on,
        quantity=quantity,
        persons_served=persons_served,
        place=place,
        served_organization=served_organization,
        served_union=served_union,
        description=description,
        recorded_by=user,
    )
    _as(delivery, user)
    delivery.full_clean()
    delivery.save()
    for evidence_kind, upload in evidence:
        _attach(delivery, user, evidence_kind, upload)
    return delivery


@transaction.atomic
def delivery_evidence_attach(
    *, user: User, delivery: Delivery, file: UploadedFile, kind: str = DeliveryEvidence.Kind.SIGN_IN_SHEET
) -> DeliveryEvidence:
    if not permissions.can_add_evidence(user, delivery):
        raise PermissionDenied
    return _attach(delivery, user, kind, file)


@transaction.atomic
def delivery_confirm(*, user: User, delivery: Delivery) -> Delivery:
    """Staff confirm a delivery; from then on it counts towards targets and figures."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if not permissions.can_confirm_delivery(user, delivery):
        if delivery.is_confirmed:
            raise ValidationError(_("This delivery is already confirmed."))
        raise PermissionDenied
    if delivery.recorded_by_id == user.pk:
        raise ValidationError(
            _("A delivery is confirmed by another staff member than the one who recorded it (%(name)s).")
            % {"name": user.get_full_name() or user.get_username()}
        )
    delivery.status = Delivery.Status.CONFIRMED
    delivery.confirmed_by = user
    delivery.confirmed_at = timezone.now()
    _as(delivery, user)
    delivery.full_clean()
    delivery.save()
    _notify_delivery_confirmed(delivery, confirmed_by=user)
    return delivery


def _notify_delivery_confirmed(delivery: Delivery, *, confirmed_by: User) -> None:
    """The provider's people (and whoever recorded the delivery) learn that it now counts;
    the organization served is not told: the record is the provider's."""
    recipients = {
        user.pk: user for user in User.objects.filter(is_active=True, organizations=delivery.contract.provider_id)
    }
    if delivery.recorded_by_id and delivery.recorded_by.is_active:
        recipients.setdefault(delivery.recorded_by_id, delivery.recorded_by)
    recipients.pop(confirmed_by.pk, None)
    notification_send(
        recipients=list(recipients.values()),
        key=f"delivery:{delivery.pk}:confirmed",
        title=_("Delivery confirmed: %(kind)s on %(day)s under %(contract)s")
        % {"kind": delivery.kind, "day": delivery.delivered_on.isoformat(), "contract": delivery.contract},
        url=delivery.get_absolute_url(),
        kind=notification_kinds.DELIVERY_CONFIRMED,
    )


@transaction.atomic
def contest_result_add(
    *, user: User, delivery: Delivery, award: str, winner: str, winner_organization: str = "", entry_title: str = ""
) -> ContestResult:
    if not permissions.can_add_evidence(user, delivery):
        raise PermissionDenied
    if delivery.kind.code != DeliverableKind.CONTEST:
        raise ValidationError(_("Only a contest has results."))
    result = ContestResult(
        delivery=delivery, award=award, winner=winner, winner_organization=winner_organization, entry_title=entry_title
    )
    _as(result, user)
    result.full_clean()
    result.save()
    return result


# --- legal aid ------------------------------------------------------------------------


@transaction.atomic
def legal_aid_case_record(
    *,
    user: User,
    contract: Contract,
    worker_name: str,
    employer: str,
    kind: str,
    accepted_on: date,
    worker_id_number: str = "",
    closed_on: date | None = None,
    outcome: str = LegalAidCase.Outcome.PENDING,
    outcome_notes: str = "",
    amount_recovered: Decimal = Decimal("0.00"),
) -> LegalAidCase:
    if not permissions.can_record_case(user, contract):
        raise PermissionDenied
    _check_in_term(contract, accepted_on, "accepted_on")
    case = LegalAidCase(
        contract=contract,
        worker_name=worker_name,
        worker_id_number=worker_id_number,
        employer=employer,
        kind=kind,
        accepted_on=accepted_on,
        closed_on=closed_on,
        outcome=outcome,
        outcome_notes=outcome_notes,
        amount_recovered=amount_recovered,
        recorded_by=user,
    )
    _as(case, user)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def legal_aid_case_confirm(*, user: User, case: LegalAidCase) -> LegalAidCase:
    case = LegalAidCase.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_confirm_case(user, case):
        if case.status == LegalAidCase.Status.CONFIRMED:
            raise ValidationError(_("This case is already confirmed."))
        raise PermissionDenied
    case.status = LegalAidCase.Status.CONFIRMED
    case.confirmed_by = user
    case.confirmed_at = timezone.now()
    _as(case, user)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def adviser_post(
    *,
    user: User,
    contract: Contract,
    lawyer: str,
    starts_on: date,
    union: UnionBranch | None = None,
    union_name: str = "",
    ends_on: date | None = None,
) -> AdviserPosting:
    if not permissions.can_edit_contract(user, contract):
        raise PermissionDenied
    posting = AdviserPosting(
        contract=contract, lawyer=lawyer, union=union, union_name=union_name, starts_on=starts_on, ends_on=ends_on
    )
    _as(posting, user)
    posting.full_clean()
    posting.save()
    return posting


# --- behind schedule ------------------------------------------------------------------


@dataclass(frozen=True)
class BehindCheck:
    contracts_checked: int
    targets_behind: int
    notifications_sent: int


def _staff_over(division_code: str):
    """Active staff of the contract's division and of the divisions above it."""
    ancestors = {division_code, division_code[:4] + "00", division_code[:2] + "0000"}
    return User.objects.filter(is_active=True, role=User.Role.STAFF, division_id__in=ancestors)


def contracts_check_progress(*, today: date | None = None) -> BehindCheck:
    """Flag each target of the contracts in force that is behind its time-proportional
    expectation, clear the flag of those that caught up, and notify staff once per target
    and quarter of the term (the notification key names the stage, so a second run, a
    retry, or a target still behind later in the same quarter sends nothing new)."""
    today = today or timezone.localdate()
    contracts = list(Contract.objects.in_force(today).select_related("provider"))
    progress = progress_for(contracts, today)
    behind_count = sent = 0
    for contract in contracts:
        for item in progress[contract.pk]:
            if item.behind:
                behind_count += 1
                # .update(): a system flag, not a change by a person, so no history row.
                ContractTarget.objects.filter(pk=item.target_id, behind_since__isnull=True).update(behind_since=today)
                title = _("%(contract)s is behind schedule: %(kind)s") % {"contract": contract, "kind": item.kind}
                body = _("Delivered %(delivered)s of %(target)s; by now %(expected)s were expected.") % {
                    "delivered": item.delivered,
                    "target": item.target,
                    "expected": item.expected,
                }
                sent += len(
                    notification_send(
                        recipients=_staff_over(contract.division_id),
                        key=f"contract:{contract.pk}:behind:{item.kind.code}:{item.stage}",
                        title=title,
                        body=body,
                        url=contract.get_absolute_url(),
                        kind=notification_kinds.CONTRACT_BEHIND,
                    )
                )
            else:
                ContractTarget.objects.filter(pk=item.target_id, behind_since__isnull=False).update(behind_since=None)
    # Targets of contracts no longer in force are not behind any more: the term is over.
    ContractTarget.objects.filter(behind_since__isnull=False).filter(
        Q(contract__ends_on__lt=today) | Q(contract__starts_on__gt=today)
    ).update(behind_since=None)
    return BehindCheck(contracts_checked=len(contracts), targets_behind=behind_count, notifications_sent=sent)
