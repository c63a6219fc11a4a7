"""Export round trips: what ``vanban export`` writes loads back into an empty database unchanged.

The source graph lives in a throwaway Neo4j of this module (own home and free ports), not in the
suite's shared instance: an export is of the *whole* graph, and the targets must be empty
databases, which the shared instance cannot be while other tests use it. One instance serves
three databases in turn (Neo4j Community has one user database per server):

1. the source: the demo corpus (14 real documents, through ``ingest.load.ingest_paths``) plus
   one synthetic document whose values are hostile to the formats (quotes, commas, newlines,
   ``\\r``, a control character, ``;``-free list elements, an empty string, a float); a full dump
   is taken and the graph is exported as jsonl (through the real CLI), csv and graphml;
2. server stopped, ``neo4j-admin database import full --overwrite-destination`` of the csv: a
   brand-new store made from the csv files alone; started, the empty lists restored
   (``restore_empty_lists``: neo4j-admin cannot store an empty array); dumped;
3. that database (a new store the source never wrote to) emptied of every node and
   relationship, the migrations applied, the jsonl loaded with ``ingest.export.load_jsonl``;
   dumped. (Deleting the store files and restarting gives a fresh store too, but costs another
   server start for no difference in what is checked.)

Each dump (every node with labels and properties, every relationship with type, endpoints and
properties; schema bookkeeping left out) must equal the source's.

``--since`` (documents with ``updated_at >= since``) is exported twice from the source: with a
date before the load (every document ingested), and, after one document was re-ingested with
changed content, with the instant just before that re-ingest (that document alone).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from app.connection import connect
from app.neo4j_runtime import LocalNeo4j
from app.neo4j_runtime.assemble import lib_dir
from app.neo4j_runtime.java import JVM_FLAGS, require_java
from app.neo4j_runtime.local import ADMIN_TOOL
from app.settings import Settings
from bench.graph import graph_rows
from graph_schema import migrate
from ingest import load
from ingest.export import (
    KINDS,
    CsvWriter,
    GraphmlWriter,
    JsonlWriter,
    export_graph,
    graphml_node_id,
    load_jsonl,
    restore_empty_lists,
)
from ingest.timestamps import timestamp

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "demo" / "corpus"
CHANGED = CORPUS / "07_chi-thi-05-CT-TTg-2023.txt"  # re-ingested with changed content
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

HOSTILE_TITLE = 'Quyết định "thử", có dấu phẩy,\nxuống dòng\r\ntab\tvà ký tự \x01 điều khiển 🇻🇳'

Dump = tuple[list[str], list[str]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def full_dump(driver: Driver, database: str) -> Dump:
    """Every node (labels, properties) and relationship (type, ends by kind and id, properties),
    as sorted canonical JSON strings; SchemaMigration nodes are bookkeeping, left out."""
    nodes, rels = graph_rows(driver, database)

    def kind(labels: list[str]) -> str:
        return next(k for k in KINDS if k in labels)

    return (
        sorted(_canon([sorted(r["labels"]), r["props"]]) for r in nodes),
        sorted(
            _canon([r["type"], kind(r["al"]), r["a"], kind(r["bl"]), r["b"], r["props"]])
            for r in rels
        ),
    )


def _add_hostile_document(driver: Driver, database: str) -> None:
    driver.execute_query(
        """
        MATCH (a:Agency) WITH a ORDER BY a.id LIMIT 1
        CREATE (d:Document:Decision {id: 'zz-export-hostile-2025', ingested: true,
                ambiguous: false, year: 2025, issued_date: '2025-06-01', title: $title,
                place: '', recipients: ['Bộ "A", Bộ B', 'dòng\nhai'], doc_type: 'Quyết định'})
        CREATE (d)-[:ISSUED_BY {source_id: d.id, weight: 0.5, sentence: $title}]->(a)
        """,
        title=HOSTILE_TITLE,
        database_=database,
    )


@dataclass
class RoundTrip:
    source: Dump
    csv_import: Dump
    jsonl_load: Dump
    jsonl: Path
    csv_dir: Path
    graphml: Path
    since_jsonl: Path
    empty_lists_restored: int
    cutoff: str  # just before the changed document was re-ingested
    changed_id: str
    since_changed: Path  # --since cutoff
    after_change: Path  # the whole graph after the change (jsonl)


def _admin_import(server: LocalNeo4j, settings: Settings, csv_dir: Path, args: list[str]) -> str:
    cmd = [
        require_java(),
        "-Xmx512m",
        *JVM_FLAGS,
        "-cp",
        f"{lib_dir(settings.cache_dir)}/*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        settings.neo4j_database,
        "--overwrite-destination=true",
        f"--report-file={csv_dir.parent / 'import.report'}",
        *args,
    ]
    env = dict(os.environ, NEO4J_HOME=str(server.home), NEO4J_CONF=str(server.conf_dir))
    proc = subprocess.run(
        cmd, cwd=csv_dir, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def _cli_export(env: dict[str, str], out: Path, *extra: str) -> str:
    """``vanban export --format jsonl --out OUT`` through the real CLI; returns its stderr."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "export",
            "--format",
            "jsonl",
            "--out",
            str(out),
            "--batch-size",
            "7",
            *extra,
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "exported" in proc.stderr
    return proc.stderr


