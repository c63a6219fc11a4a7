"""The spaCy pipeline: a blank Vietnamese ``Language`` with rule components.

Vietnamese word segmentation is not needed by any rule here (every finder works on character
offsets with regular expressions and Aho-Corasick automata), and spaCy's own ``vi`` tokenizer
without pyvi runs at ~0.02 MB/s. So the pipeline uses :class:`BlockTokenizer`: the text cut at
line ends into blocks of at least 64 KiB, so ``doc.text`` is exactly the input and building the
``Doc`` costs microseconds (one lexeme per token is what makes finer tokenizers slow: measured
5 MB/s for one token per line). Each component reads the :class:`ingest.clean.Prepared` views
from the document's :class:`Results` and declares what it assigns.

The components share one :class:`Results` object per ``Doc`` (in ``doc.user_data``) instead of
writing the ``doc._`` extension slots: every ``doc._`` access builds a spaCy ``Underscore``
object (~26 per document, a measurable share of a small document's extraction). The extensions
stay registered, as getters of that object, so ``doc._.meta`` etc. read the same values.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ingest import citations, entities, gazetteer, header, tasks
from ingest.clean import Prepared, prepare
from ingest.models import (
    Agency,
    Citation,
    DocumentMeta,
    Meeting,
    Person,
    Programme,
    StatedRelation,
    Task,
)

logger = logging.getLogger(__name__)

_TEXT_KEY = "vanban_text"  # doc.user_data: the tokenizer's input, which equals ``doc.text``
UTF8_KEY = "vanban_utf8"  # doc.user_data: that text's UTF-8 bytes, when the caller has them
_RESULTS_KEY = "vanban_results"  # doc.user_data: the components' :class:`Results`


@dataclass(slots=True)
class Results:
    """What the components assign to one ``Doc`` (read as ``doc._.<name>`` too)."""

    prepared: Prepared | None = None
    meta: DocumentMeta | None = None
    citations: list[Citation] | None = None
    stated_relations: list[StatedRelation] | None = None
    agencies: list[Agency] | None = None
    persons: list[Person] | None = None
    programmes: list[Programme] | None = None
    meetings: list[Meeting] | None = None
    tasks: list[Task] | None = None


def results(doc: Doc) -> Results:
    """The :class:`Results` of ``doc`` (created empty on first use)."""
    res = doc.user_data.get(_RESULTS_KEY)
    if res is None:
        res = doc.user_data[_RESULTS_KEY] = Results()
    return res


def _getter(name: str) -> Callable[[Doc], Any]:
    def get(doc: Doc) -> Any:
        res = doc.user_data.get(_RESULTS_KEY)
        return None if res is None else getattr(res, name)

    return get


for _field in fields(Results):
    Doc.set_extension(_field.name, getter=_getter(_field.name), force=True)


class BlockTokenizer:
    """Blocks of whole lines, at least ``block`` characters each: cheap, and lossless."""

    def __init__(self, vocab: Vocab, block: int = 65536) -> None:
        self.vocab = vocab
        self.block = block

    def __call__(self, text: str) -> Doc:
        if not text:
            return Doc(self.vocab, words=[" "], spaces=[False])
        words = []
        start = 0
        n = len(text)
        while start < n:
            cut = text.find("\n", start + self.block)
            end = n if cut < 0 else cut + 1
            words.append(text[start:end])
            start = end
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        # ``doc.text`` would re-join the blocks from the string store: keep the input itself
        doc.user_data[_TEXT_KEY] = text
        return doc

    # spaCy serialisation hooks (the tokenizer has no state)
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _b: bytes, **_: Any) -> BlockTokenizer:
        return self

    def to_disk(self, _p: Any, **_: Any) -> None:
        return None

    def from_disk(self, _p: Any, **_: Any) -> BlockTokenizer:
        return self


# What each component computes, as plain functions of the prepared views (the components below
# only move their results into the ``Doc``'s :class:`Results`).


def stage_citations(
    prep: Prepared, meta: DocumentMeta | None
) -> tuple[list[Citation], list[StatedRelation]]:
    found = citations.find_citations(prep, doc_date=meta.issued_date if meta else None)
    return found, citations.find_stated_relations(prep, found)


def stage_entities(
    prep: Prepared, meta: DocumentMeta | None
) -> tuple[list[Person], list[Programme], list[Meeting]]:
    return (
        entities.find_persons(prep, meta),
        entities.find_programmes(prep),
        entities.find_meetings(prep, meta),
    )


def stage_tasks(prep: Prepared, meta: DocumentMeta | None) -> list[Task]:
    if meta is not None and tasks.is_normative(prep.text, meta.doc_type, meta.symbol):
        return []  # laws, decrees, circulars: provisions, not assignments
    return tasks.find_tasks(prep, doc_date=meta.issued_date if meta else None)


def _prepared(res: Results) -> Prepared:
    """The prepared views, which ``vanban_prepare`` (the first component) assigns."""
    if res.prepared is None:
        raise ValueError("vanban_prepare must run before the other vanban components")
    return res.prepared


@Language.component("vanban_prepare", assigns=["doc._.prepared"])
def prepare_component(doc: Doc) -> Doc:
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
    utf8 = doc.user_data.get(UTF8_KEY)
    results(doc).prepared = prepare(text, utf8 if isinstance(utf8, bytes) else None)
    return doc


@Language.component("vanban_header", requires=["doc._.prepared"], assigns=["doc._.meta"])
def header_component(doc: Doc) -> Doc:
    res = results(doc)
    res.meta = header.parse_header(_prepared(res))
    return doc


@Language.component(
    "vanban_citations",
    requires=["doc._.prepared", "doc._.meta"],
    assigns=["doc._.citations", "doc._.stated_relations"],
)
def citations_component(doc: Doc) -> Doc:
    res = results(doc)
    res.citations, res.stated_relations = stage_citations(_prepared(res), res.meta)
    return doc


@Language.component("vanban_agencies", requires=["doc._.prepared"], assigns=["doc._.agencies"])
def agencies_component(doc: Doc) -> Doc:
    res = results(doc)
    res.agencies = gazetteer.find_agencies(_prepared(res))
    return doc


@Language.component(
    "vanban_entities",
    requires=["doc._.prepared", "doc._.meta"],
    assigns=["doc._.persons", "doc._.programmes", "doc._.meetings"],
)
def entities_component(doc: Doc) -> Doc:
    res = results(doc)
    res.persons, res.programmes, res.meetings = stage_entities(_prepared(res), res.meta)
    return doc


@Language.component(
    "vanban_tasks", requires=["doc._.prepared", "doc._.meta"], assigns=["doc._.tasks"]
)
def tasks_component(doc: Doc) -> Doc:
    res = results(doc)
    res.tasks = stage_tasks(_prepared(res), res.meta)
    return doc


PIPES = (
    "vanban_prepare",
    "vanban_header",
    "vanban_citations",
    "vanban_agencies",
    "vanban_entities",
    "vanban_tasks",
)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process (gazetteers and automata load on first use)."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = BlockTokenizer(nlp.vocab)
    nlp.vocab.lex_attr_getters = {}  # type: ignore[attr-defined]  # no component reads them
    nlp.max_length = 10**9  # no parser or NER: memory is linear in the text
    for pipe in PIPES:
        nlp.add_pipe(pipe)
    return nlp
