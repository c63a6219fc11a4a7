"""The load times on documents (``ingested_at``/``updated_at``) and ``--since`` values."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.timestamps import parse_since, timestamp


def test_timestamps_are_fixed_width_utc_so_string_order_is_time_order() -> None:
    a = timestamp(dt.datetime(2026, 11, 23, 9, 5, 2, tzinfo=dt.UTC))
    b = timestamp(dt.datetime(2026, 11, 23, 9, 5, 2, 120000, tzinfo=dt.UTC))
    c = timestamp(dt.datetime(2026, 11, 23, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    assert a == "2026-11-23T09:05:02.000000Z" and b == "2026-11-23T09:05:02.120000Z"
    assert c == "2026-11-23T09:00:00.000000Z"  # 16:00 in Hà Nội
    assert c < a < b and len({len(a), len(b), len(c), len(timestamp())}) == 1


@pytest.mark.parametrize(
    ("given", "since"),
    [
        ("2026-11-23", "2026-11-23"),  # a day: a prefix of every instant of that day
        ("2026-11-23T10:00", "2026-11-23T10:00:00.000000Z"),  # no offset: UTC
        ("2026-11-23 10:00:00Z", "2026-11-23T10:00:00.000000Z"),
        ("2026-11-23T10:00:00+07:00", "2026-11-23T03:00:00.000000Z"),
    ],
)
def test_since_accepts_a_date_or_an_instant(given: str, since: str) -> None:
    assert parse_since(given) == since


def test_a_date_since_selects_the_whole_day() -> None:
    day = parse_since("2026-11-23")
    assert timestamp(dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC)) >= day
    assert timestamp(dt.datetime(2026, 11, 22, 23, 59, 59, 999999, tzinfo=dt.UTC)) < day


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "23/11/2026", ""])
def test_since_refuses_what_is_not_a_date(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_since(bad)
