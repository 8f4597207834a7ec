"""The calendar month page and the private iCal feed: only what the person may see."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from incubator.models import Attendance, ExchangeVisit
from tests.incubator.factories import TrainingFactory
from tests.orgs.cohesion.factories import JointMeetingFactory, TrackedIssueFactory
from tests.orgs.selfreports.factories import ReportingRoundFactory, SelfReportFactory
from tests.services.factories import ContractFactory
from wangcang.agenda import Month
from wangcang.models import CalendarFeed

pytestmark = pytest.mark.django_db

MONTH = "2030-03"


@pytest.fixture
def events(organization, other_organization):
    """One event of each kind in March 2030, each of ``organization`` or the county's, and
    their twins of another county or another organization."""
    mine = TrainingFactory(title="电商能力培训", held_on=datetime.date(2030, 3, 5))
    Attendance.objects.create(training=mine, organization=organization, person_name="张三")
    theirs = TrainingFactory(title="别人的培训", held_on=datetime.date(2030, 3, 6))
    Attendance.objects.create(training=theirs, organization=other_organization, person_name="李四")
    TrainingFactory(title="青川县培训", division_id="510822", held_on=datetime.date(2030, 3, 7))
    meeting = JointMeetingFactory(held_on=datetime.date(2030, 3, 12), place="县总工会三楼")
    TrackedIssueFactory(meeting=meeting, organization=organization)
    JointMeetingFactory(held_on=datetime.date(2030, 3, 13), place="别处")
    visit = ExchangeVisit.objects.create(
        division_id="510821",
        destination="成都孵化园",
        starts_on=datetime.date(2030, 2, 27),
        ends_on=datetime.date(2030, 3, 2),
    )
    visit.organizations.add(organization)
    reporting_round = ReportingRoundFactory(title="2029年度自报", due_on=datetime.date(2030, 3, 31))
    SelfReportFactory(round=reporting_round, organization=organization)
    ContractFactory(title="法律服务合同", provider=organization, ends_on=datetime.date(2030, 3, 20))
    ContractFactory(title="别人的合同", provider=other_organization, ends_on=datetime.date(2030, 3, 21))


def month_page(client, month=MONTH):
    response = client.get(reverse("calendar"), {"month": month})
    assert response.status_code == 200
    return response.content.decode()


def test_month_parse_and_navigation():
    today = datetime.date(2026, 11, 30)
    assert Month.parse("2030-03", today) == Month(2030, 3)
    assert Month.parse("2030-13", today) == Month(2026, 11)
    assert Month.parse("junk", today) == Month(2026, 11)
    assert (str(Month(2030, 1).previous), str(Month(2030, 12).next)) == ("2029-12", "2031-01")


def test_staff_see_the_county_events_not_another_county(staff_client, events):
    page = month_page(staff_client)
    for title in (
        "电商能力培训",
        "别人的培训",
        "县总工会三楼",
        "别处",
        "成都孵化园",
        "2029年度自报",
        "法律服务合同",
        "别人的合同",
    ):
        assert title in page, title
    assert "青川县培训" not in page
    assert 'href="?month=2030-02"' in page and 'href="?month=2030-04"' in page


def test_an_organization_user_sees_only_its_own_events(org_client, events):
    page = month_page(org_client)
    for title in ("电商能力培训", "县总工会三楼", "成都孵化园", "2029年度自报", "法律服务合同"):
        assert title in page, title
    for title in ("别人的培训", "别处", "别人的合同", "青川县培训"):
        assert title not in page, title
    assert reverse("orgs:self-report-list") in page  # the deadline links to their reports


def test_a_visit_spanning_two_months_shows_in_both(staff_client, events):
    assert "成都孵化园" in month_page(staff_client, "2030-02")
    assert "成都孵化园" not in month_page(staff_client, "2030-05")


def test_month_page_query_budget(staff_client, events, django_assert_max_num_queries):
    for extra in range(20):
        TrainingFactory(title=f"加训{extra}", held_on=datetime.date(2030, 3, 1 + extra))
    with django_assert_max_num_queries(14):
        page = month_page(staff_client)
    assert "加训19" in page


def test_the_page_is_chinese_first(staff_client, events):
    page = month_page(staff_client)
    assert "上个月" in page and "日历" in page


def feed_url_from(page: str) -> str:
    start = page.index('data-testid="calendar-feed-url">') + len('data-testid="calendar-feed-url">')
    return page[start : page.index("</code>", start)]


def test_the_feed_is_valid_icalendar_with_the_users_events(client, org_client, org_user, events, settings):
    page = org_client.post(reverse("calendar-feed-manage"), {"action": "create"}).content.decode()
    url = feed_url_from(page)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    feed = CalendarFeed.objects.get(user=org_user)
    assert token not in feed.token_hash  # only a hash is stored
    client.logout()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2030, 3, 1))
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    events_in_feed = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert any("电商能力培训" in summary for summary in events_in_feed)
    assert not any("别人的" in summary for summary in events_in_feed)
    visit = next(event for summary, event in events_in_feed.items() if "成都孵化园" in summary)
    assert visit.decoded("DTSTART") == datetime.date(2030, 2, 27)
    assert visit.decoded("DTEND") == datetime.date(2030, 3, 3)  # all-day: the day after the last
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    for event in calendar.walk("VEVENT"):
        assert event.get("DTSTAMP") and str(event["URL"]).startswith("http")


def test_a_new_link_revokes_the_old_and_revoke_ends_it(client, org_client, org_user, events):
    first = feed_url_from(org_client.post(reverse("calendar-feed-manage"), {"action": "create"}).content.decode())
    second = feed_url_from(org_client.post(reverse("calendar-feed-manage"), {"action": "create"}).content.decode())
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    org_client.post(reverse("calendar-feed-manage"), {"action": "revoke"})
    assert client.get(second).status_code == 404
    assert client.get(reverse("calendar-feed", args=["guessed-token"])).status_code == 404


def test_a_disabled_account_feed_answers_404(client, org_client, org_user, events):
    url = feed_url_from(org_client.post(reverse("calendar-feed-manage"), {"action": "create"}).content.decode())
    org_user.is_active = False
    org_user.save()
    assert client.get(url).status_code == 404


def test_the_calendar_needs_a_login(client):
    assert client.get(reverse("calendar")).status_code == 302
