"""Deadline phrases in task text: ``trước ngày 30/9/2025`` → ``"2025-09-30"``.

A deadline is a *date* (ISO ``YYYY-MM-DD``) or a *period*:

============================================  ==============
phrase                                        value
============================================  ==============
``trước ngày 30/9/2025``                       ``2025-09-30``
``chậm nhất ngày 15 tháng 3 năm 2026``         ``2026-03-15``
``trước ngày 15 tháng 3`` (no year)            year of the document (next year if March is
                                              already past in the document's month)
``trong tháng 02 năm 2025``, ``tháng 02/2025``  ``2025-02``
``trong quý I/2026``, ``quý 1 năm 2026``       ``2026-Q1``
``6 tháng đầu năm 2026``                      ``2026-H1``
``hoàn thành trong năm 2025``                 ``2025``
============================================  ==============

Recurring obligations (``định kỳ hằng tháng``, ``trước ngày 15 hằng tháng``, ``nhiệm vụ thường
xuyên``) are not deadlines and yield ``None``. A date is only a deadline when a deadline word
(``trước``, ``chậm nhất``, ``hoàn thành``, ``trong``...) introduces it: ``Nghị quyết số 57-NQ/TW
ngày 22/12/2024`` carries an issue date, not a deadline.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from ingest.patterns import StarterGated

logger = logging.getLogger(__name__)

# Words that introduce a deadline. Kept short: the phrase must sit right before the date.
_LEAD = (
    r"(?:[Tt]rước|[Cc]hậm\s+nhất(?:\s+là)?|muộn\s+nhất(?:\s+là)?|không\s+muộn\s+hơn|hạn\s+chót(?:\s+là)?"
    r"|[Hh]oàn\s+thành(?:\s+trong)?|xong(?:\s+trong)?|[Tt]rong|đến\s+hết|đến|[Hh]ết|vào|[Cc]uối"
    r"|ngay\s+trong"
    r"|kịp\s+thời\s+trước|thời\s+hạn(?:\s+là)?)"
)
# A recurring marker right after a date or a month means a repeated obligation, not a deadline.
_RECURRING_AFTER = r"(?!\s*(?:của\s+)?(?:hằng|hàng|mỗi|các)\s+(?:tháng|quý|năm|tuần))"

_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# One alternation, each branch in a named group set; the first (leftmost) match wins.
_DEADLINE = re.compile(
    # 1. numeric date: trước ngày 30/9/2025, trước 30-9-2025, trước ngày 15/3 (no year)
    rf"(?P<d_lead>{_LEAD})\s+(?:(?:ngày|hôm)\s+)?(?P<d_d>\d{{1,2}})\s*[/.-]\s*(?P<d_m>\d{{1,2}})"
    rf"(?:\s*[/.-]\s*(?P<d_y>\d{{4}}))?(?!\s*[/.-]?\s*\d){_RECURRING_AFTER}"
    # 2. written date: trước ngày 25 tháng 11 năm 2025, trước ngày 15 tháng 3
    rf"|(?P<w_lead>{_LEAD})\s+ngày\s+(?P<w_d>\d{{1,2}})\s+tháng\s+(?P<w_m>\d{{1,2}})"
    rf"(?:\s*(?:năm\s+|/\s*)(?P<w_y>\d{{4}}))?(?!\s*\d){_RECURRING_AFTER}"
    # 3. half year: 6 tháng đầu năm 2026 / sáu tháng cuối năm 2025
    r"|(?:6|[Ss]áu)\s+tháng\s+(?P<h_part>đầu|cuối)\s+năm(?:\s+(?P<h_y>\d{4}))?"
    # 4. quarter: trong quý I/2026, quý 1 năm 2026, trước quý III
    rf"|(?:{_LEAD})\s+(?:\w+\s+)?[Qq]uý\s+(?P<q_q>IV|III|II|I|[1-4])\b"
    r"(?:\s*(?:năm\s+|/\s*)(?P<q_y>\d{4}))?"
    # 5. month: trong tháng 02 năm 2025, tháng 02/2025, trước tháng 12
    rf"|(?:{_LEAD})\s+tháng\s+(?P<m_m>\d{{1,2}})(?:\s*(?:năm\s+|/\s*)(?P<m_y>\d{{4}}))?"
    rf"(?!\s*\d){_RECURRING_AFTER}"
    # 6. year: hoàn thành trong năm 2025, trước năm 2030, trong năm 2026
    rf"|(?:{_LEAD})\s+(?:(?:trong|cả)\s+)?năm\s+(?P<y_y>\d{{4}})\b(?!\s*[-–]\s*\d)",
)


_DIGIT = re.compile(r"\d")

# Every branch of ``_DEADLINE`` begins with a lead word or the "6"/"sáu" of a half year: the
# alternation is tried only where one of these begins (see ``patterns.StarterGated``).
_DEADLINE_GATED = StarterGated(
    _DEADLINE,
    (
        "trước",
        "chậm",
        "muộn",
        "không",
        "hạn",
        "hoàn",
        "xong",
        "trong",
        "đến",
        "hết",
        "vào",
        "cuối",
        "ngay",
        "kịp",
        "thời",
        "6",
        "sáu",
    ),
)


@dataclass(frozen=True, slots=True)
class Deadline:
    value: str  # ISO date or period ("2025-02", "2026-Q1", "2026-H1", "2025")
    start: int  # offsets of the phrase in the text searched
    end: int


def _doc_ym(doc_date: str | None) -> tuple[int, int] | None:
    if not doc_date or len(doc_date) < 7:
        return None
    try:
        return int(doc_date[:4]), int(doc_date[5:7])
    except ValueError:
        return None


def _resolve_year(month: int, year: str | None, doc_date: str | None) -> int | None:
    """Year of a deadline: written, or the document's (next year when the month has passed)."""
    if year:
        return int(year)
    ym = _doc_ym(doc_date)
    if ym is None:
        return None
    doc_year, doc_month = ym
    return doc_year + 1 if month < doc_month else doc_year


