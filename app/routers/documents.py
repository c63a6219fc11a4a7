"""``/v1/documents``: lists and lookups by symbol, one document, its citations both ways, citation
chains with bounded fan-out, and the upload of one document (the only write of the API)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from neo4j import AsyncSession

import queries
from app.api_models import (
    Chain,
    CitationItem,
    DocumentDetail,
    DocumentSummary,
    Page,
    UploadResult,
)
from app.db import SettingsDep, WriteSession
from app.fulltext import lucene_query
from app.problems import responses as problem_responses
from app.routers.common import (
    Graph,
    GraphDep,
    Limit,
    Offset,
    RelationFilters,
    TextParam,
    Year,
    issuer_params,
    json_body,
    not_found,
    relation_param,
    resolve_doc_type,
    text_or_none,
)
from app.symbol_lookup import MAX_SYMBOL_CHARS, lookup_keys
from app.upload import check_api_key, read_upload

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/documents", tags=["documents"])

DocId = Annotated[str, Path(min_length=1, max_length=200, description="Document id.")]
CHAIN_FANOUT = 50
"""Default cap on the relations followed from any one document in a chain."""
_EXTRACT_LOCK = threading.Lock()  # the spaCy pipeline is shared: one extraction at a time


def _filters(doc_type: str | None, issuer: str | None, year: int | None) -> dict[str, Any]:
    name, label = resolve_doc_type(doc_type)
    return {"doc_type": name, "label": label, "year": year, **issuer_params(issuer)}


@router.get("", response_model=Page[DocumentSummary], summary="List or look up documents")
async def list_documents(
    graph: GraphDep,
    symbol: Annotated[
        str | None,
        Query(max_length=MAX_SYMBOL_CHARS, description="As typed: `18-NQ/TW`, `nq 18-nq/tw`..."),
    ] = None,
    year: Year = None,
    doc_type: TextParam = None,
    issuer: TextParam = None,
    q: TextParam = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Documents newest first. `symbol` accepts the forms people type and `year` tells apart
    symbols that recur (`18-NQ/TW` of 2017 and of 2022). `q` is a full-text query over titles
    and bodies (as `/v1/search`). `doc_type` is a Vietnamese type name, a code or a graph label."""
    params: dict[str, Any] = {
        **_filters(doc_type, issuer, year),
        "limit": limit,
        "offset": offset,
        "keys": None,
    }
    sym = text_or_none(symbol)
    key_sets: list[list[str] | None] = []
    if sym is not None:
        exact, variants = lookup_keys(sym)
        key_sets = [[exact], *([variants] if variants else [])]
    if q is not None:
        lucene = lucene_query(q)
        if lucene is None:
            return {"items": [], "total": 0}
        params["lucene"] = lucene
        name = "search_documents"
    else:
        name = "list_documents_by_symbol" if key_sets else "list_documents"
    row: dict[str, Any] | None = None
    for keys in key_sets or [None]:
        row = await graph.row(name, {**params, "keys": keys})
        if row and row["total"]:
            break
    assert row is not None
    if name == "search_documents":
        row["items"] = [hit["document"] for hit in row["items"]]
    return row


@router.get(
    "/{id}",
    response_model=DocumentDetail,
    summary="One document",
    responses=problem_responses(404, d404="Unknown id"),
)
async def get_document(graph: GraphDep, id: DocId) -> dict[str, Any]:
    row = await graph.row("get_document", {"id": id})
    if row is None:
        raise not_found("document", id)
    document: dict[str, Any] = row["document"]
    return document


# The hub plan of list_cited_by.cypher (see the query's header): it walks the issued_date index
# newest first through at most HUB_WINDOW dated documents instead of reading every citer. It is
# chosen for documents with at least HUB_MIN_DEGREE citers whose expected citers inside the
# window are at least HUB_MIN_EXPECTED times the page end. Measured on 100k generated documents
# (bench/latency.py's plan, default page of 50): the in-degree at which it starts to beat reading
# every citer is ~2,000; expected 2x the page end gave the lowest p99 (5x: 18.5 ms, 2x: 13.4).
# The top plan keeps the page end plus TOP_SLACK citers by date alone before it reads their ids:
# exact unless more than TOP_SLACK citers share the date of the page's last row (then a second
# walk reads the dates again and the ids of that tie group); 50 makes that rare, and 200 or 500
# cost ~1 ms more on the largest 1M hubs.
HUB_PARAMS = {"hub_min_degree": 2000, "hub_window": 5000, "hub_min_expected": 2}
TOP_SLACK = 50


