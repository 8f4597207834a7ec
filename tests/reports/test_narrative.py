from decimal import Decimal

import pytest

from reports import narrative
from reports.queries import Figures
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import ALL


@pytest.mark.parametrize(
    ("value", "mode", "text"),
    [
        (2046, "auto", "2000余"),
        (83, "auto", "80余"),
        (124, "auto", "120余"),
        (1196, "auto", "近1200"),
        (Decimal("198500.00"), "auto", "近20万"),
        (Decimal("98600"), "auto", "近10万"),
        (Decimal("98700.00"), "auto", "近10万"),
        (586, "over", "580余"),
        (2300, "auto", "2300"),
        (120, "auto", "120"),
        (7, "auto", "7"),
        (200000, "auto", "20万"),
        (0, "auto", "0"),
        (1196, "over", "1190余"),
        (2046, "under", "近2100"),
    ],
)
def test_approx(value, mode, text):
    assert narrative.approx(value, mode) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2064000.00"), "206.4万元"),
        (Decimal("98700.00"), "近10万元"),
        (Decimal("240000.00"), "24万元"),
        (Decimal("1390000.00"), "139万元"),
        (Decimal("198500.00"), "近20万元"),
        (Decimal("24680.00"), "2.4万余元"),
        (Decimal("10000.00"), "1万元"),
        (Decimal("6700.00"), "6700元"),
        (Decimal("6700.49"), "6700元"),
        (Decimal("9999.50"), "1万元"),
        (Decimal("150000000.00"), "1.5亿元"),
        (Decimal("0.00"), "0元"),
        (86, "86元"),
    ],
)
def test_money_text_writes_yuan_as_official_documents_do(value, text):
    assert narrative.money_text(value) == text


@pytest.mark.parametrize(
    ("names", "text"),
    [
        (["映月潭社区工会", "治城社区工会"], "映月潭、治城社区工会"),
        (["茶叶协会工会"], "茶叶协会工会"),
        (["茶叶协会工会", "青年志愿者协会工会"], "茶叶、青年志愿者协会工会"),
        (["社区工会", "治城社区工会"], "社区工会、治城社区工会"),
        (["电子商务协会工会", "治城社区工会"], "电子商务协会工会、治城社区工会"),
        (["甲", "乙"], "甲、乙"),
    ],
)
def test_union_names_share_their_ending(names, text):
    assert narrative.union_names_text(names) == text


@pytest.mark.parametrize(
    ("covered", "word"),
    [
        ([("social_group", "charity", "甲会"), ("foundation", "charity", "乙基金会")], "公益慈善类社会组织"),
        ([("other", "agriculture", "甲茶叶专业合作社"), ("other", "agriculture", "乙合作社")], "农业合作社"),
        ([("social_group", "charity", "甲会"), ("social_group", "culture", "乙会")], "社会组织"),
        ([("social_group", "charity", "甲会"), ("other", "legal", "乙律师事务所")], "社会组织及相关单位"),
    ],
)
def test_what_an_industry_union_covers(covered, word):
    assert narrative.covered_units_word(covered) == word


def make_figures(values, level="county"):
    division = Division(code="510821" if level == "county" else "510800", name="旺苍县", level=level)
    return Figures(scope=Scope(division=division, period=ALL), values=values)


def paragraphs(values, level="county"):
    return {s.key: s.paragraph for s in narrative.build(make_figures(values, level), details=False)}


def test_all_covered_says_all():
    text = paragraphs({"orgs.total": 147, "orgs.co_construction": 147, "orgs.co_construction_rate": Decimal("100.0")})
    assert "全县147个社会组织均实现“党工共建”。" in text["foundation"]


def test_partly_covered_gives_the_count_and_share():
    text = paragraphs({"orgs.total": 147, "orgs.co_construction": 140, "orgs.co_construction_rate": Decimal("95.2")})
    assert "全县147个社会组织中，140个实现“党工共建”，占95.2%。" in text["foundation"]


def test_city_says_the_whole_city():
    text = paragraphs({"orgs.total": 3, "orgs.co_construction": 3}, level="city")
    assert text["foundation"].startswith("全市3个社会组织均实现")


def test_missing_codes_degrade_to_no_records():
    text = paragraphs({})
    assert "暂无在册社会组织的记录" in text["foundation"]
    assert text["brand"] == "本期暂无相关记录。"
    assert text["arm"] == "本期暂无相关记录。"


