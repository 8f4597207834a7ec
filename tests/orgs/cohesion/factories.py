import datetime

import factory

from orgs.models import CommitteeSeat, Department, JointMeeting, Secondment, TrackedIssue
from tests.orgs.factories import OrganizationFactory


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("division_id", "name")

    division_id = "510821"
    name = factory.Sequence(lambda n: f"部门{n}")


class JointMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointMeeting

    division_id = "510821"
    held_on = datetime.date(2022, 5, 10)
    place = "县总工会会议室"
    chair = "县总工会主席"


class TrackedIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedIssue

    division_id = "510821"
    organization = factory.SubFactory(OrganizationFactory)
    meeting = factory.SubFactory(JointMeetingFactory)
    description = factory.Sequence(lambda n: f"问题{n}")
    raised_on = datetime.date(2022, 5, 10)


class CommitteeSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeSeat

    person = factory.Sequence(lambda n: f"委员{n}")
    organization = factory.SubFactory(OrganizationFactory)
    term = "第十二届"
    elected_at = "县总工会十二届二次全委会议"
    starts_on = datetime.date(2022, 6, 1)


class SecondmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secondment

    person = factory.Sequence(lambda n: f"社工{n}")
    organization = factory.SubFactory(OrganizationFactory)
    starts_on = datetime.date(2022, 3, 1)
    duties = "协助开展工会工作"
