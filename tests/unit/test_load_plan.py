"""Plan building of the graph loader (no database): ids, placeholders, lookups, rows."""

from __future__ import annotations

from typing import Any

import pytest

import queries
from ingest import graph_model as gm
from ingest import load
from ingest.models import (
    Agency,
    Citation,
    DocumentMeta,
    Extraction,
    Meeting,
    Person,
    Programme,
    Signer,
    StatedRelation,
    Task,
)


def cite(symbol: str | None, **kw: Any) -> Citation:
    kw.setdefault("span", (10, 20))
    kw.setdefault("sentence", f"Căn cứ {symbol or kw.get('name')}")
    return Citation(symbol=symbol, **kw)


def extraction(**kw: Any) -> Extraction:
    meta = kw.pop("meta", {})
    base = {
        "symbol": "12/NQ-CP",
        "doc_type": "Nghị quyết",
        "issuer": "Chính phủ",
        "issued_date": "2024-03-05",
        "title": "Về một việc",
    }
    return Extraction(document=DocumentMeta(**(base | meta)), content_hash="h1", **kw)


def stmt(plan_or_list: load.DocumentPlan | list[load.Statement], name: str) -> dict[str, Any]:
    stmts = plan_or_list.statements if isinstance(plan_or_list, load.DocumentPlan) else plan_or_list
    found = [p for n, p in stmts if n == name]
    assert len(found) == 1, f"{name}: {[n for n, _ in stmts]}"
    return found[0]


def test_document_row_carries_the_contract_properties() -> None:
    plan = load.plan_document(extraction(), text="NGHỊ QUYẾT\nnội dung Đề án 06")
    assert plan.document_id == "12-nq-cp-2024"
    doc = plan.document
    assert doc["id"] == "12-nq-cp-2024" and doc["label"] == "Resolution"
    p = doc["props"]
    assert p["symbol_key"] == "12/NQ-CP" and p["year"] == 2024 and p["ingested"] is True
    assert p["issuer_id"] == "chinh-phu" and p["content_hash"] == "h1"
    assert p["search_text"] == "Về một việc\nNGHỊ QUYẾT\nnội dung Đề án 06"
    assert p["ambiguous"] is False and p["candidates"] is None


def test_search_text_is_capped() -> None:
    plan = load.plan_document(extraction(), text="x" * (gm.SEARCH_TEXT_LIMIT + 500))
    assert len(plan.document["props"]["search_text"]) == len("Về một việc\n") + gm.SEARCH_TEXT_LIMIT


def test_content_hash_falls_back_to_the_text() -> None:
    ex = extraction().model_copy(update={"content_hash": None})
    assert load.plan_document(ex, text="abc").content_hash == gm.content_hash("abc")
    assert load.plan_document(ex).content_hash == load.plan_document(ex).content_hash


def test_dated_citations_go_to_year_keyed_placeholders() -> None:
    plan = load.plan_document(
        extraction(
            citations=[
                cite(
                    "18-NQ/TW",
                    issued_date="2017-10-25",
                    year=2017,
                    doc_type="Nghị quyết",
                    relation="IMPLEMENTS",
                    subject="về tinh gọn bộ máy",
                ),
                cite("18-NQ/TW", year=2022),
                cite("108/2014/NĐ-CP", doc_type="Nghị định"),  # the year is inside the symbol
            ]
        )
    )
    ids = {p["id"]: p for p in plan.placeholders}
    assert set(ids) == {"18-nq-tw-2017", "18-nq-tw-2022", "108-2014-nd-cp"}
    p17 = ids["18-nq-tw-2017"]
    assert p17["label"] == "Resolution"
    assert p17["props"]["title"] == "về tinh gọn bộ máy"
    assert p17["props"]["issued_date"] == "2017-10-25" and p17["props"]["symbol_key"] == "18-NQ/TW"
    assert ids["108-2014-nd-cp"]["props"]["year"] == 2014
    assert ids["108-2014-nd-cp"]["label"] == "Decree"
    assert plan.lookups == []
    rels = stmt(load.resolve_statements(plan, {}), "merge_document_relations")["rows"]
    assert {(r["to"], r["type"]) for r in rels} == {
        ("18-nq-tw-2017", "IMPLEMENTS"),
        ("18-nq-tw-2022", "CITES"),
        ("108-2014-nd-cp", "CITES"),
    }
    assert all(r["source_id"] == "12-nq-cp-2024" and r["props"]["stated"] is False for r in rels)


