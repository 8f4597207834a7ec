"""Writes with rules for funds: the ledger, matching grants, mutual aid and beneficiaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orgs.models import Organization
from wangcang.models import User
from wangcang.permissions import require_staff
from wangcang.wording import yuan

from . import queries
from .models import (
    DuesRecord,
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MatchingGrant,
    MutualAidContribution,
    MutualAidPayout,
    PayoutRequest,
    StudentAid,
    money,
)


def _booked(message: str, **params) -> str:
    """Text written into the append-only books (a ledger entry's purpose): in the portal's
    language whoever posts it, since a posted entry is never edited."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(message)
        return text % params if params else text


@transaction.atomic
def fund_save(*, user: User, fund: Fund) -> Fund:
    require_staff(user)
    fund._history_user = user
    fund.full_clean()
    fund.save()
    return fund


@transaction.atomic
def fund_transaction_record(
    *,
    user: User,
    fund: Fund,
    occurred_on: date,
    amount: Decimal,
    direction: str,
    purpose: str,
    payer: str = "",
    beneficiary_organization: Organization | None = None,
    beneficiary_person: str = "",
    evidence=None,
    countersigned_by: User | None = None,
) -> FundTransaction:
    """Post one entry to the ledger. Amounts are rounded to the cent, half up. Money out above
    ``FUNDS_PAYOUT_COUNTERSIGN_ABOVE`` needs a second staff member (``countersigned_by``):
    the page records it as a ``PayoutRequest`` that another staff member approves."""
    require_staff(user)
    entry = FundTransaction(
        fund=fund,
        occurred_on=occurred_on,
        amount=money(amount),
        direction=direction,
        purpose=purpose,
        payer=payer,
        beneficiary_organization=beneficiary_organization,
        beneficiary_person=beneficiary_person,
        recorded_by=user,
    )
    if direction == FundTransaction.Direction.OUT:
        _check_balance(fund, entry.amount)
    if direction == FundTransaction.Direction.OUT and needs_countersign(money(amount)):
        if countersigned_by is None or countersigned_by.pk == user.pk:
            raise ValidationError(
                {
                    "amount": _(
                        "A payout above %(threshold)s yuan is approved by another staff member than the one "
                        "who records it."
                    )
                    % {"threshold": yuan(settings.FUNDS_PAYOUT_COUNTERSIGN_ABOVE)}
                }
            )
        require_staff(countersigned_by)
    if evidence:
        entry.evidence = evidence
        entry.evidence_name = evidence.name[:200]
    entry.full_clean()
    entry.save()
    return entry


def _check_balance(fund: Fund, amount: Decimal) -> None:
    """Money out never takes a fund below zero. The fund's row is locked first, so that two
    payouts at once cannot both pass on the same balance."""
    Fund.objects.select_for_update().filter(pk=fund.pk).first()
    balance = Fund.objects.filter(pk=fund.pk).with_balance().values_list("balance", flat=True).first() or Decimal(0)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("The balance of %(fund)s is %(balance)s yuan: %(amount)s yuan cannot be paid out of it.")
                % {"fund": fund, "balance": yuan(balance), "amount": yuan(amount)}
            }
        )


def needs_countersign(amount: Decimal) -> bool:
    return amount > settings.FUNDS_PAYOUT_COUNTERSIGN_ABOVE


@transaction.atomic
def payout_request_create(
    *,
    user: User,
    fund: Fund,
    occurred_on: date,
    amount: Decimal,
    purpose: str,
    payer: str = "",
    beneficiary_organization: Organization | None = None,
    beneficiary_person: str = "",
    kind: str = PayoutRequest.Kind.LEDGER,
    details: dict | None = None,
) -> PayoutRequest:
    """Record a payout above the countersign threshold for another staff member to approve;
    the balance is checked now and again when it is posted."""
    require_staff(user)
    amount = money(amount)
    _check_balance(fund, amount)
    request = PayoutRequest(
        kind=kind,
        details=details or {},
        fund=fund,
        occurred_on=occurred_on,
        amount=amount,
        purpose=purpose,
        payer=payer,
        beneficiary_organization=beneficiary_organization,
        beneficiary_person=beneficiary_person,
        requested_by=user,
    )
    request._history_user = user
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def payout_request_approve(*, user: User, payout: PayoutRequest) -> PayoutRequest:
    """Another staff member approves: the payout is posted to the ledger, recorded by the one
    who asked and countersigned by the approver."""
    require_staff(user)
    payout = PayoutRequest.objects.select_for_update().get(pk=payout.pk)
    if payout.status != PayoutRequest.Status.PENDING:
        raise ValidationError(_("Only a payout awaiting approval can be approved."))
    if payout.requested_by_id == user.pk:
        raise ValidationError(_("A payout is approved by another staff member than the one who recorded it."))
    if payout.kind != PayoutRequest.Kind.LEDGER:
        record = _BENEFICIARY_ACTIONS[payout.kind](
            user=payout.requested_by or user,
            fund=payout.fund,
            amount=payout.amount,
            occurred_on=payout.occurred_on,
            countersigned_by=user,
            **_beneficiary_arguments(payout),
        )
        payout.transaction = record.transaction
        return _decide(payout, PayoutRequest.Status.APPROVED, user)
    payout.transaction = fund_transaction_record(
        user=payout.requested_by or user,
        fund=payout.fund,
        occurred_on=payout.occurred_on,
        amount=payout.amount,
        direction=FundTransaction.Direction.OUT,
        purpose=payout.purpose,
        payer=payout.payer,
        beneficiary_organization=payout.beneficiary_organization,
        beneficiary_person=payout.beneficiary_person,
        countersigned_by=user,
    )
    return _decide(payout, PayoutRequest.Status.APPROVED, user)


