"""Loading extractions into a real Neo4j: idempotence, year-aware resolution, placeholders,
replacement of a changed document's edges, one transaction per document.

Every test builds its symbols from a random number (``uid``) so its nodes are its own, and the
``graph`` fixture deletes every node the test created.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncGraphDatabase, Driver
from neo4j.exceptions import Neo4jError

from app.settings import Settings
from ingest import load
from ingest.models import Citation, DocumentMeta, Extraction, Signer, StatedRelation, Task

pytestmark = pytest.mark.integration


class Graph:
    """The test's view of the shared database: write, read, dump what the test created."""

    def __init__(self, driver: Driver, database: str, before: set[str]) -> None:
        self.driver = driver
        self.db = database
        self.before = before

    def ingest(self, ex: Extraction, text: str | None = None) -> str:
        with self.driver.session(database=self.db) as s:
            return s.execute_write(load.write_document, load.plan_document(ex, text=text))

    def q(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(cypher, params, database_=self.db)
        return [r.data() for r in records]

    def new_ids(self) -> list[str]:
        rows = self.q("MATCH (n) RETURN elementId(n) AS e")
        return [r["e"] for r in rows if r["e"] not in self.before]

    def dump(self) -> tuple[list[Any], list[Any]]:
        """Every node the test created (labels, properties) and every relationship touching one."""
        new = self.new_ids()
        nodes = self.q(
            "MATCH (n) WHERE elementId(n) IN $ids "
            "RETURN elementId(n) AS e, labels(n) AS l, properties(n) AS p",
            ids=new,
        )
        rels = self.q(
            "MATCH (a)-[r]->(b) WHERE elementId(a) IN $ids OR elementId(b) IN $ids "
            "RETURN elementId(r) AS e, elementId(a) AS a, type(r) AS t, "
            "elementId(b) AS b, properties(r) AS p",
            ids=new,
        )
        key = repr
        return sorted(nodes, key=key), sorted(rels, key=key)

    def cited_by(self, doc_id: str) -> set[str]:
        rows = self.q("MATCH (d:Document {id: $id})<-[r]-(o:Document) RETURN o.id AS id", id=doc_id)
        return {r["id"] for r in rows}

    def node(self, doc_id: str) -> dict[str, Any] | None:
        rows = self.q(
            "MATCH (d:Document {id: $id}) RETURN elementId(d) AS e, labels(d) AS l, "
            "properties(d) AS p",
            id=doc_id,
        )
        return rows[0] if rows else None

    def outgoing(self, source_id: str) -> set[tuple[str, str, str]]:
        """Every relationship whose evidence is ``source_id``'s text."""
        rows = self.q(
            "MATCH (a)-[r]->(b) WHERE r.source_id = $id RETURN a.id AS a, type(r) AS t, b.id AS b",
            id=source_id,
        )
        return {(r["a"], r["t"], r["b"]) for r in rows}

    def doc_edges(self, source_id: str) -> set[tuple[str, str, str]]:
        """Document-to-document relationships whose evidence is ``source_id``'s text."""
        return {e for e in self.outgoing(source_id) if self.node(e[2]) is not None}


@pytest.fixture()
def graph(driver: Driver, settings: Settings) -> Iterator[Graph]:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN elementId(n) AS e", database_=settings.neo4j_database
    )
    g = Graph(driver, settings.neo4j_database, {r["e"] for r in records})
    try:
        yield g
    finally:
        driver.execute_query(
            "MATCH (n) WHERE elementId(n) IN $ids DETACH DELETE n",
            ids=g.new_ids(),
            database_=settings.neo4j_database,
        )


@pytest.fixture()
def uid() -> int:
    return random.randint(1_000, 9_999)  # symbols keep at most 5 digits


def cite(
    symbol: str | None,
    *,
    relation: str = "CITES",
    date: str | None = None,
    year: int | None = None,
    doc_type: str | None = "Nghị quyết",
    name: str | None = None,
    subject: str | None = None,
    issuer: str | None = None,
) -> Citation:
    label = symbol or name or ""
    sentence = f"Căn cứ {doc_type or ''} số {label} {('ngày ' + date) if date else ''}".strip()
    return Citation(
        symbol=symbol,
        name=name,
        doc_type=doc_type,
        year=year or (int(date[:4]) if date else None),
        issued_date=date,
        issuer=issuer,
        subject=subject,
        relation=relation,  # type: ignore[arg-type]
        span=(0, len(sentence)),
        sentence=sentence,
    )


