"""The Cypher catalog: one statement per ``queries/<verb>_<noun>.cypher`` file, loaded by name.

Values reach Cypher only as ``$parameters``; nothing here formats strings into a query.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import LiteralString, cast

QUERY_DIR = Path(__file__).resolve().parent
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class UnknownQuery(KeyError):
    pass


@cache
def load(name: str) -> LiteralString:
    """The text of ``queries/<name>.cypher`` (cached for the life of the process).

    Typed ``LiteralString``: the files are part of the code base, never built from input, which
    is what the driver's typing asks of a query.
    """
    if not _NAME.match(name):
        raise UnknownQuery(name)
    path = QUERY_DIR / f"{name}.cypher"
    if not path.is_file():
        raise UnknownQuery(name)
    text = path.read_text(encoding="utf-8").strip()
    return cast(LiteralString, text.rstrip(";").strip())


def names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.cypher"))
