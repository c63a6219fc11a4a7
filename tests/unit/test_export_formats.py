"""The pure parts of the export: csv cells and types, GraphML ids and escaping, JSON lines."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from ingest.export import (
    GraphmlWriter,
    JsonlWriter,
    Node,
    Relationship,
    Schema,
    csv_cell,
    graphml_node_id,
    kind_of,
    unify_types,
)


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["STRING NOT NULL"], ("string", True)),
        (["INTEGER NOT NULL"], ("long", True)),
        (["BOOLEAN NOT NULL"], ("boolean", True)),
        (["INTEGER NOT NULL", "FLOAT NOT NULL"], ("double", True)),
        (["LIST<STRING NOT NULL> NOT NULL", "LIST<NOTHING> NOT NULL"], ("string[]", True)),
        (["LIST<NOTHING> NOT NULL"], ("string[]", True)),
        (["LIST<INTEGER NOT NULL> NOT NULL"], ("long[]", True)),
        (["STRING NOT NULL", "INTEGER NOT NULL"], ("string", False)),
        (["STRING NOT NULL", "LIST<STRING NOT NULL> NOT NULL"], ("string", False)),
    ],
)
def test_csv_types_from_value_types(types: list[str], expected: tuple[str, bool]) -> None:
    assert unify_types(types) == expected


def test_csv_cells_distinguish_absent_empty_and_quote_everything_textual() -> None:
    assert csv_cell(None, "string", ";") == ""
    assert csv_cell("", "string", ";") == '""'
    assert csv_cell('a "b", c\nd', "string", ";") == '"a ""b"", c\nd"'
    assert csv_cell(2017, "long", ";") == "2017"
    assert csv_cell(False, "boolean", ";") == "false"
    assert csv_cell(["x", 'y"'], "string[]", ";") == '"x;y"""'
    assert csv_cell(["x", "y"], "string[]", "\x1f") == '"x\x1fy"'


def test_graphml_node_ids_are_nmtokens_and_distinct_per_kind() -> None:
    a = graphml_node_id("Meeting", "01-nq-cp-2024~phien-hop~2024-01-05")
    assert a == "Meeting:01-nq-cp-2024_7Ephien-hop_7E2024-01-05"
    assert graphml_node_id("Agency", "x_y") == "Agency:x_5Fy"
    assert graphml_node_id("Agency", "x_5Fy") == "Agency:x_5F5Fy"  # no two ids collide
    assert graphml_node_id("Agency", "x") != graphml_node_id("Person", "x")


def test_graphml_escapes_and_replaces_what_xml_cannot_hold() -> None:
    out = io.BytesIO()
    w = GraphmlWriter(out)
    schema = Schema(
        nodes={"Document": {"id": "string", "title": "string", "recipients": "string[]"}},
        relationships={"CITES": {"source_id": "string", "start": "long"}},
    )
    w.begin(schema)
    title = 'a <b> & "c"\r\nd\x00e\x1ff'
    w.node(
        Node(
            "d1",
            "Document",
            ["Decree", "Document"],
            {"id": "d1", "title": title, "recipients": ["x", "y"]},
        )
    )
    w.relationship(
        Relationship("CITES", "d1", "Document", "d1", "Document", {"source_id": "d1", "start": 3})
    )
    w.finish()
    root = ET.fromstring(out.getvalue())
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    names = {k.get("id"): k.get("attr.name") for k in root.iter(f"{ns}key")}
    node = root.find(f"{ns}graph/{ns}node")
    assert node is not None and node.get("labels") == ":Decree:Document"
    data = {names[d.get("key")]: d.text for d in node}
    assert data["title"] == 'a <b> & "c"\r\nd\ufffde\ufffdf'
    assert json.loads(data["recipients"] or "") == ["x", "y"]
    assert w.replaced == 2
    edge = root.find(f"{ns}graph/{ns}edge")
    assert edge is not None and edge.get("label") == "CITES"


def test_jsonl_lines_carry_kind_labels_and_ends() -> None:
    out = io.BytesIO()
    w = JsonlWriter(out)
    w.node(Node("a", "Agency", ["Agency"], {"id": "a", "aliases": []}))
    w.relationship(Relationship("LED_BY", "t", "Task", "a", "Agency", {"source_id": "d"}))
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0] == {
        "kind": "node",
        "id": "a",
        "labels": ["Agency"],
        "properties": {"id": "a", "aliases": []},
    }
    assert lines[1]["start_label"] == "Task" and lines[1]["end_label"] == "Agency"
    assert kind_of(["Resolution", "Document"]) == "Document"
