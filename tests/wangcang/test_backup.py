"""Backup, wipe, restore: the records and the uploaded evidence come back, checked against
the manifest, and the evidence downloads again (SQLite here, PostgreSQL through pg_dump in
CI's second run)."""

import json
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from orgs.cohesion.models import MeetingAttachment
from orgs.models import Organization
from tests import samples
from tests.orgs.cohesion.factories import JointMeetingFactory
from wangcang.models import User


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_and_download_the_evidence(client, staff_user, organization, media_root, tmp_path):
    meeting = JointMeetingFactory()
    client.force_login(staff_user)
    client.post(
        reverse("orgs:meeting-attachment-add", args=[meeting.pk]),
        {"file": SimpleUploadedFile("签到表.pdf", samples.PDF)},
    )
    attachment = MeetingAttachment.objects.get()
    organizations = Organization.objects.count()

    call_command("backup", output=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"]["orgs.Organization"] == organizations
    assert manifest["counts"]["wangcang.User"] == 1
    (stored,) = manifest["media"]["files"]
    assert stored["path"] == attachment.file.name and stored["size"] == len(samples.PDF)

    # Wipe: every row and every file.
    call_command("flush", interactive=False)
    shutil.rmtree(media_root)
    assert not User.objects.exists() and not MeetingAttachment.objects.exists()

    call_command("restore", str(folder))
    assert Organization.objects.count() == organizations
    restored = MeetingAttachment.objects.get()
    assert restored.file.name == attachment.file.name
    client.force_login(User.objects.get(username=staff_user.username))
    response = client.get(restored.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == samples.PDF

    # Restoring again over the live data is refused.
    with pytest.raises(CommandError, match="empty"):
        call_command("restore", str(folder))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_touched(staff_user, media_root, tmp_path):
    call_command("backup", output=str(tmp_path))
    (folder,) = tmp_path.glob("backup-*")
    database = next(path for path in folder.iterdir() if path.name.startswith("database."))
    with database.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00garbage\x00")
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(folder))
    assert not User.objects.exists()
