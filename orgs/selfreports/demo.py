"""Demo data of self-reporting: the 2022 annual round of the 147 social organizations.

Most reports are accepted, with figures consistent with the registry (union members as in
the organization's own union branch, when the registry has them); a few were returned with
a comment, a few are submitted and waiting, and a few are drafts left after the due date.
Some organizations raised problems (the tea association's lack of an activity venue among
them); turning them into tracked issues is the joint-meeting work's part."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q
from simple_history.utils import bulk_create_with_history

from orgs.demo_registry import (
    CHUNLEI,
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
from orgs.models import Member, Organization, ReportingRound, SelfReport, SelfReportProblem, SelfReportVersion
from wangcang.divisions import WANGCANG
from wangcang.models import User

ROUND_TITLE = "2022年度社会组织工会工作自报"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Dues the named organizations reported for 2022 (yuan). The youth volunteers
# association's 8,800.00 is the base of its 1:2 matching grant of 17,600.00.
NAMED_DUES = {
    YOUTH_VOLUNTEERS: Decimal("8800.00"),
    ECOMMERCE: Decimal("3960.00"),
    TEA: Decimal("2400.00"),
    CHUNLEI: Decimal("1860.00"),
    HERBS: Decimal("1500.00"),
    HUAYUE: Decimal("1320.00"),
    XINXIN: Decimal("1680.00"),
    PHOTOGRAPHERS: Decimal("960.00"),
    MENTAL_HEALTH: Decimal("720.00"),
    JIASHI_HOSPITAL: Decimal("5400.00"),
}

PROBLEMS = {
    TEA: ["缺少固定的活动场地，会员培训和茶叶品鉴活动只能借用场所", "希望工会协调茶叶加工技能培训"],
    ECOMMERCE: ["电商从业人员流动性大，入会后会籍管理困难", "希望提供直播带货技能培训"],
    YOUTH_VOLUNTEERS: ["志愿服务保险经费不足"],
    CHUNLEI: ["困难学生帮扶资金来源单一，希望对接更多爱心资源"],
    HERBS: ["中药材销售渠道有限，希望帮助对接市场"],
    PHOTOGRAPHERS: ["缺少作品展览场地"],
    XINXIN: ["专业社会工作人才不足，希望开展社工培训"],
    MENTAL_HEALTH: ["心理咨询师资格培训费用较高"],
    DIANYI: ["培训场地租金负担重"],
    SUNSHINE_FITNESS: ["职工健身活动器材老旧"],
}

RETURN_COMMENT = "会员人数与会费金额不一致，请核对后补充会费收缴凭证再提交。"
RETURN_FIELD_COMMENTS = {"dues_collected": "请与会费收据核对", "union_member_count": "请按年末在册会员填写"}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _figures(organization: Organization, serial: int, members: int) -> dict:
    activities = 2 + serial % 9
    dues = NAMED_DUES.get(organization.name)
    if dues is None:
        # Three in four collect dues (a small amount per member and year); the others
        # did not collect any in 2022.
        dues = Decimal(members * (60 + 12 * (serial % 6))).quantize(Decimal("0.01")) if serial % 4 else Decimal("0.00")
    return {
        "staff_count": organization.staff_count,
        "volunteer_count": max(organization.volunteer_count, members if organization.name == YOUTH_VOLUNTEERS else 0),
        "union_member_count": members,
        "activities_held": activities,
        "activity_participants": activities * max(members // 2, 5),
        "dues_collected": dues,
        "union_funds": (dues * 2 + Decimal(500 + 100 * (serial % 10))).quantize(Decimal("0.01")),
        "trainings_attended": 1 + serial % 5,
    }


def _member_counts(organization_ids: list[int]) -> dict[int, int]:
    """Union members at the end of 2022 per organization, from the registry's members."""
    end = date(2022, 12, 31)
    rows = (
        Member.objects.filter(organization__in=organization_ids)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
        .values("organization")
        .annotate(count=Count("pk"))
    )
    return {row["organization"]: row["count"] for row in rows}


