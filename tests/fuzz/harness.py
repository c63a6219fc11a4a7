"""What one fuzz input must satisfy, and how corpus entries are stored.

Two targets:

* ``extract``: ``ingest.extract(text)`` on any ``str`` (lone surrogates, NUL and megabyte lines
  included) returns an :class:`~ingest.models.Extraction` whose spans lie inside the text;
  nothing raises.
* ``decode``: ``ingest.readers.decode_bytes(data, suffix=...)`` on any bytes returns ``str`` or
  raises :class:`~ingest.errors.ReadError`; nothing else escapes.

Both must finish within :func:`time_budget` (2 s for a small input): slower is a *hang* finding.

Corpus layout (``tests/fuzz/corpus/``)::

    extract/<kind>-<sha1[:12]>.json   {"text": ..., "note": ...}  (JSON keeps lone surrogates)
    decode/<kind>-<sha1[:12]><suffix> the raw bytes; the file's suffix is the suffix decoded with

``kind`` is ``seed`` (a starting input), ``crash`` or ``hang`` (a finding). Every entry is
replayed by ``tests/unit/test_fuzz_regressions.py``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
SMALL = 64 * 1024
"""Inputs up to this size must finish within :data:`BASE_BUDGET` seconds."""
BASE_BUDGET = 2.0
PER_MB = 4.0
"""Extra seconds allowed per MB beyond :data:`SMALL` (megabyte lines are legitimate input)."""


def time_budget(size: int) -> float:
    """Seconds one input of ``size`` bytes/characters may take before it counts as a hang."""
    return BASE_BUDGET + PER_MB * max(0, size - SMALL) / (1024 * 1024)


class SpanOutOfRange(AssertionError):
    pass


def check_extract(text: str) -> None:
    """Raise whatever ``extract`` raises, or :class:`SpanOutOfRange` for a span outside."""
    import ingest

    ex = ingest.extract(text, source="fuzz")
    n = len(text)
    spans: list[tuple[str, tuple[int, int] | None]] = [
        *(("citation", c.span) for c in ex.citations),
        *(("task", t.span) for t in ex.tasks),
        *(("agency", a.span) for a in ex.agencies),
    ]
    for what, span in spans:
        if span is None:
            continue
        start, end = span
        if not 0 <= start <= end <= n:
            raise SpanOutOfRange(f"{what} span {span} outside text of length {n}")


def check_decode(data: bytes, suffix: str) -> None:
    """Raise anything but :class:`ReadError` that ``decode_bytes`` raises; check it is ``str``."""
    from ingest.errors import ReadError
    from ingest.readers import decode_bytes

    try:
        out = decode_bytes(data, source="fuzz", suffix=suffix)
    except ReadError as exc:
        if not exc.reason or "\n" in exc.reason:
            raise AssertionError(f"ReadError reason is not one line: {exc.reason!r}") from None
        return
    if not isinstance(out, str):
        raise AssertionError(f"decode_bytes returned {type(out).__name__}")


@dataclass(frozen=True)
class Entry:
    """One corpus input."""

    path: Path
    target: str  # "extract" or "decode"
    kind: str  # "seed", "crash" or "hang"

    @property
    def text(self) -> str:
        value: str = json.loads(self.path.read_text("ascii"))["text"]
        return value

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def suffix(self) -> str:
        return self.path.suffix

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def run(self) -> None:
        if self.target == "extract":
            check_extract(self.text)
        else:
            check_decode(self.data, self.suffix)


def entries(root: Path = CORPUS) -> list[Entry]:
    out: list[Entry] = []
    for target in ("extract", "decode"):
        for p in sorted((root / target).glob("*")):
            if p.is_file() and not p.name.startswith("."):
                out.append(Entry(p, target, p.name.split("-", 1)[0]))
    return out


def _digest(payload: bytes) -> str:
    return hashlib.sha1(payload).hexdigest()[:12]


def save_text(text: str, kind: str, note: str = "", root: Path = CORPUS) -> Path:
    body = json.dumps({"text": text, "note": note}, ensure_ascii=True)
    raw = text.encode("utf-8", "surrogatepass")
    path = root / "extract" / f"{kind}-{_digest(raw)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body + "\n", "ascii")
    return path


def save_bytes(data: bytes, suffix: str, kind: str, root: Path = CORPUS) -> Path:
    suffix = suffix if suffix.startswith(".") and suffix[1:].isalnum() else ".bin"
    path = root / "decode" / f"{kind}-{_digest(data + suffix.encode())}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
