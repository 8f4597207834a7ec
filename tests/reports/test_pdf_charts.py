"""The PDF county report carries the dashboard's charts (SVG drawn on the server) and a
table of contents whose page numbers are the pages the sections and charts start on."""

import re
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from reports import pdf, queries, svgcharts
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import parse_period

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    return text.replace("\n", "").replace(" ", "").replace("\u3000", "")


@pytest.fixture
def report_pdf():
    for org in OrganizationFactory.create_batch(6, division_id="510821"):
        MemberFactory(branch=UnionBranchFactory(organization=org))
    figures = queries.figures(Scope(division=Division.objects.get(code="510821"), period=parse_period("all")))
    return PdfReader(BytesIO(pdf.render_pdf(figures)))


def test_the_report_has_the_dashboards_charts_and_a_table_of_contents(report_pdf):
    pages = [flat(page.extract_text()) for page in report_pdf.pages]
    with translation.override("zh-hans"):
        titles = [str(item.title) for item in catalogue.charts()]
        sections = ["筑牢工会引领社会组织之“基”"]
    assert titles
    toc = pages[1]
    assert toc.startswith("目录")
    # Every chart is listed in the table of contents and drawn in the report under its title.
    numbers = []
    for title in titles:
        entry = re.search(rf"图(\d+){re.escape(flat(title))}\.+(\d+)", toc)
        assert entry, title
        number, page_number = int(entry.group(1)), int(entry.group(2))
        numbers.append(number)
        assert f"图{number}{flat(title)}" in pages[page_number - 1], (title, page_number)
    assert sorted(numbers) == list(range(1, len(titles) + 1))
    for heading in sections:
        entry = re.search(rf"一、{re.escape(heading)}\.+(\d+)", toc)
        assert entry, toc
        assert f"一、{heading}" in pages[int(entry.group(1)) - 1]
    # The page number printed in the footer is the one the contents give.
    assert f"第{int(entry.group(1))}页" in pages[int(entry.group(1)) - 1]


def test_charts_are_vector_drawings_with_chinese_labels(report_pdf):
    text = "".join(flat(page.extract_text()) for page in report_pdf.pages)
    # The pie of organizations by kind labels its slices with the kinds' Chinese names.
    assert "社会团体" in text
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in report_pdf.pages
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values()
    }
    assert any("WenQuanYi" in name for name in fonts)


def test_a_chart_without_records_says_so_instead_of_drawing_empty_axes():
    assert svgcharts.chart_svg({"kind": "bar", "categories": ["2024"], "series": [{"name": "x", "data": [0]}]}) is None
    svg = svgcharts.chart_svg(
        {
            "kind": "bar",
            "categories": ["旺苍县茶叶协会", "青年志愿者协会"],
            "series": [{"name": "会员", "data": [23, 5]}],
        }
    )
    assert svg.startswith("<svg") and "旺苍县茶叶协会" in svg and "WenQuanYi Micro Hei" in svg
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org", "").replace(
        "http://pygal.org", ""
    ).replace("http://github.com/Kozea/pygal", "")
