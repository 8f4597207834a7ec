"""The Wangcang registry as the source document describes it: 147 social organizations, all
with a party organization, plus the units that unions cover or buy services from (the 23
tea cooperatives of the tea association's union, the law firm). Named organizations are the
ones the document mentions; the rest are plausible county associations and institutions.

Every organization has a fixed serial, so its USCC is the same on every load.
"""

from __future__ import annotations

from datetime import date

from wangcang.divisions import WANGCANG
from wangcang.validators import make_uscc

from .models import Organization, Town

K = Organization.Kind
I = Organization.Industry  # noqa: E741

TOWNS = [
    "东河镇",
    "嘉川镇",
    "木门镇",
    "白水镇",
    "尚武镇",
    "张华镇",
    "黄洋镇",
    "普济镇",
    "三江镇",
    "五权镇",
    "高阳镇",
    "双汇镇",
    "英萃镇",
    "国华镇",
    "龙凤镇",
    "九龙镇",
    "大德镇",
    "米仓山镇",
]
COMMUNITIES = {"映月潭社区": "东河镇", "治城社区": "东河镇"}

# Named in the source document (name, kind, industry, town).
ECOMMERCE = "旺苍县电子商务协会"
TEA = "旺苍县茶叶协会"
YOUTH_VOLUNTEERS = "旺苍县青年志愿者协会"
CHUNLEI = "旺苍县春蕾爱心协会"
HERBS = "旺苍县中药材协会"
HUAYUE = "旺苍县华越培训学校"
XINXIN = "旺苍县新心康乐社会服务中心"
PHOTOGRAPHERS = "旺苍县摄影家协会"
MENTAL_HEALTH = "旺苍县青少年心理健康教育协会"
DIANYI = "旺苍县典艺培训学校"
SUNSHINE_FITNESS = "旺苍县阳光健身俱乐部"
JIASHI_HOSPITAL = "旺苍佳士医院"
FANGJIN_LAW_FIRM = "四川方尽律师事务所"

NAMED = [
    (ECOMMERCE, K.SOCIAL_GROUP, I.COMMERCE, "东河镇"),
    (TEA, K.SOCIAL_GROUP, I.AGRICULTURE, "东河镇"),
    (YOUTH_VOLUNTEERS, K.SOCIAL_GROUP, I.CHARITY, "东河镇"),
    (CHUNLEI, K.SOCIAL_GROUP, I.CHARITY, "东河镇"),
    (HERBS, K.SOCIAL_GROUP, I.AGRICULTURE, "嘉川镇"),
    (HUAYUE, K.SERVICE_INSTITUTION, I.EDUCATION, "东河镇"),
    (XINXIN, K.SERVICE_INSTITUTION, I.SOCIAL_SERVICE, "东河镇"),
    (PHOTOGRAPHERS, K.SOCIAL_GROUP, I.CULTURE, "东河镇"),
    (MENTAL_HEALTH, K.SOCIAL_GROUP, I.HEALTH, "东河镇"),
    (DIANYI, K.SERVICE_INSTITUTION, I.EDUCATION, "映月潭社区"),
    (SUNSHINE_FITNESS, K.SOCIAL_GROUP, I.CULTURE, "治城社区"),
    (JIASHI_HOSPITAL, K.SERVICE_INSTITUTION, I.HEALTH, "东河镇"),
]

# The five charity organizations the youth volunteers association's union covers.
CHARITY_COVERED = [
    "旺苍县义工联合会",
    "旺苍县关爱留守儿童协会",
    "旺苍县助残志愿者协会",
    "旺苍县巾帼志愿者协会",
    "旺苍县应急救援志愿者协会",
]
# With 典艺培训 and 阳光健身俱乐部, the five whose workers joined the 映月潭 and 治城
# community unions individually.
COMMUNITY_INTAKE = [
    DIANYI,
    SUNSHINE_FITNESS,
    "旺苍县星光舞蹈培训中心",
    "旺苍县墨香书画培训中心",
    "旺苍县快乐童年托管服务中心",
]

