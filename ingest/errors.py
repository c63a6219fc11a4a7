"""Errors raised by the ingest package. Each names the file and the reason in one line."""

from __future__ import annotations


class IngestError(Exception):
    """Base class: a problem with one input that must not stop a batch."""

    def __init__(self, source: str | None, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}" if source else reason)


class ReadError(IngestError):
    """The file cannot be read as text: empty, binary, unknown format, undecodable, too large."""
