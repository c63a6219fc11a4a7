"""Extraction of Vietnamese government documents into validated records (no database).

Stages, eyecite-style: ``readers`` (bytes → text) → ``clean`` (normalise, offsets kept) →
finders (``header``, ``citations``, ``gazetteer``, ``entities``, ``tasks``) → ``symbols``
(normalise and resolve symbols into stable keys). ``pipeline`` wires the finders into a blank
spaCy Vietnamese pipeline.
"""

from ingest.errors import IngestError, ReadError
from ingest.extract import extract, extract_file
from ingest.models import Extraction

__all__ = ["Extraction", "IngestError", "ReadError", "extract", "extract_file"]