async def _relations(
    graph: Graph, query: str, id: str, f: RelationFilters, **plan: float
) -> Response:
    if f.year_from is not None and f.year_to is not None and f.year_from > f.year_to:
        raise HTTPException(422, "year_from is after year_to")
    params = {
        **_filters(f.doc_type, f.issuer, None),
        "id": id,
        "relation": relation_param(f.relation),
        "year_from": f.year_from,
        "year_to": f.year_to,
        "limit": f.limit,
        "offset": f.offset,
        **plan,
    }
    params.pop("year")
    row = await graph.row(query, params)
    if row is None:
        raise not_found("document", id)
    if (plan := row.pop("plan", None)) is not None:
        logger.debug("%s %s answered by the %s plan", query, id, plan)
    return json_body(row)


@router.get(
    "/{id}/citations",
    response_model=Page[CitationItem],
    summary="Documents this document cites",
    responses=problem_responses(404, d404="Unknown id"),
)
async def list_citations(
    graph: GraphDep, id: DocId, f: Annotated[RelationFilters, Query()]
) -> Response:
    """Every outgoing document relation (CITES, BASED_ON, IMPLEMENTS, AMENDS...), with the
    sentence that states it."""
    return await _relations(graph, "list_citations", id, f)


@router.get(
    "/{id}/cited-by",
    response_model=Page[CitationItem],
    summary="Documents that cite this document",
    responses=problem_responses(404, d404="Unknown id"),
)
async def list_cited_by(
    graph: GraphDep, id: DocId, f: Annotated[RelationFilters, Query()]
) -> Response:
    """Every incoming document relation, with the sentence that states it; `stated` marks a
    relation stated by a third document (`evidence_id`)."""
    return await _relations(graph, "list_cited_by", id, f, **HUB_PARAMS, top_slack=TOP_SLACK)


async def _expand(
    session: AsyncSession, root: str, direction: str, depth: int, limit: int, fanout: int
) -> dict[str, Any] | None:
    """The chain, hop by hop: one auto-commit query per hop, each answering in one record."""
    result = await session.run(queries.load("get_document_summary"), {"id": root})
    record = await result.single()
    if record is None:
        return None
    nodes: dict[str, dict[str, Any]] = {root: {**record["document"], "depth": 0}}
    edges: list[dict[str, Any]] = []
    seen_edges: set[tuple[str, str, str]] = set()
    truncated = False
    frontier = [root]
    expand = queries.load(f"expand_chain_{direction}")
    new_end = 1 if direction == "in" else 2  # the row's field holding the document reached
    for level in range(1, depth + 1):
        if not frontier:
            break
        result = await session.run(
            expand,
            {
                "frontier": frontier,
                "cap": fanout + 1,
                "known": list(nodes),
                "room": limit - len(nodes),
            },
        )
        hop = await result.single()
        rows: list[list[Any]] = hop["rows"] if hop is not None else []
        per_node: Counter[str] = Counter()
        next_frontier: list[str] = []
        for row in rows:
            from_id, source, target, relation, sentence, node = row
            per_node[from_id] += 1
            if per_node[from_id] > fanout:
                truncated = True
                continue
            node_id = row[new_end]
            if node_id not in nodes:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                nodes[node_id] = {**node, "depth": level}
                next_frontier.append(node_id)
            key = (source, target, relation)
            if key not in seen_edges:
                seen_edges.add(key)
                edges.append(
                    {"source": source, "target": target, "relation": relation, "sentence": sentence}
                )
        frontier = next_frontier
    return {"nodes": list(nodes.values()), "edges": edges, "truncated": truncated}


