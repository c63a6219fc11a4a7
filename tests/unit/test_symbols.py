"""Symbols: every family and oddity of domain.md §1, with real-world noise."""

from __future__ import annotations

import re

import pytest

from ingest.doctypes import code_for_name, label_for, name_for_code
from ingest.symbols import doc_type_from_code, document_id, normalize_symbol, parse_symbol

# raw, normalized, number, year, type_code, issuer_code, term, family
SYMBOLS = [
    ("21-KL/TW", "21-KL/TW", "21", None, "KL", "TW", None, "party"),
    ("13-CT/TW", "13-CT/TW", "13", None, "CT", "TW", None, "party"),
    ("144-QĐ/TW", "144-QĐ/TW", "144", None, "QĐ", "TW", None, "party"),
    ("02-HD/UBKTTW", "02-HD/UBKTTW", "02", None, "HD", "UBKTTW", None, "party"),
    ("57- NQ/TW", "57-NQ/TW", "57", None, "NQ", "TW", None, "party"),
    ("nq 18-nq/tw", "18-NQ/TW", "18", None, "NQ", "TW", None, "party"),
    ("80/2015/QH13", "80/2015/QH13", "80", 2015, None, "QH", 13, "law"),
    ("73/2006/QH 11", "73/2006/QH11", "73", 2006, None, "QH", 11, "law"),
    ("135/2025/QH15", "135/2025/QH15", "135", 2025, None, "QH", 15, "law"),
    (
        "1683/NQ-UBTVQH15",
        "1683/NQ-UBTVQH15",
        "1683",
        None,
        "NQ",
        "UBTVQH",
        15,
        "standing_committee",
    ),
    (
        "110/2025/UBTVQH15",
        "110/2025/UBTVQH15",
        "110",
        2025,
        None,
        "UBTVQH",
        15,
        "standing_committee",
    ),
    ("108/2014/NĐ-CP", "108/2014/NĐ-CP", "108", 2014, "NĐ", "CP", None, "normative"),
    ("108/2014/ND-CP", "108/2014/NĐ-CP", "108", 2014, "NĐ", "CP", None, "normative"),
    ("10/2021/TT-BXD", "10/2021/TT-BXD", "10", 2021, "TT", "BXD", None, "normative"),
    ("15/2024/QD-UBND", "15/2024/QĐ-UBND", "15", 2024, "QĐ", "UBND", None, "normative"),
    ("18 /2018/TT-NHNN", "18/2018/TT-NHNN", "18", 2018, "TT", "NHNN", None, "normative"),
    ("01/NQ-CP", "01/NQ-CP", "01", None, "NQ", "CP", None, "individual"),
    ("1579/QĐ-TTg", "1579/QĐ-TTg", "1579", None, "QĐ", "TTg", None, "individual"),
    ("1579/qđ-ttg", "1579/QĐ-TTg", "1579", None, "QĐ", "TTg", None, "individual"),
    ("149/CĐ-TTg", "149/CĐ-TTg", "149", None, "CĐ", "TTg", None, "individual"),
    ("216/TB-VPCP", "216/TB-VPCP", "216", None, "TB", "VPCP", None, "individual"),
    (
        "1521/BGDĐT-CTHSSV",
        "1521/BGDĐT-CTHSSV",
        "1521",
        None,
        None,
        "BGDĐT",
        None,
        "official_letter",
    ),
    (
        "1521/BGDDT-CTHSSV",
        "1521/BGDĐT-CTHSSV",
        "1521",
        None,
        None,
        "BGDĐT",
        None,
        "official_letter",
    ),
    ("10016/VPCP-CN", "10016/VPCP-CN", "10016", None, None, "VPCP", None, "official_letter"),
    ("03/VBHN-VPQH", "03/VBHN-VPQH", "03", None, "VBHN", "VPQH", None, "consolidated"),
    ("19-2018/NQ-CP", "19-2018/NQ-CP", "19", 2018, "NQ", "CP", None, "odd"),
    ("18/L-CTN", "18/L-CTN", "18", None, "L", "CTN", None, "odd"),
    ("102-SL/L-004", "102-SL/L-004", "102", None, "SL", "L", None, "odd"),
    ("Số: 631/TB-VPCP", "631/TB-VPCP", "631", None, "TB", "VPCP", None, "individual"),
    ("**12/2011/NĐ-\nCP**", "12/2011/NĐ-CP", "12", 2011, "NĐ", "CP", None, "normative"),
    (
        "88/2016/NQLT/CP-ĐCTUBTWMTTQVN",
        "88/2016/NQLT/CP-ĐCTUBTWMTTQVN",
        "88",
        2016,
        "NQLT",
        "CP",
        None,
        "normative",
    ),
]


