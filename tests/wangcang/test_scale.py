"""What keeps pages cheap on a province's data: paging from either end, counts for the
page's rows only, a replica for wide reads, and a queue of its own for the statistics."""

import datetime

import pytest
from django.db import connection, connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Organization
from services.models import Delivery, DeliveryEvidence
from tests.orgs.factories import OrganizationFactory
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang.dbrouter import PIN_COOKIE, ReplicaRouter, pinned_to_primary, replica_reads
from wangcang.pagination import ListPaginator

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def deliveries(db):
    contract = ContractFactory()
    return [
        DeliveryFactory(contract=contract, delivered_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=i % 7))
        for i in range(53)
    ]


def test_every_page_holds_the_rows_plain_offsets_would(deliveries):
    ordered = Delivery.objects.order_by("-delivered_on", "-pk")
    expected = list(ordered)
    paginator = ListPaginator(ordered, 10)
    seen = []
    for number in paginator.page_range:
        seen += list(paginator.page(number).object_list)
    assert seen == expected


def test_a_late_page_is_read_from_the_other_end(deliveries):
    paginator = ListPaginator(Delivery.objects.order_by("delivered_on", "pk"), 10)
    paginator.count  # noqa: B018 - counted before the page is read
    with CaptureQueriesContext(connection) as queries:
        last = list(paginator.page(paginator.num_pages).object_list)
    (sql,) = [query["sql"].upper() for query in queries]
    assert "DESC" in sql.split("ORDER BY")[1] and "OFFSET" not in sql
    assert last == list(Delivery.objects.order_by("delivered_on", "pk"))[50:]


def test_an_ordering_that_does_not_reach_the_key_is_paged_plainly(deliveries):
    paginator = ListPaginator(Delivery.objects.order_by("delivered_on"), 10)
    paginator.count  # noqa: B018
    with CaptureQueriesContext(connection) as queries:
        list(paginator.page(paginator.num_pages).object_list)
    assert "DESC" not in queries[0]["sql"].upper().split("ORDER BY")[1]


def test_the_delivery_list_counts_evidence_for_its_page_only(staff_client, deliveries, django_assert_max_num_queries):
    first = sorted(deliveries, key=lambda d: (d.delivered_on, d.pk))[-1]
    DeliveryEvidence.objects.create(delivery=first, file="evidence/a.pdf")
    DeliveryEvidence.objects.create(delivery=first, file="evidence/b.pdf")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("services:delivery-list"))
    assert response.status_code == 200
    rows = response.context["deliveries"]
    assert rows[0].pk == first.pk and rows[0].evidence_count == 2 and rows[1].evidence_count == 0
    assert not any('GROUP BY "services_delivery"."id"' in q["sql"] for q in queries)
    last = staff_client.get(reverse("services:delivery-list"), {"page": 3})
    assert [d.pk for d in last.context["deliveries"]] == [
        d.pk for d in sorted(deliveries, key=lambda d: (d.delivered_on, d.pk), reverse=True)[50:]
    ]


# The replica --------------------------------------------------------------------------------


@pytest.fixture
def replica(transactional_db, settings):
    """A second connection to the test database under the alias ``replica``, as a streaming
    replica of the primary would be."""
    params = dict(connections["default"].settings_dict)
    wrapper = load_backend(params["ENGINE"]).DatabaseWrapper(params, "replica")
    connections._connections.replica = wrapper
    settings.DATABASES = {**settings.DATABASES, "replica": params}
    yield wrapper
    wrapper.close()
    delattr(connections._connections, "replica")


def test_without_a_replica_everything_reads_the_primary(db):
    with replica_reads():
        assert ReplicaRouter().db_for_read(Organization) == "default"


def test_wide_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    OrganizationFactory(name="合成副本协会")
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connection) as on_primary:
        with replica_reads():
            assert Organization.objects.filter(name="合成副本协会").count() == 1
            OrganizationFactory(name="合成写入协会")  # a write stays on the primary
            with pinned_to_primary():
                assert Organization.objects.count() == 2
            with transaction.atomic():  # inside a transaction its own writes must be seen
                assert Organization.objects.count() == 2
        assert Organization.objects.count() == 2  # outside the block: the primary
    # Only the one read inside the block (PostgreSQL's session set-up aside).
    assert len([q for q in on_replica if "COUNT(*)" in q["sql"] and "orgs_organization" in q["sql"]]) == 1
    assert any("INSERT" in q["sql"] for q in on_primary)


def test_the_dashboard_reads_the_replica_until_the_user_writes(replica, client, staff_user):
    client.force_login(staff_user)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert len(on_replica) > 0
    response = client.post(reverse("set-language"), {"language": "zh-hans", "next": "/"})
    assert PIN_COOKIE in response.cookies
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert len(on_replica) == 0


# Queues -------------------------------------------------------------------------------------


def test_statistics_run_on_a_queue_of_their_own():
    from wangcang.celery import app

    def queue(name):
        return app.amqp.router.route({}, name)["queue"].name

    assert queue("reports.tasks.compute_snapshots") == "statistics"
    assert queue("wangcang.tasks.run_background_job") == "interactive"
    assert {q.name for q in app.conf.task_queues} == {"interactive", "statistics"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_a_long_list_on_postgresql_counts_by_the_planners_estimate(deliveries, monkeypatch):
    from wangcang import pagination

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 10)
    ordered = Delivery.objects.order_by("delivered_on", "pk")
    paginator = ListPaginator(ordered, 10)
    assert paginator.count == 53 and paginator.estimated
    assert list(paginator.page(paginator.num_pages).object_list) == list(ordered)[-10:]
    assert list(paginator.page(2).object_list) == list(ordered)[10:20]
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 1000)
    exact = ListPaginator(ordered, 10)
    assert exact.count == 53 and not exact.estimated


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_the_delivery_list_says_about_when_it_estimates(staff_client, deliveries, monkeypatch):
    from wangcang import pagination

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 10)
    html = staff_client.get(reverse("services:delivery-list")).content.decode()
    assert 'data-testid="count-estimated"' in html and "约 53 条记录" in html
    last = staff_client.get(reverse("services:delivery-list"), {"page": 3})
    newest_last = sorted(deliveries, key=lambda d: (d.delivered_on, d.pk), reverse=True)[-25:]
    assert [d.pk for d in last.context["deliveries"]] == [d.pk for d in newest_last]