def document(
    symbol: str | None,
    date: str | None,
    *,
    doc_type: str = "Nghị quyết",
    issuer: str = "Chính phủ",
    title: str = "về một việc",
    citations: list[Citation] | None = None,
    signers: list[Signer] | None = None,
    content: str = "v1",
    **more: Any,
) -> Extraction:
    return Extraction(
        source=f"test:{symbol}",
        document=DocumentMeta(
            symbol=symbol,
            doc_type=doc_type,
            issuer=issuer,
            issued_date=date,
            title=title,
            signers=signers or [],
        ),
        citations=citations or [],
        content_hash=f"hash-{symbol}-{date}-{content}",
        **more,
    )


# ------------------------------------------------------------------------------ year-aware ---
def test_one_symbol_in_two_years_gives_two_nodes_and_separate_cited_by(
    graph: Graph, uid: int
) -> None:
    sym = f"{uid}-NQ/TW"
    party = "Ban Chấp hành Trung ương"
    assert graph.ingest(document(sym, "2017-10-25", issuer=party)) == "inserted"
    assert graph.ingest(document(sym, "2022-06-16", issuer=party)) == "inserted"
    a = document(
        f"{uid}1/NQ-CP",
        "2018-03-01",
        citations=[cite(sym, relation="IMPLEMENTS", date="2017-10-25")],
    )
    b = document(
        f"{uid}2/CT-TTg", "2023-01-10", doc_type="Chỉ thị", citations=[cite(sym, date="2022-06-16")]
    )
    c = document(
        f"{uid}3/QĐ-TTg", "2019-05-05", doc_type="Quyết định", citations=[cite(sym, year=2017)]
    )  # "năm 2017": a year without a date
    for ex in (a, b, c):
        assert graph.ingest(ex) == "inserted"

    rows = graph.q(
        "MATCH (d:Document {symbol_key: $k}) RETURN d.id AS id, d.issued_date AS date ORDER BY id",
        k=sym,
    )
    assert rows == [
        {"id": f"{uid}-nq-tw-2017", "date": "2017-10-25"},
        {"id": f"{uid}-nq-tw-2022", "date": "2022-06-16"},
    ]
    assert graph.cited_by(f"{uid}-nq-tw-2017") == {f"{uid}1-nq-cp-2018", f"{uid}3-qd-ttg-2019"}
    assert graph.cited_by(f"{uid}-nq-tw-2022") == {f"{uid}2-ct-ttg-2023"}
    rel = graph.q(
        "MATCH (:Document {id: $a})-[r]->(:Document {id: $b}) RETURN type(r) AS t, "
        "r.source_id AS s, r.sentence AS sentence, r.stated AS stated",
        a=f"{uid}1-nq-cp-2018",
        b=f"{uid}-nq-tw-2017",
    )
    assert rel == [
        {
            "t": "IMPLEMENTS",
            "s": f"{uid}1-nq-cp-2018",
            "sentence": a.citations[0].sentence,
            "stated": False,
        }
    ]


def test_yearless_citation_resolves_only_when_the_evidence_decides(graph: Graph, uid: int) -> None:
    sym = f"{uid}/NQ-CP"  # individual documents: numbering restarts every year
    graph.ingest(document(sym, "2023-01-05"))
    early = document(f"{uid}1/QĐ-TTg", "2023-06-01", doc_type="Quyết định", citations=[cite(sym)])
    graph.ingest(early)
    assert graph.doc_edges(f"{uid}1-qd-ttg-2023") == {
        (f"{uid}1-qd-ttg-2023", "CITES", f"{uid}-nq-cp-2023")
    }

    graph.ingest(document(sym, "2024-01-08"))
    # a citer of late 2023: the 2024 resolution is in its future, so one candidate remains
    before_2024 = document(
        f"{uid}2/QĐ-TTg", "2023-12-01", doc_type="Quyết định", citations=[cite(sym)]
    )
    graph.ingest(before_2024)
    assert graph.doc_edges(f"{uid}2-qd-ttg-2023") == {
        (f"{uid}2-qd-ttg-2023", "CITES", f"{uid}-nq-cp-2023")
    }
    # a citer of mid 2024: two candidates, so an ambiguous placeholder that names both
    late = document(f"{uid}3/QĐ-TTg", "2024-06-01", doc_type="Quyết định", citations=[cite(sym)])
    graph.ingest(late)
    amb = f"{uid}-nq-cp-y-unknown"
    assert graph.doc_edges(f"{uid}3-qd-ttg-2024") == {(f"{uid}3-qd-ttg-2024", "CITES", amb)}
    node = graph.node(amb)
    assert node is not None
    assert node["p"]["ambiguous"] is True and node["p"]["ingested"] is False
    assert sorted(node["p"]["candidates"]) == [f"{uid}-nq-cp-2023", f"{uid}-nq-cp-2024"]
    assert "Resolution" in node["l"]
    assert node["p"]["symbol_key"] == sym.upper()


