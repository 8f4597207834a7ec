import datetime
from decimal import Decimal

import factory

from services.models import AdviserPosting, Contract, ContractTarget, DeliverableKind, Delivery, LegalAidCase
from tests.orgs.factories import OrganizationFactory


def kind(code: str) -> DeliverableKind:
    from services.actions import deliverable_kinds_ensure

    return deliverable_kinds_ensure()[code]


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    division_id = "510821"
    provider = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"购买服务合同{n}")
    category = Contract.Category.LEGAL
    amount = Decimal("100000.00")
    signed_on = datetime.date(2022, 12, 20)
    starts_on = datetime.date(2023, 1, 1)
    ends_on = datetime.date(2023, 12, 31)


class ContractTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractTarget

    contract = factory.SubFactory(ContractFactory)
    kind = factory.LazyFunction(lambda: kind(DeliverableKind.CONSULTATION))
    quantity = 100


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    contract = factory.SubFactory(ContractFactory)
    kind = factory.LazyFunction(lambda: kind(DeliverableKind.CONSULTATION))
    delivered_on = datetime.date(2023, 3, 1)
    quantity = 1
    persons_served = 1
    status = Delivery.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(lambda: datetime.datetime(2023, 3, 2, tzinfo=datetime.UTC))


class LegalAidCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalAidCase

    contract = factory.SubFactory(ContractFactory)
    worker_name = "张三"
    employer = "旺苍某建筑公司"
    kind = LegalAidCase.Kind.ARBITRATION
    accepted_on = datetime.date(2023, 2, 1)
    closed_on = datetime.date(2023, 5, 1)
    outcome = LegalAidCase.Outcome.WON
    amount_recovered = Decimal("8000.00")
    status = LegalAidCase.Status.CONFIRMED


class AdviserPostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviserPosting

    contract = factory.SubFactory(ContractFactory)
    lawyer = factory.Sequence(lambda n: f"律师{n}")
    union_name = "旺苍某企业工会"
    starts_on = datetime.date(2023, 1, 1)
