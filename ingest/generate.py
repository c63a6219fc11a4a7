"""A synthetic corpus of Vietnamese government documents with its ground truth.

``generate_corpus(out, docs=N, seed=S, citations_per_doc=F)`` writes ``N`` documents as UTF-8
text under ``out/docs/NNN/<id>.txt`` and, one JSON line per document, ``out/ground_truth.jsonl``:
the document's ``id`` (as :func:`ingest.symbols.document_id` computes it), ``path``, ``symbol``,
``year``, ``doc_type``, ``issuer``, ``issued_date``, ``title`` and its ``citations``: target
``symbol``, ``year``, ``id``, ``relation``, the ``form`` it was written in (``full``,
``full_long_date``, ``no_so``, ``year_only``, ``article``, ``short``, ``list``, ``name_date``,
``name_article``), ``name``/``article`` when the form uses them, and ``in_corpus`` (false for
the real hub documents cited as placeholders). ``out/manifest.json`` records the parameters.

What makes it realistic (domain.md §1-§3):

* **Symbol families** and their numbering: Party ``18-NQ/TW`` (restarts each congress term),
  laws ``68/2020/QH14`` (per National Assembly term), normative ``12/2011/NĐ-CP``,
  ``10/2021/TT-BXD``, ``15/2024/QĐ-UBND`` (per year; local codes omit the province), individual
  ``01/NQ-CP``, ``1579/QĐ-TTg``, ``216/TB-VPCP`` (per year with **no year in the symbol**:
  ``01/NQ-CP`` recurs every year, so year resolution matters), công văn ``5120/BNV-TCBC``.
  Real agencies: ministries (renamed by the 2025 restructuring), the 63 provinces and, from
  1 July 2025, the 34.
* **Layout** (``ingest.generate_text``): header columns flattened to text, ``Số:``, place and
  date, type line, title, numbered body, ``Nơi nhận:``, signature block (``KT.``/``TM.``);
  công văn with ``V/v`` and ``Kính gửi:``.
* **Citation forms**: full, long dates, no ``số``, no date, ``năm 2018`` only, lists sharing a
  type word (and a date), laws by name and date (``Căn cứ Luật Đấu thầu ngày 26 tháng 11 năm
  2013``) or by article (``Điều 26 Luật Đấu thầu``), articles before symbols; relation words
  ``Căn cứ``, ``thực hiện``, ``hướng dẫn``, ``quy định chi tiết``, ``sửa đổi, bổ sung``,
  ``thay thế``, ``bãi bỏ``; effective-date distractors.
* **Noise**: ``**``, hard-wrapped lines, spaces inside symbols, ``D`` for ``Đ``, spaces before
  commas, NFD text, wrapped header lines, ``|`` from flattened tables.
* **Heavy-tailed in-degree**: each document gets a Pareto(1.2) attractiveness times a factor
  for its kind (laws, Party resolutions and decrees most), and real hubs that are *not* in the
  corpus (Luật Tổ chức Chính phủ 76/2015/QH13, 18-NQ/TW of 2017 and of 2022, 06/QĐ-TTg of
  2022...) are cited too. Targets are drawn from documents issued on or before the citing one.

Speed and memory: the planner (metadata, numbering, who cites whom) runs in this process and
keeps one small record per document; rendering and writing run in worker processes, batch by
batch (bounded queues), each document with its own seeded ``random.Random``, so the output is
the same for a seed whatever the number of workers.
"""

from __future__ import annotations

import bisect
import logging
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from ingest.generate_data import (
    BASIS_KINDS,
    CITIES,
    EXTERNAL,
    IMPLEMENTABLE,
    IMPLEMENTERS,
    KEYS_PER_KIND,
    KINDS,
    LAW_NAMES,
    LETTER_UNITS,
    MERGER,
    MINISTRIES,
    NA_TERMS,
    PARTY_TERMS,
    PROVINCES_34,
    PROVINCES_63,
    REAL_PER_YEAR,
    SUCCESSOR,
    TOPICS,
    Kind,
)
from ingest.generate_text import DocPlan, Target, person, render
from ingest.symbols import document_id, province_slug, slug

