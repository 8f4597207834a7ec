"""Every page of the cohesion and funds parts opens for the roles that may use it, and refuses
(403) the roles that may not."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from services.funds import actions
from services.funds.models import Fund
from tests.orgs.cohesion.factories import (
    CommitteeSeatFactory,
    DepartmentFactory,
    JointMeetingFactory,
    SecondmentFactory,
    TrackedIssueFactory,
)

from .factories import DuesRecordFactory, FundFactory, funded, id_number

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 5, 1)


@pytest.fixture
def records(staff_user, organization):
    department = DepartmentFactory(name="民政局")
    meeting = JointMeetingFactory()
    issue = TrackedIssueFactory(meeting=meeting, organization=organization, owner_department=department)
    seat = CommitteeSeatFactory(organization=organization)
    secondment = SecondmentFactory(organization=organization)
    matching = FundFactory(kind=Fund.Kind.MATCHING)
    DuesRecordFactory(organization=organization, amount=Decimal("10"))
    grant = actions.matching_grant_propose(
        user=staff_user,
        fund=matching,
        organization=organization,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
    )
    love = FundFactory(kind=Fund.Kind.MUTUAL_AID)
    actions.mutual_aid_contribution_record(
        user=staff_user, fund=love, member_name="赵四", id_number=id_number(9), amount=Decimal("10"), occurred_on=DAY
    )
    actions.household_assistance_grant(
        user=staff_user,
        fund=funded(FundFactory(kind=Fund.Kind.ASSISTANCE)),
        head_of_household="钱五",
        persons=3,
        kind_of_help="慰问",
        amount=Decimal("100"),
        occurred_on=DAY,
    )
    return {
        "department": department,
        "meeting": meeting,
        "issue": issue,
        "seat": seat,
        "secondment": secondment,
        "fund": matching,
        "grant": grant,
    }


STAFF_ONLY = [
    ("orgs:department-list", None),
    ("orgs:department-create", None),
    ("orgs:department-edit", "department"),
    ("orgs:meeting-create", None),
    ("orgs:meeting-edit", "meeting"),
    ("orgs:issue-create", None),
    ("orgs:issue-edit", "issue"),
    ("orgs:seat-create", None),
    ("orgs:seat-edit", "seat"),
    ("orgs:secondment-create", None),
    ("orgs:secondment-edit", "secondment"),
    ("services:fund-create", None),
    ("services:fund-edit", "fund"),
    ("services:transaction-create", None),
    ("services:dues-create", None),
    ("services:student-create", None),
    ("services:household-create", None),
    ("services:contribution-create", None),
    ("services:payout-create", None),
]
STAFF_AND_OFFICIALS = [
    ("services:fund-list", None),
    ("services:fund-detail", "fund"),
    ("services:dues-list", None),
    ("services:student-list", None),
    ("services:household-list", None),
    ("services:mutual-aid-list", None),
]
EVERYONE = [
    ("orgs:appointment-list", None),
    ("orgs:meeting-list", None),
    ("orgs:meeting-detail", "meeting"),
    ("orgs:issue-board", None),
    ("orgs:issue-list", None),
    ("orgs:issue-detail", "issue"),
    ("services:transaction-list", None),
    ("services:grant-list", None),
    ("services:grant-detail", "grant"),
]


def _url(records, name, key):
    return reverse(name, args=[records[key].pk]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key"), STAFF_ONLY + STAFF_AND_OFFICIALS + EVERYONE)
def test_staff_open_every_page(client, staff_user, records, name, key):
    client.force_login(staff_user)
    assert client.get(_url(records, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), STAFF_ONLY + STAFF_AND_OFFICIALS + EVERYONE)
def test_officials_open_read_pages_only(client, official_user, records, name, key):
    client.force_login(official_user)
    expected = 403 if (name, key) in STAFF_ONLY else 200
    assert client.get(_url(records, name, key)).status_code == expected


@pytest.mark.parametrize(("name", "key"), STAFF_ONLY + STAFF_AND_OFFICIALS + EVERYONE)
def test_org_users_open_their_pages_only(client, org_user, other_org_user, records, name, key):
    client.force_login(org_user)
    expected = 200 if (name, key) in EVERYONE else 403
    assert client.get(_url(records, name, key)).status_code == expected
    if key and (name, key) in EVERYONE:
        client.force_login(other_org_user)
        assert client.get(_url(records, name, key)).status_code == 404


@pytest.mark.parametrize("count", [10, 200])
def test_beneficiary_lists_within_query_budget(client, staff_user, django_assert_max_num_queries, count):
    fund = funded(FundFactory(kind=Fund.Kind.ASSISTANCE))
    love = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID))
    for index in range(count):
        actions.household_assistance_grant(
            user=staff_user,
            fund=fund,
            head_of_household=f"户主{index}",
            persons=2,
            kind_of_help="慰问",
            amount=Decimal("1"),
            occurred_on=DAY,
        )
    for index in range(count // 10):
        actions.mutual_aid_contribution_record(
            user=staff_user,
            fund=love,
            member_name="会员",
            id_number=id_number(index),
            amount=Decimal("10"),
            occurred_on=DAY,
        )
        actions.mutual_aid_payout_record(
            user=staff_user,
            fund=love,
            member_name="会员",
            id_number=id_number(index),
            amount=Decimal("1"),
            occurred_on=DAY,
            reason="病",
        )
    DuesRecordFactory.create_batch(count // 10)
    client.force_login(staff_user)
    for name in ("household-list", "mutual-aid-list", "dues-list"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(f"services:{name}")).status_code == 200


def test_org_user_sees_only_own_appointments(client, org_user, organization, other_organization):
    CommitteeSeatFactory(person="本组织代表", organization=organization)
    CommitteeSeatFactory(person="别的代表", organization=other_organization)
    client.force_login(org_user)
    page = client.get(reverse("orgs:appointment-list")).content.decode()
    assert "本组织代表" in page and "别的代表" not in page
