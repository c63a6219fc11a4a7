"""The document-to-document relation types of the graph (``graph_schema/README.md``): one list
for the extractor's payloads, the loader and the API. It lives here, not in ``ingest``, because
importing ``ingest`` loads spaCy, which the API does not need at start."""

from __future__ import annotations

from typing import Literal

Relation = Literal[
    "CITES",
    "IMPLEMENTS",
    "BASED_ON",
    "AMENDS",
    "REPLACES",
    "REPEALS",
    "GUIDES",
    "DETAILS",
    "SUSPENDS",
    "CORRECTS",
    "CONSOLIDATES",
]
DOCUMENT_RELATIONS: tuple[str, ...] = Relation.__args__  # type: ignore[attr-defined]
