from datetime import date

import pytest
from django.utils import translation

from wangcang.periods import ALL, PeriodError, current_periods, parse_period


def test_year_quarter_month():
    year = parse_period("2022")
    assert (year.kind, year.start, year.end, year.key) == ("year", date(2022, 1, 1), date(2022, 12, 31), "2022")
    q3 = parse_period("2022-q3")
    assert (q3.start, q3.end, q3.key) == (date(2022, 7, 1), date(2022, 9, 30), "2022-Q3")
    q1 = parse_period("2024Q1")
    assert q1.end == date(2024, 3, 31)
    feb_leap = parse_period("2024-02")
    assert (feb_leap.start, feb_leap.end, feb_leap.key) == (date(2024, 2, 1), date(2024, 2, 29), "2024-02")
    assert parse_period("2023-2").end == date(2023, 2, 28)


def test_all_and_empty():
    assert parse_period("all") is ALL
    assert parse_period("ALL") is ALL
    assert parse_period("") is ALL
    assert parse_period(None) is ALL
    assert ALL.contains(date(1990, 1, 1))


def test_from_to():
    period = parse_period(start="2022-01-01", end="2022-06-30")
    assert (period.kind, period.start, period.end) == ("range", date(2022, 1, 1), date(2022, 6, 30))
    assert parse_period("2022-01-01~2022-06-30") == period
    open_end = parse_period(start="2022-03-01")
    assert open_end.start == date(2022, 3, 1) and open_end.end is None
    assert parse_period(start=date(2022, 1, 1), end=date(2022, 1, 1)).contains(date(2022, 1, 1))


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2022-Q5", "Q1"),
        ("2022-13", "01"),
        ("2022-00", "01"),
        ("1900", "1949"),
        ("last year", "2022-Q3"),
        ("2022-02-30~2022-03-01", "YYYY-MM-DD"),
    ],
)
def test_bad_input_says_why(text, fragment):
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert fragment in str(info.value)


def test_start_after_end_is_refused_in_chinese():
    with translation.override("zh-hans"), pytest.raises(PeriodError) as info:
        parse_period(start="2022-07-01", end="2022-06-30")
    assert "晚于" in str(info.value)


def test_edges_and_stock_date():
    q4 = parse_period("2022-Q4")
    assert q4.contains(date(2022, 12, 31)) and q4.contains(date(2022, 10, 1))
    assert not q4.contains(date(2023, 1, 1)) and not q4.contains(date(2022, 9, 30))
    assert q4.stock_date == date(2022, 12, 31)
    assert parse_period("2022").previous().key == "2021"
    assert parse_period("2022-Q2").previous().key == "2021-Q2"
    assert parse_period("2024-02").previous().key == "2023-02"
    assert ALL.previous() is None


def test_current_periods():
    keys = [p.key for p in current_periods(date(2026, 11, 26))]
    assert keys == ["2026", "2026-Q4", "2026-11"]


@pytest.mark.django_db
def test_latest_year_with_records_skips_empty_years_and_the_future():
    from orgs.models import JointMeeting, TrackedIssue
    from tests.orgs.cohesion.factories import JointMeetingFactory, TrackedIssueFactory
    from wangcang.periods import latest_year_with_records

    today = date(2026, 11, 30)
    meetings, issues = (JointMeeting.objects.all(), "held_on"), (TrackedIssue.objects.all(), "raised_on")
    assert latest_year_with_records(meetings, issues, today=today) == 2026  # nothing at all: this year
    JointMeetingFactory(held_on=date(2022, 5, 10))
    TrackedIssueFactory(raised_on=date(2023, 3, 1))
    assert latest_year_with_records(meetings, issues, today=today) == 2023
    JointMeetingFactory(held_on=date(2027, 1, 5))  # planned, not yet held
    assert latest_year_with_records(meetings, issues, today=today) == 2023
    assert latest_year_with_records(meetings, today=today) == 2022
