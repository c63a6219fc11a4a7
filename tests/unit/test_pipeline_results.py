"""The components' shared :class:`ingest.pipeline.Results` and the rare-mark byte scan."""

from __future__ import annotations

import unicodedata

import pytest

from ingest import clean
from ingest.extract import extract
from ingest.pipeline import Results, get_nlp, results

TEXT = "Số: 01/NQ-CP\nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"


def test_doc_extensions_read_the_results() -> None:
    doc = get_nlp()(TEXT)
    res = results(doc)
    assert doc.text == TEXT
    assert res.prepared is not None and doc._.prepared is res.prepared
    assert res.meta is not None and doc._.meta is res.meta
    assert doc._.meta.symbol == "01/NQ-CP"
    for name in ("citations", "stated_relations", "agencies", "persons", "tasks"):
        assert getattr(doc._, name) is getattr(res, name)
    assert [c.name for c in doc._.citations] == ["Luật Tổ chức Chính phủ"]


def test_extract_equals_the_pipeline_results() -> None:
    doc = get_nlp()(TEXT)
    ex = extract(TEXT)
    assert ex.document.symbol == doc._.meta.symbol
    assert ex.citations == doc._.citations


def test_results_start_empty() -> None:
    doc = get_nlp().make_doc("x")
    assert doc._.meta is None
    assert results(doc) == Results()


@pytest.mark.parametrize(
    "cp",
    [
        0x1DBF,
        0x1DC0,
        0x1DFF,
        0x1E00,
        0x20C0,
        0x20CF,
        0x20D0,
        0x20FF,
        0x2100,
        0xFE0F,  # a variation selector: EF B8 8F, the lead of the U+FE20 marks
        0xFE1F,
        0xFE20,
        0xFE2F,
        0xFE30,
        0x1EC7,  # "ệ": E1 BB 87
    ],
)
def test_rare_mark_scan_at_block_edges(cp: int) -> None:
    ch = chr(cp)
    for text in (ch, f"a{ch}b", f"ệ{ch}", ch * 3):
        utf8 = text.encode("utf-8")
        expected = clean._RARE_MARKS.search(text) is not None
        assert clean._has_rare_mark(utf8) is expected
        assert clean._may_compose(text, utf8) is expected
        if not expected:
            assert unicodedata.normalize("NFC", text) == text
