"""The rows part of a list page kept in the cache (wangcang.keptrows): read once, shown again
without reading the rows, and never older than the records, whoever changed them and how."""

import re

import pytest

from orgs.models import Member, Organization
from tests.orgs.factories import CommunityUnionFactory, MemberFactory, OrganizationFactory
from wangcang.models import Division, SavedFilter, User

pytestmark = pytest.mark.django_db


def rows(response) -> list[str]:
    """The names in the list's table, in order."""
    body = response.content.decode()
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    return re.findall(r'<td><a href="/orgs/\d+/">([^<]+)</a></td>', table)


def test_a_second_visit_reads_no_row_and_shows_the_same_rows(staff_client, django_assert_max_num_queries):
    OrganizationFactory(name="甲协会")
    OrganizationFactory(name="乙协会")
    first = staff_client.get("/orgs/")
    with django_assert_max_num_queries(7) as second_queries:
        second = staff_client.get("/orgs/")
    assert rows(second) == rows(first)
    assert {"甲协会", "乙协会"} <= set(rows(second))
    assert not any("orgs_organization" in query["sql"] for query in second_queries.captured_queries)


def test_an_edit_through_the_page_shows_at_once(staff_client):
    organization = OrganizationFactory(name="改名前协会")
    assert "改名前协会" in rows(staff_client.get("/orgs/"))
    page = staff_client.get(f"/orgs/{organization.pk}/edit/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data["name"] = "改名后协会"
    body = page.content.decode()
    if token := re.search(r'name="form_token" value="([^"]+)"', body):
        data["form_token"] = token.group(1)
    response = staff_client.post(f"/orgs/{organization.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    names = rows(staff_client.get("/orgs/"))
    assert "改名后协会" in names and "改名前协会" not in names


@pytest.mark.parametrize(
    "change",
    ["save", "delete", "member_joins", "coverage_added", "bulk_update_by_hand"],
)
def test_every_kind_of_write_shows_at_once(staff_client, change):
    from wangcang import freshness

    organization = OrganizationFactory(name="丙协会")
    staff_client.get("/orgs/")  # kept
    if change == "save":
        organization.name = "丁协会"
        organization.save()
        expected = "丁协会"
    elif change == "delete":
        organization.delete()
        expected = None
    elif change == "member_joins":
        # The union status column changes: an individual joins a community union.
        MemberFactory(branch=CommunityUnionFactory(), organization=organization, join_path=Member.JoinPath.INDIVIDUAL)
        expected = "丙协会"
    elif change == "coverage_added":
        CommunityUnionFactory().covered_organizations.add(organization)
        expected = "丙协会"
    else:
        # A bulk path writes without signals and bumps the generation itself.
        Organization.objects.filter(pk=organization.pk).update(name="戊协会")
        # Until it does, the kept rows are shown: the page did not read the rows again.
        assert "丙协会" in rows(staff_client.get("/orgs/"))
        freshness.mark_changed([organization.division_id])
        expected = "戊协会"
    response = staff_client.get("/orgs/")
    names = rows(response)
    if expected is None:
        assert "丙协会" not in names
    else:
        assert expected in names
    if change in ("member_joins", "coverage_added"):
        row = next(row for row in response.context["object_list"] if row.name == "丙协会")
        assert row.area_union is True


def test_rows_are_kept_per_division_role_language_and_query(client, make_user):
    OrganizationFactory(name="旺苍一协会")
    OrganizationFactory(name="利州一协会", division_id="510802")
    wangcang = make_user("wc-staff")
    lizhou = make_user("lz-staff", division="510802")
    official = make_user("wc-official", User.Role.OFFICIAL)
    client.force_login(wangcang)
    assert "旺苍一协会" in rows(client.get("/orgs/"))
    client.force_login(lizhou)
    names = rows(client.get("/orgs/"))
    assert "利州一协会" in names and "旺苍一协会" not in names
    client.force_login(official)
    assert "旺苍一协会" in rows(client.get("/orgs/"))
    assert "旺苍一协会" not in rows(client.get("/orgs/?q=利州"))
    chinese = client.get("/orgs/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/orgs/").content.decode()
    assert "社会团体" in chinese and "Social organization" in english and "社会团体" not in english


def test_saved_filters_stay_the_users_own_while_the_rows_are_kept(client, make_user):
    OrganizationFactory(name="己协会")
    first, second = make_user("staff-a"), make_user("staff-b")
    SavedFilter.objects.create(user=first, list_key="/orgs/", name="甲的筛选", query="kind=social_group")
    client.force_login(first)
    assert "甲的筛选" in client.get("/orgs/").content.decode()
    client.force_login(second)
    body = client.get("/orgs/").content.decode()
    assert "甲的筛选" not in body and "己协会" in body


def test_a_restore_or_a_new_epoch_forgets_what_was_kept(staff_client):
    from django.core.cache import cache

    from wangcang import keptrows

    OrganizationFactory(name="庚协会")
    staff_client.get("/orgs/")
    before = keptrows.epoch()
    keptrows.forget_all()
    assert keptrows.epoch() != before
    assert cache.get(keptrows.EPOCH_KEY) == keptrows.epoch()
    # Generations rewound by hand, as a restored backup may bring them: not taken for the old.
    Division.objects.update(figures_generation=0)
    Organization.objects.filter(name="庚协会").update(name="辛协会")
    keptrows.forget_all()
    assert "辛协会" in rows(staff_client.get("/orgs/"))


def test_member_list_rows_are_kept_and_follow_a_new_member(staff_client, organization):
    MemberFactory(organization=organization, name="张一")
    assert "张一" in staff_client.get("/orgs/members/").content.decode()
    MemberFactory(organization=organization, name="李二")
    assert "李二" in staff_client.get("/orgs/members/").content.decode()


def test_delivery_list_rows_follow_a_confirmation_and_a_new_evidence_file(staff_client, make_user):
    from django.core.files.base import ContentFile

    from services import actions
    from services.models import Delivery, DeliveryEvidence
    from tests.services.factories import DeliveryFactory

    recorder = make_user("recorder")
    delivery = DeliveryFactory(status=Delivery.Status.UNCONFIRMED, confirmed_at=None, recorded_by=recorder)

    def row() -> str:
        """The delivery's row of the list: its cells' text."""
        body = staff_client.get("/services/deliveries/").content.decode()
        found = re.search(rf'<tr>(?:(?!</tr>).)*href="{delivery.get_absolute_url()}"(?:(?!</tr>).)*</tr>', body, re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip()

    first = row()
    assert first.endswith("0 待确认")
    assert row() == first  # read again from the kept rows
    actions.delivery_confirm(user=User.objects.get(username="staff1"), delivery=delivery)
    assert row().endswith("0 已确认")
    evidence = DeliveryEvidence(delivery=delivery, kind=DeliveryEvidence.Kind.OTHER, original_name="a.pdf")
    evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    evidence.save()
    assert row().endswith("1 已确认")
