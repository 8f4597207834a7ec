import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from orgs.models import ReportingRound, SelfReport
from services.funds.models import DuesRecord, Fund, FundTransaction
from tests.orgs.factories import OrganizationFactory


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"测试基金{n}")
    kind = Fund.Kind.MATCHING
    division_id = "510821"


class FundTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundTransaction

    fund = factory.SubFactory(FundFactory)
    occurred_on = datetime.date(2022, 6, 1)
    amount = Decimal("100.00")
    direction = FundTransaction.Direction.IN
    purpose = "测试"


class DuesRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesRecord

    organization = factory.SubFactory(OrganizationFactory)
    period_start = datetime.date(2022, 1, 1)
    period_end = datetime.date(2022, 12, 31)
    amount = Decimal("1000.00")


def accepted_self_report(organization, dues, *, year: int = 2022, status=SelfReport.Status.ACCEPTED) -> SelfReport:
    round_, _ = ReportingRound.objects.get_or_create(
        division_id="510821",
        period_key=str(year),
        title=f"{year}年度自评",
        defaults={
            "period_start": datetime.date(year, 1, 1),
            "period_end": datetime.date(year, 12, 31),
            "due_on": datetime.date(year + 1, 1, 31),
        },
    )
    accepted_at = timezone.now() if status == SelfReport.Status.ACCEPTED else None
    return SelfReport.objects.create(
        round=round_, organization=organization, status=status, dues_collected=dues, accepted_at=accepted_at
    )


def id_number(serial: int) -> str:
    """A valid ID number (``stdnum``'s ``calc_check_digit`` expects a placeholder 18th character)."""
    from stdnum.cn import ric

    body = f"510821{1985 + serial // 1000 % 30}0101{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def funded(fund: Fund, amount: str = "1000000.00") -> Fund:
    """The fund with money in it (an allocation dated before any period the tests read), so
    that its payouts pass the balance rule."""
    FundTransactionFactory(fund=fund, amount=Decimal(amount), occurred_on=datetime.date(2000, 1, 1), purpose="初始拨款")
    return fund


def second_staff():
    """Another staff member of the county: approves what the first one recorded."""
    from wangcang.models import User

    user, _created = User.objects.get_or_create(
        username="staff_second", defaults={"role": User.Role.STAFF, "division_id": "510821", "last_name": "赵"}
    )
    return user