def test_document_wording_from_figures():
    text = paragraphs(
        {
            "incubator.area_m2": 6103,
            "incubator.admitted": 28,
            "incubator.graduated": 11,
            "incubator.trainings": 23,
            "incubator.trainees": 1196,
            "cohesion.joint_meetings": 3,
            "cohesion.issues_resolved": 12,
            "cohesion.committee_seats": 5,
            "cohesion.secondments": 2,
            "funds.student_aid_students": 83,
            "funds.student_aid_amount": Decimal("198500.00"),
            "funds.subsidy_amount": Decimal("98600.00"),
            "funds.assistance_households": 120,
            "funds.assistance_persons": 483,
            "services.legal_advisers": 4,
            "services.legal_trainings": 7,
            "services.consultations": 2046,
            "services.legal_aid_cases": 12,
            "services.recovered_amount": Decimal("98700.00"),
            "services.surgeries": 2300,
            "services.counselling_sessions": 124,
        }
    )
    assert "6103平方米" in text["brand"]
    assert "累计引进28家社会组织入驻孵化基地，成功孵化11家社会组织。" in text["brand"]
    assert "累计开展各类培训23场次，参训社会组织职工近1200人次。" in text["brand"]
    assert "已召开3次联席会议，解决社会组织困难及问题12个。" in text["cohesion"]
    assert "共资助贫困学生80余人，资助金额近20万元。" in text["cohesion"]
    assert "补助社会组织工会经费近10万元" in text["cohesion"]
    assert "合力帮扶贫困户120户483人。" in text["cohesion"]
    assert "聘请4名律师担任基层工会法律顾问" in text["arm"]
    assert "累计提供各类法律咨询2000余人次" in text["arm"]
    assert "挽回经济损失近10万元" in text["arm"]
    # Without the records' details no kind of surgery is assumed.
    assert "已为职工免费实施手术2300名。" in text["arm"]
    assert "白内障" not in text["arm"]
    assert "120余场" in text["arm"]


def test_a_missing_count_is_left_out_of_its_sentence():
    text = paragraphs({"orgs.total": 2, "orgs.co_construction": 2, "unions.members": 5})
    assert text["foundation"].startswith("全县现有工会会员5人。")
    assert "0个" not in text["foundation"]
    text = paragraphs({"orgs.total": 2, "orgs.co_construction": 2, "unions.members": 5, "unions.branches": 3})
    assert text["foundation"].startswith("全县现有各级工会组织3个、工会会员5人。")


def test_parts_are_numbered_as_the_document_does_and_a_lone_part_is_not():
    text = paragraphs(
        {
            "orgs.total": 147,
            "orgs.co_construction": 147,
            "orgs.with_union": 147,
            "unions.industry_covered_orgs": 28,
            "unions.individual_joins": 178,
        }
    )
    assert text["foundation"] == (
        "社会组织均已建立工会或纳入行业、社区工会覆盖，实现建会全覆盖。"
        "一是“点”上党建引。全县147个社会组织均实现“党工共建”。"
        "二是“线”上行业牵。行业工会共覆盖社会组织及相关单位28家。"
        "三是“面”上社区兜。镇、村（社区）工会共吸纳社会组织职工178人单体入会。"
    ).replace("社会组织均已", "全县社会组织均已", 1)
    text = paragraphs({"cohesion.joint_meetings": 3, "cohesion.issues_resolved": 12})
    assert text["cohesion"] == "已召开3次联席会议，解决社会组织困难及问题12个。"


def test_money_in_sentences_is_written_in_wan():
    text = paragraphs(
        {
            "incubator.support_amount": Decimal("2064000.00"),
            "funds.matching_amount": Decimal("240000.00"),
            "services.contracts": 3,
            "services.contract_amount": Decimal("1390000.00"),
        }
    )
    assert text["brand"] == "实行场地、水电、培训、服务“四免”，并给予补助，折合扶持资金206.4万元。"
    # Without the funds' own ratios no ratio is claimed.
    assert "按照会员收缴工会会费一定的比例扶持社会组织24万元。" in text["cohesion"]
    assert "目前履行中的购买服务合同3份，合同金额139万元。" in text["arm"]
    assert "2064000" not in text["brand"]


def test_a_city_counts_seats_on_the_federations_below():
    text = paragraphs({"cohesion.committee_seats": 5}, level="city")
    assert text["cohesion"] == "共吸纳5名社会组织代表人士任各级工会委员。"
    text = paragraphs({"cohesion.committee_seats": 5})
    assert text["cohesion"] == "共吸纳5名社会组织代表人士任县总工会委员。"


