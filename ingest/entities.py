"""People, programmes and meetings named in a document.

* **Persons** - a Vietnamese personal name is 2-4 capitalised syllables starting with a family name
  (``ingest/data/family_names.txt``). A candidate only counts as a person when the text ties it to
  a role: a position title before it (``Phó Thủ tướng Chính phủ Trần Hồng Hà``, the title from
  ``ingest/data/positions.csv`` plus the organisation written between title and name), a
  position after it (``đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh``), an honorific
  (``đồng chí``, ``ông``, ``bà``) or the signature block (``meta.signers``). Place names that
  start with a family-name syllable (``Lâm Đồng``, ``Hà Tĩnh``) are excluded.
* **Programmes** - known programmes, projects and national systems from
  ``ingest/data/programmes.jsonl`` (canonical name + aliases, matched case-insensitively with one
  Aho-Corasick automaton), plus a generic finder for other named ``Đề án`` / ``Chương trình`` /
  ``Kế hoạch`` (a name up to a clause boundary that carries a proper-name signal).
* **Meetings** - ``Phiên họp thứ N của ...``, ``cuộc họp về ...``, ``buổi làm việc ...``,
  ``Hội nghị ...``, ``Kỳ họp thứ N ...``, with the date and the chair (``... chủ trì``) read from
  the same sentence. A conclusion notice (``Thông báo`` whose title says ``kết luận``) always
  reports the meeting it concludes.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import ahocorasick

from ingest.clean import Prepared
from ingest.gazetteer import (
    MEETING_WORDS,
    PHRASE_PERSON,
    PHRASE_PROGRAMME,
    PROGRAMME_WORDS,
    compact_view,
    literal_starts,
    phrase_hits,
)
from ingest.models import DocumentMeta, Meeting, Person, Programme
from ingest.patterns import SENTENCE_DOT

logger = logging.getLogger(__name__)

_DATA = Path(__file__).parent / "data"

# Vietnamese upper/lower-case letters as regex classes (Latin blocks up to Latin Extended
# Additional).
_LETTERS = [chr(c) for c in range(0x41, 0x1F00) if chr(c).isalpha()]
UPPER = "".join(c for c in _LETTERS if c.isupper())
LOWER = "".join(c for c in _LETTERS if c.islower())
_UP = f"[{re.escape(UPPER)}]"
_LO = f"[{re.escape(LOWER)}]"
# A capitalised syllable (``Hòa``), not an all-caps word (``UBND``).
_CAP_SYL = rf"{_UP}{_LO}*"

# Place names that start with a family-name syllable: never persons.
_PLACES = frozenset(
    {
        "Hà Nội",
        "Hà Tĩnh",
        "Hà Giang",
        "Hà Nam",
        "Hà Đông",
        "Hà Tiên",
        "Lâm Đồng",
        "Cao Bằng",
        "Thái Bình",
        "Thái Nguyên",
        "Đồng Nai",
        "Đồng Tháp",
        "Đồng Xoài",
        "Đồng Hới",
        "Hồ Chí Minh",
        "Lý Sơn",
        "Lê Chân",
        "Bạch Long Vĩ",
        "Trà Vinh",
        "Lạc Dương",
        "Hoàng Sa",
        "Trường Sa",
        "Hồ Gươm",
        "Lào Cai",
        "Cao Lãnh",
        "Mai Sơn",
        "Hoàng Mai",
        "Đông Anh",
        "Từ Sơn",
        "Quan Hóa",
        "Tô Lịch",
    }
)
# Words before a capitalised sequence that make it a place or an organisation, not a person.
_PLACE_BEFORE = re.compile(
    r"(?:tỉnh|thành\s+phố|Thành\s+phố|TP\.?|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn|sông|núi"
    r"|đường|phố|cầu|cảng|Trường|trường|Bệnh\s+viện|Công\s+ty|Tập\s+đoàn|Học\s+viện|Đại\s+học"
    r"|Tỉnh|Huyện|Xã|Phường|Quận|Thôn|thôn|bản|ấp|làng|đảo|vịnh|hồ|đèo|khu|Khu)\s*$"
)
# Where a position phrase after a name stops.
_POS_END = re.compile(
    r"[,;:.()\[\]]|\s(?:và|chủ\s+trì|đã|đang|sẽ|cùng|tham\s+dự|phát\s+biểu|cho\s+biết|nhấn\s+mạnh"
    r"|yêu\s+cầu|đề\s+nghị|kết\s+luận|tại|về|với|làm)\s"
)


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    names = set()
    for line in (_DATA / "family_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line)
    return frozenset(names)


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern[str]:
    """Family name + 1-3 capitalised syllables, on one line or across a hard break."""
    fam = "|".join(sorted((re.escape(n) for n in _family_names()), key=len, reverse=True))
    return re.compile(
        rf"(?<![{re.escape(UPPER + LOWER)}\w])(?:{fam})(?:[ \t]+{_CAP_SYL}){{1,3}}"
        rf"(?![{re.escape(UPPER + LOWER)}\w])"
    )


@lru_cache(maxsize=1)
def _positions() -> tuple[tuple[str, str], ...]:
    """``(title, kind)`` rows of ``positions.csv`` (comment lines skipped), read once."""
    with (_DATA / "positions.csv").open(encoding="utf-8") as f:
        rows = [r for r in f if r.strip() and not r.startswith("#")]
    return tuple((r["title"].strip(), r["kind"]) for r in csv.DictReader(rows))


@lru_cache(maxsize=1)
def _titles() -> ahocorasick.Automaton:
    """Position titles (case-folded) in an Aho-Corasick automaton: value = (length, title)."""
    auto = ahocorasick.Automaton()
    for title, _kind in _positions():
        key = title.lower()
        auto.add_word(key, (len(key), title))
    auto.make_automaton()
    return auto


def _collapse(s: str) -> str:
    return " ".join(s.split())


def _nice_position(pos: str) -> str:
    """An all-capitals position becomes ``Phó Chủ nhiệm`` style (the data's casing if known)."""
    if not pos.isupper():
        return pos
    low = pos.lower()
    for _end, (length, title) in _titles().iter(low):
        if length == len(low):
            return str(title)
    return low[:1].upper() + low[1:]


# Gap between a title and a name may hold an organisation ("Bộ Nội vụ", "UBND tỉnh Đắk Lắk")
# but no clause break or verb.
_BAD_GAP = re.compile(
    r"[,;:.()!?]|\s(?:đã|đang|sẽ|có|là|chủ\s+trì|tham\s+dự|cùng|và\s+các|ý\s+kiến|báo\s+cáo)\s"
)


def _is_place(name: str) -> bool:
    if name in _PLACES:
        return True
    parts = name.split()
    return any(" ".join(parts[:k]) in _PLACES for k in range(2, len(parts)))


@dataclass(slots=True)
class _Mention:
    name: str
    position: str | None
    start: int
    end: int


_HONORIFICS = ("đồng chí", "ông", "bà", "đ/c")


@lru_cache(maxsize=1)
def _anchors() -> ahocorasick.Automaton:
    """Titles and honorifics (case-folded): value = (length, title or None for an honorific)."""
    auto = ahocorasick.Automaton()
    for title, _kind in _positions():
        key = title.lower()
        auto.add_word(key, (len(key), title))
    # Honorifics are short and occur inside words ("không", "công", "bàn"): they are keyed with
    # the non-letter before them and the space after, so only real words are reported (the
    # value's length excludes the leading character). A text opening with one is checked apart.
    for h in _HONORIFICS:
        for lead in _HONORIFIC_LEADS:
            auto.add_word(f"{lead}{h} ", (len(h) + 1, None))
    auto.make_automaton()
    return auto


# Characters that may stand right before an honorific (the lower view has tabs as spaces).
_HONORIFIC_LEADS = " ([{\"“‘'-–—,.;:/"


_NAME_END = re.compile(r"\s*[,–-]\s*$")


def _person_mentions(prep: Prepared) -> list[_Mention]:
    """Every person mention with a role in ``prep.flat`` (line breaks count as spaces).

    Anchored on titles and honorifics found with one Aho-Corasick pass; the name pattern only
    runs on the short window after (or before) each anchor.
    """
    cached: list[_Mention] | None = prep.cache.get("person_mentions")
    if cached is not None:
        return cached
    found = _find_person_mentions(prep)
    prep.cache["person_mentions"] = found
    return found


_NAME_STOP = re.compile(r"[,;:.()!?]")

# A military rank or academic title between a position and the name belongs to the person, not
# to the position: "Bộ trưởng Bộ Công an, Đại tướng Lương Tam Quang", "Bộ trưởng Bộ Y tế, GS.TS.
# Đào Hồng Lan", "Giám đốc Bệnh viện Bạch Mai, Giáo sư, Tiến sĩ Đào Xuân Cơ".
_QUALIFIER = (
    r"(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá)|(?:Phó\s+)?Giáo\s+sư|Tiến\s+sĩ(?:\s+khoa\s+học)?"
    r"|Thạc\s+sĩ|Bác\s+sĩ|Dược\s+sĩ|Kỹ\s+sư|Luật\s+sư|Nhà\s+báo|Viện\s+sĩ|P?GS|TSKH|TS|ThS|BS|KS"
    r"|NGND|NGƯT|TTƯT|TTND)(?![^\W\d_])"
)
# one or more qualifiers up to the name ("," "." and spaces between them)
_QUAL_RUN = re.compile(rf"(?:[\s,.]*{_QUALIFIER})+[\s,.]*")
# qualifiers ending the gap between a position and the name (no comma before them)
_QUAL_TAIL = re.compile(rf"(?:[\s,]+{_QUALIFIER}[\s,.]*)+$")


@lru_cache(maxsize=1)
def _rank_titles() -> frozenset[str]:
    """Titles of kind ``rank`` (case-folded): a rank anchor never replaces a position."""
    return frozenset(title for title, kind in _positions() if kind == "rank")


def _find_person_mentions(prep: Prepared) -> list[_Mention]:
    flat = prep.flat
    low = prep.lower
    n = len(low)
    hits: list[tuple[int, int, str | None]] = []
    # the anchors come from the shared scan of the compact view (spaces collapsed), mapped back
    # to ``flat``; a hit whose span crossed a collapsed run is not a match in ``low``
    compact = compact_view(prep)
    to_flat = compact.to_orig if compact.comp_starts else None
    for end, (length, title) in phrase_hits(prep)[PHRASE_PERSON]:
        start = end - length + 1
        if to_flat is not None:
            start = to_flat(start)
            end = to_flat(end)
            if end - start != length - 1:
                continue
        if title is None:  # an honorific keyed with its surrounding characters
            hits.append((start, end, None))
            continue
        if (start > 0 and low[start - 1].isalnum()) or (end + 1 < n and low[end + 1].isalnum()):
            continue
        hits.append((start, end + 1, title))
    for hon in _HONORIFICS:
        if low.startswith(hon + " "):
            hits.append((0, len(hon), None))
    if not hits:
        return []
    # drop hits inside a longer one ("Thủ tướng" inside "Phó Thủ tướng Chính phủ")
    hits.sort(key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, str | None]] = []
    reach = -1
    for h in hits:
        if h[1] <= reach:
            continue
        kept.append(h)
        reach = max(reach, h[1])
    name_re = _name_re()
    ranks = _rank_titles()
    found: dict[int, _Mention] = {}
    for start, end, title in kept:
        window = flat[end : end + 160]
        stop = _NAME_STOP.search(window)  # the name ends at the first punctuation mark
        cut = stop.start() if stop else len(window)
        # a name is capitalised: a window without an upper-case letter cannot hold one
        nm = None if window[:cut].islower() else name_re.search(window, 0, cut)
        pos_end = -1  # where the position ends when a rank or academic title follows it
        if nm is not None:
            qt = _QUAL_TAIL.search(window, 0, nm.start())
            if qt is not None:
                pos_end = qt.start()
        elif stop is not None and title is not None and title not in ranks:
            qr = _QUAL_RUN.match(window, cut)
            if qr is not None and qr.end() > cut:
                nm = name_re.match(window, qr.end())
                if nm is not None:
                    pos_end = cut
        if nm is not None:
            name = _collapse(nm.group())
            gap = window[: nm.start() if pos_end < 0 else pos_end]
            lead_in = flat[max(0, end - 40) : end + nm.start()]
            ok = not _is_place(name) and not _PLACE_BEFORE.search(lead_in)
            if ok and title is None:
                if gap.strip() == "":
                    ns = end + nm.start()
                    found.setdefault(ns, _Mention(name, None, ns, end + nm.end()))
            elif ok and (not _BAD_GAP.search(" " + gap + " ") or len(gap) < 12):
                position = _nice_position(_collapse(flat[start : end + len(gap)]))
                ns = end + nm.start()
                old = found.get(ns)
                # the title nearest the name wins ("CHỦ NHIỆM / PHÓ CHỦ NHIỆM / name"), but a
                # rank does not replace the position written before it
                if old is None or old.position is None or title not in ranks:
                    found[ns] = _Mention(name, position, ns, end + nm.end())
        if title is not None:
            # "Nguyễn Văn A, Phó Chủ tịch UBND tỉnh": the position follows the name
            before = flat[max(0, start - 60) : start]
            tail = before.rstrip()
            em = _NAME_END.search(before) if tail and tail[-1] in ",–-" else None
            if em is not None:
                bm = None
                for cand in name_re.finditer(before, 0, em.start()):
                    bm = cand
                if bm is not None and bm.end() == em.start():
                    ns = start - len(before) + bm.start()
                    name = _collapse(bm.group())
                    if not _is_place(name):
                        rest = flat[start : start + 160]
                        stop = _POS_END.search(rest)
                        phrase = _nice_position(_collapse(rest[: stop.start() if stop else 100]))
                        old = found.get(ns)
                        if old is None:
                            found[ns] = _Mention(name, phrase, ns, ns + len(bm.group()))
                        elif old.position is None:
                            old.position = phrase
    return [found[k] for k in sorted(found)]