_GROUPS_BY_INDUSTRY = {
    I.AGRICULTURE: [
        "养蜂",
        "猕猴桃产业",
        "食用菌产业",
        "畜牧业",
        "蔬菜种植",
        "乡村旅游",
        "农机",
        "家庭农场",
        "生态土鸡养殖",
        "核桃产业",
        "川明参产业",
        "水产养殖",
    ],
    I.COMMERCE: [
        "个体劳动者",
        "餐饮行业",
        "商贸流通",
        "物流",
        "建筑业",
        "家政服务",
        "汽车运输",
        "酒店行业",
        "装饰装修",
        "美容美发",
        "民营企业",
        "青年创业",
    ],
    I.CULTURE: [
        "书法家",
        "美术家",
        "音乐家",
        "作家",
        "舞蹈家",
        "戏剧家",
        "民间文艺家",
        "老年体育",
        "篮球",
        "乒乓球",
        "围棋",
        "太极拳",
        "登山户外",
        "钓鱼",
        "象棋",
        "羽毛球",
        "红色文化研究",
    ],
    I.CHARITY: ["慈善", "红十字志愿服务", "爱心助学", "扶贫济困", "环保志愿者"],
    I.HEALTH: ["护理", "中医药学", "健康管理", "营养学", "康复医学"],
    I.SOCIAL_SERVICE: ["社会工作", "养老服务", "老年人", "残疾人福利", "婚姻家庭"],
    I.LEGAL: ["人民调解", "法律服务工作者"],
    I.SCIENCE: ["科普", "科技工作者", "气象", "计算机", "农学"],
    I.EDUCATION: ["教育", "家庭教育", "职业教育"],
}
_INSTITUTIONS = [
    ("职业技能培训学校", I.EDUCATION),
    ("启航培训学校", I.EDUCATION),
    ("博学培训学校", I.EDUCATION),
    ("阳光幼儿园", I.EDUCATION),
    ("育才培训中心", I.EDUCATION),
    ("智慧树托管中心", I.EDUCATION),
    ("康宁养老服务中心", I.SOCIAL_SERVICE),
    ("夕阳红养老院", I.SOCIAL_SERVICE),
    ("安康居家养老服务中心", I.SOCIAL_SERVICE),
    ("同心社会工作服务中心", I.SOCIAL_SERVICE),
    ("向阳残疾人托养中心", I.SOCIAL_SERVICE),
    ("和睦家庭服务中心", I.SOCIAL_SERVICE),
    ("仁和中医诊所", I.HEALTH),
    ("康复理疗中心", I.HEALTH),
    ("惠民门诊部", I.HEALTH),
    ("青少年活动中心", I.CULTURE),
    ("全民健身服务中心", I.CULTURE),
    ("乡村振兴研究中心", I.AGRICULTURE),
    ("农业技术服务中心", I.AGRICULTURE),
    ("电商服务中心", I.COMMERCE),
    ("法律援助服务中心", I.LEGAL),
    ("心理咨询服务中心", I.HEALTH),
    ("科技创新服务中心", I.SCIENCE),
]
_FOUNDATIONS = ["旺苍县教育发展基金会", "旺苍县慈善基金会"]


def _social_organizations() -> list[tuple[str, str, str, str]]:
    """147 social organizations: the named ones first, then generated ones, spread over the towns."""
    rows = list(NAMED)
    rows += [(name, K.SOCIAL_GROUP, I.CHARITY, "东河镇") for name in CHARITY_COVERED]
    rows += [
        (
            name,
            K.SERVICE_INSTITUTION,
            I.EDUCATION if "培训" in name else I.SOCIAL_SERVICE,
            "映月潭社区" if index % 2 else "治城社区",
        )
        for index, name in enumerate(COMMUNITY_INTAKE[2:])
    ]
    rows += [(name, K.FOUNDATION, I.CHARITY, "东河镇") for name in _FOUNDATIONS]
    town_cycle = iter(TOWNS * 20)
    for stem, industry in _INSTITUTIONS:
        rows.append((f"旺苍县{stem}", K.SERVICE_INSTITUTION, industry, next(town_cycle)))
    for industry, stems in _GROUPS_BY_INDUSTRY.items():
        for stem in stems:
            rows.append((f"旺苍县{stem}协会", K.SOCIAL_GROUP, industry, next(town_cycle)))
    # Town-level chambers of commerce and elders' associations until there are 147.
    for town in TOWNS:
        for suffix, industry in (("商会", I.COMMERCE), ("老年协会", I.SOCIAL_SERVICE)):
            if len(rows) >= 147:
                break
            rows.append((f"旺苍县{town}{suffix}", K.SOCIAL_GROUP, industry, town))
    assert len(rows) == 147, len(rows)
    assert len({name for name, *_ in rows}) == 147
    return rows


