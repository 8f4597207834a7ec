"""Figures by town: the breakdown adds up to the county, officials narrow the dashboard to
one town, and the report carries the breakdown in HTML, XLSX and PDF."""

import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext
from openpyxl import load_workbook

from reports import queries
from tests.orgs.factories import (
    CommunityUnionFactory,
    MemberFactory,
    OrganizationFactory,
    TownFactory,
    UnionBranchFactory,
)
from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import ALL


@pytest.fixture
def towns(db):
    """Two towns of Wangcang (one with a community), one of Qingchuan; organizations in each,
    one without a town, members of each."""
    donghe = TownFactory(name="东河镇")
    community = TownFactory(name="映月潭社区", parent=donghe, kind="community")
    jiachuan = TownFactory(name="嘉川镇")
    TownFactory(name="木门镇")  # no organizations: a row of zeros
    qingchuan_town = TownFactory(name="乔庄镇", division_id="510822")
    in_donghe = OrganizationFactory(name="东河甲协会", town=donghe)
    in_community = OrganizationFactory(name="映月潭乙中心", town=community, has_party_org=False)
    in_jiachuan = OrganizationFactory(name="嘉川丙协会", town=jiachuan)
    without_town = OrganizationFactory(name="无乡镇丁协会")
    OrganizationFactory(name="青川戊协会", town=qingchuan_town, division_id="510822")
    for organization, count in ((in_donghe, 3), (in_jiachuan, 2), (without_town, 1)):
        branch = UnionBranchFactory(organization=organization)
        MemberFactory.create_batch(count, branch=branch)
    area = CommunityUnionFactory(name="映月潭社区工会", town=community)
    MemberFactory.create_batch(4, branch=area, organization=in_community, join_path="individual")
    return {"donghe": donghe, "jiachuan": jiachuan, "community": community, "qingchuan": qingchuan_town}


def _scope():
    return Scope(division=Division.objects.get(code="510821"), period=ALL)


@pytest.mark.django_db
def test_town_figures_add_up_to_the_county_figures(towns):
    scope = _scope()
    breakdown = queries.town_figures(scope)
    county = catalogue.compute(scope)
    by_name = {row["name"]: row["values"] for row in breakdown["rows"]}
    assert breakdown["rows"][-1]["town"] is None
    codes = [column.code for column in breakdown["columns"]]
    assert list(by_name) == ["东河镇", "嘉川镇", "木门镇", gettext("Town not given")]
    donghe = dict(zip(codes, by_name["东河镇"], strict=True))
    # The community's organization and its individual joins count in 东河镇.
    assert donghe["orgs.total"] == 2 and donghe["orgs.with_party"] == 1
    assert donghe["unions.members"] == 7 and donghe["unions.individual_joins"] == 4
    assert donghe["orgs.co_construction_rate"] == Decimal("50.0")
    assert by_name["木门镇"][codes.index("orgs.total")] == 0
    for code in codes:
        if code == "orgs.co_construction_rate":
            continue
        column = codes.index(code)
        assert sum(values[column] for values in by_name.values()) == county[code], code
        assert breakdown["totals"][column] == county[code]
    assert breakdown["totals"][codes.index("orgs.co_construction_rate")] == county["orgs.co_construction_rate"]


@pytest.mark.django_db
def test_official_picks_a_town_and_the_dashboard_shows_only_its_figures(towns, official_client):
    response = official_client.get("/reports/", {"division": "510821", "period": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="town-select"' in html and "乔庄镇" not in html
    assert 'data-testid="town-table"' in html
    assert response.context["charts"][-1]["code"] == "towns.breakdown"
    response = official_client.get("/reports/", {"division": "510821", "period": "all", "town": towns["donghe"].pk})
    assert response.status_code == 200
    assert response.context["town"] == towns["donghe"]
    assert response.context["figures"].value("orgs.total") == 2
    assert response.context["figures"].value("unions.members") == 7
    assert response.context["town_figures"] is None  # one town: no breakdown
    assert "东河镇" in response.content.decode()


@pytest.mark.django_db
def test_a_town_of_another_county_or_for_an_org_user_is_not_found(towns, official_client, org_client):
    response = official_client.get("/reports/", {"division": "510821", "town": towns["qingchuan"].pk})
    assert response.status_code == 404
    response = official_client.get("/reports/", {"division": "510821", "town": "x"})
    assert response.status_code == 404
    response = org_client.get("/reports/", {"town": towns["donghe"].pk})
    assert response.status_code == 404


@pytest.mark.django_db
def test_dashboard_with_towns_keeps_a_query_budget(towns, official_client, django_assert_max_num_queries):
    official_client.get("/reports/", {"division": "510821", "period": "all"})  # fills the snapshots
    with django_assert_max_num_queries(40):
        response = official_client.get("/reports/", {"division": "510821", "period": "all"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_report_html_xlsx_and_pdf_carry_the_breakdown(towns, official_client):
    from reports import pdf
    from reports.queries import figures

    response = official_client.get("/reports/county/", {"division": "510821", "period": "all"})
    html = response.content.decode()
    assert 'data-testid="town-table"' in html and 'data-testid="chart-towns.breakdown"' in html

    response = official_client.get("/reports/county/xlsx/", {"division": "510821", "period": "all"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook[workbook.sheetnames[-1]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    names = [row[0] for row in rows]
    donghe = rows[names.index("东河镇")]
    assert donghe[1] == 2 and donghe[6] == 7
    total = rows[-1]
    assert total[1] == 4  # the four Wangcang social organizations
    assert len(sheet._charts) == 1

    pdf_bytes = pdf.render_pdf(figures(_scope()))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "各乡镇主要数据" in text and "东河镇" in text and "嘉川镇" in text
