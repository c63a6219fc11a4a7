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
from typing import Any

import ahocorasick_rs

# Markup that carries no meaning for extraction, blanked to spaces of the same length so offsets
# are preserved. Single characters are replaced only when present (``in`` and ``str.replace`` run
# at memchr speed; ``str.translate`` is ~10x slower on non-ASCII text); the two line-anchored
# forms only run when their marker character occurs at all.
_CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\r\t")
_BLANK_CHARS = "*|\u200b\u200c\u200d\ufeff\u00ad\x7f" + _CONTROLS
# markdown emphasis, table borders, zero-width and control characters, BOM, soft hyphen
_CONTROL_BYTES = _CONTROLS.encode("ascii")
_UTF8 = {ch: ch.encode("utf-8") for ch in _BLANK_CHARS}
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}(?=[ \t])")  # markdown heading markers
_RULE = re.compile(r"(?m)^[ \t]*[-=_]{3,}[ \t]*$")  # rule lines under headers: ------- / =====
# every rule line holds one of these pairs ("--=" too), so only lines holding one are tried
_RULE_PAIRS = tuple(a + b for a in "-=_" for b in "-=_")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def blank_noise(text: str, utf8: bytes | None = None) -> str:
    """``text`` with markup noise replaced by spaces; same length, lines kept.

    ``utf8`` (the text's UTF-8 bytes, if the caller has them) lets one C-speed
    ``bytes.translate`` rule out all 29 control characters at once.
    """
    out = text
    chars = _BLANK_CHARS
    if utf8 is not None:
        if len(utf8.translate(None, _CONTROL_BYTES)) == len(utf8):
            chars = _BLANK_CHARS[: -len(_CONTROLS)]
        # NFC neither makes nor removes these characters. An ASCII one is looked for in the
        # caller's bytes (memchr); a multi-byte one in the string (a one-character ``str``
        # search is 3-6x faster than a multi-byte ``bytes`` search on Vietnamese UTF-8, whose
        # lead bytes are everywhere)
        chars = "".join(ch for ch in chars if (_UTF8[ch] in utf8 if ch.isascii() else ch in text))
    for ch in chars:
        if ch in out:
            out = out.replace(ch, " ")
    if "#" in out:
        out = _blank_lines(out, ("#",), _HEADING)
    if "---" in out or "===" in out or "___" in out:
        out = _blank_lines(out, _rule_pairs_in(utf8) if utf8 is not None else _RULE_PAIRS, _RULE)
    return out


# Which of the nine pairs occur at all, from one scan of the caller's UTF-8 bytes (Rust memchr
# prefilter on ``-``, ``=``, ``_``): each absent pair would otherwise cost a full ``str.find``
# (a two-character needle runs at ~1 GB/s: 0.18 s of the 24 MB laws corpus for the nine). NFC
# neither makes nor removes these ASCII characters, and a pair that NFC breaks ("==" + U+0338
# becomes "=≠") is only looked for in vain.
_RULE_PAIR_SCAN = ahocorasick_rs.BytesAhoCorasick([p.encode("ascii") for p in _RULE_PAIRS])


def _rule_pairs_in(utf8: bytes) -> tuple[str, ...]:
    present = {i for i, _s, _e in _RULE_PAIR_SCAN.find_matches_as_indexes(utf8, overlapping=True)}
    return tuple(p for i, p in enumerate(_RULE_PAIRS) if i in present)


def _blank_lines(text: str, markers: tuple[str, ...], line_re: re.Pattern[str]) -> str:
    """``line_re.sub(_blank, text)`` for a line-anchored ``(?m)`` pattern, run only on the lines
    that hold one of ``markers`` (found with ``str.find``): a multi-line regex scan of a whole
    law costs ~1 ms per 100 KB, these lines are a handful."""
    lines: set[tuple[int, int]] = set()
    for marker in markers:
        i = text.find(marker)
        while i != -1:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            if end == -1:
                end = len(text)
            lines.add((start, end))
            i = text.find(marker, end)
    parts: list[str] = []
    last = 0
    for start, end in sorted(lines):
        line = text[start:end]
        blanked = line_re.sub(_blank, line)
        if blanked != line:
            parts.append(text[last:start])
            parts.append(blanked)
            last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def lower_view(flat: str) -> str:
    """Lower-cased ``flat`` with tabs and no-break spaces as spaces; same length as ``flat``."""
    low = flat.lower()
    if len(low) != len(flat):  # rare characters whose lower case is longer ("İ")
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in flat)
    if "\t" in low:
        low = low.replace("\t", " ")
    if "\xa0" in low:
        low = low.replace("\xa0", " ")
    return low


