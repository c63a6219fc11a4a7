"""The bulk path (``ingest.bulk``, ``ingest.bulk_live``) against the live loader, on a generated
corpus.

The bulk path replaces a whole database, so these tests run their own throwaway Neo4j (own
folder, free ports), stopped and deleted at the end; the session's shared instance is not used.
One live load is dumped (every node with its labels and properties, every relationship with its
type, endpoints and properties) and compared with the dumps of bulk loads of the same files:
through ``neo4j-admin database import`` and through the concurrent live writers, uninterrupted,
interrupted and resumed, and into a database that already holds part of the corpus. The load
times (``ingested_at``, ``updated_at``) differ between two loads: dumps leave them out after
checking that every ingested document has both and no placeholder has any.
"""

from __future__ import annotations

import csv
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
from bench.graph import graph_rows
from graph_schema import migrate
from ingest import bulk
from ingest.generate import generate_corpus, iter_ground_truth
from ingest.load import _not_after, ingest_paths

pytestmark = pytest.mark.integration

DOCS = 150  # three extraction chunks of 64
TIMESTAMPS = ("ingested_at", "updated_at")


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


@pytest.fixture(scope="module")
def extracted(
    bulk_settings: Settings, corpus_files: list[str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A bulk state whose extraction (stage 1) is done: tests copy it instead of extracting
    the corpus again (the extraction is the same whatever the writing)."""
    state = tmp_path_factory.mktemp("bulk-extracted") / "state"
    bulk.bulk_load(
        corpus_files, settings=bulk_settings, state_dir=state, workers=2, skip_import=True
    )
    return state


def _state(extracted: Path, tmp_path: Path) -> Path:
    state = tmp_path / "state"
    shutil.copytree(extracted, state)
    return state


Dump = tuple[list[str], list[str]]


def dump(driver: Driver, database: str) -> Dump:
    """The graph without the load times, after checking that every ingested document has both
    (UTC ISO strings, ``ingested_at <= updated_at``) and no placeholder has any."""
    nodes, rels = graph_rows(driver, database)
    out = []
    for r in nodes:
        props = dict(r["props"])
        stamps = [props.pop(k, None) for k in TIMESTAMPS]
        if "Document" in r["labels"] and props.get("ingested"):
            assert all(isinstance(s, str) and s.endswith("Z") for s in stamps), props["id"]
            assert stamps[0] <= stamps[1], props["id"]
        else:
            assert stamps == [None, None], props.get("id")
        out.append(json.dumps([sorted(r["labels"]), props], sort_keys=True))
    e = sorted(json.dumps([r["a"], r["type"], r["b"], r["props"]], sort_keys=True) for r in rels)
    return sorted(out), e


def _diff(got: Dump, want: Dump) -> tuple[list[str], list[str]]:
    """What only ``got`` has and what only ``want`` has (readable failures)."""
    a, b = set(got[0] + got[1]), set(want[0] + want[1])
    return sorted(a - b)[:3], sorted(b - a)[:3]


def _wipe(settings: Settings) -> None:
    """Every node but the schema bookkeeping (the migrations stay applied)."""
    with connect(settings) as driver, driver.session(database=settings.neo4j_database) as s:
        s.run(
            "MATCH (n) WHERE NOT n:SchemaMigration "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS"
        ).consume()


def _timestamps(settings: Settings) -> dict[str, tuple[str, str]]:
    with connect(settings) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (d:Document) WHERE d.ingested RETURN d.id AS id, d.ingested_at AS i, "
            "d.updated_at AS u",
            database_=settings.neo4j_database,
        )
    return {r["id"]: (r["i"], r["u"]) for r in records}


@pytest.fixture(scope="module")
def live_dump(bulk_server: LocalNeo4j, bulk_settings: Settings, corpus_files: list[str]) -> Dump:
    db = bulk_settings.neo4j_database
    with connect(bulk_settings) as driver:
        migrate.apply(driver, db)
        _wipe(bulk_settings)
        report = ingest_paths(driver, db, corpus_files, workers=2)
        assert report.failed == 0 and report.inserted == DOCS - report.updated
        return dump(driver, db)


def _bulk_dump(settings: Settings) -> Dump:
    with connect(settings) as driver:
        return dump(driver, settings.neo4j_database)


@pytest.fixture(scope="module")
def import_corpus_dump(
    live_dump: Dump,
    bulk_settings: Settings,
    corpus_files: list[str],
    extracted: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Dump:
    """The import with whole-corpus resolution (replacing the database)."""
    state = _state(extracted, tmp_path_factory.mktemp("bulk-import-corpus"))
    report = bulk.bulk_load(
        corpus_files,
        settings=bulk_settings,
        state_dir=state,
        workers=2,
        overwrite=True,
        resolve="corpus",
    )
    assert report.mode == "import" and report.documents == DOCS
    return _bulk_dump(bulk_settings)


# ------------------------------------------------------------------------ choosing a mode ---
def test_import_mode_refuses_a_database_that_holds_documents(
    live_dump: Dump, bulk_settings: Settings, corpus_files: list[str], tmp_path: Path
) -> None:
    with pytest.raises(bulk.BulkError, match="already holds"):
        bulk.bulk_load(
            corpus_files, settings=bulk_settings, state_dir=tmp_path / "s", mode="import"
        )
    assert not (tmp_path / "s").exists()  # refused before any work
    mode, reason = bulk.choose_mode(bulk_settings, "auto", overwrite=False)
    assert mode == "live" and "already holds" in reason
    assert bulk.choose_mode(bulk_settings, "auto", overwrite=True)[0] == "import"


def test_import_mode_refuses_an_external_server_which_auto_writes_live(
    bulk_settings: Settings, tmp_path: Path
) -> None:
    external = bulk_settings.model_copy(update={"neo4j_uri": "bolt://example.invalid:7687"})
    with pytest.raises(bulk.BulkError, match="VANBAN_NEO4J_URI"):
        bulk.bulk_load(["x.txt"], settings=external, state_dir=tmp_path / "s", mode="import")
    mode, reason = bulk.choose_mode(external, "auto", overwrite=False)
    assert mode == "live" and "VANBAN_NEO4J_URI" in reason
    with pytest.raises(bulk.BulkError, match="VANBAN_NEO4J_URI"):
        bulk.choose_mode(external, "auto", overwrite=True)  # --overwrite means an import
    with pytest.raises(bulk.BulkError, match="--mode import"):
        bulk.choose_mode(external, "live", overwrite=True)


# ----------------------------------------------------------------------- neo4j-admin import ---
def _journal(state: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in (state / "journal.jsonl").read_bytes().splitlines()]


def _csv_rows_without_timestamps(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    drop = {i for i, col in enumerate(header) if col.split(":")[0] in TIMESTAMPS}
    assert len(drop) == 2, header
    assert all(row[i] for row in rows[1:] for i in drop)  # every document has both
    return [[c for i, c in enumerate(row) if i not in drop] for row in rows]


def test_interrupted_bulk_load_resumes_to_the_live_loaders_graph(
    live_dump: Dump, bulk_settings: Settings, corpus_files: list[str], tmp_path: Path
) -> None:
    """Sequential resolution: exactly the graph of the live loader on the same files. The first
    run is interrupted after one extracted chunk; the rerun extracts only the other chunks."""
    state = tmp_path / "state"
    with pytest.raises(bulk.BulkInterrupted):
        bulk.bulk_load(
            corpus_files,
            settings=bulk_settings,
            state_dir=state,
            workers=2,
            overwrite=True,
            resolve="sequential",
            stop_after_chunks=1,
        )
    first = _journal(state)
    assert len(first) == 1
    report = bulk.bulk_load(
        corpus_files,
        settings=bulk_settings,
        state_dir=state,
        workers=2,
        overwrite=True,
        resolve="sequential",
    )
    assert report.mode == "import"
    journal = _journal(state)
    chunks = [e["chunk"] for e in journal]
    assert sorted(chunks) == [0, 1, 2]  # every chunk journaled once: none extracted twice
    assert report.chunks_now == 2
    assert report.extracted_now == DOCS - first[0]["docs"] - len(first[0]["failures"])
    assert report.documents == DOCS and report.failed == 0

    # the same CSV as an uninterrupted run of the same inputs (but the load time)
    clean = tmp_path / "clean"
    bulk.bulk_load(
        corpus_files,
        settings=bulk_settings,
        state_dir=clean,
        workers=1,
        resolve="sequential",
        skip_import=True,
    )
    for f in sorted((clean / "csv").glob("*.csv")):
        if f.name == "documents.csv":
            got = _csv_rows_without_timestamps(state / "csv" / f.name)
            assert got == _csv_rows_without_timestamps(f)
        else:
            assert f.read_bytes() == (state / "csv" / f.name).read_bytes(), f.name

    nodes, rels = _bulk_dump(bulk_settings)
    assert report.verified["documents"] == sum('"Document"' in n for n in nodes)
    assert nodes == live_dump[0]
    assert rels == live_dump[1]


def test_corpus_resolution_matches_the_live_loader_but_sees_the_whole_corpus(
    live_dump: Dump, import_corpus_dump: Dump
) -> None:
    """Whole-corpus resolution: the live loader's graph, except year-less citations that a
    document loaded *later* decides (e.g. it cites ``06/QĐ-TTg`` of 2022 with its year, so the
    earlier ``06/QĐ-TTg`` of a 2022 document has one candidate). Every such edge follows the
    rule against the whole bulk graph, and the ambiguous placeholders are the only other nodes
    that may differ."""
    nodes, rels = import_corpus_dump

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
            i
            for i, p in bulk_nodes.items()
            if p.get("symbol_key") == key
            and not p.get("ambiguous")
            and i != citing["id"]
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


# ------------------------------------------------------------- concurrent live transactions ---
def _live(files: list[str], settings: Settings, state: Path, **kw: Any) -> bulk.BulkReport:
    """A live bulk load with small batches (many of each phase) and three writers."""
    kw.setdefault("mode", "live")
    kw.setdefault("resolve", "sequential")
    return bulk.bulk_load(
        files, settings=settings, state_dir=state, workers=2, writers=3, batch_size=20, **kw
    )


def test_live_writers_build_the_graph_of_the_live_loader_and_of_the_import(
    live_dump: Dump,
    import_corpus_dump: Dump,
    bulk_settings: Settings,
    corpus_files: list[str],
    extracted: Path,
    tmp_path: Path,
) -> None:
    """Into an empty database, sequential resolution: the live loader's graph; whole-corpus
    resolution: the import's graph (which the tests above compare with the live loader's)."""
    _wipe(bulk_settings)
    report = _live(corpus_files, bulk_settings, _state(extracted, tmp_path / "seq"))
    assert report.mode == "live" and report.documents == DOCS == report.inserted
    assert report.failed == 0 and report.missing_ends == 0
    assert report.batches_now == report.batches > 40 and report.batches_skipped == 0
    assert not (tmp_path / "seq" / "state" / "live").exists()  # done: the write state is gone
    assert _diff(_bulk_dump(bulk_settings), live_dump) == ([], [])

    _wipe(bulk_settings)
    report = _live(
        corpus_files, bulk_settings, _state(extracted, tmp_path / "corpus"), resolve="corpus"
    )
    assert report.failed == 0 and report.missing_ends == 0
    assert _diff(_bulk_dump(bulk_settings), import_corpus_dump) == ([], [])


def _written(state: Path) -> list[dict[str, Any]]:
    path = state / "live" / "written.jsonl"
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_interrupted_live_writes_resume_without_redoing_finished_batches(
    live_dump: Dump,
    bulk_settings: Settings,
    corpus_files: list[str],
    extracted: Path,
    tmp_path: Path,
) -> None:
    """Two crashes, each right after a commit that never reached the journal: one among the
    node batches (idempotent MERGEs), one among the relationship batches (CREATE; on resume
    the first batch not journaled of each partition is written with MERGE). The end result is
    the uninterrupted graph, no relationship twice, and no journaled batch written again."""
    _wipe(bulk_settings)
    state = _state(extracted, tmp_path)
    with pytest.raises(bulk.BulkInterrupted):
        _live(corpus_files, bulk_settings, state, stop_after_batches=5)
    plan = orjson.loads((state / "live" / "plan.json").read_bytes())
    nodes = len(plan["nodes"])
    first = _written(state)
    assert 5 <= len(first) < nodes and all("n" in e for e in first)

    with pytest.raises(bulk.BulkInterrupted):
        _live(corpus_files, bulk_settings, state, stop_after_batches=nodes - len(first) + 4)
    second = _written(state)
    assert sum("n" in e for e in second) == nodes  # every node batch, once
    assert any("r" in e for e in second)  # and some relationship batches
    assert len({json.dumps(e, sort_keys=True) for e in second}) == len(second)

    report = _live(corpus_files, bulk_settings, state)
    assert report.batches_skipped == len(second)
    assert report.batches_now == report.batches - len(second)
    assert report.documents == DOCS and report.failed == 0
    got = _bulk_dump(bulk_settings)
    assert _diff(got, live_dump) == ([], [])
    assert got == live_dump  # lists, not sets: no relationship written twice
    assert not (state / "live").exists()


def test_live_load_into_a_database_with_documents_keeps_them(
    live_dump: Dump,
    bulk_settings: Settings,
    corpus_files: list[str],
    extracted: Path,
    tmp_path: Path,
) -> None:
    """The first half of the corpus loaded by the live loader, then the whole corpus in bulk
    (``--mode auto`` writes live: the database is not empty): the first half is unchanged
    (not written, load times kept) and the graph is the live loader's of the whole corpus.
    Loading it all again writes nothing."""
    _wipe(bulk_settings)
    half = DOCS // 2
    with connect(bulk_settings) as driver:
        first = ingest_paths(driver, bulk_settings.neo4j_database, corpus_files[:half])
    assert first.failed == 0
    before = _timestamps(bulk_settings)
    assert len(before) == first.inserted

    state = _state(extracted, tmp_path)
    report = _live(corpus_files, bulk_settings, state, mode="auto")
    assert report.mode == "live" and "already holds" in report.mode_reason
    assert report.unchanged == len(before) and report.updated == 0
    assert report.inserted == DOCS - len(before) and report.failed == 0
    assert _diff(_bulk_dump(bulk_settings), live_dump) == ([], [])
    after = _timestamps(bulk_settings)
    assert {i: after[i] for i in before} == before  # the documents already there: untouched
    assert all(after[i][0] > max(s for s, _ in before.values()) for i in after if i not in before)

    again = _live(corpus_files, bulk_settings, state, mode="auto")
    assert again.unchanged == DOCS and again.inserted == 0 and again.batches == 0
    assert _timestamps(bulk_settings) == after
