import io

import pytest
from openpyxl import load_workbook

from orgs.models import Organization
from tests.orgs.factories import MemberFactory, OrganizationFactory, TownFactory, UnionBranchFactory
from wangcang.models import PersonalDataAccess
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db


def make_orgs(count: int):
    town = TownFactory(name="东河镇")
    for index in range(count):
        organization = OrganizationFactory(town=town)
        if index % 2:
            branch = UnionBranchFactory(organization=organization)
            MemberFactory(branch=branch)


@pytest.mark.parametrize("count", [10, 500])
def test_organization_list_query_budget_is_flat(staff_client, django_assert_max_num_queries, count):
    make_orgs(count)
    # Lists with a filter bar read the user's saved filters too (one query).
    with django_assert_max_num_queries(11):
        response = staff_client.get("/orgs/?sort=-staff_count&union_status=any")
    assert response.status_code == 200
    with django_assert_max_num_queries(11):
        assert staff_client.get("/orgs/members/").status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get("/orgs/branches/").status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get("/orgs/gaps/").status_code == 200


def test_filters_and_search(staff_client, organization, other_organization):
    UnionBranchFactory(organization=organization)
    body = staff_client.get("/orgs/?union_status=none").content.decode()
    assert other_organization.name in body and organization.name not in body
    body = staff_client.get(f"/orgs/?q={organization.uscc[-6:]}").content.decode()
    assert organization.name in body and other_organization.name not in body
    body = staff_client.get("/orgs/?co_construction=yes").content.decode()
    assert organization.name in body and other_organization.name not in body


def test_export_of_the_filtered_list(staff_client, organization, other_organization):
    UnionBranchFactory(organization=organization)
    response = staff_client.get("/orgs/?export=xlsx&union_status=own")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("名称", "统一社会信用代码")
    assert [row[0] for row in rows[1:]] == [organization.name]
    assert rows[1][1] == organization.uscc
    assert rows[1][10] == "点" and rows[1][11] == "是"


def test_staff_creates_an_organization_and_gets_chinese_errors(staff_client, organization):
    data = {
        "name": "旺苍县新协会",
        "uscc": make_uscc(4242),
        "kind": "social_group",
        "registration_authority": "旺苍县民政局",
        "division": "510821",
        "industry": "other",
        "staff_count": "3",
        "volunteer_count": "0",
        "status": "active",
    }
    response = staff_client.post("/orgs/new/", data)
    assert response.status_code == 302
    created = Organization.objects.get(name="旺苍县新协会")
    assert created.history.first().history_user.username == "staff1"
    bad = staff_client.post("/orgs/new/", {**data, "uscc": data["uscc"][:-1] + "0"}).content.decode()
    assert "校验" in bad
    dup = staff_client.post("/orgs/new/", {**data, "uscc": organization.uscc}).content.decode()
    assert "已登记" in dup and organization.name in dup


def test_org_user_edits_own_profile_but_not_staff_fields(org_client, organization):
    response = org_client.post(
        f"/orgs/{organization.pk}/edit/",
        {
            "name": organization.name,
            "contact_phone": "13800001111",
            "staff_count": "9",
            "volunteer_count": "2",
            "status": "deregistered",
            "uscc": make_uscc(1),
            "kind": "foundation",
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.contact_phone == "13800001111" and organization.staff_count == 9
    assert organization.status == "active" and organization.kind == "social_group"


def test_org_user_gets_404_for_another_organization(org_client, other_organization):
    assert org_client.get(f"/orgs/{other_organization.pk}/").status_code == 404
    assert org_client.get(f"/orgs/{other_organization.pk}/edit/").status_code == 404
    assert org_client.get(f"/orgs/{other_organization.pk}/members.xlsx").status_code == 404
    branch = UnionBranchFactory(organization=other_organization)
    assert org_client.get(f"/orgs/branches/{branch.pk}/").status_code == 404


def test_org_user_sees_own_organization_branch_and_masked_members(org_client, organization):
    branch = UnionBranchFactory(organization=organization, name="电子商务协会工会")
    member = MemberFactory(branch=branch)
    body = org_client.get("/orgs/mine/", follow=True).content.decode()
    assert "电子商务协会工会" in body
    assert member.id_number not in body and member.id_number[-4:] in body
    assert org_client.post(f"/orgs/members/{member.pk}/id-number/").status_code == 403
    assert org_client.get("/orgs/").status_code == 403


def test_staff_reveal_is_logged(staff_client):
    member = MemberFactory()
    body = staff_client.get("/orgs/members/").content.decode()
    assert member.id_number not in body
    response = staff_client.post(f"/orgs/members/{member.pk}/id-number/")
    assert member.id_number in response.content.decode()
    assert PersonalDataAccess.objects.filter(object_id=str(member.pk), field="id_number").count() == 1
