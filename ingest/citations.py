"""Citations of other documents (domain.md §3).

How it works (eyecite-style, near-linear):

1. *Candidates*: one compiled symbol regex (:data:`ingest.patterns.SYMBOL`) over ``prep.flat``,
   validated by :func:`ingest.symbols.symbol_from_match`; one regex for names of laws
   (:data:`ingest.patterns.LAW_NAME`: ``Luật Đấu thầu``, ``Bộ luật Dân sự 2015``, ``Hiến pháp``).
2. *Local context*: for each candidate, anchored regexes read a short window before it (type word,
   ``số``, article reference, relation word) and after it (date, ``năm YYYY``, issuer, subject),
   in any order.
3. *Lists*: consecutive candidates joined by ``,``/``và``/``;`` share a leading type word
   (``các Nghị quyết số 12/NQ-CP, 13/NQ-CP``); a trailing date is shared backwards only when
   the list shares one type word (``Quyết định số A và Chỉ thị số B ngày ...``: the date is B's).
4. *Year*: only from evidence - the symbol (``/2014/``), the citation's own issue date, an
   attached ``năm 2018``, the year in a law's name (``Bộ luật Dân sự 2015``). Dates after
   effective-date phrases (``có hiệu lực thi hành kể từ ngày ...``) are never read: the parsers
   are anchored right after the citation, so such a phrase stops them.
5. *Relations*: the nearest relation word before the citation in its clause
   (``data/relation_words.csv``); ``Căn cứ`` at the clause start rules the whole clause. When a
   relation word sits between two citations of one clause (``Nghị quyết số X ... ban hành
   Chương trình hành động thực hiện Nghị quyết số Y``) the relation is *stated* between them
   (:func:`find_stated_relations`) and the second citation is a plain CITES of this document.

The document's own ``Số: ...`` header line is not a citation.
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ingest import gazetteer, patterns
from ingest.clean import Prepared
from ingest.doctypes import canonical_name
from ingest.models import Citation, StatedRelation
from ingest.sentences import sentence_bounds
from ingest.symbols import Symbol, doc_type_from_code, issuer_codes, symbol_from_match

logger = logging.getLogger(__name__)

_DATA = Path(__file__).parent / "data"

_BEFORE = 120  # chars of left context read for type word / article / relation
_AFTER = 400  # chars of right context read for date / issuer / subject
_HEADER_CHARS = 2500  # the own "Số:" line is looked for in this prefix


# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------


@cache
def _relation_words() -> tuple[
    patterns.StarterGated, dict[str, str], re.Pattern[str], dict[str, str]
]:
    """(before-finder, phrase→relation, after-regex, phrase→relation) from the CSV."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    with (_DATA / "relation_words.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = " ".join(r["phrase"].lower().split())
            (after if r["position"] == "after" else before)[key] = r["relation"]

    def rx(phrases: dict[str, str]) -> re.Pattern[str]:
        alts = sorted(phrases, key=len, reverse=True)
        body = "|".join(r"[ ,]{1,3}".join(map(re.escape, p.split())) for p in alts)
        return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])", re.IGNORECASE)

    gated = patterns.StarterGated(rx(before), patterns.first_words(before))
    return gated, before, rx(after), after


def _rel_of(phrase: str, table: dict[str, str]) -> str:
    key = " ".join(phrase.lower().replace(",", " ").split())
    return table.get(key, "CITES")


@cache
def _known_names() -> dict[str, list[tuple[str, str]]]:
    """First two words (case-folded) → [(case-folded name, canonical name)], longest first."""
    idx: dict[str, list[tuple[str, str]]] = {}
    with (_DATA / "law_names.txt").open(encoding="utf-8") as f:
        for line in f:
            name = line.strip()
            if not name or name.startswith("#"):
                continue
            cf = name.casefold()
            idx.setdefault(" ".join(cf.split()[:2]), []).append((cf, name))
    for v in idx.values():
        v.sort(key=lambda t: len(t[0]), reverse=True)
    return idx


