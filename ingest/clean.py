"""Stage 1 of extraction: prepare raw text for the finders.

The finders never see the caller's text directly. ``prepare`` makes three views of it:

* ``original`` - the text as given (spans reported to users point into this).
* ``text`` - NFC-normalised, with markup noise blanked out *in place*: markdown emphasis
  (``*``, ``_`` runs, ``#`` headings), flattened-table pipes and rule lines (``|``, ``---``) and
  control characters become spaces, so every offset in ``text`` is an offset in the NFC string.
  Line breaks are kept: header parsing is line-based.
* ``flat`` - ``text`` with every line break turned into a space (still the same length), for the
  finders that read across hard-wrapped lines ("Luật Đấu\\nthầu").

Because NFC normalisation can shorten the string, ``to_original`` maps an NFC offset back to the
caller's text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# Markup that carries no meaning for extraction. Each alternative is replaced by spaces of the
# same length, so offsets are preserved.
_NOISE = re.compile(
    r"\*+"  # markdown bold / italic markers
    r"|(?m:^[ \t]*#{1,6}(?=[ \t]))"  # markdown heading markers at line start
    r"|\|"  # flattened table cell borders
    r"|(?m:^[ \t]*[-=_]{3,}[ \t]*$)"  # rule lines under headers: ------- / =====
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\ufeff\u00ad]"  # control, zero-width, BOM, SHY
)


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


@dataclass(slots=True)
class Prepared:
    original: str
    text: str
    flat: str
    _starts: list[int] = field(default_factory=list)  # NFC offsets where an NFC segment starts
    _orig_starts: list[int] = field(default_factory=list)  # the matching original offsets

    def to_original(self, offset: int) -> int:
        """Map an offset in ``text``/``flat`` to the caller's text."""
        if not self._starts:
            return offset
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return offset
        return self._orig_starts[i] + (offset - self._starts[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


def _nfc_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """NFC-normalise ``text``, returning anchor lists that map NFC offsets to original ones.

    Normalisation is done per *segment* (a base character and its combining marks), which is
    exactly the unit NFC composes; segments that do not change keep a 1:1 mapping.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, [], []
    out: list[str] = []
    starts: list[int] = []
    orig_starts: list[int] = []
    n = len(text)
    i = 0
    pos = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        seg = text[i:j]
        norm = unicodedata.normalize("NFC", seg)
        starts.append(pos)
        orig_starts.append(i)
        out.append(norm)
        pos += len(norm)
        i = j
    return "".join(out), starts, orig_starts


def prepare(text: str) -> Prepared:
    nfc, starts, orig_starts = _nfc_with_map(text)
    cleaned = _NOISE.sub(_blank, nfc)
    flat = cleaned.replace("\r", " ").replace("\n", " ")
    return Prepared(original=text, text=cleaned, flat=flat, _starts=starts, _orig_starts=orig_starts)
