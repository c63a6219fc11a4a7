"""Export the graph (``vanban export``) as JSON lines, ``neo4j-admin`` CSV or GraphML, and load a
JSON-lines export back into an empty database.

What is exported: every node of the six kinds of ``graph_schema/README.md`` (``Document`` with its
type label, placeholders included, ``Agency``, ``Person``, ``Programme``, ``Meeting``, ``Task``)
with all its labels and properties, and every relationship between them with its type and all its
evidence properties. ``SchemaMigration`` nodes are schema bookkeeping, not data: a target database
gets its own by applying the migrations.

Reading is paged, never one long transaction: for each kind, pages of ``batch_size`` nodes in
``id`` order through the id uniqueness index (``WHERE n.id > $after ORDER BY n.id LIMIT $limit``,
a cursor, not ``SKIP``); nodes first, then the outgoing relationships of each page of start nodes.
Memory is bounded by one page: ``batch_size`` nodes (a document carries at most ~100k characters
of ``search_text``) or the relationships of ``batch_size`` start nodes. The export is therefore
not a point-in-time snapshot: run it while nothing ingests if the files must be consistent (a
relationship to a node created after the node pass would point at a node that is not in the file).

``since`` (a date or an instant as :func:`ingest.timestamps.parse_since` writes it) exports a
slice: the documents ingested or changed since then (``updated_at >= since``: the loaders set
``updated_at`` whenever a document's content is written, never for an unchanged re-ingest),
every relationship whose ``source_id`` is one of them, and every node those relationships touch.
The documents of the slice are counted first through the ``updated_at`` range index; an empty
slice is written without scanning the graph.

Identifiers: a node is identified by its kind (the first of :data:`KINDS` among its labels) and
its ``id``; relationships name both (``start``/``start_label``, ``end``/``end_label``), and the CSV
export uses one ``neo4j-admin`` ID space per kind, so equal ids of two kinds can never merge.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, LiteralString, Protocol

import neo4j
import orjson

import queries
from ingest.bolt_params import quiet

logger = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("Document", "Agency", "Person", "Programme", "Meeting", "Task")
_NOUNS = {
    "Document": "document",
    "Agency": "agency",
    "Person": "person",
    "Programme": "programme",
    "Meeting": "meeting",
    "Task": "task",
}
FORMATS: tuple[str, ...] = ("jsonl", "csv", "graphml")
DEFAULT_BATCH_SIZE = 1000
ARRAY_DELIMITERS: tuple[str, ...] = (";", "\x1f")  # csv: ';' unless a list element holds one

Props = dict[str, Any]
Progress = Callable[[int], None]  # called with the number of start nodes just scanned


class ExportError(Exception):
    """The export cannot be written as asked (message for the user)."""


# ============================================================================================
# Records
# ============================================================================================


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    labels: list[str]
    properties: Props


@dataclass(frozen=True)
class Relationship:
    type: str
    start: str
    start_kind: str
    end: str
    end_kind: str
    properties: Props


def kind_of(labels: Iterable[str]) -> str | None:
    """The kind of a node: the first of :data:`KINDS` among its labels."""
    labels = set(labels)
    return next((k for k in KINDS if k in labels), None)


def plain(value: Any) -> Any:
    """A property value as JSON-able Python: temporal values become ISO strings."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time.Date / DateTime / Time / Duration
        return value.iso_format()
    return value


def _props(properties: dict[str, Any]) -> Props:
    return {k: plain(v) for k, v in sorted(properties.items())}


# ============================================================================================
# Reading the graph (paged)
# ============================================================================================


def _page(session: neo4j.Session, name: str, params: dict[str, Any]) -> list[neo4j.Record]:
    query: LiteralString = queries.load(name)

    def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
        return list(tx.run(query, params))

    return session.execute_read(work)