def _known_name_at(flat: str, pos: int, stop: int | None = None) -> tuple[str, int] | None:
    """A known law name starting at ``pos`` (any case) and ending by ``stop`` (default: the end
    of ``flat``; the text is read as if it ended there): (canonical name, end)."""
    stop = len(flat) if stop is None else min(stop, len(flat))
    # the first two words decide whether any name can start here: read them from a short
    # prefix when it holds them (``casefold`` maps each character on its own, so they are the
    # same words), and only case-fold the full probe for a known beginning
    head = flat[pos : min(pos + 40, stop)].casefold().split(" ", 2)
    if len(head) == 3 and head[0] + " " + head[1] not in _known_names():
        return None
    probe = flat[pos : min(pos + 160, stop)].casefold()
    words = probe.split(" ", 2)
    if len(words) < 2:
        return None
    for cf, name in _known_names().get(" ".join(words[:2]), ()):
        if probe.startswith(cf) and (len(probe) == len(cf) or not probe[len(cf)].isalnum()):
            return name, pos + len(cf)
    return None


def _agency_by_code(code: str | None) -> str | None:
    if not code:
        return None
    try:
        from ingest import gazetteer

        fn: Any = getattr(gazetteer, "by_code", None)
        if fn is not None:
            entry = fn(code)
            if entry is not None:
                return str(entry.name)
    except Exception:  # the gazetteer is another module: never let it break citations
        logger.debug("gazetteer.by_code failed for %r", code, exc_info=True)
    return issuer_codes().get(code)


def _agency_canonical(name: str) -> str:
    try:
        from ingest import gazetteer

        fn: Any = getattr(gazetteer, "lookup", None)
        if fn is not None:
            entry = fn(name)
            if entry is not None:
                return str(entry.name)
    except Exception:
        logger.debug("gazetteer.lookup failed for %r", name, exc_info=True)
    return name


# Words that end an issuer phrase after "của": a verb or preposition starts the next part.
_ISSUER_STOP_WORDS = (
    "về quy hướng sửa phê thành giao phân kiện triển thực tại trong là đối nhằm đã thì "
    "và ngày năm khóa khoá có được theo cho với để tổ công gửi trình yêu chỉ đề cụ bổ "
    "ngưng bãi thay hợp đính đình hủy huỷ"
)
_ISSUER_STOP = frozenset(_ISSUER_STOP_WORDS.split())
_ISSUER_HEAD = re.compile(r"[ ,]{0,3}(?:của|do)[ ]{1,3}(?=[" + patterns.VI_UPPER + r"])")
_WORD = re.compile(r"[^ ,;.():\"“”]+")


def _read_issuer(flat: str, pos: int, stop: int | None = None) -> tuple[str, int] | None:
    """``của Thủ tướng Chính phủ phê duyệt ...`` at ``pos`` → ("Thủ tướng Chính phủ", end),
    reading ``flat`` as if it ended at ``stop`` (default: its end)."""
    stop = len(flat) if stop is None else min(stop, len(flat))
    m = _ISSUER_HEAD.match(flat, pos, stop)
    if not m:
        return None
    p = m.end()
    words: list[str] = []
    end = p
    limit = min(stop, p + 100)
    while p < limit and len(words) < 14:
        w = _WORD.match(flat, p, stop)
        if not w:
            break
        word = w.group(0)
        if (
            words
            and word[0].islower()
            and (
                word in _ISSUER_STOP or (word == "ban" and flat.startswith(" hành", w.end(), stop))
            )
        ):
            break
        words.append(word)
        end = w.end()
        p = end
        while p < limit and flat[p] == " ":
            p += 1
    if not words:
        return None
    name = " ".join(words)
    if name.endswith(" ban hành") or name.endswith(" Ban hành"):
        name = name[: -len(" ban hành")]
    return name, end


