"""Header metadata accuracy against published metadata.

Usage::

    .venv/bin/python bench/eval_header.py [PATH ...] [--show N]

Default paths: ``/work/shared/corpus/tvpl-2025``, ``/work/shared/corpus/sifu``,
``/work/shared/corpus/laws``. For every ``.txt`` with a ``.json`` sidecar it compares the
header fields the sidecar has (fields missing or empty in a sidecar are not counted):

* ``symbol`` - after ``ingest.symbols.normalize_symbol`` on both sides;
* ``doc_type`` - case/tone-insensitive; the site's catch-all ``Văn bản khác`` matches a type
  the site does not use as a category (Kết luận, Quy định, Hướng dẫn, ...);
* ``issuer`` - same gazetteer entry; the site names local bodies by their province
  (``Tỉnh Hà Tĩnh`` for ``Ủy ban nhân dân tỉnh Hà Tĩnh``), so a body of that province matches;
* ``issued_date`` - ISO date equality;
* ``signer`` - any extracted signer name equals the sidecar's (sidecar ``***`` not counted).

For ``laws/`` (no sidecar) the file name carries the evidence: ``Luat-08-2017-QH14-...`` gives
the symbol ``08/2017/QH14``; the year(s) in the name must contain the extracted date's year.

``evaluate_header(paths) -> dict`` is what ``vanban eval`` calls.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import gazetteer
from ingest.clean import prepare
from ingest.gazetteer import fold
from ingest.header import parse_header

try:
    from ingest.symbols import normalize_symbol
except ImportError:  # pragma: no cover

    def normalize_symbol(raw: str) -> str | None:
        return re.sub(r"\s+", "", raw) or None


DEFAULT_PATHS = (
    "/work/shared/corpus/tvpl-2025",
    "/work/shared/corpus/sifu",
    "/work/shared/corpus/laws",
)
FIELDS = ("symbol", "doc_type", "issuer", "issued_date", "signer")
# the site's own categories: "Văn bản khác" is used for every other type
_SITE_TYPES = {
    fold(t)
    for t in (
        "Luật",
        "Bộ luật",
        "Nghị định",
        "Nghị quyết",
        "Quyết định",
        "Thông tư",
        "Thông tư liên tịch",
        "Chỉ thị",
        "Công văn",
        "Thông báo",
        "Công điện",
        "Kế hoạch",
        "Pháp lệnh",
        "Lệnh",
        "Hiến pháp",
        "Văn bản hợp nhất",
        "Sắc lệnh",
    )
}


def _read(path: Path) -> str:
    try:
        from ingest.readers import read_file

        return str(read_file(path))
    except Exception:
        return path.read_text(encoding="utf-8-sig", errors="replace")


# the site's placeholder for a document without a number: the right answer is no symbol
_NO_NUMBER = {"khongso", "khong so", "không số"}


def _same_symbol(got: str | None, want: str) -> bool:
    if want.strip().lower() in _NO_NUMBER:
        return not got
    if not got:
        return False
    return (normalize_symbol(got) or got) == (normalize_symbol(want) or want)


def _same_type(got: str | None, want: str) -> bool:
    if not got:
        return False
    if fold(got) == fold(want):
        return True
    if fold(want) == fold("Văn bản khác"):
        return fold(got) not in _SITE_TYPES
    return False


def _same_issuer(got: str | None, want: str) -> bool:
    if not got:
        return False
    if fold(got) == fold(want):
        return True
    g = gazetteer.lookup(got)
    w = gazetteer.lookup(want)
    if g and w:
        if g.id == w.id:
            return True
        if w.kind == "province":
            p = gazetteer.province_of(g)
            if p and p.id == w.id:
                return True
    if w and w.kind == "province":
        # unknown local body named after the province ("Thuế tỉnh Tây Ninh")
        bare = fold(w.name.split(" ", 2)[-1] if w.name.startswith("Thành phố") else w.name[5:])
        return bare in fold(got)
    return False


def _sidecar_signers(meta: dict[str, Any]) -> list[str]:
    raw = meta.get("signers") or meta.get("signer") or []
    names = [raw] if isinstance(raw, str) else list(raw)
    # "***" (hidden) and bare labels scraped in place of a name ("Người ký:") are not names
    return [
        str(n).strip()
        for n in names
        if n and "*" not in str(n) and not str(n).strip().endswith(":")
    ]


_LAW_SYM = re.compile(r"-(\d{1,3})-(\d{4})-(QH\d{1,2})-")


def _eval_law(path: Path, got: dict[str, Any]) -> dict[str, bool | None]:
    name = path.name
    res: dict[str, bool | None] = {f: None for f in FIELDS}
    m = _LAW_SYM.search(name)
    if m:
        res["symbol"] = _same_symbol(
            str(got.get("symbol") or ""), f"{m.group(1)}/{m.group(2)}/{m.group(3)}"
        )
    years = {int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", name)}
    years = {y for y in years if 1945 <= y <= 2030}
    if years:
        d = got.get("issued_date")
        res["issued_date"] = bool(d) and int(str(d)[:4]) in years
    return res


def _eval_sidecar(meta: dict[str, Any], got: dict[str, Any]) -> dict[str, bool | None]:
    res: dict[str, bool | None] = {f: None for f in FIELDS}
    if meta.get("symbol"):
        res["symbol"] = _same_symbol(got.get("symbol"), str(meta["symbol"]))
    if meta.get("doc_type"):
        res["doc_type"] = _same_type(got.get("doc_type"), str(meta["doc_type"]))
    if meta.get("issuer"):
        res["issuer"] = _same_issuer(got.get("issuer"), str(meta["issuer"]))
    if meta.get("issued_date"):
        res["issued_date"] = got.get("issued_date") == str(meta["issued_date"])[:10]
    want = _sidecar_signers(meta)
    if want:
        names = {fold(s["name"]) for s in got.get("signers", [])}
        res["signer"] = any(fold(w) in names for w in want)
    return res


# Failures checked by reading the file, where the text itself contradicts the published value
# (they stay counted as failures; the note is printed next to them). Keyed by file name and field.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("37999_CHQ-GSQL.txt", "symbol"): "the text reads 'Số: 3799/CHQ-GSQL' (sidecar 37999)",
    ("92_VBHN-BQP.txt", "signer"): "the text reads 'Thượng tướng Võ Minh Lương' (sidecar Vũ)",
    ("451_QĐ-UBND.txt", "issuer"): "header 'ỦY BAN NHÂN DÂN TỈNH BẮC NINH' (post-merger); the "
    "site files it under the former Bắc Giang, whose old rules it repeals",
    ("BCHTW_3731_CV-BTCTW.txt", "symbol"): "the text has the Party form '3731-CV/BTCTW'; the "
    "site rewrote it in the state form",
    ("BCHTW_3731_CV-BTCTW.txt", "issuer"): "header 'BAN CHẤP HÀNH TRUNG ƯƠNG / BAN TỔ CHỨC': "
    "the issuer is the Ban Tổ chức; the site names the parent organ",
    ("BCT_09-NQ_TW.txt", "issuer"): "header 'BAN CHẤP HÀNH TRUNG ƯƠNG', signed 'T/M BỘ CHÍNH TRỊ';"
    " the site names the signing organ here but the header organ for the same layout in "
    "BCHTW_14/25/28/54-KL_TW",
    ("BCT_12-CT_TW.txt", "issuer"): "same layout and same site inconsistency as BCT_09-NQ_TW",
    ("BCHTW_Khongso.txt", "issuer"): "a Party Congress resolution without header; the site "
    "files it under the Central Committee, which the text does not name as issuer",
    ("Luat-thue-tieu-thu-dac-biet-2008-26-2008-QH12-82198.txt", "symbol"): "the text reads "
    "'Luật số: 27/2008/QH12' (the file name says 26)",
}
_DATE_NUM = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _dates_in(text: str) -> set[str]:
    out = set()
    for rx in (_DATE_NUM, _DATE_WORDS):
        for m in rx.finditer(text):
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            out.add(f"{y:04d}-{mo:02d}-{d:02d}")
    return out


def evidence_note(path: Path, field: str, want: Any, text: str) -> str | None:
    """Why a failure cannot be fixed from the text, checked mechanically (the published value
    occurs nowhere in the file) or by the reading recorded in :data:`KNOWN_DISAGREEMENTS`."""
    known = KNOWN_DISAGREEMENTS.get((path.name, field))
    if known:
        return known
    flat = " ".join(text.split())
    if field == "symbol" and isinstance(want, str):
        num = re.match(r"\d+", want.strip())
        if not num:
            m = _LAW_SYM.search(path.name)
            num = re.match(r"\d+", m.group(1)) if m else None
            want = f"{m.group(1)}/{m.group(2)}/{m.group(3)}" if m else want
        code = re.split(r"[/\-]", str(want))[-1]
        if num and not re.search(rf"(?<!\d){num.group(0)}\s*[/\-]", flat):
            return f"the number {num.group(0)} of {want} occurs nowhere in the text"
        if code and code.lower() not in flat.lower():
            return f"the code {code} of {want} occurs nowhere in the text"
    if (
        field == "issued_date"
        and isinstance(want, str)
        and len(want) >= 10
        and want[:10] not in _dates_in(flat)
    ):
        return f"the date {want[:10]} is written nowhere in the text"
    if field == "signer":
        names = [want] if isinstance(want, str) else list(want or [])
        if names and not any(fold(n) in fold(flat) for n in names):
            return "the signer's name occurs nowhere in the text (signature block cut off)"
    return None


def _files(paths: Iterable[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        pp = Path(p)
        if pp.is_dir():
            out += sorted(pp.glob("*.txt"))
        elif pp.suffix == ".txt":
            out.append(pp)
    return out


def evaluate_header(paths: Iterable[str] = DEFAULT_PATHS) -> dict[str, Any]:
    """Per-field accuracy and failures over the given corpus paths."""
    counts = {f: [0, 0] for f in FIELDS}  # field -> [correct, total]
    failures: list[dict[str, Any]] = []
    for path in _files(paths):
        side = path.with_suffix(".json")
        text = _read(path)
        got = parse_header(prepare(text)).model_dump()
        if side.exists():
            meta = json.loads(side.read_text(encoding="utf-8"))
            res = _eval_sidecar(meta, got)
        elif "laws" in path.parts:
            meta = {}
            res = _eval_law(path, got)
        else:
            continue
        for f, ok in res.items():
            if ok is None:
                continue
            counts[f][1] += 1
            if ok:
                counts[f][0] += 1
            else:
                want = (
                    meta.get(f if f != "signer" else "signers", meta.get(f)) if meta else path.name
                )
                have = got.get(f) if f != "signer" else [s["name"] for s in got["signers"]]
                note = evidence_note(path, f, want if meta else path.name, text)
                failures.append(
                    {"file": str(path), "field": f, "want": want, "got": have, "unfixable": note}
                )
    unfixable = {f: sum(1 for x in failures if x["field"] == f and x["unfixable"]) for f in FIELDS}
    accuracy = {
        f: {
            "correct": c,
            "total": t,
            "pct": round(100.0 * c / t, 2) if t else None,
            "unfixable": unfixable[f],
            # the best score the texts allow: failures whose evidence is absent or contradicted
            "ceiling_pct": round(100.0 * (t - unfixable[f]) / t, 2) if t else None,
        }
        for f, (c, t) in counts.items()
    }
    return {"accuracy": accuracy, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    ap.add_argument("--show", type=int, default=200, help="failures to print")
    ap.add_argument("--field", default=None, help="only print failures of this field")
    args = ap.parse_args(argv)
    res = evaluate_header(args.paths)
    fails = [f for f in res["failures"] if not args.field or f["field"] == args.field]
    for f in fails[: args.show]:
        name = Path(str(f["file"])).name
        print(f"FAIL {f['field']:<12} {name}: want={f['want']!r} got={f['got']!r}")
        if f["unfixable"]:
            print(f"     unfixable: {f['unfixable']}")
    print()
    print("field        correct/total  accuracy  (unfixable failures, ceiling from the texts)")
    for f, a in res["accuracy"].items():
        pct = "n/a" if a["pct"] is None else f"{a['pct']:.2f}%"
        ceil = (
            "" if a["pct"] is None else f"  ({a['unfixable']} unfixable, {a['ceiling_pct']:.2f}%)"
        )
        print(f"{f:<12} {a['correct']:>4}/{a['total']:<4} {pct:>9}{ceil}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
