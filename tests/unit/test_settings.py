from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.settings import Settings


def test_prefix_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_NEO4J_BOLT_PORT", "17001")
    monkeypatch.setenv("VANBAN_NEO4J_DATABASE", "vanban")
    monkeypatch.delenv("VANBAN_NEO4J_URI", raising=False)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.bolt_uri == "bolt://127.0.0.1:17001"
    assert s.neo4j_database == "vanban"
    assert s.external is False
    assert "127.0.0.1:17001" in s.browser_url


def test_uri_means_external(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_NEO4J_URI", "neo4j://db.example:7687")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.external and s.bolt_uri == "neo4j://db.example:7687"


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("VANBAN_NEO4J_PASSWORD", "short"),
        ("VANBAN_NEO4J_BOLT_PORT", "70000"),
        ("VANBAN_NEO4J_HEAP", "lots"),
        ("VANBAN_NEO4J_INSTANCE", "../../etc"),
    ],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
