from datetime import date

import pytest

from reports import actions, queries, tasks
from reports.models import Snapshot
from reports.schedules import SCHEDULES
from tests.orgs.factories import OrganizationFactory
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import ALL, current_periods, parse_period

pytestmark = pytest.mark.django_db


def rows():
    return sorted(Snapshot.objects.values_list("pk", "division_id", "period_key", "code", "value"))


def test_nightly_job_is_idempotent(test_catalogue):
    OrganizationFactory.create_batch(3)
    OrganizationFactory(division_id="510822")
    tasks.compute_snapshots.delay()
    first = rows()
    tasks.compute_snapshots.delay()
    assert rows() == first
    divisions = {row[1] for row in first}
    assert {"510821", "510822", "510800", "510000"} <= divisions
    keys = {row[2] for row in first}
    assert keys == {period.key for period in current_periods()} | {"all"}
    codes = len(test_catalogue.catalogue())
    assert len(first) == len(divisions) * len(keys) * codes
    assert Snapshot.objects.get(division_id="510800", period_key="all", code="orgs.total").value == 4


def test_store_updates_in_place_and_drops_retired_codes(test_catalogue):
    division = Division.objects.get(code="510821")
    period = parse_period("2022")
    actions.snapshot_store(division=division, period=period, values={"a": 1, "b": 2})
    pk = Snapshot.objects.get(code="a").pk
    actions.snapshot_store(division=division, period=period, values={"a": 5})
    assert Snapshot.objects.get(code="a").pk == pk
    assert Snapshot.objects.get(code="a").value == 5
    assert not Snapshot.objects.filter(code="b").exists()


def test_figures_read_snapshots_only_while_current(test_catalogue):
    OrganizationFactory.create_batch(2, established_on=date(2020, 1, 1))
    division = Division.objects.get(code="510821")
    scope = Scope(division=division, period=ALL)
    actions.snapshots_compute(divisions=[division], periods=[ALL])
    stored = queries.figures(scope)
    assert stored.from_snapshot and stored.value("orgs.total") == 2
    assert isinstance(stored.value("orgs.total"), int)
    OrganizationFactory()  # a write after the snapshot: the snapshot is no longer used
    fresh = queries.figures(scope)
    assert not fresh.from_snapshot and fresh.value("orgs.total") == 3
    # The live answer was kept as the new snapshot.
    again = queries.figures(scope)
    assert again.from_snapshot and again.value("orgs.total") == 3
    # The city above reads the county's records: its snapshot is stale as well.
    city = Scope(division=Division.objects.get(code="510800"), period=ALL)
    actions.snapshots_compute(divisions=[city.division], periods=[ALL])
    OrganizationFactory(division_id="510822")
    assert queries.figures(city).value("orgs.total") == 4
    assert queries.figures(scope).from_snapshot  # a neighbour county's write leaves Wangcang's
    # An organization user's figures are never read from the division's snapshot.
    own = queries.figures(Scope(division=division, period=ALL, organization_ids=(0,)))
    assert not own.from_snapshot


def test_snapshot_of_another_day_is_not_used(test_catalogue):
    OrganizationFactory()
    division = Division.objects.get(code="510821")
    actions.snapshots_compute(divisions=[division], periods=[ALL])
    Snapshot.objects.update(stock_date=date(2020, 1, 1))  # as if computed on an earlier day
    assert not queries.figures(Scope(division=division, period=ALL)).from_snapshot


def test_moving_an_organization_changes_both_counties(test_catalogue):
    org = OrganizationFactory()
    old, new = Division.objects.get(code="510821"), Division.objects.get(code="510822")
    actions.snapshots_compute(divisions=[old, new], periods=[ALL])
    org.division = new
    org.save()
    assert queries.figures(Scope(division=old, period=ALL)).value("orgs.total") == 0
    assert queries.figures(Scope(division=new, period=ALL)).value("orgs.total") == 1


def test_incomplete_snapshot_is_not_used(test_catalogue):
    division = Division.objects.get(code="510821")
    actions.snapshot_store(division=division, period=ALL, values={"orgs.total": 99})
    assert not queries.figures(Scope(division=division, period=ALL)).from_snapshot


def test_nightly_schedule_is_declared():
    assert [s.task for s in SCHEDULES] == ["reports.tasks.compute_snapshots", "reports.tasks.prune_report_files"]