def find_persons(prep: Prepared, meta: DocumentMeta | None = None) -> list[Person]:
    """People named with a role, then the signers; one entry per name (first position kept)."""
    by_name: dict[str, Person] = {}
    for m in _person_mentions(prep):
        p = by_name.get(m.name)
        if p is None:
            by_name[m.name] = Person(name=m.name, position=m.position)
        elif p.position is None and m.position:
            p.position = m.position
    if meta is not None:
        for s in meta.signers:
            name = _collapse(s.name)
            if not name:
                continue
            p = by_name.get(name)
            if p is None:
                by_name[name] = Person(name=name, position=s.position)
            elif p.position is None and s.position:
                p.position = s.position
    return list(by_name.values())


# ---------------------------------------------------------------------------------------------
# Programmes


@dataclass(frozen=True, slots=True)
class ProgrammeEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]
    full_name: str | None = None
    approved_by: str | None = None
    approved_date: str | None = None


@lru_cache(maxsize=1)
def programme_entries() -> tuple[ProgrammeEntry, ...]:
    out = []
    for line in (_DATA / "programmes.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        out.append(
            ProgrammeEntry(
                name=d["name"],
                kind=d.get("kind", "programme"),
                aliases=tuple(d.get("aliases", [])),
                full_name=d.get("full_name"),
                approved_by=d.get("approved_by"),
                approved_date=d.get("approved_date"),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _programme_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for i, e in enumerate(programme_entries()):
        for alias in {e.name, *e.aliases}:
            key = _collapse(alias).lower()
            if key not in auto or auto.get(key)[0] < len(key):
                auto.add_word(key, (len(key), i))
    auto.make_automaton()
    return auto


def _known_programmes(prep: Prepared) -> list[tuple[int, int, int]]:
    """(start, end, entry index) of known programme aliases, longest-leftmost, no overlaps.

    Aliases are matched on a whitespace-collapsed view so hard line breaks inside a name match.
    """
    compact = compact_view(prep)  # shared with the gazetteer: lower case, spaces collapsed
    low = compact.text
    to_flat = compact.to_orig

    hits: list[tuple[int, int, int]] = []
    for end, (length, idx) in phrase_hits(prep)[PHRASE_PROGRAMME]:
        start = end - length + 1
        if start > 0 and low[start - 1].isalnum():
            continue
        if end + 1 < len(low) and low[end + 1].isalnum():
            continue
        hits.append((start, end + 1, idx))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, int]] = []
    reach = -1
    for h in hits:
        if h[0] >= reach:
            chosen.append(h)
            reach = h[1]
    return [(to_flat(s), to_flat(e - 1) + 1, i) for s, e, i in chosen]


