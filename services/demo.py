"""Purchased-service demo data, then the funds' (idempotent).

The figures follow the county report: the 方尽 law firm (4 advisers, 7 legal trainings, 2,046
consultations, 12 legal-aid cases, 98,700 yuan recovered), the 佳士医院 "与爱瞳行" cataract
project (2,300 surgeries), the 华越 Chinese-cook training, the 川茶 tea contest, the 2022
photography and short-video contests, and 124 mental-health lectures and group sessions.
Two recent deliveries are left unconfirmed: they are shown but change no figure.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .funds import demo as funds_demo

PROVINCIAL_FUND = "四川省困难职工帮扶基金会"
COUNTY_UNION = "旺苍县总工会"

# Amounts recovered in the twelve legal-aid cases: 98,700.00 yuan in all.
RECOVERED = ["12000", "8500", "6300", "15000", "4800", "9600", "7200", "11000", "5300", "6800", "7400", "4800"]
ADVISER_UNIONS = [
    ("陈明", "旺苍县米仓山茶业有限公司工会"),
    ("李娟", "旺苍县鼓城建筑工程有限公司工会"),
    ("王浩", "旺苍县东河物流有限公司工会"),
    ("赵蕾", "旺苍县嘉川能源有限公司工会"),
]
EMPLOYERS = ["旺苍县某建筑劳务公司", "旺苍县某煤业公司", "旺苍县某餐饮店", "旺苍县某物流公司"]
WORKERS = [
    "张德明",
    "李秀英",
    "王建军",
    "刘海燕",
    "陈志强",
    "杨桂兰",
    "赵永福",
    "黄小红",
    "周大勇",
    "吴春梅",
    "徐国平",
    "孙丽华",
]
TRAINING_PLACES = ["县总工会职工服务中心", "东河镇社区工会", "嘉川镇工会", "县工业园区", "白水镇工会", "县职工之家"]


def _months(start: datetime.date, count: int) -> list[datetime.date]:
    result = []
    year, month = start.year, start.month
    for _ in range(count):
        result.append(datetime.date(year, month, 15))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return result


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` near-equal whole numbers, the larger first."""
    base, extra = divmod(total, parts)
    return [base + 1 if index < extra else base for index in range(parts)]


def _confirmed_at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=5), datetime.time(10)))


class _Builder:
    def __init__(self, staff, kinds):
        self.staff = staff
        self.kinds = kinds
        self.deliveries = []

    def contract(self, *, provider, title, targets, **fields):
        from .models import Contract, ContractTarget

        contract, created = Contract.objects.get_or_create(
            provider=provider,
            title=title,
            defaults={"division_id": "510821", "created_by": self.staff, **fields},
        )
        if created:
            for code, quantity in targets.items():
                ContractTarget.objects.create(contract=contract, kind=self.kinds[code], quantity=quantity)
            # The change history names who entered the contract, as it would for staff.
            contract.history.update(history_user=self.staff)
            ContractTarget.history.filter(contract_id=contract.pk).update(history_user=self.staff)
        return contract, created

    def delivery(
        self, contract, code, day, quantity=1, persons=0, *, place="", description="", confirmed=True, served=None
    ):
        from .models import Delivery

        delivery = Delivery(
            contract=contract,
            kind=self.kinds[code],
            delivered_on=day,
            quantity=quantity,
            persons_served=persons,
            place=place,
            description=description,
            served_organization=served,
            recorded_by=self.staff,
            recorded_at=_confirmed_at(day) - datetime.timedelta(days=4),
            status=Delivery.Status.CONFIRMED if confirmed else Delivery.Status.UNCONFIRMED,
            confirmed_by=self.staff if confirmed else None,
            confirmed_at=_confirmed_at(day) if confirmed else None,
        )
        self.deliveries.append(delivery)
        return delivery

    def save(self):
        from .models import Delivery

        bulk_create_with_history(self.deliveries, Delivery, batch_size=500, default_user=self.staff)
        self.deliveries = []


