"""Bulk load into a live database: concurrent batched transactions, resumable.

``vanban ingest --bulk`` takes this path (:func:`live_stage`) when the import cannot run: the
database holds documents, or Neo4j is not one vanban runs locally (``VANBAN_NEO4J_URI``,
Docker). It reuses the extraction spool of :mod:`ingest.bulk` (stage 1) and its resolution
(stage 2), then writes with several sessions at once.

**Plan** (:func:`plan_writes`, once; nothing of it is redone on resume):

1. the states of the corpus's documents in the graph (``get_document_states``): the same
   content hash → *unchanged*, nothing written (as the live loader); an ingested document with
   another hash → *updated*: its old edges (and the tasks, meetings and orphan placeholders they
   leave) are deleted now, before anything is written (``delete_outgoing_edges_batch``, one
   writer; the live loader's batches do the same for the changed documents of a batch);
2. stage 2 of :mod:`ingest.bulk` with the graph underneath: year-less citations see the
   documents the graph holds with their ``symbol_key`` under the corpus's
   (``find_symbol_key_documents``, fetched chunk by chunk), and its rows go to a batch spool
   (:class:`LiveSpool`) instead of CSV files. Every node (document, placeholder, agency,
   person, programme, meeting, task) is **one row of the whole load**: the rows that many
   documents write are merged in memory first (as in the import).
3. ``live/plan.json`` (durable) records the batches; from then on the graph is written.

**Write** (:class:`Writers`), in two phases, each batch one transaction, journaled
(``live/written.jsonl``, fsynced) once committed:

* *Nodes*, ``writers`` sessions at once, batches in spool order: MERGE through the id
  uniqueness constraints, with the loader's statements (``merge_bulk_documents`` is
  ``merge_documents`` plus the subject of a name citation). No two transactions of the phase
  touch the same node (each id is one row of one batch), so none waits for another: no
  deadlock, whatever the number of writers.
* *Relationships*, after every node exists. Each relationship row goes to the partition of its
  **end node** (``crc32(end kind, end id) mod partitions``) and a partition is written by one
  writer at a time, batch after batch, so all the relationships *into* a node go through one
  transaction at a time. Hubs are always end nodes (a law cited 27k times, the issuing
  agency of thousands of documents, a signer, a programme): no two writers ever queue on a hub
  or its relationship chains, and the locks that remain shared are those of start nodes
  (citing documents, ~20 relationships each). Statements only CREATE relationships between
  existing nodes: no node property or label is written in this phase, so a transaction holds
  no exclusive lock before its commit, where Neo4j 5's record storage takes the node, group and
  relationship locks of all its relationship changes in ascending id order
  (``RelationshipModifier``/``RelationshipLockHelper``) and creating a relationship takes only
  shared locks while the statement runs. Two transactions that acquire their exclusive locks in
  one global order cannot wait for each other in a cycle, so the phase cannot deadlock on hubs;
  what contention is left (two commits that share a citing document) is a short wait.
  Should Neo4j still report a transient error (``DeadlockDetected``, lock timeouts, a leader
  switch), the transaction is retried with exponential backoff (:func:`execute_batch`; counted
  in ``BulkReport.retries``).

**Resume.** A batch is journaled after its commit; a rerun skips journaled batches. Node
batches are idempotent MERGEs. A relationship batch is a CREATE, so the one batch of each
partition that may have been committed but not journaled (a crash between commit and journal)
is written with the MERGE statements of the live loader instead: on resume the first batch not
journaled of every partition uses MERGE, the others CREATE. The plan is only made once (stage 2
is not redone after the graph started to change); when every batch is written the ``live``
folder is removed, so a later run plans again (and finds the documents unchanged).

**Failures.** A batch that Neo4j refuses for another reason is split in halves until the bad
row is alone; that row is reported (``failures``) and the others are written.

**Memory.** Stage 2 holds what :mod:`ingest.bulk` documents (the symbol-key index, the merged
nodes) plus the graph's documents for the corpus's year-less symbol keys, the ids of the
unchanged documents and the spool buffers (one node batch, ``partitions`` relationship batches
of at most ``rel_batch`` rows). Writing holds at most ``2 x writers`` node batches and
``writers`` relationship batches (:data:`NODE_TEXT_LIMIT` characters of document text per node
batch).
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import threading
import time
import zlib
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from concurrent.futures import FIRST_COMPLETED, FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import neo4j
import orjson
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

import queries
from ingest.bolt_params import quiet
from ingest.bulk import (
    _NODE_FILES,
    _REL_FILES,
    BulkError,
    BulkInterrupted,
    BulkReport,
    Resolve,
    State,
    _write_durable,
    kept_documents,
    resolve_stage,
)
from ingest.load import Props
from ingest.timestamps import timestamp

logger = logging.getLogger(__name__)

PARTITIONS = 16  # relationship partitions (more than writers: a hub-heavy one does not idle them)
NODE_TEXT_LIMIT = 16_000_000  # characters of search_text per node batch
STATE_BATCH = 2_000  # ids per get_document_states read
DELETE_BATCH = 100  # changed documents per delete_outgoing_edges_batch
KEYS_BATCH = 1_000  # symbol keys per find_symbol_key_documents read
RETRY_ROUNDS = 6  # execute_write retries transient errors itself; then this many more rounds
_FATAL = (ServiceUnavailable, SessionExpired, AuthError)

# Node rows -> the statement that merges them (one row per node of the whole load).
NODE_STATEMENTS = {
    "documents": "merge_bulk_documents",
    "placeholders": "merge_placeholder_documents",
    "agencies": "merge_agencies",
    "persons": "merge_persons",
    "programmes": "merge_programmes",
    "meetings": "merge_meeting_nodes",
    "tasks": "merge_task_nodes",
}
# Relationship rows -> (statement for new edges, statement for a batch maybe already written).
REL_STATEMENTS = {
    "doc_doc": ("create_document_relations", "merge_document_relations"),
    "doc_agency": ("create_agency_relations", "merge_agency_relations"),
    "doc_person": ("create_person_relations", "merge_person_relations"),
    "doc_programme": ("create_programme_relations", "merge_programme_relations"),
    "doc_meeting": ("create_meeting_relations", "merge_meeting_relations"),
    "meeting_person": ("create_meeting_chairs", "merge_meeting_chairs"),
    "doc_task": ("create_task_relations", "merge_task_relations"),
    "task_agency": ("create_task_agencies", "merge_task_agencies"),
}
assert set(NODE_STATEMENTS) == set(_NODE_FILES) and set(REL_STATEMENTS) == set(_REL_FILES)

Frame = dict[str, list[Props]]  # node or relationship kind -> rows
Entry = list[int]  # [offset, length, rows] of one batch in its spool file


# ============================================================================================
# The batch spool (stage 2's sink)
# ============================================================================================


def partition_of(space: str, node_id: str, partitions: int) -> int:
    """The relationship partition of an end node (stable across processes and runs)."""
    return zlib.crc32(f"{space}\x00{node_id}".encode("utf-8", "surrogatepass")) % partitions


class _FrameFile:
    """An append-only file of orjson frames; each append returns where the frame is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: IO[bytes] = path.open("wb")
        self.offset = 0

    def append(self, frame: Frame) -> tuple[int, int]:
        data = orjson.dumps(frame)
        at = self.offset
        self.file.write(data)
        self.offset += len(data)
        return at, len(data)

    def close(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()


def read_frame(f: IO[bytes], entry: Entry) -> Frame:
    f.seek(entry[0])
    frame: Frame = orjson.loads(f.read(entry[1]))
    return frame


class LiveSpool:
    """Stage 2's rows as batches for the live writers (the :class:`ingest.bulk.Sink` of the
    live path): ``nodes.bin`` (batches of ``node_batch`` rows or :data:`NODE_TEXT_LIMIT`
    characters, any kinds mixed) and ``rels-NNN.bin`` per partition (batches of ``rel_batch``
    rows whose end node falls in that partition)."""

    def __init__(
        self, root: Path, *, node_batch: int, rel_batch: int, partitions: int = PARTITIONS
    ) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.node_batch = max(1, node_batch)
        self.rel_batch = max(1, rel_batch)
        self.partitions = partitions
        self.nodes = _FrameFile(root / "nodes.bin")
        self.rels = [_FrameFile(root / f"rels-{p:03d}.bin") for p in range(partitions)]
        self.node_buf: Frame = {}
        self.node_rows = 0
        self.node_chars = 0
        self.rel_bufs: list[Frame] = [{} for _ in range(partitions)]
        self.rel_rows = [0] * partitions
        self.node_entries: list[Entry] = []
        self.rel_entries: list[list[Entry]] = [[] for _ in range(partitions)]
        self.counts: dict[str, int] = {k: 0 for k in (*_NODE_FILES, *_REL_FILES)}
        self.seconds = 0.0

    def node(self, kind: str, node_id: str, props: Props, label: str | None = None) -> None:
        t = time.perf_counter()
        row: Props
        if kind == "documents":
            props = dict(props)
            subject = props.pop("subject", None)
            row = {"id": node_id, "label": label, "props": props, "subject": subject}
            self.node_chars += len(props.get("search_text") or "")
        elif kind == "placeholders":
            row = {"id": node_id, "label": label, "props": props}
        elif kind in ("meetings", "tasks"):
            row = {"id": node_id, "props": props}
        else:  # agencies, persons, programmes: their properties are the row
            row = {"id": node_id, **props}
        self.node_buf.setdefault(kind, []).append(row)
        self.node_rows += 1
        self.counts[kind] += 1
        if self.node_rows >= self.node_batch or self.node_chars >= NODE_TEXT_LIMIT:
            self._flush_nodes()
        self.seconds += time.perf_counter() - t

    def rel(self, kind: str, frm: str, to: str, rtype: str, props: Props) -> None:
        t = time.perf_counter()
        p = partition_of(_REL_FILES[kind][1], to, self.partitions)
        row = {
            "from": frm,
            "to": to,
            "type": rtype,
            "source_id": props.get("source_id"),
            "props": props,
        }
        self.rel_bufs[p].setdefault(kind, []).append(row)
        self.rel_rows[p] += 1
        self.counts[kind] += 1
        if self.rel_rows[p] >= self.rel_batch:
            self._flush_rels(p)
        self.seconds += time.perf_counter() - t

    def _flush_nodes(self) -> None:
        if self.node_rows:
            at, size = self.nodes.append(self.node_buf)
            self.node_entries.append([at, size, self.node_rows])
        self.node_buf, self.node_rows, self.node_chars = {}, 0, 0

    def _flush_rels(self, p: int) -> None:
        if self.rel_rows[p]:
            at, size = self.rels[p].append(self.rel_bufs[p])
            self.rel_entries[p].append([at, size, self.rel_rows[p]])
        self.rel_bufs[p], self.rel_rows[p] = {}, 0

    def close(self) -> None:
        t = time.perf_counter()
        self._flush_nodes()
        for p in range(self.partitions):
            self._flush_rels(p)
        self.nodes.close()
        for f in self.rels:
            f.close()
        self.seconds += time.perf_counter() - t

    def layout(self) -> dict[str, Any]:
        return {"nodes": self.node_entries, "partitions": self.rel_entries}


# ============================================================================================
# State of the live writes: plan.json, written.jsonl
# ============================================================================================


class LiveState:
    """``STATE/live/``: the spool files, ``plan.json`` (written once the spool is complete) and
    ``written.jsonl`` (one line per batch committed)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.plan_path = root / "plan.json"
        self.journal_path = root / "written.jsonl"

    def load(self, key: dict[str, Any]) -> dict[str, Any] | None:
        """The plan of an interrupted live load, or None (no complete plan: start planning)."""
        if not self.plan_path.exists():
            return None
        plan: dict[str, Any] = orjson.loads(self.plan_path.read_bytes())
        if plan["key"] != key:
            raise BulkError(
                f"{self.root} holds an unfinished live load planned for {plan['key']}: finish it "
                "with the same settings, or pass --restart"
            )
        return plan

    def reset(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)

    def save(self, plan: dict[str, Any]) -> None:
        _write_durable(self.plan_path, orjson.dumps(plan))

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class WriteJournal:
    """``written.jsonl``: ``{"n": i}`` (node batch i) or ``{"r": [p, j]}`` (batch j of
    relationship partition p), with the rows it could not write; appended and fsynced after
    each commit (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.nodes: set[int] = set()
        self.rels: set[tuple[int, int]] = set()
        self.failures: list[tuple[str, str]] = []
        if path.exists():
            for line in path.read_bytes().splitlines():
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:  # a torn last line: that batch is redone
                    continue
                self._add(entry)
        self.lock = threading.Lock()
        self.file = path.open("ab")

    def _add(self, entry: dict[str, Any]) -> None:
        if "n" in entry:
            self.nodes.add(entry["n"])
        else:
            self.rels.add((entry["r"][0], entry["r"][1]))
        self.failures.extend((w, r) for w, r in entry.get("failures", []))

    def record(self, entry: dict[str, Any]) -> None:
        line = orjson.dumps(entry) + b"\n"
        with self.lock:
            self.file.write(line)
            self.file.flush()
            os.fsync(self.file.fileno())
            self._add(entry)

    def close(self) -> None:
        self.file.close()


# ============================================================================================
# The graph underneath: states, deletions, symbol keys
# ============================================================================================


def _read(session: neo4j.Session, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    query = queries.load(name)

    def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
        return tx.run(query, quiet(params)).data()

    return session.execute_read(work)


def read_states(session: neo4j.Session, kept_hash: dict[str, str]) -> tuple[set[str], list[str]]:
    """The corpus's documents the graph holds: ``(unchanged ids, changed ids)`` (by the short
    content hash of the journal summaries: the first 16 hex digits of SHA-256)."""
    unchanged: set[str] = set()
    changed: list[str] = []
    ids = list(kept_hash)
    for i in range(0, len(ids), STATE_BATCH):
        for r in _read(session, "get_document_states", {"ids": ids[i : i + STATE_BATCH]}):
            if not r.get("ingested"):
                continue  # a placeholder: the document is new
            if (r.get("content_hash") or "")[:16] == kept_hash[r["id"]]:
                unchanged.add(r["id"])
            else:
                changed.append(r["id"])
    return unchanged, changed


def delete_old_edges(session: neo4j.Session, changed: list[str]) -> None:
    """What the live loader deletes before writing a changed document (idempotent)."""
    query = queries.load("delete_outgoing_edges_batch")
    for i in range(0, len(changed), DELETE_BATCH):
        ids = changed[i : i + DELETE_BATCH]

        def work(tx: neo4j.ManagedTransaction, ids: list[str] = ids) -> None:
            tx.run(query, {"ids": ids}).consume()

        session.execute_write(work)


class GraphSymbolKeys:
    """The graph's documents per ``symbol_key`` (:class:`ingest.bulk.GraphKeys`), read before
    anything is written, only for the keys the corpus looks up."""

    def __init__(self, session: neo4j.Session) -> None:
        self.session = session
        self.by_key: dict[str, dict[str, list[Any]]] = {}

    def fetch(self, keys: AbstractSet[str]) -> None:
        missing = sorted(k for k in keys if k not in self.by_key)
        for i in range(0, len(missing), KEYS_BATCH):
            part = missing[i : i + KEYS_BATCH]
            for k in part:
                self.by_key[k] = {}
            for r in _read(self.session, "find_symbol_key_documents", {"keys": part}):
                self.by_key[r["key"]][r["id"]] = [
                    r["issued_date"],
                    r["year"],
                    bool(r["ingested"]),
                ]

    def docs(self, key: str) -> dict[str, list[Any]]:
        return self.by_key.get(key, {})


# ============================================================================================
# Writing batches
# ============================================================================================


@dataclass
class BatchResult:
    created: int = 0  # relationships created
    retries: int = 0  # transaction attempts repeated after a transient error
    failures: list[tuple[str, str]] = field(default_factory=list)


def execute_batch(
    session: neo4j.Session, statements: list[tuple[str, dict[str, Any]]]
) -> BatchResult:
    """Run ``statements`` in one write transaction; transient errors (``DeadlockDetected``,
    lock timeouts...) are retried with exponential backoff and jitter, first by the driver's
    ``execute_write`` (up to its retry time), then by :data:`RETRY_ROUNDS` more rounds."""
    result = BatchResult(retries=-1)

    def work(tx: neo4j.ManagedTransaction) -> int:
        result.retries += 1
        created = 0
        for name, params in statements:
            created += (
                tx.run(queries.load(name), quiet(params)).consume().counters.relationships_created
            )
        return created

    for round_ in range(RETRY_ROUNDS + 1):
        try:
            result.created = session.execute_write(work)
            return result
        except TransientError:
            if round_ == RETRY_ROUNDS:
                raise
            pause = min(30.0, 0.5 * 2**round_) * (0.5 + random.random())
            logger.info("transient error after the driver's retries; again in %.1fs", pause)
            time.sleep(pause)
    raise AssertionError("unreachable")


def _reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return f"{type(exc).__name__}: {' '.join(str(message).split())}"


def _what(kind: str, row: Props) -> str:
    """A failed row, for the report: the file of a document, else kind and ids."""
    if kind == "documents":
        return str(row["props"].get("source") or row["id"])
    if "from" in row:
        return f"{kind} {row['from']} -[{row['type']}]-> {row['to']}"
    return f"{kind} {row['id']}"


def write_rows(
    session: neo4j.Session,
    rows: list[tuple[str, Props]],
    statements: Callable[[Frame], list[tuple[str, dict[str, Any]]]],
) -> BatchResult:
    """Write ``(kind, row)``\\ s in one transaction; if Neo4j refuses it for another reason than
    a transient or connection error, split it in halves until the bad row is alone (reported
    in ``failures``, the others written)."""
    frame: Frame = {}
    for kind, row in rows:
        frame.setdefault(kind, []).append(row)
    try:
        return execute_batch(session, statements(frame))
    except (*_FATAL, TransientError):
        raise
    except Exception as exc:  # a value Neo4j refuses, a batch too big for the tx memory...
        if len(rows) == 1:
            kind, row = rows[0]
            logger.warning("bulk write of %s failed: %s", _what(kind, row), exc)
            return BatchResult(failures=[(_what(kind, row), _reason(exc))])
        logger.info("batch of %d rows refused (%s): splitting it", len(rows), _reason(exc))
        half = len(rows) // 2
        a = write_rows(session, rows[:half], statements)
        b = write_rows(session, rows[half:], statements)
        return BatchResult(a.created + b.created, a.retries + b.retries, a.failures + b.failures)


def _flat(frame: Frame) -> list[tuple[str, Props]]:
    return [(kind, row) for kind, rows in frame.items() for row in rows]


class Writers:
    """The write phases of a live bulk load (module docstring): ``writers`` threads, one
    session each per batch, every batch journaled after its commit."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        *,
        writers: int,
        journal: WriteJournal,
        report: BulkReport,
        resumed: bool,
        stop_after_batches: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.writers = max(1, writers)
        self.journal = journal
        self.report = report
        self.resumed = resumed
        self.stop_after = stop_after_batches
        self.progress = progress
        self.abort = threading.Event()
        self.lock = threading.Lock()
        self.now = timestamp()

    # ------------------------------------------------------------------ bookkeeping ---------
    def _committed(self, entry: dict[str, Any], rows: int, result: BatchResult) -> None:
        """Journal a committed batch (or, with the test hook, stop as a crash would)."""
        with self.lock:
            if self.stop_after is not None and self.report.batches_now >= self.stop_after:
                self.abort.set()
                raise BulkInterrupted(
                    f"stopped after {self.report.batches_now} batches (test hook): the last one "
                    "is committed but not journaled"
                )
        if result.failures:
            entry["failures"] = result.failures
        self.journal.record(entry)
        with self.lock:
            self.report.batches_now += 1
            self.report.rows_now += rows
            self.report.retries += result.retries
            self.report.failures.extend(result.failures)
            self.report.failed += len(result.failures)
        if self.progress is not None:
            self.progress(rows)

    def _node_statements(self, frame: Frame) -> list[tuple[str, dict[str, Any]]]:
        return [
            (NODE_STATEMENTS[kind], {"rows": rows, "now": self.now}) for kind, rows in frame.items()
        ]

    @staticmethod
    def _rel_statements(merge: bool) -> Callable[[Frame], list[tuple[str, dict[str, Any]]]]:
        def statements(frame: Frame) -> list[tuple[str, dict[str, Any]]]:
            return [(REL_STATEMENTS[kind][merge], {"rows": rows}) for kind, rows in frame.items()]

        return statements

    # ------------------------------------------------------------------ nodes ----------------
    def _node_batch(self, i: int, frame: Frame) -> None:
        rows = _flat(frame)
        with self.driver.session(database=self.database) as session:
            result = write_rows(session, rows, self._node_statements)
        self._committed({"n": i}, len(rows), result)

    def write_nodes(self, spool: Path, entries: list[Entry]) -> None:
        """Every node batch not journaled yet, ``writers`` at a time (at most twice as many
        read ahead)."""
        todo = [i for i in range(len(entries)) if i not in self.journal.nodes]
        self.report.batches_skipped += len(entries) - len(todo)
        pending: set[Future[None]] = set()
        with ThreadPoolExecutor(self.writers, thread_name_prefix="bulk-nodes") as pool:
            try:
                with (spool / "nodes.bin").open("rb") as f:
                    for i in todo:
                        if self.abort.is_set():
                            break
                        pending.add(pool.submit(self._node_batch, i, read_frame(f, entries[i])))
                        while len(pending) >= 2 * self.writers:
                            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                            _raise_first(finished)
                finished, pending = wait(pending)
                _raise_first(finished)
            except BaseException:
                self.abort.set()  # the running batches finish and are journaled
                raise

    # ------------------------------------------------------------------ relationships --------
    def _partition(self, p: int, spool: Path, entries: list[Entry]) -> None:
        """One partition, batch after batch (so one transaction at a time into its end
        nodes). On resume its first batch not journaled may be committed already: MERGE."""
        merge_next = self.resumed
        with (spool / f"rels-{p:03d}.bin").open("rb") as f:
            for j, entry in enumerate(entries):
                if (p, j) in self.journal.rels:
                    continue
                if self.abort.is_set():
                    return
                rows = _flat(read_frame(f, entry))
                with self.driver.session(database=self.database) as session:
                    result = write_rows(session, rows, self._rel_statements(merge_next))
                if not merge_next:
                    missing = len(rows) - len(result.failures) - result.created
                    if missing:
                        logger.warning("%d relationship rows found no start or end node", missing)
                        with self.lock:
                            self.report.missing_ends += missing
                merge_next = False
                self._committed({"r": [p, j]}, len(rows), result)

    def write_relationships(self, spool: Path, partitions: list[list[Entry]]) -> None:
        """Every partition on its own writer, largest first (a partition never runs on two)."""
        skipped = sum(
            1
            for p, part in enumerate(partitions)
            for j in range(len(part))
            if (p, j) in self.journal.rels
        )
        self.report.batches_skipped += skipped
        order = sorted(range(len(partitions)), key=lambda p: -sum(e[2] for e in partitions[p]))
        with ThreadPoolExecutor(self.writers, thread_name_prefix="bulk-rels") as pool:
            futures = [pool.submit(self._partition, p, spool, partitions[p]) for p in order]
            try:
                finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
                _raise_first(finished)
                wait(futures)
                _raise_first(set(futures))
            except BaseException:
                self.abort.set()
                raise


def _raise_first(futures: AbstractSet[Future[None]]) -> None:
    """Raise the error of the first of ``futures`` that failed, if any (all are done)."""
    for fut in futures:
        exc = fut.exception() if fut.done() else None
        if exc is not None:
            raise exc


# ============================================================================================
# The stage
# ============================================================================================


def plan_writes(
    session: neo4j.Session,
    state: State,
    done: dict[int, dict[str, Any]],
    live: LiveState,
    *,
    resolve: Resolve,
    report: BulkReport,
    batch_size: int,
) -> dict[str, Any]:
    """Prepare (states, old edges of changed documents) and spool every write (module
    docstring, "Plan"); returns the plan, saved."""
    t = time.perf_counter()
    _, kept_hash = kept_documents(state.summaries(done))
    unchanged, changed = read_states(session, kept_hash)
    report.unchanged, report.updated = len(unchanged), len(changed)
    report.inserted = len(kept_hash) - len(unchanged) - len(changed)
    del kept_hash
    delete_old_edges(session, changed)
    report.times.prepare = time.perf_counter() - t
    live.reset()
    spool = LiveSpool(live.root, node_batch=batch_size, rel_batch=10 * batch_size)
    resolve_stage(
        state,
        done,
        resolve=resolve,
        report=report,
        sink=spool,
        graph=GraphSymbolKeys(session),
        skip=unchanged,
    )
    plan: dict[str, Any] = {
        **spool.layout(),
        "counts": spool.counts,
        "report": {
            k: getattr(report, k)
            for k in ("documents", "inserted", "updated", "unchanged", "duplicates", "failed")
        },
        "failures": report.failures,
    }
    return plan


def _restore(report: BulkReport, plan: dict[str, Any]) -> None:
    """The numbers of the planning run, for a resumed one."""
    for k, v in plan["report"].items():
        setattr(report, k, v)
    report.failures = [(p, r) for p, r in plan["failures"]]
    report.counts = dict(plan["counts"])


def live_stage(
    settings: Any,
    state: State,
    done: dict[int, dict[str, Any]],
    *,
    resolve: Resolve,
    report: BulkReport,
    writers: int = 2,
    batch_size: int = 500,
    stop_after_batches: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> None:
    """Plan (unless an interrupted run planned already) and write into the live database."""
    from app.connection import connect
    from graph_schema import migrate

    say = log or logger.info
    live = LiveState(state.root / "live")
    key = {"database": settings.neo4j_database, "uri": settings.bolt_uri, "resolve": resolve}
    with connect(settings) as driver:
        db = settings.neo4j_database
        migrate.apply(driver, db)
        plan = live.load(key)
        resumed = plan is not None
        if plan is None:
            with driver.session(database=db) as session:
                plan = plan_writes(
                    session,
                    state,
                    done,
                    live,
                    resolve=resolve,
                    report=report,
                    batch_size=batch_size,
                )
            plan["key"] = key
            live.save(plan)
            say(
                f"planned {report.documents} documents ({report.inserted} new, {report.updated} "
                f"changed, {report.unchanged} unchanged) in "
                f"{report.times.prepare + report.times.index + report.times.resolve:.1f}s "
                f"+ {report.times.csv_write:.1f}s spooling"
            )
        else:
            _restore(report, plan)
            say("resuming the live writes of an interrupted run")
        nodes: list[Entry] = plan["nodes"]
        partitions: list[list[Entry]] = plan["partitions"]
        report.batches = len(nodes) + sum(len(p) for p in partitions)
        journal = WriteJournal(live.journal_path)
        report.failures.extend(journal.failures)
        report.failed += len(journal.failures)
        total = sum(e[2] for e in nodes) + sum(e[2] for p in partitions for e in p)
        written = [0]

        def advance(rows: int) -> None:
            written[0] += rows
            if progress is not None:
                progress(rows, total)

        w = Writers(
            driver,
            db,
            writers=writers,
            journal=journal,
            report=report,
            resumed=resumed,
            stop_after_batches=stop_after_batches,
            progress=advance,
        )
        try:
            t = time.perf_counter()
            w.write_nodes(live.root, nodes)
            report.times.write_nodes = time.perf_counter() - t
            t = time.perf_counter()
            w.write_relationships(live.root, partitions)
            report.times.write_relationships = time.perf_counter() - t
        finally:
            journal.close()
        report.verified = {
            "batches": report.batches,
            "rows": total,
            "missing_ends": report.missing_ends,
        }
    say(
        f"wrote {report.batches_now} batches ({report.rows_now} rows; {report.batches_skipped} "
        f"done before) in {report.times.write_nodes:.1f}s nodes + "
        f"{report.times.write_relationships:.1f}s relationships, {writers} writers, "
        f"{report.retries} retries"
    )
    live.remove()
