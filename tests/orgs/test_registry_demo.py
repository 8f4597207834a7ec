from decimal import Decimal

import pytest
from django.core.management import call_command

from orgs import queries
from orgs.demo_registry import ECOMMERCE_UNION, VOLUNTEER_MEMBERS, YOUTH_VOLUNTEERS_UNION
from orgs.models import Member, UnionBranch
from wangcang.catalogue import Scope, compute
from wangcang.models import Division
from wangcang.periods import ALL
from wangcang.validators import clean_id_number


@pytest.mark.django_db
def test_demo_reproduces_the_registry_figures(demo):
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


@pytest.mark.django_db
def test_demo_pages_render(demo, client, django_assert_max_num_queries):
    from orgs.demo_registry import DIANYI, HUAYUE
    from orgs.models import Organization
    from wangcang.models import User

    client.force_login(User.objects.get(username="staff"))
    for url in ("/orgs/", "/orgs/branches/", "/orgs/members/", "/orgs/?union_status=area", "/orgs/import/"):
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200, url
    gaps = client.get("/orgs/gaps/").content.decode()
    # No gaps in the demo: all 147 in a union, and both lists say so.
    assert "党工共建全覆盖" in gaps and "所有正常社会组织均已入会" in gaps
    dianyi = Organization.objects.get(name=DIANYI)
    body = client.get(f"/orgs/{dianyi.pk}/").content.decode()
    assert "映月潭社区工会" in body and "面" in body
    area = client.get("/orgs/?union_status=area&kind=service_institution").content.decode()
    assert DIANYI in area
    client.force_login(User.objects.get(username="org"))
    body = client.get("/orgs/mine/", follow=True).content.decode()
    assert HUAYUE in body and "华越培训学校工会" in body
    assert client.get(f"/orgs/{dianyi.pk}/").status_code == 404
