"""Expand the PATH arguments of the CLI (files, directories, globs) into input files."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})


def iter_inputs(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files in the order given; directories are walked (sorted) for supported suffixes.

    A path that does not exist is yielded as is, so the caller reports it as a failed input.
    """
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists() and any(ch in str(raw) for ch in "*?["):
            candidates = [Path(m) for m in sorted(glob.glob(str(raw), recursive=True))]
        else:
            candidates = [p]
        for c in candidates:
            if c.is_dir():
                for f in sorted(c.rglob("*")):
                    if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES and f not in seen:
                        seen.add(f)
                        yield f
            elif c not in seen:
                seen.add(c)
                yield c