TEA_COOPERATIVE_TOWNS = [
    "黄洋镇",
    "木门镇",
    "白水镇",
    "米仓山镇",
    "五权镇",
    "大德镇",
    "三江镇",
    "国华镇",
    "英萃镇",
    "双汇镇",
    "普济镇",
    "高阳镇",
    "龙凤镇",
    "九龙镇",
    "张华镇",
    "尚武镇",
    "嘉川镇",
    "东河镇",
    "黄洋镇",
    "木门镇",
    "白水镇",
    "米仓山镇",
    "五权镇",
]
TEA_COOPERATIVE_NAMES = [
    f"旺苍县{town}{'翠峰' if index < 18 else '雪芽'}茶叶专业合作社" for index, town in enumerate(TEA_COOPERATIVE_TOWNS)
]


def load_organizations(*, stdout=None) -> dict[str, Organization]:
    """Create the towns and every demo organization; return them by name. Idempotent."""
    towns = {}
    for name in TOWNS:
        towns[name], _ = Town.objects.get_or_create(division_id=WANGCANG, name=name, defaults={"kind": Town.Kind.TOWN})
    for name, parent in COMMUNITIES.items():
        towns[name], _ = Town.objects.get_or_create(
            division_id=WANGCANG, name=name, defaults={"kind": Town.Kind.COMMUNITY, "parent": towns[parent]}
        )
    category = {K.SOCIAL_GROUP: "1", K.SERVICE_INSTITUTION: "2", K.FOUNDATION: "3"}
    result: dict[str, Organization] = {}
    for serial, (name, kind, industry, town) in enumerate(_social_organizations(), start=1):
        established = date(2008 + serial % 13, 1 + serial % 12, 1 + serial % 27)
        result[name], _ = Organization.objects.get_or_create(
            uscc=make_uscc(serial, authority="5", category=category[kind]),
            defaults={
                "name": name,
                "kind": kind,
                "industry": industry,
                "division_id": WANGCANG,
                "town": towns[town],
                "registration_authority": "旺苍县民政局",
                "established_on": established,
                "staff_count": 3 + serial % 25,
                "volunteer_count": (serial * 7) % 60,
                "has_party_org": True,
                "party_org_name": f"{name}党支部",
                "party_secretary": f"{'王李张刘陈杨赵黄周吴'[serial % 10]}{'建国明华志强军平'[serial % 8]}",
                "address": f"旺苍县{town}",
            },
        )
    for index, name in enumerate(TEA_COOPERATIVE_NAMES, start=1):
        town = TEA_COOPERATIVE_TOWNS[index - 1]
        result[name], _ = Organization.objects.get_or_create(
            uscc=make_uscc(900 + index, authority="9", category="3"),
            defaults={
                "name": name,
                "kind": K.OTHER,
                "industry": I.AGRICULTURE,
                "division_id": WANGCANG,
                "town": towns[town],
                "registration_authority": "旺苍县市场监督管理局",
                "established_on": date(2012 + index % 8, 3, 1),
                "staff_count": 6 + index % 9,
                "address": f"旺苍县{town}",
            },
        )
    result[FANGJIN_LAW_FIRM], _ = Organization.objects.get_or_create(
        uscc=make_uscc(990, authority="3", category="1", division="510100"),
        defaults={
            "name": FANGJIN_LAW_FIRM,
            "kind": K.OTHER,
            "industry": I.LEGAL,
            "division_id": WANGCANG,
            "town": towns["东河镇"],
            "registration_authority": "四川省司法厅",
            "established_on": date(2010, 5, 1),
            "staff_count": 18,
        },
    )
    return result


