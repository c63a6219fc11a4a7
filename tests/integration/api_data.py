"""Test data of the API tests, written through the real loader (``ingest.load``).

Symbols use numbers no other test uses (918-NQ/TW, 91xx/...) and unusual agency and programme
names, so the data can sit beside other tests' data in the shared test database; :func:`remove`
deletes it again (documents, placeholders they created, their tasks, and agencies, people and
programmes left without any relationship).
"""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import Driver

from ingest import load
from ingest.models import Citation, DocumentMeta, Extraction, Programme, Signer, Task

LEAD = "Tổ công tác thử nghiệm Zeta"
SUPPORT = "Tổ công tác thử nghiệm Eta"
PROGRAMME = "Đề án 06 thí điểm Zeta"
CM = "Ban Chấp hành Trung ương"


def cite(
    symbol: str,
    relation: str = "CITES",
    year: int | None = None,
    doc_type: str | None = None,
    sentence: str | None = None,
) -> Citation:
    return Citation(
        symbol=symbol,
        year=year,
        doc_type=doc_type,
        relation=relation,  # type: ignore[arg-type]
        span=(0, 10),
        sentence=sentence or f"Căn cứ văn bản số {symbol};",
    )


def doc(
    symbol: str,
    date: str,
    doc_type: str,
    issuer: str,
    title: str,
    citations: Iterable[Citation] = (),
    tasks: Iterable[Task] = (),
    programmes: Iterable[str] = (),
    signer: str | None = None,
) -> Extraction:
    citations = list(citations)
    return Extraction(
        source=f"test-api/{symbol}",
        document=DocumentMeta(
            symbol=symbol,
            doc_type=doc_type,
            issuer=issuer,
            issued_date=date,
            title=title,
            signers=[Signer(name=signer, position="Phó Thủ tướng")] if signer else [],
        ),
        citations=citations,
        tasks=list(tasks),
        programmes=[Programme(name=p, aliases=[p]) for p in programmes],
    )


def corpus() -> list[Extraction]:
    """Two 918-NQ/TW (2017, 2022), documents implementing each, tasks, a hub for chains."""
    docs = [
        doc(
            "918-NQ/TW",
            "2017-10-25",
            "Nghị quyết",
            CM,
            "Nghị quyết về tinh gọn bộ máy thử nghiệm zetaword",
        ),
        doc(
            "918-NQ/TW",
            "2022-06-16",
            "Nghị quyết",
            CM,
            "Nghị quyết về đổi mới chính sách đất đai thử nghiệm",
        ),
        doc(
            "9181/QĐ-TTg",
            "2018-03-01",
            "Quyết định",
            "Thủ tướng Chính phủ",
            "Chương trình hành động thực hiện Nghị quyết 918-NQ/TW năm 2017",
            [
                cite(
                    "918-NQ/TW",
                    "IMPLEMENTS",
                    2017,
                    "Nghị quyết",
                    "Ban hành Chương trình hành động thực hiện Nghị quyết số 918-NQ/TW "
                    "ngày 25/10/2017.",
                )
            ],
        ),
        doc(
            "9182/CT-TTg",
            "2023-01-10",
            "Chỉ thị",
            "Thủ tướng Chính phủ",
            "Chỉ thị về triển khai Đề án 06 thí điểm Zeta",
            [cite("918-NQ/TW", "CITES", 2022, "Nghị quyết")],
            tasks=[
                Task(
                    text="Tổ Zeta chủ trì, phối hợp Tổ Eta rà soát, trước ngày 30/9/2025.",
                    lead=[LEAD],
                    support=[SUPPORT],
                    deadline="2025-09-30",
                    span=(0, 5),
                ),
                Task(
                    text="Tổ Eta chủ trì, phối hợp Tổ Zeta báo cáo trong quý I/2026.",
                    lead=[SUPPORT],
                    support=[LEAD],
                    deadline="2026-Q1",
                    span=(5, 9),
                ),
                Task(text="Tổ Zeta theo dõi thường xuyên.", lead=[LEAD], span=(9, 12)),
            ],
            programmes=[PROGRAMME],
            signer="Trần Thửnghiệm Zeta",
        ),
        doc(
            "9183/KH-BNV",
            "2023-05-02",
            "Kế hoạch",
            "Bộ Nội vụ",
            "Kế hoạch thực hiện Nghị quyết 918-NQ/TW năm 2022",
            [
                cite("918-NQ/TW", "IMPLEMENTS", 2022, "Nghị quyết"),
                cite("9182/CT-TTg", "BASED_ON", 2023, "Chỉ thị"),
            ],
        ),
    ]
    # a hub law cited by 8 decisions, each cited by one circular: for chain caps
    docs.append(doc("9190/2019/QH14", "2019-06-01", "Luật", "Quốc hội", "Luật thử nghiệm Zeta"))
    for i in range(8):
        docs.append(
            doc(
                f"92{i:02d}/QĐ-TTg",
                f"2020-01-{i + 10:02d}",
                "Quyết định",
                "Thủ tướng Chính phủ",
                f"Quyết định số {i} về luật thử nghiệm",
                [cite("9190/2019/QH14", "GUIDES", 2019, "Luật")],
            )
        )
        docs.append(
            doc(
                f"93{i:02d}/2021/TT-BTC",
                f"2021-02-{i + 10:02d}",
                "Thông tư",
                "Bộ Tài chính",
                f"Thông tư số {i} hướng dẫn",
                [cite(f"92{i:02d}/QĐ-TTg", "DETAILS", 2020, "Quyết định")],
            )
        )
    return docs


def text_of(extraction: Extraction) -> str:
    """A body for the full-text index: title, then the citing sentences."""
    meta = extraction.document
    return "\n".join(
        [
            (meta.doc_type or "").upper(),
            meta.title or "",
            *(c.sentence for c in extraction.citations),
        ]
    )


def write(driver: Driver, database: str, extraction: Extraction) -> str:
    plan = load.plan_document(extraction, text=text_of(extraction))
    with driver.session(database=database) as session:
        session.execute_write(load.write_document, plan)
    return plan.document_id


def remove(driver: Driver, database: str, ids: Iterable[str]) -> None:
    """Delete the documents ``ids``, the placeholders they cite that nothing else cites, their
    tasks, and the agencies, people, programmes and meetings left without relationships."""
    with driver.session(database=database) as session:
        session.run(
            """
            UNWIND $ids AS id
            MATCH (d:Document {id: id})
            OPTIONAL MATCH (d)-[:ASSIGNS]->(t:Task)
            OPTIONAL MATCH (d)-[]-(n) WHERE n:Agency OR n:Person OR n:Programme OR n:Meeting
                                         OR (n:Document AND NOT n.ingested)
            OPTIONAL MATCH (t)-[]-(ta:Agency)
            WITH collect(DISTINCT d) AS docs, collect(DISTINCT t) AS tasks,
                 collect(DISTINCT n) + collect(DISTINCT ta) AS around
            FOREACH (x IN tasks | DETACH DELETE x)
            FOREACH (x IN docs | DETACH DELETE x)
            WITH around
            UNWIND around AS n
            WITH DISTINCT n WHERE NOT (n)--()
            DELETE n
            """,
            ids=list(ids),
        ).consume()


def graph_counts(driver: Driver, database: str) -> tuple[int, int]:
    """(nodes, relationships) of the whole database: "nothing changed" checks."""
    with driver.session(database=database) as s:
        rec = s.run(
            "CALL () { MATCH (n) RETURN count(n) AS n } "
            "CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r"
        ).single()
        assert rec is not None
        return rec["n"], rec["r"]
