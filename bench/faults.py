"""Faults: an ingest interrupted by a crash ends with the graph of an uninterrupted one.

Usage::

    .venv/bin/python -m bench.faults --docs 2000 [--workers 2] [--batch-size 100]
        [--trigger progress|latch] [--seed 0]

On a generated corpus (``ingest.generate``: documents and their ground truth), in a Neo4j of its
own (instance ``faults``, ports 28687/28474 unless ``VANBAN_NEO4J_*`` say otherwise; recreated
empty), the graph of an **uninterrupted** ``vanban ingest`` is the reference. Then:

1. **the ingest killed**: ``vanban ingest`` is SIGKILLed in the middle of the run and run again.
   The documents already written must come back ``unchanged`` (no write redone) and the graph
   must equal the reference.
2. **Neo4j killed** (SIGKILL of the JVM) in the middle of ``vanban ingest``, with the API
   (``vanban serve``) answering queries all along: the ingest must stop by itself (non-zero
   exit, one ``error:`` line, no traceback) within its retry window; during the outage the API
   answers ``/ready`` and queries with 503 ``application/problem+json`` (``Retry-After``), never
   500; Neo4j is started again, the same API process answers 200 again by itself, and the same
   ingest command, run again while queries keep coming, must end with the reference graph.

"In the middle" is chosen by ``--trigger``: ``progress`` kills once half of the documents are
in the graph (wherever the ingest happens to be, a commit included); ``latch`` (what the test
suite uses, ``tests/integration/test_faults.py``) first holds the write lock of one document in
an open transaction, so the ingest is known to be stuck *inside* a write transaction when the
kill comes.

The graphs are compared as canonical dumps (every node with its labels and properties, every
relationship with its type, the ids of its ends and its properties), per label and type, and
against the ground truth: every generated document present once, and the generated citations
found as edges as often as in the reference. The building blocks here are shared with the test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import httpx
import orjson
from neo4j import Driver, Session, Transaction

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.files import iter_inputs
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings
from bench.graph import graph_rows

logger = logging.getLogger(__name__)

Trigger = Literal["latch", "progress"]

FAULTS_ENV = {
    "VANBAN_NEO4J_INSTANCE": "faults",
    "VANBAN_NEO4J_BOLT_PORT": "28687",
    "VANBAN_NEO4J_HTTP_PORT": "28474",
    "VANBAN_NEO4J_RUNTIME": "local",
}

MIDWAY_TIMEOUT = 180.0
"""Longest wait for an ingest to reach the middle of its run (CLI start-up included)."""
LOST_EXIT_TIMEOUT = 150.0
"""Longest wait for an ingest to give up once Neo4j is gone: the driver retries a transaction
for 30 s and may sleep one more back-off (up to ~38 s) before it raises."""
API_TIMEOUT = 60.0
"""Longest wait for the API to start, and for it to answer ``/ready`` 200 after Neo4j is back."""
REQUEST_TIMEOUT = 60.0
"""One HTTP request: the API's own read retries last ~10-20 s while Neo4j is down."""


class FaultError(Exception):
    """A scenario could not be run as planned (a bounded wait ran out, a process misbehaved)."""


def rerun_timeout(docs: int) -> float:
    """A bound for one ``vanban ingest`` of ``docs`` documents on a slow, shared machine."""
    return 120.0 + 0.2 * docs


# =============================================================================================
# Corpus and ground truth
# =============================================================================================


@dataclass(frozen=True)
class Corpus:
    """A generated corpus: ``docs_dir`` (what ``vanban ingest`` gets), its files in ingest order
    and the ground-truth records."""

    root: Path
    docs_dir: Path
    files: list[str]
    truth: list[dict[str, Any]]

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.truth]

    def citation_triples(self) -> set[tuple[str, str, str]]:
        """Distinct (citing id, relation, cited id) of the ground truth."""
        return {
            (r["id"], c["relation"], c["id"]) for r in self.truth for c in r["citations"] if c["id"]
        }

    def hub(self, among_first: int) -> str:
        """The most cited document among the first ``among_first`` files (ingested early)."""
        early = {Path(f).stem for f in self.files[:among_first]}
        cited = Counter(c["id"] for r in self.truth for c in r["citations"] if c["id"] in early)
        return cited.most_common(1)[0][0] if cited else sorted(early)[0]

    def title_words(self, doc_id: str) -> str:
        title = next((r["title"] for r in self.truth if r["id"] == doc_id), None) or "quyết định"
        return " ".join(title.split()[:2])


def make_corpus(out: Path, docs: int, *, seed: int = 0) -> Corpus:
    """Generate ``docs`` documents under ``out`` (``vanban generate``) and read them back."""
    from ingest.generate import generate_corpus, iter_ground_truth

    generate_corpus(out, docs=docs, seed=seed, workers=1)
    docs_dir = out / "docs"
    files = [str(p) for p in iter_inputs([docs_dir])]
    return Corpus(out, docs_dir, files, list(iter_ground_truth(out)))


@dataclass(frozen=True)
class TruthCount:
    """The graph against the ground truth of the corpus."""

    docs_expected: int
    docs_found: int
    docs_duplicated: int  # extra nodes for a generated id (a uniqueness constraint forbids them)
    citations_expected: int
    citations_found: int  # generated citations present as an edge of their relation type

    @property
    def docs_missing(self) -> int:
        return self.docs_expected - self.docs_found