# --------------------------------------------------------------------------------------------
# Working record
# --------------------------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int  # span of the symbol (or the name) in prep.text
    end: int
    sym: Symbol | None = None
    name: str | None = None
    doc_type: str | None = None
    type_start: int | None = None  # where the own type word starts (None: inherited/absent)
    lead: int = 0  # start of the whole citation (article/type word/symbol)
    tail: int = 0  # end of everything read after it
    date: str | None = None
    date_end: int | None = None
    year_hint: int | None = None  # "năm 2018", law-name year
    issuer: str | None = None
    subject: str | None = None
    article: str | None = None
    relation: str = "CITES"
    rel_pos: int | None = None  # start of the relation phrase that gave ``relation``
    extra: dict[str, Any] = field(default_factory=dict)


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        dd, mm, yy = int(d), int(m), int(y)
    except ValueError:
        return None
    if not (1 <= dd <= 31 and 1 <= mm <= 12 and 1900 <= yy <= 2100):
        return None
    return f"{yy:04d}-{mm:02d}-{dd:02d}"


def _read_tail(flat: str, c: _Cand, stop: int) -> None:
    """Read date / năm / issuer / subject / law name after the citation, in any order."""
    p = c.end
    # everything is read as if ``flat`` ended at ``limit`` (``endpos`` / ``stop`` arguments:
    # the same as reading ``flat[:limit]``, without copying the text before it per citation,
    # which made a document with tens of thousands of citations quadratic)
    limit = min(stop, c.end + _AFTER)
    for _ in range(6):
        if c.date is None:
            m = patterns.DATE_NGAY.match(flat, p, limit)
            if m:
                iso = _iso(m["d"], m["m1"] or m["m2"], m["y1"] or m["y2"])
                if iso:
                    c.date = iso
                    c.date_end = m.end()
                    p = m.end()
                    continue
        if c.date is None and c.year_hint is None:
            m = patterns.DATE_NAM.match(flat, p, limit)
            if m:
                c.year_hint = int(m["y"])
                p = m.end()
                continue
        if c.issuer is None:
            iss = _read_issuer(flat, p, limit)
            if iss:
                c.issuer = _agency_canonical(iss[0])
                p = iss[1]
                continue
        if c.name is None and c.sym is not None:
            m = _NAME_AFTER.match(flat, p, limit)
            if m:
                known = _known_name_at(flat, m.end(), limit)
                if known is not None:
                    c.name, p = known
                    continue
                nm = patterns.LAW_NAME.match(flat, m.end(), limit)
                if nm and nm["name"] and patterns.LAW_NAME_START.match(nm["name"]):
                    c.name = " ".join(nm.group(0).split())
                    p = nm.end()
                    continue
        if c.subject is None:
            m = patterns.SUBJECT.match(flat, p, limit)
            if m:
                c.subject = " ".join(m["subject"].split()).rstrip(" ,")
                p = m.end()
                continue
        break
    c.tail = p


_NAME_AFTER = re.compile(r"[ ,]{0,3}(?=(?:Bộ[ ]luật|Luật|Pháp[ ]lệnh)[ ])")
_OWN_LINE = re.compile(r"^[ \t]{0,60}(?:Số|SỐ|số)[ ]{0,3}(?::|hiệu[ ]?:|)[ ]{0,3}\S", re.M)
_TYPE_LINE = re.compile(
    r"^[ \t]*(?:NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG BÁO|KẾT LUẬN|CÔNG ĐIỆN|KẾ HOẠCH|NGHỊ ĐỊNH|"
    r"THÔNG TƯ|LUẬT|BỘ LUẬT|PHÁP LỆNH|HƯỚNG DẪN|BÁO CÁO|TỜ TRÌNH|QUY ĐỊNH|CHƯƠNG TRÌNH|LỆNH|"
    r"Kính gửi|V/v)",
    re.M,
)


