import pytest

from orgs.models import Organization
from tests.e2e.clicks import click_and_load
from wangcang.models import User
from wangcang.validators import make_uscc


@pytest.mark.django_db(transaction=True)
def test_staff_registers_an_organization_through_the_form(page, login, make_user):
    make_user("e2e-staff", User.Role.STAFF)
    login("e2e-staff")
    page.goto("/orgs/")
    page.click("[data-testid=organization-create]")
    page.fill("input[name=name]", "旺苍县浏览器测试协会")
    good = make_uscc(777)
    page.fill("input[name=uscc]", good[:-1] + ("0" if good[-1] != "0" else "1"))
    page.select_option("select[name=kind]", "social_group")
    page.fill("input[name=staff_count]", "6")
    click_and_load(page, "[data-testid=submit]")
    # A wrong check character is refused at the field, in Chinese.
    assert "校验码" in " ".join(page.locator(".invalid-feedback").all_inner_texts())
    page.fill("input[name=uscc]", make_uscc(777))
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=profile]")
    assert "旺苍县浏览器测试协会" in page.inner_text("[data-testid=page-title]")
    organization = Organization.objects.get(name="旺苍县浏览器测试协会")
    assert organization.uscc == make_uscc(777) and organization.staff_count == 6


@pytest.mark.django_db(transaction=True)
def test_an_organization_user_edits_its_own_profile(page, login, make_user, organization, other_organization):
    make_user("e2e-org", User.Role.ORG, organizations=[organization])
    login("e2e-org")
    page.goto("/orgs/mine/")
    page.click("[data-testid=organization-edit]")
    assert page.is_disabled("input[name=uscc]") and page.is_disabled("select[name=status]")
    page.fill("input[name=contact_phone]", "13812345678")
    page.fill("input[name=contact_person]", "张填报")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=profile]")
    assert "13812345678" in page.inner_text("[data-testid=contact-phone]")
    organization.refresh_from_db()
    assert organization.contact_person == "张填报"
    response = page.goto(f"/orgs/{other_organization.pk}/")
    assert response.status == 404


@pytest.mark.django_db(transaction=True)
def test_staff_imports_a_file_with_a_bad_row_and_sees_the_report(page, login, make_user):
    import io

    from openpyxl import Workbook

    from orgs.importers import OrganizationImporter

    make_user("e2e-import", User.Role.STAFF)
    login("e2e-import")
    headers = [str(column.header) for column in OrganizationImporter.columns]
    book = Workbook()
    book.active.append(headers)
    good = make_uscc(888)
    book.active.append(["旺苍县导入甲协会", good, "社会团体"])
    book.active.append(["旺苍县导入乙协会", good, "社会团体"])  # the same code twice
    handle = io.BytesIO()
    book.save(handle)
    page.goto("/orgs/import/")
    page.select_option("select[name=what]", "organizations")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "orgs.xlsx", "mimeType": "application/octet-stream", "buffer": handle.getvalue()}],
    )
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=import-rejected]")
    report = page.inner_text("[data-testid=import-errors]")
    assert "3" in report and "另一行" in report
    assert not Organization.objects.filter(name__startswith="旺苍县导入").exists()


@pytest.mark.django_db(transaction=True)
def test_an_official_follows_related_records_from_the_organization_page(page, login, make_user, organization):
    from tests.orgs.cohesion.factories import TrackedIssueFactory

    TrackedIssueFactory(organization=organization, description="办公场地不足")
    make_user("e2e-official", User.Role.OFFICIAL)
    login("e2e-official")
    page.goto(organization.get_absolute_url())
    assert page.query_selector("[data-testid=organization-edit]") is None
    panel = page.inner_text("[data-testid=related-issues]")
    assert "1" in panel
    page.click("[data-testid=related-issues] a")
    page.wait_for_selector("[data-testid=list-table]")
    assert "办公场地不足" in page.inner_text("[data-testid=list-table]")
    page.click("[data-testid=list-table] tbody a")
    page.wait_for_selector("[data-testid=issue-organization]")
    page.click("[data-testid=issue-organization]")
    page.wait_for_selector("[data-testid=related-records]")
    assert organization.name in page.inner_text("[data-testid=page-title]")
