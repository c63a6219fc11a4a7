"""API v1 against a real Neo4j: lookups, citations both ways, chains, tasks, search, stats.

The data is written through the real loader (see ``api_data``) and removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.api_models import Chain, CitationItem, Page
from app.main import create_app
from app.settings import Settings
from tests.integration import api_data

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def graph(driver: Driver, settings: Settings) -> Iterator[dict[str, str]]:
    """Load the test corpus; ``{symbol@year: id}``; everything removed at the end."""
    ids: dict[str, str] = {}
    try:
        for ex in api_data.corpus():
            year = (ex.document.issued_date or "")[:4]
            key = f"{ex.document.symbol}@{year}"
            ids[key] = api_data.write(driver, settings.neo4j_database, ex)
        yield ids
    finally:
        api_data.remove(driver, settings.neo4j_database, ids.values())


@pytest.fixture(scope="module")
def client(settings: Settings, graph: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def ids_of(items: list[dict[str, Any]]) -> set[str]:
    return {i.get("document", i)["id"] for i in items}


# ---------------------------------------------------------------------------- symbols ---
@pytest.mark.parametrize(
    "typed",
    [
        "918-NQ/TW",
        "918 NQ/TW",
        "nq 918-nq/tw",
        "918/NQ-TW",
        "918-nq/tw",
        "  918 - NQ / TW ",
        "Số: 918-NQ/TW",
    ],
)
def test_symbol_lookup_accepts_typed_forms(
    client: TestClient, graph: dict[str, str], typed: str
) -> None:
    body = client.get("/v1/documents", params={"symbol": typed}).json()
    assert body["total"] == 2
    assert ids_of(body["items"]) == {graph["918-NQ/TW@2017"], graph["918-NQ/TW@2022"]}
    item = body["items"][0]
    for key in ("id", "symbol", "year", "issued_date", "doc_type", "issuer", "title", "ingested"):
        assert key in item
    assert item["symbol"] == "918-NQ/TW" and item["ingested"] is True
    assert item["year"] == 2022, "newest first"


def test_year_disambiguates_a_recurring_symbol(client: TestClient, graph: dict[str, str]) -> None:
    for year in (2017, 2022):
        body = client.get("/v1/documents", params={"symbol": "918 NQ/TW", "year": year}).json()
        assert [i["id"] for i in body["items"]] == [graph[f"918-NQ/TW@{year}"]]
        assert body["items"][0]["issued_date"].startswith(str(year))


def test_d_for_dj_in_typed_symbols(client: TestClient, graph: dict[str, str]) -> None:
    body = client.get("/v1/documents", params={"symbol": "9181/qd-ttg"}).json()
    assert [i["id"] for i in body["items"]] == [graph["9181/QĐ-TTg@2018"]]


def test_same_symbol_two_years_have_their_own_cited_by(
    client: TestClient, graph: dict[str, str]
) -> None:
    old = client.get(f"/v1/documents/{graph['918-NQ/TW@2017']}/cited-by").json()
    new = client.get(f"/v1/documents/{graph['918-NQ/TW@2022']}/cited-by").json()
    assert ids_of(old["items"]) == {graph["9181/QĐ-TTg@2018"]}
    assert ids_of(new["items"]) == {graph["9182/CT-TTg@2023"], graph["9183/KH-BNV@2023"]}
    assert old["total"] == 1 and new["total"] == 2
    implements = old["items"][0]
    assert implements["relation"] == "IMPLEMENTS"
    assert "Chương trình hành động" in implements["sentence"]


def test_cited_by_filters(client: TestClient, graph: dict[str, str]) -> None:
    url = f"/v1/documents/{graph['918-NQ/TW@2022']}/cited-by"
    plan = {graph["9183/KH-BNV@2023"]}
    assert ids_of(client.get(url, params={"relation": "implements"}).json()["items"]) == plan
    assert ids_of(client.get(url, params={"doc_type": "Kế hoạch"}).json()["items"]) == plan
    assert ids_of(client.get(url, params={"doc_type": "Plan"}).json()["items"]) == plan
    assert ids_of(client.get(url, params={"doc_type": "kh"}).json()["items"]) == plan
    assert ids_of(client.get(url, params={"issuer": "bộ nội vụ"}).json()["items"]) == plan
    assert ids_of(client.get(url, params={"issuer": "BNV"}).json()["items"]) == plan
    assert client.get(url, params={"year_from": 2024}).json() == {"items": [], "total": 0}
    both = client.get(url, params={"year_from": 2023, "year_to": 2023}).json()
    assert both["total"] == 2
    page = client.get(url, params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert client.get(url, params={"relation": "LIKES"}).status_code == 422


def test_citations_outgoing(client: TestClient, graph: dict[str, str]) -> None:
    body = client.get(f"/v1/documents/{graph['9183/KH-BNV@2023']}/citations").json()
    by_rel = {i["relation"]: i["document"]["id"] for i in body["items"]}
    assert by_rel == {"IMPLEMENTS": graph["918-NQ/TW@2022"], "BASED_ON": graph["9182/CT-TTg@2023"]}
    only = client.get(
        f"/v1/documents/{graph['9183/KH-BNV@2023']}/citations", params={"relation": "BASED_ON"}
    ).json()
    assert ids_of(only["items"]) == {graph["9182/CT-TTg@2023"]}


def test_document_detail_and_404(client: TestClient, graph: dict[str, str]) -> None:
    d = client.get(f"/v1/documents/{graph['9182/CT-TTg@2023']}").json()
    assert d["symbol"] == "9182/CT-TTg" and d["doc_type"] == "Chỉ thị" and d["tasks"] == 3
    assert d["citations"] == 1 and d["cited_by"] == 1 and d["type_label"] == "Directive"
    assert any(p["name"] == api_data.PROGRAMME for p in d["programmes"])
    assert d["signers"] and d["signers"][0]["position"] == "Phó Thủ tướng"
    for path in ("", "/citations", "/cited-by", "/chain"):
        resp = client.get(f"/v1/documents/no-such-doc-zeta{path}")
        assert resp.status_code == 404, path
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert "no-such-doc-zeta" in resp.json()["detail"]


def test_list_filters(client: TestClient, graph: dict[str, str]) -> None:
    body = client.get(
        "/v1/documents",
        params={"doc_type": "Thông tư", "issuer": "Bộ Tài chính", "year": 2021, "limit": 500},
    ).json()
    mine = {v for k, v in graph.items() if k.startswith("93")}
    assert mine <= ids_of(body["items"])
    assert all(i["doc_type"] == "Thông tư" and i["year"] == 2021 for i in body["items"])
    page = client.get("/v1/documents", params={"symbol": "9190/2019/QH14"}).json()
    assert [i["id"] for i in page["items"]] == [graph["9190/2019/QH14@2019"]]
    text = client.get("/v1/documents", params={"q": "zetaword"}).json()
    assert ids_of(text["items"]) == {graph["918-NQ/TW@2017"]}
    assert client.get("/v1/documents", params={"limit": 501}).status_code == 422
    assert client.get("/v1/documents", params={"q": "x" * 201}).status_code == 422


# ------------------------------------------------------------------------------ chain ---
def test_chain_depth(client: TestClient, graph: dict[str, str]) -> None:
    hub = graph["9190/2019/QH14@2019"]
    one = client.get(f"/v1/documents/{hub}/chain", params={"direction": "in", "depth": 1}).json()
    assert len(one["nodes"]) == 9 and len(one["edges"]) == 8 and one["truncated"] is False
    assert {e["relation"] for e in one["edges"]} == {"GUIDES"}
    assert all(e["target"] == hub for e in one["edges"])
    two = client.get(f"/v1/documents/{hub}/chain", params={"direction": "in", "depth": 2}).json()
    assert len(two["nodes"]) == 17 and two["truncated"] is False
    assert {n["depth"] for n in two["nodes"]} == {0, 1, 2}
    out = client.get(
        f"/v1/documents/{graph['9300/2021/TT-BTC@2021']}/chain",
        params={"direction": "out", "depth": 5},
    ).json()
    assert [n["id"] for n in out["nodes"]] == [
        graph["9300/2021/TT-BTC@2021"],
        graph["9200/QĐ-TTg@2020"],
        hub,
    ]


def test_chain_caps_set_truncated(client: TestClient, graph: dict[str, str]) -> None:
    hub = graph["9190/2019/QH14@2019"]
    fan = client.get(
        f"/v1/documents/{hub}/chain", params={"direction": "in", "depth": 2, "fanout": 3}
    ).json()
    assert fan["truncated"] is True
    assert len(fan["nodes"]) == 1 + 3 + 3  # 3 decisions, each with its one circular
    lim = client.get(
        f"/v1/documents/{hub}/chain", params={"direction": "in", "depth": 3, "limit": 5}
    ).json()
    assert lim["truncated"] is True and len(lim["nodes"]) == 5
    node_ids = {n["id"] for n in lim["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in lim["edges"])
    assert all(e["sentence"] for e in lim["edges"]), "edges between kept nodes keep their sentence"
    for bad in ({"depth": 0}, {"depth": 6}, {"limit": 501}, {"direction": "up"}):
        assert client.get(f"/v1/documents/{hub}/chain", params=bad).status_code == 422


def test_pre_serialised_answers_are_what_their_models_say(
    client: TestClient, graph: dict[str, str]
) -> None:
    """citations, cited-by and chain answer with a body serialised straight from the query
    rows (FastAPI does not validate it into the response model): every field the model
    declares must be there with its declared type, and nothing else."""
    hub = graph["9190/2019/QH14@2019"]
    cases: list[tuple[str, dict[str, Any], Any]] = [
        (f"{graph['918-NQ/TW@2022']}/cited-by", {}, Page[CitationItem]),
        (f"{graph['918-NQ/TW@2017']}/cited-by", {"relation": "implements"}, Page[CitationItem]),
        (f"{hub}/cited-by", {"limit": 3, "offset": 2}, Page[CitationItem]),
        (f"{graph['9183/KH-BNV@2023']}/citations", {}, Page[CitationItem]),
        (f"{hub}/citations", {}, Page[CitationItem]),
        (f"{hub}/chain", {"direction": "in", "depth": 3}, Chain),
        (f"{hub}/chain", {"direction": "in", "depth": 3, "limit": 5}, Chain),
        (f"{graph['9300/2021/TT-BTC@2021']}/chain", {"direction": "out", "depth": 5}, Chain),
    ]
    for path, params, model in cases:
        resp = client.get(f"/v1/documents/{path}", params=params)
        assert resp.status_code == 200, (path, params)
        assert resp.headers["content-type"] == "application/json"
        body = resp.json()
        checked = model.model_validate_json(resp.content, strict=True)
        assert checked.model_dump(mode="json") == body, (path, params)


# ------------------------------------------------------------------------------ tasks ---
def _agency_id(client: TestClient, name: str) -> str:
    items = client.get("/v1/agencies", params={"q": name}).json()["items"]
    matches = [a["id"] for a in items if a["name"] == name]
    assert len(matches) == 1, items
    return matches[0]


def test_agency_tasks_by_role_and_due_dates(client: TestClient, graph: dict[str, str]) -> None:
    zeta = _agency_id(client, api_data.LEAD)
    url = f"/v1/agencies/{zeta}/tasks"
    every = client.get(url).json()
    assert every["total"] == 3
    assert all(t["document"]["id"] == graph["9182/CT-TTg@2023"] for t in every["items"])
    lead = client.get(url, params={"role": "lead"}).json()
    assert {t["role"] for t in lead["items"]} == {"lead"} and lead["total"] == 2
    support = client.get(url, params={"role": "support"}).json()
    assert support["total"] == 1 and support["items"][0]["deadline"] == "2026-Q1"
    before = client.get(url, params={"due_before": "2025-12-31"}).json()
    assert [t["deadline"] for t in before["items"]] == ["2025-09-30"]
    after = client.get(url, params={"due_after": "2026-01-01"}).json()
    assert [t["deadline"] for t in after["items"]] == ["2026-Q1"]
    inside = client.get(url, params={"due_after": "2025-01-01", "due_before": "2026-03-31"}).json()
    assert inside["total"] == 2
    assert "Tổ Zeta" in lead["items"][0]["text"]
    assert client.get(url, params={"role": "boss"}).status_code == 422
    assert client.get(url, params={"due_before": "not-a-date"}).status_code == 422
    assert client.get("/v1/agencies/no-such-agency-zeta/tasks").status_code == 404


def test_agencies_persons_programmes(client: TestClient, graph: dict[str, str]) -> None:
    folded = client.get("/v1/agencies", params={"q": "to cong tac thu nghiem zeta"}).json()
    assert api_data.LEAD in {a["name"] for a in folded["items"]}
    persons = client.get("/v1/persons", params={"q": "tran thunghiem zeta"}).json()
    assert [p["name"] for p in persons["items"]] == ["Trần Thửnghiệm Zeta"]
    assert persons["items"][0]["documents"] == 1
    progs = client.get("/v1/programmes", params={"q": "de an 06 thi diem zeta"}).json()
    assert [p["name"] for p in progs["items"]] == [api_data.PROGRAMME]
    docs = client.get(f"/v1/programmes/{progs['items'][0]['id']}/documents").json()
    assert ids_of(docs["items"]) == {graph["9182/CT-TTg@2023"]}
    assert client.get("/v1/programmes/no-such-programme-zeta/documents").status_code == 404


# ------------------------------------------------------------------------ search/stats ---
@pytest.mark.parametrize(
    "q",
    [
        "de an 06 thi diem zeta",
        "ĐỀ ÁN 06 THÍ ĐIỂM ZETA",
        "Đề án 06 thí điểm Zeta",
        "đe an 06 thi điem zeta",
    ],
)
def test_search_ignores_case_and_diacritics(
    client: TestClient, graph: dict[str, str], q: str
) -> None:
    body = client.get("/v1/search", params={"q": q, "limit": 500}).json()
    assert graph["9182/CT-TTg@2023"] in ids_of(body["items"])
    assert body["items"][0]["document"]["id"] == graph["9182/CT-TTg@2023"]
    assert body["items"][0]["score"] > 0


def test_search_requires_every_word(client: TestClient, graph: dict[str, str]) -> None:
    body = client.get("/v1/search", params={"q": "zetaword tinh gọn"}).json()
    assert ids_of(body["items"]) == {graph["918-NQ/TW@2017"]}
    assert client.get("/v1/search", params={"q": "zetaword đất đai"}).json()["total"] == 0


def test_stats(client: TestClient, graph: dict[str, str]) -> None:
    body = client.get("/v1/stats", params={"top": 100}).json()
    hub = [m for m in body["most_cited"] if m["document"]["id"] == graph["9190/2019/QH14@2019"]]
    assert hub and hub[0]["cited_by"] == 8
    by_type = {c["key"]: c["count"] for c in body["by_type"]}
    by_year = {c["key"]: c["count"] for c in body["by_year"]}
    assert by_type.get("Thông tư", 0) >= 8 and by_year.get(2021, 0) >= 8
    assert body["documents"] >= len(graph) and body["relations"] >= 20
    assert body["documents"] == body["ingested"] + body["placeholders"]
