"""Implausible values and real ID numbers through every write path of the registry: the
form page, the API and the Excel import give the same Chinese answer, and store nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook
from rest_framework.test import APIClient

from orgs import actions
from orgs.importers import MemberImporter, OrganizationImporter
from orgs.models import Member, Organization
from tests.orgs.factories import MemberFactory, UnionBranchFactory, real_id_number
from wangcang.models import BackgroundJob
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db

FUTURE = "日期不能晚于今天"
TOO_EARLY = "日期不能早于1900年"
NOT_A_PHONE = "不是有效的电话号码"
REAL_BIRTHS = [
    ("510821", datetime.date(1935, 2, 11)),
    ("510821", datetime.date(1962, 8, 30)),
    ("510821", datetime.date(1984, 12, 31)),
    ("510802", datetime.date(1948, 5, 4)),
    ("510104", datetime.date(1971, 10, 1)),
    ("511002", datetime.date(1990, 1, 17)),
    ("513401", datetime.date(2010, 6, 6)),
]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def workbook(headers, rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    book.save(handle)
    return SimpleUploadedFile("import.xlsx", handle.getvalue())


def run_import(client, what, rows, capture) -> dict:
    importer = {"organizations": OrganizationImporter, "members": MemberImporter}[what]
    headers = [str(column.header) for column in importer.columns]
    with capture(execute=True):
        response = client.post("/orgs/import/", {"what": what, "division": "510821", "file": workbook(headers, rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = BackgroundJob.objects.latest("pk")
    assert job.status == BackgroundJob.Status.DONE, job.message
    return job.result


def messages_at(result, header) -> list[str]:
    return [error["message"] for error in result["errors"] if error["column"] == header]


# Organizations ---------------------------------------------------------------------------


def org_data(**changes) -> dict:
    data = {
        "name": "旺苍县核验协会",
        "uscc": make_uscc(6161),
        "kind": "social_group",
        "registration_authority": "旺苍县民政局",
        "division": "510821",
        "industry": "other",
        "staff_count": "3",
        "volunteer_count": "0",
        "status": "active",
    }
    data.update(changes)
    return data


ORG_CASES = [
    ({"established_on": "2099-01-01"}, "established_on", FUTURE),
    ({"status": "suspended", "status_changed_on": "1800-01-01"}, "status_changed_on", TOO_EARLY),
    ({"contact_phone": "not-a-phone"}, "contact_phone", NOT_A_PHONE),
    (
        {"status": "deregistered", "established_on": "2015-06-01", "status_changed_on": "2014-01-01"},
        "status_changed_on",
        "不能早于",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), ORG_CASES)
def test_organization_page_refuses_implausible_values(staff_client, changes, field, message):
    response = staff_client.post("/orgs/new/", org_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Organization.objects.filter(name="旺苍县核验协会").exists()


@pytest.mark.parametrize(("changes", "field", "message"), ORG_CASES)
def test_organization_api_refuses_implausible_values(staff_user, changes, field, message):
    response = api(staff_user).post("/api/v1/organizations/", org_data(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not Organization.objects.filter(name="旺苍县核验协会").exists()


def test_organization_edit_refuses_a_future_status_change(staff_client, organization):
    data = org_data(
        name=organization.name,
        uscc=organization.uscc,
        status="suspended",
        status_changed_on=str(timezone.localdate() + datetime.timedelta(days=30)),
    )
    response = staff_client.post(f"/orgs/{organization.pk}/edit/", data)
    assert response.status_code == 200 and FUTURE in " ".join(response.context["form"].errors["status_changed_on"])
    organization.refresh_from_db()
    assert organization.status == "active"


def test_org_user_cannot_save_a_bad_phone_in_its_profile(org_client, organization):
    response = org_client.post(
        f"/orgs/{organization.pk}/edit/", {"contact_phone": "not-a-phone", "staff_count": "9", "volunteer_count": "0"}
    )
    assert response.status_code == 200 and NOT_A_PHONE in response.content.decode()
    organization.refresh_from_db()
    assert organization.contact_phone == "" and organization.staff_count == 5


def test_organization_import_refuses_implausible_values(staff_client, django_capture_on_commit_callbacks):
    columns = [column.key for column in OrganizationImporter.columns]

    def row(name, serial, **values):
        cells = dict.fromkeys(columns, "")
        cells.update({"name": name, "uscc": make_uscc(serial), "kind": "社会团体", **values})
        return [cells[key] for key in columns]

    rows = [
        row("正常协会", 7001, established_on="2018-05-01", contact_phone="0839 5201234"),
        row("未来协会", 7002, established_on="2099-01-01"),
        row("古老协会", 7003, established_on="1800-01-01"),
        row("乱号协会", 7004, contact_phone="not-a-phone"),
    ]
    result = run_import(staff_client, "organizations", rows, django_capture_on_commit_callbacks)
    assert result["status"] == "rejected"
    established = str(OrganizationImporter.columns[columns.index("established_on")].header)
    phone = str(OrganizationImporter.columns[columns.index("contact_phone")].header)
    assert {(e["row"], e["column"]) for e in result["errors"]} == {(3, established), (4, established), (5, phone)}
    assert FUTURE in messages_at(result, established)[0] and TOO_EARLY in messages_at(result, established)[1]
    assert NOT_A_PHONE in messages_at(result, phone)[0]
    assert Organization.objects.count() == 0
    # The good row alone goes in, its phone as typed without the space.
    BackgroundJob.objects.all().delete()
    assert run_import(staff_client, "organizations", rows[:1], django_capture_on_commit_callbacks)["imported"] == 1
    assert Organization.objects.get().contact_phone == "08395201234"


# Members ---------------------------------------------------------------------------------


@pytest.fixture
def branch(organization):
    return UnionBranchFactory(organization=organization, name="核验协会工会")


def member_data(branch, **changes) -> dict:
    data = {
        "name": "张三",
        "id_number": real_id_number("510821", datetime.date(1962, 8, 30)),
        "organization": branch.organization_id,
        "branch": branch.pk,
        "join_path": "own",
    }
    data.update(changes)
    return data


BAD_MEMBERS = [
    ({"joined_on": "2030-01-01"}, "joined_on", FUTURE),
    ({"phone": "not-a-phone"}, "phone", NOT_A_PHONE),
    ({"id_number": real_id_number("510821", datetime.date(1950, 3, 1))[:-1] + "0"}, "id_number", "校验码"),
    ({"id_number": real_id_number("510821", datetime.date(1899, 12, 1))}, "id_number", "早于1900年"),
    ({"id_number": real_id_number("510821", datetime.date(2099, 1, 1))}, "id_number", "晚于今天"),
    ({"id_number": real_id_number("990821", datetime.date(1950, 3, 1))}, "id_number", "不对应我国任何省级行政区"),
]


def test_real_id_numbers_of_people_born_before_1985_are_accepted_in_the_form(staff_client, branch):
    for index, (region, birth) in enumerate(REAL_BIRTHS):
        number = real_id_number(region, birth)
        response = staff_client.post("/orgs/members/new/", member_data(branch, name=f"会员{index}", id_number=number))
        assert response.status_code == 302, response.context["form"].errors
        assert Member.objects.get(name=f"会员{index}").id_number == number


def test_real_id_numbers_are_accepted_by_the_api(staff_user, branch):
    client = api(staff_user)
    for index, (region, birth) in enumerate(REAL_BIRTHS):
        number = real_id_number(region, birth)
        response = client.post("/api/v1/members/", member_data(branch, name=f"接口会员{index}", id_number=number))
        assert response.status_code == 201, response.json()
    assert Member.objects.count() == len(REAL_BIRTHS)


def test_real_id_numbers_are_accepted_by_the_import(staff_client, branch, django_capture_on_commit_callbacks):
    rows = [
        [f"导入会员{index}", real_id_number(region, birth), "", "13812345678", "", branch.name, "点", "2021-03-01"]
        for index, (region, birth) in enumerate(REAL_BIRTHS)
    ]
    result = run_import(staff_client, "members", rows, django_capture_on_commit_callbacks)
    assert result["status"] == "imported", result.get("errors")
    assert Member.objects.count() == len(REAL_BIRTHS)
    assert Member.objects.get(name="导入会员0").id_number.startswith("51082119350211")


@pytest.mark.parametrize(("changes", "field", "message"), BAD_MEMBERS)
def test_member_page_refuses_implausible_values(staff_client, branch, changes, field, message):
    response = staff_client.post("/orgs/members/new/", member_data(branch, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Member.objects.count() == 0


@pytest.mark.parametrize(("changes", "field", "message"), BAD_MEMBERS)
def test_member_api_refuses_implausible_values(staff_user, branch, changes, field, message):
    response = api(staff_user).post("/api/v1/members/", member_data(branch, **changes))
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Member.objects.count() == 0


def test_member_import_refuses_implausible_values(staff_client, branch, django_capture_on_commit_callbacks):
    columns = [column.key for column in MemberImporter.columns]
    headers = {key: str(column.header) for key, column in zip(columns, MemberImporter.columns, strict=True)}
    rows, expected = [], set()
    for number, (changes, field, message) in enumerate(BAD_MEMBERS, start=2):
        cells = member_data(branch, name=f"会员{number}", **changes)
        if "id_number" not in changes:
            cells["id_number"] = real_id_number("510821", datetime.date(1960, 1, number))
        cells.update(organization="", branch=branch.name, join_path="点")
        rows.append([cells.get(key, "") for key in columns])
        expected.add((number, headers[field], message))
    result = run_import(staff_client, "members", rows, django_capture_on_commit_callbacks)
    assert result["status"] == "rejected"
    assert {(e["row"], e["column"]) for e in result["errors"]} == {(row, column) for row, column, _ in expected}
    for row, column, message in expected:
        found = [e["message"] for e in result["errors"] if e["row"] == row and e["column"] == column]
        assert message in found[0], (row, found)
    assert Member.objects.count() == 0


def test_a_member_cannot_leave_before_joining_or_in_the_future(staff_user, branch):
    member = MemberFactory(branch=branch, joined_on=datetime.date(2020, 5, 1))

    for left_on, message in ((datetime.date(2020, 4, 1), "不能早于"), (datetime.date(2099, 1, 1), FUTURE)):
        with pytest.raises(ValidationError) as info:
            actions.member_leave(user=staff_user, member=member, left_on=left_on)
        assert message in info.value.message_dict["left_on"][0]
    member.refresh_from_db()
    assert member.left_on is None
