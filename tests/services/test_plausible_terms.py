"""A contract or a lawyer's posting that ends before it starts, or a contract signed in the
future, is refused by the action (the path of pages and API) with one Chinese message at the
field, not a second one from the database constraint."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from services import actions
from services.models import AdviserPosting, Contract

from .factories import ContractFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(call, **kwargs) -> dict:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value.message_dict


def contract_kwargs(staff_user, organization, **changes) -> dict:
    kwargs = {
        "user": staff_user,
        "provider": organization,
        "title": "职工法律服务",
        "category": "legal",
        "amount": Decimal("1000.00"),
        "signed_on": D(2022, 12, 20),
        "starts_on": D(2023, 1, 1),
        "ends_on": D(2023, 12, 31),
    }
    kwargs.update(changes)
    return kwargs


def test_a_contract_ending_before_it_starts_gets_one_message(staff_user, organization):
    errors = refused(actions.contract_create, **contract_kwargs(staff_user, organization, ends_on=D(2022, 12, 31)))
    assert errors == {"ends_on": ["“截止日期”不能早于“起始日期”（2023-01-01）。"]}
    errors = refused(actions.contract_create, **contract_kwargs(staff_user, organization, signed_on=D(2030, 1, 1)))
    assert errors == {"signed_on": ["日期不能晚于今天，请填写实际发生的日期。"]}
    assert Contract.objects.count() == 0
    # A term that runs into the future is a plan, not an implausible date.
    assert actions.contract_create(**contract_kwargs(staff_user, organization, ends_on=D(2099, 12, 31))).pk


def test_a_posting_ending_before_it_starts_gets_one_message(staff_user, organization):
    contract = ContractFactory(provider=organization)
    errors = refused(
        actions.adviser_post,
        user=staff_user,
        contract=contract,
        lawyer="李律师",
        union_name="某企业工会",
        starts_on=D(2023, 3, 1),
        ends_on=D(2023, 2, 1),
    )
    assert list(errors) == ["ends_on"] and len(errors["ends_on"]) == 1 and "不能早于" in errors["ends_on"][0]
    assert AdviserPosting.objects.count() == 0
