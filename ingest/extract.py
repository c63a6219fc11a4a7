"""``extract``: text in, :class:`ingest.models.Extraction` out. Pure: no database, no network."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from ingest.models import Citation, Extraction, StatedRelation, Task
from ingest.pipeline import get_nlp
from ingest.readers import read_file
from ingest.symbols import document_id

logger = logging.getLogger(__name__)


def extract(text: str, *, source: str | None = None) -> Extraction:
    """Read one document's text. Spans in the result index ``text`` itself."""
    nlp = get_nlp()
    with nlp.memory_zone():  # release per-document strings: workers run for hours
        doc = nlp(text)
        prep = doc._.prepared
        meta = doc._.meta
        year = int(meta.issued_date[:4]) if meta.issued_date else None
        meta.id = document_id(meta.symbol, year, meta.issuer, title=meta.title, text=text)

        def remap(c: Citation) -> Citation:
            return c.model_copy(update={"span": prep.span_to_original(*c.span)})

        cites = [remap(c) for c in doc._.citations]
        stated = [
            StatedRelation.model_validate(
                {"from": remap(r.from_), "relation": r.relation, "to": remap(r.to),
                 "sentence": r.sentence}
            )
            for r in doc._.stated_relations
        ]
        agencies = [
            a.model_copy(update={"span": prep.span_to_original(*a.span) if a.span else None})
            for a in doc._.agencies
        ]
        found_tasks: list[Task] = [
            t.model_copy(update={"span": prep.span_to_original(*t.span)}) for t in doc._.tasks
        ]
        return Extraction(
            source=source,
            document=meta,
            citations=cites,
            stated_relations=stated,
            agencies=agencies,
            persons=doc._.persons,
            programmes=doc._.programmes,
            meetings=doc._.meetings,
            tasks=found_tasks,
            content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        )


def extract_file(path: str | Path) -> Extraction:
    """Decode a file (any supported format and encoding) and extract it.

    Raises :class:`ingest.errors.ReadError` naming the file when it cannot be read as text.
    """
    p = Path(path)
    return extract(read_file(p), source=str(p))
