"""Response schemas of API v1 (separate from the ingest payloads in ``ingest.models``).

Every list endpoint answers ``{"items": [...], "total": n}``; ``total`` counts every match,
``items`` is the requested page.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Number of matches over all pages.")


class DocumentSummary(BaseModel):
    """A document as lists show it. ``ingested`` is false for placeholders (cited, not loaded)."""

    id: str
    symbol: str | None = None
    year: int | None = None
    issued_date: str | None = None
    doc_type: str | None = None
    type_label: str | None = Field(default=None, description="Graph label, e.g. `Resolution`.")
    issuer: str | None = None
    title: str | None = None
    ingested: bool = False
    ambiguous: bool = False


class SignerOut(BaseModel):
    id: str
    name: str | None = None
    position: str | None = None
    capacity: str | None = None


class NamedRef(BaseModel):
    id: str
    name: str | None = None


class DocumentDetail(DocumentSummary):
    place: str | None = None
    issuer_id: str | None = None
    source: str | None = None
    candidates: list[str] = Field(
        default_factory=list, description="Possible documents of an ambiguous placeholder."
    )
    signers: list[SignerOut] = Field(default_factory=list)
    addressed_to: list[NamedRef] = Field(default_factory=list)
    mentions_agencies: list[NamedRef] = Field(default_factory=list)
    mentions_persons: list[NamedRef] = Field(default_factory=list)
    programmes: list[NamedRef] = Field(
        default_factory=list, description="Programmes approved or mentioned."
    )
    citations: int = Field(0, description="Outgoing document relations.")
    cited_by: int = Field(0, description="Incoming document relations.")
    tasks: int = 0


class CitationItem(BaseModel):
    """One document-to-document relation seen from the other end."""

    document: DocumentSummary
    relation: str
    sentence: str | None = None
    article: str | None = None
    stated: bool = Field(False, description="True when a third document states the relation.")
    evidence_id: str | None = Field(None, description="Id of the document whose text states it.")


class ChainNode(DocumentSummary):
    depth: int


class ChainEdge(BaseModel):
    source: str
    target: str
    relation: str
    sentence: str | None = None


class Chain(BaseModel):
    nodes: list[ChainNode]
    edges: list[ChainEdge]
    truncated: bool = Field(description="True when the per-node or total cap cut something off.")


class AgencyOut(BaseModel):
    id: str
    name: str | None = None
    code: str | None = None
    kind: str | None = None


class TaskItem(BaseModel):
    id: str
    text: str | None = None
    role: Literal["lead", "support"]
    deadline: str | None = None
    deadline_from: str | None = None
    deadline_to: str | None = None
    document: DocumentSummary | None = None


class ProgrammeOut(BaseModel):
    id: str
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)


class ProgrammeDocument(DocumentSummary):
    relations: list[str] = Field(default_factory=list, description="APPROVES and/or MENTIONS.")


class PersonOut(BaseModel):
    id: str
    name: str | None = None
    documents: int = Field(0, description="Documents that are signed by or mention the person.")


class SearchHit(BaseModel):
    document: DocumentSummary
    score: float


class Count(BaseModel):
    key: str | int | None
    count: int


class MostCited(BaseModel):
    document: DocumentSummary
    cited_by: int


class Stats(BaseModel):
    documents: int
    ingested: int
    placeholders: int
    relations: int
    agencies: int
    tasks: int
    most_cited: list[MostCited]
    by_type: list[Count]
    by_year: list[Count]


class UploadResult(BaseModel):
    id: str
    outcome: str = Field(description="inserted, updated or unchanged.")
    symbol: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    title: str | None = None
    citations: int
    tasks: int
    agencies: int
    persons: int = 0
    programmes: int = 0
    warnings: list[str] = Field(default_factory=list)
