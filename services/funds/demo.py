"""Demo data of the funds (idempotent): matching grants at 1:2 on dues, the Chunlei love fund
with its 20× mutual aid, golden-autumn student aid to 83 students (198,500 yuan), a 98,600
yuan subsidy to the Xinxin union, and assistance to 120 households with 483 persons."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from orgs.demo_registry import CHUNLEI, XINXIN, YOUTH_VOLUNTEERS
from orgs.models import Organization, SelfReport
from wangcang.models import User

from . import actions
from .models import (
    DuesRecord,
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MatchingGrant,
    MutualAidContribution,
    StudentAid,
)

D = Decimal
YEAR_START, YEAR_END = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)
# Dues each organization collected in 2022; the youth volunteers' come from their accepted
# self-report when the self-report demo has one.
DUES_2022 = {YOUTH_VOLUNTEERS: D("8800.00"), CHUNLEI: D("3200.00"), XINXIN: D("2500.00")}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
SCHOOLS = [("四川大学", "大一"), ("西南交通大学", "大一"), ("旺苍中学", "高三"), ("旺苍东城中学", "高二")]


def _id_number(serial: int) -> str:
    from stdnum.cn import ric

    body = f"510821{1985 + serial % 20}{1 + serial % 12:02d}{1 + serial % 28:02d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _fund(name: str, kind: str, **extra) -> Fund:
    fund, created = Fund.objects.get_or_create(division_id="510821", name=name, defaults={"kind": kind, **extra})
    if created:  # the change history names who set the fund up
        fund.history.update(history_user=User.objects.filter(username="staff").first())
    return fund


def _income(user, fund: Fund, amount: str, day: datetime.date, purpose: str) -> None:
    if not FundTransaction.objects.filter(fund=fund, direction="in", purpose=purpose).exists():
        actions.fund_transaction_record(
            user=user,
            fund=fund,
            occurred_on=day,
            amount=D(amount),
            direction="in",
            payer="旺苍县总工会",
            purpose=purpose,
        )


@transaction.atomic
def load(*, stdout=None) -> None:
    """Demo data of this part (idempotent)."""
    staff = User.objects.get(username="staff")
    organizations = {org.name: org for org in Organization.objects.filter(name__in=[YOUTH_VOLUNTEERS, CHUNLEI, XINXIN])}

    matching = _fund("会费配套资金", Fund.Kind.MATCHING, description="按社会组织工会当年收缴会费1:2配套返还。")
    love = _fund(
        "春蕾爱心基金",
        Fund.Kind.MUTUAL_AID,
        organization=organizations[CHUNLEI],
        description="会员缴纳爱心互助金，遇困难时最高可获缴纳金额20倍的互助金。",
    )
    students = _fund("金秋助学", Fund.Kind.STUDENT_AID, description="资助困难职工家庭子女入学。")
    assistance = _fund("困难职工帮扶", Fund.Kind.ASSISTANCE, description="走访慰问、帮扶困难职工家庭。")
    subsidy = _fund("社会组织工会经费补助", Fund.Kind.SUBSIDY, description="补助社会组织工会开展工作。")

    _income(staff, matching, "100000", datetime.date(2022, 1, 10), "县总工会拨入会费配套资金")
    _income(staff, students, "200000", datetime.date(2022, 7, 1), "县总工会拨入金秋助学资金")
    _income(staff, assistance, "150000", datetime.date(2022, 1, 10), "县总工会拨入帮扶资金")
    _income(staff, subsidy, "100000", datetime.date(2022, 3, 1), "县总工会拨入工会经费补助")
    _income(staff, love, "20000", datetime.date(2022, 2, 1), "县总工会和爱心企业捐赠爱心基金")

    # Matching grants at 1:2 on the 2022 dues.
    for name, dues in DUES_2022.items():
        organization = organizations[name]
        reported = SelfReport.objects.accepted().filter(
            organization=organization,
            round__period_start__gte=YEAR_START,
            round__period_end__lte=YEAR_END,
            dues_collected__isnull=False,
        )
        if not reported.exists():
            DuesRecord.objects.get_or_create(
                organization=organization,
                period_start=YEAR_START,
                period_end=YEAR_END,
                defaults={"amount": dues, "recorded_by": staff, "note": "2022年度会费收缴台账"},
            )
        if not MatchingGrant.objects.filter(fund=matching, organization=organization, period_start=YEAR_START).exists():
            grant = actions.matching_grant_propose(
                user=staff, fund=matching, organization=organization, period_start=YEAR_START, period_end=YEAR_END
            )
            # Approved by another staff member than the one who proposed it.
            approver = User.objects.filter(username="admin").first()
            actions.matching_grant_approve(user=approver, grant=grant, paid_on=datetime.date(2023, 3, 15))

    # The Chunlei love fund: ten members pay 100 yuan each; four in hardship get up to 20×.
    if not MutualAidContribution.objects.filter(transaction__fund=love).exists():
        members = [(f"{SURNAMES[index]}春蕾", _id_number(index + 1)) for index in range(10)]
        for name, number in members:
            actions.mutual_aid_contribution_record(
                user=staff,
                fund=love,
                member_name=name,
                id_number=number,
                amount=D("100"),
                occurred_on=datetime.date(2022, 2, 15),
                organization=organizations[CHUNLEI],
            )
        for (name, number), amount, reason in zip(
            members,
            ("2000", "1500", "2000", "1200"),
            ("重病住院", "子女上学困难", "因灾房屋受损", "家人重病"),
            strict=False,
        ):
            actions.mutual_aid_payout_record(
                user=staff,
                fund=love,
                member_name=name,
                id_number=number,
                amount=D(amount),
                occurred_on=datetime.date(2022, 9, 20),
                reason=reason,
                organization=organizations[CHUNLEI],
            )

    # Golden-autumn student aid: 26 university students at 3,250 and 57 high-school students
    # at 2,000: 83 students, 198,500 yuan.
    if not StudentAid.objects.filter(transaction__fund=students).exists():
        for index in range(83):
            school, grade = SCHOOLS[index % 2] if index < 26 else SCHOOLS[2 + index % 2]
            actions.student_aid_grant(
                user=staff,
                fund=students,
                student_name=f"{SURNAMES[index % len(SURNAMES)]}同学{index + 1}",
                school=school,
                grade=grade,
                household="困难职工家庭",
                amount=D("3250") if index < 26 else D("2000"),
                occurred_on=datetime.date(2022, 8, 25),
            )

    # Subsidy to the Xinxin social service centre union.
    if not FundTransaction.objects.filter(fund=subsidy, direction="out").exists():
        actions.fund_transaction_record(
            user=staff,
            fund=subsidy,
            occurred_on=datetime.date(2022, 6, 30),
            amount=D("98600"),
            direction="out",
            payer="旺苍县总工会",
            beneficiary_organization=organizations[XINXIN],
            purpose="新心康乐社会服务中心工会经费补助",
            countersigned_by=User.objects.filter(username="admin").first(),
        )

    # Assistance: 120 households, 483 persons (117 of four, 3 of five).
    if not HouseholdAssistance.objects.filter(transaction__fund=assistance).exists():
        for index in range(120):
            actions.household_assistance_grant(
                user=staff,
                fund=assistance,
                head_of_household=f"{SURNAMES[index % len(SURNAMES)]}某{index + 1}",
                persons=5 if index < 3 else 4,
                kind_of_help="节日慰问" if index % 2 else "大病救助",
                amount=D("1000"),
                occurred_on=datetime.date(2022, 1, 20) if index < 60 else datetime.date(2022, 12, 20),
            )
    if stdout:
        stdout.write("  funds: matching grants, love fund, student aid, subsidy, assistance")
