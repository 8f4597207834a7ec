"""The nightly job computes the catalogue for every division of a level in one query a
family (wangcang.catalogue.compute_grouped). Its snapshots must be the figures the
per-division catalogue gives, to the last indicator, for every division and period, and
its queries must not grow with the number of divisions.

The records are the benchmark's synthetic province (bench/indicators.py, which fills every
family of the real catalogue) for four counties in two cities, smaller."""

from __future__ import annotations

import importlib.util
import random
from decimal import Decimal
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
    yield saved
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


# The charts -----------------------------------------------------------------------------------


@pytest.fixture
def answered(province):
    """Flagged questions answered in two counties of different cities (the benchmark's
    records have none), with a question that is not a figure and answers of reports not
    accepted, which no chart counts."""
    from orgs.models import ReportingRound, RoundQuestion, SelfReport, SelfReportAnswer

    answers = []
    for code in ("510821", "510121"):
        for number, report_round in enumerate(ReportingRound.objects.filter(division_id=code).order_by("pk")):
            questions = [
                RoundQuestion.objects.create(round=report_round, label="植树数量", unit="棵", show_as_figure=True),
                RoundQuestion.objects.create(round=report_round, label="志愿服务", show_as_figure=True),
                RoundQuestion.objects.create(round=report_round, label="不计入", unit="次"),
            ]
            for index, report in enumerate(SelfReport.objects.filter(round=report_round).order_by("pk")):
                for position, question in enumerate(questions):
                    value = Decimal(index % 7 + position + number) + Decimal("0.25") * (index % 2)
                    answers.append(SelfReportAnswer(self_report=report, question=question, number=value))
    SelfReportAnswer.objects.bulk_create(answers)
    return province


def _shape(value):
    """A chart's data as plain values with their types; lazy labels marked, and written
    out in the active language."""
    from django.utils.functional import Promise

    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_shape(item) for item in value]
    if isinstance(value, Promise):
        return ("lazy", str(value))
    return (type(value).__name__, value)


def test_grouped_charts_equal_each_divisions_own(answered):
    from django.conf import settings
    from django.utils import translation

    codes = [item.code for item in catalogue.charts()]
    assert len(codes) == 11
    assert all(item.grouped is not None for item in catalogue.charts())
    for code, _city in COUNTIES[::2]:
        charts = queries.chart_values(Scope(division=Division.objects.get(code=code), period=ALL))
        # Every chart of a county with records has some, or the comparison would prove little.
        assert [item.code for item, data in charts if not data["categories"]] == [], code
    for period in periods():
        grouped = catalogue.compute_charts_grouped(answered, period)
        assert set(grouped) == {division.code for division in answered}
        for division in answered:
            each = queries.chart_values(Scope(division=division, period=period))
            assert [item.code for item, _data in grouped[division.code]] == codes
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    assert _shape(grouped[division.code]) == _shape(each), (division.code, period.key, language)


def test_the_nightly_charts_are_those_of_the_per_division_computation(answered):
    from django.conf import settings
    from django.utils import translation

    from reports.models import ChartSnapshot

    wanted = [ALL, parse_period("2022"), parse_period("2023-Q3")]
    actions.snapshots_compute(divisions=answered, periods=wanted)
    fields = ("division_id", "period_key", "language", "code", "data", "generation", "stock_date")
    grouped = sorted(ChartSnapshot.objects.values_list(*fields), key=repr)
    ChartSnapshot.objects.all().delete()
    for division in answered:
        for period in wanted:
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    charts = queries.compute_charts(Scope(division=division, period=period))
                actions.chart_snapshot_store(
                    division=division,
                    period=period,
                    language=language,
                    charts=charts,
                    generation=freshness.subtree_generation(division),
                    stock_date=period.stock_date,
                )
    each = sorted(ChartSnapshot.objects.values_list(*fields), key=repr)
    assert len(grouped) == len(answered) * len(wanted) * len(settings.LANGUAGES) * 11
    assert grouped == each


# A chart's queries a level: one each, but the contracts' progress (the contracts, their
# targets, and the deliveries, legal-aid cases, adviser postings and kinds counted
# against them) and the pipeline (applications, residencies).
CHART_QUERIES = 9 * 1 + 6 + 2


def test_the_grouped_charts_take_the_same_queries_for_one_county_or_many(answered, django_assert_max_num_queries):
    counties = [division for division in answered if division.level == Division.Level.COUNTY]
    assert len(counties) == 5
    wangcang = [division for division in counties if division.code == "510821"]
    with CaptureQueriesContext(connection) as one:
        catalogue.compute_charts_grouped(wangcang, ALL)
    assert len(one) == CHART_QUERIES
    with django_assert_max_num_queries(CHART_QUERIES):
        catalogue.compute_charts_grouped(counties, ALL)
    # Every level (counties, cities, the province) adds the same queries, not some a division.
    with django_assert_max_num_queries(3 * CHART_QUERIES):
        catalogue.compute_charts_grouped(answered, parse_period("2022"))


def test_the_nightly_job_computes_no_chart_per_division(answered, without_charts):
    """Each further county costs the job only the writing of its snapshots: with the
    charts, their upsert more, every language in one (without any, there is nothing to
    upsert)."""
    counties = [division for division in answered if division.level == Division.Level.COUNTY]
    first = [division for division in counties if division.code == "510821"]
    without = _job_queries(counties) - _job_queries(first)
    catalogue.CHARTS[:] = without_charts
    with_charts = _job_queries(counties) - _job_queries(first)
    assert with_charts == without + len(counties) - 1