def test_demo_loader_computes_wangcang_and_its_city_idempotently(test_catalogue):
    from reports import demo

    OrganizationFactory.create_batch(2)
    demo.load()
    first = rows()
    demo.load()
    assert rows() == first
    assert {row[1] for row in first} == {"510821", "510800"}
    assert Snapshot.objects.get(division_id="510821", period_key="all", code="orgs.total").value == 2


def test_every_write_path_moves_the_generation():
    from incubator import actions as incubator_actions
    from orgs.models import UnionBranch
    from services.models import DeliverableKind
    from tests.incubator.factories import TrainingFactory
    from tests.orgs.factories import IndustryUnionFactory
    from wangcang import freshness
    from wangcang.models import User

    wangcang, other = Division.objects.get(code="510821"), Division.objects.get(code="510822")
    province = Division.objects.get(code="510000")

    def versions():
        return freshness.subtree_generation(wangcang), freshness.subtree_generation(province)

    staff = User.objects.create_user(username="s", password="x", role=User.Role.STAFF, division_id="510821")
    org = OrganizationFactory(division_id="510822")
    union = IndustryUnionFactory()
    before = versions()
    union.covered_organizations.add(org)  # m2m: both the union's county and the organization's
    assert versions()[0] > before[0]
    other_before = freshness.subtree_generation(other)
    union.covered_organizations.clear()
    assert freshness.subtree_generation(other) > other_before
    training = TrainingFactory()
    before = versions()
    incubator_actions.attendance_import(
        user=staff, training=training, rows=[{"row": 2, "name": "学员", "organization": "", "phone": ""}]
    )  # bulk_create, bumped explicitly
    assert versions()[0] > before[0] and versions()[1] > before[1]
    before = freshness.subtree_generation(other)
    DeliverableKind.objects.create(code="visit", name="走访")  # no division: every division
    assert freshness.subtree_generation(other) > before
    before = freshness.subtree_generation(wangcang)
    UnionBranch.objects.filter(pk=union.pk).first().delete()
    assert freshness.subtree_generation(wangcang) > before


def test_deferred_marks_bump_every_division_once_when_the_block_ends():
    from wangcang import freshness

    def counters():
        return dict(Division.objects.values_list("code", "figures_generation"))

    before = counters()
    with freshness.marks_deferred():
        OrganizationFactory(division_id="510821")
        with freshness.marks_deferred():  # nested: the outer block bumps
            OrganizationFactory(division_id="510822")
        assert counters() == before  # no per-record marks inside
    after = counters()
    assert after == {code: generation + 1 for code, generation in before.items()}
    OrganizationFactory(division_id="510821")  # outside again: marked as it is written
    assert counters()["510821"] > after["510821"] and counters()["510822"] == after["510822"]
    with pytest.raises(RuntimeError), freshness.marks_deferred():
        OrganizationFactory(division_id="510822")
        raise RuntimeError  # what was written before the failure still counts
    assert counters()["510822"] > after["510822"]


def test_the_demo_leaves_its_figures_current():
    from django.core.management import call_command

    from wangcang import freshness

    call_command("load_demo", quiet_logins=True)
    wangcang = Division.objects.get(code="510821")
    stored = Snapshot.objects.filter(division=wangcang, period_key=ALL.key)
    assert stored.exists()
    assert set(stored.values_list("generation", flat=True)) == {freshness.subtree_generation(wangcang)}


def test_a_scope_carries_its_divisions_generation_read_with_it():
    from wangcang import freshness
    from wangcang.models import User

    OrganizationFactory(division_id="510821")
    OrganizationFactory(division_id="510822")
    staff = User.objects.create_user(username="province", password="x", role=User.Role.STAFF, division_id="510000")
    scope = queries.scope_for(staff, division="510821", period=ALL)
    assert freshness.read_generation(scope.division) == freshness.subtree_generation(scope.division)
    # The user's own division, read in the same query, is not stamped with the county's.
    assert staff.division.code == "510000" and staff.division.subtree_generation is None
    assert freshness.read_generation(staff.division) == freshness.subtree_generation(staff.division)
    assert freshness.subtree_generation(staff.division) > freshness.subtree_generation(scope.division)
