"""What people type for a symbol maps to the key the loader stores (ingest.graph_model)."""

from __future__ import annotations

import pytest

from app.fulltext import escape, lucene_query
from app.symbol_lookup import SAFE_KEY, lookup_keys, normalized_symbol, symbol_key
from ingest import graph_model


@pytest.mark.parametrize(
    "typed",
    [
        "18-NQ/TW",
        "18 NQ/TW",
        "nq 18-nq/tw",
        "18-nq/tw",
        " 18 - NQ / TW ",
        "Số: 18-NQ/TW",
        "18-NQ/TW\x00",
    ],
)
def test_party_symbol_forms_share_one_key(typed: str) -> None:
    exact, variants = lookup_keys(typed)
    assert exact == "18-NQ/TW"
    assert "18/NQ-TW" in variants


def test_swapped_separators_fall_back_to_the_party_key() -> None:
    exact, variants = lookup_keys("18/NQ-TW")
    assert exact == "18/NQ-TW" and "18-NQ/TW" in variants


@pytest.mark.parametrize(
    "symbol",
    [
        "108/2014/NĐ-CP",
        "18-NQ/TW",
        "01/NQ-CP",
        "1521/BGDĐT-CTHSSV",
        "40/2026/QĐ-UBND",
        "80/2015/QH13",
        "Khongso",
    ],
)
def test_key_matches_the_loader(symbol: str) -> None:
    assert symbol_key(normalized_symbol(symbol) or symbol) == graph_model.symbol_key(symbol)


def test_d_and_dj_are_one_key() -> None:
    assert lookup_keys("108/2014/nd-cp")[0] == lookup_keys("108/2014/NĐ-CP")[0] == "108/2014/ND-CP"
    assert SAFE_KEY.match("108/2014/ND-CP") and not SAFE_KEY.match("' OR 1=1")


@pytest.mark.parametrize("hostile", ["*:*", "[", '"', "AND OR", "title:x~2", "a\\b", "(x) || y!"])
def test_lucene_query_never_carries_syntax(hostile: str) -> None:
    q = lucene_query(hostile)
    if q is not None:
        body = q.replace('"^2', "").replace(' "', " ")
        assert not any(ch in body for ch in ":*[]()~!|\\") and "AND" not in q and "OR" not in q


def test_lucene_query_requires_every_word_and_boosts_the_phrase() -> None:
    assert lucene_query("Đề án 06") == '+đề +án +06 "đề án 06"^2'
    assert lucene_query("   ") is None
    assert escape('a:b"c') == 'a\\:b\\"c'
