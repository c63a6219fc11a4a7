"""``vanban browse``: a Browser URL whose Cypher holds only validated symbol keys."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from app.browse_cli import UnsafeSymbol, browse_url, chain_cypher
from app.cli import app
from app.settings import Settings


def test_url_opens_the_chain_query_in_the_editor() -> None:
    settings = Settings(_env_file=None, neo4j_http_port=7999)  # type: ignore[call-arg]
    url = browse_url(settings, "nq 18-nq/tw", year=2022, direction="in", depth=2)
    parts = urlsplit(url)
    assert parts.netloc == "127.0.0.1:7999" and parts.path == "/browser/"
    query = parse_qs(parts.query)
    assert query["cmd"] == ["edit"]
    cypher = query["arg"][0]
    assert "d.symbol_key IN ['18-NQ/TW'" in cypher and "d.year = 2022" in cypher
    assert "*1..2]-(:Document)" in cypher and "<-[:CITES|IMPLEMENTS" in cypher


@pytest.mark.parametrize("hostile", ["' OR 1=1 //", "x\\'y", "}) RETURN 1 //", ""])
def test_anything_but_a_symbol_is_refused(hostile: str) -> None:
    with pytest.raises(UnsafeSymbol):
        chain_cypher(hostile)


def test_only_the_normalised_symbol_reaches_the_query() -> None:
    cypher = chain_cypher("18-NQ/TW'] MATCH (n) DETACH DELETE n //")
    assert "DELETE" not in cypher and cypher.count("'") == 8  # four quoted keys, nothing else


def test_cli_prints_url_or_fails_cleanly() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["browse", "108/2014/NĐ-CP", "--direction", "out"])
    assert ok.exit_code == 0 and "cmd=edit&arg=" in ok.output and "108%2F2014%2FND-CP" in ok.output
    bad = runner.invoke(app, ["browse", "' OR 1=1 //"])
    assert bad.exit_code == 1
