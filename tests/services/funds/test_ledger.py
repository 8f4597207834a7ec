import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from services.funds import actions, queries
from services.funds.models import Fund, FundTransaction, money
from wangcang.models import AppendOnlyError

from .factories import FundFactory

pytestmark = pytest.mark.django_db

D = Decimal


def record(user, fund, amount, direction, day=datetime.date(2022, 3, 1)):
    return actions.fund_transaction_record(
        user=user, fund=fund, occurred_on=day, amount=D(amount), direction=direction, purpose="测试"
    )


def test_running_balances_per_fund(staff_user):
    fund, other = FundFactory(), FundFactory()
    record(staff_user, fund, "1000", "in", datetime.date(2022, 1, 1))
    record(staff_user, other, "50", "in", datetime.date(2022, 1, 2))
    record(staff_user, fund, "300.50", "out", datetime.date(2022, 2, 1))
    record(staff_user, fund, "20", "out", datetime.date(2022, 2, 1))
    rows = list(queries.ledger_for(staff_user).filter(fund=fund).order_by("occurred_on", "pk"))
    assert [row.running_balance for row in rows] == [D("1000.00"), D("699.50"), D("679.50")]
    balances = {f.pk: f.balance for f in queries.funds_with_balances_for(staff_user)}
    assert balances == {fund.pk: D("679.50"), other.pk: D("50.00")}
    # A filter on the page does not change the running balance of the rows it shows.
    assert queries.ledger_for(staff_user).get(pk=rows[2].pk).running_balance == D("679.50")


def test_reversing_entry_restores_the_balance_and_cannot_be_repeated(staff_user):
    fund = FundFactory()
    record(staff_user, fund, "500", "in")
    paid = record(staff_user, fund, "120", "out")
    reversal = actions.fund_transaction_reverse(user=staff_user, entry=paid, reason="重复支付")
    assert reversal.direction == "in" and reversal.amount == D("120.00") and reversal.reverses == paid
    assert "重复支付" in reversal.purpose
    assert queries.funds_with_balances_for(staff_user).get(pk=fund.pk).balance == D("500.00")
    with pytest.raises(ValidationError, match=r"已冲销|already been reversed"):
        actions.fund_transaction_reverse(user=staff_user, entry=paid, reason="again")
    with pytest.raises(ValidationError):
        actions.fund_transaction_reverse(user=staff_user, entry=reversal, reason="again")


def test_posted_entry_cannot_be_edited_or_deleted(staff_user):
    entry = record(staff_user, FundFactory(), "10", "in")
    entry.amount = D("11")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        FundTransaction.objects.filter(pk=entry.pk).update(amount=D("1"))
    with pytest.raises(AppendOnlyError):
        FundTransaction.objects.filter(pk=entry.pk).delete()
    assert FundTransaction.objects.get(pk=entry.pk).amount == D("10.00")


def test_officials_and_org_users_cannot_post(official_user, org_user):
    fund = FundFactory()
    for user in (official_user, org_user):
        with pytest.raises(PermissionDenied):
            record(user, fund, "10", "in")


def test_amounts_round_half_up_to_the_cent(staff_user):
    assert money(D("0.005")) == D("0.01")
    assert money(D("2.675")) == D("2.68")  # float would give 2.67
    assert money(D("0.004")) == D("0.00")
    assert money(D("-1.005")) == D("-1.01")
    entry = record(staff_user, FundFactory(), "10.125", "in")
    assert entry.amount == D("10.13")
    assert actions.matching_amount(ratio=D("1.5"), dues=D("0.03")) == D("0.05")  # 0.045, banker's gives 0.04


def test_zero_or_negative_amount_refused(staff_user):
    fund = FundFactory()
    for amount in ("0", "-5", "0.004"):
        with pytest.raises(ValidationError) as info:
            record(staff_user, fund, amount, "in")
        assert "amount" in info.value.message_dict


def test_fund_kind_is_checked_by_each_programme(staff_user):
    fund = FundFactory(kind=Fund.Kind.SUBSIDY)
    with pytest.raises(ValidationError):
        actions.student_aid_grant(
            user=staff_user,
            fund=fund,
            student_name="李小明",
            school="旺苍中学",
            grade="高一",
            household="",
            amount=D("100"),
            occurred_on=datetime.date(2022, 9, 1),
        )
