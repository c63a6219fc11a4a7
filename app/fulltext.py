"""Build the Lucene query of the ``document_search`` full-text index from what a person typed.

User text never reaches the Lucene query parser as syntax: it is split into words (letters and
digits only, after NFC), every word is escaped anyway, lower-cased (so ``AND``/``OR``/``NOT`` are
plain words), and the query requires every word and boosts the exact phrase. ``*:*``, ``[``,
quotes or Cypher fragments therefore become plain words or nothing at all. The index's
``standard-folding`` analyzer makes the match insensitive to case and diacritics (``de an 06``
finds ``Đề án 06``); note that it also drops English stop words (``an``, ``no``, ``the``...),
which then simply do not constrain the search.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TERMS = 32
_WORD = re.compile(r"[^\W_]+")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def escape(term: str) -> str:
    """Backslash-escape every Lucene query-parser special character."""
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def terms(text: str) -> list[str]:
    """The searchable words of ``text`` (at most :data:`MAX_TERMS`)."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return _WORD.findall(folded)[:MAX_TERMS]


def lucene_query(text: str) -> str | None:
    """A safe Lucene query requiring every word of ``text``, or None when it has no words."""
    words = [escape(w) for w in terms(text)]
    if not words:
        return None
    query = " ".join(f"+{w}" for w in words)
    if len(words) > 1:
        query += ' "' + " ".join(words) + '"^2'
    return query