# Union branches ---------------------------------------------------------------------------

COUNTY_FEDERATION = "旺苍县总工会"
TEA_UNION = "茶叶协会工会"
YOUTH_VOLUNTEERS_UNION = "青年志愿者协会工会"
YINGYUETAN_UNION = "映月潭社区工会"
ZHICHENG_UNION = "治城社区工会"
ECOMMERCE_UNION = "电子商务协会工会"
FANGJIN_UNION = "四川方尽律师事务所工会"
# The associations whose unions lead an industry keep a union of their own office staff.
# The organization unions the document names as influential ones are the larger ones.
FEATURED_UNION_SIZES = {ECOMMERCE: 36, CHUNLEI: 28, HUAYUE: 22}
OWN_UNION_NAMES = {TEA: "茶叶协会机关工会", YOUTH_VOLUNTEERS: "青年志愿者协会机关工会"}
VOLUNTEER_MEMBERS = 586
# Individual joins at the two community unions, per organization (178 in all).
INDIVIDUAL_JOINS = dict(zip(COMMUNITY_INTAKE, (40, 38, 36, 34, 30), strict=True))

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = [
    "建国",
    "明",
    "华",
    "志强",
    "秀英",
    "丽",
    "静",
    "军",
    "平",
    "敏",
    "芳",
    "伟",
    "娟",
    "磊",
    "洋",
    "艳",
    "勇",
    "杰",
    "霞",
    "涛",
]


def own_union_name(organization_name: str) -> str:
    return OWN_UNION_NAMES.get(organization_name, f"{organization_name.removeprefix('旺苍县')}工会")