# ---------------------------------------------------------------------------- placeholders ---
def test_placeholder_upgrades_in_place(graph: Graph, uid: int) -> None:
    target = f"{uid}/QĐ-TTg"
    citer = document(
        f"{uid}1/CT-TTg",
        "2024-09-01",
        doc_type="Chỉ thị",
        citations=[
            cite(
                target,
                doc_type="Quyết định",
                date="2024-02-03",
                issuer="Thủ tướng Chính phủ",
                subject="phê duyệt Đề án thử nghiệm",
            )
        ],
    )
    graph.ingest(citer)
    tid = f"{uid}-qd-ttg-2024"
    ph = graph.node(tid)
    assert ph is not None
    assert ph["p"]["ingested"] is False
    assert set(ph["l"]) == {"Document", "Decision"}
    assert ph["p"]["title"] == "phê duyệt Đề án thử nghiệm"
    assert ph["p"]["issued_date"] == "2024-02-03" and ph["p"]["issuer"] == "Thủ tướng Chính phủ"
    assert ph["p"]["issuer_id"] == "thu-tuong-chinh-phu"

    real = document(
        target,
        "2024-02-03",
        doc_type="Quyết định",
        issuer="Thủ tướng Chính phủ",
        title="Phê duyệt Đề án thử nghiệm dữ liệu",
    )
    assert graph.ingest(real) == "inserted"
    up = graph.node(tid)
    assert up is not None
    assert up["e"] == ph["e"]  # the same node
    assert up["p"]["ingested"] is True and up["p"]["title"] == "Phê duyệt Đề án thử nghiệm dữ liệu"
    assert set(up["l"]) == {"Document", "Decision"}
    assert graph.cited_by(tid) == {f"{uid}1-ct-ttg-2024"}  # incoming edge kept
    assert graph.q(
        "MATCH (d:Document) WHERE d.symbol_key = $k RETURN count(d) AS n",
        k=target.upper().replace("Đ", "D"),
    ) == [{"n": 1}]


def test_placeholder_type_label_is_replaced_by_the_real_type(graph: Graph, uid: int) -> None:
    graph.ingest(
        document(
            f"{uid}1/CT-TTg",
            "2024-09-01",
            doc_type="Chỉ thị",
            citations=[cite(f"{uid}/2024/NĐ-CP", doc_type=None)],
        )
    )
    pid = f"{uid}-2024-nd-cp"
    ph = graph.node(pid)
    assert ph is not None and set(ph["l"]) == {"Document", "Other"}
    graph.ingest(document(f"{uid}/2024/NĐ-CP", "2024-01-02", doc_type="Nghị định"))
    up = graph.node(pid)
    assert up is not None and up["e"] == ph["e"] and set(up["l"]) == {"Document", "Decree"}


def test_stated_relation_links_the_two_other_documents(graph: Graph, uid: int) -> None:
    x, y = f"{uid}1/NQ-CP", f"{uid}-NQ/TW"
    cx = cite(x, date="2018-01-05")
    cy = cite(y, date="2017-10-25")
    sentence = f"Nghị quyết số {x} ban hành Chương trình hành động thực hiện Nghị quyết số {y}"
    stating = document(
        f"{uid}2/CT-TTg",
        "2019-02-02",
        doc_type="Chỉ thị",
        citations=[cx, cy],
        stated_relations=[
            StatedRelation.model_validate(
                {"from": cx, "relation": "IMPLEMENTS", "to": cy, "sentence": sentence}
            )
        ],
    )
    graph.ingest(stating)
    rows = graph.q(
        "MATCH (a:Document {id: $a})-[r:IMPLEMENTS]->(b:Document {id: $b}) "
        "RETURN r.source_id AS s, r.stated AS stated, r.sentence AS sentence",
        a=f"{uid}1-nq-cp-2018",
        b=f"{uid}-nq-tw-2017",
    )
    assert rows == [{"s": f"{uid}2-ct-ttg-2019", "stated": True, "sentence": sentence}]


