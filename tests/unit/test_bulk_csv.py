"""The import CSV rows of ``ingest.bulk.CsvWriter``: exact field encoding, refused columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.bulk import ARRAY_DELIMITER, BulkError, CsvWriter


def _lines(out: Path, name: str) -> list[str]:
    return (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        # null → empty, empty string → "" (quoted), quotes doubled, no type: string
        ({"name": None, "aliases": None}, '"g-1",,'),
        ({"name": "", "aliases": []}, '"g-1","",""'),
        ({"name": 'Đề án "06"', "aliases": None}, '"g-1","Đề án ""06""",'),
        # arrays joined by the delimiter, which is blanked inside an item
        (
            {"name": "Đề án 06", "aliases": ["Đề án 06/CP", f"a{ARRAY_DELIMITER}b"]},
            f'"g-1","Đề án 06","Đề án 06/CP{ARRAY_DELIMITER}a b"',
        ),
    ],
)
def test_programme_rows(tmp_path: Path, props: dict[str, Any], expected: str) -> None:
    w = CsvWriter(tmp_path / "csv")
    w.node("programmes", "g-1", props)
    w.close()
    assert _lines(tmp_path / "csv", "programmes") == [
        "id:ID(Programme),name,aliases:string[]",
        expected,
    ]


@pytest.mark.parametrize(
    ("props", "tail"),
    [
        (
            {"source_id": "d-1", "sentence": "Căn cứ Luật", "start": 7, "end": 11},
            '"d-1","Căn cứ Luật",7,11,,',
        ),
        ({"source_id": "d-1", "stated": True, "article": "Điều 8"}, '"d-1",,,,"Điều 8",true'),
        ({"source_id": "d-1", "stated": False, "start": 3.0}, '"d-1",,3,,,false'),
    ],
)
def test_document_relation_rows(tmp_path: Path, props: dict[str, Any], tail: str) -> None:
    w = CsvWriter(tmp_path / "csv")
    w.rel("doc_doc", "d-1", "18-nq-tw-2017", "IMPLEMENTS", props)
    w.close()
    header, row = _lines(tmp_path / "csv", "doc_doc")
    assert header.startswith(":START_ID(Document),:END_ID(Document),:TYPE,")
    assert row == '"d-1","18-nq-tw-2017","IMPLEMENTS",' + tail


def test_a_property_without_a_column_is_refused(tmp_path: Path) -> None:
    w = CsvWriter(tmp_path / "csv")
    with pytest.raises(BulkError, match=r"doc_doc: properties \['weight'\]"):
        w.rel("doc_doc", "a", "b", "CITES", {"source_id": "a", "weight": 1})
    with pytest.raises(BulkError, match=r"agencies: properties \['extra'\]"):
        w.node("agencies", "bnv", {"name": "Bộ Nội vụ", "extra": 1})
    w.close()
