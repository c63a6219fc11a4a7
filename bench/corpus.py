"""The benchmark corpus: a generated corpus cached under ``.cache/bench`` (made once per size)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ingest.generate import GENERATOR_VERSION, generate_corpus

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench"


def ensure_corpus(docs: int, seed: int, citations_per_doc: float = 10.0) -> Path:
    """The folder of a generated corpus of ``docs`` documents (generated when missing)."""
    out = CACHE / f"corpus-{docs}-s{seed}-c{citations_per_doc:g}-v{GENERATOR_VERSION}"
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        if (m.get("docs"), m.get("seed"), m.get("generator_version")) == (
            docs,
            seed,
            GENERATOR_VERSION,
        ):
            return out
    logger.info("generating %d documents into %s", docs, out)
    report = generate_corpus(out, docs=docs, seed=seed, citations_per_doc=citations_per_doc)
    print(
        f"corpus: generated {report.docs} docs, {report.citations} citations "
        f"in {report.elapsed:.1f}s → {out}"
    )
    return out


def corpus_label(path: Path) -> str:
    """`2,000 generated docs / 19,685 citations` or the path of a real corpus."""
    manifest = path / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        return f"{m['docs']:,} generated docs / {m['citations']:,} citations (seed {m['seed']})"
    return str(path)