# Generic named programme: head word (capitalised, as a proper name) + a name up to a boundary.
_GENERIC_HEAD = re.compile(r"(?<!\w)(Đề án|Chương trình|Kế hoạch)[ \t\n]+(?!số\b|này\b)")
# Where a generic name stops: punctuation (a comma only before a capitalised word or a clause
# word), and clause words.
_GENERIC_STOP = re.compile(
    r"[;:.()\[\]\"“”!?]|,(?!\s+(?:tầm\s+nhìn|định\s+hướng|giai\s+đoạn))"
    r"|\s(?:của|theo|do|đã|được|để|nhằm|tại|trên|cho|sẽ|là|thì|mà|khi|nếu|đang|cần|phải"
    r"|bảo\s+đảm|đảm\s+bảo|trình|ban\s+hành|số\s+\d|ngày\s+\d|với|như|gồm|bao\s+gồm|và\s+các"
    r"|và\s+Đề\s+án|và\s+Chương\s+trình|và\s+Kế\s+hoạch|hoàn\s+thành|trước|trong\s+tháng"
    r"|trong\s+năm|trong\s+quý|chủ\s+trì|phối\s+hợp|hằng|hàng|vừa|có|này|đó|nêu|trên|chỉ"
    r"|thực\s+hiện|triển\s+khai\s+thực\s+hiện|vào)(?=[\s,.;:)]|$)"
)
_GENERIC_BAD_FIRST = frozenset(
    [
        "này",
        "nêu",
        "trên",
        "đó",
        "được",
        "đã",
        "và",
        "là",
        "sẽ",
        "có",
        "cũng",
        "không",
        "khác",
        "thì",
        "mà",
        "để",
        "của",
        "theo",
        "tại",
        "với",
        "cho",
        "số",
        "gồm",
        "bao",
        "các",
        "những",
        "này,",
        "đề",
        "ra",
        "chung",
        "riêng",
        "vào",
        "trong",
    ]
)
_PROPER_SIGNAL = re.compile(
    r"giai\s+đoạn\s+\d{4}|đến\s+năm\s+\d{4}|năm\s+\d{4}|quốc\s+gia|mục\s+tiêu|tổng\s+thể|hành\s+động"
)
_PERIOD_TAIL = re.compile(r"(?:,?\s*(?:giai\s+đoạn|đến\s+năm|năm|tầm\s+nhìn|định\s+hướng)\b.*)$")
_GENERIC_CORE_BAD = frozenset({"mục tiêu quốc gia", "tổng thể", "hành động", "công tác"})
_YEAR_RANGE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")


