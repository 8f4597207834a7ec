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