def _own_symbol_range(prep: Prepared) -> tuple[int, int] | None:
    """The header's own ``Số: ...`` line (before the type line), as a range of ``prep.text``."""
    head = prep.text[:_HEADER_CHARS]
    tl = _TYPE_LINE.search(head)
    limit = tl.start() if tl else len(head)
    m = _OWN_LINE.search(head, 0, limit) or _OWN_LINE.search(head, 0, min(len(head), 600))
    if not m:
        return None
    eol = prep.text.find("\n", m.start())
    end = eol if eol != -1 else len(prep.text)
    # a symbol wrapped onto the next line stays the document's own
    nxt = prep.text.find("\n", end + 1) if end < len(prep.text) else -1
    if nxt != -1 and end - m.start() < 14:
        end = nxt
    return m.start(), end


def _type_before(flat: str, c: _Cand) -> None:
    """Type word, article and ``số`` just before the symbol."""
    lo = max(0, c.start - 60)
    left = flat[lo : c.start]
    c.lead = c.start
    m = patterns.TYPE_BEFORE_GATED.search(left)
    if m and (m.start() == 0 or not flat[lo + m.start() - 1].isalpha()):
        c.doc_type = canonical_name(m["type"]) or m["type"]
        c.type_start = lo + m.start()
        c.lead = c.type_start
    else:
        so = patterns.SO_BEFORE.search(left)
        if so:
            c.lead = lo + so.start()
    _article_before(flat, c)


def _article_before(flat: str, c: _Cand) -> None:
    lo = max(0, c.lead - 80)
    left = flat[lo : c.lead].rstrip(" ")
    m = patterns.ARTICLE_BEFORE_GATED.search(left)
    if m and (m.start() == 0 or not left[m.start() - 1].isalpha()):
        art = " ".join(m["article"].split())
        art = re.sub(r"[ ,]*(?:của)?$", "", art)
        if art:
            c.article = art
            c.lead = lo + m.start()


_LIST_MARKS = re.compile(r"^[ \-+•*0-9.)(]+")  # list numbering before "Căn cứ"


def _relation(flat: str, c: _Cand, cstart: int) -> None:
    rx_b, table_b, rx_a, table_a = _relation_words()
    lo = max(cstart, c.lead - _BEFORE)
    left = flat[lo : c.lead]
    last = None
    found = rx_b.finditer(left)
    if found:
        last = found[-1]
    if last is not None:
        gap = len(left) - last.end()
        rel = _rel_of(last.group(0), table_b)
        if gap <= 90 or rel == "BASED_ON":
            c.relation = rel
            c.rel_pos = lo + last.start()
    if (
        c.relation == "CITES"
        and cstart >= c.lead - _BEFORE * 3
        and _LIST_MARKS.sub("", left).lower().startswith("căn cứ")
    ):
        c.relation = "BASED_ON"
        c.rel_pos = cstart
    # "Quyết định số X hết hiệu lực": a relation word right after the citation
    if c.relation == "CITES":
        after = rx_a.match(flat, _skip_spaces(flat, c.tail, 3))
        if after:
            c.relation = _rel_of(after.group(0), table_a)


def _skip_spaces(s: str, p: int, n: int) -> int:
    e = min(len(s), p + n)
    while p < e and s[p] in " ,":
        p += 1
    return p


# --------------------------------------------------------------------------------------------
# Finders
# --------------------------------------------------------------------------------------------


