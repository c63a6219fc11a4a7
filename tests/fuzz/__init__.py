"""Fuzzing of ``ingest.extract`` and ``ingest.readers.decode_bytes``: the harness (what an input
must satisfy), the input generators, and the committed regression corpus (``corpus/``)."""