def count_truth(driver: Driver, database: str, corpus: Corpus) -> TruthCount:
    ids = corpus.ids
    rows, _, _ = driver.execute_query(
        "MATCH (d:Document) WHERE d.id IN $ids AND d.ingested RETURN d.id AS id, count(*) AS n",
        ids=ids,
        database_=database,
    )
    triples = sorted(corpus.citation_triples())
    found, _, _ = driver.execute_query(
        "UNWIND $rows AS row "
        "MATCH (a:Document {id: row[0]})-[r]->(b:Document {id: row[2]}) WHERE type(r) = row[1] "
        "RETURN count(DISTINCT row) AS n",
        rows=[list(t) for t in triples],
        database_=database,
    )
    return TruthCount(
        docs_expected=len(set(ids)),
        docs_found=len(rows),
        docs_duplicated=sum(r["n"] - 1 for r in rows),
        citations_expected=len(triples),
        citations_found=found[0]["n"],
    )


def documents_in_graph(driver: Driver, database: str, corpus: Corpus) -> int:
    """How many of the corpus's documents the graph holds as ingested (committed writes)."""
    rows, _, _ = driver.execute_query(
        "MATCH (d:Document) WHERE d.id IN $ids AND d.ingested RETURN count(d) AS n",
        ids=corpus.ids,
        database_=database,
    )
    return int(rows[0]["n"])


# =============================================================================================
# Graph dumps
# =============================================================================================


VOLATILE = frozenset({"ingested_at", "updated_at"})
"""Properties that record *when* a document was written: left out of dumps (two runs never
agree on them); :func:`write_stamps` uses them to show which documents a run wrote again."""


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _stable(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in VOLATILE}


@dataclass(frozen=True)
class GraphDump:
    """The whole graph as sorted canonical strings (schema bookkeeping left out)."""

    nodes: tuple[str, ...]
    rels: tuple[str, ...]

    def labels(self) -> Counter[str]:
        return Counter(label for n in self.nodes for label in json.loads(n)[0])

    def types(self) -> Counter[str]:
        return Counter(json.loads(r)[1] for r in self.rels)

    def node_ids(self) -> Counter[str]:
        return Counter(str(json.loads(n)[1].get("id")) for n in self.nodes)

    def rel_keys(self) -> Counter[tuple[str, str, str, str]]:
        """(from id, type, to id, source document): an edge written twice shows up here."""
        out: Counter[tuple[str, str, str, str]] = Counter()
        for r in self.rels:
            a, t, b, p = json.loads(r)
            out[(a, t, b, str(p.get("source_id")))] += 1
        return out


def dump_graph(driver: Driver, database: str) -> GraphDump:
    nodes, rels = graph_rows(driver, database)
    return GraphDump(
        tuple(sorted(_canon([sorted(r["labels"]), _stable(r["props"])]) for r in nodes)),
        tuple(sorted(_canon([r["a"], r["type"], r["b"], _stable(r["props"])]) for r in rels)),
    )


def write_stamps(driver: Driver, database: str, corpus: Corpus) -> dict[str, str]:
    """``updated_at`` of the corpus's ingested documents (set each time one is written)."""
    rows, _, _ = driver.execute_query(
        "MATCH (d:Document) WHERE d.id IN $ids AND d.ingested "
        "RETURN d.id AS id, toString(d.updated_at) AS at",
        ids=corpus.ids,
        database_=database,
    )
    return {r["id"]: r["at"] for r in rows}


def rewritten(before: dict[str, str], after: dict[str, str]) -> int:
    """Documents of ``before`` written again since (their write time moved)."""
    return sum(1 for k, at in before.items() if after.get(k) != at)


def _excess(found: Counter[Any], expected: Counter[Any]) -> int:
    return sum(max(0, n - expected.get(k, 0)) for k, n in found.items())


@dataclass(frozen=True)
class Comparison:
    """A graph (``found``) against the reference (``expected``)."""

    nodes_expected: int
    nodes_found: int
    nodes_missing: int
    nodes_extra: int
    node_duplicates: int  # ids present more often than in the reference
    rels_expected: int
    rels_found: int
    rels_missing: int
    rels_extra: int
    rel_duplicates: int  # (from, type, to, source) present more often than in the reference
    labels: dict[str, tuple[int, int]]  # label -> (expected, found), where they differ
    types: dict[str, tuple[int, int]]
    examples: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.nodes_missing or self.nodes_extra or self.rels_missing or self.rels_extra)


def _differing(a: Counter[str], b: Counter[str]) -> dict[str, tuple[int, int]]:
    return {k: (a.get(k, 0), b.get(k, 0)) for k in sorted(set(a) | set(b)) if a[k] != b[k]}