def _symbol_cands(prep: Prepared, own: tuple[int, int] | None) -> list[_Cand]:
    flat = prep.flat
    out: list[_Cand] = []
    for m in patterns.finditer_symbols(flat):
        if own and own[0] <= m.start() < own[1]:
            continue
        sym = symbol_from_match(m)
        if sym is None:
            continue
        c = _Cand(start=m.start(), end=m.end(), sym=sym)
        _type_before(flat, c)
        # a bare symbol with no type word, no "số" and no known type code is too weak unless it
        # has a year or a recognised issuer (công văn 1521/BGDĐT-CTHSSV)
        if c.doc_type is None and sym.type_code is None and sym.year is None and sym.term is None:
            left = flat[max(0, c.start - 12) : c.start].lower()
            if "số" not in left and _agency_by_code(sym.issuer_code or "") is None:
                continue
        out.append(c)
    return out


def _law_name_matches(prep: Prepared) -> list[re.Match[str]]:
    """:data:`patterns.LAW_NAME` matches in ``prep.flat``, tried only where a trigger word
    occurs (from the shared phrase scan, :func:`gazetteer.literal_starts`; a regex scan would
    stop at every capital letter)."""
    flat = prep.flat
    starts = set(gazetteer.literal_starts(prep, gazetteer.LAW_NAME_WORDS))
    out: list[re.Match[str]] = []
    last_end = -1
    for pos in sorted(starts):
        if pos < last_end:
            continue
        m = patterns.LAW_NAME.match(flat, pos)
        if m:
            out.append(m)
            last_end = m.end()
    return out


def _name_cands(prep: Prepared, taken: list[tuple[int, int]]) -> list[_Cand]:
    flat = prep.flat
    out: list[_Cand] = []
    if "uật" not in flat and "iến pháp" not in flat and "háp lệnh" not in flat:
        return out
    ti = 0
    for m in _law_name_matches(prep):
        while ti < len(taken) and taken[ti][1] <= m.start():
            ti += 1
        if ti < len(taken) and taken[ti][0] <= m.start() < taken[ti][1]:
            continue
        kind = m["type"]
        name_part = m["name"] or ""
        known = _known_name_at(flat, m.start())
        if known is not None:
            name, end = known
        elif kind == "Hiến pháp" or patterns.LAW_NAME_START.match(name_part):
            name, end = " ".join(m.group(0).split()), m.end()
        else:
            continue
        # "Luật Thanh niên số 57/2020/QH14": the symbol citation carries the name
        if _SYMBOL_NEXT.match(flat, end):
            continue
        c = _Cand(start=m.start(), end=end, name=name, lead=m.start())
        c.doc_type = canonical_name(kind) or kind
        y = patterns.BARE_YEAR.match(flat, end)
        if y:
            c.year_hint = int(y["y"])
            c.extra["year_end"] = y.end()
        _article_before(flat, c)
        out.append(c)
    return out


_SYMBOL_NEXT = re.compile(r"[ ]{0,3}(?:số[ ]{0,3}(?:hiệu[ ]{0,2})?:?[ ]{0,2})?\d{1,5}[ ]{0,2}[-/]")
_LIST_GAP = re.compile(r"[ ]{0,3}(?:,|;|và|hoặc|,[ ]{0,3}và)[ ]{0,3}(?:các[ ]{1,3})?$")


def _link_lists(flat: str, cands: list[_Cand]) -> None:
    """Share type words forward and dates/issuers backward inside lists."""
    groups: list[list[_Cand]] = []
    for c in cands:
        if groups:
            prev = groups[-1][-1]
            gap = flat[prev.tail : c.lead] if prev.tail <= c.lead else None
            if gap is not None and len(gap) <= 12 and _LIST_GAP.match(gap):
                groups[-1].append(c)
                continue
        groups.append([c])
    for g in groups:
        if len(g) < 2:
            continue
        head = g[0]
        for c in g[1:]:
            if c.doc_type is None and head.doc_type and c.sym is not None:
                c.doc_type = head.doc_type
                c.extra["shared_type"] = True
        last = g[-1]
        shared = all(c.extra.get("shared_type") for c in g[1:]) and head.type_start is not None
        if last.date and shared:
            for c in g[:-1]:
                if c.date is None:
                    c.date = last.date
        if last.issuer:
            for c in g[:-1]:
                if (
                    c.issuer is None
                    and c.sym
                    and last.sym
                    and c.sym.issuer_code == (last.sym.issuer_code)
                ):
                    c.issuer = last.issuer
        if last.relation != "CITES":
            for c in g[:-1]:
                if c.relation == "CITES" and c.rel_pos is None:
                    pass
        # a relation word before the first item rules the whole list
        if head.relation != "CITES":
            for c in g[1:]:
                if c.rel_pos is None or (head.rel_pos is not None and c.rel_pos <= head.lead):
                    c.relation = head.relation
                    c.rel_pos = head.rel_pos