def canonical_programme_name(name: str) -> str:
    """Stable form of a programme name: whitespace collapsed, ``2021 - 2025`` → ``2021-2025``."""
    name = _collapse(name).strip(" ,-–")
    return _YEAR_RANGE.sub(r"\1-\2", name)


def _generic_programmes(prep: Prepared, taken: list[tuple[int, int]]) -> list[tuple[str, str]]:
    flat = prep.flat
    out: list[tuple[str, str]] = []
    for pos in literal_starts(prep, PROGRAMME_WORDS):
        m = _GENERIC_HEAD.match(flat, pos)
        if m is None or (pos > 0 and flat[pos - 1].isalnum()):
            continue
        s = m.start()
        if any(a <= s < b for a, b in taken):
            continue
        body_start = m.end()
        window = flat[body_start : body_start + 300]
        stop = _GENERIC_STOP.search(window)
        body = window[: stop.start() if stop else 200]
        words = body.split()
        if len(words) > 30:
            words = words[:30]
        if len(words) < 2 or words[0].lower() in _GENERIC_BAD_FIRST:
            continue
        text_body = " ".join(words)
        core = _PERIOD_TAIL.sub("", text_body).strip(" ,")
        if len(core.split()) < 2 or core.lower() in _GENERIC_CORE_BAD:
            continue
        if not (words[0][:1].isupper() or _PROPER_SIGNAL.search(text_body)):
            continue
        if words[0].isupper() and len(words[0]) > 1:  # "KẾ HOẠCH THỰC HIỆN" title lines
            continue
        alias = _collapse(m.group(1) + " " + text_body)
        out.append((canonical_programme_name(alias), alias))
    return out