def compare(expected: GraphDump, found: GraphDump) -> Comparison:
    en, fn = Counter(expected.nodes), Counter(found.nodes)
    er, fr = Counter(expected.rels), Counter(found.rels)
    missing = list((en - fn).elements()) + list((er - fr).elements())
    extra = list((fn - en).elements()) + list((fr - er).elements())
    examples = [f"missing {m[:200]}" for m in missing[:5]] + [f"extra {x[:200]}" for x in extra[:5]]
    return Comparison(
        nodes_expected=len(expected.nodes),
        nodes_found=len(found.nodes),
        nodes_missing=sum((en - fn).values()),
        nodes_extra=sum((fn - en).values()),
        node_duplicates=_excess(found.node_ids(), expected.node_ids()),
        rels_expected=len(expected.rels),
        rels_found=len(found.rels),
        rels_missing=sum((er - fr).values()),
        rels_extra=sum((fr - er).values()),
        rel_duplicates=_excess(found.rel_keys(), expected.rel_keys()),
        labels=_differing(expected.labels(), found.labels()),
        types=_differing(expected.types(), found.types()),
        examples=examples,
    )


@dataclass
class Baseline:
    """What a (shared) database held before a scenario, to put it back exactly afterwards:
    nodes and relationships created since are deleted, the old ones' labels and properties
    restored, old relationships deleted since created again; :meth:`check` compares the dump
    with the one taken here."""

    node_rows: list[dict[str, Any]]  # {"e": elementId, "l": labels, "p": properties}
    rel_rows: list[dict[str, Any]]  # {"e": elementId, "a", "b": end elementIds, "t", "p"}
    dump: GraphDump

    @classmethod
    def capture(cls, driver: Driver, database: str) -> Baseline:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) RETURN elementId(n) AS e, labels(n) AS l, properties(n) AS p",
            database_=database,
        )
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN elementId(r) AS e, elementId(a) AS a, elementId(b) AS b, "
            "type(r) AS t, properties(r) AS p",
            database_=database,
        )
        return cls(
            [r.data() for r in nodes], [r.data() for r in rels], dump_graph(driver, database)
        )

    def restore(self, driver: Driver, database: str) -> None:
        with driver.session(database=database) as s:  # auto-commit: IN TRANSACTIONS
            s.run(
                "MATCH ()-[r]->() WHERE NOT elementId(r) IN $keep "
                "CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS",
                keep=[r["e"] for r in self.rel_rows],
            ).consume()
            s.run(
                "MATCH (n) WHERE NOT elementId(n) IN $keep "
                "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS",
                keep=[r["e"] for r in self.node_rows],
            ).consume()
        if self.node_rows:
            driver.execute_query(
                "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.e "
                "WITH n, row, [x IN labels(n) WHERE NOT x IN row.l] AS extra "
                "REMOVE n:$(extra) SET n:$(row.l) SET n = row.p",
                rows=self.node_rows,
                database_=database,
            )
        if self.rel_rows:
            self._restore_rels(driver, database)

    def _restore_rels(self, driver: Driver, database: str) -> None:
        """Old relationships: properties put back; those deleted since created again (their
        new element ids remembered, so the next restore keeps them)."""
        rows, _, _ = driver.execute_query(
            "UNWIND $rows AS row "
            "OPTIONAL MATCH ()-[old]->() WHERE elementId(old) = row.e "
            "FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END | SET old = row.p) "
            "WITH row, old WHERE old IS NULL "
            "MATCH (a) WHERE elementId(a) = row.a MATCH (b) WHERE elementId(b) = row.b "
            "CREATE (a)-[r:$(row.t)]->(b) SET r = row.p "
            "RETURN row.e AS was, elementId(r) AS e",
            rows=self.rel_rows,
            database_=database,
        )
        moved = {r["was"]: r["e"] for r in rows}
        for row in self.rel_rows:
            row["e"] = moved.get(row["e"], row["e"])

    def check(self, driver: Driver, database: str) -> Comparison:
        """The database now against this baseline (``.equal`` when it was put back exactly)."""
        return compare(self.dump, dump_graph(driver, database))


# =============================================================================================
# Processes: `vanban ingest`, `vanban serve`
# =============================================================================================


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment of a ``vanban`` subprocess that talks to the server of ``settings``
    (as an external server: the subprocess starts and stops nothing)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")}
    env.update(
        VANBAN_NEO4J_URI=settings.bolt_uri,
        VANBAN_NEO4J_USER=settings.neo4j_user,
        VANBAN_NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
        VANBAN_NEO4J_DATABASE=settings.neo4j_database,
        VANBAN_NEO4J_RETRY_SECONDS=str(settings.neo4j_retry_seconds),
        VANBAN_AUTO_MIGRATE="true",
        PYTHONUNBUFFERED="1",
        COLUMNS="200",  # rich: one line per message in the captured output
    )
    return env


def vanban_command() -> list[str]:
    script = Path(sys.executable).with_name("vanban")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux ``/proc``; empty elsewhere)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                kids = [int(x) for x in task.read_text().split()]
                out += kids
                todo += kids
    return out


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


@dataclass(frozen=True)
class CliRun:
    """One finished ``vanban`` run."""

    code: int
    seconds: float
    stdout: str
    stderr: str
    report: dict[str, Any] | None

    def count(self, outcome: str) -> int:
        return int((self.report or {}).get(outcome, 0))


