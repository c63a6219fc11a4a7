"""Citations: every form and relation word of domain.md §3, on synthetic sentences."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.citations import find_citations, find_stated_relations
from ingest.clean import prepare
from ingest.models import Citation


def cites(text: str) -> list[Citation]:
    return find_citations(prepare(text))


def one(text: str) -> Citation:
    found = cites(text)
    assert len(found) == 1, found
    return found[0]


# text, expected fields of the single citation
SINGLE: list[tuple[str, dict[str, Any]]] = [
    (
        "Căn cứ Nghị định số 12/2011/NĐ-CP ngày 30/01/2011 của Chính phủ về tổ chức và chính "
        "sách đối với thanh niên xung phong;",
        {
            "symbol": "12/2011/NĐ-CP",
            "doc_type": "Nghị định",
            "year": 2011,
            "issued_date": "2011-01-30",
            "issuer": "Chính phủ",
            "relation": "BASED_ON",
            "subject": "tổ chức và chính sách đối với thanh niên xung phong",
        },
    ),
    (
        "Thực hiện Nghị quyết 18-NQ/TW ngày 25 tháng 10 năm 2017 của Hội nghị lần thứ sáu Ban "
        "Chấp hành Trung ương Đảng khóa XII, Bộ Nội vụ hướng dẫn như sau.",
        {
            "symbol": "18-NQ/TW",
            "doc_type": "Nghị quyết",
            "year": 2017,
            "issued_date": "2017-10-25",
            "relation": "IMPLEMENTS",
        },
    ),
    (
        "Triển khai Kết luận số 21-KL/TW của Bộ Chính trị, các địa phương báo cáo.",
        {
            "symbol": "21-KL/TW",
            "doc_type": "Kết luận",
            "year": None,
            "issuer": "Bộ Chính trị",
            "relation": "IMPLEMENTS",
        },
    ),
    (
        "Quyết định này thay thế Quyết định số 15/2024/QĐ-UBND ngày 2/5/2024 của UBND tỉnh.",
        {"symbol": "15/2024/QĐ-UBND", "relation": "REPLACES", "year": 2024},
    ),
    (
        "Bãi bỏ Thông tư số 10/2021/TT-BXD của Bộ Xây dựng.",
        {"symbol": "10/2021/TT-BXD", "relation": "REPEALS", "issuer": "Bộ Xây dựng"},
    ),
    (
        "Nghị định này sửa đổi, bổ sung một số điều của Nghị định số 108/2014/ND-CP.",
        {"symbol": "108/2014/NĐ-CP", "relation": "AMENDS", "doc_type": "Nghị định"},
    ),
    (
        "Thông tư này hướng dẫn thi hành Nghị định số 116/2010/NĐ-CP của Chính phủ.",
        {"symbol": "116/2010/NĐ-CP", "relation": "GUIDES"},
    ),
    (
        "Nghị định này quy định chi tiết Luật số 80/2015/QH13 Luật Ban hành văn bản quy phạm "
        "pháp luật.",
        {
            "symbol": "80/2015/QH13",
            "relation": "DETAILS",
            "year": 2015,
            "name": "Luật Ban hành văn bản quy phạm pháp luật",
        },
    ),
    (
        "Tạm đình chỉ Quyết định số 40/2026/QĐ-UBND của Ủy ban nhân dân tỉnh Đắk Lắk.",
        {"symbol": "40/2026/QĐ-UBND", "relation": "SUSPENDS", "year": 2026},
    ),
    (
        "Ngưng hiệu lực Chỉ thị số 07/CT-TTg ngày 10/3/2023 của Thủ tướng Chính phủ.",
        {
            "symbol": "07/CT-TTg",
            "relation": "SUSPENDS",
            "year": 2023,
            "issuer": "Thủ tướng Chính phủ",
        },
    ),
    (
        "Đính chính Thông tư số 97/2006/TT-BTC như sau.",
        {"symbol": "97/2006/TT-BTC", "relation": "CORRECTS"},
    ),
    (
        "Văn bản này hợp nhất Luật số 73/2006/QH 11 và các luật sửa đổi.",
        {"symbol": "73/2006/QH11", "relation": "CONSOLIDATES", "year": 2006},
    ),
    (
        "Quyết định số 1579/QĐ-TTg hết hiệu lực kể từ ngày ký.",
        {"symbol": "1579/QĐ-TTg", "relation": "REPEALS", "year": None},
    ),
    (
        "Kính gửi Bộ Tài chính: Theo công văn số 1521/BGDDT-CTHSSV ngày 5/5/2023, đề nghị.",
        {
            "symbol": "1521/BGDĐT-CTHSSV",
            "doc_type": "Công văn",
            "year": 2023,
            "issued_date": "2023-05-05",
            "issuer": "Bộ Giáo dục và Đào tạo",
            "relation": "CITES",
        },
    ),
    (
        "Theo Nghị quyết số 19-2018/NQ-CP của Chính phủ.",
        {"symbol": "19-2018/NQ-CP", "year": 2018, "doc_type": "Nghị quyết"},
    ),
    (
        "Theo điểm a.3 khoản 4 Phần III Thông tư số 97/2006/TT-BTC thì phí được thu.",
        {"symbol": "97/2006/TT-BTC", "article": "điểm a.3 khoản 4 Phần III", "year": 2006},
    ),
    (
        "Theo quy định tại khoản 2 Điều 8 Nghị định số 15/2015/NĐ-CP về đầu tư theo hình thức "
        "đối tác công tư.",
        {
            "symbol": "15/2015/NĐ-CP",
            "article": "khoản 2 Điều 8",
            "subject": "đầu tư theo hình thức đối tác công tư",
            "relation": "CITES",
        },
    ),
    # effective dates never give the year or the issue date
    (
        "Nghị quyết số 01/NQ-CP có hiệu lực thi hành kể từ ngày 01/12/2012.",
        {"symbol": "01/NQ-CP", "year": None, "issued_date": None},
    ),
    (
        "Chỉ thị số 13/CT-TTg, có hiệu lực kể từ ngày 09 tháng 5 năm 2016.",
        {"symbol": "13/CT-TTg", "year": None, "issued_date": None},
    ),
    # "năm 2018" attached to the citation
    (
        "Thực hiện Công điện số 149/CĐ-TTg năm 2018 của Thủ tướng Chính phủ.",
        {"symbol": "149/CĐ-TTg", "year": 2018, "issued_date": None, "doc_type": "Công điện"},
    ),
    # noise: bold markers, line breaks, spaces inside the symbol, lower case, D for Đ
    (
        "Căn cứ **Nghị quyết số 57- NQ/TW** ngày 22/12/2024 của Bộ Chính trị;",
        {"symbol": "57-NQ/TW", "year": 2024, "issuer": "Bộ Chính trị", "relation": "BASED_ON"},
    ),
    (
        "Căn cứ Nghị định số 108/2014/\nND-CP ngày 20 tháng\n11 năm 2014 của Chính phủ;",
        {"symbol": "108/2014/NĐ-CP", "issued_date": "2014-11-20"},
    ),
    (
        "thực hiện nq 18-nq/tw của trung ương",
        {"symbol": "18-NQ/TW", "doc_type": "Nghị quyết", "relation": "IMPLEMENTS"},
    ),
    (
        "Theo Thông báo số 216/TB-VPCP ngày 19/11/2025 của Văn phòng Chính phủ.",
        {
            "symbol": "216/TB-VPCP",
            "doc_type": "Thông báo",
            "issuer": "Văn phòng Chính phủ",
            "year": 2025,
        },
    ),
    (
        "Thực hiện Văn bản hợp nhất số 03/VBHN-VPQH năm 2022.",
        {"symbol": "03/VBHN-VPQH", "doc_type": "Văn bản hợp nhất", "year": 2022},
    ),
    (
        "Căn cứ Nghị quyết số 1683/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội;",
        {"symbol": "1683/NQ-UBTVQH15", "issuer": "Ủy ban Thường vụ Quốc hội"},
    ),
    (
        "Thi hành Lệnh số 18/L-CTN công bố Luật.",
        {"symbol": "18/L-CTN", "doc_type": "Lệnh"},
    ),
    # date before the citation
    (
        "Ngày 27 tháng 11 năm 2001, Bộ Chính trị đã ban hành Nghị quyết số 07-NQ/TW về hội "
        "nhập kinh tế quốc tế.",
        {
            "symbol": "07-NQ/TW",
            "year": 2001,
            "issued_date": "2001-11-27",
            "issuer": "Bộ Chính trị",
            "subject": "hội nhập kinh tế quốc tế",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), SINGLE)
def test_single_citation(text: str, expected: dict[str, Any]) -> None:
    prep = prepare(text)
    c = one(text)
    for k, v in expected.items():
        assert getattr(c, k) == v, (k, c)
    # the span covers the symbol (or the name) in prep.text
    covered = prep.text[c.span[0] : c.span[1]]
    assert covered.strip()
    if c.symbol:
        assert c.symbol.split("/")[0].split("-")[0] in covered
    assert c.sentence and "\n" not in c.sentence


# names: text, [(name, year, article)]
NAMES: list[tuple[str, list[tuple[str, int | None, str | None]]]] = [
    ("Theo Điều 26 Luật Đấu thầu, việc chỉ định thầu.", [("Luật Đấu thầu", None, "Điều 26")]),
    ("Theo Luật Đất đai năm 2003, đất được giao.", [("Luật Đất đai", 2003, None)]),
    (
        "Áp dụng Bộ luật Dân sự 2015 và Luật Thương mại.",
        [("Bộ luật Dân sự", 2015, None), ("Luật Thương mại", None, None)],
    ),
    (
        "Căn cứ Luật tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
        [("Luật Tổ chức Chính phủ", 2015, None)],
    ),
    (
        "Căn cứ Luật hôn nhân và gia đình ngày 19 tháng 6 năm 2014;",
        [("Luật Hôn nhân và gia đình", 2014, None)],
    ),
    ("Căn cứ Hiến pháp năm 2013;", [("Hiến pháp", 2013, None)]),
    ("Luật này có hiệu lực từ ngày 01/01/2021. Luật sư được mời.", []),
    ("Luật Đất đai có hiệu lực thi hành kể từ ngày 01/8/2024.", [("Luật Đất đai", None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_citations_by_name(text: str, expected: list[tuple[str, int | None, str | None]]) -> None:
    found = [(c.name, c.year, c.article) for c in cites(text) if c.symbol is None]
    assert found == expected
    for c in cites(text):
        assert (
            prepare(text)
            .text[c.span[0] : c.span[1]]
            .startswith(c.name.split()[0] if c.name else "")
        )


def test_name_of_a_law_written_with_its_number() -> None:
    c = one(
        "(Điều 1 Luật số 57/2020/QH14 Luật Thanh niên ngày 16/06/2020 của Quốc hội, có "
        "hiệu lực thi hành kể từ ngày 01/01/2021)"
    )
    assert (c.symbol, c.name, c.year, c.issued_date, c.issuer, c.article) == (
        "57/2020/QH14",
        "Luật Thanh niên",
        2020,
        "2020-06-16",
        "Quốc hội",
        "Điều 1",
    )


def test_list_sharing_type_word_and_date() -> None:
    found = cites(
        "Thực hiện các Nghị quyết số 12/NQ-CP, 13/NQ-CP ngày 05 tháng 02 năm 2024 của Chính phủ."
    )
    assert [(c.symbol, c.doc_type, c.issued_date, c.year, c.relation) for c in found] == [
        ("12/NQ-CP", "Nghị quyết", "2024-02-05", 2024, "IMPLEMENTS"),
        ("13/NQ-CP", "Nghị quyết", "2024-02-05", 2024, "IMPLEMENTS"),
    ]


def test_list_with_own_type_words_keeps_date_on_last() -> None:
    found = cites(
        "Theo Quyết định số 1579/QĐ-TTg và Chỉ thị số 07/CT-TTg ngày 10/3/2023 của "
        "Thủ tướng Chính phủ."
    )
    assert [(c.symbol, c.doc_type, c.year) for c in found] == [
        ("1579/QĐ-TTg", "Quyết định", None),
        ("07/CT-TTg", "Chỉ thị", 2023),
    ]
    assert found[0].issuer == "Thủ tướng Chính phủ"


def test_list_of_letters_each_dated() -> None:
    found = cites(
        "Chỉ đạo tại các văn bản: số 2790/VPCP-KTTH ngày 15 tháng 8 năm 2022, số "
        "6329/VPCP-KTTH ngày 23 tháng 9 năm 2022, số 326/TB-VPCP ngày 12/10/2022."
    )
    assert [(c.symbol, c.year) for c in found] == [
        ("2790/VPCP-KTTH", 2022),
        ("6329/VPCP-KTTH", 2022),
        ("326/TB-VPCP", 2022),
    ]


def test_stated_relation_between_two_other_documents() -> None:
    text = (
        "Nghị quyết số 50/NQ-CP ngày 17/4/2018 của Chính phủ ban hành Chương trình hành "
        "động thực hiện Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017 của Hội nghị lần "
        "thứ sáu Ban Chấp hành Trung ương Đảng khóa XII."
    )
    prep = prepare(text)
    found = find_citations(prep)
    assert [c.symbol for c in found] == ["50/NQ-CP", "18-NQ/TW"]
    assert found[1].relation == "CITES"  # this document only mentions it
    stated = find_stated_relations(prep, found)
    assert len(stated) == 1
    r = stated[0]
    assert (r.from_.symbol, r.relation, r.to.symbol) == ("50/NQ-CP", "IMPLEMENTS", "18-NQ/TW")
    assert (r.from_.year, r.to.year) == (2018, 2017)
    assert "Chương trình hành động" in r.sentence


def test_own_symbol_line_is_not_a_citation() -> None:
    text = (
        "VĂN PHÒNG CHÍNH\nPHỦ\n-------\nSố: 631/TB-VPCP\nHà Nội, ngày 19 tháng 11 năm 2025\n"
        "THÔNG BÁO\nKết luận của Phó Thủ tướng\nThực hiện Thông báo số 600/TB-VPCP ngày "
        "01/11/2025 của Văn phòng Chính phủ.\n"
    )
    assert [c.symbol for c in cites(text)] == ["600/TB-VPCP"]


def test_no_citation_in_numbers_and_dates() -> None:
    text = (
        "Ngày 5/5/2023 giá 10 triệu đồng/ha, tỷ lệ 1/3, giai đoạn 2021-2025, tốc độ 60 "
        "km/h, phục vụ 24/7."
    )
    assert cites(text) == []


def test_empty_and_blank() -> None:
    assert cites("") == []
    assert cites("   \n\n ") == []
