import datetime

import pytest

from services.models import Delivery
from tests.services.factories import ContractFactory, ContractTargetFactory
from tests.services.test_views import PDF
from wangcang.models import User


@pytest.mark.django_db(transaction=True)
def test_provider_records_a_delivery_staff_confirm_and_progress_moves(page, login, make_user, organization, tmp_path):
    contract = ContractFactory(provider=organization, title="职工法律服务项目", ends_on=datetime.date(2099, 12, 31))
    ContractTargetFactory(contract=contract, quantity=20)
    make_user("e2e-provider", User.Role.ORG, organizations=[organization])
    make_user("e2e-staff", User.Role.STAFF)
    sheet = tmp_path / "签到表.pdf"
    sheet.write_bytes(PDF)

    login("e2e-provider")
    page.goto(contract.get_absolute_url())
    assert page.inner_text("[data-testid=delivered-consultation]") == "0"
    page.click("[data-testid=record-delivery]")
    page.select_option("select[name=kind]", label="咨询")
    page.fill("input[name=quantity]", "6")
    page.fill("input[name=persons_served]", "6")
    page.fill("input[name=place]", "东河镇社区工会")
    page.set_input_files("input[name=sign_in_sheet]", str(sheet))
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=evidence-list] a")
    assert "签到表.pdf" in page.inner_text("[data-testid=evidence-list]")
    assert "待确认" in page.inner_text("[data-testid=page-title]")
    page.goto(contract.get_absolute_url())
    assert page.inner_text("[data-testid=delivered-consultation]") == "0"  # not counted until confirmed

    page.context.clear_cookies()
    login("e2e-staff")
    page.goto("/services/deliveries/queue/")
    page.click("[data-testid=queue-deliveries] button[type=submit]")
    page.wait_for_selector("[data-testid=queue-deliveries] .badge")  # the row is swapped in place
    assert "已确认" in page.inner_text("[data-testid=queue-deliveries]")
    assert Delivery.objects.get().status == Delivery.Status.CONFIRMED
    page.goto(contract.get_absolute_url())
    assert page.inner_text("[data-testid=delivered-consultation]") == "6"
    assert "30.0%" in page.inner_text("[data-testid=progress-consultation]")
    page.wait_for_selector("#progress-chart canvas")