CLOSED_ON = date(2023, 3, 31)


@transaction.atomic
def load(*, stdout=None) -> None:
    """Demo data of this part (idempotent: the round is made once, with all its reports)."""
    existing = ReportingRound.objects.filter(division_id=WANGCANG, period_key="2022", title=ROUND_TITLE)
    if existing.exists():
        existing.filter(closed_on__isnull=True).update(closed_on=CLOSED_ON)  # an older demo database
        return
    staff = User.objects.filter(username="staff").first()
    organizations = list(Organization.objects.active().social().in_division(WANGCANG).order_by("uscc"))
    reporting_round = ReportingRound.objects.create(
        title=ROUND_TITLE,
        division_id=WANGCANG,
        period_key="2022",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        due_on=date(2023, 1, 31),
        closed_on=CLOSED_ON,  # the round ended long ago: nothing is overdue today
        opened_by=staff,
        applies_to="全县在册社会组织",
    )
    ReportingRound.objects.filter(pk=reporting_round.pk).update(opened_at=_at(date(2022, 12, 20)))
    members = _member_counts([organization.pk for organization in organizations])
    named = set(NAMED_DUES) | set(PROBLEMS)
    unnamed = [organization for organization in organizations if organization.name not in named]
    # A few that are not named in the source document: returned, waiting, or left as drafts.
    returned = {organization.pk for organization in unnamed[3:60:12]}  # 5
    waiting = {organization.pk for organization in unnamed[8:60:20]}  # 3
    saved_drafts = {organization.pk for organization in unnamed[-4:-2]}
    untouched = {organization.pk for organization in unnamed[-2:]}

    reports = []
    for serial, organization in enumerate(organizations, start=1):
        report = SelfReport(round=reporting_round, organization=organization)
        if organization.pk in untouched:
            reports.append(report)
            continue
        figures = _figures(organization, serial, members.get(organization.pk) or organization.staff_count)
        submitted_on = date(2023, 1, 5) + timedelta(days=serial % 25)
        for name, value in figures.items():
            setattr(report, name, value)
        report.saved_at = _at(submitted_on, 9)
        if organization.pk in saved_drafts:
            report.trainings_attended = None
            report.dues_collected = None
        elif organization.pk in returned:
            report.status = SelfReport.Status.RETURNED
            report.submitted_at = _at(submitted_on)
            report.returned_at = _at(submitted_on + timedelta(days=3), 15)
            report.staff_comment = RETURN_COMMENT
            report.field_comments = RETURN_FIELD_COMMENTS
        elif organization.pk in waiting:
            report.status = SelfReport.Status.SUBMITTED
            report.submitted_at = _at(submitted_on)
        else:
            report.status = SelfReport.Status.ACCEPTED
            report.submitted_at = _at(submitted_on)
            report.accepted_at = _at(submitted_on + timedelta(days=6), 16)
            report.accepted_by = staff
        reports.append(report)
    bulk_create_with_history(reports, SelfReport, batch_size=500, default_user=staff)

    created = {report.organization_id: report for report in SelfReport.objects.filter(round=reporting_round)}
    by_name = {organization.name: organization for organization in organizations}
    SelfReportProblem.objects.bulk_create(
        [
            SelfReportProblem(self_report=created[by_name[name].pk], text=text)
            for name, texts in PROBLEMS.items()
            if name in by_name
            for text in texts
        ]
    )
    problems: dict[int, list[str]] = {}
    for problem in SelfReportProblem.objects.filter(self_report__round=reporting_round):
        problems.setdefault(problem.self_report_id, []).append(problem.text)
    SelfReportVersion.objects.bulk_create(
        [
            SelfReportVersion(
                self_report=report,
                number=1,
                figures=report.figures(),
                problems=problems.get(report.pk, []),
                submitted_by=None,
                submitted_at=report.submitted_at,
            )
            for report in created.values()
            if report.submitted_at is not None
        ]
    )
    if stdout is not None:
        stdout.write(f"  self-reports: {len(created)} in the 2022 round")
