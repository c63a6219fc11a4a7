"""Query parameters that are cheap for the Neo4j driver to log.

The official driver (5.28 and 6.x alike, ``_bolt5.run``) builds its ``C: RUN`` debug line with
``" ".join(map(repr, (query, parameters, extra)))`` *before* calling ``log.debug``, so the
``repr`` of every parameter is computed on every statement whether debug logging is on or not.
For the loader's batch statements (thousands of rows with evidence sentences and body text
per statement) that is megabytes of string building per statement: ~2 ms each, about a fifth
of the ingest process's CPU (cProfile of a 20k-document write: 4.4 s of ``str.join`` in
``_bolt5.run``).

:func:`quiet` wraps the top-level list and dict values of a parameter map in subclasses whose
``repr`` is a short summary. They are still a ``list`` and a ``dict``, so the driver packs them
exactly as before (Packstream checks ``isinstance``); only the debug line says
``<5012 items>`` instead of the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class QuietList(list[Any]):
    """A ``list`` whose ``repr`` is its length."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


class QuietDict(dict[str, Any]):
    """A ``dict`` whose ``repr`` is its keys."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<map {sorted(self)}>"


def quiet(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` with its list and dict values wrapped (no copy of their contents)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if type(value) is list:
            value = QuietList(value)
        elif type(value) is dict:
            value = QuietDict(value)
        out[key] = value
    return out
