"""Shared fixtures: one user per role, made through the real model."""

import pytest

from tests.orgs.factories import OrganizationFactory
from wangcang.models import User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built from the models (``--nomigrations``: replaying every
    migration cost each test process half a minute); the division rows a data migration
    gives a real database are added once here."""
    from wangcang.divisions import ensure_divisions

    with django_db_blocker.unblock():
        _postgresql_search_indexes()
        ensure_divisions()


def _postgresql_search_indexes() -> None:
    """What the migrations add beyond the models: on PostgreSQL, the search indexes and
    ``pg_trgm`` (``wangcang.searchindexes``), run from the migrations' own operations."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.db.migrations import RunPython

    if connection.vendor != "postgresql":
        return
    with connection.schema_editor() as editor:
        for app in apps.get_app_configs():
            if not str(app.path).startswith(str(settings.BASE_DIR)):
                continue
            try:
                package = importlib.import_module(f"{app.name}.migrations")
            except ModuleNotFoundError:
                continue
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
                migration = getattr(importlib.import_module(f"{package.__name__}.{info.name}"), "Migration", None)
                for operation in getattr(migration, "operations", ()):
                    if isinstance(operation, RunPython) and operation.code.__qualname__.startswith(
                        "postgresql_search_indexes."
                    ):
                        operation.code(apps, editor)


@pytest.fixture(autouse=True)
def _divisions(request):
    """A transactional test's flush removes the division rows, so tests that use the
    database get them back first (one query when they are there)."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        from wangcang.divisions import DIVISIONS, ensure_divisions
        from wangcang.models import Division

        if Division.objects.filter(code__in=[row[0] for row in DIVISIONS]).count() < len(DIVISIONS):
            ensure_divisions()


@pytest.fixture(autouse=True)
def _kept_rows_epoch():
    """Each test's database starts its figures generations again from where the last one's
    did: kept list rows of an earlier test must not be taken for this one's."""
    from wangcang.keptrows import forget_all

    forget_all()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The Wangcang demo, loaded once for the tests of a module that ask for it (each test's
    own changes are rolled back), the database emptied after the module."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", quiet_logins=True)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def make_user(db):
    def make(
        username: str, role: str = User.Role.STAFF, division: str | None = "510821", organizations=(), **extra
    ) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            division_id=division if role != User.Role.ORG else None,
            **extra,
        )
        if organizations:
            user.organizations.set(organizations)
        return user

    return make


@pytest.fixture
def staff_user(make_user) -> User:
    return make_user("staff1", User.Role.STAFF, last_name="王", first_name="干事")


@pytest.fixture
def official_user(make_user) -> User:
    return make_user("official1", User.Role.OFFICIAL)


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="旺苍县电子商务协会")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="旺苍县摄影家协会")


@pytest.fixture
def org_user(make_user, organization) -> User:
    return make_user("org1", User.Role.ORG, organizations=[organization])


@pytest.fixture
def other_org_user(make_user, other_organization) -> User:
    return make_user("org2", User.Role.ORG, organizations=[other_organization])


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def official_client(client, official_user):
    client.force_login(official_user)
    return client


@pytest.fixture
def org_client(client, org_user):
    client.force_login(org_user)
    return client


@pytest.fixture(autouse=True)
def _sms_outbox():
    """Text messages sent through the in-memory backend, emptied for each test."""
    from wangcang import sms

    sms.outbox.clear()
    yield sms.outbox
