"""The delivery receipt: a PDF read back, in the county union's name, with the delivery's data."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from services.models import Delivery
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang.models import Division, User

pytestmark = pytest.mark.django_db


def test_the_receipt_of_a_confirmed_delivery(client, make_user, organization, staff_client):
    Division.objects.filter(code="510821").update(union_name="旺苍县总工会")
    contract = ContractFactory(provider=organization, title="职工法律服务")
    delivery = DeliveryFactory(contract=contract, quantity=3, persons_served=45, place="嘉川镇")
    detail = staff_client.get(delivery.get_absolute_url()).content.decode()
    url = reverse("services:delivery-receipt", args=[delivery.pk])
    assert url in detail
    client.force_login(make_user("provider", User.Role.ORG, organizations=[organization]))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = (
        "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages).replace("\n", "").replace(" ", "")
    )
    assert "服务交付回执" in text and "旺苍县总工会" in text
    assert organization.name in text and "职工法律服务" in text
    assert "2023年3月1日" in text and "嘉川镇" in text and "45" in text


def test_no_receipt_for_an_unconfirmed_or_foreign_delivery(client, make_user, other_org_user, staff_client):
    unconfirmed = DeliveryFactory(status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    assert staff_client.get(reverse("services:delivery-receipt", args=[unconfirmed.pk])).status_code == 404
    confirmed = DeliveryFactory()
    client.force_login(other_org_user)
    assert client.get(reverse("services:delivery-receipt", args=[confirmed.pk])).status_code == 404
    client.force_login(make_user("far", User.Role.OFFICIAL, division="510822"))
    assert client.get(reverse("services:delivery-receipt", args=[confirmed.pk])).status_code == 404
