import pytest

from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from tests.reports.conftest import test_catalogue  # noqa: F401 - the fixture
from wangcang.models import User


@pytest.mark.django_db(transaction=True)
def test_official_changes_the_period_opens_the_report_and_downloads_the_pdf(
    page,
    login,
    make_user,
    test_catalogue,  # noqa: F811
):
    for org in OrganizationFactory.create_batch(3):
        MemberFactory(branch=UnionBranchFactory(organization=org))
    make_user("e2e-official", User.Role.OFFICIAL)
    login("e2e-official")

    page.goto("/reports/")
    assert "旺苍县" in page.inner_text("[data-testid=dashboard-title]")
    page.wait_for_selector("[data-testid='chart-test.orgs_by_kind'][data-rendered=true]")
    assert page.inner_text("[data-testid='figure-orgs.total']").count("3") >= 1

    # A listed period is shown at once; a typed one on "Show".
    page.select_option("[data-testid=period-select]", "all")
    page.fill("[data-testid=period-input]", "2022-Q3")
    page.click("[data-testid=figures-apply]")
    page.wait_for_url("**period=2022-Q3**")
    assert page.input_value("[data-testid=period-select]") == "2022-Q3"
    assert page.input_value("[data-testid=period-input]") == ""
    page.select_option("[data-testid=period-select]", "2022")
    page.wait_for_url("**/reports/?division=510821&period=2022")
    assert page.input_value("[data-testid=period-select]") == "2022"
    assert "%" in page.inner_text("[data-testid='change-orgs.total']") or "—" in page.inner_text(
        "[data-testid='change-orgs.total']"
    )

    page.click("[data-testid=open-report]")
    page.wait_for_selector("[data-testid=report-title]")
    assert "旺苍县工会引领社会组织工作报告" in page.inner_text("[data-testid=report-title]")
    assert "全县3个社会组织均实现“党工共建”" in page.inner_text("[data-testid=report-section-foundation]")

    page.click("[data-testid=report-pdf]")
    page.wait_for_selector("[data-testid=job-progress][data-status=done]", timeout=60000)
    with page.expect_download() as download_info:
        page.click("[data-testid=report-file-download]")
    download = download_info.value
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert download.suggested_filename.endswith(".pdf")
