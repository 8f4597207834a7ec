from decimal import Decimal

import pytest
from django.core.management import call_command

from orgs import queries
from orgs.demo_registry import ECOMMERCE_UNION, VOLUNTEER_MEMBERS, YOUTH_VOLUNTEERS_UNION
from orgs.models import Member, UnionBranch
from reports.catalogue import Scope, compute
from wangcang.models import Division
from wangcang.periods import ALL
from wangcang.validators import clean_id_number


@pytest.mark.django_db
def test_demo_reproduces_the_registry_figures():
    call_command("load_demo", quiet_logins=True)
    scope = Scope(division=Division.objects.get(code="510821"), period=ALL)
    values = compute(scope)
    assert values["orgs.total"] == 147
    assert values["orgs.with_party"] == 147
    assert values["orgs.with_union"] == 147
    assert values["orgs.co_construction"] == 147
    assert values["orgs.co_construction_rate"] == Decimal("100.0")
    assert values["unions.individual_joins"] == 178
    assert values["unions.industry_covered_orgs"] == 28
    assert values["unions.branches"] == UnionBranch.objects.count()
    assert values["unions.members"] == Member.objects.count()
    assert Member.objects.filter(branch__name=YOUTH_VOLUNTEERS_UNION).count() == VOLUNTEER_MEMBERS
    assert UnionBranch.objects.get(name=ECOMMERCE_UNION).members.exists()
    intake = queries.community_union_intake(scope)
    assert sum(row["persons"] for row in intake) == 178 and sum(row["organizations"] for row in intake) == 5
    coverage = {row["name"]: row["organizations"] for row in queries.industry_union_coverage(scope)}
    assert coverage == {"茶叶协会工会": 23, "青年志愿者协会工会": 5}
    for number in Member.objects.values_list("id_number", flat=True)[:50]:
        clean_id_number(number)
    counts = (UnionBranch.objects.count(), Member.objects.count())
    call_command("load_demo", quiet_logins=True)
    assert (UnionBranch.objects.count(), Member.objects.count()) == counts