def _change_one_document(driver: Driver, database: str, folder: Path) -> str:
    """Re-ingest :data:`CHANGED` with a sentence more (same id, other content): its id."""
    folder.mkdir()
    copy = folder / CHANGED.name
    text = CHANGED.read_text(encoding="utf-8")
    copy.write_text(text + "\n\nVăn bản này được bổ sung để thử xuất theo thời gian.\n", "utf-8")
    report = load.ingest_paths(driver, database, [copy])
    assert report.updated == 1, report
    records, _, _ = driver.execute_query(
        "MATCH (d:Document {source: $source}) RETURN d.id AS id",
        source=str(copy),
        database_=database,
    )
    return str(records[0]["id"])


@pytest.fixture(scope="module")
def round_trip(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RoundTrip]:
    base = tmp_path_factory.mktemp("export")
    own = settings.model_copy(
        update={
            "neo4j_home": base / "neo4j",
            "neo4j_instance": "export-test",
            "neo4j_bolt_port": _free_port(),
            "neo4j_http_port": _free_port(),
            "neo4j_heap": "512m",
            "neo4j_pagecache": "64m",
        }
    )
    db = own.neo4j_database
    server = LocalNeo4j(own)
    server.start()
    try:
        # 1. the source graph, its dump, its exports
        with connect(own) as driver:
            migrate.apply(driver, db)
            report = load.ingest_paths(driver, db, [CORPUS])
            assert report.failed == 0 and report.inserted == 14, report
            _add_hostile_document(driver, db)
            source = full_dump(driver, db)
            csv_dir = base / "csv"
            csv_writer = CsvWriter(csv_dir)
            export_graph(driver, db, csv_writer, fmt="csv", destination=str(csv_dir))
            graphml = base / "graph.graphml"
            with graphml.open("wb") as f:
                export_graph(driver, db, GraphmlWriter(f), fmt="graphml", destination="x")
        env = dict(
            os.environ,
            VANBAN_NEO4J_HOME=str(own.neo4j_home),
            VANBAN_NEO4J_BOLT_PORT=str(own.neo4j_bolt_port),
            VANBAN_NEO4J_HTTP_PORT=str(own.neo4j_http_port),
            VANBAN_NEO4J_RUNTIME="local",
        )
        jsonl = base / "graph.jsonl"
        since_jsonl = base / "since.jsonl"
        _cli_export(env, jsonl)
        _cli_export(env, since_jsonl, "--since", "2025-01-01")

        # the slice of one change: a document re-ingested with other content after `cutoff`
        cutoff = timestamp()
        with connect(own) as driver:
            changed_id = _change_one_document(driver, db, base / "changed")
            after_change = base / "after.jsonl"
            with after_change.open("wb") as f:
                export_graph(driver, db, JsonlWriter(f), fmt="jsonl", destination="x")
        since_changed = base / "since-changed.jsonl"
        err = _cli_export(env, since_changed, "--since", cutoff)
        assert "(1 documents ingested or changed since" in err

        # 2. a new store from the csv files alone
        server.stop()
        _admin_import(server, own, csv_dir, csv_writer.import_args())
        server.start()
        with connect(own) as driver:
            restored = restore_empty_lists(driver, db, csv_dir)
            csv_import = full_dump(driver, db)

            # 3. that database emptied (a store the source never wrote to), the schema, the jsonl
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
            assert full_dump(driver, db) == ([], []), "the database is not empty"
            migrate.apply(driver, db)
            with jsonl.open("rb") as lines:
                load_jsonl(driver, db, lines, batch_size=200)
            jsonl_load = full_dump(driver, db)
        yield RoundTrip(
            source,
            csv_import,
            jsonl_load,
            jsonl,
            csv_dir,
            graphml,
            since_jsonl,
            restored,
            cutoff,
            changed_id,
            since_changed,
            after_change,
        )
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_source_graph_has_every_kind_and_the_hostile_values(round_trip: RoundTrip) -> None:
    nodes, rels = round_trip.source
    assert len(nodes) > 100 and len(rels) > 300
    kinds = Counter(next(k for k in KINDS if k in json.loads(n)[0]) for n in nodes)
    assert set(kinds) == set(KINDS), kinds
    assert any(HOSTILE_TITLE in n for n in (json.loads(x)[1].get("title") for x in nodes) if n)


