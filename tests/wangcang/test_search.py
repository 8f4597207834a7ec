"""The navigation's search box: what each role finds, grouped by kind, within its scope."""

import datetime

import pytest
from django.db import connection

from tests.orgs.cohesion.factories import JointMeetingFactory, TrackedIssueFactory
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory, real_id_number
from tests.services.factories import ContractFactory
from wangcang import search
from wangcang.models import User


@pytest.fixture
def records(db):
    tea = OrganizationFactory(name="旺苍县茶叶协会")
    OrganizationFactory(name="旺苍县茶文化研究会")
    qingchuan_tea = OrganizationFactory(name="青川县茶叶协会", division_id="510822")
    branch = UnionBranchFactory(name="旺苍县茶叶协会工会", organization=tea)
    qingchuan_branch = UnionBranchFactory(name="青川县茶叶协会工会", organization=qingchuan_tea, division_id="510822")
    member = MemberFactory(
        name="张茶农", id_number=real_id_number("510821", datetime.date(1980, 3, 4), "123"), branch=branch
    )
    MemberFactory(
        name="李茶农", id_number=real_id_number("510822", datetime.date(1981, 3, 4), "456"), branch=qingchuan_branch
    )
    contract = ContractFactory(title="茶叶制作技能培训服务合同", provider=tea)
    meeting = JointMeetingFactory(place="茶叶协会一楼会议室")
    TrackedIssueFactory(description="茶叶协会需要办公用房", organization=tea, meeting=meeting)
    return {"tea": tea, "qingchuan_tea": qingchuan_tea, "member": member, "contract": contract}


def _groups(user, words):
    return {group.key: group for group in search.search(user, words)}


def test_results_come_grouped_by_kind_with_counts_and_links(records, staff_user):
    groups = _groups(staff_user, "茶叶")
    assert list(groups) == ["organizations", "branches", "contracts", "meetings", "issues"]
    assert groups["organizations"].count == 1
    assert [hit.title for hit in groups["organizations"].hits] == ["旺苍县茶叶协会"]
    assert groups["organizations"].hits[0].url == records["tea"].get_absolute_url()
    assert groups["contracts"].hits[0].url == records["contract"].get_absolute_url()
    assert groups["organizations"].list_url == "/orgs/?q=%E8%8C%B6%E5%8F%B6"
    assert _groups(staff_user, "茶") == {}  # too short
    assert len(_groups(staff_user, "旺苍县茶")["organizations"].hits) == 2


def test_another_countys_records_are_not_found(records, staff_user, make_user):
    groups = _groups(staff_user, "青川县茶叶")
    assert groups == {}
    qingchuan_staff = make_user("qc-staff", User.Role.STAFF, division="510822")
    groups = _groups(qingchuan_staff, "茶叶协会")
    assert [hit.title for hit in groups["organizations"].hits] == ["青川县茶叶协会"]
    assert "contracts" not in groups


def test_an_organization_user_finds_only_its_own_records_and_no_members(records, make_user):
    user = make_user("tea-user", User.Role.ORG, organizations=[records["tea"]])
    groups = _groups(user, "茶")
    assert groups == {}
    groups = _groups(user, "协会")
    assert [hit.title for hit in groups["organizations"].hits] == ["旺苍县茶叶协会"]
    assert "members" not in groups
    assert "members" not in _groups(user, "张茶")


def test_members_are_found_by_name_or_the_last_four_of_the_id_number_shown_masked(records, staff_user, official_user):
    number = records["member"].id_number
    for user in (staff_user, official_user):
        groups = _groups(user, number[-4:])
        assert [hit.title for hit in groups["members"].hits] == ["张茶农"]
        assert number not in groups["members"].hits[0].detail
        assert groups["members"].hits[0].detail.startswith(f"5108**********{number[-4:]}")
    # Only the last four: other parts of the number find nothing.
    assert "members" not in _groups(staff_user, number[6:10])
    assert "members" not in _groups(staff_user, number)
    assert [hit.title for hit in _groups(staff_user, "张茶")["members"].hits] == ["张茶农"]
    # The other county's member stays hidden.
    assert "members" not in _groups(staff_user, "李茶")


def test_counts_stop_at_the_limit_and_hits_per_kind_are_few(db, staff_user, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 12)
    for index in range(15):
        OrganizationFactory(name=f"旺苍县合唱团{index:02d}")
    group = _groups(staff_user, "合唱团")["organizations"]
    assert len(group.hits) == search.HITS_PER_KIND
    assert group.count == 12 and group.more


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")
def test_sqlite_falls_back_to_plain_icontains_in_name_order(records, staff_user):
    assert not search.uses_trigrams()
    groups = _groups(staff_user, "旺苍县茶")
    assert [hit.title for hit in groups["organizations"].hits] == ["旺苍县茶叶协会", "旺苍县茶文化研究会"]
    queryset = search.ranked(
        search.kinds_for(staff_user)[0].find(staff_user, "茶叶"), search.kinds_for(staff_user)[0], "茶叶"
    )
    assert "LIKE" in str(queryset.query) and "SIMILARITY" not in str(queryset.query).upper()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram search")
def test_postgresql_ranks_by_trigram_similarity_and_uses_the_indexes(records, staff_user):
    assert search.uses_trigrams()
    OrganizationFactory(name="旺苍县茶叶协会东河分会")
    groups = _groups(staff_user, "旺苍县茶叶协会")
    assert groups["organizations"].hits[0].title == "旺苍县茶叶协会"  # the closest first
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"organization_name_trgm", "organization_uscc_trgm", "contract_title_trgm"} <= names


def test_search_page_and_dropdown(records, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = staff_client.get("/search/", {"q": "茶叶"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="search-group-organizations"' in html and records["tea"].get_absolute_url() in html
    assert 'data-testid="search-count-organizations">1<' in html
    response = staff_client.get("/search/", {"q": "茶叶"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and "search-group-contracts" in response.content.decode()
    response = staff_client.get("/search/", {"q": "茶"})
    assert 'data-testid="search-too-short"' in response.content.decode()
    response = staff_client.get("/search/", {"q": "没有这个"})
    assert 'data-testid="search-nothing"' in response.content.decode()


def test_the_navigation_carries_the_search_box(staff_client):
    assert 'data-testid="navbar-search"' in staff_client.get("/").content.decode()
    staff_client.logout()
    assert staff_client.get("/search/", {"q": "茶叶"}).status_code == 302  # to the login page


def test_the_full_list_filters_like_the_search(records, staff_client):
    number = records["member"].id_number
    response = staff_client.get("/orgs/members/", {"q": number[-4:]})
    assert "张茶农" in response.content.decode()
    response = staff_client.get("/orgs/issues/", {"q": "办公用房"})
    assert "茶叶协会需要办公用房" in response.content.decode()
    response = staff_client.get("/orgs/issues/", {"q": "没有这个"})
    assert "茶叶协会需要办公用房" not in response.content.decode()
