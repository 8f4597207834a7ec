"""In a real browser, the portal's pages (charts, htmx panels, the job page, the API docs)
report no Content-Security-Policy violation."""

import pytest

from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from tests.reports.conftest import test_catalogue  # noqa: F401 - the fixture
from tests.services.factories import ContractTargetFactory
from wangcang.models import BackgroundJob, User


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


@pytest.mark.django_db(transaction=True)
def test_dashboard_chart_tooltips_report_no_csp_violation(page, login, make_user, test_catalogue):  # noqa: F811
    """Hovering the dashboard's charts opens their tooltips; an HTML tooltip would write style
    attributes, which the policy blocks. The page collects every ``securitypolicyviolation``."""
    for org in OrganizationFactory.create_batch(3):
        MemberFactory(branch=UnionBranchFactory(organization=org))
    make_user("e2e-official", User.Role.OFFICIAL)
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', function (event) {"
        "  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sample);"
        "});"
    )
    login("e2e-official")
    page.goto("/reports/")
    page.wait_for_selector("[data-testid='chart-test.orgs_by_kind'][data-rendered=true]")
    charts = page.locator(".echart[data-rendered=true]")
    assert charts.count() >= 1
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        for x, y in ((0.5, 0.45), (0.3, 0.5), (0.7, 0.5)):
            page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
            page.wait_for_timeout(150)
        # And the tooltip of the first data item, shown as a hover shows it.
        chart.evaluate(
            "element => echarts.getInstanceByDom(element).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})"
        )
        page.wait_for_timeout(150)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__cspViolations") == []
    assert console == []
    modes = charts.evaluate_all(
        "elements => elements.map(element => echarts.getInstanceByDom(element).getOption().tooltip[0].renderMode)"
    )
    assert set(modes) == {"richText"}
