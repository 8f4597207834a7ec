"""The reports app is generic over the catalogue: its tests register their own families
and chart (tests/reports/families.py) for the duration of a test, in place of whatever the
pillars declare, and restore the catalogue afterwards."""

import pytest

from tests.reports import families
from wangcang import catalogue


@pytest.fixture
def test_catalogue():
    catalogue._load()  # the pillars' own modules register first, then are set aside
    saved = (list(catalogue.FAMILIES), list(catalogue.CHARTS))
    catalogue.FAMILIES.clear()
    catalogue.CHARTS.clear()
    for func, indicators in families.FAMILY_SPECS:
        catalogue.family(*indicators)(func)
    catalogue.chart("test.orgs_by_kind", "Organizations by kind", kind="pie", pillar="foundation")(
        families.organizations_by_kind
    )
    yield catalogue
    catalogue.FAMILIES[:] = saved[0]
    catalogue.CHARTS[:] = saved[1]


@pytest.fixture
def empty_catalogue():
    catalogue._load()
    saved = (list(catalogue.FAMILIES), list(catalogue.CHARTS))
    catalogue.FAMILIES.clear()
    catalogue.CHARTS.clear()
    yield catalogue
    catalogue.FAMILIES[:] = saved[0]
    catalogue.CHARTS[:] = saved[1]
