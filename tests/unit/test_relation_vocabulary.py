"""The API's relation names are the extractor's: the API keeps its own copy so that starting the
service does not import the extraction package (spaCy), and this test keeps the two equal."""

import queries
from app.api_models import DOCUMENT_RELATIONS
from ingest.graph_model import DOCUMENT_RELATIONS as GRAPH_RELATIONS
from ingest.models import RELATIONS


def test_api_graph_and_extractor_share_one_relation_vocabulary() -> None:
    assert DOCUMENT_RELATIONS == RELATIONS == GRAPH_RELATIONS


def test_cited_by_counts_every_relation_type_from_the_degree_store() -> None:
    """list_cited_by.cypher spells each relation type out twice (the pattern of every plan and
    one degree-store count per type for the hub plan): both must cover the whole vocabulary."""
    text = queries.load("list_cited_by")
    pattern = "|".join(DOCUMENT_RELATIONS)
    assert text.count(f":{pattern}]") == 3  # the degree, the hub walk, the generic plan
    for rel in DOCUMENT_RELATIONS:
        assert f"WHEN '{rel}' THEN COUNT {{ (d)<-[:{rel}]-() }}" in text
