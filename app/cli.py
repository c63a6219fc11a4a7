"""``vanban``: the one command line of the project.

Failures print one line starting with ``error:`` (and, for a Neo4j that died while starting, the
tail of its log) and exit non-zero; nothing waits without a bound.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from neo4j import Driver
from rich.console import Console

from app.neo4j_runtime import LocalNeo4j, RuntimeFailure, get_runtime
from app.settings import Settings, get_settings

logger = logging.getLogger(__name__)

app = typer.Typer(
    name="vanban",
    help="vanban-kg: a legal knowledge graph of Vietnamese government documents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
neo4j_app = typer.Typer(help="Run the Neo4j server that vanban uses.", no_args_is_help=True)
schema_app = typer.Typer(help="Graph schema migrations.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(schema_app, name="schema")

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    first, _, rest = message.partition("\n")
    console.print(f"[bold red]error:[/] {first}", highlight=False, markup=True)
    if rest:
        console.print(rest, highlight=False, markup=False)
    return typer.Exit(code)


def _settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:  # pydantic ValidationError: bad VANBAN_* value
        raise fail(f"invalid settings: {exc}".replace("\n", " ")) from exc


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug output.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


# ---------------------------------------------------------------------------------- neo4j ---
@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start Neo4j (assembled from Maven Central on first use) and wait until it answers."""
    settings = _settings()
    runtime = get_runtime(settings)
    if runtime is None:
        out.print(f"VANBAN_NEO4J_URI is set: using {settings.bolt_uri}, nothing to start")
        return
    started = time.monotonic()
    try:
        status = runtime.start()
    except RuntimeFailure as exc:
        raise fail(str(exc)) from exc
    out.print(f"Neo4j {status.detail} ({time.monotonic() - started:.1f}s)")
    out.print(f"Neo4j Browser: {settings.browser_url}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the Neo4j that vanban started (graceful, bounded wait)."""
    settings = _settings()
    runtime = get_runtime(settings)
    if runtime is None:
        raise fail("VANBAN_NEO4J_URI is set: vanban does not stop a server it did not start")
    try:
        stopped = runtime.stop()
    except RuntimeFailure as exc:
        raise fail(str(exc)) from exc
    out.print("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether Neo4j runs and answers; exit 3 when it does not."""
    settings = _settings()
    runtime = get_runtime(settings)
    if runtime is None:
        from app.connection import connect

        try:
            connect(settings).close()
        except RuntimeFailure as exc:
            raise fail(str(exc), code=3) from exc
        out.print(f"external Neo4j at {settings.bolt_uri} answers")
        return
    status = runtime.status()
    out.print(status.detail)
    if not (status.running and status.answering):
        raise typer.Exit(3)


@neo4j_app.command("logs")
def neo4j_logs(
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="Lines to show.")] = 50,
) -> None:
    """Show the end of Neo4j's log."""
    runtime = get_runtime(_settings())
    if runtime is None:
        raise fail("VANBAN_NEO4J_URI is set: the logs are on that server")
    out.print(runtime.log_tail(lines), highlight=False, markup=False)


