"""The fast paths of ``ingest.clean`` give what the plain regex / NFC would give."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import clean

_PIECES = [
    "a",
    "Ạ",
    " ",
    "\t",
    "\n",
    "\r",
    "#",
    "##",
    "---",
    "===",
    "___",
    "-",
    "=",
    "_",
    "ệ",
    "\u0301",
    "\u0323",
    "\u1dc4",
    "\u20d0",
    "\ufe20",
    "e",
    "o\u0302",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join) | st.text(max_size=120)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_line_blanking_equals_the_multiline_regex(text: str) -> None:
    assert clean._blank_lines(text, ("#",), clean._HEADING) == clean._HEADING.sub(
        clean._blank, text
    )
    assert clean._blank_lines(text, clean._RULE_PAIRS, clean._RULE) == clean._RULE.sub(
        clean._blank, text
    )


_LATIN_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_LATIN_TEXT)
def test_no_combining_mark_means_already_nfc(text: str) -> None:
    """Latin/Vietnamese text (the scripts the corpus is written in) without a mark of the four
    combining blocks is already NFC, so ``prepare`` may skip normalising it."""
    utf8 = text.encode("utf-8")
    if not clean._may_compose(text, utf8):
        assert unicodedata.normalize("NFC", text) == text
    else:
        assert any(0x300 <= ord(c) <= 0x36F or unicodedata.combining(c) for c in text)


def test_markdown_rules_and_headings_are_blanked_in_place() -> None:
    text = "## Điều 1\nNội dung\n-----\n  ===  \nx---y\n"
    out = clean.blank_noise(text)
    assert len(out) == len(text)
    assert out.splitlines() == ["   Điều 1", "Nội dung", "     ", "       ", "x---y"]