@dataclass(slots=True)
class Prepared:
    original: str
    text: str
    flat: str
    _starts: list[int] = field(default_factory=list)  # NFC offsets where an NFC segment starts
    _orig_starts: list[int] = field(default_factory=list)  # the matching original offsets
    _lower: str | None = None
    nfc: str | None = None
    """The caller's text in NFC before its noise is blanked (``|`` of tables kept): offset for
    offset the same as ``text``; ``None`` when not kept."""
    cache: dict[str, Any] = field(default_factory=dict)
    """Per-document results finders share (e.g. the gazetteer's compact view, person mentions):
    computed once by whichever finder needs them first."""

    @property
    def lower(self) -> str:
        """:func:`lower_view` of ``flat`` (computed once): for case-insensitive scans."""
        low = self._lower
        if low is None:
            low = self._lower = lower_view(self.flat)
        return low

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


# A base character followed by combining marks: the only places NFC can change in the text we
# read (Vietnamese NFD, and the old tone placement typed as combining marks). Hangul jamo and
# other compositions without combining marks are handled by the slow path below.
_COMPOSABLE = re.compile(r".[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)


# The combining marks of U+0300-036F (all Vietnamese tone and vowel marks) are the only
# characters whose UTF-8 starts with CC or CD: two memchr searches of the caller's bytes. The
# rarer blocks (U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F) start with E1/E2/EF, which Vietnamese
# letters use everywhere, so a multi-byte ``bytes`` search crawls; one character-class scan of
# the string is faster there (measured on the laws corpus: 0.17 s vs 0.66 s for 24 MB).
_RARE_MARKS = re.compile("[\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# ... or, faster still, an automaton over the caller's UTF-8 bytes for the lead bytes of those
# blocks: E1 B7 starts exactly U+1DC0-1DFF; E2 83 starts U+20C0-20FF and EF B8 U+FE00-FE3F, of
# which the third byte tells the marks (90-BF: U+20D0-20FF, A0-AF: U+FE20-FE2F) from the other
# characters (currency signs, variation selectors, vertical forms). Three two-byte keys let the
# automaton skip ahead with its prefilter: 0.009 s for the 24 MB of laws, where a DFA of the 65
# full encodings took 0.05 s (and a character-class scan of the string 0.09-0.13 s).
_RARE_MARK_LEADS = ahocorasick_rs.BytesAhoCorasick([b"\xe1\xb7", b"\xe2\x83", b"\xef\xb8"])
#: per lead (key index), the third bytes that make the character a combining mark
_RARE_MARK_THIRD = (range(0x80, 0xC0), range(0x90, 0xC0), range(0xA0, 0xB0))


def _has_rare_mark(utf8: bytes) -> bool:
    """True when ``utf8`` encodes a character of U+1DC0-1DFF, U+20D0-20FF or U+FE20-FE2F."""
    return any(
        start + 2 < len(utf8) and utf8[start + 2] in _RARE_MARK_THIRD[key]
        for key, start, _end in _RARE_MARK_LEADS.find_matches_as_indexes(utf8)
    )


def _may_compose(text: str, utf8: bytes) -> bool:
    """False when ``text`` (whose UTF-8 is ``utf8``) holds no combining mark at all."""
    if b"\xcc" in utf8 or b"\xcd" in utf8:
        return True
    return _has_rare_mark(utf8)


def _nfc_with_map(text: str, utf8: bytes | None = None) -> tuple[str, list[int], list[int]]:
    """NFC-normalise ``text``, returning anchor lists that map NFC offsets to original ones.

    Anchors are kept at each composed segment (a base character and its combining marks) and
    right after it; between anchors the mapping is 1:1. Unchanged text costs one regex scan
    (``unicodedata.is_normalized`` is 15x slower on long Vietnamese text). NFC singletons without
    combining marks (e.g. U+212B ANGSTROM SIGN) are left as written.
    """
    if text.isascii():
        return text, [], []
    if utf8 is not None and not _may_compose(text, utf8):
        return text, [], []
    out: list[str] = []
    starts: list[int] = [0]
    orig_starts: list[int] = [0]
    pos = 0  # offset in the NFC output
    last = 0  # offset in the original consumed so far
    for m in _COMPOSABLE.finditer(text):
        seg = m.group()
        norm = unicodedata.normalize("NFC", seg)
        if norm == seg:
            continue
        i = m.start()
        out.append(text[last:i])
        pos += i - last
        starts.append(pos)
        orig_starts.append(i)
        out.append(norm)
        pos += len(norm)
        last = m.end()
        starts.append(pos)
        orig_starts.append(last)
    if last == 0:
        return text, [], []
    out.append(text[last:])
    return "".join(out), starts, orig_starts


def prepare(text: str, utf8: bytes | None = None) -> Prepared:
    """The views of ``text``; ``utf8``, when given, must be ``text``'s UTF-8 bytes."""
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    nfc, starts, orig_starts = _nfc_with_map(text, utf8)
    cleaned = blank_noise(nfc, utf8)
    flat = cleaned.replace("\n", " ")
    if "\r" in flat:
        flat = flat.replace("\r", " ")
    prep = Prepared(
        original=text, text=cleaned, flat=flat, _starts=starts, _orig_starts=orig_starts, nfc=nfc
    )
    prep.cache["utf8"] = utf8  # the caller's text as UTF-8 (for its content hash)
    return prep
