"""The Wangcang demo data reproduces the source document's figures through the catalogue
(division 510821, period ``all``). A code not yet in the catalogue is skipped."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import ALL

# Exact figures of FIGURES.md; None where the value is "as built" (then only checked positive).
EXPECTED = {
    "orgs.total": 147,
    "orgs.with_party": 147,
    "orgs.with_union": 147,
    "orgs.co_construction": 147,
    "orgs.co_construction_rate": Decimal("100.0"),
    "unions.branches": None,
    "unions.members": None,
    "unions.individual_joins": 178,
    "unions.industry_covered_orgs": 28,
    "incubator.area_m2": 6103,
    "incubator.residents": None,
    "incubator.admitted": 28,
    "incubator.graduated": 11,
    "incubator.trainings": 23,
    "incubator.trainees": 1196,
    "incubator.exchange_visits": None,
    "incubator.support_amount": None,
    "cohesion.joint_meetings": 3,
    "cohesion.issues_raised": None,
    "cohesion.issues_resolved": 12,
    "cohesion.committee_seats": 5,
    "cohesion.secondments": 2,
    "funds.matching_amount": None,
    "funds.mutual_aid_amount": None,
    "funds.student_aid_students": 83,
    "funds.student_aid_amount": Decimal("198500.00"),
    "funds.subsidy_amount": Decimal("98600.00"),
    "funds.assistance_households": 120,
    "funds.assistance_persons": 483,
    "services.contracts": None,
    "services.contract_amount": None,
    "services.legal_advisers": 4,
    "services.legal_trainings": 7,
    "services.consultations": 2046,
    "services.trainings": None,
    "services.legal_aid_cases": 12,
    "services.recovered_amount": Decimal("98700.00"),
    "services.surgeries": 2300,
    "services.counselling_sessions": 124,
    "services.contests": 3,
    "services.beneficiaries": None,
}


@pytest.fixture(scope="module")
def demo_values(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            from wangcang.divisions import ensure_divisions

            ensure_divisions()
            call_command("load_demo", "--quiet-logins")
            values = catalogue.compute(Scope(division=Division.objects.get(code="510821"), period=ALL))
            _report_of_the_demo(values)
            transaction.set_rollback(True)
    return values


DEMO_REPORT = {}


def _report_of_the_demo(values):
    """The county report's paragraphs (with the named examples) and its XLSX, made while
    the demo data exists."""
    from reports import narrative, xlsx
    from reports.queries import Figures

    scope = Scope(division=Division.objects.get(code="510821"), period=ALL)
    figures = Figures(scope=scope, values=values, indicators=catalogue.catalogue())
    DEMO_REPORT["paragraphs"] = {section.key: section.paragraph for section in narrative.build(figures)}
    handle = io.BytesIO()
    xlsx.write_report(handle, figures)
    DEMO_REPORT["xlsx"] = handle.getvalue()
    from orgs.models import Organization
    from reports.queries import town_figures

    DEMO_REPORT["towns"] = town_figures(scope)
    DEMO_REPORT["organizations_without_town"] = Organization.objects.filter(town__isnull=True).count()


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(EXPECTED))
def test_demo_figure_equals_the_source_document(demo_values, code):
    if code not in {item.code for item in catalogue.catalogue()}:
        pytest.skip(f"{code} is not in the catalogue")
    expected = EXPECTED[code]
    if expected is None:
        assert demo_values[code] > 0
    else:
        assert demo_values[code] == expected


@pytest.mark.django_db
def test_the_rules_between_figures_hold(demo_values):
    codes = {item.code for item in catalogue.catalogue()}
    if "unions.members" in codes:
        assert demo_values["unions.members"] >= 586 + 178
    if {"cohesion.issues_raised", "cohesion.issues_resolved"} <= codes:
        assert demo_values["cohesion.issues_raised"] >= demo_values["cohesion.issues_resolved"]
    if {"funds.assistance_persons", "funds.assistance_households"} <= codes:
        assert demo_values["funds.assistance_persons"] >= demo_values["funds.assistance_households"]


@pytest.mark.django_db
def test_demo_report_opens_with_the_documents_first_sentence(demo_values):
    from reports import narrative
    from reports.queries import Figures

    if not {"orgs.total", "orgs.co_construction"} <= {item.code for item in catalogue.catalogue()}:
        pytest.skip("the registry's figures are not in the catalogue")
    figures = Figures(
        scope=Scope(division=Division(code="510821", name="旺苍县", level="county"), period=ALL), values=demo_values
    )
    sections = narrative.build(figures, details=False)
    assert "全县147个社会组织均实现“党工共建”。" in sections[0].paragraph


# The source document's sentences, as the report writes them from the demo data.
DOCUMENT_SENTENCES = {
    "foundation": [
        "社会组织均已建立工会或纳入行业、社区工会覆盖，实现建会全覆盖。",
        "一是“点”上党建引。全县147个社会组织均实现“党工共建”，并重点培育了电子商务协会工会等一批有影响力的社会组织工会。",
        "二是“线”上行业牵。如：建立茶叶协会工会，覆盖农业合作社23家；"
        "建立青年志愿者协会工会，覆盖公益慈善类社会组织5家，580余人加入工会。",
        "三是“面”上社区兜。如：",
        "社区工会共吸纳",
        "等5家社会组织178人单体入会。",
    ],
    "brand": [
        "一是以“建”为支撑。依托6103平方米孵化场所，累计引进28家社会组织入驻孵化基地，成功孵化",
        "等11家社会组织",
        "二是以“育”为核心。选派社会组织到成都等地交流学习4次。累计开展各类培训23场次，参训社会组织职工近1200人次。",
        "三是以“激”为保障。实行场地、水电、培训、服务“四免”",
    ],
    "cohesion": [
        "一是画好“同心圆”。已召开3次联席会议，解决社会组织困难及问题12个。",
        "二是搭建“双向桥”。共吸纳5名社会组织代表人士任县总工会委员。",
        "选派2名工会社会化工作者到旺苍县春蕾爱心协会兼职。",
        "三是打好“组合拳”。按照会员收缴工会会费1:2的比例扶持旺苍县青年志愿者协会等社会组织",
        "指导旺苍县春蕾爱心协会成立爱心基金，互助反哺受困会员",
        "吸收引导社会力量开展金秋助学，共资助贫困学生80余人，资助金额近20万元。",
        "补助旺苍县新心康乐社会服务中心工会经费近10万元，合力帮扶贫困户120户483人。",
    ],
    "arm": [
        "一是立足“专”字强服务。与四川方尽律师事务所签订合作协议，通过购买法律服务的方式，"
        "常年聘请4名律师担任基层工会法律顾问，开展工会法律知识培训7场，累计提供各类法律咨询2000余人次，"
        "提供诉讼（仲裁）代理等工会法律援助服务12件，为会员和职工挽回经济损失近10万元。",
        "二是立足“精”字优服务。与旺苍佳士医院合作，委托实施“与爱瞳行”白内障患者免费复明手术公益项目，"
        "已为职工免费实施手术2300名。",
        "三是立足“全”字增服务。",
        "与旺苍县青少年心理健康教育协会合作，累计开展职工心理健康知识讲座、职工团体心理辅导等活动120余场。",
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("pillar", list(DOCUMENT_SENTENCES))
def test_demo_report_says_what_the_source_document_says(demo_values, pillar):
    paragraph = DEMO_REPORT["paragraphs"][pillar]
    for sentence in DOCUMENT_SENTENCES[pillar]:
        assert sentence in paragraph


@pytest.mark.django_db
def test_demo_report_writes_money_in_wan_and_no_bare_yuan(demo_values):
    import re

    text = "".join(DEMO_REPORT["paragraphs"].values())
    # Amounts from ten thousand yuan up are written in 万元, never as digits of yuan.
    assert not re.search(r"\d{5,}(\.\d+)?元", text)
    assert "近20万元" in text and "近10万元" in text
    support = demo_values["incubator.support_amount"]
    assert f"折合扶持资金{narrative_money(support)}。" in text


def narrative_money(value):
    from reports.narrative import money_text

    return money_text(value)


@pytest.mark.django_db
def test_demo_xlsx_has_the_sentences_and_numbers_with_a_number_format(demo_values):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(DEMO_REPORT["xlsx"]))
    sheet = workbook.worksheets[2]  # cohesion
    rows = list(sheet.iter_rows(values_only=False))
    texts = [row[0].value for row in rows if row and isinstance(row[0].value, str)]
    assert any("已召开3次联席会议" in text for text in texts)
    by_label = {row[0].value: row[1] for row in rows if len(row) > 1 and row[1].value is not None}
    amounts = [cell for cell in by_label.values() if cell.number_format == "#,##0.00"]
    assert any(cell.value == 198500 for cell in amounts)
    counts = [cell for cell in by_label.values() if cell.number_format == "#,##0"]
    assert any(cell.value == 483 for cell in counts)


@pytest.mark.django_db
def test_demo_organizations_have_towns_and_the_towns_add_up_to_the_county(demo_values):
    towns = DEMO_REPORT["towns"]
    assert DEMO_REPORT["organizations_without_town"] == 0
    codes = [column.code for column in towns["columns"]]
    rows = {row["name"]: dict(zip(codes, row["values"], strict=True)) for row in towns["rows"]}
    assert "Town not given" not in rows and "未填乡镇" not in rows
    assert {"东河镇", "嘉川镇", "木门镇", "白水镇", "黄洋镇", "普济镇", "五权镇", "龙凤镇"} <= set(rows)
    assert sum(1 for values in rows.values() if values["orgs.total"]) >= 15
    for code in codes:
        if code != "orgs.co_construction_rate":
            assert sum(values[code] for values in rows.values()) == demo_values[code], code
    # The community unions' individual joins are in 东河镇, where 映月潭 and 治城 are.
    assert rows["东河镇"]["unions.individual_joins"] == demo_values["unions.individual_joins"] == 178
