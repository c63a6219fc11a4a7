"""The bulk path (``ingest.bulk``) against the live loader, on a generated corpus.

The bulk path replaces a whole database, so these tests run their own throwaway Neo4j (own
folder, free ports), stopped and deleted at the end; the session's shared instance is not used.
One live load is dumped (every node with its labels and properties, every relationship with its
type, endpoints and properties) and compared with the dumps of bulk loads of the same files.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from neo4j import Driver

from app.connection import connect
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings
from graph_schema import migrate
from ingest import bulk
from ingest.generate import generate_corpus, iter_ground_truth
from ingest.load import _not_after, ingest_paths

pytestmark = pytest.mark.integration

DOCS = 150  # three extraction chunks of 64


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def bulk_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home = tmp_path_factory.mktemp("bulk-neo4j")
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        neo4j_uri=None,
        neo4j_runtime="local",
        neo4j_instance="bulktest",
        neo4j_home=home,
        neo4j_bolt_port=_free_port(),
        neo4j_http_port=_free_port(),
        neo4j_heap="512m",
        neo4j_pagecache="256m",
    )


@pytest.fixture(scope="module")
def bulk_server(bulk_settings: Settings) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(bulk_settings)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(bulk_settings.instance_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A generated corpus, files in the generator's (chronological) order."""
    out = tmp_path_factory.mktemp("bulk-corpus")
    generate_corpus(out, docs=DOCS, seed=7, workers=1)
    return [str(out / r["path"]) for r in iter_ground_truth(out)]


Dump = tuple[list[str], list[str]]


def dump(driver: Driver, database: str) -> Dump:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:SchemaMigration RETURN labels(n) AS l, properties(n) AS p",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p",
        database_=database,
    )
    n = sorted(json.dumps([sorted(r["l"]), r["p"]], sort_keys=True) for r in nodes)
    e = sorted(json.dumps([r["a"], r["t"], r["b"], r["p"]], sort_keys=True) for r in rels)
    return n, e


@pytest.fixture(scope="module")
def live_dump(bulk_server: LocalNeo4j, bulk_settings: Settings, corpus_files: list[str]) -> Dump:
    db = bulk_settings.neo4j_database
    with connect(bulk_settings) as driver:
        migrate.apply(driver, db)
        report = ingest_paths(driver, db, corpus_files, workers=2)
        assert report.failed == 0 and report.inserted == DOCS - report.updated
        return dump(driver, db)


def _bulk_dump(settings: Settings) -> Dump:
    with connect(settings) as driver:
        return dump(driver, settings.neo4j_database)


def test_refuses_a_database_that_holds_documents(
    live_dump: Dump, bulk_settings: Settings, corpus_files: list[str], tmp_path: Path
) -> None:
    with pytest.raises(bulk.BulkError, match="already holds"):
        bulk.bulk_load(corpus_files, settings=bulk_settings, state_dir=tmp_path / "s")
    assert not (tmp_path / "s").exists()  # refused before any work


def test_refuses_an_external_server(bulk_settings: Settings, tmp_path: Path) -> None:
    external = bulk_settings.model_copy(update={"neo4j_uri": "bolt://example.invalid:7687"})
    with pytest.raises(bulk.BulkError, match="VANBAN_NEO4J_URI"):
        bulk.bulk_load(["x.txt"], settings=external, state_dir=tmp_path / "s")


def _journal(state: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in (state / "journal.jsonl").read_bytes().splitlines()]