def find_programmes(prep: Prepared) -> list[Programme]:
    """Programmes, projects and national systems, each with the forms this text uses."""
    entries = programme_entries()
    by_name: dict[str, list[str]] = {}
    taken: list[tuple[int, int]] = []
    for start, end, idx in _known_programmes(prep):
        alias = _collapse(prep.flat[start:end])
        if alias.isupper() and len(alias.split()) > 3:  # a title line in capitals
            alias = entries[idx].name
        aliases = by_name.setdefault(entries[idx].name, [])
        if alias not in aliases:
            aliases.append(alias)
        taken.append((start, end))
    for name, alias in _generic_programmes(prep, taken):
        aliases = by_name.setdefault(name, [])
        if alias not in aliases:
            aliases.append(alias)
    # a generic name that is a prefix of a longer one found here is the same programme
    known = {e.name for e in entries}
    for short in sorted(by_name, key=len):
        if short in known:
            continue
        longer = [
            n for n in by_name if n != short and n.startswith(short) and n[len(short)] in " ,"
        ]
        if longer:
            target = by_name[min(longer, key=len)]
            for a in by_name.pop(short):
                if a not in target:
                    target.append(a)
    return [Programme(name=n, aliases=a) for n, a in by_name.items()]


# ---------------------------------------------------------------------------------------------
# Meetings

