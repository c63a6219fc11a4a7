"""Schemathesis against the API's own OpenAPI document, on a real Neo4j holding real documents.

Every operation gets schema-valid and schema-invalid requests (bounded: a few examples each, the
module stays well under a minute); each response must not be a 5xx and must match what the
OpenAPI document declares for it: status code, content type (errors are
``application/problem+json``), headers and body schema. The upload runs with an API key
configured, once with the key and once without (then it must be 401 whatever the body).

A handful of documents of ``demo/corpus`` are loaded first through the real loader so that the
reads hit data; everything the module created (those documents, what uploads inserted) is removed
afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.main import create_app
from app.settings import Settings
from ingest.load import ingest_paths
from tests.integration import api_data

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DEMO = sorted((ROOT / "demo" / "corpus").glob("*.txt"))[:3]
KEY = "schemathesis-key-42"
UPLOAD_LIMIT = 64 * 1024
MAX_EXAMPLES = 12


def _document_ids(driver: Driver, database: str) -> set[str]:
    with driver.session(database=database) as s:
        return {r["id"] for r in s.run("MATCH (d:Document) RETURN d.id AS id")}


@pytest.fixture(scope="module")
def loaded(driver: Driver, settings: Settings) -> Iterator[None]:
    """Demo documents in the graph; afterwards every document the module added is removed."""
    db = settings.neo4j_database
    before = _document_ids(driver, db)
    report = ingest_paths(driver, db, DEMO)
    assert report.failed == 0 and report.total == len(DEMO), report.failures
    try:
        yield
    finally:
        api_data.remove(driver, db, _document_ids(driver, db) - before)


@pytest.fixture(scope="module")
def api_schema(settings: Settings, loaded: None) -> Iterator[Any]:
    keyed = settings.model_copy(
        update={"api_key": SecretStr(KEY), "max_upload_bytes": UPLOAD_LIMIT}
    )
    app = create_app(keyed)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=MAX_EXAMPLES,
        deterministic=True,  # the same requests every run: a failure reproduces
    )
    try:
        yield schema
    finally:
        asgi.shutdown_lifespans()  # closes the app's Neo4j driver


# the operations, from the OpenAPI document (building it needs no database): one test each
_OPENAPI = create_app(Settings(_env_file=None)).openapi()  # type: ignore[call-arg]
OPERATIONS = [(method.upper(), path) for path, ops in _OPENAPI["paths"].items() for method in ops]


def _fuzz(operation: Any, test: Callable[[Any], None], max_examples: int) -> None:
    """Run ``test`` on schema-valid and schema-invalid cases of ``operation``."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: Any) -> None:
        test(case)

    run()


# Refusals of schema-valid requests that the OpenAPI document cannot express: cross-field
# range rules, relation names (accepted in any case, so not a schema enum), and uploads whose
# bytes are not a readable document (the schema only says "binary"). Only for these is
# Schemathesis' "schema-valid data must be accepted" check waived; every other check (no 5xx,
# status declared, content type, body schema) still runs.
SEMANTIC_REFUSALS = re.compile(
    r"^(?:year_from is after year_to|due_after is after due_before|relation: unknown relation.*"
    r"|cannot (?:read|extract) the upload: .+)$",
    re.S,
)


def _conforms(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    excluded = []
    if response.status_code in (415, 422):
        detail = str(response.json().get("detail", ""))
        if SEMANTIC_REFUSALS.match(detail):
            excluded.append(positive_data_acceptance)
    case.validate_response(response, excluded_checks=excluded)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms(api_schema: Any, method: str, path: str) -> None:
    def test(case: Any) -> None:
        if method == "POST":
            case.headers = {**(case.headers or {}), "X-API-Key": KEY}
        _conforms(case)

    _fuzz(api_schema[path][method], test, MAX_EXAMPLES)


def test_upload_without_key_is_401(api_schema: Any) -> None:
    def test(case: Any) -> None:
        case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "x-api-key"}
        response = case.call()
        assert response.status_code == 401, response.text[:300]
        assert response.headers["content-type"][0].startswith("application/problem+json")
        case.validate_response(response)

    _fuzz(api_schema["/v1/documents"]["POST"], test, 6)