def _law_firm(builder: _Builder, firm) -> None:
    from wangcang.validators import make_id_number

    from .models import AdviserPosting, Contract, LegalAidCase

    contract, created = builder.contract(
        provider=firm,
        title="职工法律服务项目（法律顾问、法律培训、法律咨询、法律援助）",
        category=Contract.Category.LEGAL,
        amount=Decimal("240000.00"),
        signed_on=datetime.date(2020, 12, 25),
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        funding_source=COUNTY_UNION,
        targets={"consultation": 2000, "training": 7, "legal_aid_case": 12, "adviser_posting": 4},
    )
    if not created:
        return
    for lawyer, union_name in ADVISER_UNIONS:
        AdviserPosting.objects.create(
            contract=contract, lawyer=lawyer, union_name=union_name, starts_on=datetime.date(2021, 3, 1)
        )
    training_days = [
        (2021, 4, 20),
        (2021, 9, 16),
        (2022, 3, 15),
        (2022, 6, 28),
        (2022, 11, 10),
        (2023, 4, 26),
        (2023, 9, 20),
    ]
    for index, (year, month, day) in enumerate(training_days):
        builder.delivery(
            contract,
            "training",
            datetime.date(year, month, day),
            1,
            60 + 12 * index,
            place=TRAINING_PLACES[index % len(TRAINING_PLACES)],
            description="《劳动合同法》《工伤保险条例》专题法律培训",
        )
    for day, quantity in zip(_months(datetime.date(2021, 1, 1), 36), _split(2046, 36), strict=True):
        builder.delivery(
            contract,
            "consultation",
            day,
            quantity,
            quantity,
            place="县职工法律服务窗口",
            description="职工法律咨询（月度汇总）",
        )
    # Recent and not yet confirmed: shown, never counted.
    builder.delivery(
        contract,
        "consultation",
        datetime.date(2023, 12, 22),
        15,
        15,
        place="县职工法律服务窗口",
        description="12月下旬法律咨询（待确认）",
        confirmed=False,
    )
    cases = []
    for index, amount in enumerate(RECOVERED):
        accepted = datetime.date(2021 + index // 4, 2 + (index % 4) * 2, 10)
        cases.append(
            LegalAidCase(
                contract=contract,
                worker_name=WORKERS[index],
                worker_id_number=make_id_number(880000 + index),
                employer=EMPLOYERS[index % len(EMPLOYERS)],
                kind=LegalAidCase.Kind.LITIGATION if index % 3 == 0 else LegalAidCase.Kind.ARBITRATION,
                accepted_on=accepted,
                closed_on=accepted + datetime.timedelta(days=75),
                outcome=LegalAidCase.Outcome.WON if index % 4 else LegalAidCase.Outcome.SETTLED,
                outcome_notes="追回拖欠工资及经济补偿",
                amount_recovered=Decimal(amount),
                status=LegalAidCase.Status.CONFIRMED,
                recorded_by=builder.staff,
                confirmed_by=builder.staff,
                confirmed_at=_confirmed_at(accepted + datetime.timedelta(days=75)),
            )
        )
    bulk_create_with_history(cases, LegalAidCase, default_user=builder.staff)


def _hospital(builder: _Builder, hospital) -> None:
    from .models import Contract

    contract, created = builder.contract(
        provider=hospital,
        title="“与爱瞳行”白内障患者免费复明手术公益项目",
        category=Contract.Category.MEDICAL,
        amount=Decimal("1000000.00"),
        signed_on=datetime.date(2020, 12, 28),
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        funding_source="旺苍县总工会、旺苍佳士医院（公益项目）",
        targets={"surgery": 2300},
    )
    if not created:
        return
    for day, quantity in zip(_months(datetime.date(2021, 1, 1), 36), _split(2300, 36), strict=True):
        builder.delivery(
            contract,
            "surgery",
            day,
            quantity,
            quantity,
            place=str(hospital),
            description="白内障免费复明手术（月度汇总）",
        )


def _cook_training(builder: _Builder, school) -> None:
    from .models import Contract

    contract, created = builder.contract(
        provider=school,
        title="农民工“中式烹饪师培训”项目",
        category=Contract.Category.TRAINING,
        amount=Decimal("80000.00"),
        signed_on=datetime.date(2022, 2, 20),
        starts_on=datetime.date(2022, 3, 1),
        ends_on=datetime.date(2022, 12, 31),
        funding_source=PROVINCIAL_FUND,
        targets={"training": 4},
    )
    if not created:
        return
    for index, (day, trainees) in enumerate(
        [
            (datetime.date(2022, 4, 11), 45),
            (datetime.date(2022, 6, 13), 48),
            (datetime.date(2022, 9, 5), 42),
            (datetime.date(2022, 11, 7), 50),
        ],
        start=1,
    ):
        builder.delivery(
            contract,
            "training",
            day,
            1,
            trainees,
            place=str(school),
            description=f"中式烹饪师培训第{index}期（农民工）",
        )


def _contest(builder: _Builder, provider, title, amount, starts_on, ends_on, contests) -> None:
    from .models import ContestResult, Contract

    contract, created = builder.contract(
        provider=provider,
        title=title,
        category=Contract.Category.CONTEST,
        amount=Decimal(amount),
        signed_on=starts_on - datetime.timedelta(days=10),
        starts_on=starts_on,
        ends_on=ends_on,
        funding_source=COUNTY_UNION,
        targets={"contest": len(contests)},
    )
    if not created:
        return
    results = []
    for day, participants, description, prizes in contests:
        delivery = builder.delivery(contract, "contest", day, 1, participants, place="旺苍县", description=description)
        builder.deliveries.remove(delivery)
        delivery._history_user = builder.staff
        delivery.save()
        results += [
            ContestResult(delivery=delivery, award=award, winner=winner, winner_organization=unit, entry_title=entry)
            for award, winner, unit, entry in prizes
        ]
    bulk_create_with_history(results, ContestResult, default_user=builder.staff)


def _mental_health(builder: _Builder, association) -> None:
    from .models import Contract

    contract, created = builder.contract(
        provider=association,
        title="职工心理健康服务项目（心理讲座及团体辅导）",
        category=Contract.Category.MENTAL_HEALTH,
        amount=Decimal("150000.00"),
        signed_on=datetime.date(2020, 12, 20),
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        funding_source=COUNTY_UNION,
        targets={"counselling": 120},
    )
    if not created:
        return
    months = _months(datetime.date(2021, 1, 1), 36)
    for index in range(124):
        day = months[index % 36].replace(day=3 + (index // 36) * 7)
        lecture = index % 2 == 0
        builder.delivery(
            contract,
            "counselling",
            day,
            1,
            35 + index % 30,
            place=TRAINING_PLACES[index % len(TRAINING_PLACES)],
            description="职工心理健康讲座" if lecture else "职工团体心理辅导",
        )
    builder.delivery(
        contract,
        "counselling",
        datetime.date(2023, 12, 28),
        1,
        40,
        place="县职工之家",
        description="年末团体心理辅导（待确认）",
        confirmed=False,
    )


@transaction.atomic
def load_contracts(*, stdout=None) -> None:
    from orgs.demo_registry import FANGJIN_LAW_FIRM, HUAYUE, JIASHI_HOSPITAL, MENTAL_HEALTH, PHOTOGRAPHERS, TEA
    from orgs.models import Organization
    from wangcang.models import User

    from .actions import deliverable_kinds_ensure

    kinds = deliverable_kinds_ensure()
    organizations = {
        org.name: org
        for org in Organization.objects.filter(
            name__in=[FANGJIN_LAW_FIRM, HUAYUE, JIASHI_HOSPITAL, MENTAL_HEALTH, PHOTOGRAPHERS, TEA]
        )
    }
    staff = User.objects.filter(username="staff").first()
    builder = _Builder(staff, kinds)
    _law_firm(builder, organizations[FANGJIN_LAW_FIRM])
    _hospital(builder, organizations[JIASHI_HOSPITAL])
    _cook_training(builder, organizations[HUAYUE])
    _mental_health(builder, organizations[MENTAL_HEALTH])
    builder.save()
    _contest(
        builder,
        organizations[TEA],
        "四川省“川茶”手工制茶技能大赛旺苍赛区",
        "50000.00",
        datetime.date(2022, 3, 1),
        datetime.date(2022, 6, 30),
        [
            (
                datetime.date(2022, 4, 20),
                86,
                "“川茶”手工制茶技能大赛（与旺苍县茶叶协会联办）",
                [
                    ("一等奖", "何春林", "旺苍县米仓山茶业有限公司", "旺苍黄茶"),
                    ("二等奖", "苟玉兰", "旺苍县茶叶协会", "手工毛尖"),
                    ("三等奖", "罗建华", "旺苍县茶叶协会", "手工翠芽"),
                ],
            )
        ],
    )
    _contest(
        builder,
        organizations[PHOTOGRAPHERS],
        "2022年全县职工摄影及短视频大赛",
        "60000.00",
        datetime.date(2022, 5, 1),
        datetime.date(2022, 12, 31),
        [
            (
                datetime.date(2022, 9, 26),
                132,
                "2022年全县职工摄影大赛（与旺苍县摄影家协会联办）",
                [
                    ("一等奖", "冯晓东", "旺苍县摄影家协会", "《茶山晨曦》"),
                    ("二等奖", "邓丽", "县人民医院工会", "《坚守》"),
                ],
            ),
            (
                datetime.date(2022, 11, 18),
                78,
                "2022年全县职工短视频大赛（与旺苍县摄影家协会联办）",
                [
                    ("一等奖", "唐宇", "旺苍县电子商务协会", "《直播助农》"),
                    ("二等奖", "谢敏", "县职工之家", "《劳动者之歌》"),
                ],
            ),
        ],
    )
    builder.save()
    if stdout is not None:
        from .models import Contract

        stdout.write(f"  purchased-service contracts: {Contract.objects.count()}")


def load(*, stdout=None) -> None:
    from .demo_evidence import attach_demo_evidence

    load_contracts(stdout=stdout)
    stored = attach_demo_evidence()
    if stdout is not None:
        stdout.write(f"  delivery evidence files stored: {stored}")
    funds_demo.load(stdout=stdout)
