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


_MARK_TEXT = (
    _TEXT
    | st.text(
        alphabet=st.characters(min_codepoint=0x1D00, max_codepoint=0x2100) | st.sampled_from("aệ"),
        max_size=40,
    )
    | st.text(alphabet=st.characters(min_codepoint=0xFE00, max_codepoint=0xFE40), max_size=5)
)


@settings(max_examples=400, deadline=None)
@given(text=_MARK_TEXT)
def test_may_compose_byte_scan_equals_the_regex(text: str) -> None:
    """The UTF-8 DFA for the rare combining blocks finds a mark exactly when the regex does."""
    utf8 = text.encode("utf-8", "surrogatepass")
    expected = b"\xcc" in utf8 or b"\xcd" in utf8 or clean._RARE_MARKS.search(text) is not None
    assert clean._may_compose(text, utf8) == expected


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_rule_pairs_present_are_the_pairs_in_the_text(text: str) -> None:
    """Only the pairs the text holds are looked for, and blanking with them alone = the
    multi-line regex."""
    utf8 = text.encode("utf-8", "surrogatepass")
    assert clean._rule_pairs_in(utf8) == tuple(p for p in clean._RULE_PAIRS if p in text)
    assert clean._blank_lines(text, clean._rule_pairs_in(utf8), clean._RULE) == clean._RULE.sub(
        clean._blank, text
    )