class IngestProcess:
    """``vanban ingest DIR`` as a subprocess, output to files (a pipe could fill and block)."""

    def __init__(
        self,
        docs_dir: Path,
        workdir: Path,
        settings: Settings,
        *,
        name: str,
        batch_size: int,
        workers: int,
    ) -> None:
        self.workdir = workdir
        self.report_path = workdir / f"{name}.report.json"
        self.out_path = workdir / f"{name}.out"
        self.err_path = workdir / f"{name}.err"
        self.cmd = [
            *vanban_command(),
            "ingest",
            str(docs_dir),
            "--batch-size",
            str(batch_size),
            "--workers",
            str(workers),
            "--report",
            str(self.report_path),
        ]
        self.env = cli_env(settings)
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.children: set[int] = set()

    def start(self) -> IngestProcess:
        self.report_path.unlink(missing_ok=True)
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.proc = subprocess.Popen(
                self.cmd,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env=self.env,
                cwd=self.workdir,  # no stray .env file
            )
        self.started = time.monotonic()
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def note_children(self) -> None:
        """Remember the process's descendants now (extraction workers, their forkserver)."""
        if self.running():
            self.children.update(_children(self.pid))

    def reap_children(self, timeout: float) -> list[int]:
        """The noted descendants still alive ``timeout`` seconds after the process ended
        (then SIGKILLed: they were started here)."""
        deadline = time.monotonic() + timeout
        while any(_alive(k) for k in self.children) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = sorted(k for k in self.children if _alive(k))
        for k in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(k, signal.SIGKILL)
        return left

    def kill(self, *, timeout: float = 30.0) -> list[int]:
        """SIGKILL the ingest process alone (a crash: its workers are not told). Returns the
        descendants still alive ``timeout`` seconds later (then killed too)."""
        assert self.proc is not None, "not started"
        self.note_children()
        self.proc.kill()
        self.proc.wait(timeout=timeout)
        return self.reap_children(timeout)

    def wait(self, timeout: float) -> CliRun:
        assert self.proc is not None, "not started"
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.kill()
            raise FaultError(
                f"`vanban ingest` still running after {timeout:.0f}s; stderr:\n"
                + self.err_path.read_text(errors="replace")[-2000:]
            ) from exc
        report = orjson.loads(self.report_path.read_bytes()) if self.report_path.exists() else None
        return CliRun(
            code,
            time.monotonic() - self.started,
            self.out_path.read_text(errors="replace"),
            self.err_path.read_text(errors="replace"),
            report,
        )

    def close(self) -> None:
        if self.running():
            self.kill()


