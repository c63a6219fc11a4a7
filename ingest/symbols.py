"""Document symbols (số hiệu): parse, normalise, key.

A symbol is *not* an identity (domain.md §1): numbering restarts every year (individual
documents, công văn), every National Assembly term (laws), every Party congress term (Party
documents), and local codes omit the province. :func:`parse_symbol` reads the parts of a symbol
written with real-world noise; :func:`document_id` turns (symbol, year, issuer) into a stable,
URL-safe ASCII key.

Normalised form
    Spaces removed (``57- NQ/TW`` → ``57-NQ/TW``, ``73/2006/QH 11`` → ``73/2006/QH11``), en dash
    → hyphen, codes in canonical spelling with ``Đ`` (``ND-CP`` → ``NĐ-CP``, ``QD`` → ``QĐ``,
    ``BGDDT`` → ``BGDĐT``, ``HDND`` → ``HĐND``) and canonical case (``TTg``, ``TTr``; other codes
    upper case). The number is kept as written (``01/NQ-CP`` keeps its zero). The separator after
    the number is kept: Party symbols use a hyphen (``18-NQ/TW``).

Document ids (:func:`document_id`)
    ``slug(normalised symbol)`` (ASCII, lower case, ``Đ`` → ``d``, runs of other characters →
    ``-``), then:

    * ``-<year>`` when the symbol carries no year and the year is known
      (``18-nq-tw-2017``, ``01-nq-cp-2024``, ``1521-bgddt-cthssv-2025``); symbols with a year
      (``80-2015-qh13``, ``108-2014-nd-cp``, ``19-2018-nq-cp``) get nothing more;
    * ``-<province slug>`` for *local* symbols, whose codes omit the province: issuer codes
      ``UBND``, ``HĐND`` and department codes ``S...`` (``STC``, ``SNV``, ``SGDĐT``...), when the
      issuer is known. The province slug is the name after ``tỉnh``/``thành phố``/``TP`` in the
      issuer (``Ủy ban nhân dân tỉnh Đắk Lắk`` → ``dak-lak``), else the slug of the whole issuer:
      ``40-2026-qd-ubnd-dak-lak``.

    Without a symbol: ``doc-<first 16 hex digits of sha256(title or text)>``.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ingest import patterns

logger = logging.getLogger(__name__)

_DATA = Path(__file__).parent / "data"

FAMILIES = (
    "party",
    "law",
    "standing_committee",
    "normative",
    "individual",
    "official_letter",
    "consolidated",
    "odd",
)


@dataclass(frozen=True)
class Symbol:
    raw: str
    normalized: str
    number: str
    year: int | None
    type_code: str | None
    issuer_code: str | None
    term: int | None  # National Assembly term: 13 for QH13, 15 for UBTVQH15
    family: str


# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------


@cache
def _doc_types() -> list[dict[str, str]]:
    with (_DATA / "doc_types.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def issuer_codes() -> dict[str, str]:
    """Issuer code → canonical agency name (local fallback for the gazetteer)."""
    with (_DATA / "issuer_codes.csv").open(encoding="utf-8") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


# Codes that are not types nor issuers in the tables but occur in symbols with a Đ.
_EXTRA_CODES = (
    "HĐ",
    "SGDĐT",
    "ĐHQG",
    "ĐHQGHN",
    "BCĐ",
    "ĐU",
    "ĐUQSTW",
    "ĐUCA",
    "BTĐKT",
    "PTTg",
    "VPTT",
    "SLĐTBXH",
    "TĐKT",
    "TU",
    "HU",
    "BBT",
    "BCT",
    "BCHTW",
    "BCSĐ",
    "GM",
    "BB",
    "TTLT",
    "KH",
    "CV",
)


def _fold(code: str) -> str:
    """Case- and Đ-insensitive key of a code."""
    return code.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").upper()


@cache
def _canon_codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in _doc_types():
        out.setdefault(_fold(r["code"]), r["code"])
    for code in issuer_codes():
        out.setdefault(_fold(code), code)
    for code in _EXTRA_CODES:
        out.setdefault(_fold(code), code)
    # ambiguous plain-keyboard spellings: "HD" is hướng dẫn (not HĐ), "CD" is công điện
    out["HD"] = "HD"
    out["CD"] = "CĐ"
    return out


@cache
def _type_codes() -> frozenset[str]:
    return frozenset(r["code"] for r in _doc_types()) | {"TTLT", "NQLT"}


_PARTY_ORGS = frozenset(
    {
        "TW",
        "UBKTTW",
        "BCT",
        "BBT",
        "BCHTW",
        "TU",
        "HU",
        "ĐU",
        "ĐUCA",
        "ĐUQSTW",
        "BTGTW",
        "BTCTW",
        "VPTW",
        "BDVTW",
        "BNCTW",
        "BKTTW",
        "ĐĐ",
        "BCSĐ",
        "QUTW",
        "ĐUK",
    }
)
_LOCAL_RE = re.compile(r"^(?:UBND|HĐND|S[A-ZĐ]{2,7})$")
_TERM_RE = re.compile(r"^(UBTVQH|QH)(\d{1,2})$")


# A unit code in mixed case, as ministries write their departments: "KTrVB" (Cục Kiểm tra văn
# bản quy phạm pháp luật), "QLCL". Allowed after the first segment only, with at least two
# capitals and a capital first, so "ha", "Ha", "km" are still not codes. A department's roman
# numeral after a dot stays part of it: "VPCP-V.III".
_MIXED_UNIT = re.compile(r"^[A-ZĐ](?=(?:.*[A-ZĐ]){1})[A-Za-zĐđ]{1,11}(?:\.[IVX]{1,4})?$")


def _canon_segment(seg: str, *, first: bool = True) -> str | None:
    """Canonical spelling of one code segment, or None when it cannot be a code."""
    seg = seg.replace(" ", "").replace("Ð", "Đ").rstrip("&")
    if not seg:
        return None
    if seg.isdigit():
        return seg
    key = _fold(seg)
    m = _TERM_RE.match(key)
    if m:
        return m.group(1) + m.group(2)
    known = _canon_codes().get(key)
    if known:
        return known
    if "." in seg:  # only a unit's roman numeral: "V.III"
        head, _, roman = seg.partition(".")
        canon_head = _canon_segment(head, first=first)
        if canon_head and re.fullmatch(r"[IVX]{1,4}", roman):
            return f"{canon_head}.{roman}"
        return None
    letters = [c for c in seg if c.isalpha()]
    if not first and _MIXED_UNIT.match(seg) and any(c.islower() for c in letters):
        return seg.replace("đ", "Đ") if seg[:1] == "đ" else seg
    if not letters or any(c.islower() and c != "đ" for c in letters):
        return None  # unknown mixed/lower-case word ("ha", "Ha", "km"): not a code
    # unknown upper-case unit code: repair common D-for-Đ spellings inside it
    out = seg.upper().replace("đ", "Đ")
    for plain, canon in (
        ("HDND", "HĐND"),
        ("GDDT", "GDĐT"),
        ("LDTBXH", "LĐTBXH"),
        ("DHQG", "ĐHQG"),
        ("KHDT", "KHĐT"),
        ("BCD", "BCĐ"),
    ):
        if plain in out and canon not in out:
            out = out.replace(plain, canon)
    return out


@lru_cache(maxsize=1 << 16)
def parse_symbol(raw: str) -> Symbol | None:
    """Parse one symbol as written (spaces, line breaks, ``D`` for ``Đ``, any case).

    Returns None when ``raw`` holds no symbol. A leading ``Số:`` or type word is tolerated
    (``nq 18-nq/tw`` → ``18-NQ/TW``). Cached: the same few thousand symbols recur across a
    corpus (hub laws are cited by every other document), and :class:`Symbol` is frozen.
    """
    if not raw:
        return None
    text = unicodedata.normalize("NFC", raw).replace("\n", " ").replace("\r", " ")
    text = text.replace("\t", " ").replace("*", " ")
    text = re.sub(r" {2,}", " ", text).strip()
    m = patterns.SYMBOL.search(text)
    if not m:
        return None
    return symbol_from_match(m)


def symbol_from_match(m: re.Match[str]) -> Symbol | None:
    """Build a :class:`Symbol` from a :data:`ingest.patterns.SYMBOL` match (None if not one)."""
    return _symbol_from_parts(m.group(0), m.group("num"), m.group("year"), m.group("codes"))


@lru_cache(maxsize=1 << 16)
def _symbol_from_parts(raw: str, num: str, year_s: str | None, codes_raw: str) -> Symbol | None:
    """:func:`symbol_from_match` on the groups it reads (cached: symbols recur)."""
    # the separator right after the number
    after = raw[len(num) :].lstrip(" ")
    num_sep = "-" if after[:1] in "-–" else "/"
    parts = patterns.CODE_SPLIT.split(codes_raw)
    segs: list[str] = []
    seps: list[str] = []
    for i, p in enumerate(parts):
        if i % 2:
            seps.append("-" if p in "-–" else "/")
        else:
            c = _canon_segment(p, first=not segs)
            if c is None:
                return None
            segs.append(c)
    if not segs or segs[0].isdigit():
        return None
    if sum(len(s) for s in segs if not s.isdigit()) < 2:
        return None
    year = int(year_s) if year_s else None
    if year_s:
        year_sep = "-" if raw[len(num) :].lstrip(" ")[:1] in "-–" else "/"
        head = f"{num}{year_sep}{year_s}/"
        num_sep = year_sep
    else:
        head = f"{num}{num_sep}"
    body = segs[0] + "".join(s + c for s, c in zip(seps, segs[1:], strict=True))
    normalized = head + body

    types = _type_codes()
    type_code: str | None = None
    issuer_code: str | None = None
    term: int | None = None
    for s in segs:
        tm = _TERM_RE.match(s)
        if tm:
            term = int(tm.group(2))
            issuer_code = tm.group(1)
            break
    if segs[0] in types:
        type_code = segs[0]
        if issuer_code is None and len(segs) > 1:
            issuer_code = segs[1]
    elif issuer_code is None:
        issuer_code = segs[0]

    if type_code == "VBHN":
        family = "consolidated"
    elif segs[0] in ("SL", "L") or (len(segs) > 1 and segs[1] == "L" and not year):
        family = "odd"
    elif term is not None and issuer_code == "QH":
        family = "law"
    elif term is not None or issuer_code == "UBTVQH":
        family = "standing_committee"
    elif num_sep == "-" and not year and type_code and len(segs) >= 2 and seps[0] == "/":
        family = "party"  # number-TYPE/ORGAN (18-NQ/TW, 02-HD/UBKTTW, 45-KL/TU)
    elif year and num_sep == "-":
        family = "odd"  # 19-2018/NQ-CP: year inside the number
    elif year:
        family = "normative"
    elif type_code:
        family = "individual"
    else:
        family = "official_letter"
    return Symbol(
        raw=raw,
        normalized=normalized,
        number=num,
        year=year,
        type_code=type_code,
        issuer_code=issuer_code,
        term=term,
        family=family,
    )


def normalize_symbol(raw: str) -> str | None:
    """The normalised form of the first symbol in ``raw``, or None."""
    s = parse_symbol(raw)
    return s.normalized if s else None


# --------------------------------------------------------------------------------------------
# Ids
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def slug(s: str) -> str:
    """ASCII, lower-case, hyphen-separated (``Đắk Lắk`` → ``dak-lak``)."""
    s = s.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


_PROVINCE_IN = re.compile(r"(?:tỉnh|thành phố|Thành phố|Tỉnh|TỈNH|THÀNH PHỐ|TP\.?)\s+(.+)$")


def province_slug(issuer: str) -> str:
    """Slug of the province named in an issuer (``UBND tỉnh Đắk Lắk`` → ``dak-lak``)."""
    found = list(_PROVINCE_IN.finditer(issuer))
    if found:
        return slug(found[-1].group(1))
    return slug(issuer)


def is_local(sym: Symbol) -> bool:
    """True when the symbol's codes omit the province (UBND, HĐND, departments S...)."""
    segs = re.split(r"[-/]", sym.normalized)
    return any(_LOCAL_RE.match(s) for s in segs[1:] if s and s != sym.type_code)


def document_id(
    symbol: str | None,
    year: int | None,
    issuer: str | None,
    *,
    title: str | None = None,
    text: str | None = None,
) -> str:
    """A stable, URL-safe ASCII id (see the module docstring for the rules)."""
    if symbol:
        sym = parse_symbol(symbol)
        if sym is None:
            base = slug(symbol)
            if base:
                return f"{base}-{year}" if year and str(year) not in base else base
        else:
            base = slug(sym.normalized)
            if sym.year is None and year:
                base = f"{base}-{year}"
            if issuer and is_local(sym):
                prov = province_slug(issuer)
                if prov and not base.endswith(prov):
                    base = f"{base}-{prov}"
            return base
    digest = hashlib.sha256((title or text or "").encode("utf-8", "surrogatepass")).hexdigest()
    return f"doc-{digest[:16]}"


# --------------------------------------------------------------------------------------------
# Document types
# --------------------------------------------------------------------------------------------


def doc_type_from_code(code: str | None) -> str | None:
    """Vietnamese type name of a type code (``NQ`` → ``Nghị quyết``; ``ND`` works too)."""
    if not code:
        return None
    canon = _canon_codes().get(_fold(code), code)
    for r in _doc_types():
        if r["code"] == canon:
            return r["name"]
    return None