def test_interrupted_bulk_load_resumes_to_the_live_loaders_graph(
    live_dump: Dump, bulk_settings: Settings, corpus_files: list[str], tmp_path: Path
) -> None:
    """Sequential resolution: exactly the graph of the live loader on the same files. The first
    run is interrupted after one extracted chunk; the rerun extracts only the other chunks."""
    state = tmp_path / "state"
    with pytest.raises(bulk.BulkInterrupted):
        bulk.bulk_load(corpus_files, settings=bulk_settings, state_dir=state, workers=2,
                       overwrite=True, resolve="sequential", stop_after_chunks=1)
    first = _journal(state)
    assert len(first) == 1
    report = bulk.bulk_load(corpus_files, settings=bulk_settings, state_dir=state, workers=2,
                            overwrite=True, resolve="sequential")
    journal = _journal(state)
    chunks = [e["chunk"] for e in journal]
    assert sorted(chunks) == [0, 1, 2]  # every chunk journaled once: none extracted twice
    assert report.chunks_now == 2
    assert report.extracted_now == DOCS - first[0]["docs"] - len(first[0]["failures"])
    assert report.documents == DOCS and report.failed == 0

    # the same CSV as an uninterrupted run of the same inputs
    clean = tmp_path / "clean"
    bulk.bulk_load(corpus_files, settings=bulk_settings, state_dir=clean, workers=1,
                   resolve="sequential", skip_import=True)
    for f in sorted((clean / "csv").glob("*.csv")):
        assert f.read_bytes() == (state / "csv" / f.name).read_bytes(), f.name

    nodes, rels = _bulk_dump(bulk_settings)
    assert report.verified["documents"] == sum('"Document"' in n for n in nodes)
    assert nodes == live_dump[0]
    assert rels == live_dump[1]


def test_corpus_resolution_matches_the_live_loader_but_sees_the_whole_corpus(
    live_dump: Dump, bulk_settings: Settings, corpus_files: list[str], tmp_path: Path
) -> None:
    """Whole-corpus resolution: the live loader's graph, except year-less citations that a
    document loaded *later* decides (e.g. it cites ``06/QĐ-TTg`` of 2022 with its year, so the
    earlier ``06/QĐ-TTg`` of a 2022 document has one candidate). Every such edge follows the
    rule against the whole bulk graph, and the ambiguous placeholders are the only other nodes
    that may differ."""
    report = bulk.bulk_load(corpus_files, settings=bulk_settings, state_dir=tmp_path / "s",
                            workers=2, overwrite=True, resolve="corpus")
    assert report.documents == DOCS
    nodes, rels = _bulk_dump(bulk_settings)

    def props_by_id(dumped: list[str]) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for _, p in (json.loads(n) for n in dumped)}

    def edges(dumped: list[str]) -> dict[str, str]:
        out = {}
        for e in dumped:
            a, t, b, p = json.loads(e)
            out[json.dumps([a, t, p], sort_keys=True)] = b
        return out

    bulk_nodes, live_nodes = props_by_id(nodes), props_by_id(live_dump[0])
    bulk_edges, live_edges = edges(rels), edges(live_dump[1])
    assert bulk_edges.keys() == live_edges.keys()
    changed = [k for k in live_edges if live_edges[k] != bulk_edges[k]]
    assert len(changed) < len(live_edges) // 20  # a few year-less citations, not the graph
    for k in changed:
        _, _, evidence = json.loads(k)
        citing = bulk_nodes[evidence["source_id"]]
        old, new = live_edges[k], bulk_edges[k]
        key = (bulk_nodes.get(new) or live_nodes[old])["symbol_key"]
        candidates = sorted(
            i for i, p in bulk_nodes.items()
            if p.get("symbol_key") == key and not p.get("ambiguous") and i != citing["id"]
            and _not_after(p.get("issued_date"), p.get("year"), citing.get("issued_date"))
        )
        if len(candidates) == 1:
            assert new == candidates[0], k
        else:
            assert new.endswith("-y-unknown") and bulk_nodes[new]["ambiguous"], k
            assert set(candidates) <= set(bulk_nodes[new]["candidates"]), k

    def plain(by_id: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {i: p for i, p in by_id.items() if not p.get("ambiguous")}

    assert plain(bulk_nodes) == plain(live_nodes)
    assert sorted(n for n in nodes if '"ambiguous": true' not in n) == sorted(
        n for n in live_dump[0] if '"ambiguous": true' not in n
    )  # labels too
