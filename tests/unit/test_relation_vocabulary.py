"""Queries that spell the relation types out (Cypher has no parameter for a relationship type
list) name the whole vocabulary of ``graph_schema.relations``."""

import re

import queries
from graph_schema.relations import DOCUMENT_RELATIONS


def test_cited_by_names_every_relation_type_wherever_it_lists_them() -> None:
    """list_cited_by.cypher spells the relation types out in each plan's pattern and in one
    degree-store count per type: every such list must be the whole vocabulary."""
    text = queries.load("list_cited_by")
    lists = re.findall(r":([A-Z_]+(?:\|[A-Z_]+)+)\]", text)
    # the in-degree, the hub walk, the top plan (by date, then its tie fallback), the filtered plan
    assert len(lists) == 5
    assert set(lists) == {"|".join(DOCUMENT_RELATIONS)}
    for rel in DOCUMENT_RELATIONS:
        assert f"WHEN '{rel}' THEN COUNT {{ (d)<-[:{rel}]-() }}" in text
