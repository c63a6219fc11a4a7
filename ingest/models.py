"""The extraction record: what `ingest.extract` reads out of one document.

These are *ingest payloads*: plain, validated records with no knowledge of the graph. The graph
loader (``ingest.load``) maps them to nodes and edges; the API has its own response schemas.
Offsets (``span``) are ``[start, end)`` character offsets into the exact ``text`` passed to
``ingest.extract`` (after decoding, before any cleaning).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from graph_schema.relations import Relation


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Signer(_Model):
    name: str
    position: str | None = None
    capacity: str | None = None  # "KT.", "TM.", "TL.", "TUQ.", "Q.", "KT. ... TM." kept as written


class DocumentMeta(_Model):
    id: str | None = None  # stable, URL-safe key (see ingest.symbols.document_id)
    symbol: str | None = None  # normalised symbol, e.g. "631/TB-VPCP"
    doc_type: str | None = None  # Vietnamese type name, e.g. "Thông báo"
    issuer: str | None = None  # canonical agency name, e.g. "Văn phòng Chính phủ"
    issued_date: str | None = None  # ISO date
    place: str | None = None
    title: str | None = None
    signers: list[Signer] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    is_formal: bool = True  # False for news reports and other non-formal texts


class Citation(_Model):
    symbol: str | None = None  # normalised symbol, or None for citations by name
    name: str | None = None  # e.g. "Luật Đấu thầu"
    doc_type: str | None = None  # Vietnamese type name
    year: int | None = None  # from evidence in the text only; never from an effective date
    issued_date: str | None = None  # ISO date
    issuer: str | None = None  # canonical agency name
    subject: str | None = None  # trích yếu after "về ..."
    article: str | None = None  # e.g. "khoản 2 Điều 8"
    relation: Relation = "CITES"
    span: tuple[int, int]
    sentence: str


class StatedRelation(_Model):
    """A relation the text states between two *other* documents."""

    from_: Citation = Field(alias="from")
    relation: Relation
    to: Citation
    sentence: str


class Agency(_Model):
    name: str  # as written
    canonical: str  # canonical name from the gazetteer (or the cleaned name when unknown)
    code: str | None = None  # e.g. "BNV"
    span: tuple[int, int] | None = None


class Person(_Model):
    name: str
    position: str | None = None


class Programme(_Model):
    name: str  # canonical name, e.g. "Đề án 06"
    aliases: list[str] = Field(default_factory=list)


class Meeting(_Model):
    name: str
    date: str | None = None  # ISO
    chair: str | None = None


class Task(_Model):
    text: str
    lead: list[str] = Field(default_factory=list)  # canonical agency names
    support: list[str] = Field(default_factory=list)
    deadline: str | None = None  # ISO date, or a period such as "2025-02", "2026-Q1", "2025"
    span: tuple[int, int]


class Extraction(_Model):
    source: str | None = None
    document: DocumentMeta
    citations: list[Citation] = Field(default_factory=list)
    stated_relations: list[StatedRelation] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list)
    programmes: list[Programme] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    content_hash: str | None = None  # sha256 of the decoded text
    warnings: list[str] = Field(default_factory=list)