_DATE_BEFORE = re.compile(
    r"[Nn]gày[ ]{1,3}(?P<d>\d{1,2})(?:[ ]{0,2}[/.-][ ]{0,2}(?P<m1>\d{1,2})[ ]{0,2}[/.-][ ]{0,2}"
    r"(?P<y1>\d{4})|[ ]{1,3}tháng[ ]{1,3}(?P<m2>\d{1,2})[ ]{1,3}năm[ ]{1,3}(?P<y2>\d{4}))"
    r"[ ]{0,2},?[ ]{0,3}(?P<who>[^,;.()]{0,80}?)[ ]{0,2}(?:đã[ ]{1,3})?(?:ký[ ]{1,3})?ban[ ]hành"
    r"[ ]{1,3}$"
)


def _date_before(flat: str, c: _Cand) -> None:
    """``ngày 27 tháng 11 năm 2001, Bộ Chính trị đã ban hành Nghị quyết số 07-NQ/TW``."""
    if c.date is not None or c.type_start is None:
        return
    left = flat[max(0, c.type_start - 160) : c.type_start]
    if "ban hành" not in left[-30:]:
        return
    m = _DATE_BEFORE.search(left)
    if m and not patterns.EFFECTIVE.search(m.group(0)):
        iso = _iso(m["d"], m["m1"] or m["m2"], m["y1"] or m["y2"])
        if iso:
            c.date = iso
            who = m["who"].strip(" ,")
            if c.issuer is None and who and who[0].isupper():
                c.issuer = _agency_canonical(who)


def _to_citation(prep: Prepared, c: _Cand) -> Citation:
    sym = c.sym
    year: int | None = None
    if sym is not None and sym.year is not None:
        year = sym.year
    elif c.date:
        year = int(c.date[:4])
    elif c.year_hint:
        year = c.year_hint
    doc_type = c.doc_type
    if doc_type is None and sym is not None:
        doc_type = doc_type_from_code(sym.type_code)
        if doc_type is None and sym.family == "official_letter":
            doc_type = "Công văn"
    issuer = c.issuer
    if issuer is None and sym is not None:
        code = sym.issuer_code
        if sym.family == "party":
            code = sym.issuer_code if sym.issuer_code != "TW" else "TW"
        issuer = _agency_by_code(code)
    s, e = c.extra.get("sentence") or sentence_bounds(prep, c.start, c.end)
    sentence = " ".join(prep.text[s:e].split())
    return Citation(
        symbol=sym.normalized if sym else None,
        name=c.name,
        doc_type=doc_type,
        year=year,
        issued_date=c.date,
        issuer=issuer,
        subject=c.subject or None,
        article=c.article,
        relation=c.relation,  # type: ignore[arg-type]
        span=(c.start, c.end),
        sentence=sentence,
    )


