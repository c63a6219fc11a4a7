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
from graph_schema import migrate
from ingest import load
from ingest.export import (
    KINDS,
    CsvWriter,
    GraphmlWriter,
    export_graph,
    graphml_node_id,
    load_jsonl,
    restore_empty_lists,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "demo" / "corpus"
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
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:SchemaMigration RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS al, a.id AS a, "
        "labels(b) AS bl, b.id AS b, properties(r) AS props",
        database_=database,
    )

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
        vanban = [sys.executable, "-m", "app.cli"]
        jsonl = base / "graph.jsonl"
        since_jsonl = base / "since.jsonl"
        for extra, out in (([], jsonl), (["--since", "2025-01-01"], since_jsonl)):
            proc = subprocess.run(
                [
                    *vanban,
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
            source, csv_import, jsonl_load, jsonl, csv_dir, graphml, since_jsonl, restored
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


def test_since_exports_the_documents_issued_since_and_what_they_touch(
    round_trip: RoundTrip,
) -> None:
    records = _records(round_trip.since_jsonl)
    full = _records(round_trip.jsonl)
    nodes = {r["id"] for r in records if r["kind"] == "node"}
    rels = [r for r in records if r["kind"] == "relationship"]
    selected = {
        r["id"]
        for r in full
        if r["kind"] == "node"
        and "Document" in r["labels"]
        and r["properties"].get("ingested") is True
        and (r["properties"].get("issued_date") or "") >= "2025-01-01"
    }
    assert selected and selected <= nodes
    expected = [
        r for r in full if r["kind"] == "relationship" and r["properties"]["source_id"] in selected
    ]
    assert sorted(map(_canon, rels)) == sorted(map(_canon, expected))
    touched = selected | {r["start"] for r in rels} | {r["end"] for r in rels}
    assert nodes == touched
    assert len(records) < len(full)