def test_yearless_citation_becomes_a_lookup_resolved_by_the_candidates() -> None:
    plan = load.plan_document(extraction(citations=[cite("57-NQ/TW", doc_type="Nghị quyết")]))
    assert plan.placeholders == []
    assert [lk["key"] for lk in plan.lookups] == ["57-NQ/TW"]
    assert plan.lookups[0]["id"] == "57-nq-tw-y-unknown"

    one = load.resolve_statements(plan, {"57-NQ/TW": ["57-nq-tw-2024"]})
    assert [r["to"] for r in stmt(one, "merge_document_relations")["rows"]] == ["57-nq-tw-2024"]
    assert all(n != "merge_placeholder_documents" for n, _ in one)

    for candidates in ([], ["57-nq-tw-2019", "57-nq-tw-2024"]):
        many = load.resolve_statements(plan, {"57-NQ/TW": candidates})
        rows = stmt(many, "merge_placeholder_documents")["rows"]
        assert rows[0]["id"] == "57-nq-tw-y-unknown"
        assert rows[0]["props"]["ambiguous"] is True
        assert rows[0]["props"]["candidates"] == sorted(candidates)
        assert [r["to"] for r in stmt(many, "merge_document_relations")["rows"]] == [
            "57-nq-tw-y-unknown"
        ]


def test_relations_are_deduplicated_after_resolution_and_self_citations_dropped() -> None:
    plan = load.plan_document(
        extraction(
            citations=[
                cite("18-NQ/TW", year=2017, sentence="first"),
                cite("18-NQ/TW", sentence="second"),  # resolves to the same node below
                cite("12/NQ-CP", year=2024),  # itself
            ]
        )
    )
    rows = stmt(
        load.resolve_statements(plan, {"18-NQ/TW": ["18-nq-tw-2017"]}), "merge_document_relations"
    )["rows"]
    assert [(r["to"], r["props"]["sentence"]) for r in rows] == [("18-nq-tw-2017", "first")]
    assert all(p["id"] != "12-nq-cp-2024" for p in plan.placeholders)


def test_stated_relation_is_an_edge_between_the_two_other_documents() -> None:
    x = cite("93/NQ-CP", year=2018, span=(5, 15))
    y = cite("18-NQ/TW", year=2017, span=(40, 50))
    plan = load.plan_document(
        extraction(
            stated_relations=[
                StatedRelation.model_validate(
                    {"from": x, "relation": "IMPLEMENTS", "to": y, "sentence": "X thực hiện Y"}
                )
            ]
        )
    )
    rows = stmt(load.resolve_statements(plan, {}), "merge_document_relations")["rows"]
    assert rows == [
        {
            "from": "93-nq-cp-2018",
            "to": "18-nq-tw-2017",
            "type": "IMPLEMENTS",
            "source_id": "12-nq-cp-2024",
            "props": {
                "source_id": "12-nq-cp-2024",
                "sentence": "X thực hiện Y",
                "start": 5,
                "end": 50,
                "article": None,
                "stated": True,
            },
        }
    ]


def test_citation_by_name_is_keyed_by_name_and_year() -> None:
    plan = load.plan_document(
        extraction(
            citations=[
                cite(None, name="Luật Đất đai", year=2013, doc_type="Luật"),
                cite(None, name="luật  đất ĐAI", year=2013, doc_type="Luật"),
                cite(None, name="Luật Đất đai", year=2003, doc_type="Luật"),
            ]
        )
    )
    ids = [p["id"] for p in plan.placeholders]
    assert len(ids) == 2 and all(i.startswith("doc-") for i in ids)
    assert ids[0] == gm.name_document_id("Luật Đất đai", 2013)
    assert plan.placeholders[0]["label"] == "Law"
    assert plan.placeholders[0]["props"]["title"] == "Luật Đất đai"