def _value(m: re.Match[str], doc_date: str | None) -> str | None:
    g = m.groupdict()
    if g["d_d"] or g["w_d"]:
        day = int(g["d_d"] or g["w_d"])
        month = int(g["d_m"] or g["w_m"])
        if not 1 <= month <= 12:
            return None
        year = _resolve_year(month, g["d_y"] or g["w_y"], doc_date)
        if year is None:
            return None
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if g["h_part"]:
        y = g["h_y"] or (doc_date[:4] if doc_date else None)
        if not y:
            return None
        return f"{y}-H{1 if g['h_part'].lower() == 'đầu' else 2}"
    if g["q_q"]:
        q = _ROMAN_Q[g["q_q"].upper()]
        y = g["q_y"]
        if not y:
            ym = _doc_ym(doc_date)
            if ym is None:
                return None
            y = str(ym[0] + 1 if q < (ym[1] - 1) // 3 + 1 else ym[0])
        return f"{y}-Q{q}"
    if g["m_m"]:
        month = int(g["m_m"])
        if not 1 <= month <= 12:
            return None
        year = _resolve_year(month, g["m_y"], doc_date)
        if year is None:
            return None
        return f"{year:04d}-{month:02d}"
    if g["y_y"]:
        return g["y_y"]
    return None


def find_deadline(text: str, doc_date: str | None = None) -> Deadline | None:
    """The first deadline phrase in ``text`` (a task sentence), or ``None``."""
    if not _DIGIT.search(text):  # every deadline phrase carries a number
        return None
    for m in _DEADLINE_GATED.finditer(text):
        value = _value(m, doc_date)
        if value is not None:
            return Deadline(value, m.start(), m.end())
    return None


def parse_deadline(text: str, doc_date: str | None = None) -> str | None:
    """The deadline of a task text as an ISO date or period, ``None`` when there is none."""
    d = find_deadline(text, doc_date)
    return d.value if d else None


# A deadline cell of a task table: "Quý III/2025", "Tháng 12/2025", "Năm 2025", "30/9/2025",
# "2026" or a phrase ("Trước ngày 30/9/2025"); "Thường xuyên" and ranges ("2026 - 2030") are
# not deadlines.
_CELL_YEAR = re.compile(r"(?:[Nn]ăm\s+)?(\d{4})")


def parse_deadline_cell(cell: str, doc_date: str | None = None) -> str | None:
    """The deadline written in a table cell, ``None`` for recurring work or a range of years."""
    cell = " ".join(cell.replace("*", " ").split())
    if not cell or not _DIGIT.search(cell):
        return None
    value = parse_deadline(cell, doc_date)
    if value is not None:
        return value
    m = _CELL_YEAR.fullmatch(cell)
    if m is not None:
        return m.group(1)
    # the cell names the period alone: read it as "trong <cell>"
    return parse_deadline(f"trong {cell[0].lower()}{cell[1:]}", doc_date)
