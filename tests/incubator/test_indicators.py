import datetime
from decimal import Decimal

from incubator import actions
from incubator.models import Attendance, ExchangeVisit
from wangcang.catalogue import Scope, charts, compute
from wangcang.models import Division
from wangcang.periods import ALL, parse_period

from .factories import SpaceFactory, TrainingFactory

D = datetime.date


def figures(period, organization_ids=None):
    values = compute(
        Scope(division=Division.objects.get(code="510821"), period=period, organization_ids=organization_ids)
    )
    return {code: value for code, value in values.items() if code.startswith("incubator.")}


def test_incubator_indicators_on_small_data(residency, staff_user, space, organization, other_organization):
    SpaceFactory(area_m2=Decimal("50.50"), opened_on=D(2022, 6, 1))
    training = TrainingFactory(held_on=D(2021, 12, 31))
    TrainingFactory(held_on=D(2022, 1, 1))
    for name in ["甲", "乙", "丙"]:
        Attendance.objects.create(training=training, organization=organization, person_name=name)
    Attendance.objects.create(training=training, organization=other_organization, person_name="丁")
    visit = ExchangeVisit.objects.create(
        division_id="510821", destination="成都", starts_on=D(2021, 5, 1), ends_on=D(2021, 5, 3)
    )
    visit.organizations.add(organization)
    actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2021, 12, 1))
    actions.waivers_post_month(user=staff_user, division_code="510821", month=D(2022, 1, 1))
    grant = actions.support_post(
        user=staff_user, organization=organization, kind="grant", amount=Decimal("500"), value_date=D(2021, 6, 1)
    )
    actions.support_reverse(user=staff_user, entry=grant, reason="录错")
    actions.residency_graduate(user=staff_user, residency=residency, on=D(2022, 6, 30), summary="孵化成功")
    residency.application.refresh_from_db()
    decided = residency.application.decided_on

    in_2021 = figures(parse_period("2021"))
    assert in_2021["incubator.area_m2"] == Decimal("100.00")  # the second space opened in 2022
    assert in_2021["incubator.residents"] == 1  # stock on 2021-12-31
    assert in_2021["incubator.graduated"] == 0
    assert in_2021["incubator.trainings"] == 1 and in_2021["incubator.trainees"] == 4
    assert in_2021["incubator.exchange_visits"] == 1
    assert in_2021["incubator.support_amount"] == Decimal("2000.00")  # grant and its reversal cancel out

    in_2022 = figures(parse_period("2022"))
    assert in_2022["incubator.area_m2"] == Decimal("150.50")
    assert in_2022["incubator.residents"] == 0  # graduated on 2022-06-30
    assert in_2022["incubator.graduated"] == 1
    assert in_2022["incubator.trainings"] == 1 and in_2022["incubator.trainees"] == 0
    assert in_2022["incubator.support_amount"] == Decimal("2000.00")

    first_half = figures(parse_period("2022-06-29~2022-06-29"))
    assert first_half["incubator.residents"] == 1 and first_half["incubator.graduated"] == 0

    admitted_year = figures(parse_period(str(decided.year)))
    assert admitted_year["incubator.admitted"] == 1
    assert figures(parse_period(str(decided.year - 1)))["incubator.admitted"] == 0

    own = figures(ALL, organization_ids=(other_organization.pk,))
    assert own["incubator.trainees"] == 1 and own["incubator.residents"] == 0 and own["incubator.support_amount"] == 0


def test_incubator_charts(residency):
    by_code = {c.code: c for c in charts()}
    scope = Scope(division=Division.objects.get(code="510821"), period=ALL)
    pipeline = by_code["incubator.pipeline"].compute(scope)
    assert pipeline["series"][0]["data"] == [1, 1, 1, 0]
    TrainingFactory(held_on=D(2022, 3, 5))
    months = by_code["incubator.trainings_by_month"].compute(scope)
    assert months["categories"] == ["2022-03"] and months["series"][0]["data"] == [1]


def test_indicators_use_few_queries(residency, django_assert_max_num_queries):
    from wangcang.catalogue import FAMILIES, _load

    _load()
    scope = Scope(division=Division.objects.get(code="510821"), period=ALL)
    families = [family for family in FAMILIES if family.module == "incubator.indicators"]
    assert len(families) == 6
    with django_assert_max_num_queries(6):
        for family in families:
            family.compute(scope)


def test_trainings_chart_counts_only_an_organizations_own_attendances(organization, other_organization):
    from incubator.models import Attendance

    training = TrainingFactory(held_on=D(2022, 5, 10))
    TrainingFactory(held_on=D(2022, 6, 10))  # attended by nobody of the organization
    Attendance.objects.create(training=training, organization=organization, person_name="张三")
    for name in ("李四", "王五", "赵六"):
        Attendance.objects.create(training=training, organization=other_organization, person_name=name)
    chart = {c.code: c for c in charts()}["incubator.trainings_by_month"]
    division = Division.objects.get(code="510821")
    own = chart.compute(Scope(division=division, period=ALL, organization_ids=(organization.pk,)))
    assert own["categories"] == ["2022-05"]
    assert [series["data"] for series in own["series"]] == [[1], [1]]
    everyone = chart.compute(Scope(division=division, period=ALL))
    assert everyone["categories"] == ["2022-05", "2022-06"]
    assert [series["data"] for series in everyone["series"]] == [[1, 1], [4, 0]]
