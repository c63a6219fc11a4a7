"""Bulk load of a large corpus: ``neo4j-admin database import`` into a fresh database, or
concurrent batched transactions into a live one (:mod:`ingest.bulk_live`).

Three stages (``graph_schema/README.md``, "Bulk load"):

1. **Extract** (:func:`extract_stage`): worker processes each read their own files (chunks of
   :data:`CHUNK` consecutive inputs, ``imap_unordered``) and plan every document with the live
   loader's :func:`ingest.load.extract_plan`. A worker appends each chunk's plans to its own
   spool shard (one pickle frame, then ``fsync``); only then does the main process append the
   chunk to the journal (``journal.jsonl``, fsynced), with the chunk's compact *summary* (ids,
   symbol keys, dates). A rerun skips the journaled chunks; frames that never reached the
   journal (a crash between shard and journal) are ignored and shards no journal line points at
   are deleted.
2. **Resolve** (:func:`resolve_stage`): in the main process, chunks are read back in input
   order. Year-less citations are resolved against the *whole* corpus (``resolve="corpus"``:
   exactly one document or dated placeholder with the symbol key not issued after the citing
   document → that id, else the ``-y-unknown`` placeholder with the candidates) or exactly as
   the live loader would in input order (``resolve="sequential"``); nodes are merged the way
   the loader's MERGE statements merge them (first value wins, missing values filled in input
   order, aliases and candidates accumulated), and every row is streamed to CSV files in the
   ``neo4j-admin database import`` format. Memory: the symbol-key index and the id sets
   (about 250-350 bytes per document, see ``docs/benchmarks.md``), plus the absent documents
   cited (placeholders), agencies, persons and programmes; never the plans of the corpus.
3. **Import** (:func:`import_stage`): stop the local Neo4j, ``neo4j-admin database import
   full --overwrite-destination`` with the instance's configuration, start it again, apply the
   migrations (constraints and indexes are built after the import) and verify the counts.
   **Or write live** (:func:`ingest.bulk_live.live_stage`): stage 2 streams the rows into a
   batch spool instead of CSV (resolved against the live graph too), then concurrent writers
   send them in batched transactions: nodes first, then relationships partitioned by their end
   node (deadlock-free on hubs; see :mod:`ingest.bulk_live`), every batch journaled.

Which one (:func:`choose_mode`, ``mode="auto"``): the import into an empty database of a Neo4j
that vanban runs locally (or any local database with ``overwrite``), the live writers otherwise
(``VANBAN_NEO4J_URI``, Docker, or a database that holds documents). ``mode="import"`` refuses
what it cannot import into (:class:`BulkError`); ``mode="live"`` always writes live.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import resource
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import orjson

import queries
from ingest.load import (
    DocumentPlan,
    Props,
    _KeyIndex,
    _not_after,
    _pool_context,
    _union,
    extract_plan,
    resolve_statements,
    watch_parent,
)
from ingest.timestamps import timestamp

logger = logging.getLogger(__name__)

CHUNK = 64  # inputs per extraction task (and per journal line)
ARRAY_DELIMITER = "\x1f"  # unit separator: never in the text of a document (readers drop it)
Resolve = Literal["corpus", "sequential"]
Mode = Literal["auto", "import", "live"]


class BulkError(Exception):
    """The bulk load cannot run or failed; the message says why and what to do."""


class BulkInterrupted(BulkError):
    """Raised by the test hooks ``stop_after_chunks`` (an interruption in the middle of stage 1)
    and ``stop_after_batches`` (in the middle of the live writes)."""


# ============================================================================================
# State directory: manifest, journal, spool shards
# ============================================================================================


@dataclass
class StageTimes:
    extract: float = 0.0
    index: float = 0.0
    resolve: float = 0.0
    csv_write: float = 0.0  # formatting and writing the CSV files (live: the batch spool)
    import_: float = 0.0
    index_build: float = 0.0
    prepare: float = 0.0  # live: states of the corpus's ids, old edges of changed documents
    write_nodes: float = 0.0  # live: the node batches
    write_relationships: float = 0.0  # live: the relationship partitions
    total: float = 0.0


@dataclass
class BulkReport:
    files: int = 0
    documents: int = 0  # distinct documents of the corpus (the occurrence kept of each id)
    extracted_now: int = 0  # documents extracted by this run (the rest came from the journal)
    chunks_now: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # rows written per CSV file kind
    verified: dict[str, int] = field(default_factory=dict)  # counted in Neo4j after the load
    times: StageTimes = field(default_factory=StageTimes)
    peak_rss_mb: float = 0.0
    mode: str = "import"  # what was done: "import" or "live"
    mode_reason: str = ""
    # live: what the graph held for the corpus's documents before the load
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # live: batched transactions
    batches: int = 0  # in the plan
    batches_now: int = 0  # written by this run
    batches_skipped: int = 0  # journaled by an earlier, interrupted run
    rows_now: int = 0  # node and relationship rows written by this run
    retries: int = 0  # transaction attempts repeated after a transient error (deadlock...)
    missing_ends: int = 0  # relationship rows whose start or end node was not found

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["failures"] = [{"path": p, "reason": r} for p, r in self.failures]
        return d


class State:
    """``DIR/manifest.json`` (the inputs), ``DIR/journal.jsonl``, ``DIR/spool/*.bin``,
    ``DIR/csv/``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifest = root / "manifest.json"
        self.journal = root / "journal.jsonl"
        self.spool = root / "spool"
        self.csv = root / "csv"

    def open(self, files: Sequence[str], *, restart: bool) -> None:
        digest = hashlib.sha256("\n".join(files).encode("utf-8", "surrogatepass")).hexdigest()
        want = {"inputs_sha256": digest, "files": len(files), "chunk": CHUNK}
        if restart and self.root.exists():
            shutil.rmtree(self.root)
        self.spool.mkdir(parents=True, exist_ok=True)
        if self.manifest.exists():
            have = orjson.loads(self.manifest.read_bytes())
            if have != want:
                raise BulkError(
                    f"{self.root} holds the state of a bulk load of other inputs "
                    f"({have.get('files')} files): use another --state-dir, or --restart"
                )
        else:
            _write_durable(self.manifest, orjson.dumps(want))

    def finished(self) -> dict[int, dict[str, Any]]:
        """Journaled chunks whose spool frame is intact, by chunk index."""
        done: dict[int, dict[str, Any]] = {}
        if not self.journal.exists():
            return done
        sizes: dict[str, int] = {}
        with self.journal.open("rb") as f:
            pos = 0
            for line in f:
                at, pos = pos, pos + len(line)
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:  # a torn last line: that chunk is redone
                    continue
                shard = entry["shard"]
                if shard not in sizes:
                    p = self.spool / shard
                    sizes[shard] = p.stat().st_size if p.exists() else -1
                if entry["offset"] + entry["length"] <= sizes[shard]:
                    done[entry["chunk"]] = _compact(entry, at, len(line))
        return done

    def summaries(self, done: dict[int, dict[str, Any]]) -> Iterator[list[Any]]:
        """The journaled summaries of every document, in input order (read back line by line:
        they are not kept in memory)."""
        with self.journal.open("rb") as f:
            for c in sorted(done):
                at, size = done[c]["line"]
                f.seek(at)
                yield from orjson.loads(f.read(size))["summary"]

    def drop_orphan_shards(self, done: dict[int, dict[str, Any]]) -> None:
        """Delete shards that no journal line points at (a run killed before its first line)."""
        used = {e["shard"] for e in done.values()}
        for p in self.spool.glob("*.bin"):
            if p.name not in used:
                p.unlink()


def _compact(entry: dict[str, Any], at: int, size: int) -> dict[str, Any]:
    """A journal entry as kept in memory: where its frame and its journal line are."""
    return {
        "chunk": entry["chunk"],
        "shard": entry["shard"],
        "offset": entry["offset"],
        "length": entry["length"],
        "docs": entry["docs"],
        "failures": len(entry["failures"]),
        "line": (at, size),
    }


def _write_durable(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# ============================================================================================
# Stage 1: extraction in worker processes, spooled
# ============================================================================================

_SPOOL: dict[str, Any] = {}  # per worker process: the shard file it appends to


def _init_spool(spool_dir: str, run_id: str, parent: int | None = None) -> None:
    if parent is not None:
        watch_parent(parent)
    _SPOOL.clear()
    _SPOOL["dir"] = spool_dir
    _SPOOL["run"] = run_id


def _summary(ordinal: int, plan: DocumentPlan) -> list[Any]:
    """What the resolution index needs of a plan (no text): its id, symbol key, dates, a short
    content hash, and its dated placeholders that carry a symbol key."""
    p = plan.document["props"]
    placeholders = [
        [
            ph["id"],
            ph["props"].get("symbol_key"),
            ph["props"].get("issued_date"),
            ph["props"].get("year"),
        ]
        for ph in plan.placeholders
        if ph["props"].get("symbol_key") and not ph["props"].get("ambiguous")
    ]
    return [
        ordinal,
        plan.document_id,
        p.get("symbol_key"),
        p.get("issued_date"),
        p.get("year"),
        plan.content_hash[:16],
        placeholders,
    ]


def _extract_chunk(task: tuple[int, int, list[str]]) -> dict[str, Any]:
    """Extract one chunk and append it to this worker's shard (fsynced); returns the journal
    entry (without the time it is journaled)."""
    chunk, first, paths = task
    records: list[tuple[int, str, DocumentPlan | None, str | None]] = []
    summaries: list[list[Any]] = []
    failures: list[list[str]] = []
    for i, path in enumerate(paths):
        _, plan, reason = extract_plan(path)
        records.append((first + i, path, plan, reason))
        if plan is None:
            failures.append([path, reason or "extraction failed"])
        else:
            summaries.append(_summary(first + i, plan))
    frame = pickle.dumps((chunk, records), protocol=pickle.HIGHEST_PROTOCOL)
    if "file" not in _SPOOL:
        name = f"{_SPOOL['run']}-{os.getpid()}.bin"
        _SPOOL["name"] = name
        _SPOOL["file"] = open(Path(_SPOOL["dir"]) / name, "ab")  # noqa: SIM115 (per process)
    f = _SPOOL["file"]
    offset = f.tell()
    f.write(frame)
    f.flush()
    os.fsync(f.fileno())
    return {
        "chunk": chunk,
        "shard": _SPOOL["name"],
        "offset": offset,
        "length": len(frame),
        "docs": len(summaries),
        "failures": failures,
        "summary": summaries,
    }


def _close_spool() -> None:
    f = _SPOOL.pop("file", None)
    if f is not None:
        f.close()


def extract_stage(
    state: State,
    files: Sequence[str],
    *,
    workers: int,
    report: BulkReport,
    stop_after_chunks: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[int, dict[str, Any]]:
    """Extract the chunks not yet journaled; returns every journal entry by chunk index."""
    done = state.finished()
    state.drop_orphan_shards(done)
    tasks = [
        (c, c * CHUNK, list(files[c * CHUNK : (c + 1) * CHUNK]))
        for c in range(-(-len(files) // CHUNK))
        if c not in done
    ]
    if progress:
        progress(sum(len(files[c * CHUNK : (c + 1) * CHUNK]) for c in done))
    if not tasks:
        return done
    run_id = uuid.uuid4().hex[:12]
    with state.journal.open("ab") as journal:

        def record(entry: dict[str, Any]) -> None:
            line = orjson.dumps(entry) + b"\n"
            at = journal.tell()
            journal.write(line)
            journal.flush()
            os.fsync(journal.fileno())
            done[entry["chunk"]] = _compact(entry, at, len(line))
            report.chunks_now += 1
            report.extracted_now += len(tasks_by_chunk[entry["chunk"]])
            if progress:
                progress(len(tasks_by_chunk[entry["chunk"]]))
            if stop_after_chunks is not None and report.chunks_now >= stop_after_chunks:
                raise BulkInterrupted(f"stopped after {report.chunks_now} chunks (test hook)")

        tasks_by_chunk = {t[0]: t[2] for t in tasks}
        if workers <= 1:
            _init_spool(str(state.spool), run_id)
            try:
                for t in tasks:
                    record(_extract_chunk(t))
            finally:
                _close_spool()
        else:
            ctx = _pool_context()
            with ctx.Pool(
                workers,
                initializer=_init_spool,
                initargs=(str(state.spool), run_id, os.getpid()),
                maxtasksperchild=None,
            ) as pool:
                for entry in pool.imap_unordered(_extract_chunk, tasks):
                    record(entry)
    return done


# ============================================================================================
# Stage 2: global resolution, streamed to CSV
# ============================================================================================

# Column types of the import headers; every other property is a string.
_TYPES = {
    "year": "long",
    "start": "long",
    "end": "long",
    "is_formal": "boolean",
    "ingested": "boolean",
    "ambiguous": "boolean",
    "stated": "boolean",
    "recipients": "string[]",
    "candidates": "string[]",
    "aliases": "string[]",
}
DOCUMENT_COLUMNS = (
    "symbol",
    "symbol_key",
    "year",
    "issued_date",
    "doc_type",
    "issuer",
    "issuer_id",
    "title",
    "place",
    "is_formal",
    "recipients",
    "ingested",
    "ambiguous",
    "candidates",
    "content_hash",
    "source",
    "search_text",
    "subject",
    "ingested_at",
    "updated_at",
)
_PLACEHOLDER_FILL = (
    "symbol",
    "symbol_key",
    "year",
    "issued_date",
    "doc_type",
    "issuer",
    "issuer_id",
    "title",
    "subject",
)
_NODE_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    # file kind -> (id space / label, property columns)
    "documents": ("Document", DOCUMENT_COLUMNS),
    "placeholders": ("Document", DOCUMENT_COLUMNS),
    "agencies": ("Agency", ("name", "code", "kind")),
    "persons": ("Person", ("name",)),
    "programmes": ("Programme", ("name", "aliases")),
    "meetings": ("Meeting", ("name", "date", "document_id")),
    "tasks": ("Task", ("text", "deadline", "deadline_from", "deadline_to", "document_id")),
}
_EVIDENCE = ("source_id", "sentence", "start", "end")
_REL_FILES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # file kind -> (start id space, end id space, property columns); the type is a column
    "doc_doc": ("Document", "Document", (*_EVIDENCE, "article", "stated")),
    "doc_agency": ("Document", "Agency", _EVIDENCE),
    "doc_person": ("Document", "Person", ("source_id", "position", "capacity")),
    "doc_programme": ("Document", "Programme", ("source_id",)),
    "doc_meeting": ("Document", "Meeting", ("source_id",)),
    "meeting_person": ("Meeting", "Person", ("source_id",)),
    "doc_task": ("Document", "Task", _EVIDENCE),
    "task_agency": ("Task", "Agency", ("source_id",)),
}


def _str_field(value: Any) -> str:
    """A string field: always quoted (so ``""`` stays an empty string); null → empty."""
    if value is None:
        return ""
    return '"' + (value if type(value) is str else str(value)).replace('"', '""') + '"'


def _long_field(value: Any) -> str:
    return "" if value is None else str(int(value))


def _bool_field(value: Any) -> str:
    return "" if value is None else ("true" if value else "false")


def _array_field(value: Any) -> str:
    if value is None:
        return ""
    items = [str(x).replace(ARRAY_DELIMITER, " ") for x in value]
    return '"' + ARRAY_DELIMITER.join(items).replace('"', '""') + '"'


_FORMAT: dict[str, Callable[[Any], str]] = {
    "string": _str_field,
    "long": _long_field,
    "boolean": _bool_field,
    "string[]": _array_field,
}


class CsvWriter:
    """One CSV file per node kind and relationship kind, header first, rows streamed.

    ``now`` (:func:`ingest.timestamps.timestamp`) is every ingested document's ``ingested_at``
    and ``updated_at``: the import builds a new database, so every document is new to it."""

    def __init__(self, out: Path, *, now: str | None = None) -> None:
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        self.out = out
        self.now = now
        self.files: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}
        # per file: its columns with their formatters, and the column set (unknown properties)
        self.formats: dict[str, list[tuple[str, Callable[[Any], str]]]] = {}
        self.columns: dict[str, frozenset[str]] = {}
        for name, (space, cols) in _NODE_FILES.items():
            header = [f"id:ID({space})", *(_col(c) for c in cols)]
            if space == "Document":
                header.append(":LABEL")
            self._open(name, header, cols)
        for name, (a, b, cols) in _REL_FILES.items():
            header = [f":START_ID({a})", f":END_ID({b})", ":TYPE", *(_col(c) for c in cols)]
            self._open(name, header, cols)
        self.seconds = 0.0

    def _open(self, name: str, header: list[str], cols: Sequence[str]) -> None:
        f = (self.out / f"{name}.csv").open("w", encoding="utf-8", newline="")
        f.write(",".join(header) + "\n")
        self.files[name] = f
        self.counts[name] = 0
        self.formats[name] = [(c, _FORMAT[_TYPES.get(c, "string")]) for c in cols]
        self.columns[name] = frozenset(cols)

    def node(self, kind: str, node_id: str, props: Props, label: str | None = None) -> None:
        t = time.perf_counter()
        if kind == "documents" and self.now is not None:
            props = dict(props, ingested_at=self.now, updated_at=self.now)
        if not self.columns[kind].issuperset(props):
            unknown = sorted(set(props) - self.columns[kind])
            raise BulkError(f"{kind}: properties {unknown} have no CSV column")
        get = props.get
        fields = [_str_field(node_id)]
        fields += [fmt(get(c)) for c, fmt in self.formats[kind]]
        if label is not None:  # the type label; `Document` comes from the --nodes option
            if not label.isalnum():
                raise BulkError(f"{node_id}: unexpected label {label!r}")
            fields.append(label)
        self.files[kind].write(",".join(fields) + "\n")
        self.counts[kind] += 1
        self.seconds += time.perf_counter() - t

    def rel(self, kind: str, frm: str, to: str, rtype: str, props: Props) -> None:
        t = time.perf_counter()
        if not self.columns[kind].issuperset(props):
            unknown = sorted(set(props) - self.columns[kind])
            raise BulkError(f"{kind}: properties {unknown} have no CSV column")
        get = props.get
        fields = [_str_field(frm), _str_field(to), _str_field(rtype)]
        fields += [fmt(get(c)) for c, fmt in self.formats[kind]]
        self.files[kind].write(",".join(fields) + "\n")
        self.counts[kind] += 1
        self.seconds += time.perf_counter() - t

    def close(self) -> None:
        for f in self.files.values():
            f.close()

    def node_args(self) -> list[str]:
        """Every file's label; Document files add the type label in their ``:LABEL`` column."""
        return [f"--nodes={_LABEL_FOR_FILE[n]}={self.out / f'{n}.csv'}" for n in _NODE_FILES]

    def rel_args(self) -> list[str]:
        return [f"--relationships={self.out / f'{n}.csv'}" for n in _REL_FILES]


def _col(name: str) -> str:
    kind = _TYPES.get(name)
    return f"{name}:{kind}" if kind else name


_LABEL_FOR_FILE = {
    "documents": "Document",
    "placeholders": "Document",
    "agencies": "Agency",
    "persons": "Person",
    "programmes": "Programme",
    "meetings": "Meeting",
    "tasks": "Task",
}


Record = tuple[int, str, DocumentPlan | None, str | None]  # (ordinal, path, plan, failure)


def _read_chunks(state: State, done: dict[int, dict[str, Any]]) -> Iterator[list[Record]]:
    """The records of the spool, chunk by chunk in input order (one frame in memory)."""
    handles: dict[str, IO[bytes]] = {}
    try:
        for c in sorted(done):
            e = done[c]
            f = handles.get(e["shard"])
            if f is None:
                f = handles[e["shard"]] = (state.spool / e["shard"]).open("rb")
            f.seek(e["offset"])
            chunk, records = pickle.loads(f.read(e["length"]))
            if chunk != c:
                raise BulkError(f"spool frame of chunk {c} holds chunk {chunk}: remove the state")
            yield records
    finally:
        for f in handles.values():
            f.close()


class _Placeholder:
    """A placeholder node merged like ``merge_placeholder_documents`` (rows in input order)."""

    __slots__ = ("label", "props")

    def __init__(self, row: Props) -> None:
        rp = row["props"]
        self.label: str = row["label"]
        self.props: Props = {k: rp.get(k) for k in _PLACEHOLDER_FILL}
        self.props["ingested"] = False
        self.props["ambiguous"] = bool(rp.get("ambiguous") or False)
        cands = rp.get("candidates")
        self.props["candidates"] = None if cands is None else _union([], list(cands))

    def merge(self, row: Props) -> None:
        rp = row["props"]
        p = self.props
        for k in _PLACEHOLDER_FILL:
            if p[k] is None and rp.get(k) is not None:
                p[k] = rp[k]
        if rp.get("candidates") is not None:
            p["candidates"] = _union(p["candidates"] or [], list(rp["candidates"]))
        if self.label == "Other" and row["label"] != "Other":
            self.label = row["label"]


def _keep(
    keep: dict[str, int], kept_hash: dict[str, str], ordinal: int, doc_id: str, h: str
) -> bool:
    """Record one occurrence of ``doc_id``: the live loader keeps the first, unless a later file
    of the same id has other content (that one replaces it, as an update would). True when the
    id was seen before."""
    seen = doc_id in keep
    if not seen or kept_hash[doc_id] != h:
        keep[doc_id], kept_hash[doc_id] = ordinal, h
    return seen


def kept_documents(summaries: Iterator[list[Any]]) -> tuple[dict[str, int], dict[str, str]]:
    """The ordinal and short content hash of the occurrence kept of each document id."""
    keep: dict[str, int] = {}
    kept_hash: dict[str, str] = {}
    for ordinal, doc_id, _key, _date, _year, h, _placeholders in summaries:
        _keep(keep, kept_hash, ordinal, doc_id, h)
    return keep, kept_hash


def _build_index(
    summaries: Iterator[list[Any]], *, skip: AbstractSet[str] = frozenset()
) -> tuple[_KeyIndex, dict[str, int], int]:
    """From the journal summaries, in input order: the whole corpus's symbol-key index (same
    layout and merge rules as the live loader's ``_KeyIndex``) and the ordinal of the
    occurrence of each document id that the live loader would keep (:func:`_keep`). Documents
    in ``skip`` (unchanged in a live database, which already indexes them) stay out of the
    index."""
    index = _KeyIndex([])
    keep: dict[str, int] = {}
    kept_hash: dict[str, str] = {}
    dupes = 0
    by_key = index.by_key
    for ordinal, doc_id, key, date, year, h, placeholders in summaries:
        dupes += _keep(keep, kept_hash, ordinal, doc_id, h)
        if doc_id in skip:
            continue
        if key:
            by_key.setdefault(key, {})[doc_id] = [date, year, True]
        for pid, pkey, pdate, pyear in placeholders:
            docs = by_key.setdefault(pkey, {})
            known = docs.get(pid)
            if known is None:
                docs[pid] = [pdate, pyear, False]
            elif known[2] is not True:
                known[0] = known[0] if known[0] is not None else pdate
                known[1] = known[1] if known[1] is not None else pyear
    del kept_hash
    return index, keep, dupes


class Sink(Protocol):
    """Where stage 2 writes the resolved rows: the import CSV files (:class:`CsvWriter`) or the
    batch spool of the live writers (:class:`ingest.bulk_live.LiveSpool`)."""

    counts: dict[str, int]
    seconds: float

    def node(self, kind: str, node_id: str, props: Props, label: str | None = None) -> None: ...
    def rel(self, kind: str, frm: str, to: str, rtype: str, props: Props) -> None: ...
    def close(self) -> None: ...


class GraphKeys(Protocol):
    """The documents a live database already holds, by ``symbol_key`` (fetched on demand)."""

    def fetch(self, keys: AbstractSet[str]) -> None: ...
    def docs(self, key: str) -> dict[str, list[Any]]: ...  # id -> [issued_date, year, ingested]


def _layer(graph: dict[str, list[Any]], corpus: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The documents of one symbol key as the live loader would see them: the graph's, with the
    corpus's written over them. A document of the corpus replaces the graph's node; a
    placeholder of the corpus leaves an ingested graph document alone and only fills what a
    graph placeholder lacks (``merge_placeholder_documents``)."""
    if not graph or not corpus:
        return corpus or graph
    out = dict(graph)
    for i, c in corpus.items():
        g = out.get(i)
        if g is None or c[2]:
            out[i] = c
        elif not g[2]:
            out[i] = [g[0] if g[0] is not None else c[0], g[1] if g[1] is not None else c[1], False]
    return out


class _LayeredIndex(_KeyIndex):
    """A :class:`_KeyIndex` of the corpus over the documents of a live database: candidates
    come from both (:func:`_layer`); :meth:`add` records the corpus only."""

    def __init__(self, corpus: _KeyIndex, graph: GraphKeys) -> None:
        self.by_key = corpus.by_key
        self.graph = graph

    def candidates(self, plan: DocumentPlan) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for lk in plan.lookups:
            docs = _layer(self.graph.docs(lk["key"]), self.by_key.get(lk["key"], {}))
            out[lk["key"]] = [
                i
                for i, (date, year, _) in docs.items()
                if i != plan.document_id and _not_after(date, year, plan.issued_date)
            ]
        return out


class _Resolver:
    """Stage 2's node merging: each statement of a resolved plan becomes sink rows, nodes that
    many documents write (placeholders, agencies, persons, programmes) merged in memory as the
    loader's MERGE statements merge them and written by :meth:`finish`."""

    def __init__(self, out: Sink, keep: dict[str, int]) -> None:
        self.out = out
        self.keep = keep
        self.placeholders: dict[str, _Placeholder] = {}
        self.pending_subject: dict[str, str] = {}  # ingested ids cited by name before their file
        self.agencies: dict[str, list[Any]] = {}
        self.persons: dict[str, str] = {}
        self.programmes: dict[str, list[Any]] = {}

    def document(self, doc: Props) -> None:
        props = dict(doc["props"])
        ph = self.placeholders.pop(doc["id"], None)  # a placeholder upgraded in place
        subject = self.pending_subject.pop(doc["id"], None)
        if ph is not None and ph.props.get("subject") is not None:
            subject = ph.props["subject"]
        if subject is not None:
            props["subject"] = subject
        self.out.node("documents", doc["id"], props, doc["label"])

    def placeholder_rows(self, rows: list[Props], ordinal: int) -> None:
        for row in rows:
            pid = row["id"]
            own = self.keep.get(pid)
            if own is not None:  # an ingested document: only a name's subject stays
                subj = row["props"].get("subject")
                if own > ordinal and subj is not None:
                    self.pending_subject.setdefault(pid, subj)
                continue
            cur = self.placeholders.get(pid)
            if cur is None:
                self.placeholders[pid] = _Placeholder(row)
            else:
                cur.merge(row)

    def statement(self, name: str, params: dict[str, Any], ordinal: int) -> None:
        out = self.out
        if name == "merge_document":
            self.document(params["doc"])
        elif name == "merge_placeholder_documents":
            self.placeholder_rows(params["rows"], ordinal)
        elif name in _REL_KIND:
            for r in params["rows"]:
                out.rel(_REL_KIND[name], r["from"], r["to"], r["type"], r["props"])
        elif name == "merge_agencies":
            for r in params["rows"]:
                a = self.agencies.get(r["id"])
                if a is None:
                    self.agencies[r["id"]] = [r["name"], r["code"], r["kind"]]
                else:
                    a[1] = a[1] if a[1] is not None else r["code"]
                    a[2] = a[2] if a[2] is not None else r["kind"]
        elif name == "merge_persons":
            for r in params["rows"]:
                self.persons.setdefault(r["id"], r["name"])
        elif name == "merge_programmes":
            for r in params["rows"]:
                g = self.programmes.get(r["id"])
                if g is None:
                    self.programmes[r["id"]] = [r["name"], _union([], list(r["aliases"]))]
                else:
                    g[1] = _union(g[1], list(r["aliases"]))
        elif name == "merge_meetings":
            for r in params["rows"]:
                out.node("meetings", r["id"], r["props"])
                out.rel("doc_meeting", r["document_id"], r["id"], r["type"], r["rel"])
        elif name == "merge_meeting_chairs":
            for r in params["rows"]:
                out.rel("meeting_person", r["from"], r["to"], "CHAIRED_BY", r["props"])
        elif name == "merge_tasks":
            for r in params["rows"]:
                out.node("tasks", r["id"], r["props"])
                out.rel("doc_task", r["document_id"], r["id"], "ASSIGNS", r["rel"])
        else:
            raise BulkError(f"the plan has a statement the bulk path does not know: {name}")

    def finish(self) -> None:
        out = self.out
        for pid, ph in self.placeholders.items():
            out.node("placeholders", pid, ph.props, ph.label)
        for aid, (name, code, kind) in self.agencies.items():
            out.node("agencies", aid, {"name": name, "code": code, "kind": kind})
        for pid, name in self.persons.items():
            out.node("persons", pid, {"name": name})
        for gid, (name, aliases) in self.programmes.items():
            out.node("programmes", gid, {"name": name, "aliases": aliases})


# Relationship statements of a plan -> the relationship kind (CSV file / live partition rows).
_REL_KIND = {
    "merge_document_relations": "doc_doc",
    "merge_agency_relations": "doc_agency",
    "merge_person_relations": "doc_person",
    "merge_programme_relations": "doc_programme",
    "merge_task_agencies": "task_agency",
}


def resolve_stage(
    state: State,
    done: dict[int, dict[str, Any]],
    *,
    resolve: Resolve,
    report: BulkReport,
    sink: Sink | None = None,
    graph: GraphKeys | None = None,
    skip: AbstractSet[str] = frozenset(),
) -> Sink:
    """Stream the spool (in input order) into ``sink`` (default: the import CSV files under
    ``state.csv``); returns it, closed.

    For a live database, ``graph`` gives the documents it holds per symbol key (year-less
    citations see them under the corpus, :class:`_LayeredIndex`) and ``skip`` the documents it
    already holds with the same content: they write nothing, as the live loader's
    ``unchanged``.
    """
    t0 = time.perf_counter()
    corpus_index, keep, dupes = _build_index(state.summaries(done), skip=skip)
    report.duplicates = dupes
    base = corpus_index if resolve == "corpus" else _KeyIndex([])
    del corpus_index
    index = base if graph is None else _LayeredIndex(base, graph)
    report.times.index = time.perf_counter() - t0

    t1 = time.perf_counter()
    out: Sink = sink if sink is not None else CsvWriter(state.csv, now=timestamp())
    resolver = _Resolver(out, keep)
    for records in _read_chunks(state, done):
        kept = [
            (ordinal, plan)
            for ordinal, _, plan, _ in records
            if plan is not None and keep.get(plan.document_id) == ordinal
        ]
        if graph is not None:
            graph.fetch({lk["key"] for _, plan in kept for lk in plan.lookups})
        for _, path, plan, reason in records:
            if plan is None:
                report.failed += 1
                report.failures.append((path, reason or "extraction failed"))
        for ordinal, plan in kept:
            report.documents += 1
            if plan.document_id in skip:
                continue
            statements = resolve_statements(plan, index.candidates(plan))
            for name, params in statements:
                resolver.statement(name, params, ordinal)
            if resolve != "corpus":
                resolved: list[Props] = next(
                    (p["rows"] for n, p in statements if n == "merge_placeholder_documents"), []
                )
                index.add(plan, resolved)
    resolver.finish()
    out.close()
    report.counts = dict(out.counts)
    elapsed = time.perf_counter() - t1
    report.times.csv_write = out.seconds
    report.times.resolve = elapsed - out.seconds
    return out


# ============================================================================================
# Stage 3: neo4j-admin database import, then schema and checks
# ============================================================================================

# Properties the importer cannot store as the loader does: an empty list is a list in Cypher
# but an absent value in CSV. Set back after the import (few nodes: ambiguous placeholders
# with no candidate, programmes without aliases).
_FIXUPS = (
    "MATCH (d:Document) WHERE d.ambiguous = true AND d.candidates IS NULL SET d.candidates = []",
    "MATCH (g:Programme) WHERE g.aliases IS NULL SET g.aliases = []",
)


def _expected(counts: dict[str, int]) -> dict[str, int]:
    nodes = sum(counts[k] for k in _NODE_FILES)
    rels = sum(counts[k] for k in _REL_FILES)
    return {
        "nodes": nodes,
        "relationships": rels,
        "documents": counts["documents"] + counts["placeholders"],
    }


def import_stage(
    settings: Any,
    out: CsvWriter,
    *,
    report: BulkReport,
    threads: int = 2,
    heap: str = "1g",
    off_heap: str = "2g",
    log: Callable[[str], None] | None = None,
) -> None:
    """Stop the local Neo4j, import the CSV files, start it, apply the schema, verify."""
    from app.connection import connect
    from app.neo4j_runtime import LocalNeo4j, assemble
    from app.neo4j_runtime.local import ADMIN_TOOL
    from graph_schema import migrate

    say = log or logger.info
    server = LocalNeo4j(settings)
    lib = assemble.lib_dir(settings.cache_dir)
    say("stopping Neo4j for the import")
    server.stop()
    args = [
        "database",
        "import",
        "full",
        settings.neo4j_database,  # first: --nodes/--relationships take every later word
        "--overwrite-destination=true",
        f"--threads={threads}",
        "--high-parallel-io=on",
        f"--max-off-heap-memory={off_heap}",
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
        f"--report-file={out.out / 'import.report'}",
        *out.node_args(),
        *out.rel_args(),
    ]
    cmd = server._java_cmd(lib, ADMIN_TOOL, *args, heap=heap)
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=server._env(), capture_output=True, text=True, check=False)
    report.times.import_ = time.perf_counter() - t
    (out.out / "import.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        with contextlib.suppress(Exception):
            server.start()
        raise BulkError(f"neo4j-admin database import failed ({proc.returncode}):\n{tail}")
    say(f"import done in {report.times.import_:.1f}s; starting Neo4j")
    server.start()
    t = time.perf_counter()
    with connect(settings) as driver:
        db = settings.neo4j_database
        for stmt in _FIXUPS:
            driver.execute_query(stmt, database_=db)
        migrate.apply(driver, db)  # constraints and indexes, awaited
        report.times.index_build = time.perf_counter() - t
        records, _, _ = driver.execute_query(
            "CALL () { MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS nodes } "
            "CALL () { MATCH (d:Document) RETURN count(d) AS documents } "
            "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
            "RETURN nodes, documents, relationships",
            database_=db,
        )
    got = dict(records[0])
    report.verified = got
    want = _expected(out.counts)
    if got != want:
        raise BulkError(f"the imported graph does not hold what was written: {got} != {want}")


# ============================================================================================
# The whole run
# ============================================================================================


def database_documents(settings: Any) -> int:
    from app.connection import connect

    with connect(settings) as driver:
        records, _, _ = driver.execute_query(
            queries.load("count_documents"), database_=settings.neo4j_database
        )
    return int(records[0]["documents"])


def _import_refusal(settings: Any) -> str | None:
    """Why ``neo4j-admin database import`` cannot reach the store, or None (local runtime)."""
    from app.neo4j_runtime import LocalNeo4j, get_runtime

    if settings.external:
        return (
            "the import writes the store of a Neo4j that vanban runs locally; VANBAN_NEO4J_URI "
            "is set"
        )
    if not isinstance(get_runtime(settings), LocalNeo4j):
        return "the import needs the local runtime (VANBAN_NEO4J_RUNTIME=local), not Docker"
    return None


def check_runtime(settings: Any) -> None:
    """Refuse when the import tool cannot reach the store (external server or Docker)."""
    refusal = _import_refusal(settings)
    if refusal is not None:
        raise BulkError(
            f"--mode import: {refusal}; load with --mode live (concurrent transactions) or "
            "`vanban ingest` without --bulk"
        )


def choose_mode(
    settings: Any, mode: Mode, *, overwrite: bool
) -> tuple[Literal["import", "live"], str]:
    """Import or live writes, and why (started local Neo4j when it is the one to write to).

    ``auto``: the import when vanban runs Neo4j locally and the database is empty (or
    ``overwrite`` asks to replace it), live writes otherwise. ``import`` refuses an external
    server, Docker, and a database that holds documents without ``overwrite``.
    """
    from app.neo4j_runtime import LocalNeo4j

    if mode == "live":
        if overwrite:
            raise BulkError("--overwrite replaces the database by an import: use --mode import")
        if _import_refusal(settings) is None:
            LocalNeo4j(settings).start()
        return "live", "asked for (--mode live)"
    refusal = _import_refusal(settings)
    if refusal is not None:
        if mode == "import" or overwrite:
            check_runtime(settings)
        return "live", refusal
    LocalNeo4j(settings).start()
    n = database_documents(settings)
    if n and not overwrite:
        if mode == "import":
            raise BulkError(
                f"database '{settings.neo4j_database}' already holds {n} documents: the import "
                "builds a fresh database (pass --overwrite to replace it, or load with --mode "
                "live)"
            )
        return "live", f"database '{settings.neo4j_database}' already holds {n} documents"
    what = f"replacing {n} documents (--overwrite)" if n else "the database is empty"
    return "import", f"local Neo4j, {what}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bulk_load(
    files: Sequence[str],
    *,
    settings: Any,
    state_dir: Path,
    workers: int = 2,
    mode: Mode = "auto",
    overwrite: bool = False,
    restart: bool = False,
    resolve: Resolve = "corpus",
    import_threads: int = 2,
    import_heap: str = "1g",
    writers: int = 2,
    batch_size: int = 500,
    stop_after_chunks: int | None = None,
    stop_after_batches: int | None = None,
    skip_import: bool = False,
    progress: Callable[[int], None] | None = None,
    write_progress: Callable[[int, int], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> BulkReport:
    """Bulk-load ``files`` (in this order) into the configured database; resumable.

    ``mode`` (:func:`choose_mode`): ``import`` through ``neo4j-admin`` into a fresh database of
    the local Neo4j, ``live`` through ``writers`` concurrent sessions writing batches of
    ``batch_size`` node rows (relationships: ten times as many) into a running database,
    ``auto`` the import when it can and live otherwise. ``skip_import`` stops after the CSV
    files (``state_dir/csv``), for tests and benchmarks. Test hooks: ``stop_after_chunks``
    raises :class:`BulkInterrupted` after that many chunks were extracted and journaled by this
    run, ``stop_after_batches`` after that many live batches were written and journaled (the
    next one is committed but not journaled, as by a crash at the worst moment).
    ``write_progress(rows, total)`` follows the live writes.
    """
    say = log or logger.info
    started = time.perf_counter()
    report = BulkReport(files=len(files))
    chosen: Literal["import", "live"] = "import"
    if not skip_import:
        chosen, report.mode_reason = choose_mode(settings, mode, overwrite=overwrite)
        say(f"bulk load: {chosen} ({report.mode_reason})")
    report.mode = chosen
    state = State(state_dir)
    state.open(files, restart=restart)
    t = time.perf_counter()
    done = extract_stage(
        state,
        files,
        workers=workers,
        report=report,
        stop_after_chunks=stop_after_chunks,
        progress=progress,
    )
    report.times.extract = time.perf_counter() - t
    say(f"extracted {report.extracted_now} documents in {report.times.extract:.1f}s")
    if chosen == "live" and not skip_import:
        from ingest.bulk_live import live_stage

        live_stage(
            settings,
            state,
            done,
            resolve=resolve,
            report=report,
            writers=writers,
            batch_size=batch_size,
            stop_after_batches=stop_after_batches,
            progress=write_progress,
            log=say,
        )
    else:
        shutil.rmtree(state.root / "live", ignore_errors=True)  # planned against another graph
        out = resolve_stage(state, done, resolve=resolve, report=report)
        say(
            f"resolved and wrote CSV in {report.times.index + report.times.resolve:.1f}s "
            f"+ {report.times.csv_write:.1f}s writing"
        )
        if not skip_import:
            assert isinstance(out, CsvWriter)
            import_stage(
                settings, out, report=report, threads=import_threads, heap=import_heap, log=say
            )
    report.times.total = time.perf_counter() - started
    report.peak_rss_mb = peak_rss_mb()
    return report