logger = logging.getLogger(__name__)

GENERATOR_VERSION = 2  # bump when the output for a seed changes
START = date(2005, 1, 1)
END = date(2025, 12, 31)
BATCH = 2000
MINISTRY_NAMES = dict(MINISTRIES)


@dataclass
class GenerateReport:
    docs: int = 0
    citations: int = 0
    bytes: int = 0
    elapsed: float = 0.0
    out: Path = field(default_factory=Path)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.elapsed if self.elapsed else 0.0


def synthetic_id(symbol: str, year: int, issuer: str, *, has_year: bool, local: bool) -> str:
    """:func:`ingest.symbols.document_id` for the generator's own (already clean) symbols.

    Twenty times faster than parsing the symbol again; ``tests/unit/test_generate.py`` checks
    that both agree on every generated document.
    """
    base = slug(symbol)
    if not has_year:
        base = f"{base}-{year}"
    if local:
        base = f"{base}-{province_slug(issuer)}"
    return base


def _term(terms: list[tuple[date, Any]], d: date) -> Any:
    cur = terms[0][1]
    for start, t in terms:
        if d >= start:
            cur = t
    return cur


class _Planner:
    """Decides every document (kind, number, issuer, date) and whom it cites, in order."""

    def __init__(self, seed: int, citations_per_doc: float, n_docs: int) -> None:
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.f = citations_per_doc
        self.n = n_docs
        self.days = (END - START).days + 1
        self.counters: dict[tuple[object, ...], int] = {}
        self.ids: set[str] = set()
        self.targets: list[Target] = []
        self.cum: list[float] = []
        self.total_w = 0.0
        self.law_name_years: set[tuple[str, int]] = set()
        self.external = sorted(EXTERNAL, key=lambda e: e[1])
        self.ext_i = 0
        self.kind_cum: list[float] = []
        s = 0.0
        for k in KINDS:
            s += k.weight
            self.kind_cum.append(s)
        years = self.days / 365.25
        self.gap = {  # mean step between consecutive numbers of one key
            k.key: max(
                1.0,
                REAL_PER_YEAR[k.key]
                / max(1e-9, n_docs / years * k.weight / s / KEYS_PER_KIND.get(k.key, 1)),
            )
            for k in KINDS
        }

    def pick(self, seq: list[Any] | tuple[Any, ...]) -> Any:
        return seq[int(self.rnd() * len(seq))]

    # ---------------------------------------------------------------- target pool ---
    def _add_target(self, t: Target, weight: float) -> None:
        self.targets.append(t)
        self.total_w += weight
        self.cum.append(self.total_w)

    def _admit_externals(self, today: date) -> None:
        while self.ext_i < len(self.external) and self.external[self.ext_i][1] <= today:
            sym, d, dt, issuer, topic, law, w = self.external[self.ext_i]
            self.ext_i += 1
            tid = document_id(sym, d.year, issuer)
            self.ids.add(tid)
            self._add_target(
                Target(
                    tid,
                    sym,
                    d.year,
                    d,
                    dt,
                    issuer,
                    "external",
                    topic or f"Luật {law}",
                    law,
                    False,
                    d.isoformat(),
                ),
                w,
            )

    def _sample(self) -> Target:
        x = self.rnd() * self.total_w
        return self.targets[min(bisect.bisect_right(self.cum, x), len(self.targets) - 1)]

    # --------------------------------------------------------------------- numbers ---
    def _next(self, kind: str, key: tuple[object, ...], pad: int = 0) -> str:
        """The next number of ``key``: 1 first (``01/NQ-CP`` every year), then random gaps."""
        n = self.counters.get(key, 0)
        n = n + 1 if n == 0 else n + 1 + int(self.rnd() * 2.0 * (self.gap[kind] - 1.0))
        self.counters[key] = n
        return str(n).zfill(pad)

    def _province(self, d: date) -> tuple[str, str, str]:
        """(name, ``Ủy ban nhân dân tỉnh X``, header line ``TỈNH X``)."""
        name = self.pick(PROVINCES_34 if d >= MERGER else PROVINCES_63)
        level = "thành phố" if name in CITIES or (name == "Huế" and d >= MERGER) else "tỉnh"
        return name, f"Ủy ban nhân dân {level} {name}", f"{level.upper()} {name.upper()}"

    def _ministry(self, d: date) -> tuple[str, str]:
        code, name = self.pick(MINISTRIES)
        if d >= MERGER and code in SUCCESSOR:
            code, name = SUCCESSOR[code]
        return code, name

    # --------------------------------------------------------------------- one doc ---
    def plan(self, i: int) -> DocPlan:
        rnd, pick = self.rnd, self.pick
        d = START + timedelta(days=(i * self.days) // self.n)
        self._admit_externals(d)
        kind = KINDS[bisect.bisect_right(self.kind_cum, rnd() * self.kind_cum[-1])]
        y = d.year
        topic: str = pick(TOPICS)
        law_name: str | None = None
        place = "Hà Nội"
        k = kind.key
        has_year, local = False, False
        header: tuple[str, ...]
        if k == "law":
            term = _term(NA_TERMS, d)
            law_name = pick(LAW_NAMES)
            if (law_name, y) in self.law_name_years:  # one law of a name a year, when possible
                law_name = next(
                    (n for n in LAW_NAMES if (n, y) not in self.law_name_years), law_name
                )
            self.law_name_years.add((law_name, y))
            symbol = f"{self._next(k, ('QH', term))}/{y}/QH{term}"
            issuer, header, has_year = "Quốc hội", ("QUỐC HỘI",), True
            title = f"Luật {law_name}"
            sign: tuple[str, ...] = ("CHỦ TỊCH QUỐC HỘI",)
        elif k == "decree":
            symbol = f"{self._next(k, ('NĐ-CP', y))}/{y}/NĐ-CP"
            issuer, header, has_year = "Chính phủ", ("CHÍNH PHỦ",), True
            title = f"Quy định về {topic}"
            sign = ("TM. CHÍNH PHỦ", pick(("THỦ TƯỚNG", "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG")))
        elif k == "circular":
            code, issuer = self._ministry(d)
            symbol = f"{self._next(k, ('TT', code, y))}/{y}/TT-{code}"
            header, has_year = (issuer.upper(),), True
            title = f"Quy định về {topic}"
            if code == "NHNN":
                sign = (pick(("THỐNG ĐỐC", "KT. THỐNG ĐỐC\nPHÓ THỐNG ĐỐC")),)
            else:
                sign = (pick(("BỘ TRƯỞNG", "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG")),)
        elif k == "gov_resolution":
            symbol = f"{self._next(k, ('NQ-CP', y), 2)}/NQ-CP"
            issuer, header = "Chính phủ", ("CHÍNH PHỦ",)
            title = f"Về {topic}"
            sign = ("TM. CHÍNH PHỦ", "THỦ TƯỚNG")
        elif k in ("pm_decision", "pm_directive", "pm_telegram"):
            code = {"pm_decision": "QĐ", "pm_directive": "CT", "pm_telegram": "CĐ"}[k]
            symbol = f"{self._next(k, (code, 'TTg', y), 0 if code == 'QĐ' else 2)}/{code}-TTg"
            issuer, header = "Thủ tướng Chính phủ", ("THỦ TƯỚNG CHÍNH PHỦ",)
            lead = {"QĐ": "Phê duyệt Đề án", "CT": "Về việc tăng cường", "CĐ": "Về việc"}[code]
            title = f"{lead} {topic}"
            sign = (pick(("THỦ TƯỚNG", "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG")),)
        elif k == "vpcp_notice":
            symbol = f"{self._next(k, ('TB', 'VPCP', y))}/TB-VPCP"
            issuer, header = "Văn phòng Chính phủ", ("VĂN PHÒNG CHÍNH PHỦ",)
            title = (
                f"Kết luận của Phó Thủ tướng Chính phủ {person(self.rng)} tại cuộc họp về {topic}"
            )
            sign = ("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM",)
        elif k == "letter":
            code = pick(tuple(LETTER_UNITS))
            unit = pick(LETTER_UNITS[code])
            issuer = "Văn phòng Chính phủ" if code == "VPCP" else MINISTRY_NAMES[code]
            if d >= MERGER and code in SUCCESSOR:
                code, issuer = SUCCESSOR[code]
            symbol = f"{self._next(k, ('CV', code, y))}/{code}-{unit}"
            header = (issuer.upper(),)
            title = f"V/v triển khai công tác {topic}"
            sign = (
                "KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"
                if code == "VPCP"
                else "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
            )
        elif k in ("prov_decision", "prov_plan"):
            place, issuer, line2 = self._province(d)
            header, local = ("ỦY BAN NHÂN DÂN", line2), True
            if k == "prov_decision":
                symbol = f"{self._next(k, ('QĐ-UBND', place, y))}/{y}/QĐ-UBND"
                has_year = True
                title = f"Ban hành Quy định về {topic} trên địa bàn {line2.split(' ')[0].lower()}"
            else:
                symbol = f"{self._next(k, ('KH-UBND', place, y))}/KH-UBND"
                title = f"Triển khai thực hiện công tác {topic} năm {y}"
            sign = ("TM. ỦY BAN NHÂN DÂN", pick(("CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")))
        else:  # Party
            term = _term(PARTY_TERMS, d)
            code = {"party_resolution": "NQ", "party_conclusion": "KL", "party_directive": "CT"}[k]
            symbol = f"{self._next(k, (code, 'TW', term), 2)}-{code}/TW"
            issuer, header = "Ban Chấp hành Trung ương", ("BAN CHẤP HÀNH TRUNG ƯƠNG",)
            title = f"Về tiếp tục thực hiện {topic}" if code == "KL" else f"Về {topic}"
            sign = (
                "T/M BAN CHẤP HÀNH TRUNG ƯƠNG" if code == "NQ" else "T/M BỘ CHÍNH TRỊ",
                pick(("TỔNG BÍ THƯ", "THƯỜNG TRỰC BAN BÍ THƯ")),
            )
        doc_id = synthetic_id(symbol, y, issuer, has_year=has_year, local=local)
        while doc_id in self.ids:  # a Party number reused across a term change in one year
            num, sep, rest = symbol.partition("-" if k.startswith("party") else "/")
            symbol = f"{int(num) + 1:0{len(num)}d}{sep}{rest}"
            doc_id = synthetic_id(symbol, y, issuer, has_year=has_year, local=local)
        self.ids.add(doc_id)
        cites = self._choose_citations(kind)
        me = Target(
            doc_id, symbol, y, d, kind.doc_type, issuer, k, topic, law_name, True, d.isoformat()
        )
        self._add_target(me, kind.attract * min(self.rng.paretovariate(1.2), 500.0))
        return DocPlan(i, k, doc_id, symbol, d, place, issuer, header, title, topic, sign, cites)

    def _choose_citations(self, kind: Kind) -> tuple[tuple[Target, str], ...]:
        if not self.targets:
            return ()
        rnd = self.rnd
        want = min(60, round(self.rng.gammavariate(2.0, self.f / 2.0))) if self.f else 0
        picked: dict[str, tuple[Target, str]] = {}
        done: set[str] = set()
        n_basis = 0
        tries = 0
        while len(picked) < want and tries < want * 4:
            tries += 1
            t = self._sample()
            if t.id in picked:
                continue
            rel = "CITES"
            if kind.key == "circular" and t.kind == "decree" and "GUIDES" not in done:
                rel = "GUIDES"
            elif kind.key == "decree" and t.kind == "law" and "DETAILS" not in done:
                rel = "DETAILS"
            elif kind.normative and t.kind in BASIS_KINDS and n_basis < 6 and rnd() < 0.7:
                rel = "BASED_ON"
                n_basis += 1
            elif t.kind == kind.key and kind.normative and rnd() < 0.3:
                rel = self.pick(("AMENDS", "REPLACES", "REPEALS"))
                if rel in done:
                    rel = "CITES"
            elif kind.key in IMPLEMENTERS and t.kind in IMPLEMENTABLE and rnd() < 0.6:
                rel = "IMPLEMENTS"
            if rel not in ("CITES", "BASED_ON", "IMPLEMENTS"):
                done.add(rel)
            picked[t.id] = (t, rel)
        return tuple(picked.values())


# ---------------------------------------------------------------------------- rendering ---

_OUT: Path | None = None
_SEED = 0


def _init_worker(out: str, seed: int) -> None:
    global _OUT, _SEED
    _OUT, _SEED = Path(out), seed


def _shard(index: int) -> str:
    return f"docs/{index // 1000:03d}"


def _write_batch(plans: list[DocPlan]) -> list[tuple[bytes, int, int]]:
    """Render and write a batch; per document its ground-truth line, bytes and citations."""
    assert _OUT is not None
    out: list[tuple[bytes, int, int]] = []
    for p in plans:
        text, cites = render(p, _SEED)
        rel = f"{_shard(p.seq)}/{p.id}.txt"
        data = text.encode("utf-8")
        fd = os.open(_OUT / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        record = {
            "id": p.id,
            "path": rel,
            "symbol": p.symbol,
            "year": p.issued.year,
            "doc_type": KIND_TYPES[p.kind],
            "issuer": p.issuer,
            "issued_date": p.issued.isoformat(),
            "title": p.title,
            "citations": cites,
        }
        out.append((orjson.dumps(record) + b"\n", len(data), len(cites)))
    return out


KIND_TYPES = {k.key: k.doc_type for k in KINDS}


def _batches(planner: _Planner, docs: int, out: Path) -> Iterator[list[DocPlan]]:
    for start in range(0, docs, BATCH):
        stop = min(docs, start + BATCH)
        for s in range(start - start % 1000, stop, 1000):
            (out / _shard(s)).mkdir(parents=True, exist_ok=True)
        yield [planner.plan(i) for i in range(start, stop)]


def generate_corpus(
    out: Path | str,
    *,
    docs: int,
    seed: int = 0,
    citations_per_doc: float = 10.0,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> GenerateReport:
    """Write ``docs`` synthetic documents and their ground truth under ``out``.

    ``workers`` processes render and write (default: the number of cores, at most 4; 1 renders
    in this process). The result does not depend on ``workers``.
    """
    if docs < 1:
        raise ValueError("docs must be at least 1")
    if citations_per_doc < 0:
        raise ValueError("citations_per_doc must not be negative")
    out = Path(out)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if docs >= 5000 else 1
    planner = _Planner(seed, citations_per_doc, docs)
    report = GenerateReport(out=out)
    started = time.perf_counter()
    with (out / "ground_truth.jsonl").open("wb") as gt:

        def consume(rows: list[tuple[bytes, int, int]]) -> None:
            gt.writelines(line for line, _, _ in rows)
            report.docs += len(rows)
            report.bytes += sum(n for _, n, _ in rows)
            report.citations += sum(c for _, _, c in rows)
            if progress:
                progress(report.docs)

        if workers <= 1:
            _init_worker(str(out), seed)
            for batch in _batches(planner, docs, out):
                consume(_write_batch(batch))
        else:
            ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            with ctx.Pool(workers, initializer=_init_worker, initargs=(str(out), seed)) as pool:
                pending = None  # one batch in flight while the next is planned
                for batch in _batches(planner, docs, out):
                    step = max(1, len(batch) // (workers * 2))
                    chunks = [batch[j : j + step] for j in range(0, len(batch), step)]
                    job = pool.map_async(_write_batch, chunks)
                    if pending is not None:
                        for rows in pending.get():
                            consume(rows)
                    pending = job
                if pending is not None:
                    for rows in pending.get():
                        consume(rows)
                pool.close()
                pool.join()
    report.elapsed = time.perf_counter() - started
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "docs": report.docs,
        "citations": report.citations,
        "citations_per_doc": citations_per_doc,
        "bytes": report.bytes,
    }
    (out / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return report


def iter_ground_truth(out: Path | str) -> Iterator[dict[str, Any]]:
    """The ground-truth records of a generated corpus, one by one."""
    with (Path(out) / "ground_truth.jsonl").open("rb") as f:
        for line in f:
            yield orjson.loads(line)