def _person(serial: int) -> dict:
    from wangcang.validators import make_id_number

    return {
        "name": _SURNAMES[serial % len(_SURNAMES)] + _GIVEN[(serial // len(_SURNAMES)) % len(_GIVEN)],
        "id_number": make_id_number(serial),
        "gender": "male" if serial % 2 else "female",
        "phone": f"139{serial:08d}",
    }


def load_unions(organizations: dict[str, Organization], *, stdout=None) -> None:
    """The county federation, the two industry unions, the two community unions and an own
    union for every other social organization, with their members. Idempotent: existing
    branches are kept, and a branch that already has members gets none added."""
    from datetime import timedelta

    from simple_history.utils import bulk_create_with_history

    from .models import Member, UnionBranch

    L = UnionBranch.Level
    branches = {branch.name: branch for branch in UnionBranch.objects.filter(division_id=WANGCANG)}

    def ensure(rows: list[dict]) -> None:
        new = [UnionBranch(division_id=WANGCANG, **row) for row in rows if row["name"] not in branches]
        if new:
            bulk_create_with_history(new, UnionBranch)
            branches.update({branch.name: branch for branch in UnionBranch.objects.filter(division_id=WANGCANG)})

    ensure(
        [{"name": COUNTY_FEDERATION, "level": L.COUNTY_FEDERATION, "chair": "李建华", "founded_on": date(1951, 5, 1)}]
    )
    county = branches[COUNTY_FEDERATION]
    towns = {town.name: town for town in Town.objects.filter(division_id=WANGCANG)}
    ensure(
        [
            {"name": TEA_UNION, "level": L.INDUSTRY, "industry": I.AGRICULTURE, "parent": county,
             "chair": "赵明华", "founded_on": date(2019, 6, 1)},
            {"name": YOUTH_VOLUNTEERS_UNION, "level": L.INDUSTRY, "industry": I.CHARITY, "parent": county,
             "chair": "陈静", "founded_on": date(2019, 9, 1)},
            {"name": YINGYUETAN_UNION, "level": L.COMMUNITY, "town": towns["映月潭社区"], "parent": county,
             "chair": "刘芳", "founded_on": date(2020, 3, 1)},
            {"name": ZHICHENG_UNION, "level": L.COMMUNITY, "town": towns["治城社区"], "parent": county,
             "chair": "周平", "founded_on": date(2020, 4, 1)},
        ]
    )  # fmt: skip
    covered_elsewhere = set(CHARITY_COVERED) | set(COMMUNITY_INTAKE)
    own_rows = []
    social = [name for name, *_ in _social_organizations() if name not in covered_elsewhere]
    for serial, name in enumerate(social, start=1):
        parent = {TEA: branches[TEA_UNION], YOUTH_VOLUNTEERS: branches[YOUTH_VOLUNTEERS_UNION]}.get(name, county)
        own_rows.append(
            {
                "name": own_union_name(name),
                "level": L.ORGANIZATION,
                "organization": organizations[name],
                "parent": parent,
                "chair": _person(serial)["name"],
                "founded_on": date(2019 + serial % 4, 1 + serial % 12, 1 + serial % 27),
            }
        )
    own_rows.append(
        {"name": FANGJIN_UNION, "level": L.ORGANIZATION, "organization": organizations[FANGJIN_LAW_FIRM],
         "parent": county, "chair": "方尽", "founded_on": date(2016, 7, 1)}
    )  # fmt: skip
    ensure(own_rows)

    # Coverage: the line (industry unions) and the area (community unions).
    through = UnionBranch.covered_organizations.through
    coverage = [(TEA_UNION, name) for name in TEA_COOPERATIVE_NAMES]
    coverage += [(YOUTH_VOLUNTEERS_UNION, name) for name in CHARITY_COVERED]
    for name in COMMUNITY_INTAKE:
        union = YINGYUETAN_UNION if organizations[name].town.name == "映月潭社区" else ZHICHENG_UNION
        coverage.append((union, name))
    through.objects.bulk_create(
        [
            through(unionbranch_id=branches[union].pk, organization_id=organizations[name].pk)
            for union, name in coverage
        ],
        ignore_conflicts=True,
    )

    # Members: a few in each own union, the volunteers in the youth volunteers' union, the
    # individual joins in the community unions. Serials fix each person's ID number.
    with_members = set(Member.objects.values_list("branch_id", flat=True).distinct())
    members: list[Member] = []
    serial = 0

    def add(branch, organization, path, count, first_day) -> None:
        nonlocal serial
        for index in range(count):
            serial += 1
            if branch.pk in with_members:
                continue
            members.append(
                Member(
                    **_person(serial),
                    branch=branch,
                    organization=organization,
                    join_path=path,
                    joined_on=first_day + timedelta(days=(index * 37) % 700),
                )
            )

    P = Member.JoinPath
    for row in own_rows:
        size = FEATURED_UNION_SIZES.get(row["organization"].name, 2 + row["organization"].pk % 5)
        add(branches[row["name"]], row["organization"], P.OWN, size, row["founded_on"])
    volunteers_union = branches[YOUTH_VOLUNTEERS_UNION]
    sources = [organizations[YOUTH_VOLUNTEERS]] + [organizations[name] for name in CHARITY_COVERED]
    per_source = [VOLUNTEER_MEMBERS - 40 * len(CHARITY_COVERED)] + [40] * len(CHARITY_COVERED)
    for organization, count in zip(sources, per_source, strict=True):
        add(volunteers_union, organization, P.INDUSTRY, count, date(2019, 10, 1))
    for name, count in INDIVIDUAL_JOINS.items():
        union = YINGYUETAN_UNION if organizations[name].town.name == "映月潭社区" else ZHICHENG_UNION
        add(branches[union], organizations[name], P.INDIVIDUAL, count, date(2020, 5, 1))
    if members:
        bulk_create_with_history(members, Member, batch_size=500)
    if stdout:
        stdout.write(f"  union branches: {len(branches)}, members added: {len(members)}")
