"""Schemathesis over the OpenAPI schema the service publishes: every operation, as an editor and
as an anonymous client, with requests that match the schema and requests that do not.

What must hold, for every generated request (schemathesis' checks):

- no server error (5xx);
- the answer's status code, content type, headers and body are the ones the schema documents;
- a request that matches the schema is accepted: answered 2xx, or refused only for what a schema
  cannot state (``accepted_unless_semantic``): a 400 whose code says the request names something
  that does not exist or combines parameters that do not go together, a 404 for an id that names
  no row, a 409 for a state change the resource's state forbids, 401/403 for the account;
- a request that does not match the schema is refused with a 4xx.

The run is deterministic (a fixed seed, derandomised examples) and bounded (``MAX_EXAMPLES`` per
operation and mode), so it fits in CI; set ``SCHEMA_FUZZ_EXAMPLES`` for a longer run by hand.
It calls the WSGI application in-process, on the test database, with the reference world of the
API tests loaded so that ids and slugs resolve to real rows.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from conflict.api.params import SEMANTIC_CODES
from conflict.wsgi import application

MAX_EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "12"))

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261207,
        # A 400 is acceptable for a schema-valid request only with a semantic code: the built-in
        # check accepts it here and ``accepted_unless_semantic`` below looks at the code.
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]}
        },
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "with-security-parameters": False,
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@schemathesis.check
def accepted_unless_semantic(ctx, response, case) -> bool | None:
    """A schema-valid request refused with 400 must say why with a semantic code."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    code = response.json()["error"]["code"]
    if code not in SEMANTIC_CODES:
        raise AssertionError(f"A request matching the schema was refused as {code!r}: {response.text[:300]}")
    return True


pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection at the end of each request, as a server
    should; in a test that would close the connection holding the test's transaction (Django's
    test client disconnects the same signal handlers for the same reason)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(world, editor) -> str:
    return editor.token


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_it_answers_as_the_schema_says_to_an_editor(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"})


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_it_answers_as_the_schema_says_to_an_anonymous_client(case, world):
    case.call_and_validate()
