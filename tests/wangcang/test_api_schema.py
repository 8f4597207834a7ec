"""The API keeps its published schema: schemathesis generates requests for every operation
from ``/api/v1/schema/`` and runs them in-process (WSGI) as a staff user and as an
organization user. No answer may be a server error, and every answer must match the
schema (status code, content type, body). Examples per operation are few, so the run stays
within about two minutes."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from tests.services.factories import ContractFactory
from tests.services.funds.factories import FundFactory, FundTransactionFactory
from wangcang.models import ApiToken, User

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 3


def published_schema() -> dict:
    """The schema exactly as ``GET /api/v1/schema/?format=json`` serves it."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))


schema = schemathesis.openapi.from_dict(published_schema())
schema.app = WSGIHandler()
# The coverage phase sends every boundary value of every field (hundreds of requests per
# operation); a few generated examples, valid and invalid, keep the run short.
schema.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture
def wsgi_requests_keep_the_test_transaction():
    """Requests run in this thread on the test's connection; Django's end-of-request
    clean-up would close it (as the test client also avoids)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["staff", "org"])
def caller_token(request, make_user, wsgi_requests_keep_the_test_transaction) -> str:
    organization = OrganizationFactory()
    branch = UnionBranchFactory(organization=organization)
    MemberFactory(branch=branch, organization=organization)
    ContractFactory(provider=organization)
    staff = make_user("schema-staff", User.Role.STAFF)
    FundTransactionFactory(fund=FundFactory(), recorded_by=staff)
    org_user = make_user("schema-org", User.Role.ORG, organizations=[organization])
    user = staff if request.param == "staff" else org_user
    _token, key = ApiToken.objects.create(user=user, name="schemathesis")
    return key


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_the_schema(case, caller_token):
    case.call_and_validate(headers={"Authorization": f"Token {caller_token}"}, checks=CHECKS)
