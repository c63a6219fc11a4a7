"""Property tests: extraction never raises, and citation spans point at the cited number."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingest

# Building blocks of realistic citations, mixed with arbitrary text (incl. NFD, control chars).
_TYPES = ["Nghị quyết", "Quyết định", "Chỉ thị", "Thông tư", "Nghị định", "Luật", "Công văn", ""]
_SYMS = [
    "18-NQ/TW",
    "57- NQ/TW",
    "80/2015/QH13",
    "73/2006/QH 11",
    "108/2014/ND-CP",
    "01/NQ-CP",
    "1579/QĐ-TTg",
    "1521/BGDĐT-CTHSSV",
    "03/VBHN-VPQH",
    "19-2018/NQ-CP",
    "102-SL/L-004",
    "12/2011/NĐ-\nCP",
    "**15/2024/QĐ-UBND**",
]
_TAILS = [
    "",
    " ngày 30/01/2011",
    " ngày 5 tháng 5 năm 2023",
    " năm 2018",
    " của Chính phủ",
    " về tổ chức bộ máy",
    ", có hiệu lực thi hành kể từ ngày 01/01/2021",
    ";",
    ".\n",
]

_citation = st.builds(
    lambda lead, t, so, sym, tail: f"{lead}{t}{' số ' if so else ' '}{sym}{tail}",
    st.sampled_from(["Căn cứ ", "Thực hiện ", "thay thế ", "sửa đổi, bổ sung ", "theo ", ""]),
    st.sampled_from(_TYPES),
    st.booleans(),
    st.sampled_from(_SYMS),
    st.sampled_from(_TAILS),
)
_noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
_doc = st.lists(st.one_of(_citation, _noise), max_size=8).map(" ".join)


def _maybe_nfd(text: str, nfd: bool) -> str:
    return unicodedata.normalize("NFD", text) if nfd else text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc, st.booleans())
def test_extract_never_raises_and_spans_hold_the_number(text: str, nfd: bool) -> None:
    text = _maybe_nfd(text, nfd)
    result = ingest.extract(text)
    n = len(text)
    for c in result.citations:
        start, end = c.span
        assert 0 <= start < end <= n
        covered = text[start:end]
        if c.symbol:
            number = re.match(r"\d+", c.symbol)
            assert number is not None
            assert number.group(0) in covered, (c.symbol, covered)
        elif c.name:
            # the name as written (any case, any Unicode form) starts the span
            first = unicodedata.normalize("NFC", covered).split()[0].casefold()
            assert first == c.name.split()[0].casefold()


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_extract_never_raises_on_arbitrary_text(text: str) -> None:
    ingest.extract(text)
    ingest.extract(unicodedata.normalize("NFD", text))


@settings(max_examples=30, deadline=None)
@given(
    st.text(
        alphabet="\x00\x01\x07\x0b\x0c\x1b\x7f\u200b\ufeff\u00ad\r\n\t /-0123456789NQĐCP",
        max_size=200,
    )
)
def test_extract_survives_control_characters(text: str) -> None:
    ingest.extract(text)
