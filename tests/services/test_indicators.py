import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from services.models import Contract, DeliverableKind, Delivery, LegalAidCase
from wangcang.catalogue import Scope, charts, compute
from wangcang.models import Division
from wangcang.periods import ALL, parse_period

from .factories import AdviserPostingFactory, ContractFactory, DeliveryFactory, LegalAidCaseFactory, kind

pytestmark = pytest.mark.django_db


def figures(period="all", organization_ids=None, division="510821"):
    scope = Scope(
        division=Division.objects.get(code=division),
        period=ALL if period == "all" else parse_period(period),
        organization_ids=organization_ids,
    )
    return {code: value for code, value in compute(scope).items() if code.startswith("services.")}


def test_contracts_and_advisers_are_stock_at_the_period_end():
    contract = ContractFactory(
        amount=Decimal("1000.50"), starts_on=datetime.date(2022, 3, 1), ends_on=datetime.date(2023, 2, 28)
    )
    ContractFactory(amount=Decimal("99.00"), starts_on=datetime.date(2023, 3, 1), ends_on=datetime.date(2023, 12, 31))
    AdviserPostingFactory(contract=contract, starts_on=datetime.date(2022, 4, 1), ends_on=datetime.date(2022, 12, 30))
    AdviserPostingFactory(contract=contract, starts_on=datetime.date(2022, 4, 1))
    AdviserPostingFactory(contract=contract, lawyer="律师0", starts_on=datetime.date(2023, 1, 1))
    end_2022 = figures("2022")
    assert end_2022["services.contracts"] == 1
    assert end_2022["services.contract_amount"] == Decimal("1000.50")
    assert end_2022["services.legal_advisers"] == 1  # the first posting ended on 30 December
    q1_2023 = figures("2023-Q1")
    # On 31 March 2023 the first contract has ended and the second has begun.
    assert q1_2023["services.contracts"] == 1 and q1_2023["services.contract_amount"] == Decimal("99.00")
    assert q1_2023["services.legal_advisers"] == 2
    assert figures("2023")["services.contracts"] == 1 and figures("2023")["services.contract_amount"] == Decimal(
        "99.00"
    )
    assert figures("2021")["services.contracts"] == 0


def test_delivery_flows_count_confirmed_deliveries_inside_the_period():
    legal = ContractFactory(category=Contract.Category.LEGAL)
    school = ContractFactory(category=Contract.Category.TRAINING)
    DeliveryFactory(
        contract=legal, kind=kind(DeliverableKind.TRAINING), delivered_on=datetime.date(2023, 1, 1), persons_served=60
    )
    DeliveryFactory(
        contract=school, kind=kind(DeliverableKind.TRAINING), delivered_on=datetime.date(2023, 3, 31), persons_served=45
    )
    DeliveryFactory(
        contract=legal,
        kind=kind(DeliverableKind.CONSULTATION),
        quantity=56,
        persons_served=56,
        delivered_on=datetime.date(2023, 4, 1),
    )
    DeliveryFactory(contract=legal, kind=kind(DeliverableKind.SURGERY), quantity=64, persons_served=64)
    DeliveryFactory(contract=legal, kind=kind(DeliverableKind.COUNSELLING), persons_served=30)
    DeliveryFactory(contract=legal, kind=kind(DeliverableKind.CONTEST), persons_served=86)
    DeliveryFactory(
        contract=legal,
        kind=kind(DeliverableKind.CONSULTATION),
        quantity=999,
        persons_served=999,
        status=Delivery.Status.UNCONFIRMED,
        confirmed_at=None,
    )
    q1 = figures("2023-Q1")
    assert q1["services.legal_trainings"] == 1
    assert q1["services.trainings"] == 2
    assert q1["services.consultations"] == 0  # 1 April is in Q2
    assert q1["services.beneficiaries"] == 60 + 45 + 64 + 30 + 86
    year = figures("2023")
    assert year["services.consultations"] == 56
    assert year["services.surgeries"] == 64
    assert year["services.counselling_sessions"] == 1
    assert year["services.contests"] == 1
    assert year["services.beneficiaries"] == 60 + 45 + 56 + 64 + 30 + 86
    assert figures("2022")["services.trainings"] == 0
    # An organization user's own scope.
    assert figures("2023", organization_ids=(school.provider_id,))["services.trainings"] == 1


