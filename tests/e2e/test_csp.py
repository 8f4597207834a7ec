"""In a real browser, the portal's pages (charts, htmx panels, the job page, the API docs)
report no Content-Security-Policy violation."""

import pytest

from tests.services.factories import ContractTargetFactory
from wangcang.models import BackgroundJob


@pytest.mark.django_db(transaction=True)
def test_pages_report_no_csp_violation(page, login, staff_user):
    target = ContractTargetFactory()
    job = BackgroundJob.objects.create(kind="x", created_by=staff_user, status="running", total=10, progress=4)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    login("staff1")
    pages = [
        "/",
        f"/services/contracts/{target.contract_id}/",
        "/incubator/occupancy/",
        "/reports/",
        f"/jobs/{job.pk}/",
        "/api/v1/docs/",
        "/services/deliveries/",
        "/bulk/self-reports/?action=accept&scope=all",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # The job page's progress bar got its width from the script, not from a style attribute.
    page.goto(f"/jobs/{job.pk}/")
    assert page.locator(".progress-bar").evaluate("element => element.style.width") == "40%"
    # The language switch submits its form without an inline handler.
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []
