"""The demo's evidence files: real files, stored privately, opened only by those who may."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from orgs import demo as orgs_demo
from orgs.demo_registry import FANGJIN_LAW_FIRM, HUAYUE, PHOTOGRAPHERS
from orgs.models import Organization
from services import demo as services_demo
from services.demo_evidence import attach_demo_evidence
from services.models import DeliverableKind, DeliveryEvidence
from wangcang import demo as wangcang_demo
from wangcang.models import User
from wangcang.uploads import validate_upload

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_demo_evidence_is_real_private_and_scoped(client, make_user, settings):
    # What the services demo builds on (users, registry), then its contracts and files.
    wangcang_demo.load()
    orgs_demo.load_registry()
    services_demo.load_contracts()
    assert attach_demo_evidence() == 9
    evidence = DeliveryEvidence.objects.select_related("delivery__contract__provider", "delivery__kind")
    by_provider = {}
    for item in evidence:
        by_provider.setdefault(item.delivery.contract.provider.name, []).append(item)
    # Every cook-training class has its sign-in sheet, two legal trainings theirs, and each
    # of the three contests a PDF notice of its results.
    assert len(by_provider[HUAYUE]) == 4
    assert len(by_provider[FANGJIN_LAW_FIRM]) == 2
    contest_files = [item for item in evidence if item.delivery.kind.code == DeliverableKind.CONTEST]
    assert len(contest_files) == 3
    assert attach_demo_evidence() == 0  # idempotent: nothing stored twice
    assert DeliveryEvidence.objects.count() == 9

    sheet = by_provider[HUAYUE][0]
    notice = next(item for item in contest_files if item.delivery.contract.provider.name == PHOTOGRAPHERS)
    # Stored under MEDIA_ROOT with a random name; the content passes the upload check.
    assert sheet.file.path.startswith(str(settings.MEDIA_ROOT))
    assert sheet.original_name not in sheet.file.name
    for item, mime in ((sheet, "image/png"), (notice, "application/pdf")):
        with item.file.open("rb") as handle:
            assert validate_upload(SimpleUploadedFile(item.original_name, handle.read())) == mime
    with notice.file.open("rb") as handle:
        assert "获奖名单" in PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()

    sheet_url = reverse("services:evidence-file", args=[sheet.pk])
    notice_url = reverse("services:evidence-file", args=[notice.pk])
    for username in ("staff", "official", "org"):  # `org` reports for the cook-training school
        client.force_login(User.objects.get(username=username))
        response = client.get(sheet_url)
        assert response.status_code == 200, username
        assert _body(response).startswith(b"\x89PNG")
    # The provider's own delivery page links the file.
    client.force_login(User.objects.get(username="org"))
    page = client.get(reverse("services:delivery-detail", args=[sheet.delivery_id]))
    assert sheet_url in page.content.decode()
    assert client.get(notice_url).status_code == 404

    photographer = make_user("photo1", User.Role.ORG, organizations=[Organization.objects.get(name=PHOTOGRAPHERS)])
    client.force_login(photographer)
    assert client.get(sheet_url).status_code == 404
    assert client.get(reverse("services:delivery-detail", args=[sheet.delivery_id])).status_code == 404
    response = client.get(notice_url)
    assert response.status_code == 200 and _body(response).startswith(b"%PDF")
