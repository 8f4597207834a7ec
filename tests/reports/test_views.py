import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import JointMeeting, Organization, UnionBranch
from reports.models import Snapshot
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from wangcang.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def wangcang_data(test_catalogue):
    orgs = OrganizationFactory.create_batch(3, established_on=date(2020, 5, 1))
    orgs.append(OrganizationFactory(established_on=date(2022, 3, 1)))
    for org in orgs[:3]:
        MemberFactory.create_batch(2, branch=UnionBranchFactory(organization=org, name=f"{org.name}工会"))
    tea = UnionBranch.objects.create(name="茶叶协会工会", level="industry", division_id="510821")
    tea.covered_organizations.add(*OrganizationFactory.create_batch(2, kind=Organization.Kind.OTHER))
    JointMeeting.objects.create(division_id="510821", held_on=date(2022, 6, 1))
    return orgs


def test_dashboard_shows_headlines_charts_and_year_over_year(wangcang_data, official_client):
    response = official_client.get(reverse("reports:dashboard"), {"period": "2022"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="figure-orgs.total"' in html
    assert 'id="dashboard-chart-data"' in html
    assert "echarts-5.6.0.min.js" in html and not re.search(r'(?:src|href)="(?:https?:)?//', html)
    figures = response.context["figures"]
    assert figures.value("orgs.total") == 4
    assert figures.previous["orgs.total"] == 3
    total = next(row for row in figures.rows() if row["code"] == "orgs.total")
    assert str(total["change"]) == "33.3"
    assert "+33.3%" in html
    charts = response.context["charts"]
    assert charts[0]["code"] == "test.orgs_by_kind"
    assert sum(charts[0]["series"][0]["data"]) == 6
    assert 'data-testid="refresh-figures"' not in html  # officials do not refresh


def test_dashboard_bad_period_is_400_with_chinese_message(wangcang_data, staff_client):
    response = staff_client.get(reverse("reports:dashboard"), {"period": "2022-13"})
    assert response.status_code == 400
    assert "月份应为" in response.content.decode() or "01" in response.context["period_error"]


def test_dashboard_other_division_is_404(wangcang_data, staff_client):
    assert staff_client.get(reverse("reports:dashboard"), {"division": "510822"}).status_code == 404


def test_org_user_dashboard_shows_only_their_organization(test_catalogue, client, org_user, organization):
    MemberFactory.create_batch(3, branch=UnionBranchFactory(organization=organization))
    other = OrganizationFactory()
    MemberFactory.create_batch(9, branch=UnionBranchFactory(organization=other))
    client.force_login(org_user)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert response.context["figures"].value("unions.members") == 3
    assert response.context["figures"].value("orgs.total") == 1
    assert client.get(reverse("reports:dashboard"), {"organization": other.pk}).status_code == 404
    assert client.get(reverse("reports:report")).status_code == 403


@pytest.mark.parametrize("count", [10, 500])
def test_dashboard_query_budget_is_flat(test_catalogue, official_client, django_assert_max_num_queries, count):
    Organization.objects.bulk_create(OrganizationFactory.build_batch(count))
    # The first read computes the figures, last year's and the charts, and keeps them; the
    # figures by town take three more (the towns, organizations and members by town).
    with django_assert_max_num_queries(49):
        response = official_client.get(reverse("reports:dashboard"), {"period": "2022"})
    assert response.context["figures"].value("orgs.total") == count
    # The next one reads what was kept (and the figures by town: three queries).
    with django_assert_max_num_queries(15):
        response = official_client.get(reverse("reports:dashboard"), {"period": "2022"})
    assert response.context["figures"].from_snapshot


@pytest.mark.parametrize("count", [10, 500])
def test_report_page_query_budget_is_flat(test_catalogue, official_client, django_assert_max_num_queries, count):
    Organization.objects.bulk_create(OrganizationFactory.build_batch(count))
    # The figures, plus one query per named example the sentences quote (unions,
    # organizations, providers): a fixed number whatever the number of organizations.
    # Three more for the figures by town.
    with django_assert_max_num_queries(42):
        response = official_client.get(reverse("reports:report"), {"period": "all"})
    assert response.context["figures"].value("orgs.total") == count
    # The next one reads the figures and the quoted names that were kept (and the figures
    # by town: three queries), within the pages' budget.
    with django_assert_max_num_queries(12):
        response = official_client.get(reverse("reports:report"), {"period": "all"})
    assert response.context["figures"].from_snapshot


def test_report_page_has_four_sections_with_sentences_and_named_unions(wangcang_data, official_client):
    response = official_client.get(reverse("reports:report"), {"division": "510821", "period": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "旺苍县工会引领社会组织工作报告" in html
    for title in (
        "筑牢工会引领社会组织之“基”",
        "打响工会引领社会组织之“牌”",
        "凝聚工会引领社会组织之“力”",
        "延伸工会引领社会组织之“臂”",
    ):
        assert title in html
    assert "全县4个社会组织中，3个实现“党工共建”，占75.0%" in html
    assert "建立茶叶协会工会，覆盖" in html
    assert "已召开1次联席会议" in html


def test_report_of_another_division_is_404(wangcang_data, official_client):
    assert official_client.get(reverse("reports:report"), {"division": "510822"}).status_code == 404
    assert official_client.get(reverse("reports:report-xlsx"), {"division": "510822"}).status_code == 404


def test_xlsx_has_one_sheet_per_pillar_with_figures_and_lists(wangcang_data, official_client):
    response = official_client.get(reverse("reports:report-xlsx"), {"period": "all"})
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    # One sheet per pillar, then the figures by town.
    assert len(workbook.sheetnames) == 5
    foundation = [row for row in workbook.worksheets[0].iter_rows(values_only=True)]
    figures = {row[4]: row[1] for row in foundation if row and len(row) > 4 and row[4]}
    assert figures["orgs.total"] == 4
    assert figures["unions.members"] == 6
    names = {row[0] for row in foundation if row}
    assert wangcang_data[0].name in names  # the organization list under the figures
    assert "茶叶协会工会" in names
    cohesion = [row for row in workbook.worksheets[2].iter_rows(values_only=True)]
    assert any(len(row) > 4 and row[4] == "cohesion.joint_meetings" and row[1] == 1 for row in cohesion)


def test_staff_refresh_computes_snapshots_that_the_dashboard_then_reads(
    wangcang_data, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("reports:refresh") + "?division=510821&period=2022")
    assert response.status_code == 302
    assert Snapshot.objects.filter(division_id="510821", period_key="2022", code="orgs.total").get().value == 4
    assert Snapshot.objects.filter(division_id="510821", period_key="all").exists()
    page = staff_client.get(response.url)
    assert page.context["figures"].from_snapshot
    assert page.context["job"].status == "done"
    assert "数据计算于" in page.content.decode() or "computed at" in page.content.decode()


def test_official_cannot_refresh(wangcang_data, official_client):
    assert official_client.post(reverse("reports:refresh")).status_code == 403
    assert not Snapshot.objects.exists()


def test_city_staff_refresh_covers_the_counties(wangcang_data, client, make_user, django_capture_on_commit_callbacks):
    client.force_login(make_user("city-staff", User.Role.STAFF, division="510800"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:refresh") + "?division=510800&period=all")
    assert Snapshot.objects.filter(period_key="all", code="orgs.total", division_id="510800").get().value == 4
    assert Snapshot.objects.filter(period_key="all", code="orgs.total", division_id="510822").get().value == 0


def test_open_date_range_survives_the_links(wangcang_data, official_client):
    response = official_client.get(reverse("reports:report"), {"start": "2022-01-01"})
    assert response.status_code == 200
    assert response.context["period"].start.isoformat() == "2022-01-01"
    assert "start=2022-01-01" in response.context["query"]
    assert official_client.get(reverse("reports:report-xlsx") + "?" + response.context["query"]).status_code == 200


def test_english_interface_keeps_the_chinese_narrative(wangcang_data, official_client, settings):
    official_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = official_client.get(reverse("reports:report")).content.decode()
    assert "Download XLSX" in html and "Prepare the PDF" in html
    assert "筑牢工会引领社会组织之“基”" in html
    official_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = official_client.get(reverse("reports:report")).content.decode()
    assert "下载 Excel" in html and "生成 PDF" in html


def test_refresh_of_a_date_range_stores_it_under_its_key(
    wangcang_data, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("reports:refresh") + "?start=2022-01-01")
    assert response.status_code == 302
    assert Snapshot.objects.filter(period_key="2022-01-01~", code="orgs.total").get().value == 4
    page = staff_client.get(response.url)
    assert page.context["figures"].from_snapshot
    job = page.context["job"]
    assert job.status == "done" and job.progress == job.total > 0


def test_selector_keeps_a_date_range_as_start_and_end(wangcang_data, official_client):
    html = official_client.get(reverse("reports:dashboard"), {"start": "2022-01-01"}).content.decode()
    assert 'name="start" value="2022-01-01"' in html
    # The range is the chosen entry of the list, which sends no period of its own.
    assert '<option value="" selected>' in html
    assert 'name="period" id="id_period" value=""' in html


def test_year_over_year_is_a_dash_for_all_time(wangcang_data, official_client):
    html = official_client.get(reverse("reports:dashboard"), {"period": "all"}).content.decode()
    assert html.count('data-testid="change-') >= 1
    assert "同比：—" in html
    assert "上年同期" not in html


def test_year_over_year_of_a_quarter_is_against_the_same_quarter_a_year_earlier(wangcang_data, official_client):
    JointMeeting.objects.create(division_id="510821", held_on=date(2021, 5, 1))
    JointMeeting.objects.create(division_id="510821", held_on=date(2021, 5, 2))
    response = official_client.get(reverse("reports:dashboard"), {"period": "2022-Q2"})
    figures = response.context["figures"]
    assert figures.scope.period.previous().key == "2021-Q2"
    assert figures.value("cohesion.joint_meetings") == 1
    assert figures.previous["cohesion.joint_meetings"] == 2
    assert "-50.0%" in response.content.decode()


def test_period_list_offers_common_periods_and_the_typed_one_wins(wangcang_data, official_client):
    from django.utils import timezone

    year = timezone.localdate().year
    response = official_client.get(reverse("reports:dashboard"))
    keys = [key for _group, items in response.context["period_choices"] for key, _label in items]
    assert keys[:3] == ["all", str(year), str(year - 1)]
    assert f"{year - 1}-Q4" in keys and f"{year}-Q1" in keys
    # The list and the free-text field both send "period"; the last one filled in wins.
    response = official_client.get(reverse("reports:dashboard") + "?period=all&period=2022-05")
    assert response.context["period"].key == "2022-05"
    html = response.content.decode()
    assert '<option value="2022-05" selected>' in html  # a month is added to the list as chosen
    response = official_client.get(reverse("reports:dashboard") + "?period=2021&period=")
    assert response.context["period"].key == "2021"