@neo4j_app.command("reset")
def neo4j_reset(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Stop the local instance and delete its data (the jar cache is kept)."""
    settings = _settings()
    runtime = get_runtime(settings)
    if not isinstance(runtime, LocalNeo4j):
        raise fail("reset only applies to the local runtime")
    if not yes and not typer.confirm(f"Delete all data in {runtime.home}?"):
        raise typer.Exit(1)
    runtime.stop()
    shutil.rmtree(runtime.home, ignore_errors=True)
    out.print(f"deleted {runtime.home}")


# --------------------------------------------------------------------------------- schema ---
@schema_app.command("apply")
def schema_apply() -> None:
    """Apply the numbered migrations in graph_schema/migrations (idempotent)."""
    from app.connection import connect
    from graph_schema import migrate

    settings = _settings()
    try:
        with connect(settings) as driver:
            result = migrate.apply(driver, settings.neo4j_database)
    except (RuntimeFailure, migrate.MigrationError) as exc:
        raise fail(str(exc)) from exc
    if result.applied:
        out.print(f"applied: {', '.join(result.applied)}")
    out.print(f"schema current ({len(result.applied) + len(result.already)} migrations)")


@schema_app.command("status")
def schema_status() -> None:
    """List pending migrations; exit 3 when some are pending."""
    from app.connection import connect
    from graph_schema import migrate

    settings = _settings()
    try:
        with connect(settings) as driver:
            pending = migrate.check(driver, settings.neo4j_database)
    except (RuntimeFailure, migrate.MigrationError) as exc:
        raise fail(str(exc)) from exc
    if pending:
        out.print(f"pending: {', '.join(pending)}")
        raise typer.Exit(3)
    out.print("schema current")


# ---------------------------------------------------------------------------------- serve ---
@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            help="One log line per request (~0.15 ms each, measured; see docs/benchmarks.md).",
        ),
    ] = True,
) -> None:
    """Serve the HTTP API (uvicorn; uvloop and httptools, which `uvicorn[standard]` installs)."""
    import uvicorn

    settings = _settings()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level="info",
        access_log=access_log,
    )


@app.command("up")
def up(
    demo: Annotated[
        Path | None, typer.Option(help="Corpus to ingest before serving (default: demo corpus).")
    ] = None,
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Everything `make run` does: Neo4j up, schema applied, demo corpus ingested, API served."""
    from app.connection import connect
    from graph_schema import migrate

    settings = _settings()
    runtime = get_runtime(settings)
    try:
        if runtime is not None:
            status = runtime.start()
            out.print(f"Neo4j: {status.detail}")
        with connect(settings) as driver:
            result = migrate.apply(driver, settings.neo4j_database)
            out.print(f"schema current ({len(result.applied) + len(result.already)} migrations)")
            _ingest_demo(driver, settings, demo)
    except (RuntimeFailure, migrate.MigrationError) as exc:
        raise fail(str(exc)) from exc
    out.print(f"Neo4j Browser: {settings.browser_url}")
    out.print(
        f"  connect with user [bold]{settings.neo4j_user}[/], password "
        f"[bold]{settings.neo4j_password.get_secret_value()}[/] (VANBAN_NEO4J_PASSWORD)"
    )
    out.print(
        f"API: http://{settings.api_host}:{settings.api_port}  "
        f"(docs at http://{settings.api_host}:{settings.api_port}/docs)"
    )
    if runtime is not None:
        out.print("Neo4j keeps running after the API stops: `vanban neo4j stop` stops it.")
    if serve_api:
        serve(None, None)


def _ingest_demo(driver: Driver, settings: Settings, demo: Path | None) -> None:
    """Load the demo corpus (re-running loads nothing new: unchanged documents are skipped)."""
    from ingest import load

    corpus = demo or Path(__file__).resolve().parents[1] / "demo" / "corpus"
    summary = load.ingest_paths(driver, settings.neo4j_database, [corpus])
    out.print(f"demo corpus {corpus}: {summary}")


# -------------------------------------------------------------------------------- extract ---
@app.command("extract")
def extract_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to read.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
) -> None:
    """Extract documents into records: metadata, citations, agencies, people, tasks."""
    from app.extract_cli import run_extract

    raise typer.Exit(run_extract(paths, as_json=as_json, out=out, err=console))


DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@app.command("eval")
def eval_cmd(
    corpus: Annotated[Path, typer.Option(help="Folder laid out like shared/corpus.")] = (
        DEFAULT_CORPUS
    ),
    write: Annotated[Path | None, typer.Option(help="Also write a Markdown table here.")] = None,
) -> None:
    """Accuracy of extraction on real documents (header, citations, relations) vs targets."""
    from app.eval_cli import run_eval

    raise typer.Exit(run_eval(corpus, out=out, err=console, write=write))