# -------------------------------------------------------------------------- re-ingesting ---
def test_changed_content_replaces_the_outgoing_edges(graph: Graph, uid: int) -> None:
    me = f"{uid}/NQ-CP"
    a, b, c = f"{uid}1/2020/NĐ-CP", f"{uid}2/2021/NĐ-CP", f"{uid}3/2022/NĐ-CP"
    ca, cb = cite(a, doc_type="Nghị định"), cite(b, doc_type="Nghị định")
    v1 = document(
        me,
        "2024-05-05",
        citations=[ca, cb],
        stated_relations=[
            StatedRelation.model_validate(
                {
                    "from": ca,
                    "relation": "AMENDS",
                    "to": cb,
                    "sentence": "Nghị định a sửa đổi Nghị định b",
                }
            )
        ],
        tasks=[
            Task(text="Bộ Nội vụ chủ trì", lead=["Bộ Nội vụ"], deadline="2025-02", span=(0, 5)),
            Task(text="Bộ Tài chính", lead=["Bộ Tài chính"], span=(6, 9)),
        ],
    )
    # an unrelated document keeps citing b: b must survive the replacement
    other = document(f"{uid}9/QĐ-TTg", "2024-06-01", doc_type="Quyết định", citations=[cb])
    graph.ingest(other)
    assert graph.ingest(v1) == "inserted"
    doc_id = f"{uid}-nq-cp-2024"
    assert graph.outgoing(doc_id) == {
        (doc_id, "CITES", f"{uid}1-2020-nd-cp"),
        (doc_id, "CITES", f"{uid}2-2021-nd-cp"),
        (f"{uid}1-2020-nd-cp", "AMENDS", f"{uid}2-2021-nd-cp"),
        (doc_id, "ASSIGNS", f"{doc_id}~t1"),
        (doc_id, "ASSIGNS", f"{doc_id}~t2"),
        (f"{doc_id}~t1", "LED_BY", "bo-noi-vu"),
        (f"{doc_id}~t2", "LED_BY", "bo-tai-chinh"),
        (doc_id, "ISSUED_BY", "chinh-phu"),
    }
    task = graph.q(
        "MATCH (t:Task {id: $id}) RETURN t.deadline AS d, t.deadline_from AS f, t.deadline_to AS t",
        id=f"{doc_id}~t1",
    )
    assert task == [{"d": "2025-02", "f": "2025-02-01", "t": "2025-02-28"}]

    v2 = document(
        me,
        "2024-05-05",
        citations=[cite(c, doc_type="Nghị định")],
        content="v2",
        tasks=[Task(text="Bộ Tư pháp chủ trì", lead=["Bộ Tư pháp"], span=(0, 5))],
    )
    assert graph.ingest(v2) == "updated"
    assert graph.outgoing(doc_id) == {
        (doc_id, "CITES", f"{uid}3-2022-nd-cp"),
        (doc_id, "ASSIGNS", f"{doc_id}~t1"),
        (f"{doc_id}~t1", "LED_BY", "bo-tu-phap"),
        (doc_id, "ISSUED_BY", "chinh-phu"),
    }
    assert graph.q(
        "MATCH (t:Task) WHERE t.document_id = $id RETURN t.id AS id, t.text AS text", id=doc_id
    ) == [{"id": f"{doc_id}~t1", "text": "Bộ Tư pháp chủ trì"}]
    # a placeholder nothing cites any more is gone; one still cited by another document stays
    assert graph.node(f"{uid}1-2020-nd-cp") is None
    assert graph.cited_by(f"{uid}2-2021-nd-cp") == {f"{uid}9-qd-ttg-2024"}
    assert graph.ingest(v2) == "unchanged"


def test_ingesting_identical_content_changes_nothing(graph: Graph, uid: int) -> None:
    exs = [
        document(
            f"{uid}/NQ-CP",
            "2024-05-05",
            citations=[cite(f"{uid}-NQ/TW"), cite(f"{uid}1/2020/NĐ-CP")],
            signers=[Signer(name="Nguyễn Văn Thử", position="Thủ tướng", capacity="TM.")],
        ),
        document(f"{uid}-NQ/TW", "2017-10-25", issuer="Ban Chấp hành Trung ương"),
    ]
    assert [graph.ingest(e) for e in exs] == ["inserted", "inserted"]
    before = graph.dump()
    assert [graph.ingest(e) for e in exs] == ["unchanged", "unchanged"]
    assert graph.dump() == before


def _stamps(graph: Graph, doc_id: str) -> tuple[str, str]:
    node = graph.node(doc_id)
    assert node is not None
    return node["p"]["ingested_at"], node["p"]["updated_at"]


