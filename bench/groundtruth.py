"""Extraction measured against a generated corpus's ground truth (``ingest.generate``).

A ground-truth citation is *found* when the extraction of its document holds a citation of the
same target: the same symbol (compared on the lookup key: upper case, ``Đ``→``D``, no spaces)
or, for citations by name (``Luật Đấu thầu ngày ...``, ``Điều 26 Luật Đấu thầu``), the same
name (case- and diacritic-insensitive); and whose year, when the extractor gives one, is the
true year (a year left open is not wrong: the resolver keeps it as a placeholder; a wrong year
is a miss). Relation agreement is counted among found citations.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.models import Citation, Extraction


def symbol_key(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return "".join(s.split()).replace("Đ", "D").replace("đ", "d").upper()


def name_key(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    s = unicodedata.normalize("NFKD", s)
    return " ".join("".join(ch for ch in s if not unicodedata.combining(ch)).lower().split())


@dataclass
class Score:
    total: int = 0
    found: int = 0
    relation_ok: int = 0
    year_given: int = 0
    misses: Counter[str] = field(default_factory=Counter)  # by form
    examples: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0

    @property
    def relation_accuracy(self) -> float:
        return self.relation_ok / self.found if self.found else 1.0


def _match(gt: dict[str, Any], found: list[Citation]) -> Citation | None:
    by_name = gt["form"] in ("name_date", "name_article")
    want = name_key(gt["name"]) if by_name else symbol_key(gt["symbol"])
    for c in found:
        if by_name:
            ok = c.name is not None and name_key(c.name) == want
        else:
            ok = c.symbol is not None and symbol_key(c.symbol) == want
        if ok and (c.year is None or c.year == gt["year"]):
            return c
    return None


def score_document(record: dict[str, Any], extraction: Extraction, score: Score) -> None:
    """Add one document's citations to ``score``."""
    for gt in record["citations"]:
        score.total += 1
        c = _match(gt, extraction.citations)
        if c is None:
            score.misses[gt["form"]] += 1
            if len(score.examples) < 20:
                what = gt.get("name") or gt["symbol"]
                score.examples.append(f"{record['id']}: {gt['form']} {what} {gt['year']}")
            continue
        score.found += 1
        score.year_given += c.year is not None
        score.relation_ok += c.relation == gt["relation"]


def score_corpus(pairs: Iterable[tuple[dict[str, Any], Extraction]]) -> Score:
    score = Score()
    for record, extraction in pairs:
        score_document(record, extraction, score)
    return score