# --------------------------------------------------------------------------------- browse ---
@app.command("browse")
def browse_cmd(
    symbol: Annotated[str, typer.Argument(help="Document symbol as typed, e.g. '18-NQ/TW'.")],
    year: Annotated[int | None, typer.Option(help="Year, for symbols that recur.")] = None,
    direction: Annotated[str, typer.Option(help="in: who cites it; out: what it cites.")] = "in",
    depth: Annotated[int, typer.Option(min=1, max=5, help="Hops (1..5).")] = 3,
) -> None:
    """Print the Neo4j Browser URL that opens the citation chain of a document."""
    from app.browse_cli import run_browse

    raise typer.Exit(
        run_browse(
            _settings(), symbol, year=year, direction=direction, depth=depth, out=out, err=console
        )
    )


# ------------------------------------------------------------------------------- generate ---
from app.generate_cli import generate as _generate  # noqa: E402  (options live there)

app.command("generate")(_generate)


# --------------------------------------------------------------------------------- ingest ---
@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files, directories or globs.")],
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
    report: Annotated[Path | None, typer.Option(help="Write the report as JSON.")] = None,
    batch_size: Annotated[
        int,
        typer.Option(
            min=1,
            help="Documents per transaction (a failed batch is "
            "retried one document per transaction).",
        ),
    ] = 500,
    bulk: Annotated[
        bool,
        typer.Option(
            help="Bulk path for large corpora (resumable): "
            "neo4j-admin import into a fresh database, or concurrent "
            "batched transactions into a live one (--mode)."
        ),
    ] = False,
    mode: Annotated[
        str,
        typer.Option(
            help="--bulk: auto = import when vanban runs Neo4j "
            "locally and the database is empty (or --overwrite), "
            "live otherwise; import; live."
        ),
    ] = "auto",
    writers: Annotated[
        int,
        typer.Option(
            min=1,
            help="--bulk live: concurrent writer sessions "
            "(--batch-size node rows per transaction).",
        ),
    ] = 2,
    state_dir: Annotated[Path | None, typer.Option(help="--bulk: spool, journal, CSV.")] = None,
    overwrite: Annotated[bool, typer.Option(help="--bulk: replace a non-empty database.")] = False,
    restart: Annotated[bool, typer.Option(help="--bulk: forget the state, start over.")] = False,
    resolve: Annotated[
        str,
        typer.Option(
            help="--bulk: year-less citations against the whole "
            "corpus, or sequential (as the live loader)."
        ),
    ] = "corpus",
) -> None:
    """Load documents into the graph (batched transactions); non-zero exit on failures.

    --bulk (large corpora; rerun the same command to resume): extraction in
    --workers processes spooled to --state-dir, then --mode auto imports with
    neo4j-admin when vanban runs Neo4j locally and the database is empty;
    otherwise (VANBAN_NEO4J_URI, Docker, a database that holds documents) it
    writes through --writers concurrent sessions: nodes first, then
    relationships partitioned by their end node, so no two writers queue on a
    hub. --mode import / live force one.
    """
    from app.ingest_cli import run_ingest
    from graph_schema.migrate import MigrationError

    if bulk:
        from app.bulk_cli import run_bulk
        from ingest.bulk import BulkError

        if resolve not in ("corpus", "sequential"):
            raise fail("--resolve must be corpus or sequential")
        if mode not in ("auto", "import", "live"):
            raise fail("--mode must be auto, import or live")
        try:
            code = run_bulk(
                paths,
                settings=_settings(),
                workers=workers,
                state_dir=state_dir,
                overwrite=overwrite,
                restart=restart,
                resolve=resolve,  # type: ignore[arg-type]
                mode=mode,  # type: ignore[arg-type]
                writers=writers,
                batch_size=batch_size,
                report_path=report,
                out=out,
                err=console,
            )
        except (RuntimeFailure, MigrationError, BulkError) as exc:
            raise fail(str(exc)) from exc
        raise typer.Exit(code)
    try:
        code = run_ingest(
            paths,
            settings=_settings(),
            workers=workers,
            report_path=report,
            batch_size=batch_size,
            out=out,
            err=console,
        )
    except (RuntimeFailure, MigrationError) as exc:
        raise fail(str(exc)) from exc
    raise typer.Exit(code)


# --------------------------------------------------------------------------------- export ---
from app.export_cli import export as _export  # noqa: E402  (options live there)

app.command("export")(_export)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
