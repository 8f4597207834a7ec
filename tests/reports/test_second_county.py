"""A second county (青川县, 510822) built through the API and the pages (each form opened,
filled in and sent as a person does) beside Wangcang: its
own figures in every period, the city the sum of its counties, and a report, XLSX and PDF
that speak of 青川 only. A county with no records (剑阁县) reads zeros and sensible sentences."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from reports import narrative, pdf, queries, xlsx
from services.funds.models import Fund, StudentAid
from services.models import Contract, DeliverableKind, Delivery
from tests.incubator.factories import BatchFactory, SiteFactory, SpaceFactory
from tests.orgs.factories import OrganizationFactory
from tests.pages import fill_in, forms_of, press
from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division, User
from wangcang.periods import ALL, parse_period
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db

QINGCHUAN, WANGCANG, CITY, EMPTY = "510822", "510821", "510800", "510823"
# Figures that add up from counties to their city (not rates).
ADDITIVE = [
    "orgs.total",
    "orgs.with_party",
    "cohesion.joint_meetings",
    "services.contracts",
    "funds.student_aid_amount",
]


@pytest.fixture
def qingchuan():
    today = timezone.localdate()
    last_year, this_year = today.year - 1, today.year
    staff = User.objects.create_user(username="qc-staff", password="x", role=User.Role.STAFF, division_id=QINGCHUAN)
    api = APIClient()
    api.force_authenticate(staff)
    # Organizations through the API, founded in two years.
    orgs = []
    for serial, (name, party, founded) in enumerate(
        [
            ("青川县茶叶协会", True, date(last_year, 3, 1)),
            ("青川县志愿者协会", True, date(this_year, 1, 2)),
            ("青川县养蜂合作协会", False, date(last_year, 6, 1)),
        ]
    ):
        answer = api.post(
            "/api/v1/organizations/",
            {
                "name": name,
                "uscc": make_uscc(880000 + serial, division=QINGCHUAN),
                "kind": "social_group",
                "has_party_org": party,
                "established_on": founded.isoformat(),
            },
            format="json",
        )
        assert answer.status_code == 201, answer.content
        orgs.append(answer.json()["id"])
    # Joint meetings through the API, one each year.
    for held in (date(last_year, 5, 10), date(this_year, 1, 3)):
        answer = api.post(
            "/api/v1/joint-meetings/", {"held_on": held.isoformat(), "place": "青川县总工会"}, format="json"
        )
        assert answer.status_code == 201, answer.content
        assert answer.json()["division"] == QINGCHUAN
    # A fund through the fund page (its division is the staff member's own), its allocation
    # on the ledger page and a grant on the student-aid page, each form opened and filled in.
    client = Client()
    client.force_login(staff)
    page = fill_in(
        client,
        "/services/funds/new/",
        {"name": "青川县金秋助学金", "matching_ratio": "0", "mutual_aid_multiple": "0"},
        choose={"kind": "金秋助学"},
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    fund = Fund.objects.get(name="青川县金秋助学金")
    assert fund.division_id == QINGCHUAN
    page = fill_in(  # the county's allocation: aid is paid out of a balance
        client,
        "/services/funds/ledger/new/",
        {
            "occurred_on": date(last_year, 1, 10).isoformat(),
            "amount": "10000.00",
            "purpose": "县总工会拨款",
            "payer": "青川县总工会",
        },
        choose={"fund": "青川县金秋助学金", "direction": "收入"},
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    page = fill_in(
        client,
        "/services/funds/students/new/",
        {
            "student_name": "李同学",
            "school": "青川中学",
            "grade": "高二",
            "household": "困难家庭",
            "amount": "2000.00",
            "occurred_on": date(last_year, 9, 1).isoformat(),
        },
        choose={"fund": "青川县金秋助学金"},
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    assert StudentAid.objects.get(student_name="李同学").transaction.fund == fund
    # A purchased-service contract over the two years on the contract page, a delivery on
    # the contract's delivery page, confirmed on the delivery's page by another staff member
    # than the one who recorded it.
    page = fill_in(
        client,
        "/services/contracts/new/",
        {
            "title": "青川县职工法律服务项目",
            "amount": "30000.00",
            "signed_on": date(last_year, 1, 1).isoformat(),
            "starts_on": date(last_year, 1, 1).isoformat(),
            "ends_on": date(this_year, 12, 31).isoformat(),
            f"target_{DeliverableKind.CONSULTATION}": "20",
        },
        choose={"provider": "青川县茶叶协会", "category": "法律服务"},
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    contract = Contract.objects.get(title="青川县职工法律服务项目")
    assert contract.division_id == QINGCHUAN and contract.provider_id == orgs[0]
    page = fill_in(
        client,
        f"/services/contracts/{contract.pk}/deliveries/new/",
        {"delivered_on": date(last_year, 7, 1).isoformat(), "quantity": "15", "persons_served": "15"},
        choose={"kind": "咨询"},
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    delivery = Delivery.objects.get(contract=contract)
    # Separation of duties: the recorder's page offers no Confirm button but a note, and a
    # confirmation posted anyway is refused.
    own_page = client.get(f"/services/deliveries/{delivery.pk}/")
    assert not [form for form in forms_of(own_page) if "/confirm/" in (form.action or "")]
    assert "needs-second-colleague" in own_page.content.decode()
    client.post(f"/services/deliveries/{delivery.pk}/confirm/")
    delivery.refresh_from_db()
    assert not delivery.is_confirmed
    checker = User.objects.create_user(username="qc-checker", password="x", role=User.Role.STAFF, division_id=QINGCHUAN)
    second = Client()
    second.force_login(checker)
    assert press(second, f"/services/deliveries/{delivery.pk}/", action_contains="/confirm/").status_code in (302, 303)
    delivery.refresh_from_db()
    assert delivery.is_confirmed and delivery.confirmed_by == checker
    # The incubation base: a space, an application of last year recorded through the API
    # with its real days, the residency started on its page.
    space = SpaceFactory(site=SiteFactory(division_id=QINGCHUAN), area_m2=Decimal("300.00"))
    batch = BatchFactory(division_id=QINGCHUAN, year=last_year)
    answer = api.post(
        "/api/v1/incubator/applications/",
        {
            "batch": batch.pk,
            "organization": orgs[1],
            "project_plan": "志愿服务能力建设",
            "field": "公益",
            "submitted_on": date(last_year, 2, 1).isoformat(),
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    application = answer.json()["id"]
    answer = api.post(
        f"/api/v1/incubator/applications/{application}/decide/",
        {"decision": "admitted", "decided_on": date(last_year, 3, 1).isoformat()},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    page = client.post(
        f"/incubator/applications/{application}/residency/",
        {
            "started_on": date(last_year, 3, 15).isoformat(),
            "space": space.pk,
            "area_m2": "100",
            "venue_waiver": "0",
            "utilities_waiver": "0",
            "training_waiver": "0",
            "services_waiver": "0",
        },
    )
    assert page.status_code in (302, 303), page.context["form"].errors if page.context else page.status_code
    # Wangcang's own records, which must not appear in 青川's figures.
    for serial in range(4):
        OrganizationFactory(division_id=WANGCANG, name=f"旺苍县测试组织{serial}")
    return staff


def figures_of(code: str, period):
    return catalogue.compute(Scope(division=Division.objects.get(code=code), period=period))


def test_the_second_county_has_its_own_figures_and_the_city_adds_up(qingchuan):
    today = timezone.localdate()
    periods = [ALL, parse_period(str(today.year - 1)), parse_period(str(today.year))]
    whole = figures_of(QINGCHUAN, ALL)
    assert whole["orgs.total"] == 3 and whole["orgs.with_party"] == 2
    assert whole["cohesion.joint_meetings"] == 2
    assert whole["funds.student_aid_amount"] == Decimal("2000.00") and whole["funds.student_aid_students"] == 1
    assert whole["services.consultations"] == 15
    assert whole["incubator.admitted"] == 1 and whole["incubator.residents"] == 1
    assert whole["incubator.area_m2"] == Decimal("300.00")
    last = figures_of(QINGCHUAN, periods[1])
    this = figures_of(QINGCHUAN, periods[2])
    assert last["cohesion.joint_meetings"] == 1 and this["cohesion.joint_meetings"] == 1
    assert last["funds.student_aid_amount"] == Decimal("2000.00") and this["funds.student_aid_amount"] == 0
    assert last["services.consultations"] == 15 and this["services.consultations"] == 0
    assert last["incubator.admitted"] == 1 and this["incubator.admitted"] == 0
    for period in periods:
        county, neighbour, city = (figures_of(code, period) for code in (QINGCHUAN, WANGCANG, CITY))
        for item in catalogue.catalogue():
            if item.unit == catalogue.UNIT_PERCENT or item.code.startswith("selfreports."):
                continue
            if item.code in ("incubator.area_m2",):
                continue
            assert city[item.code] >= county[item.code], item.code
        for code in ADDITIVE:
            others = sum(
                figures_of(division.code, period)[code]
                for division in Division.objects.filter(parent_id=CITY).exclude(code__in=[QINGCHUAN, WANGCANG])
            )
            assert city[code] == county[code] + neighbour[code] + others, (code, period.key)


def test_the_second_countys_report_xlsx_and_pdf_speak_of_it_only(qingchuan):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    official = User.objects.create_user(
        username="qc-official", password="x", role=User.Role.OFFICIAL, division_id=QINGCHUAN
    )
    client = Client()
    client.force_login(official)
    page = client.get("/reports/county/", {"division": QINGCHUAN, "period": "all"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "青川县" in html and "青川县总工会" in html
    text = "".join(section.paragraph for section in page.context["sections"])
    assert "旺苍" not in text and "全县3个社会组织中，尚无实现“党工共建”的记录。" in text

    download = client.get("/reports/county/xlsx/", {"division": QINGCHUAN, "period": "all"})
    workbook = load_workbook(
        io.BytesIO(b"".join(download.streaming_content) if download.streaming else download.content)
    )
    cells = " ".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )
    assert "青川县" in cells and "旺苍" not in cells

    figures = queries.figures(Scope(division=Division.objects.get(code=QINGCHUAN), period=ALL))
    reader = PdfReader(io.BytesIO(pdf.render_pdf(figures)))
    content = "".join(p.extract_text() for p in reader.pages)
    assert "青川县总工会" in content and "旺苍" not in content


def test_a_county_with_no_records_reads_zeros_and_sensible_sentences(qingchuan):
    values = figures_of(EMPTY, ALL)
    assert all(value == 0 for value in values.values())
    figures = queries.figures(Scope(division=Division.objects.get(code=EMPTY), period=ALL))
    sections = narrative.build(figures)
    assert "全县暂无在册社会组织的记录。" in sections[0].paragraph
    assert [section.paragraph for section in sections[1:]] == ["本期暂无相关记录。"] * 3
    handle = io.BytesIO()
    xlsx.write_report(handle, figures)
    assert handle.getvalue()


def test_brand_from_settings_and_the_federation_of_the_division(make_user, settings):
    settings.PORTAL_NAME = settings.PORTAL_SHORT_NAME = "青川县工会社会组织服务平台"
    official = make_user("qc-reader", User.Role.OFFICIAL, division=QINGCHUAN)
    Division.objects.filter(code=QINGCHUAN).update(union_name="青川县总工会（测试）")
    client = Client()
    client.force_login(official)
    html = client.get("/reports/county/", {"division": QINGCHUAN, "period": "all"}).content.decode()
    assert "青川县工会社会组织服务平台" in html
    assert "青川县总工会（测试）" in html  # the footer names the chosen division's federation
    assert "旺苍" not in html
    division = Division.objects.get(code=EMPTY)
    assert division.federation_name == "剑阁县总工会"