def test_local_symbol_without_province_takes_the_citing_province() -> None:
    ex = extraction(
        meta={"symbol": "10/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Đắk Lắk"},
        citations=[cite("5/2025/QĐ-UBND", issuer="UBND tỉnh")],
    )
    plan = load.plan_document(ex)
    assert plan.document_id == "10-kh-ubnd-2024-dak-lak"
    assert [p["id"] for p in plan.placeholders] == ["5-2025-qd-ubnd-dak-lak"]


def test_agencies_persons_programmes_meetings_tasks() -> None:
    ex = extraction(
        meta={
            "doc_type": "Thông báo",
            "symbol": "216/TB-VPCP",
            "issuer": "Văn phòng Chính phủ",
            "title": "Kết luận của Phó Thủ tướng tại cuộc họp về phê duyệt Đề án 06",
            "signers": [Signer(name="Nguyễn Văn A", position="Phó Chủ nhiệm", capacity="KT.")],
            "recipients": ["Bộ Nội vụ;", "CT, các PCT", "Lưu: VT, KSTT"],
        },
        agencies=[Agency(name="BỘ CÔNG AN", canonical="Bộ Công an", code="BCA", span=(3, 13))],
        persons=[Person(name="Trần Văn B", position="Phó Thủ tướng")],
        programmes=[Programme(name="Đề án 06", aliases=["Đề án 06/CP"])],
        meetings=[Meeting(name="cuộc họp về Đề án 06", date="2025-01-02", chair="Trần Văn B")],
        tasks=[
            Task(
                text="Bộ Công an chủ trì, phối hợp Bộ Nội vụ",
                lead=["Bộ Công an"],
                support=["Bộ Nội vụ"],
                deadline="2026-Q1",
                span=(30, 60),
            )
        ],
    )
    plan = load.plan_document(ex, text="xx BỘ CÔNG AN xx. Khác")
    doc = plan.document_id
    assert doc == "216-tb-vpcp-2024"
    agencies = {r["id"] for r in stmt(plan, "merge_agencies")["rows"]}
    assert agencies == {"van-phong-chinh-phu", "bo-noi-vu", "bo-cong-an"}
    arels = {(r["type"], r["to"]) for r in stmt(plan, "merge_agency_relations")["rows"]}
    assert arels == {
        ("ISSUED_BY", "van-phong-chinh-phu"),
        ("ADDRESSED_TO", "bo-noi-vu"),
        ("MENTIONS", "bo-cong-an"),
    }
    arows = stmt(plan, "merge_agency_relations")["rows"]
    mention = next(r for r in arows if r["type"] == "MENTIONS")
    assert mention["props"] == {
        "source_id": doc,
        "sentence": "xx BỘ CÔNG AN xx.",
        "start": 3,
        "end": 13,
    }
    prels = {
        (r["type"], r["to"], r["props"].get("capacity"))
        for r in stmt(plan, "merge_person_relations")["rows"]
    }
    assert prels == {("SIGNED_BY", "nguyen-van-a", "KT."), ("MENTIONS", "tran-van-b", None)}
    grels = {(r["type"], r["to"]) for r in stmt(plan, "merge_programme_relations")["rows"]}
    assert grels == {("MENTIONS", "de-an-06"), ("APPROVES", "de-an-06")}
    meeting = stmt(plan, "merge_meetings")["rows"][0]
    assert meeting["id"] == f"{doc}~cuoc-hop-ve-de-an-06~2025-01-02"
    assert meeting["type"] == "CONCLUDES"
    assert stmt(plan, "merge_meeting_chairs")["rows"][0]["to"] == "tran-van-b"
    task = stmt(plan, "merge_tasks")["rows"][0]
    assert task["id"] == f"{doc}~t1"
    assert (task["props"]["deadline_from"], task["props"]["deadline_to"]) == (
        "2026-01-01",
        "2026-03-31",
    )
    roles = {(r["type"], r["to"]) for r in stmt(plan, "merge_task_agencies")["rows"]}
    assert roles == {("LED_BY", "bo-cong-an"), ("SUPPORTED_BY", "bo-noi-vu")}