def _collect(prep: Prepared) -> list[_Cand]:
    flat = prep.flat
    if not flat.strip():
        return []
    own = _own_symbol_range(prep)
    cands = _symbol_cands(prep, own)
    # read what follows each symbol, stopping at the next candidate
    for i, c in enumerate(cands):
        stop = cands[i + 1].lead if i + 1 < len(cands) else len(flat)
        _read_tail(flat, c, max(stop, c.end))
    taken = [(c.lead, max(c.tail, c.end)) for c in cands]
    names = _name_cands(prep, taken)
    for c in names:
        c.tail = c.extra.get("year_end", c.end)
        nxt = c.tail
        _read_tail(flat, c, min(len(flat), nxt + _AFTER))
    allc = sorted(cands + names, key=lambda x: x.start)
    for c in allc:
        _date_before(flat, c)
        cs, ce = sentence_bounds(prep, c.lead, c.end)
        c.extra["clause"] = cs
        c.extra["sentence"] = (cs, ce)
        _relation(flat, c, cs)
    _link_lists(flat, allc)
    # trim subjects that run into the next citation
    for i, c in enumerate(allc[:-1]):
        if c.subject:
            nxt = allc[i + 1].lead
            sub_start = flat.find(c.subject[:20], c.end)
            if sub_start != -1 and sub_start + len(c.subject) > nxt > sub_start:
                c.subject = " ".join(flat[sub_start:nxt].split()).rstrip(" ,;") or None
    return allc


def find_citations(prep: Prepared, *, doc_date: str | None = None) -> list[Citation]:
    """All citations of other documents in ``prep`` (spans into ``prep.text``).

    ``doc_date`` (the citing document's ISO date) is accepted for future use by the resolver;
    it never sets a citation's year (only evidence in the text does).
    """
    cands = _collect(prep)
    pairs = _stated_pairs(prep, cands)
    out = [_to_citation(prep, c) for c in cands]
    # a relation word between two citations states a relation between them: the second one is
    # then only cited by this document
    for _, _, j in pairs:
        out[j] = out[j].model_copy(update={"relation": "CITES"})
    if len(_stated_cache) > 16:  # find_stated_relations was not called for older documents
        _stated_cache.clear()
    _stated_cache[id(prep)] = (prep, pairs, len(out))
    return out


# find_citations → find_stated_relations hand-over (same prep object, same process)
_stated_cache: dict[int, tuple[Prepared, list[tuple[int, str, int]], int]] = {}


def _stated_pairs(prep: Prepared, cands: list[_Cand]) -> list[tuple[int, str, int]]:
    pairs: list[tuple[int, str, int]] = []
    for j, b in enumerate(cands):
        if b.rel_pos is None or b.relation in ("CITES", "BASED_ON"):
            continue
        for i in range(j - 1, -1, -1):
            a = cands[i]
            if a.start < b.extra["clause"] or b.rel_pos - a.end > 250:
                break
            if a.end <= b.rel_pos and a.sym is not None:
                # A precedes the relation word in the same clause: "A ... thực hiện B"
                if ";" in prep.flat[a.end : b.rel_pos]:
                    break
                pairs.append((i, b.relation, j))
                break
    return pairs


def find_stated_relations(prep: Prepared, found: list[Citation]) -> list[StatedRelation]:
    """Relations the text states between two *other* documents.

    ``Nghị quyết số X ... ban hành Chương trình hành động thực hiện Nghị quyết số Y``: X
    IMPLEMENTS Y. ``found`` is the output of :func:`find_citations` for the same ``prep``.
    """
    cached = _stated_cache.pop(id(prep), None)
    if cached is not None and cached[0] is prep and cached[2] == len(found):
        pairs = cached[1]
    else:
        cands = _collect(prep)
        if len(cands) != len(found):
            return []
        pairs = _stated_pairs(prep, cands)
    out: list[StatedRelation] = []
    for i, rel, j in pairs:
        a = found[i]
        b = found[j]
        s, _ = sentence_bounds(prep, a.span[0], a.span[1])
        _, e = sentence_bounds(prep, b.span[0], b.span[1])
        sentence = " ".join(prep.text[s:e].split())
        out.append(
            StatedRelation.model_validate(
                {"from": a, "relation": rel, "to": b, "sentence": sentence}
            )
        )
    return out