_ORD = (
    r"(?:thứ|lần\s+thứ)\s+(?:\d+|nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+\w+)?|[IVXLC]+)"
)
_MEETING = re.compile(
    rf"(?<!\w)(?:(?:Phiên|phiên)\s+họp\s+{_ORD}"
    rf"|(?:Kỳ|kỳ)\s+họp\s+{_ORD}"
    r"|(?:cuộc|Cuộc)\s+họp\s+(?=(?:về|với|của|trực\s+tuyến|giữa|Thường\s+trực|thường\s+kỳ|lần)\b)"
    r"|(?:buổi|Buổi)\s+làm\s+việc\s+(?=(?:với|của|giữa|về)\b)"
    # "Hội nghị" as the subject of a predicate ("Hội nghị thống nhất ...", "Hội nghị như sau")
    # is the meeting already named, not a name
    r"|Hội\s+nghị\s+(?=[\w\s]{3})(?!(?:số|này|đã|được|có|như|rất|là|sẽ|phải|cũng|cần|quan\s+trọng"
    r"|thống\s+nhất|nhất\s+trí|đánh\s+giá|ghi\s+nhận|thảo\s+luận|đề\s+nghị|yêu\s+cầu"
    r"|kết\s+luận|cho\s+rằng|diễn\s+ra|kết\s+thúc|đều|và|không|trình|bằng|chưa|vẫn|khai\s+mạc"
    r"|bế\s+mạc)\b)"
    r")"
)
_MEETING_FIRST = frozenset("PpKkCcBbH")  # the first letters of _MEETING's alternatives
_MEETING_STOP = re.compile(
    r"[;:.()\[\]\"“”!?]|\s(?:chủ\s+trì|tại|đã|được|do|sau\s+khi|nhằm|để|và\s+đã|tham\s+dự|có\s+sự"
    r"|trong\s+đó|cho\s+biết|ngày\s+\d|vào\s+ngày|diễn\s+ra|thông\s+qua)(?=\s)"
    r"|,\s+(?:tham\s+dự|đồng\s+chí|các|Phó|Thủ|Bộ\s+trưởng|ngày|sau|tại|theo|trong|với|đã|do|có"
    r"|hoàn\s+thành|báo\s+cáo|gửi|bảo\s+đảm|đảm\s+bảo|trình|nhằm|để|và|yêu\s+cầu|giao|đề\s+nghị"
    r"|kết\s+luận|chỉ\s+đạo|chậm|trước|thống\s+nhất)(?!\w)"
)
# Dates that may date a meeting: "ngày 14 tháng 11 năm 2025", "ngày 14/11/2025", the news
# forms "Chiều 14/11/2025", "Sáng nay (14/11)", "Tối thứ Sáu, 14/11", and year-less "ngày 14/11"
# (groups 7-9: day, month, optional year; 10-11: day, month without year), whose year only the
# document's own date may supply (:func:`_date_in`).
_DATE_WRITTEN = re.compile(
    r"(?i:ngày)\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
    r"|(?i:ngày)\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
    r"|(?<!\w)(?:[Ss]áng|[Cc]hiều|[Tt]rưa|[Tt]ối|[Đđ]êm)(?:\s+nay)?\s*\(?\s*"
    r"(?:thứ\s+\w+\s*,?\s*|[Cc]hủ\s+nhật\s*,?\s*)?(?:ngày\s+)?"
    r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?!\s*[/\d])"
    r"|(?i:ngày)\s+(\d{1,2})\s*/\s*(\d{1,2})(?!\s*[/\d])"
)
# how far a year-less date may lie from the document's own date to take its year
_YEARLESS_DAYS = 183
# A meeting named as the issuer inside a citation ("Nghị quyết số 18-NQ/TW ngày 25/10/2017 của
# Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII", "Nghị quyết Hội nghị Trung ương
# 6"): the text what it issued, not a meeting held in the reported event. Tested on the text
# right before the meeting's name.
_CITED_ISSUER = re.compile(
    r"(?i:nghị\s+quyết|kết\s+luận|chỉ\s+thị|quy\s+định|quyết\s+định|thông\s+báo|nghị\s+định"
    r"|văn\s+kiện|hướng\s+dẫn|thông\s+tư|luật|công\s+điện|chương\s+trình\s+hành\s+động)"
    r"(?:\s+(?:số\s*)?\d[^\s,;]*(?:\s*(?:,|và)\s*\d[^\s,;]*)*)?"
    r"(?:\s+ngày\s+\d{1,2}(?:\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
    r"\s*,?\s+(?:(?:của|do)\s+)?$"
)
_SYMBOL_BEFORE = re.compile(r"\d+\s*[/-]\s*[\wĐđ-]+\s*$|(?:số|năm)\s+\S+\s*$")
_SENT_END = re.compile(
    SENTENCE_DOT
    + r"(?=\s+["
    + re.escape(UPPER)
    + r"\d*])|[!?](?=\s+["
    + re.escape(UPPER)
    + r"\d*])|\n\s*\n"
    r"|\n(?=[ \t]*(?:Ngày|Vào\s+ngày|Sáng|Chiều|Tối|Hôm\s+nay|Trong\s+ngày)\s)"
)
_DEADLINE_BEFORE = re.compile(r"(?:trước|chậm\s+nhất|hoàn\s+thành|đến|hạn|từ|kể\s+từ|hết)\s*$")
_KETLUAN = re.compile(r"kết\s+luận", re.IGNORECASE)
_TITLE_MEETING = re.compile(
    r"(?i:tại\s+)((?i:cuộc\s+họp|phiên\s+họp|hội\s+nghị|buổi\s+làm\s+việc|kỳ\s+họp)\b.*)"
)


def _sentence_bounds(flat: str, pos: int) -> tuple[int, int]:
    lo = max(0, pos - 800)
    start = lo
    for m in _SENT_END.finditer(flat, lo, pos):
        start = m.end()
    m2 = _SENT_END.search(flat, pos, min(len(flat), pos + 1500))
    return start, (m2.start() + 1 if m2 else min(len(flat), pos + 1500))


def _date_in(flat: str, start: int, end: int, ref: date | None = None) -> str | None:
    """The first date in ``flat[start:end]`` that is not a cited document's date nor a deadline.

    A year-less date (``Chiều 14/11``) takes the year of ``ref`` (the document's own date) when
    that puts it within :data:`_YEARLESS_DAYS` of ``ref``; without ``ref`` it is skipped."""
    for m in _DATE_WRITTEN.finditer(flat, start, end):
        if _SYMBOL_BEFORE.search(flat[max(start, m.start() - 40) : m.start()]):
            continue
        if _DEADLINE_BEFORE.search(flat[max(start, m.start() - 20) : m.start()]):
            continue
        got = _date_groups(m, ref)
        if got is not None:
            return got
    return None


def _date_groups(m: re.Match[str], ref: date | None) -> str | None:
    g = m.groups()
    for i in (0, 3, 6, 9):
        if g[i] is not None:
            d, mo = int(g[i]), int(g[i + 1])
            y = g[i + 2] if i < 9 else None
            break
    else:  # pragma: no cover - every alternative sets its day group
        return None
    try:
        if y is not None:
            return date(int(y), mo, d).isoformat()
        if ref is None:
            return None
        got = date(ref.year, mo, d)
    except ValueError:
        return None
    return got.isoformat() if abs((got - ref).days) <= _YEARLESS_DAYS else None


_PARA_BREAK = re.compile(r"\n[ \t|]*\n")
# What may stand before the date opening a news paragraph: a dateline ("(Chinhphu.vn) - ",
# "HÀ NỘI - ", "TTXVN:") or a bullet.
_DATELINE = re.compile(r"(?:[-+•*]\s*)?(?:\(?[^\W\d][\w.\s]{0,30}?\)?\s*[-–—:]\s*)?")


