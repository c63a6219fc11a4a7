"""Load extractions into Neo4j: UNWIND writes, one transaction per document or per batch.

Three layers, so the sync CLI and the async API share everything but the I/O:

* :func:`plan_document` (pure) maps one :class:`~ingest.models.Extraction` to a
  :class:`DocumentPlan`: the rows of every node and edge kind, keyed per
  ``graph_schema/README.md``. Citations that name no year are left as *lookups*.
* :func:`_steps` (pure, a generator) is the transaction's algorithm. It yields
  ``(query_name, params)`` and receives each statement's records: read the stored
  ``content_hash`` (identical content → ``unchanged``, nothing written); for a document already
  ingested delete every relationship whose ``source_id`` is this document (``updated``);
  resolve the year-less citations against the graph (a read in the same transaction); then
  write the nodes and edges, one UNWIND statement per kind.
* :func:`write_document` / :func:`write_document_async` drive :func:`_steps` inside one managed
  transaction: run them with ``session.execute_write`` (transient errors are retried, a failure
  rolls the whole document back).

:func:`write_batch` / :func:`write_batch_async` (same algorithm, :func:`_batch_steps`) write
many documents in one transaction, about fifteen statements whatever the batch size, with the
result of one transaction per document in input order (``graph_schema/README.md``, "Loading").
:func:`write_plans` cuts the input into batches and, when a batch transaction fails, writes
that batch again one document per transaction so only the bad document fails.
:func:`ingest_paths` runs a load: extraction in worker processes (bounded look-ahead), writes
from this process, a bad file recorded as failed without stopping the others.

Year-aware resolution (domain.md §1): a citation with a year (or a symbol that carries one)
goes to ``document_id(symbol, year, issuer)``. A citation without one goes to the single
document of the graph with the same ``symbol_key`` not issued after the citing document;
with none or several such documents it goes to the placeholder ``<symbol slug>-y-unknown``
(``ambiguous: true``, ``candidates``: the ids seen). Placeholders (``ingested: false``) carry what
the citations said; ingesting the real document later upgrades the same node in place.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Literal, TypeVar

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

import queries
from ingest import graph_model as gm
from ingest.bolt_params import quiet
from ingest.errors import IngestError
from ingest.models import Citation, Extraction
from ingest.symbols import Symbol, document_id, is_local, parse_symbol

logger = logging.getLogger(__name__)

Outcome = Literal["inserted", "updated", "unchanged"]
Statement = tuple[str, dict[str, Any]]
Props = dict[str, Any]


# ============================================================================================
# The plan (pure)
# ============================================================================================


@dataclass(frozen=True)
class Ref:
    """One end of a document relation: a known ``id``, or a year-less symbol ``key`` to resolve."""

    id: str | None = None
    key: str | None = None


@dataclass
class DocumentPlan:
    """Everything one document writes, as parameter rows (picklable: built in workers)."""

    document_id: str
    content_hash: str
    issued_date: str | None
    document: Props  # {"id", "label", "props"}
    placeholders: list[Props] = field(default_factory=list)  # {"id", "label", "props"}
    lookups: list[Props] = field(default_factory=list)  # {"key", "id", "label", "props"}
    relations: list[Props] = field(default_factory=list)  # {"from"/"to": Ref, "type", "props"}
    statements: list[Statement] = field(default_factory=list)  # independent node/edge writes
    source: str | None = None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    v = " ".join(value.split())
    return v or None


def _merge_missing(into: Props, more: Props) -> None:
    """Fill the keys of ``into`` that are None with the values of ``more``."""
    for k, v in more.items():
        if into.get(k) is None and v is not None:
            into[k] = v


class _Planner:
    def __init__(self, ex: Extraction, text: str | None) -> None:
        self.ex = ex
        self.text = text
        meta = ex.document
        self.meta = meta
        year = gm.year_of(meta.issued_date) or gm.symbol_year(meta.symbol)
        self.doc_id = meta.id or document_id(
            meta.symbol, year, meta.issuer, title=meta.title, text=text
        )
        self.year = year
        self.placeholders: dict[str, Props] = {}  # id -> {"id", "label", "props"}
        self.lookups: dict[str, Props] = {}  # key -> {"key", "id", "label", "props"}
        self.relations: list[Props] = []
        self.agencies: dict[str, Props] = {}
        self.agency_rels: dict[tuple[str, str], Props] = {}
        self.persons: dict[str, Props] = {}
        self.person_rels: dict[tuple[str, str], Props] = {}

    # ---------------------------------------------------------------- documents -------------
    def document_row(self, content_hash: str) -> Props:
        m = self.meta
        issuer_id = gm.agency_props(m.issuer)["id"] if m.issuer else None
        title = _clean(m.title)
        body = (self.text or "")[: gm.SEARCH_TEXT_LIMIT]
        search_text = "\n".join(x for x in (title, body) if x) or None
        props: Props = {
            "symbol": m.symbol,
            "symbol_key": gm.symbol_key(m.symbol),
            "year": self.year,
            "issued_date": m.issued_date,
            "doc_type": m.doc_type,
            "issuer": m.issuer,
            "issuer_id": issuer_id,
            "title": title,
            "place": m.place,
            "is_formal": m.is_formal,
            "recipients": [r for r in (_clean(x) for x in m.recipients) if r] or None,
            "ingested": True,
            "ambiguous": False,
            "candidates": None,
            "content_hash": content_hash,
            "source": self.ex.source,
            "search_text": search_text,
        }
        return {
            "id": self.doc_id,
            "label": gm.type_label(m.doc_type, is_formal=m.is_formal),
            "props": props,
        }

    def ref(self, c: Citation) -> Ref | None:
        """Where a citation points (registering its placeholder or lookup), or None."""
        year = c.year or gm.year_of(c.issued_date)
        props: Props = {
            "symbol": None,
            "symbol_key": None,
            "year": year,
            "issued_date": c.issued_date,
            "doc_type": c.doc_type,
            "issuer": c.issuer,
            "issuer_id": gm.agency_props(c.issuer)["id"] if c.issuer else None,
            "title": _clean(c.subject),
        }
        label = gm.type_label(c.doc_type)
        if c.symbol:
            sym = parse_symbol(c.symbol)
            symbol = sym.normalized if sym else c.symbol
            props["symbol"] = symbol
            props["symbol_key"] = gm.symbol_key(symbol)
            if sym is not None and sym.year:
                props["year"] = props["year"] or sym.year
            if (sym is not None and sym.year) or year:
                issuer = self._issuer_for(sym, c.issuer)
                target = document_id(symbol, year, issuer)
                self._placeholder(target, label, props)
                return Ref(id=target)
            key = props["symbol_key"]
            assert key is not None
            ambiguous = gm.ambiguous_id(symbol)
            if key in self.lookups:
                _merge_missing(self.lookups[key]["props"], props)
            else:
                self.lookups[key] = {
                    "key": key,
                    "id": ambiguous,
                    "label": label,
                    "props": dict(props),
                }
            return Ref(key=key)
        if c.name:
            name = _clean(c.name)
            assert name is not None
            target = gm.name_document_id(name, year)
            props["title"] = name
            props["subject"] = _clean(c.subject)
            self._placeholder(target, label, props)
            return Ref(id=target)
        return None

    def _issuer_for(self, sym: Symbol | None, issuer: str | None) -> str | None:
        """The issuer that keys a local symbol (``15/2024/QĐ-UBND``), whose code omits the
        province: a citation naming no province (``UBND tỉnh``) in a document of a province
        means that province."""
        if sym is None or not is_local(sym) or (issuer and gm.names_province(issuer)):
            return issuer
        own = self.meta.issuer
        return own if own and gm.names_province(own) else issuer

    def _placeholder(self, target: str, label: str, props: Props) -> None:
        if target == self.doc_id:
            return
        row = self.placeholders.get(target)
        if row is None:
            self.placeholders[target] = {"id": target, "label": label, "props": dict(props)}
        else:
            _merge_missing(row["props"], props)
            if row["label"] == "Other":
                row["label"] = label

    def add_relation(
        self,
        frm: Ref,
        to: Ref,
        rel: str,
        *,
        span: tuple[int, int],
        sentence: str,
        article: str | None,
        stated: bool,
    ) -> None:
        self.relations.append(
            {
                "from": frm,
                "to": to,
                "type": rel,
                "props": {
                    "source_id": self.doc_id,
                    "sentence": sentence,
                    "start": span[0],
                    "end": span[1],
                    "article": article,
                    "stated": stated,
                },
            }
        )

    # ---------------------------------------------------------------- agencies, persons -----
    def agency(self, name: str, code: str | None = None) -> str | None:
        name_c = _clean(name)
        if not name_c:
            return None
        props = gm.agency_props(name_c, code)
        aid = props["id"]
        if not aid:
            return None
        if aid not in self.agencies:
            self.agencies[aid] = props
        return aid

    def agency_rel(self, aid: str, rel: str, props: Props) -> None:
        row = self.agency_rels.get((aid, rel))
        if row is None:
            self.agency_rels[(aid, rel)] = {
                "from": self.doc_id,
                "to": aid,
                "type": rel,
                "source_id": self.doc_id,
                "props": props,
            }

    def person(self, name: str) -> str | None:
        name_c = _clean(name)
        pid = gm.person_id(name_c) if name_c else ""
        if not name_c or not pid:
            return None
        self.persons.setdefault(pid, {"id": pid, "name": name_c})
        return pid

    def person_rel(self, pid: str, rel: str, props: Props) -> None:
        if (pid, rel) not in self.person_rels:
            self.person_rels[(pid, rel)] = {
                "from": self.doc_id,
                "to": pid,
                "type": rel,
                "source_id": self.doc_id,
                "props": props,
            }

    def evidence(self, span: tuple[int, int] | None) -> Props:
        if span is None:
            return {"source_id": self.doc_id, "sentence": None, "start": None, "end": None}
        return {
            "source_id": self.doc_id,
            "sentence": gm.sentence_at(self.text, *span),
            "start": span[0],
            "end": span[1],
        }


def plan_document(extraction: Extraction, text: str | None = None) -> DocumentPlan:
    """The graph writes of one document (pure: no database).

    ``text`` is the document's decoded text: its first 100k characters go to ``search_text``
    (with the title) for the full-text index, and it gives evidence sentences for agency
    mentions. The content hash is ``extraction.content_hash`` (else the hash of ``text``, else
    of the extraction itself).
    """
    ex = extraction
    p = _Planner(ex, text)
    doc_id = p.doc_id
    meta = ex.document
    if ex.content_hash:
        chash = ex.content_hash
    elif text is not None:
        chash = gm.content_hash(text)
    else:
        chash = gm.content_hash(ex.model_dump_json(by_alias=True))
    document = p.document_row(chash)
    statements: list[Statement] = []

    # --- documents cited, and relations stated between two other documents ---------------
    me = Ref(id=doc_id)
    for c in ex.citations:
        to = p.ref(c)
        if to is not None:
            p.add_relation(
                me,
                to,
                c.relation,
                span=c.span,
                sentence=c.sentence,
                article=c.article,
                stated=False,
            )
    for sr in ex.stated_relations:
        frm, to = p.ref(sr.from_), p.ref(sr.to)
        if frm is not None and to is not None:
            span = (min(sr.from_.span[0], sr.to.span[0]), max(sr.from_.span[1], sr.to.span[1]))
            p.add_relation(
                frm,
                to,
                sr.relation,
                span=span,
                sentence=sr.sentence,
                article=sr.to.article,
                stated=True,
            )

    # --- agencies ---------------------------------------------------------------------------
    if meta.issuer:
        aid = p.agency(meta.issuer)
        if aid:
            p.agency_rel(aid, "ISSUED_BY", p.evidence(None))
    for name in gm.recipient_agencies(meta.recipients):
        aid = p.agency(name)
        if aid:
            p.agency_rel(aid, "ADDRESSED_TO", p.evidence(None))
    for a in ex.agencies:
        aid = p.agency(a.canonical or a.name, a.code)
        if aid:
            p.agency_rel(aid, "MENTIONS", p.evidence(a.span))

    # --- persons ----------------------------------------------------------------------------
    for s in meta.signers:
        pid = p.person(s.name)
        if pid:
            p.person_rel(
                pid,
                "SIGNED_BY",
                {
                    "source_id": doc_id,
                    "position": _clean(s.position),
                    "capacity": _clean(s.capacity),
                },
            )
    for person in ex.persons:
        pid = p.person(person.name)
        if pid:
            p.person_rel(
                pid, "MENTIONS", {"source_id": doc_id, "position": _clean(person.position)}
            )

    # --- programmes -------------------------------------------------------------------------
    programmes: dict[str, Props] = {}
    programme_rels: list[Props] = []
    for prog in ex.programmes:
        pname = _clean(prog.name)
        if not pname or not gm.programme_id(pname):
            continue
        gid = gm.programme_id(pname)
        if gid in programmes:
            continue
        aliases = sorted({a for a in (_clean(x) for x in prog.aliases) if a and a != pname})
        programmes[gid] = {"id": gid, "name": pname, "aliases": aliases}
        programme_rels.append(
            {
                "from": doc_id,
                "to": gid,
                "type": "MENTIONS",
                "source_id": doc_id,
                "props": {"source_id": doc_id},
            }
        )
        if gm.approves(meta.title, pname, prog.aliases):
            programme_rels.append(
                {
                    "from": doc_id,
                    "to": gid,
                    "type": "APPROVES",
                    "source_id": doc_id,
                    "props": {"source_id": doc_id},
                }
            )

    # --- meetings ---------------------------------------------------------------------------
    meetings: list[Props] = []
    chairs: list[Props] = []
    concluding = gm.concludes(meta.doc_type, meta.title)
    seen_meetings: set[str] = set()
    for mt in ex.meetings:
        mname = _clean(mt.name)
        if not mname:
            continue
        mid = gm.meeting_id(doc_id, mname, mt.date)
        if mid in seen_meetings:
            continue
        seen_meetings.add(mid)
        meetings.append(
            {
                "id": mid,
                "document_id": doc_id,
                "type": "CONCLUDES" if concluding else "MENTIONS",
                "props": {"name": mname, "date": mt.date, "document_id": doc_id},
                "rel": {"source_id": doc_id},
            }
        )
        if mt.chair:
            pid = p.person(mt.chair)
            if pid:
                chairs.append(
                    {"from": mid, "to": pid, "source_id": doc_id, "props": {"source_id": doc_id}}
                )

    # --- tasks ------------------------------------------------------------------------------
    tasks: list[Props] = []
    task_agencies: list[Props] = []
    for n, t in enumerate(ex.tasks, start=1):
        tid = gm.task_id(doc_id, n)
        rng = gm.deadline_range(t.deadline)
        tasks.append(
            {
                "id": tid,
                "document_id": doc_id,
                "props": {
                    "text": t.text,
                    "deadline": t.deadline,
                    "deadline_from": rng[0] if rng else None,
                    "deadline_to": rng[1] if rng else None,
                    "document_id": doc_id,
                },
                "rel": {
                    "source_id": doc_id,
                    "sentence": t.text,
                    "start": t.span[0],
                    "end": t.span[1],
                },
            }
        )
        for role, names in (("LED_BY", t.lead), ("SUPPORTED_BY", t.support)):
            done: set[str] = set()
            for name in names:
                aid = p.agency(name)
                if aid and aid not in done:
                    done.add(aid)
                    task_agencies.append(
                        {
                            "from": tid,
                            "to": aid,
                            "type": role,
                            "source_id": doc_id,
                            "props": {"source_id": doc_id},
                        }
                    )

    # --- statements that need no resolution, in dependency order ---------------------------
    if p.agencies:
        statements.append(("merge_agencies", {"rows": list(p.agencies.values())}))
    if p.agency_rels:
        statements.append(("merge_agency_relations", {"rows": list(p.agency_rels.values())}))
    if p.persons:
        statements.append(("merge_persons", {"rows": list(p.persons.values())}))
    if p.person_rels:
        statements.append(("merge_person_relations", {"rows": list(p.person_rels.values())}))
    if programmes:
        statements.append(("merge_programmes", {"rows": list(programmes.values())}))
        statements.append(("merge_programme_relations", {"rows": programme_rels}))
    if meetings:
        statements.append(("merge_meetings", {"rows": meetings}))
    if chairs:
        statements.append(("merge_meeting_chairs", {"rows": chairs}))
    if tasks:
        statements.append(("merge_tasks", {"rows": tasks}))
    if task_agencies:
        statements.append(("merge_task_agencies", {"rows": task_agencies}))

    return DocumentPlan(
        document_id=doc_id,
        content_hash=chash,
        issued_date=meta.issued_date,
        document=document,
        placeholders=list(p.placeholders.values()),
        lookups=list(p.lookups.values()),
        relations=p.relations,
        statements=statements,
        source=ex.source,
    )


def resolve_statements(
    plan: DocumentPlan, candidates: dict[str, list[str]], *, now: str | None = None
) -> list[Statement]:
    """The writes of a plan once its lookups are answered (``symbol_key`` → candidate ids).

    Exactly one candidate: the citation points at it. None or several: at the ambiguous
    placeholder of that symbol, which records the candidates. Relations are deduplicated per
    (from, to, type): the first occurrence keeps its evidence. ``now``
    (:func:`ingest.timestamps.timestamp`) becomes the document's ``updated_at`` (and its
    ``ingested_at`` the first time); the statement needs it when it is run.
    """
    resolved: dict[str, str] = {}
    placeholders = list(plan.placeholders)  # rows are read, never changed, downstream
    for lk in plan.lookups:
        ids = sorted(set(candidates.get(lk["key"], [])))
        if len(ids) == 1:
            resolved[lk["key"]] = ids[0]
        else:
            resolved[lk["key"]] = lk["id"]
            props = dict(lk["props"], year=None, issued_date=None, ambiguous=True, candidates=ids)
            placeholders.append({"id": lk["id"], "label": lk["label"], "props": props})

    def target(r: Ref) -> str | None:
        return r.id if r.id is not None else resolved.get(r.key or "")

    rels: dict[tuple[str, str, str], Props] = {}
    for rel in plan.relations:
        a, b = target(rel["from"]), target(rel["to"])
        if a is None or b is None or a == b:
            continue
        rels.setdefault(
            (a, b, rel["type"]),
            {
                "from": a,
                "to": b,
                "type": rel["type"],
                "source_id": rel["props"]["source_id"],
                "props": rel["props"],
            },
        )
    out: list[Statement] = [("merge_document", {"doc": plan.document, "now": now})]
    if placeholders:
        out.append(("merge_placeholder_documents", {"rows": placeholders}))
    if rels:
        out.append(("merge_document_relations", {"rows": list(rels.values())}))
    out.extend(plan.statements)
    return out


# ============================================================================================
# The transaction (sans-I/O algorithm + two drivers)
# ============================================================================================

Steps = Generator[Statement, list[dict[str, Any]], Outcome]


def _steps(plan: DocumentPlan) -> Steps:
    """The statements of one document's transaction; each yield receives that query's records.

    A document written (inserted or updated) gets ``updated_at`` = now and, the first time,
    ``ingested_at``; an unchanged one is not touched."""
    from ingest.timestamps import timestamp

    rows = yield ("get_document_state", {"id": plan.document_id})
    state = rows[0] if rows else None
    ingested = bool(state and state.get("ingested"))
    if ingested and state and state.get("content_hash") == plan.content_hash:
        return "unchanged"
    outcome: Outcome = "inserted"
    if ingested:
        yield ("delete_outgoing_edges", {"id": plan.document_id})
        outcome = "updated"
    candidates: dict[str, list[str]] = {}
    if plan.lookups:
        found = yield (
            "find_document_candidates",
            {
                "keys": [lk["key"] for lk in plan.lookups],
                "self_id": plan.document_id,
                "before": plan.issued_date,
            },
        )
        candidates = {r["key"]: list(r["ids"]) for r in found}
    for stmt in resolve_statements(plan, candidates, now=timestamp()):
        _ = yield stmt  # not `yield from` a list: the driver sends each statement's records
    return outcome


_R = TypeVar("_R")
_StepGen = Generator[Statement, list[dict[str, Any]], _R]


def _drive(tx: neo4j.ManagedTransaction, gen: _StepGen[_R]) -> _R:
    """Run a step generator's statements in ``tx``, sending each one's records back to it."""
    try:
        name, params = next(gen)
        while True:
            result = tx.run(queries.load(name), quiet(params))
            name, params = gen.send(result.data())
    except StopIteration as stop:
        return stop.value


async def _drive_async(tx: neo4j.AsyncManagedTransaction, gen: _StepGen[_R]) -> _R:
    """Async twin of :func:`_drive`."""
    try:
        name, params = next(gen)
        while True:
            result = await tx.run(queries.load(name), quiet(params))
            name, params = gen.send(await result.data())
    except StopIteration as stop:
        return stop.value


def write_document(tx: neo4j.ManagedTransaction, plan: DocumentPlan) -> Outcome:
    """Write one document inside ``tx`` (use with ``session.execute_write``)."""
    return _drive(tx, _steps(plan))


async def write_document_async(tx: neo4j.AsyncManagedTransaction, plan: DocumentPlan) -> Outcome:
    """Async twin of :func:`write_document` (use with ``AsyncSession.execute_write``)."""
    return await _drive_async(tx, _steps(plan))


# ============================================================================================
# Batches of documents in one transaction (the CLI's path)
# ============================================================================================

# Per-document statement → the batch statement that writes the rows of many documents at once.
# Edges are CREATEd: a batch writes only documents that are new or whose outgoing edges were
# just deleted, so every edge with their source_id is new (and a hub is never scanned).
_BATCH_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("merge_placeholder_documents", "merge_placeholder_documents"),
    ("merge_document_relations", "create_document_relations"),
    ("merge_agencies", "merge_agencies"),
    ("merge_agency_relations", "create_agency_relations"),
    ("merge_persons", "merge_persons"),
    ("merge_person_relations", "create_person_relations"),
    ("merge_programmes", "merge_programmes"),
    ("merge_programme_relations", "create_programme_relations"),
    ("merge_meetings", "create_meetings"),
    ("merge_meeting_chairs", "create_meeting_chairs"),
    ("merge_tasks", "create_tasks"),
    ("merge_task_agencies", "create_task_agencies"),
)
BatchSteps = Generator[Statement, list[dict[str, Any]], list[Outcome]]


def _not_after(issued_date: str | None, year: int | None, before: str | None) -> bool:
    """``find_document_candidates``'s date test in Python: not issued after ``before``
    (by ISO date, else by year; unknown dates stay candidates)."""
    if before is None:
        return True
    if issued_date is not None:
        return str(issued_date) <= before
    if year is not None and before[:4].isdigit():
        return int(year) <= int(before[:4])
    return True


class _KeyIndex:
    """The documents a year-less citation may resolve to, as the batch is replayed in order.

    Starts from the graph's documents with the batch's ``symbol_key``\\ s (read once, before the
    batch writes) and is extended, document after document, with what each document of the
    batch writes (itself, and its dated placeholders): a citation sees exactly what a
    one-document-per-transaction load in the same order would have seen.
    """

    def __init__(self, graph_rows: list[dict[str, Any]]) -> None:
        # key -> id -> [issued_date, year, ingested]
        self.by_key: dict[str, dict[str, list[Any]]] = {}
        for r in graph_rows:
            entry = [r["issued_date"], r["year"], bool(r["ingested"])]
            self.by_key.setdefault(r["key"], {})[r["id"]] = entry

    def candidates(self, plan: DocumentPlan) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for lk in plan.lookups:
            docs = self.by_key.get(lk["key"], {})
            out[lk["key"]] = [
                i
                for i, (date, year, _) in docs.items()
                if i != plan.document_id and _not_after(date, year, plan.issued_date)
            ]
        return out

    def add(self, plan: DocumentPlan, placeholders: list[Props]) -> None:
        """Record what ``plan`` wrote (its resolved placeholder rows)."""
        p = plan.document["props"]
        if p.get("symbol_key"):
            self.by_key.setdefault(p["symbol_key"], {})[plan.document_id] = [
                p.get("issued_date"),
                p.get("year"),
                True,
            ]
        for row in placeholders:
            props = row["props"]
            key = props.get("symbol_key")
            if not key or props.get("ambiguous"):
                continue
            docs = self.by_key.setdefault(key, {})
            known = docs.get(row["id"])
            if known is None:
                docs[row["id"]] = [props.get("issued_date"), props.get("year"), False]
            elif known[2] is not True:  # a placeholder only gains what it lacked
                known[0] = known[0] if known[0] is not None else props.get("issued_date")
                known[1] = known[1] if known[1] is not None else props.get("year")


def _union(a: list[Any] | None, b: list[Any] | None) -> list[Any] | None:
    """``a`` then the items of ``b`` it lacks, in order: the ``reduce`` of
    ``merge_placeholder_documents`` (a set for the test: candidate lists of a year-less symbol
    cited throughout a batch grow long)."""
    if a is None or b is None:
        return a if b is None else b
    out, seen = list(a), set(a)
    for x in b:
        if x not in seen:
            out.append(x)
            seen.add(x)
    return out


def _dedupe_nodes(name: str, rows: list[Props]) -> list[Props]:
    """Node rows of a batch merged per id the way their MERGE statements would combine them
    (rows applied in order), so a node cited by hundreds of documents is one row."""
    if name == "merge_placeholder_documents":
        out: dict[str, Props] = {}
        for r in rows:
            cur = out.get(r["id"])
            if cur is None:
                out[r["id"]] = {"id": r["id"], "label": r["label"], "props": dict(r["props"])}
                continue
            cp, rp = cur["props"], r["props"]
            candidates = _union(cp.get("candidates"), rp.get("candidates"))
            _merge_missing(cp, {k: v for k, v in rp.items() if k != "ambiguous"})
            cp["candidates"] = candidates
            if cur["label"] == "Other":
                cur["label"] = r["label"]
        return list(out.values())
    if name == "merge_agencies":  # ON CREATE all, ON MATCH code/kind only when missing
        agencies: dict[str, Props] = {}
        for r in rows:
            if r["id"] not in agencies:
                agencies[r["id"]] = dict(r)
            else:
                _merge_missing(agencies[r["id"]], {"code": r["code"], "kind": r["kind"]})
        return list(agencies.values())
    if name == "merge_persons":  # ON CREATE only
        return list({r["id"]: r for r in reversed(rows)}.values())[::-1]
    if name == "merge_programmes":  # name on create, aliases accumulate
        progs: dict[str, Props] = {}
        for r in rows:
            if r["id"] not in progs:
                progs[r["id"]] = dict(r, aliases=list(r["aliases"]))
            else:
                progs[r["id"]]["aliases"] = _union(progs[r["id"]]["aliases"], r["aliases"])
        return list(progs.values())
    return rows


def _batch_steps(plans: Sequence[DocumentPlan]) -> BatchSteps:
    """The statements of one batch's transaction; returns each plan's outcome, in order.

    1. one read of the stored content hashes: unchanged documents drop out;
    2. one ``delete_outgoing_edges_batch`` for the changed ones;
    3. one read of the graph's documents with the batch's year-less ``symbol_key``\\ s, then
       resolution in Python, replaying the batch in order (:class:`_KeyIndex`);
    4. one statement per node and edge kind over the rows of every document.

    The ids of ``plans`` must be distinct (:func:`write_plans` cuts batches so). The documents
    written get ``updated_at`` (and ``ingested_at`` the first time) = the batch's time.
    """
    from ingest.timestamps import timestamp

    ids = [p.document_id for p in plans]
    if len(set(ids)) != len(ids):
        raise ValueError("a batch must not hold the same document twice")
    rows = yield ("get_document_states", {"ids": ids})
    states = {r["id"]: r for r in rows}
    outcomes: list[Outcome] = []
    todo: list[DocumentPlan] = []
    changed: list[str] = []
    for plan in plans:
        st = states.get(plan.document_id)
        ingested = bool(st and st.get("ingested"))
        if ingested and st and st.get("content_hash") == plan.content_hash:
            outcomes.append("unchanged")
            continue
        outcomes.append("updated" if ingested else "inserted")
        if ingested:
            changed.append(plan.document_id)
        todo.append(plan)
    if not todo:
        return outcomes
    if changed:
        _ = yield ("delete_outgoing_edges_batch", {"ids": changed})
    keys = sorted({lk["key"] for p in todo for lk in p.lookups})
    found: list[dict[str, Any]] = []
    if keys:
        found = yield ("find_symbol_key_documents", {"keys": keys})
    index = _KeyIndex(found)

    documents: list[Props] = []
    grouped: dict[str, list[Props]] = {}
    for plan in todo:
        stmts = resolve_statements(plan, index.candidates(plan))
        for name, params in stmts:
            if name == "merge_document":
                documents.append(params["doc"])
            else:
                grouped.setdefault(name, []).extend(params["rows"])
        placeholders: list[Props] = next(
            (p["rows"] for n, p in stmts if n == "merge_placeholder_documents"), []
        )
        index.add(plan, placeholders)

    _ = yield ("merge_documents", {"rows": documents, "now": timestamp()})
    for name, batch_name in _BATCH_STATEMENTS:
        rows_of = grouped.get(name)
        if rows_of:
            _ = yield (batch_name, {"rows": _dedupe_nodes(name, rows_of)})
    return outcomes


def write_batch(tx: neo4j.ManagedTransaction, plans: Sequence[DocumentPlan]) -> list[Outcome]:
    """Write many documents inside ``tx`` (``session.execute_write(write_batch, plans)``):
    about fifteen statements whatever the number of documents. Outcomes in ``plans`` order."""
    return _drive(tx, _batch_steps(plans))


async def write_batch_async(
    tx: neo4j.AsyncManagedTransaction, plans: Sequence[DocumentPlan]
) -> list[Outcome]:
    """Async twin of :func:`write_batch`."""
    return await _drive_async(tx, _batch_steps(plans))


# ============================================================================================
# Ingesting files
# ============================================================================================


@dataclass
class LoadReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    elapsed: float = 0.0
    docs_per_s: float = 0.0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.failed

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["failures"] = [{"path": p, "reason": r} for p, r in self.failures]
        d["total"] = self.total
        return d

    def __str__(self) -> str:
        return (
            f"{self.total} documents in {self.elapsed:.1f}s ({self.docs_per_s:.1f} docs/s): "
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed"
        )


Progress = Callable[[str, str], None]  # (path, "inserted" | "updated" | "unchanged" | "failed")
_Extracted = tuple[str, DocumentPlan | None, str | None]  # (path, plan, failure reason)


def _failure_reason(exc: BaseException) -> str:
    if isinstance(exc, IngestError):
        return exc.reason
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def extract_plan(path: str) -> _Extracted:
    """Read, extract and plan one file; never raises (a failure comes back as its reason)."""
    from ingest.extract import extract
    from ingest.readers import read_file

    try:
        text = read_file(path)
        ex = extract(text, source=path)
        return path, plan_document(ex, text=text), None
    except Exception as exc:  # any problem with one input must not stop the batch
        logger.debug("extraction of %s failed", path, exc_info=True)
        return path, None, _failure_reason(exc)


def _extract_chunk(paths: list[str]) -> list[_Extracted]:
    return [extract_plan(p) for p in paths]


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _pool_context() -> BaseContext:
    """Worker processes forked from a server that imported the extractor once (``forkserver``,
    Linux): no spaCy import per worker, and no fork of this process's threads (driver, progress
    bar). ``spawn`` where there is no forkserver. Workers are long-lived either way."""
    if "forkserver" in get_all_start_methods():
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(["ingest.load", "ingest.extract", "ingest.readers"])
        return ctx
    return get_context("spawn")


def watch_parent(pid: int, interval: float = 1.0) -> None:
    """Worker initializer: exit as soon as process ``pid`` (the ingest that started the pool)
    is gone. A killed ingest (SIGKILL: no clean-up runs) would otherwise leave its workers, the
    forkserver and the resource tracker running; a worker's parent is the forkserver, so
    ``getppid`` cannot tell, the ingest's pid can."""

    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pid reused by another user's process: ours is gone
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _extracted(paths: Sequence[str], workers: int, *, ahead: int = 64) -> Iterator[_Extracted]:
    """Extraction results in input order; ``workers > 1`` uses a process pool.

    At most about ``ahead`` documents are extracted and not yet consumed (bounded memory
    whatever the corpus size); the writer asks for ``2 x batch size`` so the workers keep
    extracting while a batch is written.
    """
    if workers <= 1:
        for p in paths:
            yield extract_plan(p)
        return
    size = max(1, min(32, len(paths) // (workers * 4) or 1))
    window = max(workers * 3, -(-ahead // size))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=watch_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[tuple[list[str], Future[list[_Extracted]]]] = deque()
        it = _chunks(paths, size)
        broken = False
        while True:
            while not broken and len(pending) < window:
                nxt = next(it, None)
                if nxt is None:
                    break
                try:
                    pending.append((nxt, pool.submit(_extract_chunk, nxt)))
                except BrokenProcessPool:
                    broken = True
                    pending.append((nxt, _failed_future()))
            if not pending:
                break
            chunk, fut = pending.popleft()
            try:
                yield from fut.result()
            except Exception as exc:  # a worker died (killed, out of memory): report the files
                broken = broken or isinstance(exc, BrokenProcessPool)
                for p in chunk:
                    yield p, None, f"worker process failed: {_failure_reason(exc)}"
            if broken:
                for nxt in it:
                    pending.append((nxt, _failed_future()))


def _failed_future() -> Future[list[_Extracted]]:
    fut: Future[list[_Extracted]] = Future()
    fut.set_exception(BrokenProcessPool("the worker pool stopped"))
    return fut


DEFAULT_BATCH_SIZE = 500
BATCH_TEXT_LIMIT = 16_000_000  # characters of search_text per batch: long documents cut it early
_FATAL = (ServiceUnavailable, SessionExpired, AuthError)


class _Writer:
    """Accumulates plans into batches and writes each batch in one transaction; a batch that
    fails is written again one document per transaction, so only the bad document fails."""

    def __init__(
        self,
        session: neo4j.Session,
        report: LoadReport,
        batch_size: int,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.report = report
        self.batch_size = max(1, batch_size)
        self.progress = progress
        self.batch: list[tuple[str, DocumentPlan]] = []
        self.ids: set[str] = set()
        self.chars = 0

    def done(self, path: str, status: str) -> None:
        self.report.count(status)
        if self.progress is not None:
            self.progress(path, status)

    def fail(self, path: str, reason: str) -> None:
        self.report.failures.append((path, reason))
        self.done(path, "failed")

    def add(self, path: str, plan: DocumentPlan) -> None:
        if plan.document_id in self.ids:  # the same document twice: in order, not in one batch
            self.flush()
        self.batch.append((path, plan))
        self.ids.add(plan.document_id)
        self.chars += len(plan.document["props"].get("search_text") or "")
        if len(self.batch) >= self.batch_size or self.chars >= BATCH_TEXT_LIMIT:
            self.flush()

    def flush(self) -> None:
        batch, self.batch, self.ids, self.chars = self.batch, [], set(), 0
        if not batch:
            return
        if len(batch) > 1:
            try:
                outcomes = self.session.execute_write(write_batch, [p for _, p in batch])
            except _FATAL:
                raise
            except Exception as exc:  # a bad document (or too big a batch): one by one
                logger.info(
                    "batch of %d documents failed (%s); writing them one per transaction",
                    len(batch),
                    _failure_reason(exc),
                )
            else:
                for (path, _), outcome in zip(batch, outcomes, strict=True):
                    self.done(path, outcome)
                return
        for path, plan in batch:
            try:
                status = self.session.execute_write(write_document, plan)
            except _FATAL:
                raise
            except Neo4jError as exc:
                logger.warning("write of %s failed: %s", path, exc)
                self.fail(path, f"database refused the write: {exc.message}")
            except Exception as exc:  # e.g. a value the driver cannot send
                logger.warning("write of %s failed: %s", path, exc)
                self.fail(path, f"write failed: {_failure_reason(exc)}")
            else:
                self.done(path, status)


def write_plans(
    driver: neo4j.Driver,
    database: str,
    items: Iterable[_Extracted],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadReport:
    """Write ``(path, plan, failure)`` items in batches of ``batch_size`` documents per
    transaction (see ``graph_schema/README.md``, "Loading"); a ``None`` plan is recorded as
    failed with its reason. A database that cannot be reached stops the load (the exception
    propagates; finished batches stay written)."""
    report = LoadReport()
    started = time.monotonic()
    with driver.session(database=database) as session:
        writer = _Writer(session, report, batch_size, progress)
        for path, plan, reason in items:
            if plan is None:
                writer.fail(path, reason or "extraction failed")
            else:
                writer.add(path, plan)
        writer.flush()
    report.elapsed = time.monotonic() - started
    report.docs_per_s = report.total / report.elapsed if report.elapsed > 0 else 0.0
    return report


def ingest_paths(
    driver: neo4j.Driver,
    database: str,
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadReport:
    """Ingest files, directories and globs: extraction in ``workers`` processes, writes from
    this process in batches of ``batch_size`` documents per transaction.

    A file that cannot be read or extracted, or whose write is refused by the database, is
    recorded in ``failures`` and the load goes on. A database that cannot be reached stops
    the load (the exception propagates).
    """
    from app.files import iter_inputs

    files = [str(p) for p in iter_inputs(paths)]
    ahead = 2 * max(1, batch_size)
    return write_plans(
        driver,
        database,
        _extracted(files, workers, ahead=ahead),
        batch_size=batch_size,
        progress=progress,
    )
