"""The API's relation names are the extractor's: the API keeps its own copy so that starting the
service does not import the extraction package (spaCy), and this test keeps the two equal."""

from app.api_models import DOCUMENT_RELATIONS
from ingest.graph_model import DOCUMENT_RELATIONS as GRAPH_RELATIONS
from ingest.models import RELATIONS


def test_api_graph_and_extractor_share_one_relation_vocabulary() -> None:
    assert DOCUMENT_RELATIONS == RELATIONS == GRAPH_RELATIONS
