"""Text of one synthetic document (``ingest.generate``): layout, citation forms, noise.

:func:`render` turns a planned document (its metadata and the documents it cites, with the
relation) into text, choosing how each citation is written and which noise to add, with its own
``random.Random`` seeded from (corpus seed, document index): the text of a document does not
depend on which process renders it. It returns the ground-truth citation records, with the form
each citation was written in.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple, TypeVar

from ingest.generate_data import (
    AGENCIES_LEAD,
    CITE_SENTENCES,
    FAMILY,
    FILLER,
    GIVEN,
    IMPLEMENT_VERBS,
    KIND_BY_KEY,
    MIDDLE,
    PROPOSERS,
    RECIPIENTS,
    TASKS,
)

T = TypeVar("T")
RECIPIENT_ABBREVIATIONS = (
    "TTgCP, các PTTgCP",
    "Ban Bí thư Trung ương Đảng",
    "VPCP: BTCN, các PCN",
    "Các Bộ, cơ quan ngang Bộ",
)


class Target(NamedTuple):
    """What a citing document needs to know about a document it cites."""

    id: str
    symbol: str
    year: int
    issued: date
    doc_type: str
    issuer: str
    kind: str
    topic: str
    law_name: str | None
    in_corpus: bool
    iso: str  # issued, ISO


class DocPlan(NamedTuple):
    """A document decided by the planner, not yet written."""

    seq: int  # position in the corpus
    kind: str
    id: str
    symbol: str
    issued: date
    place: str
    issuer: str
    header: tuple[str, ...]
    title: str
    topic: str
    sign: tuple[str, ...]
    cites: tuple[tuple[Target, str], ...]  # (target, relation)


class _Cite:
    __slots__ = ("article", "form", "name", "relation", "target")

    def __init__(self, target: Target, relation: str) -> None:
        self.target = target
        self.relation = relation
        self.form = "short"
        self.name: str | None = None
        self.article: str | None = None

    def record(self) -> dict[str, object]:
        t = self.target
        rec: dict[str, object] = {
            "symbol": t.symbol,
            "year": t.year,
            "id": t.id,
            "relation": self.relation,
            "form": self.form,
            "doc_type": t.doc_type,
            "issuer": t.issuer,
            "issued_date": t.iso,
            "in_corpus": t.in_corpus,
        }
        if self.name:
            rec["name"] = self.name
        if self.article:
            rec["article"] = self.article
        return rec


def dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def long_date(d: date) -> str:
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def roman(n: int) -> str:
    return ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[min(n, 10)]


def wrap(text: str, width: int) -> str:
    """Hard-wrap every line at spaces (the way PDF-to-text leaves sentences)."""
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut])
            line = line[cut + 1 :]
        out.append(line)
    return "\n".join(out)


def person(rng: random.Random) -> str:
    rnd = rng.random
    return (
        f"{FAMILY[int(rnd() * len(FAMILY))]} {MIDDLE[int(rnd() * len(MIDDLE))]} "
        f"{GIVEN[int(rnd() * len(GIVEN))]}"
    )


class _Renderer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rnd = rng.random

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rnd() * len(seq))]

    # ------------------------------------------------------------- citation forms ---
    def choose_form(self, c: _Cite) -> None:
        t = c.target
        x = self.rnd()
        if t.law_name and c.relation in ("BASED_ON", "DETAILS", "CITES"):
            if x < 0.35:
                c.name, c.form = f"Luật {t.law_name}", "name_date"
                return
            if c.relation == "CITES" and x < 0.45:
                c.name, c.form = f"Luật {t.law_name}", "name_article"
                c.article = f"Điều {self.rng.randint(2, 90)}"
                return
        if x < 0.45:
            c.form = "full"
        elif x < 0.6:
            c.form = "full_long_date"
        elif x < 0.68:
            c.form = "no_so"
        elif x < 0.75:
            c.form = "year_only"
        elif x < 0.82:
            c.form = "article"
            c.article = f"khoản {self.rng.randint(1, 9)} Điều {self.rng.randint(1, 60)}"
        else:
            c.form = "short"

    def sym(self, s: str) -> str:
        """The symbol as written, sometimes with real-world noise."""
        x = self.rnd()
        if x < 0.03 and "-" in s:
            return s.replace("-", "- ", 1)  # 57- NQ/TW
        if x < 0.05 and "/QH" in s:
            return s.replace("QH", "QH ", 1)  # 73/2006/QH 11
        if x < 0.08 and "Đ" in s:
            return s.replace("Đ", "D")  # plain keyboard: ND-CP
        return s

    @staticmethod
    def issuer_ref(t: Target) -> str:
        if t.issuer == "Ban Chấp hành Trung ương":
            return "Ban Chấp hành Trung ương Đảng"
        return t.issuer

    def cite_text(self, c: _Cite) -> str:
        t = c.target
        f = c.form
        if f == "name_date":
            return f"{c.name} {long_date(t.issued)}"
        if f == "name_article":
            return f"{c.article} {c.name}"
        tw = "văn bản" if t.kind == "letter" else t.doc_type
        sym = self.sym(t.symbol)
        if t.law_name:  # Luật Cư trú số 68/2020/QH14 ngày 13/11/2020
            tw = f"Luật {t.law_name}"
            if f in ("full", "full_long_date"):
                when = dmy(t.issued) if f == "full" else long_date(t.issued)[5:]
                return f"{tw} số {sym} ngày {when}"
        if f == "full":
            return f"{tw} số {sym} ngày {dmy(t.issued)} của {self.issuer_ref(t)} về {t.topic}"
        if f == "full_long_date":
            return f"{tw} số {sym} {long_date(t.issued)} của {self.issuer_ref(t)} về {t.topic}"
        if f == "no_so":
            return f"{tw} {sym} ngày {dmy(t.issued)}"
        if f == "year_only":
            return f"{tw} số {sym} năm {t.year}"
        if f == "article":
            return f"{c.article} {tw} số {sym} ngày {dmy(t.issued)}"
        return f"{tw} số {sym}"

    def list_text(self, cs: list[_Cite]) -> str:
        """`các Nghị định số A, B ngày ...`: one type word for several symbols."""
        tw = cs[0].target.doc_type
        if len({c.target.issued for c in cs}) == 1:
            syms = ", ".join(self.sym(c.target.symbol) for c in cs)
            return f"các {tw} số {syms} {long_date(cs[0].target.issued)}"
        parts = [f"số {self.sym(c.target.symbol)} ngày {dmy(c.target.issued)}" for c in cs]
        return f"các {tw} {', '.join(parts)}"

    def group_lists(self, cs: list[_Cite]) -> list[list[_Cite]]:
        """Group a few same-type numbered citations into lists (`các Nghị định số A, B`)."""
        out: list[list[_Cite]] = []
        pending: dict[str, list[_Cite]] = {}
        for c in cs:
            if (
                c.form in ("full", "no_so", "short")
                and c.target.kind != "letter"
                and not c.target.law_name
                and self.rnd() < 0.25
            ):
                g = pending.setdefault(c.target.doc_type, [])
                g.append(c)
                if len(g) == 3:
                    out.append(pending.pop(c.target.doc_type))
            else:
                out.append([c])
        out.extend(pending.values())
        for g in out:
            if len(g) > 1:
                for c in g:
                    c.form = "list"
        return out

    def ref(self, g: list[_Cite]) -> str:
        return self.list_text(g) if len(g) > 1 else self.cite_text(g[0])

    # ---------------------------------------------------------------------- layout ---
    def header(self, p: DocPlan, bold: bool) -> list[str]:
        rnd = self.rnd
        kind = KIND_BY_KEY[p.kind]
        agency = list(p.header)
        if agency == ["VĂN PHÒNG CHÍNH PHỦ"] and rnd() < 0.3:
            agency = ["VĂN PHÒNG CHÍNH", "PHỦ"]
        if p.kind.startswith("party"):
            motto = ["ĐẢNG CỘNG SẢN VIỆT NAM"]
        else:
            motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        lines: list[str] = []
        if rnd() < 0.1:  # a flattened table row
            lines.append(f"{agency[0]} | {motto[0]}")
            lines.extend(agency[1:])
            lines.extend(motto[1:])
        else:
            lines.extend(agency)
            lines.append("-------")
            lines.extend(motto)
            lines.append("---------------")
        lines.append(f"{'Luật số' if p.kind == 'law' else 'Số'}: {p.symbol}")
        if p.kind == "letter":
            lines.append(p.title)
        when = f"{p.place}, {long_date(p.issued)}"
        if rnd() < 0.2:  # the date wraps in the right column
            cut = when.index(" tháng")
            lines.extend([when[:cut], when[cut + 1 :]])
        else:
            lines.append(when)
        lines.append("")
        if p.kind == "letter":
            lines.append("Kính gửi:")
            for rec in self.rng.sample(RECIPIENTS, 3):
                lines.append(f"- {rec};")
        else:
            tl, ttl = kind.type_line, p.title.upper()
            if bold:
                tl, ttl = f"**{tl}**", f"**{ttl}**"
            lines.append(tl)
            if len(ttl) > 70 and rnd() < 0.5:
                cut = ttl.rfind(" ", 0, 60)
                lines.extend([ttl[:cut], ttl[cut + 1 :]])
            else:
                lines.append(ttl)
        lines.append("")
        return lines

    def body(self, p: DocPlan, cites: list[_Cite], bold: bool) -> list[str]:
        rng, rnd, pick = self.rng, self.rnd, self.pick
        kind = KIND_BY_KEY[p.kind]
        this = kind.doc_type
        by_rel: dict[str, list[_Cite]] = {}
        for c in cites:
            by_rel.setdefault(c.relation, []).append(c)
        body: list[str] = []

        def sec(n: int, s: str) -> str:
            return f"**{roman(n)}. {s}**" if bold else f"{roman(n)}. {s}"

        for g in self.group_lists(by_rel.get("BASED_ON", [])):
            body.append(f"Căn cứ {self.ref(g)};")
        for c in by_rel.get("DETAILS", []):
            body.append(f"{this} này quy định chi tiết một số điều của {self.cite_text(c)}.")
        for c in by_rel.get("GUIDES", []):
            body.append(f"{this} này hướng dẫn thi hành {self.cite_text(c)}.")
        if kind.normative:
            body.append(f"Theo đề nghị của {pick(PROPOSERS)};")
            body.append(f"{p.issuer} ban hành {this.lower()} {p.title[0].lower()}{p.title[1:]}.")
        head = 1
        if by_rel.get("IMPLEMENTS"):
            body.append(sec(head, "MỤC ĐÍCH, YÊU CẦU"))
            head += 1
            for c in by_rel["IMPLEMENTS"]:
                body.append(f"{pick(IMPLEMENT_VERBS)} {self.cite_text(c)}, {pick(FILLER)}")
        body.append(sec(head, "NỘI DUNG"))
        head += 1
        article = 1
        for rel, verb in (
            ("AMENDS", "Sửa đổi, bổ sung một số điều của"),
            ("REPLACES", f"{this} này thay thế"),
            ("REPEALS", "Bãi bỏ"),
        ):
            for c in by_rel.get(rel, []):
                body.append(f"Điều {article}. {verb} {self.cite_text(c)}.")
                article += 1
        for n, g in enumerate(self.group_lists(by_rel.get("CITES", [])), start=1):
            tmpl = pick(CITE_SENTENCES)
            body.append(
                f"{n}. " + tmpl.format(ref=self.ref(g), lead=pick(AGENCIES_LEAD), topic=p.topic)
            )
            if len(g) == 1 and g[0].target.in_corpus and rnd() < 0.12:
                # an effective date next to a citation: not its issue date
                eff = g[0].target.issued + timedelta(days=rng.randint(15, 75))
                body.append(
                    f"{g[0].target.doc_type} nêu trên có hiệu lực thi hành kể từ ngày {dmy(eff)}."
                )
        for _ in range(rng.randint(2, 5)):
            body.append(f"- {pick(FILLER)}")
        if p.kind in (
            "vpcp_notice",
            "pm_directive",
            "prov_plan",
            "party_conclusion",
            "pm_telegram",
        ):
            body.append(sec(head, "TỔ CHỨC THỰC HIỆN"))
            for j in range(rng.randint(1, 3)):
                due = p.issued + timedelta(days=rng.randint(20, 200))
                deadline = pick(
                    (
                        f"trước ngày {dmy(due)}",
                        f"trong quý {roman((due.month - 1) // 3 + 1)}/{due.year}",
                        f"trong tháng {due.month:02d} năm {due.year}",
                    )
                )
                body.append(
                    f"{j + 1}. Giao {pick(AGENCIES_LEAD)} chủ trì, phối hợp với "
                    f"{pick(AGENCIES_LEAD)} {pick(TASKS)}, hoàn thành {deadline}."
                )
        if kind.normative:
            eff = p.issued + timedelta(days=pick((0, 15, 45)))
            when = dmy(eff) if rnd() < 0.7 else "ký ban hành"
            body.append(f"Điều {article}. {this} này có hiệu lực thi hành kể từ ngày {when}.")
        return body

    def footer(self, p: DocPlan) -> list[str]:
        lines = [
            "",
            "Nơi nhận:",
            "- Như trên;",
            f"- {self.pick(RECIPIENT_ABBREVIATIONS)};",
            "- Lưu: VT, TH.",
            "",
        ]
        lines.extend(p.sign)
        lines.append("(Đã ký)" if self.rnd() < 0.3 else "")
        lines.append(person(self.rng))
        return lines


def render(plan: DocPlan, seed: int) -> tuple[str, list[dict[str, object]]]:
    """The text of a planned document and its ground-truth citation records."""
    rng = random.Random(seed * 1_000_003 + plan.seq)
    r = _Renderer(rng)
    cites = [_Cite(t, rel) for t, rel in plan.cites]
    for c in cites:
        r.choose_form(c)
    bold = rng.random() < 0.2
    lines = r.header(plan, bold)
    body = "\n".join(r.body(plan, cites, bold))
    if rng.random() < 0.1:
        body = body.replace(", ", " , ", 3)  # stray spaces before commas
    if rng.random() < 0.3:
        body = wrap(body, rng.randint(68, 95))
    lines.append(body)
    lines.extend(r.footer(plan))
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.02:
        text = unicodedata.normalize("NFD", text)
    return text, [c.record() for c in cites]
