"""Sentence bounds around an offset, cheaply (no segmentation of the whole document).

A sentence ends at ``.``/``!``/``?`` followed by a space and an upper-case letter or digit, at
``;``, at a blank line, and at a line break that closes a paragraph (the previous line ends with
``.``, ``;`` or ``:``, or the next line opens a list item: ``-``, ``+``, ``1.``, ``a)``, ``I.``).
Hard-wrapped lines inside a sentence do not end it. The window is capped at ``cap`` characters
each side of the hit, so the cost per call is bounded.
"""

from __future__ import annotations

import re

from ingest.clean import Prepared
from ingest.patterns import VI_UPPER, dotted_abbreviation_before

_ITEM_START = re.compile(
    r"[ \t]*(?:[-+•–]|\d{1,2}[.)]|[a-zđ][)]|[IVX]{1,5}[.]|Điều[ ]\d|Căn[ ]cứ)[ ]?"
)
_UPPER_OR_DIGIT = re.compile(r"[ ]+[" + VI_UPPER + r"0-9\"“(]")


def _is_boundary(text: str, i: int) -> int:
    """If ``text[i]`` ends a sentence, the offset where the next sentence starts; else -1."""
    ch = text[i]
    if ch == ";":
        return i + 1
    if ch == "\n":
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] in ".;:\n":
            return i + 1
        if _ITEM_START.match(text, i + 1):
            return i + 1
        return -1
    # . ! ? …  (optionally followed by a closing quote/bracket) + space + capital or digit;
    # not the dot of "TP. Hà Nội"
    if ch == "." and dotted_abbreviation_before(text, i):
        return -1
    k = i + 1
    if k < len(text) and text[k] in '"”’)':
        k += 1
    m = _UPPER_OR_DIGIT.match(text, k)
    if m:
        return m.end() - 1
    return -1


_ENDERS = ".;\n!?…"
# Characters that may end a sentence (each candidate is then checked by ``_is_boundary``): one
# C-speed scan of the window instead of three ``str.find`` calls per candidate.
_CANDIDATE = re.compile(r"[.;\n]")


def sentence_bounds(prep: Prepared, start: int, end: int, *, cap: int = 300) -> tuple[int, int]:
    """``[s, e)`` of the sentence of ``prep.text`` that holds ``[start, end)``.

    Candidate boundary characters in at most ``cap`` characters each side are found by one regex
    scan (C speed); only those are checked in Python, nearest first.
    """
    text = prep.text
    lo = max(0, start - cap)
    s = lo
    # candidates nearest first, by ``rfind`` (C speed; the nearest one usually decides)
    hi_dot, hi_semi, hi_nl = start, start, start
    while True:
        dot = text.rfind(".", lo, hi_dot)
        semi = text.rfind(";", lo, hi_semi)
        nl = text.rfind("\n", lo, hi_nl)
        i = max(dot, semi, nl)
        if i < 0:
            break
        b = _is_boundary(text, i)
        if b != -1 and b <= start:
            s = b
            break
        if i == dot:
            hi_dot = i
        if i == semi:
            hi_semi = i
        if i == nl:
            hi_nl = i
    hi = min(len(text), end + cap)
    e = hi
    for m in _CANDIDATE.finditer(text, end, hi):
        i = m.start()
        if _is_boundary(text, i) != -1:
            e = i + 1 if text[i] in ".;" else i
            break
    return s, e


def sentence_text(prep: Prepared, start: int, end: int, *, cap: int = 300) -> str:
    """The whitespace-collapsed sentence around ``[start, end)``."""
    s, e = sentence_bounds(prep, start, end, cap=cap)
    return " ".join(prep.text[s:e].split())


def clause_start(prep: Prepared, pos: int, *, cap: int = 300) -> int:
    """Start of the clause (sentence or ``;``-part) that holds ``pos``."""
    s, _ = sentence_bounds(prep, pos, pos, cap=cap)
    return s
