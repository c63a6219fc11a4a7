"""Faults: a crash in the middle of ``vanban ingest`` loses nothing and duplicates nothing.

On a generated corpus (ground truth from ``ingest.generate``), in the suite's shared Neo4j:

* the graph of an **uninterrupted** ingest is the reference (a canonical dump: every node with
  labels and properties, every relationship with type, end ids and properties);
* **the ingest killed** (SIGKILL of the ``vanban ingest`` process) while one of its write
  transactions is open: the same command run again finds the documents already written
  ``unchanged`` (no write redone), writes the rest and ends with the reference graph;
* **Neo4j killed** (SIGKILL of the JVM) in the same place, with ``vanban serve`` answering a
  stream of queries all along: the ingest gives up by itself (non-zero exit, one ``error:`` line,
  no traceback, within its retry window); meanwhile the API answers ``/ready`` and queries with
  503 problem+json and ``Retry-After``, never 500; once Neo4j is started again the same API
  process answers 200 by itself, and the ingest run again (queries still coming, none 5xx) ends
  with the reference graph.

"In the middle" is made exact by a latch (``bench.faults.WriteLatch``): an open transaction holds
the write lock of the document in the middle of the corpus, so the ingest's batch writing it
waits inside its transaction, every batch before it committed. The scenarios and the counts
table at a larger size: ``python -m bench.faults --docs N`` (``docs/faults.md``).

The database is put back as found (``Baseline``) after each scenario, and Neo4j is left running.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from app.main import create_app
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings
from bench.faults import (
    Baseline,
    Comparison,
    Corpus,
    FaultContext,
    IngestKilled,
    Neo4jKilled,
    Reference,
    Reply,
    TruthCount,
    compare,
    documents_in_graph,
    in_outage,
    make_corpus,
    reference_ingest,
    scenario_ingest_killed,
    scenario_neo4j_killed,
)

# The Neo4j scenario waits out the ingest's retry window (5 s here) and a Neo4j restart; each
# wait is bounded on its own, the marker only lifts pytest-timeout's default for a slow machine.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

DOCS = 200
BATCH = 20  # ten write transactions: the latch (document 100) stops the ingest mid-corpus
RETRY_SECONDS = 5.0  # VANBAN_NEO4J_RETRY_SECONDS of the ingest subprocesses
GIVES_UP_WITHIN = 120.0  # seconds from Neo4j's death to the ingest's exit (retries + back-off)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_corpus(tmp_path_factory.mktemp("faults-corpus"), DOCS, seed=11)


@pytest.fixture(scope="module")
def ctx(
    neo4j_server: LocalNeo4j,
    driver: Driver,
    settings: Settings,
    corpus: Corpus,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[FaultContext]:
    """The shared database as the module found it, put back (and checked) at the end; Neo4j
    running again whatever happened."""
    if not neo4j_server.status().answering:
        neo4j_server.start()
    workdir = tmp_path_factory.mktemp("faults-run")
    # the ingest subprocesses give up on a dead server after 5 s of retries, not the default 30
    quick = settings.model_copy(update={"neo4j_retry_seconds": RETRY_SECONDS})
    context = FaultContext(quick, driver, corpus, workdir, BATCH)
    held = documents_in_graph(driver, settings.neo4j_database, corpus)
    assert held == 0, f"the shared database already holds {held} documents of the corpus"
    context.baseline = Baseline.capture(driver, settings.neo4j_database)
    try:
        yield context
    finally:
        if not neo4j_server.status().answering:
            neo4j_server.start()
        context.reset()  # raises when the database cannot be put back as found


@pytest.fixture(scope="module")
def reference(ctx: FaultContext) -> Reference:
    ctx.reset()
    return reference_ingest(ctx)


@pytest.fixture(scope="module")
def ingest_killed(ctx: FaultContext, reference: Reference) -> IngestKilled:
    ctx.reset()  # each scenario starts from the database as the module found it
    return scenario_ingest_killed(ctx, "latch")


@pytest.fixture(scope="module")
def neo4j_killed(
    ctx: FaultContext, reference: Reference, ingest_killed: IngestKilled, neo4j_server: LocalNeo4j
) -> Neo4jKilled:
    ctx.reset()
    return scenario_neo4j_killed(ctx, neo4j_server, "latch")


def _assert_same_graph(reference: Reference, found: Comparison, truth: TruthCount) -> None:
    assert found.node_duplicates == 0 and found.rel_duplicates == 0, found.examples
    assert found.labels == {} and found.types == {}  # per label and type: the same counts
    assert found.equal, found.examples  # and the same nodes, edges and properties
    assert truth == reference.truth  # against the ground truth: what the reference found
    assert truth.docs_found == DOCS and truth.docs_duplicated == 0


# ------------------------------------------------------------------------------ reference ---
def test_reference_holds_the_generated_corpus(reference: Reference, corpus: Corpus) -> None:
    """The yardstick itself: every generated document once, and most generated citations."""
    t = reference.truth
    assert t.docs_expected == t.docs_found == DOCS and t.docs_duplicated == 0
    assert t.citations_expected > DOCS
    assert t.citations_found >= 0.8 * t.citations_expected


# ------------------------------------------------------------------------- ingest killed ---
def test_killed_ingest_was_stopped_mid_run(ingest_killed: IngestKilled) -> None:
    assert ingest_killed.kill_code == -9
    assert BATCH <= ingest_killed.docs_at_kill < DOCS  # whole batches committed, not all
    assert ingest_killed.docs_at_kill % BATCH == 0  # the batch in flight left nothing behind


def test_rerun_after_killed_ingest_redoes_no_write(ingest_killed: IngestKilled) -> None:
    rerun = ingest_killed.rerun
    assert rerun.code == 0, rerun.stderr[-2000:]
    assert rerun.count("unchanged") == ingest_killed.docs_at_kill
    assert ingest_killed.rewritten == 0  # their updated_at did not move
    assert rerun.count("inserted") == DOCS - ingest_killed.docs_at_kill
    assert rerun.count("updated") == 0 and rerun.count("failed") == 0


def test_rerun_after_killed_ingest_equals_uninterrupted(
    ingest_killed: IngestKilled, reference: Reference
) -> None:
    found = compare(reference.dump, ingest_killed.dump)
    _assert_same_graph(reference, found, ingest_killed.truth)


# --------------------------------------------------------------------------- Neo4j killed ---
def test_ingest_reports_lost_neo4j_cleanly(neo4j_killed: Neo4jKilled) -> None:
    outage = neo4j_killed.outage
    run = outage.failed_run
    assert run.code == 1
    # gave up by itself: the driver's retry window (30 s) and its last back-off, not a hang
    assert outage.seconds_to_exit < GIVES_UP_WITHIN
    assert "Traceback" not in run.stderr + run.stdout
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, run.stderr[-2000:]
    assert "was lost during the ingest" in errors[0]
    assert "run the same command again" in errors[0]
    # what was written before the loss: printed, and in the report
    assert run.report is not None and "error" in run.report
    assert run.report["inserted"] == neo4j_killed.docs_at_kill
    assert BATCH <= neo4j_killed.docs_at_kill < DOCS
    assert neo4j_killed.docs_at_kill % BATCH == 0  # the batch in flight was rolled back whole


def test_rerun_after_neo4j_crash_equals_uninterrupted(
    neo4j_killed: Neo4jKilled, reference: Reference
) -> None:
    rerun = neo4j_killed.rerun
    assert rerun.code == 0, rerun.stderr[-2000:]
    assert rerun.count("unchanged") == neo4j_killed.docs_at_kill  # committed before the crash
    assert neo4j_killed.rewritten == 0
    assert rerun.count("inserted") == DOCS - neo4j_killed.docs_at_kill
    assert rerun.count("updated") == 0 and rerun.count("failed") == 0
    found = compare(reference.dump, neo4j_killed.dump)
    _assert_same_graph(reference, found, neo4j_killed.truth)


def _is_503_problem(r: Reply) -> bool:
    return r.status == 503 and r.problem and r.retry_after is not None


def test_api_answers_503_while_neo4j_is_down(neo4j_killed: Neo4jKilled) -> None:
    outage = neo4j_killed.outage
    assert _is_503_problem(outage.ready_down), outage.ready_down
    assert _is_503_problem(outage.query_down), outage.query_down
    assert outage.health_down.status == 200  # the process itself is fine


def test_api_recovers_by_itself_after_neo4j_restart(neo4j_killed: Neo4jKilled) -> None:
    assert neo4j_killed.api_pid_after == neo4j_killed.api_pid_before  # never restarted
    after = neo4j_killed.recovery.after
    assert [r.status for r in after] == [200] * len(after), after


def test_queries_during_ingest_and_outage_never_500(neo4j_killed: Neo4jKilled) -> None:
    crash = neo4j_killed
    replies = crash.replies
    assert all(r.status != 0 for r in replies), [r for r in replies if r.status == 0][:3]
    outside = [r for r in replies if not in_outage(r, crash)]
    overlapping = [r for r in replies if in_outage(r, crash)]
    assert [r for r in outside if r.status >= 500] == []  # Neo4j up, ingest writing: no 5xx
    assert overlapping and all(r.status < 500 or _is_503_problem(r) for r in overlapping)
    lo, hi = crash.rerun_window
    during_rerun = [r for r in replies if r.started >= lo and r.ended <= hi]
    assert len(during_rerun) >= 10 and all(r.status == 200 for r in during_rerun)


def _neo4j_error(code: str) -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message="from the server")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ServiceUnavailable("Couldn't connect"), 503),
        (SessionExpired("connection closed"), 503),
        (_neo4j_error("Neo.TransientError.General.DatabaseUnavailable"), 503),  # starting up
        (ClientError("failed to obtain a connection from the pool within 10.0s (timeout)"), 503),
        (_neo4j_error("Neo.ClientError.Statement.SyntaxError"), 500),  # a bug stays a 500
    ],
)
def test_neo4j_errors_after_the_driver_gave_up(error: Exception, status: int) -> None:
    """What a query route answers when the driver gives up (its retries spent): every state
    of a Neo4j going down, starting or saturated is a 503 problem with Retry-After."""
    nowhere = Settings(_env_file=None, neo4j_uri="bolt://127.0.0.1:9", auto_migrate=False)  # type: ignore[call-arg]
    app = create_app(nowhere)

    async def fails() -> None:
        raise error

    app.add_api_route("/v1/fails", fails)
    resp = TestClient(app, raise_server_exceptions=False).get("/v1/fails")
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert ("retry-after" in resp.headers) == (status == 503)
    assert "Traceback" not in resp.text