def test_news_without_type_is_an_article() -> None:
    ex = extraction(
        meta={"symbol": None, "doc_type": None, "is_formal": False, "title": "Hội nghị triển khai"}
    )
    plan = load.plan_document(ex)
    assert plan.document["label"] == "Article"
    assert plan.document_id.startswith("doc-")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02", ("2025-02-01", "2025-02-28")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2026-Q1", ("2026-01-01", "2026-03-31")),
        ("2026-Q4", ("2026-10-01", "2026-12-31")),
        ("2025-H1", ("2025-01-01", "2025-06-30")),
        ("2025-H2", ("2025-07-01", "2025-12-31")),
        ("2025", ("2025-01-01", "2025-12-31")),
        ("2025-09-30", ("2025-09-30", "2025-09-30")),
        ("2025-02-30", None),
        ("soon", None),
        (None, None),
        ("2025-13", None),
    ],
)
def test_deadline_range(value: str | None, expected: tuple[str, str] | None) -> None:
    assert gm.deadline_range(value) == expected


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("18-NQ/TW", "18-NQ/TW"),
        ("18 - nq/tw", "18-NQ/TW"),
        ("nq 18-nq/tw", "18-NQ/TW"),
        ("108/2014/NĐ-CP", "108/2014/ND-CP"),
        ("108/2014/ND-CP", "108/2014/ND-CP"),
    ],
)
def test_symbol_key(written: str, key: str) -> None:
    assert gm.symbol_key(written) == key


def test_steps_skip_unchanged_and_delete_before_rewriting_a_changed_document() -> None:
    plan = load.plan_document(extraction(citations=[cite("57-NQ/TW")]))

    gen = load._steps(plan)
    assert next(gen) == ("get_document_state", {"id": "12-nq-cp-2024"})
    with pytest.raises(StopIteration) as stop:
        gen.send([{"ingested": True, "content_hash": "h1"}])
    assert stop.value.value == "unchanged"

    gen = load._steps(plan)
    next(gen)
    assert gen.send([{"ingested": True, "content_hash": "old"}])[0] == "delete_outgoing_edges"
    name, params = gen.send([])
    assert name == "find_document_candidates" and params["keys"] == ["57-NQ/TW"]
    assert params["before"] == "2024-03-05" and params["self_id"] == "12-nq-cp-2024"
    names = [gen.send([{"key": "57-NQ/TW", "ids": ["57-nq-tw-2024"]}])[0]]
    with pytest.raises(StopIteration) as stop:
        while True:
            names.append(gen.send([])[0])
    assert stop.value.value == "updated"
    assert names[0] == "merge_document"
    for n in names:
        queries.load(n)  # every statement exists in the catalog

    gen = load._steps(plan)
    next(gen)
    assert gen.send([{"ingested": False, "content_hash": None}])[0] == "find_document_candidates"


def test_report_summary_is_one_line() -> None:
    r = load.LoadReport(
        inserted=3,
        updated=1,
        unchanged=2,
        failed=1,
        failures=[("a.txt", "binary")],
        elapsed=2.0,
        docs_per_s=3.5,
    )
    assert str(r) == (
        "7 documents in 2.0s (3.5 docs/s): 3 inserted, 1 updated, 2 unchanged, 1 failed"
    )
    assert r.to_dict()["failures"] == [{"path": "a.txt", "reason": "binary"}]


def test_extract_plan_reports_unreadable_files(tmp_path: Any) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01" * 50)
    _path, plan, reason = load.extract_plan(str(bad))
    assert plan is None and reason and "binary" in reason
    assert load.extract_plan(str(tmp_path / "nope.txt"))[2] == "no such file"


# ------------------------------------------------------------------------------- batches ---
def _drive(
    plans: list[load.DocumentPlan], answers: dict[str, list[dict[str, Any]]]
) -> tuple[list[load.Statement], list[str]]:
    """Run the batch algorithm with canned answers for its reads; the statements it sends."""
    gen = load._batch_steps(plans)
    sent: list[load.Statement] = []
    try:
        stmt = next(gen)
        while True:
            sent.append(stmt)
            stmt = gen.send(answers.get(stmt[0], []))
    except StopIteration as stop:
        return sent, list(stop.value)


def _doc(symbol: str, date: str, h: str = "h1", **kw: Any) -> load.DocumentPlan:
    ex = extraction(meta={"symbol": symbol, "issued_date": date}, **kw)
    return load.plan_document(ex.model_copy(update={"content_hash": h}))


