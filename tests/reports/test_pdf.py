from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ReportFile
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from wangcang.models import BackgroundJob, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(test_catalogue):
    for org in OrganizationFactory.create_batch(5):
        MemberFactory(branch=UnionBranchFactory(organization=org))


def fonts_of(reader: PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                found.append(
                    {
                        "name": str(target.get("/BaseFont")),
                        "embedded": bool(
                            descriptor
                            and any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                        ),
                    }
                )
    return found


def test_official_prepares_the_pdf_in_a_job_and_downloads_it(data, official_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(reverse("reports:report-pdf") + "?division=510821&period=all")
    assert response.status_code == 302
    job = BackgroundJob.objects.get(kind="reports.pdf")
    assert job.status == "done", job.message
    report = ReportFile.objects.get()
    assert report.division_id == "510821" and report.period_key == "all"
    page = official_client.get(response.url)
    assert 'data-testid="job-progress"' in page.content.decode()
    assert report.get_absolute_url() in page.content.decode()

    download = official_client.get(report.get_absolute_url())
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) >= 2  # the cover and the report
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert "旺苍县工会引领社会组织工作报告" in text
    assert "全县5个社会组织均实现“党工共建”" in text
    assert "筑牢工会引领社会组织之“基”" in text
    assert "第1页" in text or "第2页" in text
    fonts = fonts_of(reader)
    assert fonts and all(font["embedded"] for font in fonts)
    assert any("WenQuanYi" in font["name"] for font in fonts)
    # The job's own download link serves the same file to the one who asked.
    assert official_client.get(reverse("job-file", args=[job.pk])).status_code == 200


def test_report_files_are_scoped(
    data, official_client, client, make_user, org_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        official_client.post(reverse("reports:report-pdf") + "?division=510821&period=2022")
    report = ReportFile.objects.get()
    listing = official_client.get(reverse("reports:file-list"))
    assert report.get_absolute_url() in listing.content.decode()

    client.force_login(make_user("other-county", User.Role.OFFICIAL, division="510822"))
    assert client.get(report.get_absolute_url()).status_code == 404
    assert report.get_absolute_url() not in client.get(reverse("reports:file-list")).content.decode()
    assert client.post(reverse("reports:report-pdf") + "?division=510821").status_code == 404

    client.force_login(make_user("city", User.Role.OFFICIAL, division="510800"))
    assert client.get(report.get_absolute_url()).status_code == 200

    client.force_login(org_user)
    assert client.get(report.get_absolute_url()).status_code == 403
