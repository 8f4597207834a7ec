import datetime
from decimal import Decimal

import pytest

from services.funds import actions
from services.funds.models import Fund
from wangcang.catalogue import Scope, charts, compute
from wangcang.models import Division
from wangcang.periods import parse_period

from .factories import FundFactory, funded, second_staff

pytestmark = pytest.mark.django_db
D = Decimal


def values(period: str):
    return compute(Scope(division=Division.objects.get(code="510821"), period=parse_period(period)))


def pay(user, fund, amount, day, **extra):
    return actions.fund_transaction_record(
        user=user,
        fund=fund,
        occurred_on=day,
        amount=D(amount),
        direction="out",
        purpose="测试",
        countersigned_by=second_staff(),
        **extra,
    )


def test_reversed_entries_count_in_no_period_and_amounts_agree_with_counts(staff_user, organization):
    matching = FundFactory(kind=Fund.Kind.MATCHING)
    subsidy = funded(FundFactory(kind=Fund.Kind.SUBSIDY))
    students = funded(FundFactory(kind=Fund.Kind.STUDENT_AID))
    households = funded(FundFactory(kind=Fund.Kind.ASSISTANCE))
    actions.fund_transaction_record(
        user=staff_user,
        fund=matching,
        occurred_on=datetime.date(2022, 1, 1),
        amount=D("9999"),
        direction="in",
        purpose="拨入",
    )
    pay(staff_user, matching, "100", datetime.date(2022, 12, 31), beneficiary_organization=organization)
    wrong = pay(staff_user, matching, "40", datetime.date(2022, 6, 1))
    actions.fund_transaction_reverse(user=staff_user, entry=wrong, reason="错付", occurred_on=datetime.date(2023, 1, 1))
    pay(staff_user, subsidy, "98600", datetime.date(2022, 7, 1))
    for index in range(3):
        aid = actions.student_aid_grant(
            user=staff_user,
            fund=students,
            student_name=f"学生{index}",
            school="旺苍中学",
            grade="高一",
            household="脱贫户",
            amount=D("2000"),
            occurred_on=datetime.date(2022, 8, 31),
        )
    actions.fund_transaction_reverse(
        user=staff_user, entry=aid.transaction, reason="重复", occurred_on=datetime.date(2022, 9, 1)
    )
    actions.household_assistance_grant(
        user=staff_user,
        fund=households,
        head_of_household="张某",
        persons=4,
        kind_of_help="送温暖",
        amount=D("500"),
        occurred_on=datetime.date(2023, 1, 1),
    )
    y2022, y2023, everything = values("2022"), values("2023"), values("all")
    # The reversal is dated 2023 but cancels the 2022 entry in 2022: no period goes negative.
    assert y2022["funds.matching_amount"] == D("100.00") and y2023["funds.matching_amount"] == D("0.00")
    assert everything["funds.matching_amount"] == D("100.00")
    assert y2022["funds.subsidy_amount"] == D("98600.00")
    assert (y2022["funds.student_aid_students"], y2022["funds.student_aid_amount"]) == (2, D("4000.00"))
    assert (y2022["funds.assistance_households"], y2023["funds.assistance_households"]) == (0, 1)
    assert y2023["funds.assistance_persons"] == 4
    chart = next(c for c in charts() if c.code == "funds.flows_by_month")
    data = chart.compute(Scope(division=Division.objects.get(code="510821"), period=parse_period("2022")))
    assert "2022-07" in data["categories"] and {s["name"] for s in data["series"]} >= {subsidy.name}


def test_amounts_have_two_places(staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.SUBSIDY))
    pay(staff_user, fund, "10", datetime.date(2022, 1, 1))
    assert str(values("2022")["funds.subsidy_amount"]) == "10.00"
