"""The county report's text: four sections mirroring the source document (基, 牌, 力,
臂), each a paragraph of Chinese sentences filled with the catalogue's figures.

The report is an official Chinese document, so its sentences are Chinese whatever the
interface language. A figure that is missing from the catalogue or zero changes the
wording (a sentence about there being no records) rather than printing "0 个"."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wangcang.models import Division

from . import catalogue, queries
from .queries import Figures

NEAR = Decimal("0.05")  # how close a round number must be to be used with 余/近


def _round_down(value: int, digits: int) -> int:
    step = 10 ** max(len(str(value)) - digits, 0)
    return value // step * step


def _round_up(value: int, digits: int) -> int:
    step = 10 ** max(len(str(value)) - digits, 0)
    return -(-value // step) * step


def number_text(value: int) -> str:
    """``200000`` → ``20万``; other numbers as digits."""
    if value >= 10000 and value % 10000 == 0:
        return f"{value // 10000}万"
    return str(value)


def approx(value: int | Decimal, mode: str = "auto") -> str:
    """Approximate wording as the source document writes figures: ``2046`` → ``2000余``,
    ``83`` → ``80余``, ``1196`` → ``近1200``, ``198500`` → ``近20万``.

    ``mode`` "over" only says 余 ("more than"), "under" only 近 ("nearly"), "auto" takes
    the coarsest round number within 5 %. Small and already round numbers stay exact."""
    number = int(value)
    if number < 10:
        return str(number)
    for digits in range(1, len(str(number)) + 1):
        below, above = _round_down(number, digits), _round_up(number, digits)
        if below == number:
            return number_text(number)
        if mode in ("auto", "over") and below and (number - below) <= NEAR * number:
            return f"{number_text(below)}余"
        if mode in ("auto", "under") and (above - number) <= NEAR * number:
            return f"近{number_text(above)}"
    return str(number)


def money_text(value: int | Decimal) -> str:
    """Yuan in a sentence: whole yuan, 万 when round."""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return number_text(int(amount))
    return f"{amount:.2f}"


def area_word(division: Division, organization_scope: bool = False) -> str:
    if organization_scope:
        return "本组织"
    return {
        Division.Level.PROVINCE: "全省",
        Division.Level.CITY: "全市",
        Division.Level.COUNTY: "全县",
    }.get(division.level, division.name)


@dataclass
class Section:
    key: str  # pillar
    number: str
    title: str
    sentences: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def paragraph(self) -> str:
        return "".join(self.sentences)


TITLES = {
    "foundation": ("一", "筑牢工会引领社会组织之“基”"),
    "brand": ("二", "打响工会引领社会组织之“牌”"),
    "cohesion": ("三", "凝聚工会引领社会组织之“力”"),
    "arm": ("四", "延伸工会引领社会组织之“臂”"),
}


def report_title(division: Division) -> str:
    return f"{division.name}工会引领社会组织工作报告"


def build(figures: Figures, *, details: bool = True) -> list[Section]:
    """The four sections for ``figures``; ``details`` adds named unions read from records."""
    scope = figures.scope
    area = area_word(scope.division, scope.organization_ids is not None)
    v = figures.value
    extra = _details(figures) if details else {}
    sections = []
    for key, (number, title) in TITLES.items():
        builder = {"foundation": _foundation, "brand": _brand, "cohesion": _cohesion, "arm": _arm}[key]
        sentences = [s for s in builder(v, area, extra) if s]
        if not sentences:
            sentences = ["本期暂无相关记录。"]
        sections.append(Section(key=key, number=number, title=title, sentences=sentences, rows=figures.rows(key)))
    return sections


def _details(figures: Figures) -> dict:
    scope = figures.scope
    return {
        "industry": queries.industry_union_coverage(scope),
        "community": queries.community_individual_joins(scope),
        "largest": queries.largest_organization_unions(scope),
    }


def _foundation(v, area: str, extra: dict) -> list[str]:
    total, co, rate = v("orgs.total"), v("orgs.co_construction"), v("orgs.co_construction_rate")
    out = []
    if not total:
        out.append(f"{area}暂无在册社会组织的记录。")
    elif co >= total:
        out.append(f"{area}{total}个社会组织均实现“党工共建”。")
    elif co:
        out.append(f"{area}{total}个社会组织中，{co}个实现“党工共建”，占{rate}%。")
    else:
        out.append(f"{area}{total}个社会组织中，尚无实现“党工共建”的记录。")
    with_union = v("orgs.with_union")
    if total and with_union:
        if with_union >= total:
            out.append("社会组织均已建立工会或由行业、社区工会覆盖，基本实现建会全覆盖。")
        else:
            out.append(
                f"{with_union}个社会组织已建立工会或由行业、社区工会覆盖，覆盖率{catalogue.rate(with_union, total)}%。"
            )
    if extra.get("largest"):
        out.append(f"重点培育了{'、'.join(extra['largest'])}等一批有影响力的社会组织工会。")
    industry = extra.get("industry") or []
    if industry:
        parts = []
        for row in industry[:3]:
            text = f"建立{row['name']}，覆盖{row['organizations']}家"
            if row.get("members"):
                text += f"，{approx(row['members'], 'over')}名会员加入工会"
            parts.append(text)
        out.append("“线”上行业牵：" + "；".join(parts) + "。")
    elif v("unions.industry_covered_orgs"):
        out.append(f"行业工会共覆盖社会组织及相关单位{v('unions.industry_covered_orgs')}家。")
    community = extra.get("community") or []
    joins = v("unions.individual_joins")
    if joins:
        if community:
            names = "、".join(row["name"] for row in community[:3])
            orgs = sum(row["organizations"] for row in community)
            out.append(f"“面”上社区兜：{names}共吸纳{orgs}家社会组织{joins}人单体入会。")
        else:
            out.append(f"镇、村（社区）工会共吸纳{joins}人单体入会。")
    union_parts = []
    if v("unions.branches"):
        union_parts.append(f"各级工会组织{v('unions.branches')}个")
    if v("unions.members"):
        union_parts.append(f"会员{v('unions.members')}人")
    if union_parts:
        out.append("目前共有" + "，".join(union_parts) + "。")
    return out


def _brand(v, area: str, extra: dict) -> list[str]:
    out = []
    if v("incubator.area_m2"):
        out.append(f"依托{v('incubator.area_m2')}平方米孵化场所建设社会组织孵化基地。")
    if v("incubator.admitted") or v("incubator.graduated"):
        text = f"累计引进{v('incubator.admitted')}家社会组织入驻孵化基地"
        if v("incubator.graduated"):
            text += f"，成功孵化{v('incubator.graduated')}家社会组织"
        out.append(text + "。")
    if v("incubator.residents"):
        out.append(f"目前在孵社会组织{v('incubator.residents')}家。")
    if v("incubator.exchange_visits"):
        out.append(f"组织社会组织外出交流学习{v('incubator.exchange_visits')}次。")
    if v("incubator.trainings"):
        text = f"累计开展各类培训{v('incubator.trainings')}场次"
        if v("incubator.trainees"):
            text += f"，参训社会组织职工{approx(v('incubator.trainees'))}人次"
        out.append(text + "。")
    if v("incubator.support_amount"):
        out.append(
            f"实行场地、水电、培训、服务“四免”并给予补助，折合扶持资金{money_text(v('incubator.support_amount'))}元。"
        )
    return out


def _cohesion(v, area: str, extra: dict) -> list[str]:
    out = []
    meetings = v("cohesion.joint_meetings")
    if meetings:
        text = f"已召开{meetings}次联席会议"
        if v("cohesion.issues_resolved"):
            text += f"，解决社会组织困难及问题{v('cohesion.issues_resolved')}个"
        out.append(text + "。")
    elif v("cohesion.issues_resolved"):
        out.append(f"解决社会组织困难及问题{v('cohesion.issues_resolved')}个。")
    if v("cohesion.committee_seats"):
        out.append(f"共吸纳{v('cohesion.committee_seats')}名社会组织代表人士任县总工会委员。")
    if v("cohesion.secondments"):
        out.append(f"选派{v('cohesion.secondments')}名工会社会化工作者到社会组织兼职。")
    if v("funds.matching_amount"):
        out.append(f"按会员会费1:2的比例配套扶持社会组织{money_text(v('funds.matching_amount'))}元。")
    if v("funds.mutual_aid_amount"):
        out.append(f"爱心基金互助反哺受困会员{money_text(v('funds.mutual_aid_amount'))}元。")
    if v("funds.student_aid_students"):
        text = f"共资助贫困学生{approx(v('funds.student_aid_students'))}人"
        if v("funds.student_aid_amount"):
            text += f"，资助金额{approx(v('funds.student_aid_amount'))}元"
        out.append(text + "。")
    if v("funds.subsidy_amount"):
        out.append(f"补助社会组织工会经费{approx(v('funds.subsidy_amount'))}元。")
    if v("funds.assistance_households"):
        out.append(f"合力帮扶贫困户{v('funds.assistance_households')}户{v('funds.assistance_persons')}人。")
    return out


def _arm(v, area: str, extra: dict) -> list[str]:
    out = []
    if v("services.contracts"):
        out.append(
            f"通过购买服务方式签订服务合同{v('services.contracts')}份，合同金额{money_text(v('services.contract_amount'))}元。"
        )
    legal = []
    if v("services.legal_advisers"):
        legal.append(f"聘请{v('services.legal_advisers')}名律师担任基层工会法律顾问")
    if v("services.legal_trainings"):
        legal.append(f"开展工会法律知识培训{v('services.legal_trainings')}场")
    if v("services.consultations"):
        legal.append(f"累计提供各类法律咨询{approx(v('services.consultations'))}人次")
    if v("services.legal_aid_cases"):
        legal.append(f"提供诉讼（仲裁）代理等工会法律援助服务{v('services.legal_aid_cases')}件")
    if v("services.recovered_amount"):
        legal.append(f"为会员和职工挽回经济损失{approx(v('services.recovered_amount'))}元")
    if legal:
        out.append("，".join(legal) + "。")
    if v("services.surgeries"):
        out.append(f"免费为职工实施白内障复明手术{v('services.surgeries')}名。")
    if v("services.contests"):
        out.append(f"联合社会组织举办职业技能竞赛和职工文体大赛{v('services.contests')}场。")
    if v("services.counselling_sessions"):
        out.append(f"累计开展职工心理健康知识讲座、团体心理辅导等活动{approx(v('services.counselling_sessions'))}场。")
    if v("services.trainings"):
        out.append(f"服务机构开展各类培训、讲座{v('services.trainings')}场。")
    if v("services.beneficiaries"):
        out.append(f"共服务职工{v('services.beneficiaries')}人次。")
    return out