@pytest.mark.parametrize(
    ("raw", "normalized", "number", "year", "type_code", "issuer_code", "term", "family"),
    SYMBOLS,
)
def test_parse_symbol(
    raw: str,
    normalized: str,
    number: str,
    year: int | None,
    type_code: str | None,
    issuer_code: str | None,
    term: int | None,
    family: str,
) -> None:
    s = parse_symbol(raw)
    assert s is not None
    assert s.normalized == normalized
    assert s.number == number
    assert s.year == year
    assert s.type_code == type_code
    assert s.issuer_code == issuer_code
    assert s.term == term
    assert s.family == family
    assert normalize_symbol(raw) == normalized


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "10 triệu đồng/ha",
        "ngày 5/5/2023",
        "giai đoạn 2021-2025",
        "24/7",
        "tỷ lệ 1/3 số phiếu",
        "Khongso",
        "100 km/h",
    ],
)
def test_not_a_symbol(raw: str) -> None:
    assert parse_symbol(raw) is None


@pytest.mark.parametrize(
    ("symbol", "year", "issuer", "expected"),
    [
        ("18-NQ/TW", 2017, "Ban Chấp hành Trung ương", "18-nq-tw-2017"),
        ("18-NQ/TW", 2022, None, "18-nq-tw-2022"),
        ("80/2015/QH13", 2015, "Quốc hội", "80-2015-qh13"),
        ("108/2014/ND-CP", 2014, None, "108-2014-nd-cp"),
        ("01/NQ-CP", 2024, "Chính phủ", "01-nq-cp-2024"),
        ("1521/BGDĐT-CTHSSV", 2025, None, "1521-bgddt-cthssv-2025"),
        ("40/2026/QĐ-UBND", 2026, "Ủy ban nhân dân tỉnh Đắk Lắk", "40-2026-qd-ubnd-dak-lak"),
        ("40/2026/QĐ-UBND", 2026, "Ủy ban nhân dân tỉnh Lâm Đồng", "40-2026-qd-ubnd-lam-dong"),
        ("12/STC-QLG", 2025, "Sở Tài chính thành phố Hà Nội", "12-stc-qlg-2025-ha-noi"),
        ("19-2018/NQ-CP", 2018, None, "19-2018-nq-cp"),
        ("01/NQ-CP", None, None, "01-nq-cp"),
    ],
)
def test_document_id(symbol: str, year: int | None, issuer: str | None, expected: str) -> None:
    assert document_id(symbol, year, issuer) == expected


def test_document_id_without_symbol_is_stable_hash() -> None:
    a = document_id(None, None, None, title="Báo cáo tình hình")
    assert a == document_id(None, 2024, "Chính phủ", title="Báo cáo tình hình")
    assert re.fullmatch(r"doc-[0-9a-f]{16}", a)
    assert a != document_id(None, None, None, text="khác")


def test_document_id_is_url_safe() -> None:
    for raw, *_ in SYMBOLS:
        ident = document_id(raw, 2020, "Ủy ban nhân dân tỉnh Đắk Lắk")
        assert re.fullmatch(r"[a-z0-9-]+", ident), ident


@pytest.mark.parametrize(
    ("code", "name", "label"),
    [
        ("NQ", "Nghị quyết", "Resolution"),
        ("ND", "Nghị định", "Decree"),
        ("QD", "Quyết định", "Decision"),
        ("CT", "Chỉ thị", "Directive"),
        ("KL", "Kết luận", "Conclusion"),
        ("TB", "Thông báo", "Notice"),
        ("CĐ", "Công điện", "Telegram"),
        ("TT", "Thông tư", "Circular"),
        ("TTLT", "Thông tư liên tịch", "JointCircular"),
        ("KH", "Kế hoạch", "Plan"),
        ("HD", "Hướng dẫn", "Guidance"),
        ("BC", "Báo cáo", "Report"),
        ("TTr", "Tờ trình", "Submission"),
        ("VBHN", "Văn bản hợp nhất", "Consolidated"),
        ("PL", "Pháp lệnh", "Ordinance"),
        ("L", "Lệnh", "Order"),
    ],
)
def test_doc_types(code: str, name: str, label: str) -> None:
    assert doc_type_from_code(code) == name
    assert name_for_code(code) == name
    assert label_for(name) == label
    assert doc_type_from_code(code_for_name(name)) == name


def test_doc_type_labels_for_names() -> None:
    assert label_for("Luật") == "Law"
    assert label_for("Bộ luật") == "Code"
    assert label_for("Đề án") == "Project"
    assert label_for("không rõ") == "Other"
    assert doc_type_from_code("XYZ") is None


# Unit codes as ministries write them: mixed case ("KTrVB") after the first segment, and a
# department's roman numeral after a dot ("V.III"); a dot before a word still ends the symbol.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10215/VPCP-V.III", "10215/VPCP-V.III"),
        ("123/VPCP-V.I", "123/VPCP-V.I"),
        ("123/BTP-KTrVB", "123/BTP-KTrVB"),
        ("12/NQ-CP.Theo", "12/NQ-CP"),
        ("10 triệu đồng/ha", None),
        ("5 km/Ha", None),
        ("Ha/KTrVB", None),
    ],
)
def test_unit_codes(raw: str, expected: str | None) -> None:
    assert normalize_symbol(raw) == expected
