import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from services.models import Delivery

from .factories import ContractFactory, ContractTargetFactory, DeliveryFactory
from .test_views import HTML, PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(organization):
    contract = ContractFactory(provider=organization, ends_on=datetime.date(2099, 12, 31))
    ContractTargetFactory(contract=contract, quantity=10)
    return contract


@pytest.fixture
def other_contract(other_organization):
    return ContractFactory(provider=other_organization)


def payload(contract, **extra):
    data = {
        "contract": contract.pk,
        "kind": "consultation",
        "delivered_on": "2023-04-01",
        "quantity": 2,
        "persons_served": 2,
    }
    data.update(extra)
    return data


def test_provider_posts_a_delivery_to_its_own_contract(org_client, contract):
    response = org_client.post(
        "/api/v1/services/deliveries/",
        payload(contract, sign_in_sheet=SimpleUploadedFile("sheet.pdf", PDF)),
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "unconfirmed" and body["evidence"][0]["kind"] == "sign_in_sheet"
    assert Delivery.objects.get().recorded_by.username == "org1"


def test_provider_posting_to_another_contract_gets_400_naming_the_contract(org_client, other_contract):
    response = org_client.post("/api/v1/services/deliveries/", payload(other_contract), content_type="application/json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["contract"]
    assert not Delivery.objects.exists()


def test_evidence_checked_by_content_in_the_api(org_client, contract):
    response = org_client.post(
        "/api/v1/services/deliveries/", payload(contract, sign_in_sheet=SimpleUploadedFile("sheet.pdf", HTML))
    )
    assert response.status_code == 400
    assert not Delivery.objects.exists()


def test_staff_confirm_through_the_api_and_progress_moves(client, staff_user, org_user, contract):
    delivery = DeliveryFactory(contract=contract, quantity=3, status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    client.force_login(org_user)
    assert client.post(f"/api/v1/services/deliveries/{delivery.pk}/confirm/").status_code == 403
    client.force_login(staff_user)
    progress = client.get(f"/api/v1/services/contracts/{contract.pk}/progress/").json()
    assert progress[0]["delivered"] == 0 and progress[0]["unconfirmed"] == 3
    response = client.post(f"/api/v1/services/deliveries/{delivery.pk}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    progress = client.get(f"/api/v1/services/contracts/{contract.pk}/progress/").json()
    assert progress[0]["delivered"] == 3 and progress[0]["target"] == 10
    assert client.post(f"/api/v1/services/deliveries/{delivery.pk}/confirm/").status_code == 400


def test_officials_read_but_cannot_post(official_client, contract):
    assert official_client.get("/api/v1/services/contracts/").json()["count"] == 1
    response = official_client.post("/api/v1/services/deliveries/", payload(contract), content_type="application/json")
    assert response.status_code == 403


def test_lists_are_scoped(org_client, contract, other_contract):
    DeliveryFactory(contract=contract)
    DeliveryFactory(contract=other_contract)
    assert [c["id"] for c in org_client.get("/api/v1/services/contracts/").json()["results"]] == [contract.pk]
    assert org_client.get("/api/v1/services/deliveries/").json()["count"] == 1
