"""Agencies against a gazetteer.

The gazetteer (``ingest/data/agencies.jsonl``) lists Party organs, the National Assembly and its
bodies, the Government, ministries and ministry-level agencies before *and* after the 2025
restructuring (Nghị quyết 176/2025/QH15, in force 01/03/2025), major agencies and departments,
steering committees and working groups, and the 63 provinces before / 34 after the 2025 merger
(Nghị quyết 202/2025/QH15; the merged provinces' authorities started on 01/07/2025). Abolished
bodies carry ``valid_to`` and ``successor``. For every province the loader generates its
People's Committee (Ủy ban nhân dân, kind ``province_committee``) and People's Council
(Hội đồng nhân dân, kind ``province_council``) entries.

Matching works on a *folded* view of the text: lower-cased, with Vietnamese tone marks removed
(so ``hoà``/``hòa``, ``thuỷ``/``thủy`` and ``Công thương``/``Công Thương`` compare equal) while
the vowel quality marks (â, ê, ô, ơ, ư, ă) and ``đ`` are kept. Folding maps each character to
exactly one character, so offsets into the folded view are offsets into ``prep.flat`` (and
``prep.text``). Runs of spaces (left by blanked markdown or wrapped lines) are collapsed before
matching and offsets mapped back.

Public API: :class:`AgencyEntry`, :func:`entries`, :func:`by_id`, :func:`by_code`,
:func:`lookup`, :func:`fold`, :func:`find_agencies`.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from operator import itemgetter, sub
from pathlib import Path
from typing import Any

import ahocorasick
import ahocorasick_rs

from ingest.clean import Prepared, lower_view
from ingest.models import Agency

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data" / "agencies.jsonl"


@dataclass(frozen=True)
class AgencyEntry:
    id: str  # stable ASCII slug, e.g. "bo-noi-vu"
    name: str  # canonical Vietnamese name, e.g. "Bộ Nội vụ"
    code: str | None  # issuer code used in symbols, e.g. "BNV"
    kind: str  # party, assembly, government, ministry, agency, province, province_committee, ...
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None  # ISO date
    valid_to: str | None = None  # ISO date (last day of existence)
    successor: str | None = None  # id of the entry that took over
    parent: str | None = None  # id of the parent body (province of a UBND, ministry of a Cục)
    short: str | None = None  # short form used in lists: "Nội vụ" in "các Bộ: Tài chính, Nội vụ"


# --------------------------------------------------------------------------------------------
# Folding
# --------------------------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _fold_char(c: str) -> str:
    low = c.lower()
    if len(low) != 1:
        low = c
    decomposed = unicodedata.normalize("NFD", low)
    stripped = "".join(ch for ch in decomposed if ch not in _TONES)
    out = unicodedata.normalize("NFC", stripped)
    return out if len(out) == 1 else low


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for rng in (range(0x20, 0x250), range(0x1E00, 0x1F00)):
        for cp in rng:
            c = chr(cp)
            f = _fold_char(c)
            if f != c:
                table[cp] = f
    for cp in (0x09, 0x0A, 0x0D, 0xA0, 0x2007, 0x202F, 0x3000):
        table[cp] = " "
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212):
        table[cp] = "-"
    return table


def fold(s: str) -> str:
    """Lower-case, strip tone marks, normalise spaces/dashes; same length as ``s`` (NFC input)."""
    return s.translate(_fold_table())


_SPACES = re.compile(r" {2,}")
_SPACE_RUNS = re.compile(r"( {2,})")  # the same, kept by ``split``
_KEY_STRIP = re.compile(r"^[\s\-–+•.,;:*]+|[\s.,;:*]+$")
_KEY_SPACES = re.compile(r"\s+")
_KEY_DASH = re.compile(r"\s*-\s*")


def _key(s: str) -> str:
    """Lookup key: folded, trimmed, single-spaced, ``" - "`` and ``"-"`` unified."""
    k = fold(unicodedata.normalize("NFC", s))
    k = _KEY_SPACES.sub(" ", k)
    k = _KEY_STRIP.sub("", k)
    return _KEY_DASH.sub(" - ", k)


def _code_key(code: str) -> str:
    return code.strip().replace("Đ", "D").replace("đ", "d").upper()


# --- the automaton view: lower case only (C speed), aliases expanded to tone placements ------

_OPEN_CLUSTERS = ("oa", "oe", "uy")


def _word_variants(word: str) -> list[str]:
    """``hòa``/``hoà``, ``thủy``/``thuỷ``, ``ủy``/``uỷ``: both tone placements of an open
    ``oa``/``oe``/``uy`` syllable (old and new orthography)."""
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONES]
    if len(tones) != 1:
        return [word]
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    if not base.endswith(_OPEN_CLUSTERS) or base.startswith("qu"):
        return [word]
    out = {word}
    for pos in (len(base) - 2, len(base) - 1):
        v = base[:pos] + unicodedata.normalize("NFC", base[pos] + tones[0]) + base[pos + 1 :]
        out.add(v)
    return sorted(out)


def _lkey(s: str) -> str:
    """Automaton key: NFC, lower case, single spaces."""
    return _KEY_SPACES.sub(" ", unicodedata.normalize("NFC", s).lower()).strip()


def _variants(s: str) -> list[str]:
    words = _lkey(s).split(" ")
    combos: list[str] = [""]
    for w in words:
        vs = _word_variants(w)
        combos = [f"{c} {v}" if c else v for c in combos for v in vs][:64]
    return combos


def _lower_view(flat: str) -> str:
    """Lower-cased ``flat`` with tabs/no-break spaces as spaces; same length."""
    return lower_view(flat)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _province_entries(rec: dict[str, Any]) -> list[tuple[AgencyEntry, list[str]]]:
    """The province itself plus its UBND and HĐND; second item: lookup-only aliases."""
    pid: str = rec["id"]
    bare: str = rec["name"]
    ptype: str = rec.get("province_type", "tỉnh")
    is_city = ptype == "thành phố"
    prefix = "Thành phố" if is_city else "Tỉnh"
    forms = [bare, *rec.get("aliases", [])]
    qualified: list[str] = []
    for f in forms:
        qualified.append(f"{ptype} {f}")
        if is_city:
            qualified += [f"TP {f}", f"TP. {f}", f"TP.{f}"]
    succ = rec.get("successor")
    common = {"valid_from": rec.get("valid_from"), "valid_to": rec.get("valid_to")}
    out: list[tuple[AgencyEntry, list[str]]] = []
    out.append(
        (
            AgencyEntry(
                id=pid,
                name=f"{prefix} {bare}",
                code=None,
                kind="province",
                aliases=tuple(qualified + [a for a in forms if a != bare and len(a) <= 6]),
                successor=succ,
                **common,
            ),
            forms,  # bare names are lookup-only (too ambiguous in running text)
        )
    )
    for org, abbr, kind, pre in (
        ("Ủy ban nhân dân", "UBND", "province_committee", "ubnd"),
        ("Hội đồng nhân dân", "HĐND", "province_council", "hdnd"),
    ):
        aliases: list[str] = []
        for q in [*qualified, *forms]:
            aliases += [f"{org} {q}", f"{abbr} {q}"]
            if abbr == "HĐND":
                aliases.append(f"HDND {q}")
        out.append(
            (
                AgencyEntry(
                    id=f"{pre}-{pid}",
                    name=f"{org} {ptype} {bare}",
                    code=abbr,
                    kind=kind,
                    aliases=tuple(aliases),
                    successor=f"{pre}-{succ}" if succ else None,
                    parent=pid,
                    **common,
                ),
                [],
            )
        )
    return out


@dataclass
class _Gazetteer:
    entries: list[AgencyEntry]
    by_id: dict[str, AgencyEntry]
    by_key: dict[str, AgencyEntry]
    by_code: dict[str, AgencyEntry]
    by_short: dict[str, AgencyEntry]
    by_nospace: dict[str, AgencyEntry]
    automaton: Any
    short_automaton: Any
    province_automaton: Any  # bare and qualified province names -> (length, province id)
    department_automaton: Any  # "tài chính" -> (length, "so-tai-chinh") after "các Sở:"


def _is_abbr(alias: str) -> bool:
    """An abbreviation (``UBND``, ``BNV``, ``MTTQVN``): matched case-sensitively in text."""
    return " " not in alias and sum(ch.isupper() for ch in alias) >= 2


_NO_AUTOMATON_CODES = {"CT", "CP", "QH", "TW", "TTg", "CHQ", "TCT", "UBND", "HĐND", "VTV", "VOV"}


@cache
def _load() -> _Gazetteer:
    records: list[dict[str, Any]] = []
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            if "id" in rec:
                records.append(rec)
    built: list[tuple[AgencyEntry, list[str]]] = []
    for rec in records:
        if rec["kind"] == "province":
            built += _province_entries(rec)
            continue
        built.append(
            (
                AgencyEntry(
                    id=rec["id"],
                    name=rec["name"],
                    code=rec.get("code"),
                    kind=rec["kind"],
                    aliases=tuple(rec.get("aliases", [])),
                    valid_from=rec.get("valid_from"),
                    valid_to=rec.get("valid_to"),
                    successor=rec.get("successor"),
                    parent=rec.get("parent"),
                    short=rec.get("short"),
                ),
                [],
            )
        )
    entries = [e for e, _ in built]
    by_id = {e.id: e for e in entries}
    by_key: dict[str, AgencyEntry] = {}
    by_code: dict[str, AgencyEntry] = {}
    by_short: dict[str, AgencyEntry] = {}
    automaton = ahocorasick.Automaton()
    short_automaton = ahocorasick.Automaton()
    province_automaton = ahocorasick.Automaton()
    department_automaton = ahocorasick.Automaton()
    for e, lookup_only in built:
        if e.kind == "department" and e.name.startswith("Sở "):
            # list members after "các Sở:" ("Tài chính", "Xây dựng"): the generic departments
            for k in _variants(e.name[3:]):
                if k and department_automaton.get(k, None) is None:
                    department_automaton.add_word(k, (len(k), e.id))
        if e.kind == "province":
            # list members after "các tỉnh:" ("Thanh Hóa", "thành phố Huế", "TP.HCM")
            for p in [*e.aliases, *lookup_only]:
                for k in _variants(p):
                    if k and province_automaton.get(k, None) is None:
                        province_automaton.add_word(k, (len(k), e.id))
        if e.code and e.kind not in ("province_committee", "province_council"):
            by_code.setdefault(_code_key(e.code), e)
        phrases = [e.name, *e.aliases]
        for p in [*phrases, *lookup_only]:
            by_key.setdefault(_key(p), e)
        if e.code and e.kind not in ("province_committee", "province_council"):
            by_key.setdefault(_key(e.code), e)
            if e.code not in _NO_AUTOMATON_CODES and len(e.code) >= 3:
                phrases.append(e.code)
        if e.short:
            by_short.setdefault(_key(e.short), e)
            for sk in _variants(e.short):
                if short_automaton.get(sk, None) is None:
                    short_automaton.add_word(sk, (len(sk), e.id))
        for p in phrases:
            abbr = _is_abbr(p)
            for k in _variants(p):
                if k and automaton.get(k, None) is None:
                    automaton.add_word(k, (len(k), e.id, p if abbr else None))
    automaton.make_automaton()
    short_automaton.make_automaton()
    province_automaton.make_automaton()
    department_automaton.make_automaton()
    # spaces removed: survives words split by blanked markdown ("BỘ Y T**Ế**" -> "BỘ Y T  Ế")
    by_nospace: dict[str, AgencyEntry] = {}
    for k, e in by_key.items():
        by_nospace.setdefault(k.replace(" ", ""), e)
    log.debug("gazetteer: %d entries, %d keys", len(entries), len(by_key))
    return _Gazetteer(
        entries,
        by_id,
        by_key,
        by_code,
        by_short,
        by_nospace,
        automaton,
        short_automaton,
        province_automaton,
        department_automaton,
    )


# --------------------------------------------------------------------------------------------
# Lookups
# --------------------------------------------------------------------------------------------


def entries() -> list[AgencyEntry]:
    return list(_load().entries)


def by_id(agency_id: str) -> AgencyEntry | None:
    return _load().by_id.get(agency_id)


def by_code(code: str) -> AgencyEntry | None:
    """Issuer code of a symbol (``BNV``, ``TTg``, ``BGDĐT``/``BGDDT``) -> entry."""
    if not code:
        return None
    return _load().by_code.get(_code_key(code))


def _folded_alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))


# Words before an agency name that are not part of it ("các", "của"), and positions
# ("Chủ tịch Ủy ban nhân dân tỉnh ..."), written in Vietnamese and folded like the keys.
_LOOKUP_PREFIX = re.compile(
    r"^(?:" + _folded_alternation(["các", "của", "và", "tại", "gửi"]) + r")\s+"
)
_PERSON_PREFIX = re.compile(
    r"^(?:"
    + _folded_alternation(
        [
            "chủ tịch",
            "phó chủ tịch",
            "bộ trưởng",
            "thứ trưởng",
            "giám đốc",
            "phó giám đốc",
            "chánh văn phòng",
            "trưởng ban",
            "phó trưởng ban",
            "tổng giám đốc",
            "cục trưởng",
            "thủ trưởng",
            "văn phòng",
            "thường trực",
        ]
    )
    + r")\s+"
)
_BO = fold("bộ ")


@lru_cache(maxsize=1 << 15)
def lookup(name: str) -> AgencyEntry | None:
    """Full name, short name, abbreviation or code -> entry (case/tone-placement insensitive).

    Cached: the gazetteer is immutable once loaded and the same names recur in every document.
    """
    if not name:
        return None
    g = _load()
    k = _key(name)
    if not k:
        return None
    hit = g.by_key.get(k)
    if hit:
        return hit
    code_hit = g.by_code.get(_code_key(name))
    if code_hit and " " not in name.strip():
        return code_hit
    for cand in (_LOOKUP_PREFIX.sub("", k), _PERSON_PREFIX.sub("", k)):
        if cand != k and cand in g.by_key:
            return g.by_key[cand]
    # short forms: "Nội vụ" -> Bộ Nội vụ
    hit = g.by_short.get(k) or g.by_short.get(_LOOKUP_PREFIX.sub("", k))
    if hit:
        return hit
    if k.startswith(_BO) and k[len(_BO) :] in g.by_short:
        return g.by_short[k[len(_BO) :]]
    nospace = k.replace(" ", "")
    if len(nospace) >= 5:
        return g.by_nospace.get(nospace)
    return None


def canonical(name: str) -> str | None:
    e = lookup(name)
    return e.name if e else None


def province_of(entry: AgencyEntry) -> AgencyEntry | None:
    """The province an entry belongs to (itself for a province, the parent for UBND/HĐND)."""
    if entry.kind == "province":
        return entry
    if entry.kind in ("province_committee", "province_council") and entry.parent:
        return by_id(entry.parent)
    return None


# --------------------------------------------------------------------------------------------
# Finding mentions in text
# --------------------------------------------------------------------------------------------


class _Compact:
    """``fold(flat)`` with runs of spaces collapsed, and the map back to ``flat`` offsets."""

    __slots__ = ("comp_starts", "orig_starts", "text")

    def __init__(self, folded: str) -> None:
        self.text = folded
        self.comp_starts: list[int] = []
        self.orig_starts: list[int] = []
        if "  " not in folded:
            return
        # the collapsed text and the anchors (offsets right after each run) at C speed: split
        # keeps the runs (odd pieces), so the cumulative piece lengths give their bounds
        pieces = _SPACE_RUNS.split(folded)
        bounds = [0, *accumulate(map(len, pieces))]
        starts = [a + 1 for a in bounds[1:-1:2]]  # one space of each run stays
        ends = bounds[2::2][: len(starts)]
        removed = accumulate(map(sub, ends, starts))  # characters dropped up to each run's end
        self.text = " ".join(pieces[::2])
        self.comp_starts = [0, *map(sub, ends, removed)]
        self.orig_starts = [0, *ends]

    def to_orig(self, c: int) -> int:
        if not self.comp_starts:
            return c
        i = bisect_right(self.comp_starts, c) - 1
        return self.orig_starts[i] + (c - self.comp_starts[i])

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_orig(start), self.to_orig(end - 1) + 1


def compact_view(prep: Prepared) -> _Compact:
    """``prep.lower`` with runs of spaces collapsed (built once per document, shared)."""
    c: _Compact | None = prep.cache.get("compact")
    if c is None:
        c = prep.cache["compact"] = _Compact(prep.lower)
    return c


# One Aho-Corasick pass serves every phrase finder that reads the compact view: the agency
# gazetteer, the person anchors (titles, honorifics) and the programme aliases. Three automata
# over the same text would cost three scans. The merged automaton's value is a tuple with one
# slot per finder (None when the key is not that finder's); each slot holds exactly the value
# the finder's own automaton stores.
#
# The scan runs ``ahocorasick_rs``'s DFA over the text's UTF-16-LE bytes (a near-memcpy for a
# ``str`` of Vietnamese letters): ~0.15 s per 24 MB of laws, where pyahocorasick's ``iter`` over
# the ``str`` takes ~0.35 s, ahocorasick_rs on the ``str`` (which maps every offset back itself)
# and the UTF-8 bytes with offsets decoded back ~0.25 s. With no character outside the BMP, each
# character is two bytes, so a match at an even byte offset is a match of the same characters
# and one at an odd offset (straddling two characters) is dropped. A text with astral characters
# (surrogate pairs in UTF-16) is scanned as UTF-8 instead, whose offsets are decoded back.
#
# The same pass also finds the literal words some finders look for in ``prep.flat`` (a law
# name's "Luật", a meeting's "họp"...): each is keyed lower-cased, and a hit is kept where the
# word is written exactly so in ``flat`` (see :func:`literal_starts`). One ``str.find`` loop per
# word made a full pass over the text each: 12 passes, ~0.2 s per 24 MB of laws.
PHRASE_AGENCY, PHRASE_PERSON, PHRASE_PROGRAMME, PHRASE_LITERAL = 0, 1, 2, 3

#: The words that may start a law name (citations), a programme and a meeting (entities).
LAW_NAME_WORDS = ("Luật", "Bộ luật", "Bộ Luật", "Hiến pháp", "Pháp lệnh", "Điều lệ")
PROGRAMME_WORDS = ("Đề án", "Chương trình", "Kế hoạch")
MEETING_WORDS = ("họp", "làm việc", "Hội nghị")
#: Every word :func:`literal_starts` serves from the shared scan (another falls back to
#: ``str.find``). Each lower-cases to a word of the same length.
LITERALS = LAW_NAME_WORDS + PROGRAMME_WORDS + MEETING_WORDS
#: The words of collective heads with a member list ("các Bộ: Tài chính, Tư pháp"), lower case
#: as in the compact view: their positions there come from the shared scan too.
LIST_HEAD_WORDS = ("các bộ", "các sở", "các tỉnh", "các thành phố")
LIST_HEAD_SCAN_MIN = 20_000  # compact characters from which find_agencies uses them


@cache
def _phrase_table() -> dict[str, tuple[Any, ...]]:
    """Every phrase key and its per-finder value tuple."""
    from ingest import entities  # entities imports this module: resolved on first use

    literal: dict[str, tuple[str, ...]] = {}
    for word in LITERALS:
        key = word.lower()
        if len(key) != len(word):  # pragma: no cover - a data error
            raise ValueError(f"literal {word!r} changes length when lower-cased")
        literal[key] = (*literal.get(key, ()), word)
    for word in LIST_HEAD_WORDS:  # found in the compact view itself (_list_head_starts)
        literal[word] = (*literal.get(word, ()), word)
    parts: tuple[Any, ...] = (
        _load().automaton,
        entities._anchors(),
        entities._programme_automaton(),
        literal,
    )
    table: dict[str, list[Any]] = {}
    for slot, part in enumerate(parts):
        for key, value in part.items():
            table.setdefault(key, [None] * len(parts))[slot] = value
    return {key: tuple(values) for key, values in table.items()}


class _PhraseAutomata:
    """The merged keys as a UTF-16-LE automaton (BMP keys only: an astral key cannot occur in a
    text the UTF-16 path scans) and a UTF-8 one, with the value tuple of each key index."""

    def __init__(self, table: dict[str, tuple[Any, ...]]) -> None:
        keys = list(table)
        bmp = [k for k in keys if not any(ord(ch) > 0xFFFF for ch in k)]
        self.values8 = [table[k] for k in keys]
        self.values16 = [table[k] for k in bmp]
        # per finder slot, the value of each UTF-16 key index (None: not that finder's key)
        n_slots = len(self.values8[0]) if self.values8 else 0
        self.slots16 = [[v[slot] for v in self.values16] for slot in range(n_slots)]
        self.utf8 = ahocorasick_rs.BytesAhoCorasick(
            [k.encode("utf-8", "surrogatepass") for k in keys],
            matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA,
        )
        self.utf16 = ahocorasick_rs.BytesAhoCorasick(
            [k.encode("utf-16-le", "surrogatepass") for k in bmp],
            matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA,
        )


@cache
def _phrase_automaton() -> _PhraseAutomata:
    return _PhraseAutomata(_phrase_table())


_END = itemgetter(2)


def _scan16(auto: _PhraseAutomata, text: str) -> list[tuple[int, int, int]] | None:
    """The UTF-16 scan's ``(key index, start byte, end byte)`` matches sorted by end (odd
    starts not yet dropped), or None when ``text`` has an astral character."""
    wide = text.encode("utf-16-le", "surrogatepass")
    if len(wide) != 2 * len(text):
        return None
    matches = auto.utf16.find_matches_as_indexes(wide, overlapping=True)
    matches.sort(key=_END)  # stable: keeps the automaton's longest-first order at one end
    return matches


def phrase_scan(text: str) -> list[tuple[int, tuple[Any, ...]]]:
    """``(end index, value tuple)`` for every (overlapping) occurrence of a phrase key in
    ``text``, in the order pyahocorasick's ``Automaton.iter`` reports them: by end, longest
    first at one end."""
    auto = _phrase_automaton()
    matches = _scan16(auto, text)
    if matches is not None:
        values = auto.values16
        return [((end >> 1) - 1, values[idx]) for idx, start, end in matches if not start & 1]
    values = auto.values8
    utf8 = text.encode("utf-8", "surrogatepass")
    matches = auto.utf8.find_matches_as_indexes(utf8, overlapping=True)
    matches.sort(key=_END)
    out: list[tuple[int, tuple[Any, ...]]] = []
    byte_pos = char_pos = 0
    for idx, _start, end in matches:
        if end != byte_pos:
            char_pos += len(utf8[byte_pos:end].decode("utf-8", "surrogatepass"))
            byte_pos = end
        out.append((char_pos - 1, values[idx]))
    return out


def phrase_hits(prep: Prepared) -> tuple[list[tuple[int, Any]], ...]:
    """Per finder (``PHRASE_*`` index): the ``(end index, value)`` pairs its own automaton's
    ``iter`` would report on :func:`compact_view` ``(prep).text``, in the same order; one scan
    per document, cached on ``prep``."""
    hits: tuple[list[tuple[int, Any]], ...] | None = prep.cache.get("phrase_hits")
    if hits is None:
        text = compact_view(prep).text
        auto = _phrase_automaton()
        matches = _scan16(auto, text)
        if matches is not None:
            # one list comprehension per finder: cheaper than one loop dealing hits four ways
            hits = prep.cache["phrase_hits"] = tuple(
                [
                    ((end >> 1) - 1, values[idx])
                    for idx, start, end in matches
                    if not start & 1 and values[idx] is not None
                ]
                for values in auto.slots16
            )
            return hits
        scanned = phrase_scan(text)  # a text with astral characters: the UTF-8 path
        hits = prep.cache["phrase_hits"] = tuple(
            [(end, values[slot]) for end, values in scanned if values[slot] is not None]
            for slot in range(len(auto.slots16))
        )
    return hits


def find_all(text: str, needles: Iterable[str]) -> list[int]:
    """Sorted offsets of every occurrence of each of ``needles`` in ``text`` (a position is
    listed once per needle found there): one ``str.find`` loop per needle."""
    out: list[int] = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            out.append(i)
            i = text.find(needle, i + 1)
    out.sort()
    return out


_LITERAL_SET = frozenset(LITERALS)
_LIST_HEAD_SET = frozenset(LIST_HEAD_WORDS)


def literal_starts(prep: Prepared, needles: tuple[str, ...]) -> list[int]:
    """``find_all(prep.flat, needles)``, from the shared phrase scan when every needle is one
    of :data:`LITERALS`.

    A needle written in ``flat`` is found lower-cased in the compact view (it starts and ends
    with a letter and holds single spaces, so collapsing runs of spaces leaves it whole), and
    maps back to where it starts in ``flat``; a hit there that is not the needle as written
    (other case, a collapsed run of spaces) is dropped.
    """
    if not _LITERAL_SET.issuperset(needles):
        return find_all(prep.flat, needles)
    by_word = _literal_hits(prep)
    out: list[int] = []
    for word in needles:
        out.extend(by_word.get(word, ()))
    out.sort()
    return out


def _literal_hits(prep: Prepared) -> dict[str, list[int]]:
    """Each of :data:`LITERALS` written in ``prep.flat`` → where it starts (cached on ``prep``)."""
    by_word: dict[str, list[int]] | None = prep.cache.get("literal_hits")
    if by_word is not None:
        return by_word
    by_word = {}
    flat = prep.flat
    compact = compact_view(prep)
    to_flat = compact.to_orig if compact.comp_starts else None
    for end, words in phrase_hits(prep)[PHRASE_LITERAL]:
        for word in words:
            if word in _LIST_HEAD_SET:
                continue
            start = end - len(word) + 1
            if to_flat is not None:
                start = to_flat(start)
            if flat.startswith(word, start):
                by_word.setdefault(word, []).append(start)
    prep.cache["literal_hits"] = by_word
    return by_word


def _boundary_ok(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end].isalnum())


# Collective heads followed by their members (domain.md §4), read on the compact lower view:
# "các Bộ: Tài chính, Tư pháp, Nội vụ" / "các Bộ, ngành: ..." / "Bộ trưởng các Bộ: ..." name
# ministries by their short names; "Ủy ban nhân dân các tỉnh: Thanh Hóa, Nghệ An" / "UBND các
# tỉnh, thành phố: Hà Nội, Huế" / "các tỉnh Lạng Sơn, Cao Bằng và Lào Cai" name provinces, read
# as their People's Committees (Councils) when the head names them, else as the provinces. The
# members come from the gazetteer (``short`` forms; province names before and after the 2025
# merger), one Aho-Corasick pass over a bounded segment after each head.
_LIST_WORD = "các bộ"
_LIST_HEAD = re.compile(r"(?<!\w)các bộ\b[^:;.\n]{0,40}:\s*")
# without a colon ("các Bộ Tài chính, Tư pháp") the members follow the head word directly and
# there must be two of them ("các bộ xây dựng kế hoạch" is a sentence, not a list)
_LIST_HEAD_BARE = re.compile(r"(?<!\w)các bộ (?=\w)")
# "Giám đốc các Sở: Tài chính, Xây dựng" / "các Sở Tài chính, Xây dựng": provincial departments
_DEPT_WORD = "các sở"
_DEPT_HEAD = re.compile(r"(?<!\w)các sở(?:,? ngành)?(?: ?: ?| (?=\w))")
_PROV_LIST_WORDS = ("các tỉnh", "các thành phố")
_PROV_LIST_HEAD = re.compile(
    r"(?<!\w)các (?:tỉnh|thành phố)(?: ?(?:,|và|/)? ?(?:tỉnh|thành phố|thành))?"
    r"(?: trực thuộc trung ương)?(?: ?: ?| (?=\w))"
)
# the organ written before "các tỉnh": group 1 set for a People's Council
_PROV_ORG = re.compile(r"(?<!\w)(?:(?:ủy|uỷ) ban nhân dân|ubnd|(hội đồng nhân dân|hđnd|hdnd)) $")
_LIST_SEP = re.compile(r"^(?:\s*,\s*|\s+và\s+|\s*;\s*|\s+)$")
_MEMBERS_PREFIX = re.compile(
    r"^[\s\-+•*]*(?:(?:đồng chí|bí thư|phó chủ tịch|chủ tịch|bộ trưởng|thủ trưởng|lãnh đạo"
    r"|phó giám đốc|giám đốc)"
    r"(?: ?, ?| ))*(?:(?:ủy|uỷ) ban nhân dân |ubnd |hội đồng nhân dân |hđnd |hdnd )?$"
)
# a recipient item without a colon may still be a list ("Các Bộ Tài chính, Tư pháp")
_ITEM_LIST_WORDS = ("các tỉnh", "các thành phố", "các bộ ", "các sở ")
_LIST_TAIL = re.compile(r"^[\s.;,:]*$")


def _members(seg: str, auto: Any) -> tuple[list[tuple[int, int, str]], int]:
    """The list members at the start of ``seg`` (``(start, end, id)``, separated by commas,
    ``và`` or semicolons) and where the list ends."""
    hits: list[tuple[int, int, str]] = []
    for end_idx, (length, eid) in auto.iter(seg):
        s = end_idx - length + 1
        e = end_idx + 1
        if _boundary_ok(seg, s, e):
            hits.append((s, e, eid))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, str]] = []
    last_end = 0
    for s, e, eid in hits:
        if s < last_end:
            continue
        gap = seg[last_end:s]
        if last_end == 0:
            if gap.strip():
                break
        elif not _LIST_SEP.match(gap):
            break
        out.append((s, e, eid))
        last_end = e
    return out, last_end


def _province_member_id(pid: str, org: re.Match[str] | None) -> str:
    if org is None:
        return pid
    return f"hdnd-{pid}" if org.group(1) else f"ubnd-{pid}"


def list_head_starts(prep: Prepared) -> dict[str, list[int]]:
    """Where each of :data:`LIST_HEAD_WORDS` starts in ``prep``'s compact view, from the shared
    phrase scan (:func:`find_all` over the compact text, without four more passes)."""
    starts: dict[str, list[int]] = {w: [] for w in LIST_HEAD_WORDS}
    for end, words in phrase_hits(prep)[PHRASE_LITERAL]:
        for word in words:
            if word in _LIST_HEAD_SET:
                starts[word].append(end - len(word) + 1)
    for found in starts.values():
        found.sort()
    return starts


def _list_heads(
    comp: str, starts: dict[str, list[int]] | None = None
) -> Iterable[tuple[int, int, Any, re.Match[str] | None, bool]]:
    """``(head start, members start, automaton, organ, is_province)`` of each collective head
    with a list in ``comp`` (lower case, single spaces); ``starts``: where each of
    :data:`LIST_HEAD_WORDS` starts in ``comp`` (:func:`list_head_starts`), else searched."""
    g = _load()

    def at(word: str) -> list[int]:
        return starts[word] if starts is not None else find_all(comp, (word,))

    for pos in at(_LIST_WORD):
        m = _LIST_HEAD.match(comp, pos)
        if m is not None:
            yield pos, m.end(), g.short_automaton, None, False
        else:
            m = _LIST_HEAD_BARE.match(comp, pos)
            if (
                m is not None
                and len(_members(comp[m.end() : m.end() + 300], g.short_automaton)[0]) >= 2
            ):
                yield pos, m.end(), g.short_automaton, None, False
    for pos in at(_DEPT_WORD):
        m = _DEPT_HEAD.match(comp, pos)
        if m is not None and (
            comp[m.end() - 2 : m.end()].strip().endswith(":")
            or len(_members(comp[m.end() : m.end() + 300], g.department_automaton)[0]) >= 2
        ):
            yield pos, m.end(), g.department_automaton, None, False
    for word in _PROV_LIST_WORDS:
        for pos in at(word):
            m = _PROV_LIST_HEAD.match(comp, pos)
            if m is not None:
                org = _PROV_ORG.search(comp[max(0, pos - 20) : pos])
                yield pos, m.end(), g.province_automaton, org, True


def _list_expansion(
    comp: str, starts: dict[str, list[int]] | None = None
) -> Iterable[tuple[int, int, str | None]]:
    """The members of each collective head with a list, and for each such head a
    ``(start, end, None)`` entry: the head itself (with the organ written before it,
    "UBND các tỉnh, thành phố:") names no agency besides its members."""
    for head, seg_start, auto, org, is_prov in _list_heads(comp, starts):
        members, _end = _members(comp[seg_start : seg_start + 300], auto)
        if not members:
            continue
        yield (head if org is None else max(0, head - 20) + org.start()), seg_start, None
        for s, e, eid in members:
            if is_prov:
                eid = _province_member_id(eid, org)
            yield seg_start + s, seg_start + e, eid


def known_name_end(s: str, pos: int) -> int:
    """End offset in ``s`` of the longest gazetteer name written from ``s[pos]`` (a steering
    committee's long name: "Ban Chỉ đạo Trung ương về tổng kết Nghị quyết số 18-NQ/TW"), or
    ``pos`` when none starts there. Line breaks and runs of spaces count as one space."""
    win = s[pos : pos + 300]
    chars: list[str] = []
    at: list[int] = []
    blank = False
    for i, ch in enumerate(win):
        if ch.isspace():
            if blank:
                continue
            ch, blank = " ", True
        else:
            blank = False
        chars.append(ch)
        at.append(i)
    comp = lower_view("".join(chars))
    if len(comp) != len(chars):
        return pos
    best = 0
    for end_idx, (length, _eid, abbr) in _load().automaton.iter(comp):
        if end_idx + 1 == length and abbr is None and _boundary_ok(comp, 0, end_idx + 1):
            best = max(best, end_idx + 1)
    if not best or comp.startswith(" các ", best):
        return pos  # "Ban Chỉ đạo 389 các bộ, ngành": the ministries' committees, not the national
    return pos + at[best - 1] + 1


@cache
def _name_prefixes() -> frozenset[str]:
    """Proper word prefixes (lower-case key form) of every full name and alias."""
    out: set[str] = set()
    for e in _load().entries:
        for p in (e.name, *e.aliases):
            if _is_abbr(p):
                continue
            for v in _variants(p):
                words = v.split(" ")
                out.update(" ".join(words[:i]) for i in range(1, len(words)))
    return frozenset(out)


@lru_cache(maxsize=4096)
def is_name_prefix(name: str) -> bool:
    """Whether ``name`` is the start of a longer known name ("Bộ Nông nghiệp và Phát" of "Bộ
    Nông nghiệp và Phát triển nông thôn"): the name reader stopped inside a known name. The
    prefix set holds every spelling variant, so the name's own key is enough (cached: the same
    names recur in every document)."""
    return _lkey(name) in _name_prefixes()


def bare_list_size(head: str, seg: str) -> int:
    """How many ministries (``head`` "Bộ") or provincial departments ("Sở") open ``seg`` by
    their short names ("Tài chính, Tư pháp và Nội vụ ...": 3), for a head written without a
    colon ("các Bộ Tài chính, Tư pháp")."""
    g = _load()
    auto = g.department_automaton if fold(head) == "so" else g.short_automaton
    comp = _KEY_SPACES.sub(" ", lower_view(unicodedata.normalize("NFC", seg)))
    return len(_members(comp, auto)[0])


def list_members(item: str) -> list[AgencyEntry] | None:
    """The agencies of an item that is wholly a collective head and its members (a recipient
    line ``Chủ tịch Ủy ban nhân dân các tỉnh: Thanh Hóa, Nghệ An;`` or ``Các Bộ: Tài chính,
    Tư pháp.``), or None when it is not one or a member is unknown."""
    comp = _KEY_SPACES.sub(" ", lower_view(unicodedata.normalize("NFC", item))).strip()
    if ":" not in comp and ("các " not in comp or not any(w in comp for w in _ITEM_LIST_WORDS)):
        return None
    g = _load()
    for head, seg_start, auto, org, is_prov in _list_heads(comp):
        # only a position and (for provinces) the People's Committee/Council before the head:
        # "Sở Xây dựng các tỉnh: Gia Lai, ..." names departments, not the listed provinces
        if not _MEMBERS_PREFIX.match(comp[:head]):
            continue
        members, end = _members(comp[seg_start:], auto)
        if not members or not _LIST_TAIL.match(comp[seg_start + end :]):
            continue
        out: list[AgencyEntry] = []
        for _s, _e, eid in members:
            e = g.by_id.get(_province_member_id(eid, org) if is_prov else eid)
            if e is not None and e not in out:
                out.append(e)
        return out or None
    return None


def find_agencies(prep: Prepared) -> list[Agency]:
    """All agency mentions in ``prep`` (spans into ``prep.text``), one per canonical agency."""
    flat = prep.flat
    if not flat:
        return []
    g = _load()
    compact = compact_view(prep)
    comp = compact.text
    # list members first: at an equal span ("... các tỉnh: Thái Bình và thành phố Hải Phòng")
    # the stable sort below keeps the member (its People's Committee) over the bare province
    found: list[tuple[int, int, str]] = []
    heads: list[tuple[int, int]] = []
    # a long text takes the heads' positions from the shared scan (laws: ~4% of extraction);
    # in a short one four str.find passes cost less than reading the scan's hits
    starts = list_head_starts(prep) if len(comp) > LIST_HEAD_SCAN_MIN else None
    for s, e, mid in _list_expansion(comp, starts):
        if mid is None:
            heads.append((s, e))
        else:
            found.append((s, e, mid))
    for end_idx, (length, eid, abbr) in phrase_hits(prep)[PHRASE_AGENCY]:
        s = end_idx - length + 1
        e = end_idx + 1
        if not _boundary_ok(comp, s, e):
            continue
        if heads and any(lo <= s and e <= hi for lo, hi in heads):
            continue  # "UBND các tỉnh, thành phố" before its members
        if abbr is not None:
            os_, oe = compact.span(s, e)
            written = flat[os_:oe]
            if written != abbr and _code_key(written) != _code_key(abbr):
                continue
            if os_ > 0 and flat[os_ - 1] in "-/":  # part of a document symbol
                continue
            if written.upper() != written:
                continue
        found.append((s, e, eid))
    found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[Agency] = []
    seen: set[str] = set()
    last_end = -1
    for s, e, eid in found:
        if s < last_end:
            continue
        last_end = e
        entry = g.by_id[eid]
        if entry.id in seen:
            continue
        seen.add(entry.id)
        os_, oe = compact.span(s, e)
        out.append(
            Agency(
                name=_KEY_SPACES.sub(" ", prep.text[os_:oe]).strip(),
                canonical=entry.name,
                code=entry.code,
                span=(os_, oe),
            )
        )
    return out