def test_jsonl_loaded_into_an_empty_database_is_the_same_graph(round_trip: RoundTrip) -> None:
    assert _diff(round_trip.jsonl_load, round_trip.source) == ([], [])
    assert round_trip.jsonl_load == round_trip.source


def test_jsonl_lists_nodes_then_relationships_with_evidence(round_trip: RoundTrip) -> None:
    records = _records(round_trip.jsonl)
    kinds = [r["kind"] for r in records]
    first_rel = kinds.index("relationship")
    assert set(kinds[:first_rel]) == {"node"} and set(kinds[first_rel:]) == {"relationship"}
    nodes, rels = round_trip.source
    assert first_rel == len(nodes) and len(records) - first_rel == len(rels)
    cites = [r for r in records if r.get("type") == "CITES"]
    assert cites and all(
        {"source_id", "sentence", "start", "end", "stated"} <= set(r["properties"]) for r in cites
    )
    signed = [r for r in records if r.get("type") == "SIGNED_BY"]
    assert signed and all("position" in r["properties"] for r in signed)
    placeholders = [
        r for r in records if r["kind"] == "node" and r["properties"].get("ingested") is False
    ]
    assert placeholders, "placeholders are exported"


def _diff(got: Dump, want: Dump) -> tuple[list[str], list[str]]:
    """What only ``got`` has and what only ``want`` has (readable failures)."""
    a, b = set(got[0] + got[1]), set(want[0] + want[1])
    return sorted(a - b)[:5], sorted(b - a)[:5]


def test_csv_bulk_imported_by_neo4j_admin_is_the_same_graph(round_trip: RoundTrip) -> None:
    assert _diff(round_trip.csv_import, round_trip.source) == ([], [])
    assert round_trip.csv_import == round_trip.source
    # programmes without aliases hold `aliases: []`, which neo4j-admin cannot store
    assert round_trip.empty_lists_restored > 0
    header = (round_trip.csv_dir / "nodes_Document.csv").open(encoding="utf-8").readline()
    columns = header.strip().split(",")
    assert columns[:2] == ["id:ID(Document)", ":LABEL"]
    assert {"year:long", "ingested:boolean", "recipients:string[]", "title:string"} <= set(columns)
    prog = (round_trip.csv_dir / "nodes_Programme.csv").open(encoding="utf-8").readline()
    assert "aliases:string[]" in prog
    assert (round_trip.csv_dir / "import.sh").stat().st_mode & 0o111


