"""Money rules: no payout beyond a fund's balance, a delivery only of what its contract buys,
and separation of duties (a second staff member confirms or approves)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from services import actions as service_actions
from services.funds import actions
from services.funds.models import Fund, FundTransaction, PayoutRequest
from services.models import DeliverableKind, Delivery
from tests.services.factories import ContractFactory, ContractTargetFactory, DeliveryFactory, kind

from .factories import DuesRecordFactory, FundFactory, FundTransactionFactory

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2022, 9, 1)


def funded(amount: str, kind_: str = Fund.Kind.STUDENT_AID, name: str = "金秋助学") -> Fund:
    fund = FundFactory(kind=kind_, name=name)
    FundTransactionFactory(fund=fund, amount=D(amount))
    return fund


def test_a_payout_beyond_the_balance_is_refused_showing_the_balance(staff_user):
    fund = funded("400.00")
    with pytest.raises(ValidationError) as refused:
        actions.student_aid_grant(
            user=staff_user,
            fund=fund,
            student_name="王小明",
            school="旺苍中学",
            grade="高一",
            household="困难职工家庭",
            amount=D("1000000"),
            occurred_on=DAY,
        )
    assert "400.00" in str(refused.value) and "金秋助学" in str(refused.value)
    assert FundTransaction.objects.filter(direction="out").count() == 0


def test_the_ledger_page_refuses_an_overdraft_at_the_amount(staff_client):
    fund = funded("400.00")
    page = staff_client.post(
        reverse("services:transaction-create"),
        {"fund": fund.pk, "occurred_on": "2022-09-01", "direction": "out", "amount": "400.01", "purpose": "助学"},
    )
    assert page.status_code == 200
    assert "余额为 400.00 元，不能支出 400.01 元" in page.content.decode()
    assert (
        staff_client.post(
            reverse("services:transaction-create"),
            {"fund": fund.pk, "occurred_on": "2022-09-01", "direction": "out", "amount": "400.00", "purpose": "助学"},
        ).status_code
        == 302
    )


@override_settings(FUNDS_PAYOUT_COUNTERSIGN_ABOVE=50000)
def test_a_payout_above_the_threshold_waits_for_another_staff_member(staff_client, staff_user, make_user):
    fund = funded("200000.00", Fund.Kind.SUBSIDY, "社会组织工会经费补助")
    data = {"fund": fund.pk, "occurred_on": "2022-09-01", "direction": "out", "amount": "98600", "purpose": "补助"}
    response = staff_client.post(reverse("services:transaction-create"), data, follow=True)
    payout = PayoutRequest.objects.get()
    assert response.redirect_chain[-1][0] == payout.get_absolute_url()
    assert "另一名工作人员批准" in response.content.decode()
    assert not FundTransaction.objects.filter(direction="out").exists()
    # The one who recorded it cannot approve it, neither by the page nor by the action.
    own = staff_client.post(reverse("services:payout-request-approve", args=[payout.pk]), follow=True)
    assert "记录人以外的另一名工作人员" in own.content.decode()
    with pytest.raises(ValidationError):
        actions.payout_request_approve(user=staff_user, payout=payout)
    with pytest.raises(ValidationError):
        actions.fund_transaction_record(
            user=staff_user, fund=fund, occurred_on=DAY, amount=D("98600"), direction="out", purpose="补助"
        )
    other = Client()
    approver = make_user("staff2", last_name="李")
    other.force_login(approver)
    assert other.post(reverse("services:payout-request-approve", args=[payout.pk])).status_code == 302
    payout.refresh_from_db()
    entry = FundTransaction.objects.get(direction="out")
    assert payout.status == "approved" and payout.transaction == entry and payout.decided_by == approver
    assert entry.recorded_by == staff_user and entry.amount == D("98600.00")
    # Under the threshold a single staff member posts as before.
    small = {**data, "amount": "500"}
    assert staff_client.post(reverse("services:transaction-create"), small).status_code == 302
    assert FundTransaction.objects.filter(direction="out").count() == 2


def test_a_matching_grant_is_approved_by_another_staff_member(staff_user, make_user, organization):
    fund = funded("100000.00", Fund.Kind.MATCHING, "会费配套资金")
    DuesRecordFactory(organization=organization, amount=D("100"))
    grant = actions.matching_grant_propose(
        user=staff_user,
        fund=fund,
        organization=organization,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        actions.matching_grant_approve(user=staff_user, grant=grant)
    assert "另一名工作人员批准" in str(refused.value)
    approved = actions.matching_grant_approve(user=make_user("staff2"), grant=grant)
    assert approved.status == "approved" and approved.transaction.amount == D("200.00")


def test_a_delivery_is_only_of_a_kind_its_contract_buys(staff_user):
    law_firm = ContractFactory(title="法律服务合同")
    ContractTargetFactory(contract=law_firm, kind=kind(DeliverableKind.CONSULTATION))
    ContractTargetFactory(contract=law_firm, kind=kind(DeliverableKind.LEGAL_AID_CASE))
    with pytest.raises(ValidationError) as refused:
        service_actions.delivery_record(
            user=staff_user,
            contract=law_firm,
            kind=kind(DeliverableKind.SURGERY),
            delivered_on=datetime.date(2023, 3, 1),
            quantity=2300,
        )
    assert "本合同不含" in str(refused.value) and "手术" in str(refused.value)
    assert not Delivery.objects.exists()
    service_actions.delivery_record(
        user=staff_user,
        contract=law_firm,
        kind=kind(DeliverableKind.CONSULTATION),
        delivered_on=datetime.date(2023, 3, 1),
        quantity=3,
    )
    assert Delivery.objects.count() == 1


def test_a_delivery_is_confirmed_by_another_staff_member(staff_user, make_user):
    delivery = DeliveryFactory(status=Delivery.Status.UNCONFIRMED, confirmed_at=None, recorded_by=staff_user)
    with pytest.raises(ValidationError) as refused:
        service_actions.delivery_confirm(user=staff_user, delivery=delivery)
    assert "另一名工作人员确认" in str(refused.value)
    confirmed = service_actions.delivery_confirm(user=make_user("staff2"), delivery=delivery)
    assert confirmed.status == Delivery.Status.CONFIRMED
