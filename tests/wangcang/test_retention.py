"""Files kept only as long as needed: import workbooks go when the import ends, old export
workbooks and report PDFs are pruned nightly, the newest file of each report stays."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from reports.actions import report_files_prune
from reports.models import ReportFile
from tests import samples
from tests.orgs.test_registry_import import ORG_HEADERS, upload, workbook
from wangcang import retention
from wangcang.models import BackgroundJob
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_uploaded_workbook_is_deleted_when_its_import_ends(staff_client, django_capture_on_commit_callbacks):
    rows = [["旺苍县茶叶协会", make_uscc(7001), "社会团体", "", "是", "2019-03-01", 5]]
    job = upload(staff_client, "organizations", workbook(ORG_HEADERS, rows), django_capture_on_commit_callbacks)
    assert job.params["path"].startswith("imports/")
    assert not default_storage.exists(job.params["path"])
    assert job.can_retry is False


def test_old_job_files_and_left_over_import_workbooks_are_pruned(staff_user, media_root):
    now = timezone.now()
    old, recent = (
        BackgroundJob.objects.create(
            kind="x", status="done", finished_at=now - timedelta(days=days), created_by=staff_user
        )
        for days in (31, 29)
    )
    for job in (old, recent):
        job.result_file.save("export.xlsx", ContentFile(b"xlsx"), save=True)
    old_path = old.result_file.name
    left_over = default_storage.save("imports/left-over.xlsx", ContentFile(b"ID numbers"))
    running = default_storage.save("imports/running.xlsx", ContentFile(b"ID numbers"))
    two_days_ago = (now - timedelta(days=2)).timestamp()
    os.utime(media_root / left_over, (two_days_ago, two_days_ago))

    assert retention.prune_job_files() == 1
    assert retention.prune_import_uploads() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_file and not default_storage.exists(old_path)
    assert default_storage.exists(recent.result_file.name)
    assert not default_storage.exists(left_over) and default_storage.exists(running)
    assert retention.prune_job_files() == 0  # a second night finds nothing


def test_old_report_files_are_pruned_but_the_newest_of_each_report_stays():
    now = timezone.now()

    def report(period_key, days):
        item = ReportFile(division_id="510821", period_key=period_key, created_at=now - timedelta(days=days))
        item.file.save(f"{period_key}.pdf", ContentFile(samples.PDF), save=True)
        return item

    oldest, older, recent = report("2022", 90), report("2022", 60), report("2023", 5)
    lonely = report("2021", 400)
    assert report_files_prune(before=retention.cutoff()) == 1
    assert set(ReportFile.objects.values_list("pk", flat=True)) == {older.pk, recent.pk, lonely.pk}
    assert not default_storage.exists(oldest.file.name) and default_storage.exists(older.file.name)


def test_the_prunes_are_scheduled():
    from django_celery_beat.models import PeriodicTask

    from wangcang import schedules

    schedules.sync()
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"wangcang.tasks.prune_generated_files", "reports.tasks.prune_report_files"} <= tasks


def test_old_one_time_keys_are_pruned_and_recent_ones_still_guard(staff_user, settings):
    from wangcang.actions import AlreadySubmittedError, claim_once
    from wangcang.models import WriteOnce
    from wangcang.tasks import prune_generated_files

    settings.WRITE_ONCE_RETENTION_DAYS = 7
    now = timezone.now()
    old = WriteOnce.objects.create(user=staff_user, key="form:old")
    recent = WriteOnce.objects.create(user=staff_user, key="form:recent")
    WriteOnce.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=8))
    WriteOnce.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=6))

    assert prune_generated_files()["write_once"] == 1
    assert list(WriteOnce.objects.values_list("key", flat=True)) == ["form:recent"]
    with pytest.raises(AlreadySubmittedError):
        claim_once(user=staff_user, key="form:recent")
    assert retention.prune_write_once() == 0