def test_graphml_parses_with_the_right_counts_and_values(round_trip: RoundTrip) -> None:
    root = ET.parse(round_trip.graphml).getroot()
    keys = {k.get("id"): k for k in root.iter(f"{GRAPHML}key")}
    assert all(k.get("attr.type") for k in keys.values())
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None
    nodes = graph.findall(f"{GRAPHML}node")
    edges = graph.findall(f"{GRAPHML}edge")
    src_nodes, src_rels = round_trip.source
    assert (len(nodes), len(edges)) == (len(src_nodes), len(src_rels))
    ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    assert Counter(e.get("label") for e in edges) == Counter(json.loads(r)[0] for r in src_rels)
    name_of = {k.get("id"): k.get("attr.name") for k in keys.values()}
    hostile = next(
        n for n in nodes if n.get("id") == graphml_node_id("Document", "zz-export-hostile-2025")
    )
    assert hostile.get("labels") == ":Decision:Document"
    data = {name_of[d.get("key")]: d.text for d in hostile}
    # \r survives (escaped as &#13;), the control character cannot be in XML 1.0: U+FFFD
    assert data["title"] == HOSTILE_TITLE.replace("\x01", "\ufffd")
    assert json.loads(data["recipients"] or "") == ['Bộ "A", Bộ B', "dòng\nhai"]
    assert data["year"] == "2025" and data["ingested"] == "true"


def _slice(records: list[dict[str, Any]]) -> tuple[set[str], list[dict[str, Any]]]:
    """The node ids and the relationships of an export."""
    return (
        {r["id"] for r in records if r["kind"] == "node"},
        [r for r in records if r["kind"] == "relationship"],
    )


def _expected_slice(
    full: list[dict[str, Any]], selected: set[str]
) -> tuple[set[str], list[dict[str, Any]]]:
    """What ``--since`` must export when ``selected`` are the documents changed since: their
    relationships (by ``source_id``) and every node those touch."""
    rels = [
        r for r in full if r["kind"] == "relationship" and r["properties"]["source_id"] in selected
    ]
    return selected | {r["start"] for r in rels} | {r["end"] for r in rels}, rels


def _changed_since(full: list[dict[str, Any]], since: str) -> set[str]:
    return {
        r["id"]
        for r in full
        if r["kind"] == "node"
        and "Document" in r["labels"]
        and (r["properties"].get("updated_at") or "") >= since
    }


def test_since_a_date_exports_every_document_ingested_since_and_what_they_touch(
    round_trip: RoundTrip,
) -> None:
    full = _records(round_trip.jsonl)
    nodes, rels = _slice(_records(round_trip.since_jsonl))
    selected = _changed_since(full, "2025-01-01")
    ingested = {
        r["id"] for r in full if r["kind"] == "node" and r["properties"].get("ingested") is True
    }
    # every document the loader wrote; the hostile one, created by hand, has no updated_at
    assert selected == ingested - {"zz-export-hostile-2025"} and len(selected) == 14
    want_nodes, want_rels = _expected_slice(full, selected)
    assert sorted(map(_canon, rels)) == sorted(map(_canon, want_rels))
    assert nodes == want_nodes
    assert "zz-export-hostile-2025" not in nodes


def test_since_an_instant_exports_the_changed_document_not_the_untouched_ones(
    round_trip: RoundTrip,
) -> None:
    """After one document was re-ingested with changed content, ``--since`` the instant before
    that gives that document, the relationships it states and the nodes they touch; the other
    documents (ingested earlier, untouched) are only there when the changed one cites them."""
    full = _records(round_trip.after_change)
    records = _records(round_trip.since_changed)
    nodes, rels = _slice(records)
    assert _changed_since(full, round_trip.cutoff) == {round_trip.changed_id}
    want_nodes, want_rels = _expected_slice(full, {round_trip.changed_id})
    assert want_rels, "the changed document states relationships"
    assert sorted(map(_canon, rels)) == sorted(map(_canon, want_rels))
    assert nodes == want_nodes
    old = {
        r["id"] for r in full if r["kind"] == "node" and r["properties"].get("ingested") is True
    } - {round_trip.changed_id}
    assert old - nodes, "documents neither changed nor touched are left out"
    changed = next(r for r in records if r.get("id") == round_trip.changed_id)
    stamps = changed["properties"]
    assert stamps["ingested_at"] < round_trip.cutoff <= stamps["updated_at"]
