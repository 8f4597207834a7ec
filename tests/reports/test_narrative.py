from decimal import Decimal

import pytest

from reports import narrative
from reports.catalogue import Scope
from reports.queries import Figures
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
    assert "白内障复明手术2300名" in text["arm"]
    assert "120余场" in text["arm"]


def test_a_missing_count_is_left_out_of_its_sentence():
    text = paragraphs({"orgs.total": 2, "orgs.co_construction": 2, "unions.members": 5})
    assert "目前共有会员5人。" in text["foundation"]
    assert "0个" not in text["foundation"]
    text = paragraphs({"orgs.total": 2, "orgs.co_construction": 2, "unions.members": 5, "unions.branches": 3})
    assert "目前共有各级工会组织3个，会员5人。" in text["foundation"]
