"""Separation of duties on the pages: the one who recorded a delivery, proposed a matching
grant or recorded a large payout is not offered the confirm or approve button, but a note
that a second colleague does it; another staff member gets the button."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from services.funds import actions
from tests.services.factories import DeliveryFactory
from tests.services.funds.factories import DuesRecordFactory, FundFactory, funded, second_staff

pytestmark = pytest.mark.django_db
NOTE = 'data-testid="needs-second-colleague'


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_recorder_of_a_delivery_sees_a_note_instead_of_the_confirm_button(staff_client, staff_user):
    delivery = DeliveryFactory(status="unconfirmed", recorded_by=staff_user)
    own = staff_client.get(delivery.get_absolute_url()).content.decode()
    assert 'data-testid="confirm-delivery"' not in own and NOTE in own and "第二位同事" in own
    queue = staff_client.get(reverse("services:delivery-queue")).content.decode()
    assert f'data-testid="confirm-{delivery.pk}"' not in queue and f"{NOTE}-{delivery.pk}" in queue
    other = _as(second_staff())
    page = other.get(delivery.get_absolute_url()).content.decode()
    assert 'data-testid="confirm-delivery"' in page and NOTE not in page
    assert f'data-testid="confirm-{delivery.pk}"' in other.get(reverse("services:delivery-queue")).content.decode()


def test_the_proposer_of_a_grant_may_withdraw_it_but_sees_a_note_instead_of_approve(
    staff_client, staff_user, organization
):
    fund = funded(FundFactory(kind="matching"))
    DuesRecordFactory(organization=organization)
    grant = actions.matching_grant_propose(
        user=staff_user,
        fund=fund,
        organization=organization,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
    )
    own = staff_client.get(grant.get_absolute_url()).content.decode()
    assert 'data-testid="grant-approve"' not in own and NOTE in own
    assert reverse("services:grant-reject", args=[grant.pk]) in own
    other = _as(second_staff()).get(grant.get_absolute_url()).content.decode()
    assert 'data-testid="grant-approve"' in other and NOTE not in other


def test_the_recorder_of_a_large_payout_sees_a_note_instead_of_approve(staff_client, staff_user, settings):
    settings.FUNDS_PAYOUT_COUNTERSIGN_ABOVE = 100
    fund = funded(FundFactory(kind="subsidy"))
    payout = actions.payout_request_create(
        user=staff_user, fund=fund, occurred_on=datetime.date(2022, 9, 1), amount=Decimal("5000"), purpose="补助"
    )
    own = staff_client.get(payout.get_absolute_url()).content.decode()
    assert 'data-testid="payout-approve"' not in own and NOTE in own
    other = _as(second_staff()).get(payout.get_absolute_url()).content.decode()
    assert 'data-testid="payout-approve"' in other and NOTE not in other
