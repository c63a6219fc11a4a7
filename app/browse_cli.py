"""``vanban browse SYMBOL``: the Neo4j Browser URL that opens the citation chain of a document.

The Browser's ``?cmd=edit&arg=<cypher>`` URL parameter pre-fills the editor (press Run, or
Ctrl-Enter). The symbol is put into the Cypher text as a string literal, so it is first reduced to
its normalised lookup keys (``app.symbol_lookup``) and each key must match the strict shape
:data:`~app.symbol_lookup.SAFE_KEY` (digits, upper-case ASCII letters, ``/ - . _ ( )``): anything
else is refused, never quoted or escaped into the query.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from rich.console import Console

from app.settings import Settings
from app.symbol_lookup import SAFE_KEY, lookup_keys
from graph_schema.relations import DOCUMENT_RELATIONS


class UnsafeSymbol(ValueError):
    pass


def chain_cypher(
    symbol: str,
    *,
    year: int | None = None,
    direction: Literal["in", "out"] = "in",
    depth: int = 3,
    limit: int = 300,
) -> str:
    """The Browser query drawing the citation chain of the document(s) with this symbol."""
    if not 1 <= depth <= 5:
        raise ValueError("depth must be 1..5")
    if year is not None and not 1900 <= year <= 2200:
        raise ValueError("year must be 1900..2200")
    exact, variants = lookup_keys(symbol)
    keys = [exact, *variants]
    if not exact or not all(SAFE_KEY.match(k) for k in keys):
        raise UnsafeSymbol(f"not a document symbol: {symbol[:80]!r}")
    rels = "|".join(DOCUMENT_RELATIONS)
    arrow = f"<-[:{rels}*1..{depth}]-" if direction == "in" else f"-[:{rels}*1..{depth}]->"
    key_list = ", ".join(f"'{k}'" for k in keys)
    where = f"d.symbol_key IN [{key_list}]" + (f" AND d.year = {year}" if year else "")
    return (
        f"MATCH (d:Document) WHERE {where}\n"
        f"OPTIONAL MATCH p = (d){arrow}(:Document)\n"
        f"RETURN d, p LIMIT {int(limit)}"
    )


def browse_url(
    settings: Settings,
    symbol: str,
    *,
    year: int | None = None,
    direction: Literal["in", "out"] = "in",
    depth: int = 3,
) -> str:
    cypher = chain_cypher(symbol, year=year, direction=direction, depth=depth)
    return f"{settings.browser_url}&cmd=edit&arg={quote(cypher, safe='')}"


def run_browse(
    settings: Settings,
    symbol: str,
    *,
    year: int | None,
    direction: str,
    depth: int,
    out: Console,
    err: Console,
) -> int:
    """The ``vanban browse`` command: print the URL (exit 0) or one ``error:`` line (exit 1)."""
    if direction not in ("in", "out"):
        err.print("[bold red]error:[/] --direction is `in` or `out`")
        return 1
    try:
        url = browse_url(
            settings,
            symbol,
            year=year,
            direction=direction,  # type: ignore[arg-type]
            depth=depth,
        )
    except ValueError as exc:  # UnsafeSymbol included
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        return 1
    out.print(url, highlight=False, markup=False, soft_wrap=True)
    return 0