def _decide(record, status: str, user: User):
    """Record a staff decision on a payout request or a matching grant, with its history user."""
    record.status = status
    record.decided_by = user
    record.decided_at = timezone.now()
    record._history_user = user
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def payout_request_reject(*, user: User, payout: PayoutRequest) -> PayoutRequest:
    require_staff(user)
    payout = PayoutRequest.objects.select_for_update().get(pk=payout.pk)
    if payout.status != PayoutRequest.Status.PENDING:
        raise ValidationError(_("Only a payout awaiting approval can be rejected."))
    return _decide(payout, PayoutRequest.Status.REJECTED, user)


@transaction.atomic
def fund_transaction_reverse(
    *, user: User, entry: FundTransaction, reason: str, occurred_on: date | None = None
) -> FundTransaction:
    """Correct a posted entry with a reversing entry: same fund and amount, other direction."""
    require_staff(user)
    entry = FundTransaction.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise ValidationError(_("A reversing entry cannot itself be reversed; record a new entry instead."))
    if FundTransaction.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Entry #%(number)s has already been reversed.") % {"number": entry.pk})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    reversal = FundTransaction(
        fund=entry.fund,
        occurred_on=occurred_on or timezone.localdate(),
        amount=entry.amount,
        direction=FundTransaction.Direction.IN if entry.direction == FundTransaction.Direction.OUT else "out",
        payer=entry.payer,
        beneficiary_organization=entry.beneficiary_organization,
        beneficiary_person=entry.beneficiary_person,
        purpose=_booked(
            gettext_noop("Reversal of entry #%(number)s: %(reason)s"), number=entry.pk, reason=reason.strip()
        )[:200],
        reverses=entry,
        recorded_by=user,
    )
    reversal.full_clean()
    reversal.save()
    return reversal


@transaction.atomic
def dues_record_save(*, user: User, record: DuesRecord) -> DuesRecord:
    require_staff(user)
    record.amount = money(record.amount)
    if record.recorded_by_id is None:
        record.recorded_by = user
    record._history_user = user
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        # Two saves of the same period at once: the second finds the first here, not a 500.
        raise ValidationError(
            _("Dues of %(organization)s for %(start)s to %(end)s are already recorded.")
            % {"organization": record.organization, "start": record.period_start, "end": record.period_end}
        ) from error
    return record


def matching_amount(*, ratio: Decimal, dues: Decimal) -> Decimal:
    """The matching grant: ratio × dues, to the cent (half up)."""
    return money(Decimal(ratio) * Decimal(dues))