def test_batch_drops_unchanged_documents_after_one_read() -> None:
    a, b = _doc("1/NQ-CP", "2024-01-01"), _doc("2/NQ-CP", "2024-01-02", h="new")
    states = [
        {"id": a.document_id, "ingested": True, "content_hash": "h1"},
        {"id": b.document_id, "ingested": True, "content_hash": "old"},
    ]
    sent, outcomes = _drive([a, b], {"get_document_states": states})
    assert outcomes == ["unchanged", "updated"]
    assert sent[0] == ("get_document_states", {"ids": [a.document_id, b.document_id]})
    assert sent[1] == ("delete_outgoing_edges_batch", {"ids": [b.document_id]})
    docs = stmt(sent, "merge_documents")["rows"]
    assert [d["id"] for d in docs] == [b.document_id]


def test_batch_resolves_yearless_citations_in_input_order() -> None:
    target_2023 = _doc("7/NQ-CP", "2023-02-01")
    early = _doc("8/QĐ-TTg", "2023-06-01", citations=[cite("7/NQ-CP")])
    target_2024 = _doc("7/NQ-CP", "2024-02-01")
    late = _doc("9/QĐ-TTg", "2024-06-01", citations=[cite("7/NQ-CP")])
    before = _doc("10/QĐ-TTg", "2023-01-01", citations=[cite("7/NQ-CP")])
    # the graph already knows an undated placeholder of that symbol
    graph = [
        {
            "key": "7/NQ-CP",
            "id": "7-nq-cp-old",
            "issued_date": None,
            "year": None,
            "ingested": False,
        }
    ]
    sent, outcomes = _drive(
        [target_2023, early, target_2024, late, before], {"find_symbol_key_documents": graph}
    )
    assert outcomes == ["inserted"] * 5
    assert stmt(sent, "find_symbol_key_documents") == {"keys": ["7/NQ-CP"]}
    edges = {(r["from"], r["to"]) for r in stmt(sent, "create_document_relations")["rows"]}
    amb = "7-nq-cp-y-unknown"
    assert edges == {
        ("8-qd-ttg-2023", amb),  # the 2023 resolution and the undated placeholder
        ("9-qd-ttg-2024", amb),  # both years (and the placeholder)
        ("10-qd-ttg-2023", "7-nq-cp-old"),  # issued before both resolutions
    }
    placeholders = stmt(sent, "merge_placeholder_documents")["rows"]
    [row] = [p for p in placeholders if p["id"] == amb]  # one row, candidates merged
    assert row["props"]["ambiguous"] is True
    assert row["props"]["candidates"] == ["7-nq-cp-2023", "7-nq-cp-old", "7-nq-cp-2024"]


def test_batch_merges_repeated_node_rows_like_their_merges() -> None:
    rows = [
        {"id": "x", "label": "Other", "props": {"title": None, "year": 2020, "candidates": None}},
        {"id": "x", "label": "Law", "props": {"title": "Luật", "year": 2021, "candidates": None}},
        {"id": "x", "label": "Decree", "props": {"title": "B", "year": None, "candidates": None}},
    ]
    [merged] = load._dedupe_nodes("merge_placeholder_documents", rows)
    assert merged == {
        "id": "x",
        "label": "Law",
        "props": {"title": "Luật", "year": 2020, "candidates": None},
    }
    agencies = [
        {"id": "a", "name": "A", "code": None, "kind": None},
        {"id": "a", "name": "A2", "code": "C", "kind": None},
    ]
    assert load._dedupe_nodes("merge_agencies", agencies) == [
        {"id": "a", "name": "A", "code": "C", "kind": None}
    ]
    progs = [{"id": "p", "name": "P", "aliases": ["x"]}, {"id": "p", "name": "Q", "aliases": ["y"]}]
    assert load._dedupe_nodes("merge_programmes", progs) == [
        {"id": "p", "name": "P", "aliases": ["x", "y"]}
    ]


def test_a_batch_refuses_the_same_document_twice() -> None:
    a = _doc("1/NQ-CP", "2024-01-01")
    with pytest.raises(ValueError, match="twice"):
        _drive([a, a], {})
