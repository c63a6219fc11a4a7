"""Accuracy of the citation extractor on real documents (not a test: prints numbers).

Usage::

    .venv/bin/python bench/eval_citations.py [PATH ...]

PATH may be ``phapdien-citations.tsv`` (official legal-code source notes, each with the vbpl.vn
id of the cited document) or a ``sifu/`` directory (documents with the site's relation lists in
``.json`` sidecars). Default: both, under ``../shared/corpus`` relative to the repository.

(a) phapdien: % of strings where a citation with a symbol is found (target ≥ 99%); strings
    grouped by vbpl id, key = (normalised symbol, year): % of ids whose strings all give the
    same key (≥ 99.5%); % of ids whose key is shared with no other id (≥ 99.5%).
(b) sifu: recall of the site's outgoing relation lists (căn cứ = ``influentialDocuments``,
    dẫn chiếu = ``referredDocuments``, sửa đổi, thay thế, hướng dẫn, đính chính, hợp nhất)
    among the citations extracted from the ``.txt`` (match on normalised symbol, and on the year
    when both are known; laws cited by name match on the name and year) - target ≥ 95%.

The core is exposed as :func:`evaluate_phapdien` and :func:`evaluate_sifu_relations`.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ingest.citations import find_citations  # noqa: E402
from ingest.clean import prepare  # noqa: E402
from ingest.models import Citation  # noqa: E402
from ingest.symbols import normalize_symbol, parse_symbol, slug  # noqa: E402

CORPUS = (REPO / ".." / "shared" / "corpus").resolve()

OUTGOING = (
    "influentialDocuments",  # căn cứ
    "referredDocuments",  # dẫn chiếu
    "amendedDocuments",
    "supersededDocuments",
    "guidedDocuments",
    "rectifiedDocuments",
    "consolidatedDocuments",
)


def _key_symbol(sym: str | None) -> str | None:
    """Comparison form of a symbol: normalised, number without leading zeros."""
    if not sym:
        return None
    n = normalize_symbol(sym) or sym
    # "64-CP" / "64/CP", "55-QĐ-TW" / "55-QĐ/TW" are the same symbol written two ways: compare
    # their slugs (which is also what ``document_id`` does)
    return re.sub(r"^0+(?=\d)", "", slug(n))


def citations_of(text: str) -> list[Citation]:
    return find_citations(prepare(text))


# --------------------------------------------------------------------------------------------
# (a) phapdien
# --------------------------------------------------------------------------------------------


def evaluate_phapdien(path: str | Path, *, show: int = 15) -> dict[str, Any]:
    """Symbol coverage and key consistency/uniqueness on ``phapdien-citations.tsv``."""
    rows: list[tuple[str, str]] = []
    with Path(path).open(encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader, None)
        for r in reader:
            if len(r) >= 2:
                rows.append((r[0], r[1]))
    found = 0
    misses: list[str] = []
    keys_by_id: dict[str, list[tuple[str | None, int | None]]] = defaultdict(list)
    t0 = time.perf_counter()
    for vid, s in rows:
        cites = [c for c in citations_of(s) if c.symbol]
        if cites:
            found += 1
            c = cites[0]
            keys_by_id[vid].append((_key_symbol(c.symbol), c.year))
        else:
            misses.append(s)
            keys_by_id[vid].append((None, None))
    elapsed = time.perf_counter() - t0
    consistent = 0
    inconsistent: list[str] = []
    id_key: dict[str, tuple[str | None, int | None]] = {}
    for vid, keys in keys_by_id.items():
        if len(set(keys)) == 1:
            consistent += 1
        else:
            inconsistent.append(f"{vid}: {sorted(set(keys), key=str)}")
        # the id's key: the most frequent complete key
        best = max(set(keys), key=lambda k: (k[0] is not None, k[1] is not None, keys.count(k)))
        id_key[vid] = best
    owners: dict[tuple[str | None, int | None], set[str]] = defaultdict(set)
    for vid, k in id_key.items():
        owners[k].add(vid)
    unique = sum(1 for vid, k in id_key.items() if len(owners[k]) == 1 and k[0] is not None)
    shared = [f"{k}: ids {sorted(v)[:5]}" for k, v in owners.items() if len(v) > 1]
    n_ids = len(keys_by_id) or 1
    return {
        "strings": len(rows),
        "symbol_found_pct": 100.0 * found / (len(rows) or 1),
        "ids": len(keys_by_id),
        "consistent_pct": 100.0 * consistent / n_ids,
        "unique_pct": 100.0 * unique / n_ids,
        "misses": misses[:show],
        "inconsistent": inconsistent[:show],
        "shared": shared[:show],
        "seconds": elapsed,
    }


# --------------------------------------------------------------------------------------------
# (b) sifu
# --------------------------------------------------------------------------------------------


def _truth_year(d: dict[str, Any]) -> int | None:
    iso = d.get("issued_date") or ""
    return int(iso[:4]) if re.match(r"\d{4}", iso) else None


def _parts(sym: str | None) -> tuple[str, str, int | None] | None:
    """(number, codes slug, year in the symbol): "773/QĐ-TTg" matches "773/2005/QĐ-TTg"."""
    p = parse_symbol(sym or "")
    if p is None:
        return None
    codes = slug(p.normalized)
    codes = re.sub(r"^\d+[a-z]?-(?:(?:19|20)\d\d-)?", "", codes)
    return (p.number.lstrip("0") or "0", codes, p.year)


def _match(truth: dict[str, Any], cites: list[Citation]) -> bool:
    tparts = _parts(truth.get("symbol"))
    tyear = _truth_year(truth)
    title = (truth.get("title") or "").casefold()
    for c in cites:
        cparts = _parts(c.symbol) if c.symbol else None
        year_ok = c.year is None or tyear is None or c.year == tyear
        if year_ok and cparts and tparts and cparts[:2] == tparts[:2]:
            return True
        if year_ok and c.name and not c.symbol and title.startswith(c.name.casefold()):
            return True
    return False


def _present(truth: dict[str, Any], text: str) -> bool:
    """Does the text mention the related document at all (its number+code, or its name)?"""
    sym = truth.get("symbol") or ""
    m = re.match(r"(\d+)\D", sym)
    if m and sym != "Khongso":
        num = m.group(1).lstrip("0") or "0"
        code = re.split(r"[-/]", sym)[-1]
        flat = " ".join(text.split())
        for hit in re.finditer(r"(?<!\d)0*" + num + r"(?!\d)", flat):
            if code.casefold() in flat[hit.end() : hit.end() + 40].casefold():
                return True
        return False
    title = (truth.get("title") or "").casefold()
    name = re.sub(r"\s+\d{4}$", "", title)
    return bool(name) and name in " ".join(text.split()).casefold()


def evaluate_sifu_relations(directory: str | Path, *, show: int = 40) -> dict[str, Any]:
    """Recall of the site's outgoing relation lists among the extracted citations."""
    total = 0
    hit = 0
    misses: list[str] = []
    n_docs = 0
    n_cites = 0
    absent = 0
    by_list: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for js in sorted(Path(directory).glob("*.json")):
        txt = js.with_suffix(".txt")
        if not txt.exists():
            continue
        meta = json.loads(js.read_text(encoding="utf-8"))
        rels = meta.get("relations") or {}
        text = txt.read_text(encoding="utf-8-sig")
        cites = citations_of(text)
        n_docs += 1
        n_cites += len(cites)
        own = _key_symbol(meta.get("symbol"))
        for lst in OUTGOING:
            for truth in rels.get(lst) or []:
                if own and _key_symbol(truth.get("symbol")) == own:
                    continue
                total += 1
                by_list[lst][1] += 1
                if _match(truth, cites):
                    hit += 1
                    by_list[lst][0] += 1
                else:
                    present = _present(truth, text)
                    absent += 0 if present else 1
                    misses.append(
                        f"{js.name} [{lst}]{'' if present else ' (absent)'} "
                        f"{truth.get('symbol')} {truth.get('issued_date')} "
                        f"{(truth.get('title') or '')[:70]}"
                    )
    return {
        "documents": n_docs,
        "citations": n_cites,
        "relations": total,
        "recall_pct": 100.0 * hit / (total or 1),
        "absent_from_text": absent,
        "recall_present_pct": 100.0 * hit / ((total - absent) or 1),
        "by_list": {k: f"{v[0]}/{v[1]}" for k, v in by_list.items()},
        "misses": misses[:show],
    }


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [CORPUS / "phapdien-citations.tsv", CORPUS / "sifu"]
    for p in paths:
        if p.is_dir():
            res = evaluate_sifu_relations(p)
            print(f"== sifu relations: {p}")
        else:
            res = evaluate_phapdien(p)
            print(f"== phapdien citations: {p}")
        for k, v in res.items():
            if isinstance(v, list):
                print(f"{k}: ({len(v)} shown)")
                for x in v:
                    print("   ", x)
            elif isinstance(v, float):
                print(f"{k}: {v:.2f}")
            else:
                print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