def _paragraph_date(text: str, flat: str, pos: int, ref: date | None) -> str | None:
    """The date that opens the paragraph holding ``pos`` and governs it (a news lead:
    ``Chiều 14/11/2025, tại Trụ sở Chính phủ, ...``, possibly after a dateline), else None."""
    lo = max(0, pos - 1500)
    start = lo
    for m in _PARA_BREAK.finditer(text, lo, pos):
        start = m.end()
    while start < pos and flat[start] in " \t|":
        start += 1
    d = _DATELINE.match(flat, start, min(pos, start + 40))
    m2 = _DATE_WRITTEN.match(flat, d.end() if d else start, pos)
    if m2 is None and d is not None and d.end() > start:
        m2 = _DATE_WRITTEN.match(flat, start, pos)
    if m2 is None or not flat[m2.end() : m2.end() + 3].lstrip(" )").startswith(","):
        return None
    return _date_groups(m2, ref)


def _chair_in(flat: str, start: int, end: int, mentions: list[_Mention]) -> str | None:
    """The person who ``chủ trì`` in the sentence: the last named person before the verb."""
    seg = flat[start:end]
    cm = re.search(r"chủ\s+trì", seg)
    if not cm:
        return None
    verb = start + cm.start()
    before = [m for m in mentions if start <= m.start < verb]
    if before:
        # "X, Trưởng Ban ..., chủ trì": the first person of the clause chairs
        return before[0].name
    # "... do Phó Thủ tướng X chủ trì" handled above; "chủ trì: đồng chí X" after the verb
    after = [m for m in mentions if verb <= m.start < min(end, verb + 120)]
    return after[0].name if after else None


def _meeting_name(flat: str, start: int, text: str | None = None) -> str:
    window = flat[start : start + 400]
    if text is not None:  # a name never runs past a blank line (a title into the lead)
        pb = _PARA_BREAK.search(text, start, start + 400)
        if pb is not None:
            window = window[: pb.start() - start]
    stop = _MEETING_STOP.search(window, 8)
    name = window[: stop.start() if stop else 250]
    words = name.split()[:60]
    while len(words) > 2 and words[-1].strip(",").lower() in _DANGLING:
        words.pop()  # "Hội nghị Trung ương 7 khóa XI về" cut before a quote: no trailing "về"
    return canonical_programme_name(" ".join(words))


_DANGLING = frozenset(["về", "của", "với", "và", "tại", "cho", "các", "trong", "để", "do", "là"])


def _meeting_at(flat: str, pos: int) -> re.Match[str] | None:
    """The meeting phrase around a keyword at ``pos``: what ``_MEETING.search(flat, pos - 12,
    pos + 200)`` finds if it starts by ``pos``. The leftmost match starting in that range is
    found by ``match`` at the few offsets holding a first letter of the pattern (a search would
    try the pattern at every offset of the 212-character window)."""
    hi = min(len(flat), pos + 200)
    for i in range(max(0, pos - 12), min(pos + 1, hi)):
        if flat[i] in _MEETING_FIRST:
            m = _MEETING.match(flat, i, hi)
            if m is not None:
                return m
    return None


# "Phiên họp thứ 10 Ban Chỉ đạo của Chính phủ về ..." (a title) and "Phiên họp thứ 10 của Ban
# Chỉ đạo" (the lead): kind, ordinal and the body after them (see :func:`_merge_same_meetings`)
_ORDINAL_MEETING = re.compile(
    r"^(phiên họp|kỳ họp|hội nghị)\s+((?:lần\s+)?thứ\s+\S+)\s*(?:của\s+)?(.*)$"
)


_BODY_WORD = re.compile(r"\w+")


def _extends(short: str, long: str) -> bool:
    """Whether body ``long`` names the same body as ``short`` more fully: same first word (the
    organ: "ban", "chính") and every word of ``short`` in ``long`` ("ban chỉ đạo tổng kết nghị
    quyết 18" / "ban chỉ đạo tổng kết việc thực hiện nghị quyết số 18-nq/tw ...")."""
    if not short:
        return True
    sw = [w for w in _BODY_WORD.findall(short) if w != "của"]
    lw = [w for w in _BODY_WORD.findall(long) if w != "của"]
    if not sw or not lw or sw[0] != lw[0]:
        return False
    return set(sw) <= set(lw)


