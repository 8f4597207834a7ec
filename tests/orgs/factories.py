import factory

from orgs.models import Member, Organization, Town, UnionBranch
from wangcang.validators import make_id_number, make_uscc


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ("division_id", "name")

    division_id = "510821"
    name = factory.Sequence(lambda n: f"测试镇{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试社会组织{n}")
    uscc = factory.Sequence(lambda n: make_uscc(n + 500000))
    kind = Organization.Kind.SOCIAL_GROUP
    division_id = "510821"
    industry = Organization.Industry.OTHER
    staff_count = 5
    has_party_org = True


class UnionBranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionBranch

    name = factory.Sequence(lambda n: f"测试工会{n}")
    level = UnionBranch.Level.ORGANIZATION
    division_id = "510821"
    organization = factory.SubFactory(OrganizationFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"会员{n}")
    id_number = factory.Sequence(lambda n: make_id_number(n + 700000))
    branch = factory.SubFactory(UnionBranchFactory)
    organization = factory.LazyAttribute(lambda member: member.branch.organization)
    join_path = Member.JoinPath.OWN


class CountyFederationFactory(UnionBranchFactory):
    name = "旺苍县总工会"
    level = UnionBranch.Level.COUNTY_FEDERATION
    organization = None


class IndustryUnionFactory(UnionBranchFactory):
    level = UnionBranch.Level.INDUSTRY
    organization = None


class CommunityUnionFactory(UnionBranchFactory):
    level = UnionBranch.Level.COMMUNITY
    organization = None


def real_id_number(region: str, birth, serial: str = "031") -> str:
    """An ID number as issued (GB 11643-1999), with its check character computed here by
    ISO 7064 MOD 11-2 independently of the code under test: weights 2^(17-i) mod 11, and the
    character for (sum mod 11) from 1 0 X 9 8 7 6 5 4 3 2."""
    body = f"{region}{birth:%Y%m%d}{serial}"
    total = sum(int(digit) * pow(2, 17 - index, 11) for index, digit in enumerate(body))
    return body + "10X98765432"[total % 11]
