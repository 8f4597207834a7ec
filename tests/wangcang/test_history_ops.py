"""History also for users (role, division, organization links), attendance and attachments:
a deleted attachment leaves who deleted it and when."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs.cohesion.models import MeetingAttachment
from tests import samples
from tests.orgs.cohesion.factories import JointMeetingFactory
from wangcang.models import User

pytestmark = pytest.mark.django_db


def test_a_users_role_division_and_organizations_keep_their_history(make_user, organization, other_organization):
    user = make_user("li.hua", User.Role.ORG, organizations=[organization])
    user.role, user.division_id = User.Role.STAFF, "510802"
    user.save()
    user.organizations.set([other_organization])
    history = list(user.history.order_by("history_id"))
    assert [(row.role, row.division_id) for row in history][-1] == ("staff", "510802")
    assert history[0].role == "org"
    assert {link.organization_id for link in history[-1].organizations.all()} == {other_organization.pk}
    assert any(link.organization_id == organization.pk for row in history for link in row.organizations.all())
    assert not hasattr(history[0], "password")
    staff = make_user("admin.user", User.Role.STAFF, is_superuser=True, is_staff=True)
    from django.test import Client

    client = Client()
    client.force_login(staff)
    assert client.get(reverse("admin:wangcang_user_history", args=[user.pk])).status_code == 200


def test_deleting_an_attachment_leaves_a_trace(staff_client, staff_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = JointMeetingFactory()
    staff_client.post(
        reverse("orgs:meeting-attachment-add", args=[meeting.pk]),
        {"file": SimpleUploadedFile("签到表.pdf", samples.PDF)},
    )
    attachment = MeetingAttachment.objects.get()
    pk = attachment.pk
    attachment.delete()
    trace = MeetingAttachment.history.filter(id=pk).order_by("history_id")
    assert [row.history_type for row in trace] == ["+", "-"]
    assert trace.last().original_name == "签到表.pdf"
    assert trace.first().history_user == staff_user


def test_attendance_imported_from_a_sheet_keeps_who_imported_it(staff_user):
    from incubator import actions
    from incubator.models import Attendance
    from tests.incubator.factories import TrainingFactory

    training = TrainingFactory()
    count = actions.attendance_import(
        user=staff_user, training=training, rows=[{"row": 2, "name": "王芳", "organization": "", "phone": ""}]
    )
    assert count == 1
    (row,) = Attendance.history.all()
    assert row.history_type == "+" and row.history_user == staff_user and row.person_name == "王芳"
