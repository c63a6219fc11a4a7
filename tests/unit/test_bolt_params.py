"""``ingest.bolt_params.quiet``: parameter maps whose ``repr`` stays small, values unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.bolt_params import QuietDict, QuietList, quiet

ROWS = [{"id": f"doc-{i}", "sentence": "Căn cứ Luật Tổ chức Chính phủ " * 20} for i in range(500)]


@pytest.mark.parametrize(
    ("params", "wrapped"),
    [
        ({"rows": ROWS}, {"rows": QuietList}),
        ({"doc": ROWS[0], "now": "2026-11-23T09:00:00Z"}, {"doc": QuietDict, "now": str}),
        ({"ids": ["a", "b"], "limit": 10, "q": None}, {"ids": QuietList, "limit": int}),
        ({}, {}),
    ],
)
def test_lists_and_maps_are_wrapped_and_equal(
    params: dict[str, Any], wrapped: dict[str, type]
) -> None:
    out = quiet(params)
    assert out == params
    for key, kind in wrapped.items():
        assert type(out[key]) is kind
    for key, value in out.items():  # still what the driver's packer accepts
        if isinstance(params[key], list):
            assert isinstance(value, list)
        elif isinstance(params[key], dict):
            assert isinstance(value, dict)


def test_repr_does_not_grow_with_the_rows() -> None:
    text = repr(quiet({"rows": ROWS, "doc": ROWS[0]}))
    assert len(repr({"rows": ROWS})) > 100_000
    assert len(text) < 100
    assert "<500 items>" in text and "sentence" in text


def test_the_caller_map_is_not_changed() -> None:
    params = {"rows": ROWS}
    quiet(params)
    assert type(params["rows"]) is list
