"""Hostile strings in every parameter of every read endpoint: never a 5xx, nothing changes.

Cypher fragments, quotes, Lucene syntax, control characters and very long strings go into each
query parameter and path parameter; the graph's node and relationship counts are compared
before and after every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.main import create_app
from app.settings import Settings
from ingest.models import Task
from tests.integration import api_data

pytestmark = pytest.mark.integration

HOSTILE = [
    "' OR 1=1 //",
    "}) MATCH (n) DETACH DELETE n //",
    "'}) MATCH (n) DETACH DELETE n RETURN 1 //",
    '" OR ""="',
    "'; CALL dbms.shutdown(); //",
    "$id",
    "\\",
    "x" * 10_000,
    "".join(chr(c) for c in range(0x20)),
    "a\x00b",
    "*:*",
    "[",
    '"',
    "title:* OR search_text:[a TO z]",
    "AND OR NOT",
    "~/?&#%",
    "\u202e\ufeff😀",
    "Đề án 06) OR (",
    "-1",
    "1e309",
]

# (path, query parameter or None for the path parameter itself)
DOC = "{doc}"
AGENCY = "{agency}"
PROG = "{prog}"
CASES: list[tuple[str, str | None]] = [
    *[
        ("/v1/documents", p)
        for p in ("symbol", "year", "doc_type", "issuer", "q", "limit", "offset")
    ],
    *[
        (f"/v1/documents/{DOC}/{end}", p)
        for end in ("citations", "cited-by")
        for p in ("doc_type", "relation", "issuer", "year_from", "year_to", "limit", "offset")
    ],
    *[(f"/v1/documents/{DOC}/chain", p) for p in ("direction", "depth", "limit", "fanout")],
    *[("/v1/agencies", p) for p in ("q", "limit", "offset")],
    *[(f"/v1/agencies/{AGENCY}/tasks", p) for p in ("role", "due_before", "due_after", "limit")],
    ("/v1/programmes", "q"),
    (f"/v1/programmes/{PROG}/documents", "limit"),
    ("/v1/persons", "q"),
    *[("/v1/search", p) for p in ("q", "limit", "offset")],
    ("/v1/stats", "top"),
    ("/v1/documents/{h}", None),
    ("/v1/documents/{h}/cited-by", None),
    ("/v1/documents/{h}/citations", None),
    ("/v1/documents/{h}/chain", None),
    ("/v1/agencies/{h}/tasks", None),
    ("/v1/programmes/{h}/documents", None),
]


@pytest.fixture(scope="module")
def targets(driver: Driver, settings: Settings) -> Iterator[dict[str, str]]:
    ex = api_data.doc(
        "9401/CT-TTg",
        "2024-02-02",
        "Chỉ thị",
        "Thủ tướng Chính phủ",
        "Chỉ thị thử nghiệm chuỗi độc hại",
        [api_data.cite("9190/2019/QH14", "CITES", 2019)],
        tasks=[Task(text="Tổ Zeta chủ trì.", lead=[api_data.LEAD], deadline="2025", span=(0, 3))],
        programmes=[api_data.PROGRAMME],
    )
    doc_id = api_data.write(driver, settings.neo4j_database, ex)
    try:
        with driver.session(database=settings.neo4j_database) as s:
            agency = s.run(
                "MATCH (:Document {id: $id})-[:ASSIGNS]->()-[:LED_BY]->(a) RETURN a.id AS id",
                id=doc_id,
            ).single(strict=True)["id"]
            prog = s.run(
                "MATCH (:Document {id: $id})-->(g:Programme) RETURN g.id AS id", id=doc_id
            ).single(strict=True)["id"]
        yield {"doc": doc_id, "agency": agency, "prog": prog}
    finally:
        api_data.remove(driver, settings.neo4j_database, [doc_id])


@pytest.fixture(scope="module")
def client(settings: Settings, targets: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def _counts(driver: Driver, settings: Settings) -> tuple[int, int]:
    return api_data.graph_counts(driver, settings.neo4j_database)


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: repr(h[:20]))
@pytest.mark.parametrize(("path", "param"), CASES, ids=lambda x: str(x))
def test_hostile_parameter_does_no_harm(
    client: TestClient,
    driver: Driver,
    settings: Settings,
    targets: dict[str, str],
    path: str,
    param: str | None,
    hostile: str,
) -> None:
    before = _counts(driver, settings)
    url = path.format(h=quote(hostile, safe=""), **targets)
    resp = client.get(url, params={param: hostile} if param else None)
    assert resp.status_code < 500, (resp.status_code, resp.text[:300])
    if resp.status_code >= 400:
        assert resp.headers["content-type"].startswith("application/problem+json")
    assert _counts(driver, settings) == before
