from datetime import timedelta

import pytest
from django.utils import timezone

from orgs.selfreports.tasks import remind_due_self_reports
from wangcang.models import Notification
from wangcang.schedules import declared

from .factories import ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_points_at_the_reminder_task():
    entry = next(item for item in declared() if item.task == "orgs.selfreports.tasks.remind_due_self_reports")
    assert entry.hour == "8"


def test_the_task_reminds_once(make_user):
    report = SelfReportFactory(round=ReportingRoundFactory(due_on=timezone.localdate() + timedelta(days=7)))
    make_user("org-t", "org", organizations=[report.organization])
    assert remind_due_self_reports.delay().get() == 1
    assert remind_due_self_reports.delay().get() == 0
    assert Notification.objects.get().key == f"self-report:{report.pk}:due-7"