def test_an_organizations_own_report_speaks_of_the_organization():
    division = Division(code="510821", name="旺苍县", level="county")
    values = {
        "orgs.total": 1,
        "orgs.with_union": 1,
        "orgs.co_construction": 1,
        "unions.members": 22,
        "incubator.graduated": 1,
        "incubator.trainings": 23,
        "incubator.trainees": 42,
    }
    figures = Figures(scope=Scope(division=division, period=ALL, organization_ids=(7,)), values=values)
    text = {s.key: s.paragraph for s in narrative.build(figures, details=False)}
    assert text["foundation"] == "本组织已建立工会或纳入行业、社区工会覆盖，现有工会会员22人，实现“党工共建”。"
    assert "社会组织均实现" not in text["foundation"]
    assert (
        text["brand"]
        == "一是以“建”为支撑。本组织已孵化成功。二是以“育”为核心。参加孵化基地培训23场次，职工参训40余人次。"
    )


def period_paragraphs(values, period_key):
    from wangcang.periods import parse_period

    division = Division(code="510821", name="旺苍县", level="county")
    figures = Figures(scope=Scope(division=division, period=parse_period(period_key)), values=values)
    return {s.key: s.paragraph for s in narrative.build(figures, details=False)}


def test_cumulative_and_present_words_only_where_they_are_true():
    values = {
        "incubator.admitted": 3,
        "incubator.trainings": 2,
        "incubator.residents": 4,
        "services.contracts": 1,
        "services.contract_amount": Decimal("50000.00"),
        "services.consultations": 12,
    }
    whole = period_paragraphs(values, "all")
    assert "累计引进3家" in whole["brand"] and "目前在孵社会组织4家" in whole["brand"]
    closed = period_paragraphs(values, "2023")
    assert "累计" not in "".join(closed.values())
    assert "目前" not in "".join(closed.values())
    assert "截至2023年12月31日在孵社会组织4家" in closed["brand"]
    assert "截至2023年12月31日履行中的购买服务合同1份" in closed["arm"]


def test_negative_figures_are_never_written():
    text = paragraphs({"funds.student_aid_amount": Decimal("-1500.00"), "incubator.support_amount": Decimal("-2000")})
    assert "-" not in "".join(text.values())
    assert text["brand"] == "本期暂无相关记录。"


def test_a_single_named_example_is_not_followed_by_a_batch():
    one = narrative._foundation(
        lambda code: {"orgs.total": 2, "orgs.co_construction": 2}.get(code, 0), "全县", {"largest": ["甲协会工会"]}
    )
    point = one[1][0][1][0]
    assert point == "全县2个社会组织均实现“党工共建”，并重点培育了甲协会工会。"
    many = narrative._foundation(
        lambda code: {"orgs.total": 2, "orgs.co_construction": 2}.get(code, 0),
        "全县",
        {"largest": ["甲协会工会", "乙协会工会"]},
    )
    assert "甲协会工会等一批有影响力的社会组织工会" in many[1][0][1][0]
    brand = narrative._brand(
        lambda code: {"incubator.graduated": 1}.get(code, 0), "全县", {"graduated": ["甲协会"], "cumulative": ""}
    )
    assert brand[1][0][1] == ["成功孵化甲协会。"]


def test_each_fund_ratio_and_each_secondment_kind():
    assert narrative.ratios_text([Decimal("2.00")]) == "1:2"
    assert narrative.ratios_text([Decimal("2.00"), Decimal("1.50")]) == "1:2、1:1.5"
    assert narrative.secondees_text(2, {"social_worker": 2}) == "2名工会社会化工作者"
    assert narrative.secondees_text(3, {"cadre": 1, "social_worker": 2}) == "1名工会干部、2名工会社会化工作者"
    cohesion = narrative._cohesion(
        lambda code: {"cohesion.secondments": 1, "funds.matching_amount": Decimal("3000")}.get(code, 0),
        "全县",
        {
            "federation": "县总工会",
            "secondment_kinds": {"cadre": 1},
            "seconded_to": ["甲协会"],
            "ratios": [Decimal("1")],
        },
    )
    text = "".join(cohesion[1][1][1] + cohesion[1][2][1])
    assert "选派1名工会干部到甲协会兼职。" in text
    assert "按照会员收缴工会会费1:1的比例扶持社会组织3000元。" in text


def test_a_district_is_a_district():
    division = Division(code="510802", name="利州区", level="county")
    assert narrative.area_word(division) == "全区"
    assert narrative.federation_name(division) == "区总工会"
