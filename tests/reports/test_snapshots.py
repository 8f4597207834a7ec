from datetime import date

import pytest

from reports import actions, queries, tasks
from reports.catalogue import Scope
from reports.models import Snapshot
from reports.schedules import SCHEDULES
from tests.orgs.factories import OrganizationFactory
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


def test_figures_read_snapshots_and_fall_back_to_live(test_catalogue):
    OrganizationFactory.create_batch(2, established_on=date(2020, 1, 1))
    division = Division.objects.get(code="510821")
    scope = Scope(division=division, period=ALL)
    live = queries.figures(scope)
    assert not live.from_snapshot and live.value("orgs.total") == 2
    actions.snapshots_compute(divisions=[division], periods=[ALL])
    OrganizationFactory()  # after the snapshot: the snapshot still says 2
    stored = queries.figures(scope)
    assert stored.from_snapshot and stored.value("orgs.total") == 2
    assert isinstance(stored.value("orgs.total"), int)
    assert queries.figures(scope, live=True).value("orgs.total") == 3
    # An organization user's figures are never read from the division's snapshot.
    own = queries.figures(Scope(division=division, period=ALL, organization_ids=(0,)))
    assert not own.from_snapshot


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
