"""The instants stored on ``Document`` nodes and how ``vanban export --since`` reads them.

``ingested_at`` (the first time the real document was written) and ``updated_at`` (the last
time its content changed) are ISO 8601 strings in UTC with a fixed width
(``2026-11-23T09:15:02.123456Z``): string order is time order, so the range index of migration
0003 serves ``updated_at >= $since`` and a bare date (``2026-11-23``, a prefix of every instant
of that day) compares as the start of that day.
"""

from __future__ import annotations

import datetime as dt

FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def timestamp(moment: dt.datetime | None = None) -> str:
    """``moment`` (default: now) as stored in ``ingested_at``/``updated_at``; a naive datetime
    is taken as UTC."""
    m = moment or dt.datetime.now(dt.UTC)
    if m.tzinfo is None:
        m = m.replace(tzinfo=dt.UTC)
    return m.astimezone(dt.UTC).strftime(FORMAT)


def parse_since(text: str) -> str:
    """A ``--since`` value as the string compared with ``updated_at``.

    A date (``2026-11-23``) stays a date: every instant of that day and later is selected. A
    datetime (``2026-11-23T10:00``, ``2026-11-23 10:00:00+07:00``, ``...Z``) becomes the
    stored format in UTC; without an offset it is UTC. Raises ``ValueError`` otherwise.
    """
    value = text.strip()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            f"{text!r} is neither a date (YYYY-MM-DD) nor a datetime "
            "(YYYY-MM-DDTHH:MM[:SS][+HH:MM])"
        ) from exc
    return timestamp(moment)