@transaction.atomic
def matching_grant_propose(
    *, user: User, fund: Fund, organization: Organization, period_start: date, period_end: date
) -> MatchingGrant:
    """Propose the grant from the dues the organization collected in the period: accepted
    self-reports first, recorded dues where no accepted self-report gives them."""
    require_staff(user)
    if fund.kind != Fund.Kind.MATCHING:
        raise ValidationError({"fund": _("Matching grants are paid from a matching-grant fund.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    dues, source = queries.dues_collected(organization=organization, period_start=period_start, period_end=period_end)
    if source is None or dues <= 0:
        raise ValidationError(
            _(
                "%(organization)s has no dues for %(start)s to %(end)s: neither an accepted self-report "
                "nor a dues record. Record the dues first."
            )
            % {"organization": organization, "start": period_start, "end": period_end}
        )
    grant = MatchingGrant(
        fund=fund,
        organization=organization,
        period_start=period_start,
        period_end=period_end,
        dues_amount=dues,
        source=source,
        ratio=fund.matching_ratio,
        amount=matching_amount(ratio=fund.matching_ratio, dues=dues),
        proposed_by=user,
    )
    grant._history_user = user
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def matching_grant_approve(*, user: User, grant: MatchingGrant, paid_on: date | None = None) -> MatchingGrant:
    """Approve a proposed grant and post it to the ledger as money out to the organization."""
    require_staff(user)
    grant = MatchingGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != MatchingGrant.Status.PROPOSED:
        raise ValidationError(_("Only a proposed grant can be approved."))
    if grant.proposed_by_id == user.pk:
        raise ValidationError(_("A matching grant is approved by another staff member than the one who proposed it."))
    grant.transaction = fund_transaction_record(
        user=user,
        fund=grant.fund,
        occurred_on=paid_on or timezone.localdate(),
        amount=grant.amount,
        direction=FundTransaction.Direction.OUT,
        beneficiary_organization=grant.organization,
        purpose=_booked(
            gettext_noop("Matching grant 1:%(ratio)s on dues of %(dues)s yuan, %(start)s to %(end)s"),
            ratio=f"{grant.ratio.normalize():f}",
            dues=yuan(grant.dues_amount),
            start=grant.period_start,
            end=grant.period_end,
        ),
        payer=str(grant.fund),
        countersigned_by=grant.proposed_by,
    )
    return _decide(grant, MatchingGrant.Status.APPROVED, user)


@transaction.atomic
def matching_grant_reject(*, user: User, grant: MatchingGrant) -> MatchingGrant:
    require_staff(user)
    grant = MatchingGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != MatchingGrant.Status.PROPOSED:
        raise ValidationError(_("Only a proposed grant can be rejected."))
    return _decide(grant, MatchingGrant.Status.REJECTED, user)


def _require_kind(fund: Fund, kind: str) -> None:
    if fund.kind != kind:
        raise ValidationError({"fund": _("This fund is not a “%(kind)s” fund.") % {"kind": Fund.Kind(kind).label}})


@transaction.atomic
def mutual_aid_contribution_record(
    *,
    user: User,
    fund: Fund,
    member_name: str,
    id_number: str,
    amount: Decimal,
    occurred_on: date,
    organization: Organization | None = None,
) -> MutualAidContribution:
    _require_kind(fund, Fund.Kind.MUTUAL_AID)
    entry = fund_transaction_record(
        user=user,
        fund=fund,
        occurred_on=occurred_on,
        amount=amount,
        direction=FundTransaction.Direction.IN,
        payer=member_name,
        beneficiary_organization=organization,
        purpose=_booked(gettext_noop("Mutual-aid contribution")),
    )
    contribution = MutualAidContribution(transaction=entry, member_name=member_name, id_number=id_number.upper())
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def mutual_aid_payout_record(
    *,
    user: User,
    fund: Fund,
    member_name: str,
    id_number: str,
    amount: Decimal,
    occurred_on: date,
    reason: str,
    organization: Organization | None = None,
    countersigned_by: User | None = None,
) -> MutualAidPayout:
    """Pay mutual aid, at most the fund's multiple of what the member contributed (less what
    the member already received)."""
    _require_kind(fund, Fund.Kind.MUTUAL_AID)
    id_number = id_number.upper()
    amount = money(amount)
    _check_mutual_aid_limit(fund, id_number, amount)
    entry = fund_transaction_record(
        user=user,
        fund=fund,
        occurred_on=occurred_on,
        amount=amount,
        direction=FundTransaction.Direction.OUT,
        payer=str(fund),
        beneficiary_organization=organization,
        beneficiary_person=member_name,
        purpose=_booked(gettext_noop("Mutual aid: %(reason)s"), reason=reason),
        countersigned_by=countersigned_by,
    )
    payout = MutualAidPayout(transaction=entry, member_name=member_name, id_number=id_number, reason=reason)
    payout.full_clean()
    payout.save()
    return payout


def _check_mutual_aid_limit(fund: Fund, id_number: str, amount: Decimal) -> None:
    # Lock the fund row so that two payouts to one member cannot both pass the limit check.
    Fund.objects.select_for_update().filter(pk=fund.pk).first()
    standing = queries.mutual_aid_standing(fund=fund, id_number=id_number)
    if amount > standing.available:
        raise ValidationError(
            {
                "amount": _(
                    "Mutual aid is limited to %(multiple)s times what the member contributed: contributed "
                    "%(contributed)s yuan, limit %(limit)s yuan, already paid %(paid)s yuan, so at most "
                    "%(available)s yuan can be paid now, not %(amount)s yuan."
                )
                % {
                    "multiple": f"{fund.mutual_aid_multiple.normalize():f}",
                    "contributed": standing.contributed,
                    "limit": standing.limit,
                    "paid": standing.paid,
                    "available": standing.available,
                    "amount": amount,
                }
            }
        )


@transaction.atomic
def student_aid_grant(
    *,
    user: User,
    fund: Fund,
    student_name: str,
    school: str,
    grade: str,
    household: str,
    amount: Decimal,
    occurred_on: date,
    countersigned_by: User | None = None,
) -> StudentAid:
    _require_kind(fund, Fund.Kind.STUDENT_AID)
    entry = fund_transaction_record(
        user=user,
        fund=fund,
        occurred_on=occurred_on,
        amount=amount,
        direction=FundTransaction.Direction.OUT,
        payer=str(fund),
        beneficiary_person=student_name,
        purpose=_booked(gettext_noop("Golden-autumn student aid: %(school)s %(grade)s"), school=school, grade=grade),
        countersigned_by=countersigned_by,
    )
    aid = StudentAid(
        transaction=entry,
        student_name=student_name,
        school=school,
        grade=grade,
        household=household,
        amount=entry.amount,
    )
    aid.full_clean()
    aid.save()
    return aid


@transaction.atomic
def household_assistance_grant(
    *,
    user: User,
    fund: Fund,
    head_of_household: str,
    persons: int,
    kind_of_help: str,
    amount: Decimal,
    occurred_on: date,
    countersigned_by: User | None = None,
) -> HouseholdAssistance:
    _require_kind(fund, Fund.Kind.ASSISTANCE)
    entry = fund_transaction_record(
        user=user,
        fund=fund,
        occurred_on=occurred_on,
        amount=amount,
        direction=FundTransaction.Direction.OUT,
        payer=str(fund),
        beneficiary_person=head_of_household,
        purpose=_booked(gettext_noop("Assistance to a household in hardship: %(kind)s"), kind=kind_of_help),
        countersigned_by=countersigned_by,
    )
    assistance = HouseholdAssistance(
        transaction=entry,
        head_of_household=head_of_household,
        persons=persons,
        kind_of_help=kind_of_help,
        amount=entry.amount,
    )
    assistance.full_clean()
    assistance.save()
    return assistance


_BENEFICIARY_ACTIONS = {
    PayoutRequest.Kind.STUDENT_AID: student_aid_grant,
    PayoutRequest.Kind.ASSISTANCE: household_assistance_grant,
    PayoutRequest.Kind.MUTUAL_AID: mutual_aid_payout_record,
}
_BENEFICIARY_FUND_KINDS = {
    PayoutRequest.Kind.STUDENT_AID: Fund.Kind.STUDENT_AID,
    PayoutRequest.Kind.ASSISTANCE: Fund.Kind.ASSISTANCE,
    PayoutRequest.Kind.MUTUAL_AID: Fund.Kind.MUTUAL_AID,
}


def _beneficiary_arguments(payout: PayoutRequest) -> dict:
    """The beneficiary action's own arguments, as the request keeps them."""
    arguments = dict(payout.details)
    if payout.kind == PayoutRequest.Kind.MUTUAL_AID:
        arguments["organization"] = payout.beneficiary_organization
    return arguments


@transaction.atomic
def beneficiary_payout_request(
    *,
    user: User,
    kind: str,
    fund: Fund,
    amount: Decimal,
    occurred_on: date,
    organization: Organization | None = None,
    **details,
) -> PayoutRequest:
    """Student aid, household assistance or mutual aid above ``FUNDS_PAYOUT_COUNTERSIGN_ABOVE``:
    checked now as the payout itself would be (fund kind, beneficiary fields, balance, the
    mutual-aid limit), then kept as a ``PayoutRequest``; the beneficiary record and its ledger
    entry are written when another staff member approves it."""
    require_staff(user)
    _require_kind(fund, _BENEFICIARY_FUND_KINDS[kind])
    amount = money(amount)
    if kind == PayoutRequest.Kind.STUDENT_AID:
        record = StudentAid(amount=amount, **details)
        person = details["student_name"]
        purpose = _booked(
            gettext_noop("Golden-autumn student aid: %(school)s %(grade)s"),
            school=details["school"],
            grade=details["grade"],
        )
    elif kind == PayoutRequest.Kind.ASSISTANCE:
        record = HouseholdAssistance(amount=amount, **details)
        person = details["head_of_household"]
        purpose = _booked(gettext_noop("Assistance to a household in hardship: %(kind)s"), kind=details["kind_of_help"])
    else:
        details["id_number"] = details["id_number"].upper()
        record = MutualAidPayout(**details)
        person = details["member_name"]
        purpose = _booked(gettext_noop("Mutual aid: %(reason)s"), reason=details["reason"])
        _check_mutual_aid_limit(fund, details["id_number"], amount)
    record.full_clean(exclude=["transaction"], validate_constraints=False)
    return payout_request_create(
        user=user,
        fund=fund,
        occurred_on=occurred_on,
        amount=amount,
        purpose=purpose[:200],
        payer=str(fund),
        beneficiary_organization=organization,
        beneficiary_person=person,
        kind=kind,
        details=details,
    )