def _merge_same_meetings(found: dict[str, Meeting]) -> None:
    """Merge a meeting named short with the one longer name that extends it with the same kind
    and ordinal (``Phiên họp thứ 10 của Ban Chỉ đạo`` and ``Phiên họp thứ 10 Ban Chỉ đạo của
    Chính phủ về cải cách hành chính``). The name written first (a news title, a lead) is kept,
    with the date and chair either mention gives. A short name that more than one longer name
    extends stays as it is: which meeting it means is not decided by the text."""
    parsed: dict[str, tuple[str, str, str]] = {}
    for key in found:
        m = _ORDINAL_MEETING.match(key)
        if m:
            parsed[key] = (m.group(1), _collapse(m.group(2)), m.group(3).strip(" ,"))
    if len(parsed) < 2:
        return
    order = {k: i for i, k in enumerate(found)}
    for short, (kind, ordinal, body) in sorted(parsed.items(), key=lambda kv: len(kv[1][2])):
        if short not in found:
            continue
        longer = [
            k
            for k, (k2, o2, b2) in parsed.items()
            if k != short
            and k in found
            and k2 == kind
            and o2 == ordinal
            and len(b2) > len(body)
            and _extends(body, b2)
        ]
        if len(longer) != 1:
            continue
        keep, drop = (short, longer[0]) if order[short] < order[longer[0]] else (longer[0], short)
        kept, gone = found[keep], found.pop(drop)
        if kept.date is None:
            kept.date = gone.date
        if kept.chair is None:
            kept.chair = gone.chair
        if keep == short:  # the kept entry now stands for the longer name too
            parsed[short] = parsed[longer[0]]


def find_meetings(prep: Prepared, meta: DocumentMeta | None = None) -> list[Meeting]:
    """Meetings the text reports, with date and chair when the sentence gives them.

    The date is the first one in the sentence that is neither a cited document's nor a
    deadline, else the date opening the paragraph (a news lead: ``Chiều 14/11/2025, ...``);
    year-less dates take the document's own year when close to its date.

    A meeting named only as the issuer of a cited document (``Nghị quyết số 18-NQ/TW ngày
    25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII``) is kept, as
    the body the citation names, but with neither date nor chair: the sentence's date and its
    ``chủ trì`` belong to the meeting being reported, and giving them to a plenum held years
    before would state a falsehood an analyst could not tell from a finding. When a sentence
    names several meetings, the chair goes to the one ``chủ trì`` governs: the first written
    right after the verb, else the last before it.
    """
    flat = prep.flat
    found: dict[str, Meeting] = {}
    mentions: list[_Mention] | None = None
    starts: list[int] = []
    ref: date | None = None
    if meta is not None and meta.issued_date:
        try:
            ref = date.fromisoformat(meta.issued_date[:10])
        except ValueError:
            ref = None
    for pos in literal_starts(prep, MEETING_WORDS):
        # back up over the noun before the keyword ("Phiên ", "cuộc ", "Kỳ ", "buổi ")
        m0 = _meeting_at(flat, pos)
        if m0 is not None and (not starts or starts[-1] != m0.start()):
            starts.append(m0.start())
    named: list[tuple[int, str, int, int]] = []  # (start, name, sentence start, sentence end)
    for mstart in starts:
        name = _meeting_name(flat, mstart, prep.text)
        if len(name.split()) < 3:
            continue
        s, e = _sentence_bounds(prep.text, mstart)
        named.append((mstart, name[0].upper() + name[1:], s, e))
    for i, (mstart, name, s, e) in enumerate(named):
        if _CITED_ISSUER.search(flat, max(s, mstart - 160), mstart):
            when: str | None = None
            chair: str | None = None
        else:
            when = _date_in(flat, s, e, ref) or _paragraph_date(prep.text, flat, mstart, ref)
            if mentions is None:
                mentions = _person_mentions(prep)
            chair = _chair_in(flat, s, e, mentions)
            if chair is not None and not _chaired(flat, named, i):
                chair = None
        key = name.lower()
        if key in found:
            old = found[key]
            if old.date is None and when:
                old.date = when
            if old.chair is None and chair:
                old.chair = chair
            continue
        found[key] = Meeting(name=name, date=when, chair=chair)
    if (
        meta is not None
        and not found
        and (meta.doc_type or "").lower() == "thông báo"
        and meta.title
        and _KETLUAN.search(meta.title)
    ):
        tm = _TITLE_MEETING.search(_collapse(meta.title))
        name = tm.group(1) if tm else _collapse(meta.title)
        name = name[0].upper() + name[1:].lower() if name.isupper() else name
        s, e = 0, min(len(flat), 3000)
        found[name.lower()] = Meeting(name=name, date=_date_in(flat, s, e, ref), chair=None)
    _merge_same_meetings(found)
    return list(found.values())


_CHAIR_VERB = re.compile(r"chủ\s+trì")
_CHAIR_OBJECT_GAP = 60  # "chủ trì Phiên họp ...", "chủ trì và phát biểu tại Hội nghị ..."


def _chaired(flat: str, named: list[tuple[int, str, int, int]], i: int) -> bool:
    """Whether meeting ``i`` is the one its sentence's ``chủ trì`` governs (always so when the
    sentence names no other meeting)."""
    mstart, _name, s, e = named[i]
    same = [n[0] for n in named if n[2] == s and n[3] == e]
    if len(same) < 2:
        return True
    cm = _CHAIR_VERB.search(flat, s, e)
    if cm is None:
        return True
    after = [p for p in same if cm.end() <= p <= cm.end() + _CHAIR_OBJECT_GAP]
    if after:
        return mstart == after[0]
    before = [p for p in same if p < cm.start()]
    if before:
        return mstart == before[-1]
    return mstart == min(same)
