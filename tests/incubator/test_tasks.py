import datetime

from incubator import actions, tasks
from incubator.models import SupportEntry
from wangcang.models import Notification


def test_monthly_waiver_task_is_idempotent(residency):
    assert tasks.post_monthly_waivers("2021-02-01") == 4
    assert tasks.post_monthly_waivers("2021-02-01") == 0
    entry = SupportEntry.objects.filter(value_date=datetime.date(2021, 2, 1)).first()
    assert entry.posted_by is None


def test_reviewers_are_reminded_once(submitted, staff_user, reviewer):
    actions.review_assign(user=staff_user, application=submitted, reviewer=reviewer)
    assert tasks.remind_reviewers() == 1
    assert tasks.remind_reviewers() == 0
    assert Notification.objects.filter(recipient=reviewer).count() == 2  # assignment and reminder


def test_the_organization_is_notified_of_the_decision(submitted, staff_user, org_user):
    actions.application_decide(user=staff_user, application=submitted, decision="more_info", reason="请补充")
    notification = Notification.objects.get(recipient=org_user)
    assert notification.body == "请补充" and notification.url == submitted.get_absolute_url()
