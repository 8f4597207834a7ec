import datetime
from decimal import Decimal

import factory

from incubator.models import Batch, Criterion, Site, Space, Training
from tests.orgs.factories import OrganizationFactory  # noqa: F401


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    division_id = "510821"
    name = factory.Sequence(lambda n: f"创新创业服务中心{n}")


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"{n}号办公室")
    floor = "2F"
    area_m2 = Decimal("100.00")
    kind = Space.Kind.OFFICE
    opened_on = datetime.date(2020, 1, 1)


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    division_id = "510821"
    name = factory.Sequence(lambda n: f"第{n}批入驻")
    year = 2020
    status = Batch.Status.OPEN


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    batch = factory.SubFactory(BatchFactory)
    name = factory.Sequence(lambda n: f"标准{n}")
    weight = Decimal("1")
    max_score = 100


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    division_id = "510821"
    title = factory.Sequence(lambda n: f"能力建设培训{n}")
    held_on = datetime.date(2022, 5, 10)
    hours = Decimal("3.0")
    trainer = "李老师"
    place = "培训室"