class ApiServer:
    """``vanban serve`` as a subprocess on ``port`` (its log in ``workdir``), launched on
    entering, terminated on leaving; :meth:`wait_ready` waits for it to answer."""

    def __init__(self, settings: Settings, port: int, workdir: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = workdir / "api.log"
        self.cmd = [*vanban_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
        self.env = cli_env(settings)
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ApiServer:
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.env,
                cwd=self.workdir,
            )
        return self

    def wait_ready(self) -> float:
        """Wait (bounded) until ``/ready`` answers 200; the seconds it took."""
        try:
            return wait_status(self.url + "/ready", 200, API_TIMEOUT, alive=self.alive)
        except FaultError as exc:
            raise FaultError(f"{exc}; API log:\n{self.log_tail()}") from exc

    def __exit__(self, *_exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


def wait_status(
    url: str,
    want: int,
    timeout: float,
    *,
    alive: Callable[[], bool] | None = None,
    interval: float = 0.25,
) -> float:
    """Poll ``url`` until it answers ``want``; the seconds it took. ``alive()`` false stops."""
    started = time.monotonic()
    deadline = started + timeout
    last = "no answer"
    with httpx.Client(timeout=10.0) as client:
        while time.monotonic() < deadline:
            if alive is not None and not alive():
                raise FaultError(f"the process serving {url} exited")
            try:
                code = client.get(url).status_code
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if code == want:
                    return time.monotonic() - started
                last = f"HTTP {code}"
            time.sleep(interval)
    raise FaultError(f"{url} did not answer {want} within {timeout:.0f}s (last: {last})")


# =============================================================================================
# Queries while things break
# =============================================================================================


@dataclass(frozen=True)
class Reply:
    path: str
    started: float  # time.monotonic()
    ended: float
    status: int  # 0: no HTTP answer at all (connection refused, reset, timeout)
    problem: bool  # application/problem+json
    retry_after: str | None
    error: str | None = None


def fetch(client: httpx.Client, path: str) -> Reply:
    started = time.monotonic()
    try:
        resp = client.get(path)
    except httpx.HTTPError as exc:
        return Reply(path, started, time.monotonic(), 0, False, None, f"{type(exc).__name__}")
    return Reply(
        path,
        started,
        time.monotonic(),
        resp.status_code,
        resp.headers.get("content-type", "").startswith("application/problem+json"),
        resp.headers.get("retry-after"),
    )


def query_paths(corpus: Corpus, hub: str) -> list[str]:
    """What the hammer asks: cited-by of a hub, a document list, a search, the stats."""
    return [
        f"/v1/documents/{quote(hub, safe='')}/cited-by?limit=50",
        "/v1/documents?limit=20",
        f"/v1/search?q={quote(corpus.title_words(hub))}&limit=10",
        "/v1/stats",
    ]


class Hammer(threading.Thread):
    """Sends the ``paths`` in turn, one after the other, until stopped; keeps every reply."""

    def __init__(self, base_url: str, paths: Sequence[str], pause: float = 0.01) -> None:
        super().__init__(name="hammer", daemon=True)
        self.base_url = base_url
        self.paths = list(paths)
        self.pause = pause  # between requests: pressure, not a busy loop on a shared machine
        self.replies: list[Reply] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=REQUEST_TIMEOUT) as client:
            i = 0
            while not self._stop_event.is_set():
                self.replies.append(fetch(client, self.paths[i % len(self.paths)]))
                i += 1
                self._stop_event.wait(self.pause)

    def stop(self) -> list[Reply]:
        self._stop_event.set()
        if self.ident is None:  # never started
            return []
        self.join(timeout=REQUEST_TIMEOUT + 10)
        if self.is_alive():
            raise FaultError("the query thread did not stop")
        return list(self.replies)


# =============================================================================================
# Getting an ingest to the middle of its run
# =============================================================================================


class WriteLatch:
    """Holds the write lock of one document id in an open transaction (``MERGE`` through the
    id constraint, never committed): the ingest's transaction that writes that id waits for it,
    so the ingest is known to be inside a write transaction, its earlier batches committed."""

    def __init__(self, driver: Driver, database: str, doc_id: str) -> None:
        self.driver = driver
        self.database = database
        self.doc_id = doc_id
        self.session: Session | None = None
        self.tx: Transaction | None = None

    def __enter__(self) -> WriteLatch:
        self.session = self.driver.session(database=self.database)
        self.tx = self.session.begin_transaction()
        self.tx.run("MERGE (d:Document {id: $id})", id=self.doc_id).consume()
        return self

    def wait_blocked(self, timeout: float, still_running: Callable[[], bool]) -> None:
        """Return once another transaction waits on a lock (the ingest's)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not still_running():
                raise FaultError("the ingest ended before it reached the latched document")
            if blocked_transactions(self.driver, self.database):
                return
            time.sleep(0.1)
        raise FaultError(f"no ingest transaction waited on {self.doc_id} within {timeout:.0f}s")

    def __exit__(self, *_exc: object) -> None:
        """Roll back (nothing was ever written); a dead server has rolled it back already."""
        with contextlib.suppress(Exception):
            if self.tx is not None:
                self.tx.rollback()
        with contextlib.suppress(Exception):
            if self.session is not None:
                self.session.close()


def blocked_transactions(driver: Driver, database: str) -> int:
    rows, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD database, status "
        "WHERE database = $db AND status STARTS WITH 'Blocked' RETURN count(*) AS n",
        db=database,
        database_=database,
    )
    return int(rows[0]["n"])


def other_transactions(driver: Driver, database: str) -> int:
    """Open transactions besides the one asking (an orphan of a killed client shows here)."""
    rows, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD database, currentQuery "
        "WHERE database = $db AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n",
        db=database,
        database_=database,
    )
    return int(rows[0]["n"])


def wait_quiet(driver: Driver, database: str, timeout: float = 60.0) -> None:
    """Wait until no transaction but this one is open (a killed client's is rolled back)."""
    deadline = time.monotonic() + timeout
    while other_transactions(driver, database):
        if time.monotonic() > deadline:
            raise FaultError(f"transactions still open after {timeout:.0f}s")
        time.sleep(0.1)


def latch_id(corpus: Corpus, position: int) -> str:
    """The document id the loader gives the file at ``position`` (the ingest order)."""
    from ingest.load import extract_plan

    _, plan, reason = extract_plan(corpus.files[position])
    if plan is None:
        raise FaultError(f"{corpus.files[position]} does not extract: {reason}")
    return plan.document_id


@contextlib.contextmanager
def midway(
    ctx: FaultContext,
    ingest: IngestProcess,
    trigger: Trigger,
    on_start: Callable[[], None] | None = None,
) -> Iterator[int]:
    """Start ``ingest`` and yield once it is in the middle of its run: the number of corpus
    documents then committed. ``latch`` keeps the ingest blocked inside a write transaction
    until the block exits; ``progress`` yields once half of the corpus is in the graph.
    ``on_start`` runs right after the ingest is launched (while it starts up)."""
    docs = len(ctx.corpus.files)
    if trigger == "latch":
        doc_id = latch_id(ctx.corpus, docs // 2)
        with WriteLatch(ctx.driver, ctx.database, doc_id) as latch:
            ingest.start()
            if on_start is not None:
                on_start()
            latch.wait_blocked(MIDWAY_TIMEOUT, ingest.running)
            logger.info("the ingest waits on the latch")
            yield documents_in_graph(ctx.driver, ctx.database, ctx.corpus)
        return
    ingest.start()
    if on_start is not None:
        on_start()
    deadline = time.monotonic() + MIDWAY_TIMEOUT
    while (n := documents_in_graph(ctx.driver, ctx.database, ctx.corpus)) < docs // 2:
        if not ingest.running():
            raise FaultError(f"the ingest ended with {n} of {docs} documents written")
        if time.monotonic() > deadline:
            raise FaultError(f"only {n} of {docs} documents after {MIDWAY_TIMEOUT:.0f}s")
        time.sleep(0.05)
    yield n


# =============================================================================================
# Scenarios
# =============================================================================================


@dataclass
class FaultContext:
    """What every scenario shares: the server, a driver on it, the corpus, the reference."""

    settings: Settings
    driver: Driver
    corpus: Corpus
    workdir: Path
    batch_size: int = 20
    workers: int = 1
    baseline: Baseline | None = None  # what to put back between scenarios

    def reset(self) -> None:
        """Put the database back to the baseline, and check it is."""
        assert self.baseline is not None, "no baseline captured"
        self.baseline.restore(self.driver, self.database)
        left = self.baseline.check(self.driver, self.database)
        if not left.equal:
            raise FaultError(f"the database was not put back: {left.examples}")

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    def ingest(self, name: str) -> IngestProcess:
        return IngestProcess(
            self.corpus.docs_dir,
            self.workdir,
            self.settings,
            name=name,
            batch_size=self.batch_size,
            workers=self.workers,
        )


@dataclass
class Reference:
    """The uninterrupted ingest."""

    dump: GraphDump
    truth: TruthCount
    seconds: float


def reference_ingest(ctx: FaultContext) -> Reference:
    """Ingest the corpus without interruption, in this process (the same loader, batch size
    and file order as ``vanban ingest``)."""
    from ingest.load import ingest_paths

    started = time.monotonic()
    report = ingest_paths(
        ctx.driver,
        ctx.database,
        [ctx.corpus.docs_dir],
        workers=ctx.workers,
        batch_size=ctx.batch_size,
    )
    seconds = time.monotonic() - started
    if report.failed or report.inserted != len(ctx.corpus.files):
        raise FaultError(f"the reference ingest did not insert every document: {report}")
    return Reference(
        dump_graph(ctx.driver, ctx.database),
        count_truth(ctx.driver, ctx.database, ctx.corpus),
        seconds,
    )


@dataclass
class IngestKilled:
    docs_at_kill: int  # corpus documents committed when the ingest was killed
    rewritten: int  # of those, written again by the rerun (updated_at moved)
    kill_code: int  # the killed process's exit status (-9)
    leftover_processes: list[int]  # its workers still alive 30 s after (then killed)
    rerun: CliRun
    dump: GraphDump
    truth: TruthCount


def scenario_ingest_killed(ctx: FaultContext, trigger: Trigger = "latch") -> IngestKilled:
    """SIGKILL ``vanban ingest`` mid-run, then run the same command again to the end."""
    first = ctx.ingest("killed")
    try:
        with midway(ctx, first, trigger):
            leftover = first.kill()
            logger.info("the ingest killed")
    finally:
        first.close()
    assert first.proc is not None
    kill_code = first.proc.returncode
    wait_quiet(ctx.driver, ctx.database)  # the killed client's transaction is rolled back
    stamps = write_stamps(ctx.driver, ctx.database, ctx.corpus)
    rerun = ctx.ingest("after-kill").start().wait(rerun_timeout(len(ctx.corpus.files)))
    logger.info("rerun done in %.1fs", rerun.seconds)
    return IngestKilled(
        len(stamps),
        rewritten(stamps, write_stamps(ctx.driver, ctx.database, ctx.corpus)),
        kill_code,
        leftover,
        rerun,
        dump_graph(ctx.driver, ctx.database),
        count_truth(ctx.driver, ctx.database, ctx.corpus),
    )


@dataclass
class Outage:
    """Neo4j killed under a running ingest, what the ingest and the API did while it was down."""

    killed_at: float  # time.monotonic() of the kill
    failed_run: CliRun  # the ingest that lost its database
    seconds_to_exit: float  # from the kill to that ingest's exit
    ready_down: Reply  # /ready right after the kill
    query_down: Reply  # a query right after the kill
    health_down: Reply
    leftover_processes: list[int]  # the ingest's workers still alive 10 s after its exit


@dataclass
class Recovery:
    """Neo4j started again; the API (same process) answering again."""

    restart_seconds: float  # Neo4j start after the crash (store recovery included)
    recovery_seconds: float  # from Neo4j answering to the API's /ready 200
    ready_at: float  # time.monotonic() of that /ready 200
    after: list[Reply]  # each query once, right after it


@dataclass
class Neo4jKilled:
    outage: Outage
    recovery: Recovery
    docs_at_kill: int  # corpus documents in the graph after the crash (committed before it)
    rewritten: int  # of those, written again by the rerun (updated_at moved)
    rerun: CliRun
    rerun_window: tuple[float, float]  # time.monotonic() at its start and end
    replies: list[Reply]  # every reply of the query thread, start to end
    api_pid_before: int
    api_pid_after: int  # -1: the API process died
    dump: GraphDump
    truth: TruthCount

    @property
    def killed_at(self) -> float:
        return self.outage.killed_at

    @property
    def ready_at(self) -> float:
        return self.recovery.ready_at


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kill_neo4j_mid_ingest(
    ctx: FaultContext, server: LocalNeo4j, trigger: Trigger, api: ApiServer, hammer: Hammer
) -> Outage:
    """Start the ingest (and, while it starts, the API's queries), kill Neo4j midway, probe the
    API during the outage (while the ingest is still retrying), wait for the ingest to give up."""

    def queries_on() -> None:
        api.wait_ready()
        hammer.start()

    first = ctx.ingest("neo4j-killed")
    try:
        with midway(ctx, first, trigger, on_start=queries_on):
            first.note_children()
            killed_at = time.monotonic()
            server.kill()
            logger.info("Neo4j killed")
        with httpx.Client(base_url=api.url, timeout=REQUEST_TIMEOUT) as client:
            down = [fetch(client, p) for p in ("/ready", "/v1/stats", "/health")]
        failed = first.wait(LOST_EXIT_TIMEOUT)
        logger.info("the ingest exited %s", failed.code)
        exited = time.monotonic() - killed_at
        left = first.reap_children(10.0)
    finally:
        first.close()
    ready_down, query_down, health_down = down
    return Outage(killed_at, failed, exited, ready_down, query_down, health_down, left)


def _restart_neo4j(server: LocalNeo4j, api: ApiServer, paths: Sequence[str]) -> Recovery:
    started = time.monotonic()
    server.start()
    restart = time.monotonic() - started
    logger.info("Neo4j started again in %.1fs", restart)
    recovery = wait_status(api.url + "/ready", 200, API_TIMEOUT, alive=api.alive)
    ready_at = time.monotonic()
    with httpx.Client(base_url=api.url, timeout=REQUEST_TIMEOUT) as client:
        after = [fetch(client, p) for p in paths]
    return Recovery(restart, recovery, ready_at, after)


def scenario_neo4j_killed(
    ctx: FaultContext, server: LocalNeo4j, trigger: Trigger = "latch", api_port: int | None = None
) -> Neo4jKilled:
    """SIGKILL Neo4j mid-ingest with the API under queries; start Neo4j again; rerun the
    ingest (queries still coming). Neo4j is running again when this returns, whatever happened
    (it is the caller's server)."""
    paths = query_paths(ctx.corpus, ctx.corpus.hub(ctx.batch_size))
    docs = len(ctx.corpus.files)
    try:
        with ApiServer(ctx.settings, api_port or _free_port(), ctx.workdir) as api:
            hammer = Hammer(api.url, paths)
            try:
                outage = _kill_neo4j_mid_ingest(ctx, server, trigger, api, hammer)
                recovery = _restart_neo4j(server, api, paths)
                stamps = write_stamps(ctx.driver, ctx.database, ctx.corpus)
                rerun_started = time.monotonic()
                rerun = ctx.ingest("after-neo4j-kill").start().wait(rerun_timeout(docs))
                rerun_window = (rerun_started, time.monotonic())
                logger.info("rerun done in %.1fs", rerun.seconds)
            finally:
                replies = hammer.stop()
            pid_after = api.pid if api.alive() else -1
    finally:
        if not server.status().answering:
            server.start()
    return Neo4jKilled(
        outage=outage,
        recovery=recovery,
        docs_at_kill=len(stamps),
        rewritten=rewritten(stamps, write_stamps(ctx.driver, ctx.database, ctx.corpus)),
        rerun=rerun,
        rerun_window=rerun_window,
        replies=replies,
        api_pid_before=api.pid,
        api_pid_after=pid_after,
        dump=dump_graph(ctx.driver, ctx.database),
        truth=count_truth(ctx.driver, ctx.database, ctx.corpus),
    )


# =============================================================================================
# The bench: a table
# =============================================================================================


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


Cells = tuple[object, object, object, object, object, object]  # what, expected, found, ...


def _truth_rows(truth: TruthCount, ref: TruthCount | None) -> list[Cells]:
    """Documents against the ground truth; citations against it (``ref`` None) or against
    the uninterrupted run's count."""
    docs: Cells = (
        "generated documents (ground truth)",
        truth.docs_expected,
        truth.docs_found,
        truth.docs_missing,
        "",
        truth.docs_duplicated,
    )
    want = ref.citations_found if ref else truth.citations_expected
    what = "generated citations as edges " + ("(vs uninterrupted)" if ref else "(ground truth)")
    found = truth.citations_found
    cites: Cells = (
        what,
        want,
        found,
        max(0, want - found),
        max(0, found - want) if ref else "",
        "",
    )
    return [docs, cites]


def _dump_rows(c: Comparison) -> list[Cells]:
    n, r = "nodes (vs uninterrupted dump)", "relationships (vs uninterrupted dump)"
    return [
        (n, c.nodes_expected, c.nodes_found, c.nodes_missing, c.nodes_extra, c.node_duplicates),
        (r, c.rels_expected, c.rels_found, c.rels_missing, c.rels_extra, c.rel_duplicates),
        ("labels and types whose counts differ", 0, len(c.labels) + len(c.types), "", "", ""),
    ]


def counts_table(ref: Reference, runs: Sequence[tuple[str, GraphDump, TruthCount]]) -> list[str]:
    """Markdown: per scenario, expected (ground truth, uninterrupted) against found."""
    head = ["scenario", "what", "expected", "found", "missing", "extra", "duplicates"]
    lines = [_row(head), _row(["---"] * len(head))]
    lines += [_row(["uninterrupted", *cells]) for cells in _truth_rows(ref.truth, None)]
    for name, dump, truth in runs:
        rows = _truth_rows(truth, ref.truth) + _dump_rows(compare(ref.dump, dump))
        lines += [_row([name, *cells]) for cells in rows]
    return lines


def _statuses(replies: Sequence[Reply]) -> str:
    counts = Counter(r.status for r in replies)
    return ", ".join(f"{k or 'no answer'}: {v}" for k, v in sorted(counts.items()))


def _took(r: Reply) -> float:
    return r.ended - r.started


def in_outage(r: Reply, crash: Neo4jKilled) -> bool:
    """The reply's request overlapped the outage (from the kill to the API's /ready 200)."""
    return r.ended > crash.killed_at and r.started < crash.ready_at


def _reply(r: Reply) -> str:
    kind = ", problem+json" if r.problem else ""
    retry = f", Retry-After {r.retry_after}" if r.retry_after else ""
    return f"{r.path.split('?')[0]} {r.status or 'no answer'} in {_took(r):.1f}s{kind}{retry}"


def _rerun(run: CliRun, rewritten: int) -> str:
    return (
        f"rerun exit {run.code} in {run.seconds:.1f}s: {run.count('unchanged')} unchanged "
        f"({rewritten} of them written again), {run.count('inserted')} inserted, "
        f"{run.count('updated')} updated, {run.count('failed')} failed"
    )


def facts(killed: IngestKilled, crash: Neo4jKilled) -> list[str]:
    """One line per measured fact of the two scenarios."""
    out, rec = crash.outage, crash.recovery
    lo, hi = crash.rerun_window
    during_outage = [r for r in crash.replies if in_outage(r, crash)]
    outside = [r for r in crash.replies if not in_outage(r, crash)]
    during_rerun = [r for r in crash.replies if r.started >= lo and r.ended <= hi]
    lines = out.failed_run.stderr.strip().splitlines()
    error_line = next((line for line in lines if line.startswith("error:")), "(none)")
    return [
        f"- ingest killed: {killed.docs_at_kill} documents committed at the kill (exit "
        f"{killed.kill_code}), {len(killed.leftover_processes)} worker processes left behind; "
        + _rerun(killed.rerun, killed.rewritten),
        f"- Neo4j killed: {crash.docs_at_kill} documents committed before it; the ingest exited "
        f"{out.failed_run.code} {out.seconds_to_exit:.1f}s after the kill "
        f"({len(out.leftover_processes)} worker processes left behind), traceback printed: "
        f"{'Traceback' in out.failed_run.stderr + out.failed_run.stdout}; its last line: "
        f"`{error_line}`",
        "- API right after the kill: "
        + "; ".join(_reply(r) for r in (out.ready_down, out.query_down, out.health_down)),
        f"- Neo4j start after the crash {rec.restart_seconds:.1f}s; the API answered /ready 200 "
        f"{rec.recovery_seconds:.1f}s later, same process: "
        f"{crash.api_pid_before == crash.api_pid_after}; then "
        + "; ".join(_reply(r) for r in rec.after),
        "- " + _rerun(crash.rerun, crash.rewritten),
        f"- query thread: {len(crash.replies)} replies; not overlapping the outage "
        f"{_statuses(outside)}; overlapping it {_statuses(during_outage)}; during the rerun's "
        f"writes {_statuses(during_rerun)}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2, help="vanban ingest --workers")
    ap.add_argument("--batch-size", type=int, default=100, help="vanban ingest --batch-size")
    ap.add_argument("--trigger", choices=["progress", "latch"], default="progress")
    ap.add_argument("--keep", action="store_true", help="leave Neo4j running at the end")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from bench.graph import open_graph, stop_graph

    for key, value in FAULTS_ENV.items():
        os.environ.setdefault(key, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    if settings.external:
        print("bench.faults kills and restarts Neo4j: unset VANBAN_NEO4J_URI", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="vanban-faults-"))
    started = time.monotonic()
    try:
        corpus = make_corpus(workdir / "corpus", a.docs, seed=a.seed)
        print(f"corpus: {a.docs} documents, {len(corpus.citation_triples())} distinct citations")
        server = LocalNeo4j(settings)
        driver = open_graph(settings, fresh=True)
        try:
            ctx = FaultContext(settings, driver, corpus, workdir, a.batch_size, a.workers)
            empty = Baseline.capture(driver, settings.neo4j_database)
            ref = reference_ingest(ctx)
            print(f"uninterrupted ingest: {ref.seconds:.1f}s")
            empty.restore(driver, settings.neo4j_database)
            killed = scenario_ingest_killed(ctx, a.trigger)
            print(f"ingest killed at {killed.docs_at_kill} documents; rerun done")
            empty.restore(driver, settings.neo4j_database)
            crash = scenario_neo4j_killed(ctx, server, a.trigger)
            print(f"Neo4j killed at {crash.docs_at_kill} documents; rerun done")
        finally:
            driver.close()
    finally:
        if not a.keep:
            stop_graph(settings)
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(
        f"{a.docs} generated documents, `vanban ingest --workers {a.workers} --batch-size "
        f"{a.batch_size}`, trigger `{a.trigger}`, {time.monotonic() - started:.0f}s in all"
    )
    print()
    runs = [
        ("ingest killed + rerun", killed.dump, killed.truth),
        ("Neo4j killed + restart + rerun", crash.dump, crash.truth),
    ]
    print("\n".join(counts_table(ref, runs)))
    print()
    print("\n".join(facts(killed, crash)))
    ok = all(compare(ref.dump, d).equal for _, d, _ in runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
