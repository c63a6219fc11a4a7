"""How extracted things map to graph keys and property values (pure: no database).

The contract is ``graph_schema/README.md``; this module holds the small functions that turn
extracted values into node ids, labels, lookup keys and typed properties, so the loader
(``ingest.load``) and the API compute them the same way.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from datetime import date

from ingest import doctypes, gazetteer, symbols

SEARCH_TEXT_LIMIT = 100_000  # characters of body text kept in Document.search_text
_SLUG_LIMIT = 80


def symbol_key(symbol: str | None) -> str | None:
    """Lookup key of a symbol: normalised, upper case, ``Đ`` → ``D``, no spaces.

    ``18-NQ/TW``, ``18 - nq/tw`` and ``nq 18-nq/tw`` give ``18-NQ/TW``; ``108/2014/NĐ-CP`` and
    ``108/2014/ND-CP`` give ``108/2014/ND-CP``. Unparseable symbols are keyed as written.
    """
    if not symbol:
        return None
    norm = symbols.normalize_symbol(symbol) or symbol
    norm = unicodedata.normalize("NFC", norm)
    key = norm.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").upper()
    return re.sub(r"\s+", "", key) or None


def symbol_year(symbol: str | None) -> int | None:
    """The year written inside a symbol (``80/2015/QH13`` → 2015), else None."""
    sym = symbols.parse_symbol(symbol) if symbol else None
    return sym.year if sym else None


def ambiguous_id(symbol: str) -> str:
    """Id of the placeholder for a citation whose year the evidence does not decide."""
    sym = symbols.parse_symbol(symbol)
    return f"{symbols.slug(sym.normalized if sym else symbol)}-y-unknown"


def year_of(iso: str | None) -> int | None:
    if iso and len(iso) >= 4 and iso[:4].isdigit():
        return int(iso[:4])
    return None


def type_label(doc_type: str | None, *, is_formal: bool = True) -> str:
    """Graph label of a Vietnamese type name; ``Article`` for news, ``Other`` when unknown."""
    if not doc_type and not is_formal:
        return "Article"
    return doctypes.label_for(doc_type)


def full_fold(s: str) -> str:
    """Lower case, no diacritics at all (``Đ`` → ``d``), single spaces: for loose comparisons."""
    s = unicodedata.normalize("NFC", s).replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s.casefold()).strip()


def slug(s: str) -> str:
    """URL-safe ASCII slug (``ingest.symbols.slug``), capped in length."""
    return symbols.slug(s)[:_SLUG_LIMIT].strip("-")


def name_document_id(name: str, year: int | None) -> str:
    """Id of a document cited by name only (``Luật Đấu thầu``, ``Luật Đất đai năm 2003``).

    Documents without a symbol are ``doc-<16 hex of sha256(title)>``; the title hashed here is
    the folded name, plus the year when the citation gives one, so spelling and case variants
    of one citation meet on one node and different years stay apart.
    """
    key = full_fold(name) + (f" {year}" if year else "")
    return symbols.document_id(None, None, None, title=key)


def agency_id(name: str) -> str:
    """Gazetteer id when the name is known (full name, short form, code), else its slug."""
    entry = gazetteer.lookup(name)
    return entry.id if entry else slug(name)


def agency_props(name: str, code: str | None = None) -> dict[str, str | None]:
    """``{id, name, code, kind}`` of an agency as written (canonical name when known)."""
    entry = gazetteer.lookup(name)
    if entry is None and code:
        entry = gazetteer.by_code(code)
        if entry is not None and full_fold(entry.name) != full_fold(name):
            entry = None  # a code that does not name this agency: keep the name
    if entry is not None:
        return {"id": entry.id, "name": entry.name, "code": entry.code or code, "kind": entry.kind}
    return {"id": slug(name), "name": " ".join(name.split()), "code": code, "kind": None}


def names_province(issuer: str) -> bool:
    """True when an issuer names its province (``UBND tỉnh Đắk Lắk``; not ``UBND tỉnh``)."""
    return symbols.province_slug(issuer) != symbols.slug(issuer)


_RECIPIENT_SPLIT = re.compile(r"\s*[;,]\s*")
_RECIPIENT_NOTE = re.compile(
    r"\((?:để\s*)?[a-zđ]{1,3}\s*/\s*[a-zđ]{1,3}\)|\(.{0,12}\)", re.IGNORECASE
)


def _known_name(name: str) -> gazetteer.AgencyEntry | None:
    """Gazetteer entry of a written-out name (not a bare code: ``CT`` is no agency here)."""
    return gazetteer.lookup(name) if " " in name.strip() else None


def recipient_agencies(recipients: list[str]) -> list[str]:
    """Canonical names of the gazetteer agencies in a ``Nơi nhận`` / ``Kính gửi`` list.

    Entries are split on ``,`` and ``;`` and notes such as ``(b/c)`` dropped; only names the
    gazetteer knows become agencies (the raw list stays on the document as ``recipients``), so
    abbreviations like ``CT, các PCT. UBND tỉnh`` or ``Lưu: VT`` make no junk nodes.
    """
    out: list[str] = []
    for raw in recipients:
        whole = " ".join(_RECIPIENT_NOTE.sub(" ", raw).split()).strip("-–+•*.:; ")
        if not whole or full_fold(whole).startswith("luu"):
            continue
        parts = [whole] if _known_name(whole) else _RECIPIENT_SPLIT.split(whole)
        for part in parts:
            entry = _known_name(part.strip("-–+•*.:; "))
            if entry is not None and entry.name not in out:
                out.append(entry.name)
    return out


def person_id(name: str) -> str:
    return slug(name)


def programme_id(name: str) -> str:
    return slug(name)


def meeting_id(document_id: str, name: str, when: str | None) -> str:
    base = f"{document_id}~{slug(name) or 'meeting'}"
    return f"{base}~{when}" if when else base


def task_id(document_id: str, n: int) -> str:
    return f"{document_id}~t{n}"


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-H([12]))?$")


def deadline_range(deadline: str | None) -> tuple[str, str] | None:
    """First and last ISO day of a deadline: date, ``2025-02``, ``2026-Q1``, ``2025-H1``, ``2025``.

    None when the value is not one of these forms (or not a real date).
    """
    if not deadline:
        return None
    m = _PERIOD.match(deadline.strip())
    if not m:
        return None
    year, month, day, quarter, half = m.groups()
    y = int(year)
    try:
        if day:
            d = date(y, int(month), int(day))
            return d.isoformat(), d.isoformat()
        if month:
            first_m = last_m = int(month)
        elif quarter:
            first_m, last_m = 3 * int(quarter) - 2, 3 * int(quarter)
        elif half:
            first_m, last_m = (1, 6) if half == "1" else (7, 12)
        else:
            first_m, last_m = 1, 12
        first = date(y, first_m, 1)
        last = date(y, last_m, calendar.monthrange(y, last_m)[1])
    except ValueError:
        return None
    return first.isoformat(), last.isoformat()


_APPROVES = re.compile(r"\bphe duyet\b")


def approves(title: str | None, programme_name: str, aliases: list[str]) -> bool:
    """True when a title approves the programme: ``phê duyệt`` followed by one of its names."""
    if not title:
        return False
    t = full_fold(title)
    m = _APPROVES.search(t)
    if not m:
        return False
    after = t[m.end() :]
    return any(full_fold(n) in after for n in (programme_name, *aliases) if n)


_CONCLUSION_TYPES = frozenset({"thông báo", "thông báo kết luận", "kết luận"})


def concludes(doc_type: str | None, title: str | None) -> bool:
    """A conclusion notice (Thông báo kết luận, Kết luận, a notice whose title says kết luận)."""
    dt = (doc_type or "").strip().casefold()
    if dt in ("thông báo kết luận", "kết luận"):
        return True
    return dt in _CONCLUSION_TYPES and "ket luan" in full_fold(title or "")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sentence_at(text: str | None, start: int, end: int, limit: int = 600) -> str | None:
    """The sentence (or line) of ``text`` around ``[start, end)``, trimmed to ``limit``."""
    if not text or start < 0 or end > len(text) or start >= end:
        return None
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start))
    right_candidates = [
        i for i in (text.find(". ", end), text.find("\n", end), text.find(";", end)) if i != -1
    ]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    s = " ".join(text[left + 1 : right].split())
    return s[:limit] or None
