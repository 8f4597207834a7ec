"""The nightly job computes the catalogue for every division of a level in one query a
family (wangcang.catalogue.compute_grouped). Its snapshots must be the figures the
per-division catalogue gives, to the last indicator, for every division and period, and
its queries must not grow with the number of divisions.

The records are the benchmark's synthetic province (bench/indicators.py, which fills every
family of the real catalogue) for four counties in two cities, smaller."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import actions, queries
from reports.models import Snapshot
from wangcang import catalogue, freshness
from wangcang.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import ALL, current_periods, parse_period

pytestmark = pytest.mark.django_db

# Two counties of Guangyuan (Wangcang and Qingchuan) and two of the benchmark's city 5101.
COUNTIES = [("510821", "510800"), ("510822", "510800"), ("510121", "510100"), ("510122", "510100")]
EMPTY_COUNTY = "510802"  # built in, without records


def _bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "indicators.py"
    spec = importlib.util.spec_from_file_location("bench_indicators", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def province(monkeypatch):
    bench = _bench()
    monkeypatch.setattr(bench, "MEMBERS", 600)
    monkeypatch.setattr(bench, "DELIVERIES", 1500)
    monkeypatch.setattr(bench, "ORGS_PER_COUNTY", 12)
    context = {"rng": random.Random(7), "counties": COUNTIES}
    for _name, generate in bench.GENERATORS:
        generate(context)
    # The divisions of the nightly job that these records fall in, and a county without any.
    wanted = {"510000", "510800", "510100", EMPTY_COUNTY} | {code for code, _city in COUNTIES}
    return [division for division in queries.snapshot_divisions() if division.code in wanted]


def periods():
    return [*current_periods(), ALL, parse_period("2022"), parse_period("2023-Q3"), parse_period("2024-05")]


def test_grouped_figures_equal_each_divisions_own(province):
    codes = {division.code for division in province}
    assert len(codes) == 8
    for code, _city in COUNTIES:
        values = catalogue.compute(Scope(division=Division.objects.get(code=code), period=ALL))
        zeros = [name for name, value in values.items() if not value]
        # A county's figures are not mostly zeros, or the comparison would prove little.
        assert len(zeros) <= 4, (code, zeros)
    for period in periods():
        grouped = catalogue.compute_grouped(province, period)
        assert set(grouped) == codes
        for division in province:
            each = catalogue.compute(Scope(division=division, period=period))
            assert list(grouped[division.code].items()) == list(each.items()), (division.code, period.key)
            assert [type(value) for value in grouped[division.code].values()] == [
                type(value) for value in each.values()
            ]


def test_the_nightly_snapshots_are_those_of_the_per_division_computation(province):
    wanted = periods()
    actions.snapshots_compute(divisions=province, periods=wanted)
    grouped = sorted(
        Snapshot.objects.values_list("division_id", "period_key", "code", "value", "generation", "stock_date")
    )
    Snapshot.objects.all().delete()
    for division in province:
        for period in wanted:
            actions.snapshot_store(
                division=division,
                period=period,
                values=catalogue.compute(Scope(division=division, period=period)),
                generation=freshness.subtree_generation(division),
                stock_date=period.stock_date,
            )
    each = sorted(
        Snapshot.objects.values_list("division_id", "period_key", "code", "value", "generation", "stock_date")
    )
    assert len(grouped) == len(province) * len(wanted) * len(catalogue.catalogue())
    assert grouped == each


def test_the_grouped_catalogue_takes_the_same_queries_for_one_county_or_many(province):
    counties = [division for division in province if division.level == Division.Level.COUNTY]
    assert len(counties) == 5
    with CaptureQueriesContext(connection) as one:
        catalogue.compute_grouped(counties[:1], ALL)
    with CaptureQueriesContext(connection) as many:
        catalogue.compute_grouped(counties, ALL)
    assert len(many) == len(one)
    # Every level (counties, cities, the province) adds one query a family, not one a division.
    with CaptureQueriesContext(connection) as every:
        catalogue.compute_grouped(province, ALL)
    assert len(every) == 3 * len(one)


@pytest.fixture
def without_charts():
    catalogue._load()
    saved = list(catalogue.CHARTS)
    catalogue.CHARTS.clear()
    yield
    catalogue.CHARTS[:] = saved


def _job_queries(divisions) -> int:
    with CaptureQueriesContext(connection) as captured:
        actions.snapshots_compute(divisions=divisions, periods=[ALL])
    return len(captured)


def test_the_nightly_job_computes_no_figures_per_division(province, without_charts):
    """Each further county costs the job only the writing of its snapshots: as many
    queries with the twenty families of the catalogue as with one."""
    counties = [division for division in province if division.level == Division.Level.COUNTY]
    more = _job_queries(counties) - _job_queries(counties[:1])
    saved = list(catalogue.FAMILIES)
    catalogue.FAMILIES[:] = saved[:1]
    try:
        with_one_family = _job_queries(counties) - _job_queries(counties[:1])
    finally:
        catalogue.FAMILIES[:] = saved
    assert more == with_one_family
    assert len(saved) == 20
    # An upsert and a delete of the figures, and a delete of the charts in each language,
    # each in a savepoint of its own.
    assert more <= 12 * (len(counties) - 1)


def test_the_job_writes_each_chart_in_every_language_from_one_computation():
    """Charts are computed once a division and written out per language: the stored words
    are each language's own, the numbers the same."""
    from django.conf import settings
    from django.utils import translation

    from reports.models import ChartSnapshot
    from tests.orgs.factories import OrganizationFactory

    county = Division.objects.get(code="510821")
    OrganizationFactory(division=county)
    actions.snapshots_compute(divisions=[county], periods=[ALL])
    stored = {
        (row.language, row.code): row.data for row in ChartSnapshot.objects.filter(division=county, period_key=ALL.key)
    }
    languages = [code for code, _name in settings.LANGUAGES]
    assert len(languages) == 2
    for code in {code for _language, code in stored}:
        first, second = (stored[(language, code)] for language in languages)
        assert [s["data"] for s in first["series"]] == [s["data"] for s in second["series"]], code
    for language in languages:
        with translation.override(language):
            expected = queries.compute_charts(Scope(division=county, period=ALL))
        assert [stored[(language, chart["code"])] for chart in expected] == expected
    pipeline = {language: stored[(language, "incubator.pipeline")] for language in languages}
    assert pipeline[languages[0]]["categories"] != pipeline[languages[1]]["categories"]
    assert pipeline[languages[0]]["title"] != pipeline[languages[1]]["title"]
