"""Demo data of the cohesion part (idempotent): the joint meetings of 2022 with the civil
affairs bureau, the youth league and the women's federation, the problems they solved, the
committee representatives and the social workers seconded to the Chunlei association."""

from __future__ import annotations

import datetime

from django.db import transaction

from orgs.demo_registry import (
    CHUNLEI,
    ECOMMERCE,
    HERBS,
    HUAYUE,
    MENTAL_HEALTH,
    PHOTOGRAPHERS,
    TEA,
    XINXIN,
    YOUTH_VOLUNTEERS,
)

from .models import CommitteeSeat, Department, JointMeeting, Secondment, TrackedIssue

DEPARTMENTS = ["民政局", "团县委", "县妇联"]
TEA_ISSUE = '工会将一楼500平方米阵地"零租金"提供旺苍县茶业协会免费使用'

MEETINGS = [
    (datetime.date(2022, 3, 18), "第一次社会组织联席会议"),
    (datetime.date(2022, 7, 15), "第二次社会组织联席会议"),
    (datetime.date(2022, 11, 25), "第三次社会组织联席会议"),
]

# (meeting index, organization, problem, owner department, resolution or "" when still open)
ISSUES = [
    (0, TEA, "茶叶协会缺少固定的办公和培训场地", "民政局", TEA_ISSUE),
    (0, YOUTH_VOLUNTEERS, "志愿者服务缺少意外保险", "团县委", "团县委协调为586名志愿者购买意外保险"),
    (0, CHUNLEI, "爱心协会困难会员救助资金不足", "县妇联", "县妇联将春蕾爱心协会纳入巾帼帮扶项目"),
    (0, ECOMMERCE, "电商从业人员缺少技能培训", "团县委", "纳入青年电商培训计划，举办两期培训"),
    (0, HERBS, "中药材协会年检材料不会填写", "民政局", "民政局安排专人指导完成年检"),
    (1, HUAYUE, "培训学校办学场地消防验收困难", "民政局", "协调消防部门上门指导并完成验收"),
    (1, XINXIN, "社工机构缺少持证社工", "民政局", "组织社工职业资格考前培训，8人取证"),
    (1, PHOTOGRAPHERS, "摄影家协会缺少展览场地", "县妇联", "提供县妇女儿童活动中心展厅举办影展"),
    (1, MENTAL_HEALTH, "心理健康教育协会进校园缺少渠道", "团县委", "团县委联合教育部门开通进校园渠道"),
    (1, CHUNLEI, "女性会员维权咨询需求大", "县妇联", "县妇联设立春蕾维权咨询点"),
    (2, YOUTH_VOLUNTEERS, "青年志愿者协会会费收缴管理不规范", "民政局", "指导建立会费收缴台账，落实会费配套"),
    (2, XINXIN, "社会服务中心工会经费紧张", "民政局", "县总工会给予工会经费补助"),
    (2, TEA, "茶农会员入会手续繁琐", "团县委", ""),
    (2, HUAYUE, "培训学校教师职称评定无渠道", "民政局", ""),
]

COMMITTEE = [
    ("何春燕", CHUNLEI),
    ("赵志刚", YOUTH_VOLUNTEERS),
    ("王茶生", TEA),
    ("李心怡", XINXIN),
    ("陈电商", ECOMMERCE),
]
PLENARY = "县总工会十二届二次全委会议"

SECONDED = [
    ("张社工", "协助春蕾爱心协会建立工会组织、开展困难会员帮扶"),
    ("刘社工", "指导春蕾爱心协会开展志愿服务和爱心基金管理"),
]


def _organization(name: str):
    from orgs.models import Organization

    return Organization.objects.get(name=name)


@transaction.atomic
def load(*, stdout=None) -> None:
    """Demo data of this part (idempotent)."""
    departments = {name: Department.objects.get_or_create(division_id="510821", name=name)[0] for name in DEPARTMENTS}
    meetings = []
    for held_on, place_note in MEETINGS:
        meeting, created = JointMeeting.objects.get_or_create(
            division_id="510821",
            held_on=held_on,
            defaults={
                "place": "县总工会三楼会议室",
                "chair": "县总工会主席",
                "attendees": "县总工会、民政局、团县委、县妇联负责同志及社会组织代表",
                "minutes": f"{place_note}：通报社会组织工会工作，研究解决社会组织反映的困难和问题。",
            },
        )
        if created:
            meeting.departments.set(departments.values())
        meetings.append(meeting)
    for index, organization_name, description, department, resolution in ISSUES:
        meeting = meetings[index]
        resolved = bool(resolution)
        TrackedIssue.objects.get_or_create(
            meeting=meeting,
            description=description,
            defaults={
                "division_id": "510821",
                "organization": _organization(organization_name),
                "raised_on": meeting.held_on,
                "owner_department": departments[department],
                "due_on": meeting.held_on + datetime.timedelta(days=60),
                "status": TrackedIssue.Status.RESOLVED if resolved else TrackedIssue.Status.IN_PROGRESS,
                "resolution": resolution,
                "resolved_on": meeting.held_on + datetime.timedelta(days=45) if resolved else None,
            },
        )
    for person, organization_name in COMMITTEE:
        CommitteeSeat.objects.get_or_create(
            person=person,
            term="第十二届",
            defaults={
                "organization": _organization(organization_name),
                "elected_at": PLENARY,
                "starts_on": datetime.date(2022, 6, 28),
            },
        )
    chunlei = _organization(CHUNLEI)
    for person, duties in SECONDED:
        Secondment.objects.get_or_create(
            person=person,
            organization=chunlei,
            defaults={"kind": Secondment.Kind.SOCIAL_WORKER, "starts_on": datetime.date(2022, 4, 1), "duties": duties},
        )
    if stdout:
        stdout.write(f"  cohesion: {len(meetings)} joint meetings, {len(ISSUES)} issues")
