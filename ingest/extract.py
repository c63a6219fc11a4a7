"""``extract``: text in, :class:`ingest.models.Extraction` out. Pure: no database, no network."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from ingest.models import Agency, Citation, Extraction, StatedRelation, Task
from ingest.pipeline import UTF8_KEY, get_nlp, results
from ingest.readers import read_file
from ingest.symbols import document_id

logger = logging.getLogger(__name__)

# Lone UTF-16 surrogates cannot be encoded (spaCy's string store raises on them); no reader
# produces them, but callers of ``extract`` may. Each becomes U+FFFD: one character for one, so
# every offset still indexes the caller's text.
_SURROGATE = re.compile("[\ud800-\udfff]")


def extract(text: str, *, source: str | None = None) -> Extraction:
    """Read one document's text. Spans in the result index ``text`` itself."""
    try:
        # strict UTF-8 fails exactly on a lone surrogate (a regex scan for them cost ~5 ms per
        # MB), and otherwise gives the bytes ``prepare`` needs (handed over, not encoded again)
        utf8: bytes | None = text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
        utf8 = None
    nlp = get_nlp()
    with nlp.memory_zone():  # release per-document strings: workers run for hours
        doc = nlp.make_doc(text)
        doc.user_data[UTF8_KEY] = utf8
        res = results(nlp(doc))
        prep, meta = res.prepared, res.meta
        if prep is None or meta is None:  # the first two components always assign them
            raise RuntimeError("the vanban pipeline ran without its prepare/header components")
        year = int(meta.issued_date[:4]) if meta.issued_date else None
        meta.id = document_id(meta.symbol, year, meta.issuer, title=meta.title, text=text)

        # Every record below was built and validated by the finders in this call: spans are
        # remapped in place (pydantic does not validate attribute assignment) and the envelope
        # is assembled without re-validating what it holds.
        to_orig = prep.span_to_original if prep._starts else None
        cites: list[Citation] = res.citations or []
        stated: list[StatedRelation] = res.stated_relations or []
        agencies: list[Agency] = res.agencies or []
        found_tasks: list[Task] = res.tasks or []
        if to_orig is not None:
            done: set[int] = set()
            for c in [*cites, *(r.from_ for r in stated), *(r.to for r in stated)]:
                if id(c) not in done:  # a stated relation may share its Citation objects
                    done.add(id(c))
                    c.span = to_orig(*c.span)
            for a in agencies:
                if a.span:
                    a.span = to_orig(*a.span)
            for t in found_tasks:
                t.span = to_orig(*t.span)
        return Extraction.model_construct(
            source=source,
            document=meta,
            citations=cites,
            stated_relations=stated,
            agencies=agencies,
            persons=res.persons,
            programmes=res.programmes,
            meetings=res.meetings,
            tasks=found_tasks,
            content_hash=hashlib.sha256(
                prep.cache.get("utf8") or text.encode("utf-8", "surrogatepass")
            ).hexdigest(),
            warnings=[],
        )


def extract_file(path: str | Path) -> Extraction:
    """Decode a file (any supported format and encoding) and extract it.

    Raises :class:`ingest.errors.ReadError` naming the file when it cannot be read as text.
    """
    p = Path(path)
    return extract(read_file(p), source=str(p))
