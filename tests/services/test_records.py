import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from services.models import ContestResult, DeliverableKind, LegalAidCase
from wangcang.models import User

from .factories import ContractFactory, DeliveryFactory, kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(organization):
    return ContractFactory(provider=organization, ends_on=datetime.date(2099, 12, 31))


def test_provider_records_a_case_staff_confirm_it(client, org_user, staff_user, contract):
    client.force_login(org_user)
    response = client.post(
        reverse("services:case-create", args=[contract.pk]),
        {
            "worker_name": "李秀英",
            "worker_id_number": "11010519491231002x",
            "employer": "旺苍某物流公司",
            "kind": "arbitration",
            "accepted_on": "2023-02-01",
            "closed_on": "2023-04-01",
            "outcome": "won",
            "amount_recovered": "6800.00",
        },
    )
    case = LegalAidCase.objects.get()
    assert response.status_code == 302
    assert case.worker_id_number == "11010519491231002X" and case.status == LegalAidCase.Status.UNCONFIRMED
    assert case.amount_recovered == Decimal("6800.00")
    client.force_login(staff_user)
    client.post(reverse("services:case-confirm", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == LegalAidCase.Status.CONFIRMED and case.confirmed_by == staff_user


def test_a_bad_id_number_is_refused_at_the_field(org_client, contract):
    response = org_client.post(
        reverse("services:case-create", args=[contract.pk]),
        {
            "worker_name": "李",
            "worker_id_number": "110105194912310021",
            "employer": "x",
            "kind": "mediation",
            "accepted_on": "2023-02-01",
            "outcome": "pending",
            "amount_recovered": "0",
        },
    )
    assert "worker_id_number" in response.context["form"].errors
    assert not LegalAidCase.objects.exists()


def test_contest_results_on_a_contest_delivery(org_client, contract):
    contest = DeliveryFactory(contract=contract, kind=kind(DeliverableKind.CONTEST), persons_served=86)
    # A confirmed delivery is closed to the provider; staff may still add.
    assert (
        org_client.post(
            contest.get_absolute_url(), {"add": "result", "award": "一等奖", "winner": "何春林"}
        ).status_code
        == 403
    )
    contest.status = contest.Status.UNCONFIRMED
    contest.confirmed_at = None
    contest.save()
    response = org_client.post(
        contest.get_absolute_url(), {"add": "result", "award": "一等奖", "winner": "何春林", "entry_title": "旺苍黄茶"}
    )
    assert response.status_code == 302
    assert ContestResult.objects.get().winner == "何春林"
    page = org_client.get(contest.get_absolute_url())
    assert "何春林" in page.content.decode()


def test_staff_extend_the_list_of_kinds(staff_client):
    response = staff_client.post(
        reverse("services:kind-list"), {"code": "health_check", "name": "职工体检", "order": 45}
    )
    assert response.status_code == 302
    assert DeliverableKind.objects.get(code="health_check").name == "职工体检"
    assert DeliverableKind.objects.filter(code="consultation").exists()


def test_only_staff_manage_kinds(client, make_user, organization):
    client.force_login(make_user("org-k", User.Role.ORG, organizations=[organization]))
    assert client.get(reverse("services:kind-list")).status_code == 403


def test_staff_post_an_adviser(staff_client, contract):
    response = staff_client.post(
        reverse("services:adviser-create", args=[contract.pk]),
        {"lawyer": "陈明", "union_name": "旺苍县某企业工会", "starts_on": "2023-03-01"},
    )
    assert response.status_code == 302
    assert contract.advisers.get().union_label == "旺苍县某企业工会"
    missing = staff_client.post(
        reverse("services:adviser-create", args=[contract.pk]), {"lawyer": "王浩", "starts_on": "2023-03-01"}
    )
    assert "union_name" in missing.context["form"].errors


def test_home_and_navigation_show_purchased_services_to_each_role(client, staff_user, official_user, org_user):
    for user in (staff_user, official_user, org_user):
        client.force_login(user)
        assert reverse("services:contract-list") in client.get("/").content.decode()
