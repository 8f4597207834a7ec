"""What the services and funds pages show people: amounts, kinds, links between related
records, explained empty lists, no writing controls for officials."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from services.funds import actions as funds_actions
from services.funds.models import Fund
from services.models import DeliverableKind

from .factories import ContractFactory, ContractTargetFactory, DeliveryFactory, LegalAidCaseFactory, kind
from .funds.factories import FundFactory, FundTransactionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(organization):
    contract = ContractFactory(provider=organization, amount=Decimal("240000.00"))
    ContractTargetFactory(contract=contract, kind=kind(DeliverableKind.CONSULTATION), quantity=2000)
    DeliveryFactory(contract=contract, quantity=57)
    LegalAidCaseFactory(contract=contract, amount_recovered=Decimal("12000.00"))
    return contract


def test_contract_page_links_its_records_and_groups_amounts(staff_client, contract):
    page = staff_client.get(contract.get_absolute_url()).content.decode()
    assert "240,000.00" in page and "240000.00" not in page
    assert contract.provider.get_absolute_url() in page
    assert contract.deliveries.get().get_absolute_url() in page
    assert contract.legal_aid_cases.get().get_absolute_url() in page
    assert reverse("services:contract-update", args=[contract.pk]) in page


def test_official_sees_no_writing_controls(official_client, contract):
    pages = [
        contract.get_absolute_url(),
        reverse("services:contract-list"),
        contract.deliveries.get().get_absolute_url(),
        reverse("services:fund-list"),
        reverse("services:transaction-list"),
        reverse("services:grant-list"),
        reverse("services:student-list"),
    ]
    FundTransactionFactory()
    writing = [
        reverse("services:contract-update", args=[contract.pk]),
        reverse("services:delivery-create", args=[contract.pk]),
        reverse("services:contract-create"),
        reverse("services:fund-create"),
        reverse("services:transaction-create"),
        reverse("services:student-create"),
        'name="add"',
        "grant-propose",
    ]
    for url in pages:
        response = official_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not [link for link in writing if link in body], url


def test_seeded_kinds_read_in_the_readers_language():
    consultation = kind(DeliverableKind.CONSULTATION)
    with translation.override("en"):
        assert str(consultation) == "Consultation"
    with translation.override("zh-hans"):
        assert str(consultation) == "咨询"
    added = DeliverableKind.objects.create(code="visit", name="走访慰问", order=95)
    with translation.override("en"):
        assert str(added) == "走访慰问"


def test_delivery_form_starts_on_a_day_of_the_term(org_client, contract):
    # The contract ran in 2023: the form offers its last day, not today, so that saving works.
    form = org_client.get(reverse("services:delivery-create", args=[contract.pk])).context["form"]
    assert form.initial["delivered_on"] == datetime.date(2023, 12, 31)


def test_ledger_text_is_booked_in_the_portal_language(staff_user):
    entry = FundTransactionFactory(amount=Decimal("500.00"))
    with translation.override("en"):
        reversal = funds_actions.fund_transaction_reverse(user=staff_user, entry=entry, reason="重复支付")
    assert reversal.purpose.startswith("冲销分录")


def test_ledger_links_funds_and_explains_an_empty_list(staff_client, client, org_user, organization):
    fund = FundFactory(kind=Fund.Kind.SUBSIDY)
    FundTransactionFactory(fund=fund, amount=Decimal("98600.00"))
    FundTransactionFactory(fund=fund, direction="out", amount=Decimal("1000.00"), beneficiary_organization=organization)
    page = staff_client.get(reverse("services:transaction-list")).content.decode()
    assert fund.get_absolute_url() in page and organization.get_absolute_url() in page
    assert "98,600.00" in page
    fund_page = staff_client.get(fund.get_absolute_url()).content.decode()
    assert f"{reverse('services:transaction-list')}?fund={fund.pk}" in fund_page

    client.force_login(org_user)
    own = client.get(reverse("services:transaction-list")).content.decode()
    assert fund.get_absolute_url() not in own  # the fund's books are not the organization's
    assert "1,000.00" in own and "98,600.00" not in own
    empty = client.get(reverse("services:transaction-list"), {"direction": "in"}).content.decode()
    assert "暂无与本组织有关的台账分录" in empty
