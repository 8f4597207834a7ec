"""The county report's text: four sections mirroring the source document (基, 牌, 力,
臂), each a paragraph of Chinese sentences filled with the catalogue's figures.

The report is an official Chinese document, so its sentences are Chinese whatever the
interface language. A figure that is missing from the catalogue or zero changes the
wording (a sentence about there being no records) rather than printing "0 个"."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from wangcang import catalogue
from wangcang.models import Division

from . import queries
from .queries import Figures

NEAR = Decimal("0.05")  # how close a round number must be to be used with 余/近
WAN = 10_000
YI = 100_000_000
ORDINALS = "一二三四五六七八九十"


def _round_down(value: int, digits: int) -> int:
    step = 10 ** max(len(str(value)) - digits, 0)
    return value // step * step


def _round_up(value: int, digits: int) -> int:
    step = 10 ** max(len(str(value)) - digits, 0)
    return -(-value // step) * step


def _decimal_text(value: Decimal) -> str:
    """``Decimal("206.40")`` → ``206.4``, ``Decimal("24.0")`` → ``24``."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_text(value: int) -> str:
    """A number as Chinese documents write it: ``200000`` → ``20万``, ``24000`` →
    ``2.4万``, ``150000000`` → ``1.5亿``; other numbers as digits."""
    for size, unit in ((YI, "亿"), (WAN, "万")):
        if value >= size and value % (size // 10) == 0:
            return f"{_decimal_text(Decimal(value) / size)}{unit}"
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
    """An amount of yuan as Chinese official documents write it in a sentence, with 元:
    below ten thousand in whole yuan (``6700`` → ``6700元``); from ten thousand in 万元
    (亿元 from a hundred million) when one decimal says it exactly (``2064000`` →
    ``206.4万元``, ``240000`` → ``24万元``); otherwise rounded with 近/余 like the document
    (``98700`` → ``近10万元``, ``24680`` → ``2.4万余元``). Tables keep exact yuan."""
    yuan = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if yuan < WAN:
        return f"{yuan}元"
    size, unit = (YI, "亿") if yuan >= YI else (WAN, "万")
    if yuan % (size // 10) == 0:
        return f"{_decimal_text(Decimal(yuan) / size)}{unit}元"
    return f"{approx(yuan)}元"


def names_text(names: list[str]) -> str:
    """``["甲", "乙"]`` → ``甲、乙``."""
    return "、".join(names)


def union_names_text(names: list[str]) -> str:
    """Union names sharing their ending are written once, as the document does:
    ``映月潭社区工会、治城社区工会`` → ``映月潭、治城社区工会``."""
    for ending in ("社区工会", "协会工会"):
        if len(names) > 1 and all(name.endswith(ending) and len(name) > len(ending) for name in names):
            return "、".join(name[: -len(ending)] for name in names) + ending
    return names_text(names)


def _division_word(division: Division) -> str:
    """What a county-level division calls itself: 县, 区, 市 or 旗 (the last character of
    its name), so that 利州区 reads 全区 and 区总工会."""
    last = division.name[-1:] if division.name else ""
    return last if last in "县区市旗" else "县"


def federation_name(division: Division) -> str:
    """Where the committee seats are: the county federation for a county (县总工会,
    区总工会); above it the seats counted are those of the county federations below, so
    "各级工会"."""
    if division.level in (Division.Level.PROVINCE, Division.Level.CITY):
        return "各级工会"
    return f"{_division_word(division)}总工会"


OWN = "本组织"


def area_word(division: Division, organization_scope: bool = False) -> str:
    if organization_scope:
        return OWN
    return {
        Division.Level.PROVINCE: "全省",
        Division.Level.CITY: "全市",
        Division.Level.COUNTY: f"全{_division_word(division)}",
    }.get(division.level, division.name)


def stock_words(scope) -> tuple[str, str]:
    """How a stock is introduced: "目前" and "现有" only when it is taken today; for a
    closed period "截至<its last day>" (the day it is taken at)."""
    from django.utils import timezone

    day = scope.period.stock_date
    if day >= timezone.localdate():
        return "目前", "现有"
    on = f"截至{day.year}年{day.month}月{day.day}日"
    return on, f"{on}有"


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
    """The four sections for ``figures``; ``details`` adds the names read from records
    (unions, organizations, providers) that the document quotes as examples."""
    scope = figures.scope
    area = area_word(scope.division, scope.organization_ids is not None)
    extra = _details(figures) if details else {}
    extra["federation"] = federation_name(scope.division)
    # "累计" only where the period runs from the beginning; "目前" only for today's stocks.
    extra["cumulative"] = "累计" if scope.period.start is None else ""
    extra["now"], extra["present"] = stock_words(scope)
    builders = {"foundation": _foundation, "brand": _brand, "cohesion": _cohesion, "arm": _arm}

    def value(code: str):
        # A sentence never states a negative amount or count: nothing to say is said.
        number = figures.value(code)
        return number if number and number > 0 else 0

    sections = []
    for key, (number, title) in TITLES.items():
        intro, parts = builders[key](value, area, extra)
        sentences = _compose(intro, parts) or ["本期暂无相关记录。"]
        sections.append(Section(key=key, number=number, title=title, sentences=sentences, rows=figures.rows(key)))
    return sections


def _compose(intro: list[str], parts: list[tuple[str, list[str]]]) -> list[str]:
    """The section's sentences: its opening, then its parts as the document numbers them
    ("一是“点”上党建引。…二是…"); a single part is written without a number."""
    sentences = [s for s in intro if s]
    parts = [(lead, [s for s in body if s]) for lead, body in parts]
    parts = [(lead, body) for lead, body in parts if body]
    if len(parts) == 1:
        # Without its numbered lead an example cannot open with "如：".
        body = parts[0][1]
        sentences.extend([body[0].removeprefix("如："), *body[1:]])
        return sentences
    for index, (lead, body) in enumerate(parts):
        sentences.append(f"{ORDINALS[index]}是{lead}。")
        sentences.extend(body)
    return sentences


def _details(figures: Figures) -> dict:
    """The named details, kept under the figures' generation (one query when kept)."""
    details = queries.stored_report_details(figures)
    if details is None:
        details = _details_now(figures)
        queries.keep_report_details(figures, details)
    return details


def _details_now(figures: Figures) -> dict:
    from services.funds.models import Fund

    scope = figures.scope

    def v(code: str) -> bool:
        # Each detail is one query, asked for unless its figure is known to be zero.
        return figures.values.get(code) != 0

    return {
        "industry": queries.industry_union_coverage(scope) if v("unions.industry_covered_orgs") else [],
        "industry_kinds": queries.industry_coverage_kinds(scope) if v("unions.industry_covered_orgs") else {},
        "community": queries.community_individual_joins(scope) if v("unions.individual_joins") else [],
        "community_orgs": queries.community_join_organizations(scope) if v("unions.individual_joins") else [],
        "largest": queries.largest_organization_unions(scope, limit=2),
        "graduated": queries.graduated_organizations(scope) if v("incubator.graduated") else [],
        "destinations": queries.exchange_destinations(scope, limit=1) if v("incubator.exchange_visits") else [],
        "seconded_to": queries.secondment_organizations(scope) if v("cohesion.secondments") else [],
        "love_funds": queries.mutual_aid_fund_organizations(scope, limit=1) if v("funds.mutual_aid_amount") else [],
        "matched": queries.fund_beneficiaries(scope, Fund.Kind.MATCHING, limit=1) if v("funds.matching_amount") else [],
        "subsidised": queries.fund_beneficiaries(scope, Fund.Kind.SUBSIDY, limit=1)
        if v("funds.subsidy_amount")
        else [],
        "providers": queries.providers_delivering(scope),
        "ratios": queries.matching_ratios(scope) if v("funds.matching_amount") else [],
        "surgery_contracts": queries.delivering_contracts(scope, "surgery") if v("services.surgeries") else [],
        "secondment_kinds": queries.secondments_by_kind(scope) if v("cohesion.secondments") else {},
    }


# Industry words for what an industry union covers ("公益慈善类社会组织", "农业合作社").
INDUSTRY_WORDS = {
    "agriculture": "农业",
    "commerce": "商贸",
    "charity": "公益慈善类",
    "education": "教育培训类",
    "health": "医疗卫生类",
    "legal": "法律服务类",
    "culture": "文化体育类",
    "social_service": "社会服务类",
    "science": "科技类",
}
SOCIAL_KINDS = {"social_group", "service_institution", "foundation"}


def covered_units_word(covered: list[tuple[str, str, str]]) -> str:
    """What an industry union covers, from the (kind, industry, name) of the units:
    "公益慈善类社会组织", "农业合作社", or "社会组织及相关单位"."""
    if not covered:
        return "社会组织"
    industries = {industry for _kind, industry, _name in covered}
    word = INDUSTRY_WORDS.get(industries.pop(), "") if len(industries) == 1 else ""
    if all(kind in SOCIAL_KINDS for kind, _industry, _name in covered):
        return f"{word}社会组织"
    if all(name.endswith("合作社") for _kind, _industry, name in covered):
        return f"{word.removesuffix('类')}合作社"
    return "社会组织及相关单位"


def _own_foundation(v) -> list[str]:
    """An organization's own report: whether it has a union, its members, co-construction."""
    clauses = []
    if v("orgs.with_union"):
        clauses.append("已建立工会或纳入行业、社区工会覆盖")
    if v("unions.members"):
        clauses.append(f"现有工会会员{v('unions.members')}人")
    if v("orgs.co_construction"):
        clauses.append("实现“党工共建”")
    return [OWN + "，".join(clauses) + "。"] if clauses else []


def _foundation(v, area: str, extra: dict):
    if area == OWN:
        return _own_foundation(v), []
    total, co, rate = v("orgs.total"), v("orgs.co_construction"), v("orgs.co_construction_rate")
    branches, members, with_union = v("unions.branches"), v("unions.members"), v("orgs.with_union")
    clauses = []
    present = []
    if branches:
        present.append(f"各级工会组织{branches}个")
    if members:
        present.append(f"工会会员{members}人")
    if present:
        clauses.append(f"{area}{extra.get('present', '现有')}" + "、".join(present))
    if total and with_union:
        subject = "" if clauses else area
        if with_union >= total:
            clauses.append(f"{subject}社会组织均已建立工会或纳入行业、社区工会覆盖，实现建会全覆盖")
        else:
            clauses.append(
                f"{subject}{with_union}个社会组织已建立工会或纳入行业、社区工会覆盖，"
                f"覆盖率{catalogue.rate(with_union, total)}%"
            )
    intro = ["，".join(clauses) + "。"] if clauses else []

    point = []
    if not total:
        point.append(f"{area}暂无在册社会组织的记录。")
    else:
        if co >= total:
            text = f"{area}{total}个社会组织均实现“党工共建”"
        elif co:
            text = f"{area}{total}个社会组织中，{co}个实现“党工共建”，占{rate}%"
        else:
            text = f"{area}{total}个社会组织中，尚无实现“党工共建”的记录"
        largest = extra.get("largest") or []
        if co and len(largest) > 1:
            text += f"，并重点培育了{largest[0]}等一批有影响力的社会组织工会"
        elif co and largest:
            text += f"，并重点培育了{largest[0]}"
        point.append(text + "。")

    line = []
    industry = extra.get("industry") or []
    kinds = extra.get("industry_kinds") or {}
    if industry:
        clauses = []
        for row in industry[:3]:
            if not row["organizations"]:
                continue
            text = f"建立{row['name']}，覆盖{covered_units_word(kinds.get(row['name'], []))}{row['organizations']}家"
            if row.get("members"):
                text += f"，{approx(row['members'], 'over')}人加入工会"
            clauses.append(text)
        if clauses:
            line.append("如：" + "；".join(clauses) + "。")
    elif v("unions.industry_covered_orgs"):
        line.append(f"行业工会共覆盖社会组织及相关单位{v('unions.industry_covered_orgs')}家。")

    area_part = []
    joins = v("unions.individual_joins")
    community = extra.get("community") or []
    if joins and community:
        names = union_names_text([row["name"] for row in community[:3]])
        orgs = sum(row["organizations"] for row in community)
        examples = extra.get("community_orgs") or []
        example_text = f"{names_text(examples)}等" if examples and len(examples) < orgs else ""
        area_part.append(f"如：{names}共吸纳{example_text}{orgs}家社会组织{joins}人单体入会。")
    elif joins:
        area_part.append(f"镇、村（社区）工会共吸纳社会组织职工{joins}人单体入会。")
    return intro, [("“点”上党建引", point), ("“线”上行业牵", line), ("“面”上社区兜", area_part)]


def _own_brand(v, extra: dict):
    clauses = []
    if v("incubator.admitted") or v("incubator.residents"):
        clauses.append("入驻孵化基地接受培育")
    if v("incubator.graduated"):
        clauses.append("已孵化成功")
    build = [OWN + "，".join(clauses) + "。"] if clauses else []
    grow = []
    if v("incubator.exchange_visits"):
        where = extra.get("destinations") or []
        place = f"到{names_text(where)}等地" if where else "外出"
        grow.append(f"{place}交流学习{v('incubator.exchange_visits')}次。")
    if v("incubator.trainings"):
        text = f"参加孵化基地培训{v('incubator.trainings')}场次"
        if v("incubator.trainees"):
            text += f"，职工参训{approx(v('incubator.trainees'))}人次"
        grow.append(text + "。")
    spur = []
    if v("incubator.support_amount"):
        spur.append(
            f"享受场地、水电、培训、服务“四免”及补助，折合扶持资金{money_text(v('incubator.support_amount'))}。"
        )
    return [], [("以“建”为支撑", build), ("以“育”为核心", grow), ("以“激”为保障", spur)]


def _brand(v, area: str, extra: dict):
    if area == OWN:
        return _own_brand(v, extra)
    build = []
    admitted, graduated = v("incubator.admitted"), v("incubator.graduated")
    clauses = []
    if v("incubator.area_m2"):
        clauses.append(f"依托{v('incubator.area_m2')}平方米孵化场所")
    cumulative = extra.get("cumulative", "累计")
    if admitted:
        clauses.append(f"{cumulative}引进{admitted}家社会组织入驻孵化基地")
    if graduated:
        names = extra.get("graduated") or []
        if graduated == 1 and len(names) == 1:
            clauses.append(f"成功孵化{names[0]}")
        else:
            example = f"{names_text(names)}等" if names and len(names) < graduated else ""
            clauses.append(f"成功孵化{example}{graduated}家社会组织")
    if v("incubator.residents"):
        clauses.append(f"{extra.get('now', '目前')}在孵社会组织{v('incubator.residents')}家")
    if clauses:
        if len(clauses) == 1 and clauses[0].startswith("依托"):
            clauses[0] += "建设社会组织孵化基地"
        build.append("，".join(clauses) + "。")

    grow = []
    if v("incubator.exchange_visits"):
        where = extra.get("destinations") or []
        place = f"到{names_text(where)}等地" if where else "外出"
        grow.append(f"选派社会组织{place}交流学习{v('incubator.exchange_visits')}次。")
    if v("incubator.trainings"):
        text = f"{extra.get('cumulative', '累计')}开展各类培训{v('incubator.trainings')}场次"
        if v("incubator.trainees"):
            text += f"，参训社会组织职工{approx(v('incubator.trainees'))}人次"
        grow.append(text + "。")

    spur = []
    if v("incubator.support_amount"):
        spur.append(
            f"实行场地、水电、培训、服务“四免”，并给予补助，折合扶持资金{money_text(v('incubator.support_amount'))}。"
        )
    return [], [("以“建”为支撑", build), ("以“育”为核心", grow), ("以“激”为保障", spur)]


def _cohesion(v, area: str, extra: dict):
    circle = []
    meetings, resolved = v("cohesion.joint_meetings"), v("cohesion.issues_resolved")
    if meetings:
        text = f"已召开{meetings}次联席会议"
        if resolved:
            text += f"，解决社会组织困难及问题{resolved}个"
        circle.append(text + "。")
    elif resolved:
        circle.append(f"解决社会组织困难及问题{resolved}个。")

    bridge = []
    if v("cohesion.committee_seats"):
        bridge.append(f"共吸纳{v('cohesion.committee_seats')}名社会组织代表人士任{extra['federation']}委员。")
    if v("cohesion.secondments"):
        where = names_text(extra.get("seconded_to") or []) or "相关社会组织"
        bridge.append(f"选派{secondees_text(v('cohesion.secondments'), extra.get('secondment_kinds'))}到{where}兼职。")

    combined = []
    if v("funds.matching_amount"):
        matched = extra.get("matched") or []
        who = f"{names_text(matched)}等社会组织" if matched else "社会组织"
        combined.append(
            f"按照会员收缴工会会费{ratios_text(extra.get('ratios'))}的比例扶持{who}{money_text(v('funds.matching_amount'))}。"
        )
    if v("funds.mutual_aid_amount"):
        runs = extra.get("love_funds") or []
        who = f"指导{names_text(runs)}成立爱心基金，" if runs else "通过爱心基金"
        combined.append(f"{who}互助反哺受困会员{money_text(v('funds.mutual_aid_amount'))}。")
    if v("funds.student_aid_students") or v("funds.student_aid_amount"):
        clauses = []
        if v("funds.student_aid_students"):
            clauses.append(f"共资助贫困学生{approx(v('funds.student_aid_students'))}人")
        if v("funds.student_aid_amount"):
            clauses.append(f"资助金额{money_text(v('funds.student_aid_amount'))}")
        combined.append("吸收引导社会力量开展金秋助学，" + "，".join(clauses) + "。")
    clauses = []
    if v("funds.subsidy_amount"):
        who = names_text(extra.get("subsidised") or []) or "社会组织"
        clauses.append(f"补助{who}工会经费{money_text(v('funds.subsidy_amount'))}")
    if v("funds.assistance_households"):
        persons = f"{v('funds.assistance_persons')}人" if v("funds.assistance_persons") else ""
        clauses.append(f"合力帮扶贫困户{v('funds.assistance_households')}户{persons}")
    if clauses:
        combined.append("，".join(clauses) + "。")
    return [], [("画好“同心圆”", circle), ("搭建“双向桥”", bridge), ("打好“组合拳”", combined)]


SECONDMENT_WORDS = {"cadre": "工会干部", "social_worker": "工会社会化工作者"}


def secondees_text(total: int, kinds: dict[str, int] | None) -> str:
    """ "2名工会社会化工作者", "1名工会干部、2名工会社会化工作者": each secondment's own kind;
    without the kinds, only the number of persons."""
    if kinds and sum(kinds.values()) == total:
        return "、".join(f"{kinds[kind]}名{word}" for kind, word in SECONDMENT_WORDS.items() if kinds.get(kind))
    return f"{total}名工会干部和社会化工作者" if total > 1 else "1名工会干部或社会化工作者"


def ratio_text(ratio: Decimal) -> str:
    """A matching ratio as dues : grant, ``Decimal("2.00")`` → ``1:2``."""
    return f"1:{_decimal_text(Decimal(ratio).normalize())}"


def ratios_text(ratios: list | None) -> str:
    """Each fund's own ratio ("1:2", "1:2、1:1"); none known: no ratio is claimed."""
    return "、".join(ratio_text(ratio) for ratio in ratios) if ratios else "一定"


def _with(providers: list[str] | None, limit: int = 2) -> str:
    """ "与甲、乙合作，" naming the providers of a kind of service (most delivered first)."""
    if not providers:
        return ""
    more = "等" if len(providers) > limit else ""
    return f"与{names_text(providers[:limit])}{more}合作，"


def _arm(v, area: str, extra: dict):
    providers = extra.get("providers") or {}
    intro = []
    if v("services.contracts"):
        intro.append(
            f"通过项目合作、购买服务等方式引导社会组织为职工提供服务，"
            f"{extra.get('now', '目前')}履行中的购买服务合同{v('services.contracts')}份，"
            f"合同金额{money_text(v('services.contract_amount'))}。"
        )
    if v("services.beneficiaries"):
        intro.append(f"各服务项目{extra.get('cumulative', '累计')}服务职工{approx(v('services.beneficiaries'))}人次。")

    special = []
    legal = []
    if v("services.legal_advisers"):
        legal.append(f"常年聘请{v('services.legal_advisers')}名律师担任基层工会法律顾问")
    if v("services.legal_trainings"):
        legal.append(f"开展工会法律知识培训{v('services.legal_trainings')}场")
    if v("services.consultations"):
        legal.append(f"{extra.get('cumulative', '累计')}提供各类法律咨询{approx(v('services.consultations'))}人次")
    if v("services.legal_aid_cases"):
        legal.append(f"提供诉讼（仲裁）代理等工会法律援助服务{v('services.legal_aid_cases')}件")
    if v("services.recovered_amount"):
        legal.append(f"为会员和职工挽回经济损失{money_text(v('services.recovered_amount'))}")
    if legal:
        lawyers = providers.get("legal")
        opening = f"与{lawyers[0]}签订合作协议，通过购买法律服务的方式，" if lawyers else ""
        special.append(opening + "，".join(legal) + "。")

    precise = []
    if v("services.surgeries"):
        contracts = extra.get("surgery_contracts") or []
        if contracts:
            # The contract's own subject, not a kind of surgery assumed for every county.
            subject = f"委托实施{names_text([row['title'] for row in contracts])}，"
            opening = _with([row["provider"] for row in contracts])
        else:
            subject, opening = "", _with(providers.get("surgery"))
        precise.append(f"{opening}{subject}已为职工免费实施手术{v('services.surgeries')}名。")

    broad = []
    if v("services.contests"):
        broad.append(f"{_with(providers.get('contest'))}共同举办职业技能竞赛和职工文体赛事{v('services.contests')}场。")
    if v("services.counselling_sessions"):
        broad.append(
            f"{_with(providers.get('counselling'))}{extra.get('cumulative', '累计')}开展职工心理健康知识讲座、职工团体心理辅导等活动"
            f"{approx(v('services.counselling_sessions'))}场。"
        )
    if v("services.trainings"):
        broad.append(f"服务机构{extra.get('cumulative', '累计')}开展各类培训、讲座{v('services.trainings')}场次。")
    return intro, [("立足“专”字强服务", special), ("立足“精”字优服务", precise), ("立足“全”字增服务", broad)]