@router.get(
    "/{id}/chain",
    response_model=Chain,
    summary="Citation chain around a document",
    responses=problem_responses(404, d404="Unknown id"),
)
async def get_chain(
    graph: GraphDep,
    id: DocId,
    direction: Annotated[
        Literal["in", "out"],
        Query(description="`out`: what it cites, transitively; `in`: what cites it."),
    ] = "out",
    depth: Annotated[int, Query(ge=1, le=5)] = 2,
    limit: Annotated[int, Query(ge=1, le=500, description="Most nodes returned.")] = 100,
    fanout: Annotated[
        int, Query(ge=1, le=200, description="Most relations followed from any one document.")
    ] = CHAIN_FANOUT,
) -> Response:
    """Breadth-first, hop by hop. A hub law cannot explode it: at most
    `fanout` relations are followed from each document and at most `limit` nodes are returned;
    `truncated` says whether either cap cut something off."""
    chain = await graph.run(_expand, id, direction, depth, limit, fanout)
    if chain is None:
        raise not_found("document", id)
    return json_body(chain)


# ------------------------------------------------------------------------------- upload ---
def _extract(text: str, source: str) -> Any:
    import ingest

    with _EXTRACT_LOCK:
        return ingest.extract(text, source=source)


def _outcome(result: Any) -> str:
    """The loader's outcome (inserted/updated/unchanged), whatever shape it returns it in."""
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        return str(result.get("outcome", "inserted"))
    return str(getattr(result, "outcome", "inserted"))


@router.post(
    "",
    response_model=UploadResult,
    status_code=201,
    summary="Ingest one uploaded document",
    responses={
        200: {"description": "Already known: updated or unchanged", "model": UploadResult},
        **problem_responses(
            401,
            403,
            413,
            415,
            422,
            d401="X-API-Key missing (when VANBAN_API_KEY is set)",
            d403="Wrong X-API-Key",
            d413="Larger than VANBAN_MAX_UPLOAD_BYTES",
            d415="Unsupported file type, or a body that is not multipart/form-data",
            d422="Unreadable upload or malformed multipart body",
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            },
        }
    },
)
async def upload_document(
    request: Request,
    session: WriteSession,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Any:
    """Multipart field `file` (text, Markdown, HTML, DOCX or PDF). The document is read,
    extracted and written in one transaction; the answer gives its id and what was found.
    201 when the document is new, 200 when it was known (`updated` or `unchanged`)."""
    check_api_key(settings, x_api_key)
    upload = await read_upload(request, settings.max_upload_bytes)
    from ingest.errors import IngestError
    from ingest.readers import decode_bytes

    suffix = PurePosixPath(upload.filename).suffix.lower()[:10] or ".txt"
    try:
        text = decode_bytes(
            upload.data, source=upload.filename, suffix=suffix, max_bytes=settings.max_upload_bytes
        )
    except IngestError as exc:
        status = 415 if exc.reason.startswith("unsupported") else 422
        raise HTTPException(status, f"cannot read the upload: {exc}") from None
    if not any(ch.isalnum() for ch in text):
        raise HTTPException(422, f"cannot read the upload: {upload.filename}: no text")
    try:
        extraction = await asyncio.to_thread(_extract, text, upload.filename)
    except IngestError as exc:
        raise HTTPException(422, f"cannot extract the upload: {exc}") from None
    try:
        from ingest import load
    except ImportError:
        raise HTTPException(503, "graph loading is not available in this build") from None

    plan = load.plan_document(extraction, text=text)
    result = await session.execute_write(load.write_document_async, plan)
    outcome = _outcome(result)
    meta = extraction.document
    doc_id = plan.document_id
    body = UploadResult(
        id=doc_id,
        outcome=outcome,
        symbol=meta.symbol,
        doc_type=meta.doc_type,
        issuer=meta.issuer,
        issued_date=meta.issued_date,
        title=meta.title,
        citations=len(extraction.citations),
        tasks=len(extraction.tasks),
        agencies=len(extraction.agencies),
        persons=len(extraction.persons),
        programmes=len(extraction.programmes),
        warnings=list(extraction.warnings),
    )
    status = 201 if outcome == "inserted" else 200
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status,
        headers={"Location": f"/v1/documents/{doc_id}"},
    )
