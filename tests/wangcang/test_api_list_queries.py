"""The new lists of the API read a page in a fixed number of queries: five records cost
what one costs (no query per row), within a budget."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from incubator import actions as incubator_actions
from incubator.models import Batch, Criterion
from orgs.cohesion.models import CommitteeSeat, Secondment
from services import actions as service_actions
from services.funds import actions as fund_actions
from services.funds.models import Fund
from tests.orgs.factories import OrganizationFactory, UnionBranchFactory
from tests.services.factories import ContractFactory, ContractTargetFactory
from tests.services.funds.factories import DuesRecordFactory, FundFactory, funded
from wangcang.models import User
from wangcang.validators import make_id_number

pytestmark = pytest.mark.django_db
BUDGET = 12
SERIAL = itertools.count()


def student_aid(staff, n):
    fund = funded(FundFactory(kind=Fund.Kind.STUDENT_AID))
    for i in range(n):
        fund_actions.student_aid_grant(
            user=staff,
            fund=fund,
            student_name=f"学生{i}",
            school="旺苍中学",
            grade="高一",
            household="",
            amount=Decimal("500"),
            occurred_on=datetime.date(2023, 9, 1),
        )


def payouts(staff, n):
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID, mutual_aid_multiple=Decimal("10")))
    for i in range(n):
        member = {"member_name": f"会员{i}", "id_number": make_id_number(600 + i)}
        fund_actions.mutual_aid_contribution_record(
            user=staff, fund=fund, amount=Decimal("50"), occurred_on=datetime.date(2023, 1, 1), **member
        )
        fund_actions.mutual_aid_payout_record(
            user=staff, fund=fund, amount=Decimal("100"), occurred_on=datetime.date(2023, 2, 1), reason="住院", **member
        )


def dues(staff, n):
    for i in range(n):
        DuesRecordFactory(
            organization=OrganizationFactory(),
            period_start=datetime.date(2020 + i, 1, 1),
            period_end=datetime.date(2020 + i, 12, 31),
        )


def contracts(staff, n):
    for _ in range(n):
        contract = ContractFactory()
        ContractTargetFactory(contract=contract)


def advisers(staff, n):
    contract = ContractFactory()
    for i in range(n):
        service_actions.adviser_post(
            user=staff,
            contract=contract,
            lawyer=f"律师{i}",
            union=UnionBranchFactory(organization=OrganizationFactory()),
            starts_on=datetime.date(2023, 1, 1),
        )


def batches(staff, n):
    for _ in range(n):
        batch = Batch.objects.create(division_id="510821", name=f"批次{next(SERIAL)}", year=2024)
        Criterion.objects.create(batch=batch, name="社会影响", weight=Decimal("1"))


def visits(staff, n):
    for i in range(n):
        incubator_actions.exchange_visit_create(
            user=staff,
            organizations=[OrganizationFactory()],
            destination=f"成都{i}",
            starts_on=datetime.date(2023, 6, 1),
            ends_on=datetime.date(2023, 6, 2),
        )


def support(staff, n):
    for _ in range(n):
        incubator_actions.support_post(
            user=staff,
            organization=OrganizationFactory(),
            kind="grant",
            amount=Decimal("100"),
            value_date=datetime.date(2023, 3, 1),
        )


def seats(staff, n):
    for i in range(n):
        CommitteeSeat.objects.create(
            person=f"委员{i}",
            organization=OrganizationFactory(),
            term="第十二届",
            elected_at="全委会",
            starts_on=datetime.date(2022, 1, 1),
        )
        Secondment.objects.create(
            person=f"社工{i}", organization=OrganizationFactory(), starts_on=datetime.date(2022, 1, 1)
        )


def users(staff, n):
    for _ in range(n):
        account = User.objects.create_user(username=f"org-list-{next(SERIAL)}", role=User.Role.ORG)
        account.organizations.set([OrganizationFactory(), OrganizationFactory()])


CASES = [
    (student_aid, "funds/student-aid"),
    (payouts, "funds/mutual-aid-payouts"),
    (payouts, "funds/mutual-aid-contributions"),
    (dues, "funds/dues"),
    (contracts, "services/contracts"),
    (advisers, "services/adviser-postings"),
    (batches, "incubator/batches"),
    (visits, "incubator/exchange-visits"),
    (support, "incubator/support-entries"),
    (seats, "committee-seats"),
    (seats, "secondments"),
    (users, "users"),
]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(("make", "resource"), CASES)
def test_a_page_costs_the_same_for_one_record_and_five(staff_user, make, resource):
    client = APIClient()
    client.force_authenticate(staff_user)
    url = f"/api/v1/{resource}/"
    make(staff_user, 1)
    one = queries_for(client, url)
    make(staff_user, 4)
    assert client.get(url).json()["count"] >= 5
    five = queries_for(client, url)
    assert five == one, f"{resource}: {one} queries for one record, {five} for five"
    assert five <= BUDGET
