"""``patterns.StarterGated`` finds exactly what the plain regex scan finds, only faster."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import citations, deadlines, patterns

# text built from the pieces these patterns care about, so matches are frequent
_PIECES = [
    "Nghị quyết",
    "nghị quyết",
    "NGHỊ QUYẾT",
    "Thông báo kết luận",
    "Kết luận",
    "Thông tư liên tịch",
    "số",
    "Số:",
    "số hiệu",
    "khoản 2",
    "Điều 8",
    "điểm a, b",
    "của",
    "Phụ lục",
    "căn cứ",
    "Căn cứ vào",
    "thực hiện",
    "triển khai thực hiện",
    "sửa đổi, bổ sung",
    "theo",
    "tại",
    "hết hiệu lực",
    "trước ngày 30/9/2025",
    "Trước ngày 15 tháng 3",
    "trong quý II/2026",
    "6 tháng đầu năm 2026",
    "hằng tháng",
    "trong năm 2025",
    "İ",
    "ǅ",
    "ß",
    "đ",
    "Đ",
    " ",
    "  ",
    ",",
    ";",
    ".",
    "\n",
    "x",
    "7",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=200)

_GATED: list[tuple[str, patterns.StarterGated]] = [
    ("type_before", patterns.TYPE_BEFORE_GATED),
    ("article_before", patterns.ARTICLE_BEFORE_GATED),
    ("relation_before", citations._relation_words()[0]),
    ("deadline", deadlines._DEADLINE_GATED),
]


def _spans(found: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in found]


@pytest.mark.parametrize(("name", "gated"), _GATED, ids=[n for n, _ in _GATED])
@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_same_matches_as_the_plain_scan(name: str, gated: patterns.StarterGated, text: str) -> None:
    plain = gated.pattern
    want = plain.search(text)
    got = gated.search(text)
    assert (got.span() if got else None) == (want.span() if want else None)
    assert _spans(gated.finditer(text)) == _spans(list(plain.finditer(text)))


@pytest.mark.parametrize(
    ("gated", "text", "span"),
    [
        (patterns.TYPE_BEFORE_GATED, "căn cứ Thông báo kết luận số ", (7, 29)),
        (patterns.TYPE_BEFORE_GATED, "theo NGHỊ QUYẾT số ", (5, 19)),
        (patterns.TYPE_BEFORE_GATED, "theo văn kiện ", None),
        (patterns.ARTICLE_BEFORE_GATED, "quy định tại khoản 2 Điều 8 của ", (13, 32)),
        (deadlines._DEADLINE_GATED, "Hoàn thành trước ngày 30/9/2025.", (11, 31)),
    ],
)
def test_table(gated: patterns.StarterGated, text: str, span: tuple[int, int] | None) -> None:
    m = gated.search(text)
    assert (m.span() if m else None) == span


def test_starters_that_extend_another_are_dropped() -> None:
    g = patterns.StarterGated(re.compile("kết luận|kế hoạch", re.IGNORECASE), ["kết", "kế", "Kế"])
    assert g.starters == ("kế",)
    assert [m.group() for m in g.finditer("Kế hoạch và kết luận")] == ["Kế hoạch", "kết luận"]