def test_legal_aid_cases_by_acceptance_and_money_by_closing():
    LegalAidCaseFactory(
        accepted_on=datetime.date(2022, 12, 1), closed_on=datetime.date(2023, 1, 5), amount_recovered=Decimal("8000.00")
    )
    LegalAidCaseFactory(accepted_on=datetime.date(2023, 2, 1), closed_on=None, amount_recovered=Decimal("0"))
    LegalAidCaseFactory(status=LegalAidCase.Status.UNCONFIRMED, amount_recovered=Decimal("5000.00"))
    assert figures("2022")["services.legal_aid_cases"] == 1
    assert figures("2022")["services.recovered_amount"] == Decimal("0")
    assert figures("2023")["services.legal_aid_cases"] == 1
    assert figures("2023")["services.recovered_amount"] == Decimal("8000.00")


def test_other_counties_are_not_counted():
    DeliveryFactory(contract=ContractFactory(division_id="510822"))
    assert figures("2023")["services.consultations"] == 0
    assert figures("2023", division="510800")["services.consultations"] == 1


def test_indicator_families_use_one_query_each(django_assert_max_num_queries):
    from wangcang.catalogue import FAMILIES, catalogue

    DeliveryFactory.create_batch(5)
    catalogue()  # loads every family
    scope = Scope(division=Division.objects.get(code="510821"), period=parse_period("2023"))
    families = [family for family in FAMILIES if family.module == "services.indicators"]
    assert len(families) == 4
    for family in families:
        with django_assert_max_num_queries(1):
            family.compute(scope)


def test_charts():
    contract = ContractFactory(ends_on=datetime.date(2023, 12, 31))
    from .factories import ContractTargetFactory

    ContractTargetFactory(contract=contract, quantity=10)
    DeliveryFactory(contract=contract, quantity=5, delivered_on=datetime.date(2023, 3, 1))
    DeliveryFactory(contract=contract, quantity=1, delivered_on=datetime.date(2023, 3, 20), persons_served=4)
    scope = Scope(division=Division.objects.get(code="510821"), period=parse_period("2023"))
    by_code = {chart.code: chart for chart in charts()}
    progress = by_code["services.contract_progress"].compute(scope)
    assert progress["categories"] == [contract.title]
    assert progress["series"][0]["data"] == [60.0] and progress["series"][1]["data"] == [100.0]
    monthly = by_code["services.deliveries_by_month"].compute(scope)
    assert monthly["categories"] == ["2023-03"]
    assert monthly["series"][0]["data"] == [2] and monthly["series"][1]["data"] == [5]


def test_demo_reproduces_the_report_figures():
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)  # idempotent
    values = figures("all")
    assert values["services.legal_advisers"] == 4
    assert values["services.legal_trainings"] == 7
    assert values["services.consultations"] == 2046
    assert values["services.legal_aid_cases"] == 12
    assert values["services.recovered_amount"] == Decimal("98700.00")
    assert str(values["services.recovered_amount"]) == "98700.00"
    assert values["services.surgeries"] == 2300
    assert values["services.counselling_sessions"] == 124
    assert values["services.contests"] == 3
    assert values["services.trainings"] == 7 + 4
    confirmed = Delivery.objects.filter(status=Delivery.Status.CONFIRMED)
    assert values["services.beneficiaries"] == sum(confirmed.values_list("persons_served", flat=True))
    assert Delivery.objects.filter(status=Delivery.Status.UNCONFIRMED).count() == 2
    today = datetime.date.today()
    in_force = Contract.objects.filter(starts_on__lte=today, ends_on__gte=today)
    assert values["services.contracts"] == in_force.count()
    # The retained legal counsel, the cataract project and the counselling programme run on.
    assert sorted(in_force.values_list("provider__name", flat=True)) == sorted(
        ["四川方尽律师事务所", "旺苍佳士医院", "旺苍县青少年心理健康教育协会"]
    )
    assert Contract.objects.count() == 6
    end_2022 = figures("2022")
    # Law firm, hospital, cook training, mental health, photography and short video.
    assert end_2022["services.contracts"] == 5
    assert end_2022["services.contract_amount"] == Decimal("1530000.00")
    assert end_2022["services.contests"] == 3
    all_scope = Scope(division=Division.objects.get(code="510821"), period=ALL)
    by_code = {chart.code: chart for chart in charts()}
    progress = by_code["services.contract_progress"].compute(all_scope)
    assert len(progress["categories"]) == 6
    ongoing = {contract.title for contract in in_force}
    elapsed = dict(zip(progress["categories"], progress["series"][1]["data"], strict=True))
    assert all(value == 100.0 for title, value in elapsed.items() if title not in ongoing)
    assert all(0 < elapsed[title] < 100 for title in ongoing)
    assert (
        progress["series"][0]["data"][progress["categories"].index("“与爱瞳行”白内障患者免费复明手术公益项目")] == 100.0
    )