def test_load_times_mark_the_first_ingestion_and_the_last_change(graph: Graph, uid: int) -> None:
    """``ingested_at``: the first time the real document was written (a placeholder has none,
    and keeps none when upgraded until then); ``updated_at``: the last time its content
    changed. An unchanged re-ingest touches neither; both loaders set them."""
    cited = document(f"{uid}-NQ/TW", "2017-10-25", issuer="Ban Chấp hành Trung ương")
    citing = document(f"{uid}/NQ-CP", "2024-05-05", citations=[cite(f"{uid}-NQ/TW", year=2017)])
    graph.ingest(citing)
    placeholder = graph.node(f"{uid}-nq-tw-2017")
    assert placeholder is not None and placeholder["p"]["ingested"] is False
    assert "ingested_at" not in placeholder["p"] and "updated_at" not in placeholder["p"]

    assert graph.ingest(cited) == "inserted"  # the placeholder upgraded in place
    first = _stamps(graph, f"{uid}-nq-tw-2017")
    assert first[0] == first[1] and first[0].endswith("Z")
    assert graph.ingest(cited) == "unchanged"
    assert _stamps(graph, f"{uid}-nq-tw-2017") == first

    changed = document(
        f"{uid}-NQ/TW", "2017-10-25", issuer="Ban Chấp hành Trung ương", content="v2"
    )
    assert graph.ingest(changed) == "updated"
    ingested_at, updated_at = _stamps(graph, f"{uid}-nq-tw-2017")
    assert ingested_at == first[0] and updated_at > first[1]

    # the batch loader: the same rules
    report = load.write_plans(graph.driver, graph.db, _items([changed, citing]), batch_size=10)
    assert (report.unchanged, report.inserted, report.updated) == (2, 0, 0)
    assert _stamps(graph, f"{uid}-nq-tw-2017") == (ingested_at, updated_at)
    v3 = document(f"{uid}-NQ/TW", "2017-10-25", issuer="Ban Chấp hành Trung ương", content="v3")
    assert load.write_plans(graph.driver, graph.db, _items([v3]), batch_size=10).updated == 1
    again = _stamps(graph, f"{uid}-nq-tw-2017")
    assert again[0] == first[0] and again[1] > updated_at


# ------------------------------------------------------------------------- transactions ---
def test_a_failing_write_leaves_nothing_of_the_document(
    graph: Graph, uid: int, driver: Driver, settings: Settings
) -> None:
    ex = document(
        f"{uid}/NQ-CP",
        "2024-05-05",
        citations=[cite(f"{uid}1/2020/NĐ-CP")],
        tasks=[Task(text="Bộ Nội vụ chủ trì", lead=["Bộ Nội vụ"], span=(0, 5))],
    )
    plan = load.plan_document(ex)
    # sabotage the last statement (after the document, placeholders and edges were written):
    # Neo4j refuses a map as a property value, so the transaction fails at its very end
    name, params = plan.statements[-1]
    rows = [dict(r, props={"bad": {"nested": "map"}}) for r in params["rows"]]
    plan.statements[-1] = (name, {"rows": rows})
    with driver.session(database=settings.neo4j_database) as s, pytest.raises(Neo4jError):
        s.execute_write(load.write_document, plan)
    assert graph.node(f"{uid}-nq-cp-2024") is None
    assert graph.node(f"{uid}1-2020-nd-cp") is None
    assert graph.new_ids() == []


async def test_async_executor_writes_the_same_graph(
    graph: Graph, uid: int, settings: Settings
) -> None:
    ex = document(f"{uid}/NQ-CP", "2024-05-05", citations=[cite(f"{uid}-NQ/TW", date="2017-10-25")])
    plan = load.plan_document(ex)
    async with (
        AsyncGraphDatabase.driver(settings.bolt_uri, auth=settings.auth()) as drv,
        drv.session(database=settings.neo4j_database) as s,
    ):
        assert await s.execute_write(load.write_document_async, plan) == "inserted"
        assert await s.execute_write(load.write_document_async, plan) == "unchanged"
    assert graph.outgoing(f"{uid}-nq-cp-2024") == {
        (f"{uid}-nq-cp-2024", "CITES", f"{uid}-nq-tw-2017"),
        (f"{uid}-nq-cp-2024", "ISSUED_BY", "chinh-phu"),
    }
    await asyncio.sleep(0)


