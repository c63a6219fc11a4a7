"""The API's relation names are the extractor's: the API keeps its own copy so that starting the
service does not import the extraction package (spaCy), and this test keeps the two equal."""

import re

import queries
from app.api_models import DOCUMENT_RELATIONS
from ingest.graph_model import DOCUMENT_RELATIONS as GRAPH_RELATIONS
from ingest.models import RELATIONS


def test_api_graph_and_extractor_share_one_relation_vocabulary() -> None:
    assert DOCUMENT_RELATIONS == RELATIONS == GRAPH_RELATIONS


def test_cited_by_names_every_relation_type_wherever_it_lists_them() -> None:
    """list_cited_by.cypher spells the relation types out in each plan's pattern and in one
    degree-store count per type: every such list must be the whole vocabulary."""
    text = queries.load("list_cited_by")
    lists = re.findall(r":([A-Z_]+(?:\|[A-Z_]+)+)\]", text)
    assert len(lists) == 4  # the in-degree, the hub walk, the top plan, the filtered plan
    assert set(lists) == {"|".join(DOCUMENT_RELATIONS)}
    for rel in DOCUMENT_RELATIONS:
        assert f"WHEN '{rel}' THEN COUNT {{ (d)<-[:{rel}]-() }}" in text
