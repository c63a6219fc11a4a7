"""The fast paths of the extractor give exactly what the slow, obvious forms give.

* ``patterns.finditer_symbols`` (digit runs before separators) = ``SYMBOL.finditer``.
* the normative gate: laws, decrees, circulars yield no tasks; notices, directives, plans do.
* the merged Aho-Corasick scan (``gazetteer.phrase_hits``) = each finder's own automaton, and
  its byte-level ``ahocorasick_rs`` scan (``gazetteer.phrase_scan``) = pyahocorasick's ``iter``.
* the compact view's anchors (built with ``split``) = the regex-built ones.
* ``sentences.sentence_bounds`` (one regex scan) = the ``str.find`` loop it replaced.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import sub
from typing import Any

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import entities, extract, gazetteer, patterns, tasks
from ingest.clean import prepare
from ingest.sentences import _is_boundary, sentence_bounds

# ---------------------------------------------------------------------------------------------
# finditer_symbols vs the full regex scan

_SYMBOL_ALPHABET = "0123456789" + "//--–" + "ĐđDdQHNCPTBgVKLUXabz" + "    "
_SYMBOL_PIECES = st.sampled_from(
    ["/", "-", " ", "–", "QH", "NĐ-CP", "TW", "2014", "19", "20", "Đ", "12", "TT-BTC", "  "]
)
_symbol_text = st.lists(
    st.one_of(st.text(alphabet=_SYMBOL_ALPHABET, max_size=6), _SYMBOL_PIECES), max_size=40
).map("".join)


def _spans(ms: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in ms]


@settings(max_examples=400, deadline=None)
@given(_symbol_text)
def test_finditer_symbols_equals_full_scan(text: str) -> None:
    assert _spans(patterns.finditer_symbols(text)) == _spans(list(patterns.SYMBOL.finditer(text)))


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết số 57-NQ/TW và Luật số 22/2023/QH15, Nghị định 15/2025/NĐ-CP",
        "Công văn 1521/BGDĐT-CTHSSV ngày 1/2/2024; QCVN 06:2022/BXD; 19-2018/NQ-CP",
        "từ 10-20 triệu đồng/ha, 12a/2019/TT-BTC, 57- NQ/TW, 18 /2018/QH14",
    ],
)
def test_finditer_symbols_on_realistic_text(text: str) -> None:
    got = _spans(patterns.finditer_symbols(text))
    assert got == _spans(list(patterns.SYMBOL.finditer(text)))
    assert got  # these texts do hold symbols


# ---------------------------------------------------------------------------------------------
# Normative texts yield no tasks

_BODY = (
    "\nGiao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp xây dựng đề án sắp xếp bộ máy, "
    "hoàn thành trước ngày 30 tháng 6 năm 2025.\n"
)


@pytest.mark.parametrize(
    ("doc_type", "symbol", "normative"),
    [
        ("Luật", "59/2020/QH14", True),
        ("Bộ luật", "45/2019/QH14", True),
        ("Nghị định", "15/2025/NĐ-CP", True),
        ("Thông tư", "02/2025/TT-BTC", True),
        ("Thông tư liên tịch", "05/2016/TTLT-BTC-BTP", True),
        ("Văn bản hợp nhất", "12/VBHN-BTC", True),
        ("Pháp lệnh", "02/2022/UBTVQH15", True),
        # by symbol alone: the header's type was not read
        (None, "59/2020/QH14", True),
        (None, "15/2025/NĐ-CP", True),
        ("Quyết định", "02/2025/TT-BTC", True),
        (None, "12/VBHN-BTC", True),
        # directive texts assign tasks
        ("Thông báo", "45/TB-VPCP", False),
        ("Chỉ thị", "12/CT-TTg", False),
        ("Kế hoạch", "90/KH-UBND", False),
        ("Công điện", "30/CĐ-TTg", False),
        ("Kết luận", "126-KL/TW", False),
        ("Công văn", "1521/BGDĐT-CTHSSV", False),
        (None, None, False),
    ],
)
def test_is_normative_by_type_and_symbol(
    doc_type: str | None, symbol: str | None, normative: bool
) -> None:
    assert tasks.is_normative(_BODY, doc_type, symbol) is normative


def test_is_normative_by_articles_when_untyped() -> None:
    articles = "".join(f"\nĐiều {i}. Phạm vi điều chỉnh\nNội dung điều {i}.\n" for i in (1, 2, 3))
    assert tasks.is_normative(articles, None, None)
    assert tasks.is_normative(articles, "Công văn", None)
    assert not tasks.is_normative(articles, "Thông báo", None)  # a notice quoting articles
    assert not tasks.is_normative(articles[:80], None, None)  # one article is not a code


def _document(type_line: str, symbol: str, agency: str) -> str:
    return (
        f"{agency}\n\nSố: {symbol}\n\nHà Nội, ngày 12 tháng 3 năm 2025\n\n{type_line}\n"
        f"Về việc triển khai nhiệm vụ năm 2025\n{_BODY}\n"
        "2. Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương:\n"
        "a) Rà soát, báo cáo kết quả thực hiện trước ngày 15 tháng 7 năm 2025.\n\n"
        "Nơi nhận:\n- Như trên;\n"
    )


@pytest.mark.parametrize(
    ("type_line", "symbol", "agency", "has_tasks"),
    [
        ("THÔNG BÁO", "45/TB-VPCP", "VĂN PHÒNG CHÍNH PHỦ", True),
        ("CHỈ THỊ", "12/CT-TTg", "THỦ TƯỚNG CHÍNH PHỦ", True),
        ("KẾ HOẠCH", "90/KH-UBND", "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", True),
        ("NGHỊ ĐỊNH", "15/2025/NĐ-CP", "CHÍNH PHỦ", False),
        ("THÔNG TƯ", "02/2025/TT-BTC", "BỘ TÀI CHÍNH", False),
        ("LUẬT", "59/2020/QH14", "QUỐC HỘI", False),
    ],
)
def test_pipeline_gate(type_line: str, symbol: str, agency: str, has_tasks: bool) -> None:
    out = extract(_document(type_line, symbol, agency))
    assert bool(out.tasks) is has_tasks, out.tasks
    if has_tasks:
        assert any(t.lead == ["Bộ Tài chính"] for t in out.tasks)


# ---------------------------------------------------------------------------------------------
# The merged phrase scan

_PHRASE_TEXTS = [
    "Thủ tướng Chính phủ giao Bộ Tài chính chủ trì, phối hợp với Bộ  Công an và Ủy ban nhân dân "
    "tỉnh Ninh Bình. Ông Nguyễn Văn An, Phó Chủ tịch\n   Ủy ban nhân dân tỉnh, bà Trần Thị Bình.",
    "Đề án 06 và Cơ sở dữ liệu quốc gia về   dân cư; đồng chí Lê Minh Hưng, Bộ trưởng Bộ Nội vụ",
    "ông Phạm Văn C (Giám đốc Sở Tư pháp) và Chủ tịch  Quốc hội",
    # an astral character: the UTF-8 scan with offsets decoded back
    "😀 Thủ tướng Chính phủ giao Bộ Tài chính, ông Nguyễn Văn An, Phó Chủ tịch tỉnh 😀 Đề án 06",
]


@pytest.mark.parametrize("text", _PHRASE_TEXTS)
def test_phrase_hits_equal_each_automaton(text: str) -> None:
    prep = prepare(text)
    comp = gazetteer.compact_view(prep).text
    agency, person, programme, _literal = gazetteer.phrase_hits(prep)
    assert agency == list(gazetteer._load().automaton.iter(comp))
    assert person == list(entities._anchors().iter(comp))
    assert programme == list(entities._programme_automaton().iter(comp))
    assert agency and person


@lru_cache(maxsize=1)
def _reference_phrase_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for key, values in gazetteer._phrase_table().items():
        auto.add_word(key, values)
    auto.make_automaton()
    return auto


_PHRASE_KEYS = sorted(gazetteer._phrase_table())
_phrase_text = st.lists(
    st.one_of(
        st.sampled_from(_PHRASE_KEYS),
        st.sampled_from(_PHRASE_KEYS).map(lambda k: k[: len(k) // 2]),
        st.text(alphabet="abc đêôơưăâ ủyệá,.\n-/ỹ\u0301😀\ud800", max_size=8),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_phrase_text)
def test_phrase_scan_equals_pyahocorasick(text: str) -> None:
    """The UTF-8 byte scan with offsets decoded back = pyahocorasick's ``iter`` on the ``str``
    (same ends, same values, same order: by end, longest first), ASCII or not."""
    assert gazetteer.phrase_scan(text) == list(_reference_phrase_automaton().iter(text))


@pytest.mark.parametrize("text", [*_PHRASE_TEXTS, "bo tai chinh", "", "ủy ban"])
def test_phrase_scan_examples(text: str) -> None:
    low = prepare(text).lower
    assert gazetteer.phrase_scan(low) == list(_reference_phrase_automaton().iter(low))


_LITERAL_TEXT = st.lists(
    st.one_of(
        st.sampled_from(gazetteer.LITERALS),
        st.sampled_from(gazetteer.LITERALS).map(str.upper),
        st.sampled_from(gazetteer.LITERALS).map(lambda w: w.replace(" ", "  ")),
        st.sampled_from(["Bộ ", "bộ  ", " ", "  ", "\n", "\t", "\xa0", "*", "|", "Luậ", "x", "İ"]),
        st.text(alphabet="lLuật họpHộinghị \n", max_size=6),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_LITERAL_TEXT)
def test_literal_starts_equal_the_find_loops(text: str) -> None:
    """The literal words taken from the shared phrase scan = one ``str.find`` loop per word."""
    prep = prepare(text)
    for needles in (
        ("Luật", "Bộ luật", "Bộ Luật", "Hiến pháp", "Pháp lệnh", "Điều lệ"),
        ("Đề án", "Chương trình", "Kế hoạch"),
        ("họp", "làm việc", "Hội nghị"),
    ):
        assert gazetteer.literal_starts(prep, needles) == gazetteer.find_all(prep.flat, needles)


_LIST_HEAD_TEXT = st.lists(
    st.one_of(
        st.sampled_from(gazetteer.LIST_HEAD_WORDS),
        st.sampled_from(gazetteer.LIST_HEAD_WORDS).map(str.upper),
        st.sampled_from(gazetteer.LIST_HEAD_WORDS).map(lambda w: w.replace(" ", "  \n")),
        st.sampled_from(
            [
                ": ",
                ", ",
                " và ",
                "Tài chính",
                "Tư pháp",
                "Nghệ An",
                "thành phố Huế",
                "UBND ",
                "Hội đồng nhân dân ",
                "Giám đốc ",
                "Xây dựng",
                "các",
                "bộc",
                "\n",
                "*",
                "𝕏",
            ]
        ),
    ),
    max_size=24,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_LIST_HEAD_TEXT)
def test_list_heads_from_the_shared_scan_equal_the_find_loops(text: str) -> None:
    """Collective heads found at the shared scan's positions = at ``str.find``'s (an astral
    character sends the scan down its UTF-8 path)."""
    prep = prepare(text)
    comp = gazetteer.compact_view(prep).text

    def heads(starts: dict[str, list[int]] | None) -> list[tuple[Any, ...]]:
        return [
            (h, m, id(auto), org.span() if org else None, prov)
            for h, m, auto, org, prov in gazetteer._list_heads(comp, starts)
        ]

    assert heads(gazetteer.list_head_starts(prep)) == heads(None)


@pytest.mark.parametrize("text", _PHRASE_TEXTS)
def test_person_anchors_match_the_lower_view(text: str) -> None:
    """Anchors mapped back from the compact view are the hits of a scan of ``prep.lower``
    (a title wrapped across collapsed spaces is not one), so persons are unchanged."""
    prep = prepare(text)
    low = prep.lower
    direct = {(e - length + 1, e) for e, (length, _) in entities._anchors().iter(low)}
    compact = gazetteer.compact_view(prep)
    mapped = set()
    for e, (length, _) in gazetteer.phrase_hits(prep)[gazetteer.PHRASE_PERSON]:
        s, ee = compact.to_orig(e - length + 1), compact.to_orig(e)
        if ee - s == length - 1:
            mapped.add((s, ee))
    assert mapped == direct


# ---------------------------------------------------------------------------------------------
# The compact view


def _compact_reference(folded: str) -> tuple[str, list[int], list[int]]:
    spans = [m.span() for m in re.finditer(" {2,}", folded)]
    if not spans:
        return folded, [], []
    starts = [a + 1 for a, _ in spans]
    ends = [b for _, b in spans]
    removed = accumulate(map(sub, ends, starts))
    return re.sub(" {2,}", " ", folded), [0, *map(sub, ends, removed)], [0, *ends]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ", max_size=40))
def test_compact_view_matches_reference(folded: str) -> None:
    c = gazetteer._Compact(folded)
    text, comp_starts, orig_starts = _compact_reference(folded)
    assert c.text == text
    if "  " in folded:
        assert (c.comp_starts, c.orig_starts) == (comp_starts, orig_starts)
        for i in range(len(text)):
            j = bisect_right(comp_starts, i) - 1
            assert c.to_orig(i) == orig_starts[j] + (i - comp_starts[j])
            assert folded[c.to_orig(i)] == text[i]


# ---------------------------------------------------------------------------------------------
# Sentence bounds


def _bounds_reference(text: str, start: int, end: int, cap: int = 300) -> tuple[int, int]:
    lo = max(0, start - cap)
    s = lo
    pos = start
    while pos > lo:
        i = max(text.rfind(c, lo, pos) for c in ".;\n")
        if i < 0:
            break
        b = _is_boundary(text, i)
        if b != -1 and b <= start:
            s = b
            break
        pos = i
    hi = min(len(text), end + cap)
    e = hi
    pos = end
    while pos < hi:
        cands = [j for j in (text.find(c, pos, hi) for c in ".;\n") if j != -1]
        if not cands:
            break
        i = min(cands)
        if _is_boundary(text, i) != -1:
            e = i + 1 if text[i] in ".;" else i
            break
        pos = i + 1
    return s, e


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab A1.;:\n-)", min_size=1, max_size=80),
    st.integers(0, 80),
    st.integers(0, 10),
    st.integers(1, 40),
)
def test_sentence_bounds_match_reference(text: str, a: int, width: int, cap: int) -> None:
    start = min(a, len(text))
    end = min(len(text), start + width)
    prep = prepare(text)
    assert sentence_bounds(prep, start, end, cap=cap) == _bounds_reference(
        prep.text, start, end, cap
    )


def test_sentence_bounds_realistic() -> None:
    text = (
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
        "Căn cứ Nghị định số 15/2025/NĐ-CP. Theo đề nghị của Bộ trưởng Bộ Nội vụ.\n"
    )
    prep = prepare(text)
    i = text.index("15/2025")
    s, e = sentence_bounds(prep, i, i + 13)
    assert text[s:e] == "Căn cứ Nghị định số 15/2025/NĐ-CP."


# ---------------------------------------------------------------------------------------------
# Item markers


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("II. Nhiệm vụ", "roman"),
        ("Điều 3. Tổ chức thực hiện", "dieu"),
        ("1. Bộ Tài chính:", "num1"),
        ("1.2. Bộ Tư pháp", "num2"),
        ("a) Bộ Công an", "let"),
        ("(1) Rà soát", "pnum"),
        ("(a) Rà soát", "plet"),
        ("1) Rà soát", "nump"),
        ("- Rà soát", "dash"),
        ("+ Rà soát", "plus"),
    ],
)
def test_block_marker_kinds(line: str, kind: str) -> None:
    blocks = tasks._blocks(line + "\n", 0, len(line) + 1)
    assert [b.kind for b in blocks] == [kind]


# ---------------------------------------------------------------------------------------------
# header._lines (one split) vs the regex line scan it replaced

_LINE_PIECES = st.sampled_from(
    ["\n", "\n\n", " ", "  ", "\t", "\r", "\x0b", "\x1c", "\u2028", "\xa0", "a", "Số: 1", "KT. "]
)
_line_text = st.lists(
    st.one_of(_LINE_PIECES, st.text(alphabet="ab \n\t\r\x0c\u3000", max_size=5)), max_size=40
).map("".join)


# a non-blank line: leading blanks skipped by the regex engine
_NONBLANK_LINE = re.compile(r"[^\S\n]*(\S[^\n]*)")


def _lines_by_regex(
    text: str, start: int = 0, end: int | None = None, max_nonempty: int | None = None
) -> list[Any]:
    """The regex form of ``header._lines`` it replaced (the reference the fast form must equal)."""
    from ingest.header import _Line

    out: list[Any] = []
    end = len(text) if end is None else min(end, len(text))
    left = max_nonempty if max_nonempty is not None else -1
    prev_end = start
    first = True
    for m in _NONBLANK_LINE.finditer(text, start, end):
        s0 = m.start(1)
        gap = text.count("\n", prev_end, s0)
        if gap >= 2 or (first and gap >= 1):
            out.append(_Line(prev_end, prev_end, ""))
        first = False
        t = m.group(1).rstrip()
        if "  " in t or "\t" in t:
            t = " ".join(t.split())
        prev_end = m.end()
        out.append(_Line(s0, prev_end, t))
        left -= 1
        if left == 0:
            break
    return out


@settings(max_examples=400, deadline=None)
@given(
    _line_text,
    st.integers(min_value=0, max_value=30),
    st.none() | st.integers(min_value=0, max_value=80),
    st.none() | st.integers(min_value=1, max_value=6),
)
def test_header_lines_equal_the_regex_scan(
    text: str, start: int, end: int | None, max_nonempty: int | None
) -> None:
    from ingest.header import _lines

    start = min(start, len(text))
    assert _lines(text, start, end, max_nonempty) == _lines_by_regex(text, start, end, max_nonempty)


# ---------------------------------------------------------------------------------------------
# citations._known_name_at: a short prefix rules out unknown beginnings


def _known_name_at_reference(flat: str, pos: int) -> tuple[str, int] | None:
    from ingest.citations import _known_names

    probe = flat[pos : pos + 160].casefold()
    words = probe.split(" ", 2)
    if len(words) < 2:
        return None
    for cf, name in _known_names().get(" ".join(words[:2]), ()):
        if probe.startswith(cf) and (len(probe) == len(cf) or not probe[len(cf)].isalnum()):
            return name, pos + len(cf)
    return None


_LAW_WORDS = st.sampled_from(
    ["Luật", "LUẬT", "luật", "Đất", "đai", "Bộ", "luật", "Dân", "sự", "Hình", "ﬁ", "ß", "İ"]
)
_law_text = st.lists(
    st.one_of(_LAW_WORDS, st.sampled_from([" ", "  ", ",", "\n"]), st.text(max_size=4)),
    max_size=25,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_law_text, st.integers(min_value=0, max_value=10))
def test_known_name_at_equals_the_full_probe(text: str, pos: int) -> None:
    from ingest.citations import _known_name_at

    assert _known_name_at(text, pos) == _known_name_at_reference(text, pos)


@pytest.mark.parametrize("text", ["Luật Đất đai năm 2013", "LUẬT ĐẤT ĐAI", "Bộ luật Dân sự 2015"])
def test_known_name_at_examples(text: str) -> None:
    from ingest.citations import _known_name_at

    assert _known_name_at(text, 0) == _known_name_at_reference(text, 0)


# ---------------------------------------------------------------------------------------------
# tasks: literal gates before the cue regexes


def _phrases(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts made of up to ``max_size`` of ``pieces`` (phrases, fragments, spaces), joined."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


_CUE_TEXT = _phrases(
    [
        "chủ trì",
        "chủ",
        "trì",
        "làm đầu mối",
        "là cơ quan chủ trì",
        "Giao",
        "giao",
        "Đề nghị",
        "đề  nghị",
        "Yêu cầu",
        "yêu\ncầu",
        "phối hợp",
        "phối hợp chặt chẽ với",
        "ề",
        " ",
        "x",
        "Bộ Y tế",
        "ả",
    ],
    20,
)


@settings(max_examples=400, deadline=None)
@given(_CUE_TEXT, st.integers(min_value=0, max_value=30))
def test_task_cue_gates_equal_the_regexes(text: str, pos: int) -> None:
    def span(m: re.Match[str] | None) -> tuple[int, int] | None:
        return m.span() if m else None

    assert span(tasks._chu_tri(text)) == span(tasks._CHU_TRI.search(text))
    assert span(tasks._trigger(text)) == span(tasks._TRIGGER.search(text))
    assert span(tasks._phoi_hop(text, pos)) == span(tasks._PHOI_HOP.search(text, pos))


# ---------------------------------------------------------------------------------------------
# entities._meeting_at: match at the first letters = the windowed search it replaced

_MEETING_TEXT = _phrases(
    [
        "Phiên họp thứ 5",
        "phiên họp",
        "Kỳ họp thứ mười",
        "cuộc họp với",
        "Cuộc họp về",
        "buổi làm việc với",
        "Buổi làm việc",
        "Hội nghị toàn quốc",
        "Hội nghị này",
        "họp",
        "làm việc",
        " ",
        "  ",
        "x",
        "Bộ",
        "PKCBH",
        "\n",
        "đã",
    ],
    25,
)


@settings(max_examples=400, deadline=None)
@given(_MEETING_TEXT, st.integers(min_value=0, max_value=400))
def test_meeting_at_equals_the_window_search(text: str, pos: int) -> None:
    if not text:
        return
    pos = min(pos, len(text) - 1)
    m = entities._MEETING.search(text, max(0, pos - 12), min(len(text), pos + 200))
    expected = m.span() if m is not None and m.start() <= pos else None
    got = entities._meeting_at(text, pos)
    assert (got.span() if got else None) == expected


# ---------------------------------------------------------------------------------------------
# citations._read_tail reads ``flat`` up to an end offset instead of copying ``flat[:limit]``

_TAIL_TEXT = st.lists(
    st.sampled_from(
        [
            "Nghị định số 15/2020/NĐ-CP",
            " ngày 3 tháng 2 năm 2020",
            " ngày 03/02/2020",
            " năm 2018",
            " của Chính phủ",
            " của Thủ tướng Chính phủ ban hành",
            " ban hành",
            " Luật Đất đai",
            " về quản lý",
            ", ",
            " ",
            "x",
            "\n",
            "của",
            " quy định",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TAIL_TEXT, st.integers(0, 60), st.integers(0, 400))
def test_read_tail_with_end_offset_equals_reading_a_copy(text: str, start: int, stop: int) -> None:
    from ingest import citations

    start = min(start, len(text))
    c1 = citations._Cand(start=start, end=start)
    c2 = citations._Cand(start=start, end=start)
    stop = max(stop, start)
    citations._read_tail(text, c1, stop)
    # the old form: every reader given the copy ``text[:limit]``
    citations._read_tail(text[: min(stop, start + citations._AFTER)], c2, stop)
    assert c1 == c2
    for p in range(0, len(text) + 1, 7):
        assert citations._read_issuer(text, p, stop) == citations._read_issuer(text[:stop], p)
        assert citations._known_name_at(text, p, stop) == citations._known_name_at(text[:stop], p)