# ----------------------------------------------------------------------- files, end to end ---
def _text(uid: int, n: int, *, day: str, cites: str, body: str) -> str:
    return f"""CHÍNH PHỦ
Số: {uid}{n}/NQ-CP

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày {day} tháng 3 năm 2024

NGHỊ QUYẾT
Về triển khai Đề án 06 và {body}

CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
{cites}

QUYẾT NGHỊ:

Điều 1. Giao Bộ Công an chủ trì, phối hợp với Bộ Nội vụ hoàn thành trong quý I/2025 việc {body}.

Điều 2. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị quyết này.

Nơi nhận:
- Bộ Công an;
- Bộ Nội vụ;
- Lưu: VT, TH.

TM. CHÍNH PHỦ
THỦ TƯỚNG

Nguyễn Văn Thử
"""


def test_ingest_paths_end_to_end(graph: Graph, uid: int, tmp_path: Path) -> None:
    files = tmp_path / "docs"
    files.mkdir()
    (files / "a.txt").write_text(
        _text(
            uid,
            1,
            day="05",
            body="cải cách thủ tục hành chính",
            cites=f"Căn cứ Nghị quyết số {uid}-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương;",
        ),
        encoding="utf-8",
    )
    (files / "b.txt").write_text(
        _text(
            uid,
            2,
            day="12",
            body="chuyển đổi số quốc gia",
            cites=f"Căn cứ Nghị quyết số {uid}1/NQ-CP ngày 05/3/2024 của Chính phủ;",
        ),
        encoding="utf-8",
    )
    (files / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    seen: list[tuple[str, str]] = []
    report = load.ingest_paths(
        graph.driver,
        graph.db,
        [files, tmp_path / "missing.txt"],
        progress=lambda p, s: seen.append((Path(p).name, s)),
    )
    assert (report.inserted, report.updated, report.unchanged, report.failed) == (2, 0, 0, 2)
    reasons = dict((Path(p).name, r) for p, r in report.failures)
    assert set(reasons) == {"broken.txt", "missing.txt"}
    assert "binary" in reasons["broken.txt"] and "no such file" in reasons["missing.txt"]
    assert sorted(seen) == [
        ("a.txt", "inserted"),
        ("b.txt", "inserted"),
        ("broken.txt", "failed"),
        ("missing.txt", "failed"),
    ]
    assert str(report).startswith("4 documents in ") and "2 inserted" in str(report)

    a, b = f"{uid}1-nq-cp-2024", f"{uid}2-nq-cp-2024"
    assert graph.cited_by(f"{uid}-nq-tw-2017") == {a}
    assert graph.cited_by(a) == {b}  # b cites a: a dated citation between two ingested files
    node = graph.node(a)
    assert node is not None and node["p"]["ingested"] is True
    assert node["p"]["content_hash"] and "cải cách thủ tục" in node["p"]["search_text"]
    lead = graph.q(
        "MATCH (:Document {id: $id})-[:ASSIGNS]->(t:Task)-[:LED_BY]->(g:Agency) "
        "RETURN g.id AS g, t.deadline_from AS f, t.deadline_to AS t",
        id=a,
    )
    assert {"g": "bo-cong-an", "f": "2025-01-01", "t": "2025-03-31"} in lead
    # full text: insensitive to diacritics and case, Đ folds to D
    hits = graph.q(
        "CALL db.awaitIndexes(60) "
        "CALL db.index.fulltext.queryNodes('document_search', 'de an 06 chuyen doi') "
        "YIELD node RETURN node.id AS id"
    )
    assert b in {h["id"] for h in hits}

    before = graph.dump()
    again = load.ingest_paths(graph.driver, graph.db, [files], workers=2)
    assert (again.inserted, again.updated, again.unchanged, again.failed) == (0, 0, 2, 1)
    assert graph.dump() == before


# --------------------------------------------------------------------------------- batches ---
def _items(exs: list[Extraction]) -> list[tuple[str, load.DocumentPlan | None, str | None]]:
    return [(f"mem:{i}", load.plan_document(ex), None) for i, ex in enumerate(exs)]


def _normalised(graph: Graph) -> tuple[list[Any], list[Any]]:
    """The test's nodes and relationships keyed by ids, not element ids (comparable across
    two loads of the same documents: the load times are left out, once checked present on
    every ingested document and absent from placeholders)."""
    new = graph.new_ids()
    nodes = graph.q(
        "MATCH (n) WHERE elementId(n) IN $ids RETURN n.id AS id, labels(n) AS l, "
        "properties(n) AS p ORDER BY id",
        ids=new,
    )
    for n in nodes:
        n["l"] = sorted(n["l"])
        stamps = [n["p"].pop(k, None) for k in ("ingested_at", "updated_at")]
        ingested = "Document" in n["l"] and n["p"].get("ingested")
        assert all(stamps) if ingested else stamps == [None, None], n["id"]
        if n["p"].get("candidates") is not None:
            n["p"]["candidates"] = sorted(n["p"]["candidates"])
    rels = graph.q(
        "MATCH (a)-[r]->(b) WHERE elementId(a) IN $ids OR elementId(b) IN $ids "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p",
        ids=new,
    )
    return nodes, sorted(rels, key=repr)


def _mixed_corpus(uid: int, content: str = "v1") -> list[Extraction]:
    """Documents that exercise every batch statement, in an order where later documents must
    see earlier ones of the same batch (year-less citations, placeholders upgraded)."""
    sym = f"{uid}/NQ-CP"
    a, b = f"{uid}1/2020/NĐ-CP", f"{uid}2/2021/NĐ-CP"
    ca, cb = cite(a, doc_type="Nghị định"), cite(b, doc_type="Nghị định")
    return [
        document(sym, "2023-01-05", content=content),
        document(f"{uid}1/QĐ-TTg", "2023-06-01", doc_type="Quyết định", citations=[cite(sym)]),
        document(sym.replace("/", "0/"), "2024-01-08", citations=[cite(f"{uid}-NQ/TW")]),
        document(sym, "2024-01-08", content=content),
        document(f"{uid}2/QĐ-TTg", "2023-12-01", doc_type="Quyết định", citations=[cite(sym)]),
        document(
            f"{uid}3/QĐ-TTg",
            "2024-06-01",
            doc_type="Quyết định",
            citations=[cite(sym), ca, cb],
            stated_relations=[
                StatedRelation.model_validate(
                    {"from": ca, "relation": "AMENDS", "to": cb, "sentence": "a sửa đổi b"}
                )
            ],
            tasks=[
                Task(text="Bộ Nội vụ chủ trì", lead=["Bộ Nội vụ"], deadline="2025", span=(0, 5))
            ],
            signers=[Signer(name="Nguyễn Văn Thử", position="Thủ tướng", capacity="TM.")],
            content=content,
        ),
        document(f"{uid}-NQ/TW", "2017-10-25", issuer="Ban Chấp hành Trung ương"),
    ]


def test_a_batch_writes_the_same_graph_as_one_transaction_per_document(
    graph: Graph, uid: int
) -> None:
    exs = _mixed_corpus(uid)
    one_by_one = [graph.ingest(ex) for ex in exs]
    expected = _normalised(graph)
    graph.driver.execute_query(
        "MATCH (n) WHERE elementId(n) IN $ids DETACH DELETE n",
        ids=graph.new_ids(),
        database_=graph.db,
    )
    assert graph.new_ids() == []

    report = load.write_plans(graph.driver, graph.db, _items(exs), batch_size=100)
    assert report.inserted == len(exs) and one_by_one == ["inserted"] * len(exs)
    assert _normalised(graph) == expected
    # the year-less citations saw the documents written before them in the same batch
    assert graph.doc_edges(f"{uid}1-qd-ttg-2023") == {
        (f"{uid}1-qd-ttg-2023", "CITES", f"{uid}-nq-cp-2023")
    }
    amb = graph.node(f"{uid}-nq-cp-y-unknown")
    assert amb is not None and sorted(amb["p"]["candidates"]) == [
        f"{uid}-nq-cp-2023",
        f"{uid}-nq-cp-2024",
    ]

    # identical content again, in one batch: all unchanged, nothing moves
    again = load.write_plans(graph.driver, graph.db, _items(exs), batch_size=100)
    assert (again.unchanged, again.inserted, again.updated) == (len(exs), 0, 0)
    assert _normalised(graph) == expected


def test_a_batch_replaces_the_edges_of_changed_documents(graph: Graph, uid: int) -> None:
    load.write_plans(graph.driver, graph.db, _items(_mixed_corpus(uid)), batch_size=100)
    v2 = _mixed_corpus(uid, content="v2")
    v2[5] = v2[5].model_copy(
        update={"citations": [cite(f"{uid}4/2022/NĐ-CP")], "tasks": [], "stated_relations": []}
    )
    report = load.write_plans(graph.driver, graph.db, _items(v2), batch_size=100)
    assert (report.updated, report.unchanged) == (3, 4)
    me = f"{uid}3-qd-ttg-2024"
    assert graph.outgoing(me) == {
        (me, "CITES", f"{uid}4-2022-nd-cp"),
        (me, "ISSUED_BY", "chinh-phu"),
        (me, "SIGNED_BY", "nguyen-van-thu"),
    }
    assert graph.node(f"{uid}1-2020-nd-cp") is None  # orphaned placeholder removed
    assert graph.q("MATCH (t:Task) WHERE t.document_id = $id RETURN t", id=me) == []
    # updates and unchanged documents in one batch: same graph as one per transaction
    expected = _normalised(graph)
    graph.driver.execute_query(
        "MATCH (n) WHERE elementId(n) IN $ids DETACH DELETE n",
        ids=graph.new_ids(),
        database_=graph.db,
    )
    for ex in _mixed_corpus(uid):
        graph.ingest(ex)
    assert [graph.ingest(ex) for ex in v2] == [
        "updated",
        "unchanged",
        "unchanged",
        "updated",
        "unchanged",
        "updated",
        "unchanged",
    ]
    assert _normalised(graph) == expected


def test_a_bad_document_in_a_batch_fails_alone(graph: Graph, uid: int) -> None:
    exs = [
        document(
            f"{uid}{n}/NQ-CP",
            "2024-05-05",
            citations=[cite(f"{uid}{n}/2020/NĐ-CP")],
            tasks=[Task(text="Bộ Nội vụ chủ trì", lead=["Bộ Nội vụ"], span=(0, 5))],
        )
        for n in range(5)
    ]
    items = _items(exs)
    _, bad, _ = items[2]
    assert bad is not None
    # Neo4j refuses a map as a property value: the batch transaction fails at its last statement
    name, params = bad.statements[-1]
    bad.statements[-1] = (name, {"rows": [dict(r, props={"x": {"y": 1}}) for r in params["rows"]]})
    seen: list[tuple[str, str]] = []
    report = load.write_plans(
        graph.driver, graph.db, items, batch_size=10, progress=lambda p, s: seen.append((p, s))
    )
    assert (report.inserted, report.failed) == (4, 1)
    assert report.failures[0][0] == "mem:2" and "refused" in report.failures[0][1]
    assert sorted(seen) == [(f"mem:{i}", "failed" if i == 2 else "inserted") for i in range(5)]
    assert graph.node(f"{uid}2-nq-cp-2024") is None
    assert graph.node(f"{uid}2-2020-nd-cp") is None  # nothing of the bad document
    assert (
        graph.q("MATCH (t:Task) WHERE t.document_id = $id RETURN t", id=f"{uid}2-nq-cp-2024") == []
    )
    for n in (0, 1, 3, 4):
        me = f"{uid}{n}-nq-cp-2024"
        assert graph.doc_edges(me) == {(me, "CITES", f"{uid}{n}-2020-nd-cp")}
        assert (f"{me}~t1", "LED_BY", "bo-noi-vu") in graph.outgoing(me)


def test_the_same_document_twice_in_one_load_is_written_in_order(graph: Graph, uid: int) -> None:
    v1 = document(f"{uid}/NQ-CP", "2024-05-05", citations=[cite(f"{uid}1/2020/NĐ-CP")])
    v2 = document(
        f"{uid}/NQ-CP", "2024-05-05", citations=[cite(f"{uid}2/2021/NĐ-CP")], content="v2"
    )
    seen: list[str] = []
    report = load.write_plans(
        graph.driver, graph.db, _items([v1, v2, v2]), progress=lambda p, s: seen.append(s)
    )
    assert seen == ["inserted", "updated", "unchanged"] and report.total == 3
    me = f"{uid}-nq-cp-2024"
    assert graph.doc_edges(me) == {(me, "CITES", f"{uid}2-2021-nd-cp")}


def test_quiet_parameters_reach_the_server_unchanged(driver: Driver, settings: Settings) -> None:
    """The loader wraps its batch parameters (``ingest.bolt_params.quiet``); the driver must
    pack the wrappers exactly as the plain lists and maps they are."""
    from ingest.bolt_params import quiet

    rows = [
        {
            "id": f"q-{i}",
            "props": {"sentence": "Căn cứ Nghị quyết số 18-NQ/TW ngày 25/10/2017", "start": i},
            "candidates": ["18-nq-tw-2017", "18-nq-tw-2022"] if i % 2 else None,
        }
        for i in range(300)
    ]
    params = {"rows": rows, "doc": {"id": "q-doc", "year": 2025}, "now": "2026-11-23"}
    records, _, _ = driver.execute_query(
        "UNWIND $rows AS r RETURN r, $doc AS doc, $now AS now",
        quiet(params),
        database_=settings.neo4j_database,
    )
    assert [r["r"] for r in records] == rows
    assert {(r["doc"]["id"], r["doc"]["year"], r["now"]) for r in records} == {
        ("q-doc", 2025, "2026-11-23")
    }
