"""Demo data of the incubation base, loaded by ``manage.py load_demo`` after the registry
(idempotent: nothing is added once the first batch exists).

The figures follow the source document: 6,103 m² at the union's innovation and
entrepreneurship service centre; a first batch (2020) of 28 admitted organizations, 11 of
them graduated (县中药材协会 and 华越培训 among them); 23 training sessions with 1,196
attendances (近1200人次); study trips to Chengdu and elsewhere; 1,000,000 yuan a year
with the four waivers posted monthly for the residents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from orgs.demo_registry import (
    CHARITY_COVERED,
    CHUNLEI,
    COMMUNITY_INTAKE,
    DIANYI,
    ECOMMERCE,
    HERBS,
    HUAYUE,
    JIASHI_HOSPITAL,
    MENTAL_HEALTH,
    PHOTOGRAPHERS,
    SUNSHINE_FITNESS,
    TEA,
    XINXIN,
    YOUTH_VOLUNTEERS,
)
from orgs.models import Organization
from wangcang.divisions import WANGCANG
from wangcang.models import User

from . import actions
from .models import (
    Application,
    Attendance,
    Batch,
    Brand,
    Budget,
    Criterion,
    Evaluation,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Occupancy,
    Residency,
    Review,
    Score,
    Site,
    Space,
    SupportEntry,
    TeamMember,
    TeamRole,
    Training,
)

SITE = "县总工会创新创业服务中心"
FIRST_BATCH = "2020年第一批入驻"
SECOND_BATCH = "2023年第二批入驻"
SECOND_BATCH_CLOSES = date(2023, 9, 30)
OPENED = date(2020, 6, 1)
STARTED = date(2020, 9, 1)
OFFICE_SHARE = Decimal("120.00")

# (floor, name, kind, m²): 6,103 m² in all.
SPACES = [
    ("1F", "共享服务大厅", Space.Kind.SHARED, Decimal("1203.00")),
    ("1F", "路演展示厅", Space.Kind.TRAINING_ROOM, Decimal("400.00")),
    ("2F", "第一培训室", Space.Kind.TRAINING_ROOM, Decimal("300.00")),
    ("2F", "第二培训室", Space.Kind.TRAINING_ROOM, Decimal("200.00")),
    ("2F", "二层孵化办公区", Space.Kind.OFFICE, Decimal("1000.00")),
    ("3F", "三层孵化办公区", Space.Kind.OFFICE, Decimal("1000.00")),
    ("4F", "四层孵化办公区", Space.Kind.OFFICE, Decimal("1000.00")),
    ("5F", "五层孵化办公区", Space.Kind.OFFICE, Decimal("1000.00")),
]

CRITERIA = [("社会影响力", "30"), ("公益服务", "30"), ("职工评价", "20"), ("发展能力", "20")]

# The named residents first; then others of the registry until there are 28.
NAMED_RESIDENTS = [
    HERBS,
    HUAYUE,
    CHUNLEI,
    ECOMMERCE,
    PHOTOGRAPHERS,
    MENTAL_HEALTH,
    XINXIN,
    YOUTH_VOLUNTEERS,
    DIANYI,
    SUNSHINE_FITNESS,
    *CHARITY_COVERED,
    *COMMUNITY_INTAKE[2:],
]
# Established institutions the base does not incubate.
NOT_INCUBATED = {JIASHI_HOSPITAL, TEA}
GRADUATES = [HERBS, HUAYUE]  # plus nine more, the first of the others
GRADUATION_SUMMARIES = {
    HERBS: "孵化成功：建立中药材种植技术服务体系，带动种植户增收，成为县级示范社会组织。",
    HUAYUE: "孵化成功：成长为省级困难职工帮扶基金“中式烹饪师培训”项目承接机构。",
}

MENTORS = [
    ("张明远", "博士", "社会组织管理", "四川大学公共管理学院"),
    ("李静", "博士", "公益项目设计", "西南财经大学社会发展研究院"),
    ("王海涛", "博士", "乡村产业发展", "四川农业大学"),
    ("陈晓红", "高级社会工作师", "社会工作实务", "广元市社会工作协会"),
    ("刘建国", "高级会计师", "财务管理", "广元市注册会计师协会"),
    ("赵丽", "律师", "法律合规", "四川方尽律师事务所"),
    ("周平", "工会干部", "工会工作", "旺苍县总工会"),
    ("吴芳", "工会干部", "工会工作", "旺苍县总工会"),
]
TEAM_ROLES = [("导师", 1), ("专家", 2), ("工会联络员", 3)]

TRAINING_TOPICS = [
    ("社会组织规范化建设", Training.Kind.MANAGEMENT),
    ("公益项目设计与申报", Training.Kind.PROJECT),
    ("社会组织财务管理", Training.Kind.MANAGEMENT),
    ("党工共建与工会组织建设", Training.Kind.PARTY_UNION),
    ("志愿服务能力提升", Training.Kind.CAPACITY),
    ("新媒体宣传与品牌建设", Training.Kind.CAPACITY),
    ("职业技能提升", Training.Kind.SKILLS),
]
TRAININGS = 23
ATTENDANCES_PER_TRAINING = 52  # 23 × 52 = 1,196 attendances

VISITS = [
    ("成都", date(2021, 4, 12), date(2021, 4, 15), "学习成都市社会组织孵化园的项目化运作与公益创投经验。"),
    ("绵阳", date(2021, 10, 18), date(2021, 10, 20), "考察绵阳市社会组织服务中心的“一站式”服务模式。"),
    ("成都", date(2022, 5, 9), date(2022, 5, 12), "学习枢纽型社会组织培育和社区治理创新经验。"),
    ("重庆", date(2023, 4, 17), date(2023, 4, 20), "交流工会主导型社会组织孵化基地建设与品牌打造。"),
]

GRANTS = [
    (CHUNLEI, SupportEntry.Kind.GRANT, Decimal("50000.00"), date(2021, 6, 1), "春蕾爱心基金启动资助"),
    (ECOMMERCE, SupportEntry.Kind.GRANT, Decimal("30000.00"), date(2021, 9, 1), "电商助农项目资助"),
    (HERBS, SupportEntry.Kind.POLICY, Decimal("100000.00"), date(2021, 11, 1), "贷免扶补创业担保贷款贴息"),
    (HUAYUE, SupportEntry.Kind.SUBSIDY, Decimal("40000.00"), date(2022, 3, 1), "中式烹饪师培训场地补贴"),
    (CHUNLEI, SupportEntry.Kind.GRANT, Decimal("60000.00"), date(2022, 10, 1), "关爱困难群体品牌项目资助"),
    (XINXIN, SupportEntry.Kind.GRANT, Decimal("20000.00"), date(2023, 5, 1), "社区康乐服务项目资助"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def _months(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _residents() -> list[Organization]:
    by_name = {org.name: org for org in Organization.objects.filter(division_id=WANGCANG).social()}
    names = [name for name in NAMED_RESIDENTS if name in by_name]
    for name in sorted(by_name):
        if len(names) >= 28:
            break
        if name not in names and name not in NOT_INCUBATED:
            names.append(name)
    return [by_name[name] for name in names[:28]]


def load(*, stdout=None) -> None:
    # Texts derived from choice labels (the field of work) and the notifications sent by the
    # actions are stored in the portal's language, whatever language the command runs in.
    with translation.override("zh-hans"):
        _load(stdout=stdout)


def _close_ended_batches() -> None:
    """Demo data loaded before the second batch was made closed: close it now (with its
    history), so that reloading the demo mends an existing database too."""
    for batch in Batch.objects.filter(division_id=WANGCANG, name=SECOND_BATCH, status=Batch.Status.OPEN):
        batch.status, batch.closes_on = Batch.Status.CLOSED, SECOND_BATCH_CLOSES
        batch.save(update_fields=["status", "closes_on"])


@transaction.atomic
def _load(*, stdout=None) -> None:
    if Batch.objects.filter(division_id=WANGCANG, name=FIRST_BATCH).exists():
        _close_ended_batches()
        return
    staff = User.objects.get(username="staff")
    site = Site.objects.create(division_id=WANGCANG, name=SITE, address="旺苍县东河镇")
    spaces = [
        Space.objects.create(site=site, floor=floor, name=name, kind=kind, area_m2=area, opened_on=OPENED)
        for floor, name, kind, area in SPACES
    ]
    offices = [space for space in spaces if space.kind == Space.Kind.OFFICE]
    roles = [TeamRole.objects.get_or_create(name=name, defaults={"order": order})[0] for name, order in TEAM_ROLES]
    mentors = [
        Mentor.objects.create(division_id=WANGCANG, name=name, title=title, field=field, affiliation=affiliation)
        for name, title, field, affiliation in MENTORS
    ]

    batch = Batch.objects.create(
        division_id=WANGCANG, name=FIRST_BATCH, year=2020, status=Batch.Status.CLOSED, closes_on=date(2020, 7, 31)
    )
    criteria = [
        Criterion.objects.create(batch=batch, name=name, weight=Decimal(weight), max_score=100, order=index)
        for index, (name, weight) in enumerate(CRITERIA)
    ]
    residents = _residents()
    graduates = [*GRADUATES, *(org.name for org in residents if org.name not in GRADUATES)][:11]
    residencies = []
    for index, organization in enumerate(residents):
        application = Application.objects.create(
            batch=batch,
            organization=organization,
            project_plan=f"{organization.name}入驻孵化基地，开展公益服务与能力建设项目。",
            field=organization.get_industry_display(),
            staff_count=organization.staff_count or 5,
            help_wanted="办公场地、能力建设培训、项目对接",
            status=Application.Status.ADMITTED,
            submitted_on=date(2020, 7, 1) + timedelta(days=index),
            decided_on=date(2020, 8, 20),
            decided_by=staff,
            decision_reason="符合入驻条件，同意入驻。",
        )
        review = Review.objects.create(application=application, reviewer=staff, assigned_by=staff, comment="同意入驻")
        values = [(criterion, 70 + (index * 7 + position * 3) % 30) for position, criterion in enumerate(criteria)]
        Score.objects.bulk_create(Score(review=review, criterion=criterion, value=value) for criterion, value in values)
        review.weighted_score = actions.weighted_score(values)
        review.save()
        residency = Residency.objects.create(
            application=application,
            organization=organization,
            started_on=STARTED,
            venue_waiver=Decimal("1200.00"),
            utilities_waiver=Decimal("300.00"),
            training_waiver=Decimal("200.00"),
            services_waiver=Decimal("300.00"),
            agreed_grants="四免（场地、水电、培训、服务）；享受园区企业“贷免扶补”政策",
        )
        Occupancy.objects.create(
            residency=residency, space=offices[index % len(offices)], area_m2=OFFICE_SHARE, starts_on=STARTED
        )
        for role, mentor in zip(
            roles, (mentors[index % 3], mentors[3 + index % 3], mentors[6 + index % 2]), strict=True
        ):
            TeamMember.objects.create(residency=residency, role=role, mentor=mentor)
        kinds = list(MentoringSession.ServiceKind)
        for number in range(2):
            MentoringSession.objects.create(
                residency=residency,
                mentor=mentors[(index + number) % 6],
                held_on=date(2021, 3 + number * 6, 10 + index % 15),
                topic=["组织章程与内部治理", "公益项目策划", "资源对接与募捐", "财务规范", "品牌宣传"][
                    (index + number) % 5
                ],
                service_kind=kinds[(index + number) % len(kinds)],
            )
        residencies.append(residency)

    # Graduations (孵化成功): 11, among them 县中药材协会 and 华越培训.
    for number, name in enumerate(graduates):
        residency = next(r for r in residencies if r.organization.name == name)
        actions.residency_graduate(
            user=staff,
            residency=residency,
            on=date(2022, 6, 30) if number % 2 else date(2023, 6, 30),
            summary=GRADUATION_SUMMARIES.get(name, "孵化成功：内部治理规范，独立运营公益项目。"),
        )

    # Evaluations at the end of 2021 and 2022 for those resident then.
    for index, residency in enumerate(residencies):
        for year in (2021, 2022):
            day = date(year, 12, 15)
            if residency.ended_on is None or residency.ended_on > day:
                Evaluation.objects.create(
                    residency=residency,
                    evaluated_on=day,
                    social_impact=70 + (index * 5 + year) % 30,
                    public_service=72 + (index * 3 + year) % 28,
                    worker_rating=75 + (index * 7 + year) % 25,
                )
    by_name = {org.name: org for org in residents}
    if CHUNLEI in by_name:
        Brand.objects.create(
            organization=by_name[CHUNLEI], title="全市关爱服务困难群体的爱心品牌", recognized_on=date(2022, 9, 1)
        )

    _trainings(spaces, residents)
    for number, (destination, starts_on, ends_on, learned) in enumerate(VISITS):
        visit = ExchangeVisit.objects.create(
            division_id=WANGCANG, destination=destination, starts_on=starts_on, ends_on=ends_on, learned=learned
        )
        visit.organizations.set(residents[number * 7 : number * 7 + 7])

    # The yearly budget and the support given against it.
    for year in (2021, 2022, 2023):
        Budget.objects.create(division_id=WANGCANG, year=year, amount=Decimal("1000000.00"))
    for month in _months(date(2021, 1, 1), date(2023, 12, 1)):
        actions.waivers_post_month(user=staff, division_code=WANGCANG, month=month)
    for name, kind, amount, value_date, description in GRANTS:
        if name in by_name:
            residency = next(r for r in residencies if r.organization.name == name)
            actions.support_post(
                user=staff,
                organization=by_name[name],
                residency=residency,
                kind=kind,
                amount=amount,
                value_date=value_date,
                description=description,
            )

    _second_batch(staff, residents)


def _trainings(spaces, residents) -> None:
    rooms = [space for space in spaces if space.kind == Space.Kind.TRAINING_ROOM]
    trainers = [name for name, *_ in MENTORS]
    for number in range(TRAININGS):
        topic, kind = TRAINING_TOPICS[number % len(TRAINING_TOPICS)]
        held_on = date(2020, 10, 15) + timedelta(days=number * 45)
        training = Training.objects.create(
            division_id=WANGCANG,
            title=f"第{number + 1}期 {topic}培训",
            held_on=held_on,
            hours=Decimal("3.0") if number % 3 else Decimal("6.0"),
            trainer=trainers[number % len(trainers)],
            place=rooms[number % len(rooms)].name,
            kind=kind,
        )
        Attendance.objects.bulk_create(
            Attendance(
                training=training,
                organization=residents[(number + person) % len(residents)],
                person_name=SURNAMES[(number + person) % len(SURNAMES)]
                + GIVEN[(person * 7 + number) % len(GIVEN)]
                + GIVEN[person % len(GIVEN)],
            )
            for person in range(ATTENDANCES_PER_TRAINING)
        )


def _second_batch(staff, residents) -> None:
    """A batch whose application window ended in 2023, with a few applications still waiting
    for review (the demo's records stop in 2023: a batch open today would invite
    applications to a round that is long over)."""
    batch = Batch.objects.create(
        division_id=WANGCANG, name=SECOND_BATCH, year=2023, status=Batch.Status.CLOSED, closes_on=SECOND_BATCH_CLOSES
    )
    for index, (name, weight) in enumerate(CRITERIA):
        Criterion.objects.create(batch=batch, name=name, weight=Decimal(weight), max_score=100, order=index)
    resident_ids = {org.pk for org in residents}
    candidates = (
        Organization.objects.filter(division_id=WANGCANG).social().exclude(pk__in=resident_ids).order_by("name")[:3]
    )
    for organization in candidates:
        application = Application.objects.create(
            batch=batch,
            organization=organization,
            project_plan=f"{organization.name}申请入驻，开展社区公益服务。",
            field=organization.get_industry_display(),
            staff_count=organization.staff_count or 3,
            help_wanted="办公场地、财务规范指导",
            status=Application.Status.SUBMITTED,
            submitted_on=date(2023, 9, 1),
        )
        Review.objects.create(application=application, reviewer=staff, assigned_by=staff)