def iter_nodes(
    session: neo4j.Session,
    *,
    since: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> Iterator[Node]:
    """Every node of the export, kind after kind, in ``id`` order."""
    for kind in KINDS:
        after = ""
        while True:
            page = _page(
                session,
                f"export_{_NOUNS[kind]}_nodes",
                {"after": after, "limit": batch_size, "since": since},
            )
            if not page:
                break
            page.sort(key=lambda r: r["id"])
            after = page[-1]["id"]
            for rec in page:
                if rec["selected"]:
                    yield Node(rec["id"], kind, sorted(rec["labels"]), _props(rec["properties"]))
            if progress is not None:
                progress(len(page))
            if len(page) < batch_size:
                break


def iter_relationships(
    session: neo4j.Session,
    *,
    since: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> Iterator[Relationship]:
    """Every relationship of the export, by start node (kind after kind, in ``id`` order)."""
    for kind in KINDS:
        after = ""
        while True:
            page = _page(
                session,
                f"export_{_NOUNS[kind]}_relationships",
                {"after": after, "limit": batch_size, "since": since, "kinds": list(KINDS)},
            )
            if not page:
                break
            page.sort(key=lambda r: r["id"])
            after = page[-1]["id"]
            for rec in page:
                rels = sorted(
                    rec["relationships"],
                    key=lambda r: (
                        r["type"],
                        r["end_kind"] or "",
                        r["end"] or "",
                        str(r["properties"].get("source_id")),
                    ),
                )
                for r in rels:
                    if r["end"] is None or r["end_kind"] is None:
                        logger.warning(
                            "%s relationship from %s %s to a node without a kind or id: skipped",
                            r["type"],
                            kind,
                            rec["id"],
                        )
                        continue
                    yield Relationship(
                        r["type"],
                        rec["id"],
                        kind,
                        r["end"],
                        r["end_kind"],
                        _props(r["properties"]),
                    )
            if progress is not None:
                progress(len(page))
            if len(page) < batch_size:
                break


@dataclass(frozen=True)
class GraphCounts:
    nodes: int  # all nodes but schema bookkeeping
    relationships: int
    kinds: dict[str, int]

    @property
    def scan_total(self) -> int:
        """Start nodes the export scans (nodes pass + relationships pass)."""
        return 2 * sum(self.kinds.values())


def count_changed_documents(session: neo4j.Session, since: str) -> int:
    """Documents whose ``updated_at >= since`` (a range seek on the ``updated_at`` index)."""
    return int(_page(session, "count_documents_updated_since", {"since": since})[0]["documents"])


def count_graph(session: neo4j.Session) -> GraphCounts:
    rec = _page(session, "count_export_graph", {})[0]
    return GraphCounts(
        nodes=rec["nodes"] - rec["migrations"],
        relationships=rec["relationships"],
        kinds=dict(rec["kinds"]),
    )


# ============================================================================================
# Property types (csv and graphml headers)
# ============================================================================================

_SCALARS = {
    "STRING": "string",
    "INTEGER": "long",
    "FLOAT": "double",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "LOCAL DATETIME": "localdatetime",
    "ZONED DATETIME": "datetime",
    "LOCAL TIME": "localtime",
    "ZONED TIME": "time",
    "DURATION": "duration",
}
_GRAPHML = {"string": "string", "long": "long", "double": "double", "boolean": "boolean"}


def _base(value_type: str) -> str:
    t = value_type.strip()
    return t[: -len(" NOT NULL")] if t.endswith(" NOT NULL") else t


def _scalar(bases: set[str]) -> str | None:
    if len(bases) == 1 and next(iter(bases)) in _SCALARS:
        return _SCALARS[next(iter(bases))]
    if bases and bases <= {"INTEGER", "FLOAT"}:
        return "double"
    return None


def unify_types(value_types: Iterable[str]) -> tuple[str, bool]:
    """The ``neo4j-admin`` column type for the Cypher ``valueType()``\\ s seen for one property
    (``string``, ``long``, ``string[]``, ...), and whether it is exact (False: mixed types,
    written as strings)."""
    bases = {_base(t) for t in value_types} - {"NULL"}
    lists = {b for b in bases if b.startswith("LIST<")}
    if lists:
        if lists != bases:
            return "string", False
        inner = {_base(b[len("LIST<") : -1]) for b in lists} - {"NOTHING"}
        name = _scalar(inner) if inner else "string"
        return ("string", False) if name is None else (name + "[]", True)
    name = _scalar(bases)
    return (name, True) if name is not None else ("string", False)


@dataclass
class Schema:
    """Property keys and types per node kind and per relationship type."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> key -> csv type
    relationships: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> ...
    array_delimiter: str = ";"
    warnings: list[str] = field(default_factory=list)


def _read_types(
    session: neo4j.Session, delimiter: str
) -> tuple[list[neo4j.Record], list[neo4j.Record]]:
    nodes = _page(
        session, "list_node_property_types", {"kinds": list(KINDS), "delimiter": delimiter}
    )
    rels = _page(session, "list_relationship_property_types", {"delimiter": delimiter})
    return nodes, rels


def read_schema(session: neo4j.Session) -> Schema:
    """Scan the graph for property keys and types (one pass over nodes and relationships; one
    more when ``;`` occurs in a list element and the csv array delimiter must change)."""
    for delimiter in ARRAY_DELIMITERS:
        node_rows, rel_rows = _read_types(session, delimiter)
        if not any(r["clashes"] for r in (*node_rows, *rel_rows)):
            break
    else:
        raise ExportError("list properties hold both ';' and U+001F: no safe csv array delimiter")
    schema = Schema(array_delimiter=delimiter)
    for rows, into, what in (
        (node_rows, schema.nodes, "kind"),
        (rel_rows, schema.relationships, "type"),
    ):
        for r in rows:
            csv_type, exact = unify_types(r["types"])
            into.setdefault(r[what], {})[r["key"]] = csv_type
            if not exact:
                schema.warnings.append(
                    f"{r[what]}.{r['key']} has mixed types {sorted(r['types'])}: "
                    "written as strings in csv/graphml"
                )
    return schema


# ============================================================================================
# Writers
# ============================================================================================


class Writer(Protocol):
    needs_schema: bool

    def begin(self, schema: Schema | None) -> None: ...
    def node(self, node: Node) -> None: ...
    def relationship(self, rel: Relationship) -> None: ...
    def finish(self) -> None: ...


def _json_default(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


class JsonlWriter:
    """One JSON object per line: nodes, then relationships.

    ``{"kind": "node", "id", "labels", "properties"}`` and ``{"kind": "relationship", "type",
    "start", "start_label", "end", "end_label", "properties"}`` (``*_label``: the kind whose
    ``id`` the end refers to)."""

    needs_schema = False

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def begin(self, schema: Schema | None) -> None:
        pass

    def _line(self, obj: dict[str, Any]) -> None:
        self.stream.write(orjson.dumps(obj, default=_json_default) + b"\n")

    def node(self, node: Node) -> None:
        self._line(
            {"kind": "node", "id": node.id, "labels": node.labels, "properties": node.properties}
        )

    def relationship(self, rel: Relationship) -> None:
        self._line(
            {
                "kind": "relationship",
                "type": rel.type,
                "start": rel.start,
                "start_label": rel.start_kind,
                "end": rel.end,
                "end_label": rel.end_kind,
                "properties": rel.properties,
            }
        )

    def finish(self) -> None:
        self.stream.flush()


# ----------------------------------------------------------------------------------- csv ---


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_scalar(value: Any, csv_type: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if csv_type in ("long", "double") and isinstance(value, int | float):
        return repr(value)
    return str(plain(value))


def csv_cell(value: Any, csv_type: str, delimiter: str) -> str:
    """One field: absent (None) is empty; strings and lists always quoted, so ``""`` is an
    empty string and never an absent property."""
    if value is None:
        return ""
    if csv_type.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return _quote(delimiter.join(_csv_scalar(v, csv_type[:-2]) for v in items))
    if isinstance(value, list):  # a list under a mixed-type key: as JSON text
        return _quote(json.dumps(plain(value), ensure_ascii=False))
    text = _csv_scalar(value, csv_type)
    if csv_type in ("long", "double", "boolean") and not isinstance(value, str):
        return text
    return _quote(text)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


class CsvWriter:
    """``neo4j-admin database import full`` input: ``nodes_<Kind>.csv`` (``id:ID(<Kind>)``,
    ``:LABEL``, typed properties) and ``relationships_<TYPE>_<StartKind>_<EndKind>.csv``
    (``:START_ID(<Kind>)``, ``:END_ID(<Kind>)``, ``:TYPE``, typed properties), plus
    ``import.sh`` with the exact command."""

    needs_schema = True

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.schema = Schema()
        self.files: dict[tuple[str, ...], tuple[IO[str], list[tuple[str, str]]]] = {}
        self.node_files: list[str] = []
        self.rel_files: list[str] = []
        self.empty_lists: IO[str] | None = None  # empty_lists.csv: kind,id,key
        self.empty_count = 0

    def begin(self, schema: Schema | None) -> None:
        assert schema is not None
        self.schema = schema
        self.dir.mkdir(parents=True, exist_ok=True)

    def _open(
        self, key: tuple[str, ...], name: str, fixed: list[str], props: dict[str, str]
    ) -> tuple[IO[str], list[tuple[str, str]]]:
        found = self.files.get(key)
        if found is not None:
            return found
        columns = [(k, t) for k, t in sorted(props.items()) if k != "id" or key[0] != "node"]
        f = (self.dir / name).open("w", encoding="utf-8", newline="")
        header = fixed + [f"{k}:{t}" for k, t in columns]
        f.write(",".join(header) + "\n")
        self.files[key] = (f, columns)
        (self.node_files if key[0] == "node" else self.rel_files).append(name)
        return f, columns

    def node(self, node: Node) -> None:
        f, columns = self._open(
            ("node", node.kind),
            f"nodes_{_safe_name(node.kind)}.csv",
            [f"id:ID({node.kind})", ":LABEL"],
            self.schema.nodes.get(node.kind, {}),
        )
        d = self.schema.array_delimiter
        cells = [_quote(node.id), _quote(d.join(node.labels))]
        cells += [csv_cell(node.properties.get(k), t, d) for k, t in columns]
        f.write(",".join(cells) + "\n")
        for key, value in node.properties.items():
            if value == []:  # neo4j-admin stores no empty array: listed, set after the import
                if self.empty_lists is None:
                    self.empty_lists = (self.dir / EMPTY_LISTS).open("w", encoding="utf-8")
                    self.empty_lists.write("kind,id,key\n")
                self.empty_lists.write(",".join(map(_quote, (node.kind, node.id, key))) + "\n")
                self.empty_count += 1

    def relationship(self, rel: Relationship) -> None:
        f, columns = self._open(
            ("rel", rel.type, rel.start_kind, rel.end_kind),
            f"relationships_{_safe_name(rel.type)}_{rel.start_kind}_{rel.end_kind}.csv",
            [f":START_ID({rel.start_kind})", f":END_ID({rel.end_kind})", ":TYPE"],
            self.schema.relationships.get(rel.type, {}),
        )
        d = self.schema.array_delimiter
        cells = [_quote(rel.start), _quote(rel.end), _quote(rel.type)]
        cells += [csv_cell(rel.properties.get(k), t, d) for k, t in columns]
        f.write(",".join(cells) + "\n")

    def import_args(self) -> list[str]:
        """The ``neo4j-admin database import full`` options for these files (relative to the
        export directory). Put the database name *before* them: ``--nodes`` and
        ``--relationships`` take several values and would take a name after them as a file."""
        d = self.schema.array_delimiter
        delimiter = d if d == ";" else f"U+{ord(d):04X}"
        return [
            "--multiline-fields=true",
            f"--array-delimiter={delimiter}",
            "--id-type=string",
            *(f"--nodes={n}" for n in self.node_files),
            *(f"--relationships={r}" for r in self.rel_files),
        ]

    def finish(self) -> None:
        for f, _ in self.files.values():
            f.close()
        if self.empty_lists is not None:
            self.empty_lists.close()
        args = " \\\n  ".join(shlex.quote(a) for a in self.import_args())
        script = (
            "#!/bin/sh\n"
            "# Bulk-load this export into a new database with neo4j-admin (server stopped):\n"
            "#   ./import.sh [DATABASE] [more neo4j-admin options, e.g. --overwrite-destination]\n"
            "# NEO4J_ADMIN chooses the binary (default: neo4j-admin on PATH).\n"
            "set -e\n"
            'cd "$(dirname "$0")"\n'
            'db="${1:-neo4j}"\n'
            "[ $# -gt 0 ] && shift\n"
            # the database first: --nodes/--relationships take several values and would eat it
            f'exec "${{NEO4J_ADMIN:-neo4j-admin}}" database import full "$db" \\\n  {args} \\\n'
            '  "$@"\n'
        )
        path = self.dir / "import.sh"
        path.write_text(script, encoding="utf-8")
        path.chmod(0o755)
        manifest = {
            "array_delimiter": self.schema.array_delimiter,
            "nodes": self.node_files,
            "relationships": self.rel_files,
            "import_args": self.import_args(),
            "empty_lists": EMPTY_LISTS if self.empty_count else None,
        }
        (self.dir / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


EMPTY_LISTS = "empty_lists.csv"


def restore_empty_lists(
    driver: neo4j.Driver, database: str, directory: Path, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> int:
    """After ``neo4j-admin database import`` of a csv export: set the node properties that were
    empty lists (``neo4j-admin`` reads an empty array field as "no property"), as listed in
    ``empty_lists.csv``. Returns how many were set."""
    import csv

    path = directory / EMPTY_LISTS
    if not path.is_file():
        return 0
    done = 0
    with path.open(encoding="utf-8", newline="") as f, driver.session(database=database) as s:
        rows: list[dict[str, str]] = []
        for row in csv.DictReader(f):
            rows.append({"kind": row["kind"], "id": row["id"], "key": row["key"]})
            if len(rows) >= batch_size:
                done += s.execute_write(_run, "set_empty_lists", {"rows": rows})[0]["set"]
                rows = []
        if rows:
            done += s.execute_write(_run, "set_empty_lists", {"rows": rows})[0]["set"]
    return done


# ------------------------------------------------------------------------------- graphml ---

# Characters XML 1.0 cannot hold (even as character references).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)
_NMTOKEN_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]")


def graphml_node_id(kind: str, node_id: str) -> str:
    """A GraphML node id (an XML NMTOKEN) from kind and id, reversible: characters other than
    ``A-Za-z0-9.-`` become ``_HH`` (UTF-8 bytes in hex)."""

    def enc(m: re.Match[str]) -> str:
        return "".join(f"_{b:02X}" for b in m.group(0).encode("utf-8"))

    return f"{kind}:{_NMTOKEN_UNSAFE.sub(enc, node_id)}"


class GraphmlWriter:
    """GraphML (APOC-style): node ``labels`` attribute and data key (``:Document:Decree``), edge
    ``label`` attribute and data key (the relationship type), every property a ``<data>`` under a
    key declared with its ``attr.type`` (lists: ``attr.list`` and a JSON array as text).

    XML 1.0 cannot hold most control characters: each is replaced by U+FFFD and counted in
    :attr:`replaced` (JSON lines and CSV keep them)."""

    needs_schema = True

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}  # (for, name) -> (key id, type)
        self.replaced = 0
        self.edges = 0

    def _clean(self, text: str) -> str:
        cleaned, n = _ILLEGAL_XML.subn("\ufffd", text)
        self.replaced += n
        return cleaned

    def _text(self, text: str) -> str:
        return self._clean(text).translate(_TEXT_ESCAPES)

    def _attr(self, text: str) -> str:
        return self._clean(text).translate(_ATTR_ESCAPES)

    def _write(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))

    def begin(self, schema: Schema | None) -> None:
        assert schema is not None
        domains: dict[str, dict[str, set[str]]] = {"node": {}, "edge": {}}
        for props in schema.nodes.values():
            for k, t in props.items():
                domains["node"].setdefault(k, set()).add(t)
        for props in schema.relationships.values():
            for k, t in props.items():
                domains["edge"].setdefault(k, set()).add(t)
        self._write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
            '<key id="labels" for="node" attr.name="labels" attr.type="string"/>\n'
            '<key id="label" for="edge" attr.name="label" attr.type="string"/>\n'
        )
        for domain, names in domains.items():
            prefix = "n" if domain == "node" else "e"
            for i, (name, types) in enumerate(sorted(names.items())):
                csv_type = next(iter(types)) if len(types) == 1 else "string"
                is_list = csv_type.endswith("[]")
                base = _GRAPHML.get(csv_type.removesuffix("[]"), "string")
                key_id = f"{prefix}{i}"
                self.keys[(domain, name)] = (key_id, csv_type)
                extra = f' attr.list="{base}"' if is_list else ""
                self._write(
                    f'<key id="{key_id}" for="{domain}" attr.name="{self._attr(name)}" '
                    f'attr.type="{"string" if is_list else base}"{extra}/>\n'
                )
        self._write('<graph id="G" edgedefault="directed">\n')

    def _data(self, domain: str, properties: Props) -> str:
        parts = []
        for name, value in properties.items():
            if value is None:
                continue
            key = self.keys.get((domain, name))
            if key is None:  # a key that appeared after the schema scan
                continue
            key_id = key[0]
            if isinstance(value, list):
                text = json.dumps(plain(value), ensure_ascii=False)
            elif isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = str(plain(value))
            parts.append(f'<data key="{key_id}">{self._text(text)}</data>')
        return "".join(parts)

    def node(self, node: Node) -> None:
        labels = "".join(f":{label}" for label in node.labels)
        self._write(
            f'<node id="{graphml_node_id(node.kind, node.id)}" labels="{self._attr(labels)}">'
            f'<data key="labels">{self._text(labels)}</data>'
            f"{self._data('node', node.properties)}</node>\n"
        )

    def relationship(self, rel: Relationship) -> None:
        self._write(
            f'<edge id="e{self.edges}" source="{graphml_node_id(rel.start_kind, rel.start)}" '
            f'target="{graphml_node_id(rel.end_kind, rel.end)}" label="{self._attr(rel.type)}">'
            f'<data key="label">{self._text(rel.type)}</data>'
            f"{self._data('edge', rel.properties)}</edge>\n"
        )
        self.edges += 1

    def finish(self) -> None:
        self._write("</graph>\n</graphml>\n")
        self.stream.flush()


# ============================================================================================
# The export
# ============================================================================================


@dataclass
class ExportSummary:
    format: str
    destination: str
    nodes: int = 0
    relationships: int = 0
    since: str | None = None
    changed: int | None = None  # with since: documents ingested or changed since then
    elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        what = (
            f" ({self.changed} documents ingested or changed since {self.since})"
            if self.since
            else ""
        )
        return (
            f"exported {self.nodes} nodes and {self.relationships} relationships{what} as "
            f"{self.format} to {self.destination} in {self.elapsed:.1f}s"
        )


def export_graph(
    driver: neo4j.Driver,
    database: str,
    writer: Writer,
    *,
    fmt: str,
    destination: str,
    since: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    counts: GraphCounts | None = None,
) -> ExportSummary:
    """Stream the graph (or the ``since`` slice) through ``writer``: nodes, then relationships.

    Without ``since``, the numbers written are checked against the count store: a difference
    (nodes of other labels or without an ``id``, or writes during the export) is a warning.
    """
    started = time.monotonic()
    summary = ExportSummary(format=fmt, destination=destination, since=since)
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        if counts is None:
            counts = count_graph(session)
        schema = read_schema(session) if writer.needs_schema else None
        if schema is not None:
            summary.warnings.extend(schema.warnings)
        writer.begin(schema)
        if since is not None:
            summary.changed = count_changed_documents(session, since)
        if summary.changed != 0:  # None (whole graph) or some documents changed
            for node in iter_nodes(session, since=since, batch_size=batch_size, progress=progress):
                writer.node(node)
                summary.nodes += 1
            for rel in iter_relationships(
                session, since=since, batch_size=batch_size, progress=progress
            ):
                writer.relationship(rel)
                summary.relationships += 1
        writer.finish()
    if since is None:
        if summary.nodes != counts.nodes:
            summary.warnings.append(
                f"the database holds {counts.nodes} nodes, {summary.nodes} exported (nodes of "
                "other labels or without id, or the graph changed during the export)"
            )
        if summary.relationships != counts.relationships:
            summary.warnings.append(
                f"the database holds {counts.relationships} relationships, "
                f"{summary.relationships} exported (the graph changed during the export?)"
            )
    if isinstance(writer, GraphmlWriter) and writer.replaced:
        summary.warnings.append(
            f"{writer.replaced} characters illegal in XML 1.0 replaced by U+FFFD in the GraphML"
        )
    summary.elapsed = time.monotonic() - started
    return summary


# ============================================================================================
# Loading a JSON-lines export
# ============================================================================================


@dataclass
class LoadSummary:
    nodes: int = 0
    relationships: int = 0


def load_jsonl(
    driver: neo4j.Driver,
    database: str,
    lines: Iterable[bytes | str],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> LoadSummary:
    """Load a JSON-lines export into a database holding no data (apply the migrations first:
    the id constraints make the relationship lookups index seeks). Batches of ``batch_size``
    records per transaction; a relationship whose ends are not in the database is an error."""
    summary = LoadSummary()
    nodes: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []

    with driver.session(database=database) as session:
        if _page(session, "count_graph_data_nodes", {})[0]["nodes"]:
            raise ExportError("the target database is not empty: load an export into an empty one")

        def flush_nodes() -> None:
            if nodes:
                session.execute_write(_run, "import_nodes", {"rows": nodes})
                summary.nodes += len(nodes)
                nodes.clear()

        def flush_rels() -> None:
            if rels:
                rows = session.execute_write(_run, "import_relationships", {"rows": rels})
                created = rows[0]["created"]
                if created != len(rels):
                    raise ExportError(
                        f"{len(rels) - created} relationships of a batch have a missing end node"
                    )
                summary.relationships += created
                rels.clear()

        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            obj = orjson.loads(line)
            if obj.get("kind") == "node":
                nodes.append({"labels": obj["labels"], "properties": obj["properties"]})
                if len(nodes) >= batch_size:
                    flush_nodes()
            elif obj.get("kind") == "relationship":
                flush_nodes()
                rels.append(
                    {
                        "type": obj["type"],
                        "start": obj["start"],
                        "start_kind": obj["start_label"],
                        "end": obj["end"],
                        "end_kind": obj["end_label"],
                        "properties": obj["properties"],
                    }
                )
                if len(rels) >= batch_size:
                    flush_rels()
            else:
                raise ExportError(f"line {n}: neither a node nor a relationship")
        flush_nodes()
        flush_rels()
    return summary


def _run(tx: neo4j.ManagedTransaction, name: str, params: dict[str, Any]) -> list[neo4j.Record]:
    return list(tx.run(queries.load(name), quiet(params)))
