import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orgs.models import SelfReport
from services.funds import actions, queries
from services.funds.models import Fund, MatchingGrant

from .factories import DuesRecordFactory, FundFactory, accepted_self_report, funded, id_number, second_staff

pytestmark = pytest.mark.django_db

D = Decimal
Y2022 = {"period_start": datetime.date(2022, 1, 1), "period_end": datetime.date(2022, 12, 31)}


def test_matching_grant_from_accepted_self_report_is_ratio_times_dues(staff_user, organization):
    fund = funded(FundFactory(kind=Fund.Kind.MATCHING))  # default ratio 2 (1:2)
    accepted_self_report(organization, D("8800.00"))
    grant = actions.matching_grant_propose(user=staff_user, fund=fund, organization=organization, **Y2022)
    assert (grant.dues_amount, grant.source, grant.amount) == (D("8800.00"), "self_report", D("17600.00"))
    assert grant.status == MatchingGrant.Status.PROPOSED and grant.transaction is None
    grant = actions.matching_grant_approve(user=second_staff(), grant=grant, paid_on=datetime.date(2023, 3, 1))
    entry = grant.transaction
    assert (entry.direction, entry.amount, entry.beneficiary_organization) == ("out", D("17600.00"), organization)
    with pytest.raises(ValidationError):
        actions.matching_grant_approve(user=staff_user, grant=grant)


def test_unaccepted_self_report_is_not_used_and_recorded_dues_are(staff_user, organization):
    fund = FundFactory(kind=Fund.Kind.MATCHING, matching_ratio=D("1.5"))
    accepted_self_report(organization, D("9999.00"), status=SelfReport.Status.SUBMITTED)
    with pytest.raises(ValidationError, match=r"会费|dues"):
        actions.matching_grant_propose(user=staff_user, fund=fund, organization=organization, **Y2022)
    DuesRecordFactory(organization=organization, amount=D("333.33"))
    grant = actions.matching_grant_propose(user=staff_user, fund=fund, organization=organization, **Y2022)
    assert (grant.source, grant.amount) == ("dues_record", D("500.00"))  # 499.995 rounds half up


def test_matching_grant_proposed_once_per_period_unless_rejected(staff_user, organization):
    fund = FundFactory(kind=Fund.Kind.MATCHING)
    DuesRecordFactory(organization=organization, amount=D("100"))
    grant = actions.matching_grant_propose(user=staff_user, fund=fund, organization=organization, **Y2022)
    with pytest.raises(ValidationError):
        actions.matching_grant_propose(user=staff_user, fund=fund, organization=organization, **Y2022)
    actions.matching_grant_reject(user=staff_user, grant=grant)
    again = actions.matching_grant_propose(user=staff_user, fund=fund, organization=organization, **Y2022)
    assert again.amount == D("200.00")


def test_matching_candidates_prefer_self_reports(staff_user, organization, other_organization):
    fund = FundFactory(kind=Fund.Kind.MATCHING)
    accepted_self_report(organization, D("100"))
    DuesRecordFactory(organization=organization, amount=D("999"))
    DuesRecordFactory(organization=other_organization, amount=D("50"))
    rows = {row["organization_id"]: row for row in queries.matching_candidates_for(staff_user, fund=fund, **Y2022)}
    assert rows[organization.pk]["amount"] == D("200.00") and rows[organization.pk]["source"] == "self_report"
    assert rows[other_organization.pk]["amount"] == D("100.00")


def _contribute(user, fund, id_number, amount):
    return actions.mutual_aid_contribution_record(
        user=user,
        fund=fund,
        member_name="赵会员",
        id_number=id_number,
        amount=D(amount),
        occurred_on=datetime.date(2022, 1, 5),
    )


def _pay(user, fund, id_number, amount):
    return actions.mutual_aid_payout_record(
        user=user,
        fund=fund,
        member_name="赵会员",
        id_number=id_number,
        amount=D(amount),
        occurred_on=datetime.date(2022, 6, 5),
        reason="重病住院",
    )


def test_mutual_aid_payout_at_the_limit_passes_and_over_it_is_refused_in_chinese(staff_user, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID))  # 20×
    member = id_number(123456)
    _contribute(staff_user, fund, member, "50")
    _contribute(staff_user, fund, member, "50")
    _pay(staff_user, fund, member, "1500")
    _pay(staff_user, fund, member, "500")  # exactly 20 × 100
    assert queries.mutual_aid_standing(fund=fund, id_number=member).available == D("0.00")
    with pytest.raises(ValidationError) as info:
        _pay(staff_user, fund, member, "0.01")
    message = info.value.message_dict["amount"][0]
    assert "20" in message and "2000.00" in message and "0.00" in message
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as info:
            _pay(staff_user, fund, member, "0.01")
        assert "互助" in info.value.message_dict["amount"][0]


def test_mutual_aid_limit_counts_reversals(staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID, mutual_aid_multiple=D("10")))
    member = id_number(2222)
    _contribute(staff_user, fund, member, "10")
    payout = _pay(staff_user, fund, member, "100")
    with pytest.raises(ValidationError):
        _pay(staff_user, fund, member, "1")
    actions.fund_transaction_reverse(user=staff_user, entry=payout.transaction, reason="错付")
    assert _pay(staff_user, fund, member, "100").transaction.amount == D("100.00")
    # A member who contributed nothing gets nothing.
    with pytest.raises(ValidationError):
        _pay(staff_user, fund, id_number(3333), "1")


def test_the_matching_grant_form_opens_on_the_last_full_year_with_dues(staff_user):
    """Not an empty last year when the county's dues stop earlier (the demo's in 2022)."""
    from services.funds.forms import ProposeForm

    last_year = datetime.date.today().year - 1
    form = ProposeForm(user=staff_user)
    assert form.fields["period_start"].initial == datetime.date(last_year, 1, 1)  # no dues at all
    DuesRecordFactory()  # 2022
    form = ProposeForm(user=staff_user)
    assert (form.fields["period_start"].initial, form.fields["period_end"].initial) == (
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
    )
