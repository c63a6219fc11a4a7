from __future__ import annotations

import pytest

import queries


def test_every_query_file_loads_one_statement() -> None:
    assert queries.names(), "the catalog is empty"
    for name in queries.names():
        text = queries.load(name)
        assert text and not text.rstrip().endswith(";")
        body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
        assert ";" not in body, f"{name}: one statement per file"


@pytest.mark.parametrize("name", ["../settings", "ping; DROP", "PING", "", "nope_missing"])
def test_unknown_or_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(queries.UnknownQuery):
        queries.load(name)


def test_load_is_cached() -> None:
    assert queries.load("ping") is queries.load("ping")
