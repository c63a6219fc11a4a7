"""Document types: code ↔ Vietnamese name ↔ graph label (data: ``data/doc_types.csv``)."""

from __future__ import annotations

from functools import cache

from ingest.symbols import _doc_types, doc_type_from_code


@cache
def _by_name() -> dict[str, dict[str, str]]:
    return {r["name"].casefold(): r for r in _doc_types()}


def name_for_code(code: str | None) -> str | None:
    """``NQ`` → ``Nghị quyết`` (``ND`` and ``NĐ`` both give ``Nghị định``)."""
    return doc_type_from_code(code)


def code_for_name(name: str | None) -> str | None:
    """``Nghị quyết`` → ``NQ`` (case-insensitive)."""
    if not name:
        return None
    r = _by_name().get(name.strip().casefold())
    return r["code"] if r else None


def label_for(doc_type_name: str | None) -> str:
    """Graph label of a Vietnamese type name (``Bộ luật`` → ``Code``); ``Other`` if unknown."""
    if not doc_type_name:
        return "Other"
    r = _by_name().get(doc_type_name.strip().casefold())
    return r["label"] if r else "Other"


def canonical_name(name: str | None) -> str | None:
    """The canonical spelling of a type name as written (``nghị  QUYẾT`` → ``Nghị quyết``)."""
    if not name:
        return None
    r = _by_name().get(" ".join(name.split()).casefold())
    return r["name"] if r else None
