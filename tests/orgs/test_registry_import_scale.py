"""The member import at county and province scale: one parse of the workbook, batched writes
with their history, all rows or none across batch boundaries, and queries that do not grow
with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.importers import MemberImporter
from orgs.models import Member
from tests.orgs.factories import OrganizationFactory, UnionBranchFactory
from tests.orgs.test_registry_import import upload, workbook, wrong_check
from wangcang.models import BackgroundJob
from wangcang.validators import make_id_number

pytestmark = pytest.mark.django_db

BRANCH = "规模测试协会工会"


@pytest.fixture
def branch():
    organization = OrganizationFactory()
    return UnionBranchFactory(organization=organization, name=BRANCH)


def headers():
    return [str(column.header) for column in MemberImporter.columns]


def member_row(serial: int, *, id_number: str | None = None) -> list:
    number = id_number or make_id_number(serial)
    return [f"成员{serial}", number, "男", "13812345678", "", BRANCH, "点", "2021-03-01"]


def import_members(client, rows, capture) -> BackgroundJob:
    BackgroundJob.objects.all().delete()
    return upload(client, "members", workbook(headers(), rows), capture)


def test_people_born_in_1950_pass_and_a_wrong_check_character_refuses_the_file(
    staff_client, branch, django_capture_on_commit_callbacks
):
    born_1950 = make_id_number(7, birth="19500101")
    rows = [member_row(1), member_row(2, id_number=born_1950), member_row(3, id_number=wrong_check(make_id_number(3)))]
    job = import_members(staff_client, rows, django_capture_on_commit_callbacks)
    assert job.result["status"] == "rejected"
    assert [(error["row"], error["message"]) for error in job.result["errors"]] == [
        (4, "身份证号码的校验码（第18位）不正确。")
    ]
    assert Member.objects.count() == 0

    job = import_members(staff_client, rows[:2], django_capture_on_commit_callbacks)
    assert job.result["status"] == "imported", job.result.get("errors")
    assert Member.objects.get(id_number=born_1950).name == "成员2"


def test_every_imported_member_has_its_history_row(
    staff_client, staff_user, branch, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(MemberImporter, "batch_size", 7)  # several batches
    rows = [member_row(serial) for serial in range(1, 31)]
    job = import_members(staff_client, rows, django_capture_on_commit_callbacks)
    assert job.result["imported"] == 30
    members = set(Member.objects.values_list("pk", flat=True))
    assert len(members) == 30
    created = Member.history.filter(history_type="+")
    assert set(created.values_list("id", flat=True)) == members
    assert created.count() == 30
    assert set(created.values_list("history_user", flat=True)) == {staff_user.pk}
    assert set(created.values_list("name", flat=True)) == {f"成员{serial}" for serial in range(1, 31)}


def test_a_bad_row_after_several_batches_writes_nothing(
    staff_client, branch, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(MemberImporter, "batch_size", 3)
    rows = [member_row(serial) for serial in range(1, 11)]
    rows[8] = member_row(9, id_number=make_id_number(1))  # the same person as on row 2
    job = import_members(staff_client, rows, django_capture_on_commit_callbacks)
    assert job.result["status"] == "rejected"
    assert [error["row"] for error in job.result["errors"]] == [10]
    assert Member.objects.count() == 0
    assert Member.history.count() == 0


def test_a_write_refused_by_the_database_in_a_later_batch_rolls_back_the_earlier_ones(
    staff_client, branch, django_capture_on_commit_callbacks, monkeypatch
):
    """Someone registers a person of the file between the check and the write: the unique
    constraint refuses that batch, and the batches written before it are rolled back."""
    monkeypatch.setattr(MemberImporter, "batch_size", 3)
    rows = [member_row(serial) for serial in range(1, 11)]
    write_batch = MemberImporter.write_batch
    calls = []

    def write_then_collide(self, objects):
        calls.append(len(objects))
        if len(calls) == 2:
            Member.objects.create(name="同时登记", id_number=make_id_number(8), branch=branch, join_path="own")
        write_batch(self, objects)

    monkeypatch.setattr(MemberImporter, "write_batch", write_then_collide)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/orgs/import/", {"what": "members", "division": "510821", "file": workbook(headers(), rows)}
        )
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.Status.FAILED
    assert "没有写入不完整的数据" in job.message
    assert calls == [3, 3, 3]  # the third batch holds the colliding person
    assert Member.objects.count() == 0
    assert Member.history.count() == 0


def test_the_queries_of_an_import_do_not_grow_with_its_rows(staff_client, branch, django_capture_on_commit_callbacks):
    def queries(count: int, offset: int) -> int:
        rows = [member_row(offset + serial) for serial in range(count)]
        file = workbook(headers(), rows)
        BackgroundJob.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            job = upload(staff_client, "members", file, django_capture_on_commit_callbacks)
        assert job.result["imported"] == count
        return len(captured.captured_queries)

    small = queries(50, 0)
    large = queries(500, 1000)
    # Per row, 450 more rows would be 450 more queries. SQLite's limit of 999 parameters a
    # statement splits each batch insert into statements of about a hundred rows.
    assert large <= small + 10, (small, large)
