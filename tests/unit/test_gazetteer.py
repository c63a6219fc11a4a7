"""Gazetteer: lookups (names, short forms, codes, case/tone variants, 2025 changes) and finding."""

from __future__ import annotations

import pytest

from ingest import gazetteer
from ingest.clean import prepare
from ingest.gazetteer import by_code, find_agencies, fold, lookup


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bộ Nội vụ", "Bộ Nội vụ"),
        ("bộ nội vụ", "Bộ Nội vụ"),
        ("Nội vụ", "Bộ Nội vụ"),
        ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
        ("Bộ Công thương", "Bộ Công Thương"),
        ("Bộ Văn hoá, Thể thao và du lịch", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"),
        ("Bộ NN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("Bộ Nông nghiệp và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Dân tộc và Tôn giáo", "Bộ Dân tộc và Tôn giáo"),
        ("Ủy ban Dân tộc", "Ủy ban Dân tộc"),
        ("VPCP", "Văn phòng Chính phủ"),
        ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
        ("Thủ tướng", "Thủ tướng Chính phủ"),
        ("UBND tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("Ủy ban nhân dân tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("Uỷ ban nhân dân tỉnh Khánh Hoà", "Ủy ban nhân dân tỉnh Khánh Hòa"),
        ("HĐND thành phố Hà Nội", "Hội đồng nhân dân thành phố Hà Nội"),
        ("UBND TP.HCM", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("Tỉnh Hà Tĩnh", "Tỉnh Hà Tĩnh"),
        ("Đắk Lắk", "Tỉnh Đắk Lắk"),
        ("tỉnh Bà Rịa-Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu"),
        ("Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế"),
        ("Thành phố Huế", "Thành phố Huế"),
        ("Ban Bí thư", "Ban Bí thư"),
        ("Văn phòng Trung ương Đảng", "Văn phòng Ban Chấp hành Trung ương"),
        ("Ban Tuyên giáo và Dân vận Trung ương", "Ban Tuyên giáo và Dân vận Trung ương"),
        ("Cục Thuế", "Cục Thuế"),
        ("Tổng cục Hải quan", "Tổng cục Hải quan"),
        ("Kiểm toán Nhà nước", "Kiểm toán nhà nước"),
        ("Tổ công tác triển khai Đề án 06", "Tổ công tác triển khai Đề án 06"),
        ("Chủ tịch UBND tỉnh Nghệ An", "Ủy ban nhân dân tỉnh Nghệ An"),
        ("BỘ Y T  Ế", "Bộ Y tế"),  # word split by blanked markdown
    ],
)
def test_lookup(name: str, expected: str) -> None:
    e = lookup(name)
    assert e is not None, name
    assert e.name == expected


@pytest.mark.parametrize("name", ["", "Công ty TNHH Minh Phát", "Bộ Ngoại thương hành tinh"])
def test_lookup_unknown(name: str) -> None:
    assert lookup(name) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("TW", "Ban Chấp hành Trung ương"),
        ("CP", "Chính phủ"),
        ("TTg", "Thủ tướng Chính phủ"),
        ("VPCP", "Văn phòng Chính phủ"),
        ("QH", "Quốc hội"),
        ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
        ("BNV", "Bộ Nội vụ"),
        ("BTC", "Bộ Tài chính"),
        ("BCA", "Bộ Công an"),
        ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
        ("BGDDT", "Bộ Giáo dục và Đào tạo"),
        ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
        ("BNNMT", "Bộ Nông nghiệp và Môi trường"),
        ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
        ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
        ("TANDTC", "Tòa án nhân dân tối cao"),
        ("VKSNDTC", "Viện kiểm sát nhân dân tối cao"),
        ("BDTTG", "Bộ Dân tộc và Tôn giáo"),
        ("UBDT", "Ủy ban Dân tộc"),
    ],
)
def test_by_code(code: str, expected: str) -> None:
    e = by_code(code)
    assert e is not None, code
    assert e.name == expected


@pytest.mark.parametrize(
    ("old", "successor"),
    [
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
        ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
        ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Tỉnh Hà Giang", "Tỉnh Tuyên Quang"),
        ("Tỉnh Bình Dương", "Thành phố Hồ Chí Minh"),
        ("Tỉnh Quảng Nam", "Thành phố Đà Nẵng"),
        ("Tỉnh Hậu Giang", "Thành phố Cần Thơ"),
        ("UBND tỉnh Phú Yên", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("Tỉnh Thừa Thiên Huế", "Thành phố Huế"),
    ],
)
def test_restructuring_successors(old: str, successor: str) -> None:
    e = lookup(old)
    assert e is not None and e.valid_to is not None and e.successor is not None
    succ = gazetteer.by_id(e.successor)
    assert succ is not None and succ.name == successor
    assert succ.valid_to is None


def test_province_counts() -> None:
    provinces = [e for e in gazetteer.entries() if e.kind == "province"]
    assert len([p for p in provinces if p.valid_from is None or p.valid_from < "2025-01-01"]) == 63
    assert len([p for p in provinces if p.valid_to is None]) == 34
    committees = [e for e in gazetteer.entries() if e.kind == "province_committee" and e.parent]
    assert len(committees) == len(provinces)


def test_fold_same_length_and_tone_insensitive() -> None:
    for a, b in [("hoà", "hòa"), ("thuỷ", "thủy"), ("Công Thương", "công thương"), ("Uỷ", "Ủy")]:
        assert fold(a) == fold(b)
    s = "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK – Thuỷ lợi"
    assert len(fold(s)) == len(s)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giao các Bộ: Tài chính, Tư pháp, Nội vụ phối hợp thực hiện.",
            ["Bộ Tài chính", "Bộ Tư pháp", "Bộ Nội vụ"],
        ),
        (
            "các Bộ: Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch và Công an",
            ["Bộ Khoa học và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Công an"],
        ),
        ("**ỦY BAN NHÂN DÂN**\n**TỈNH ĐẮK LẮK**", ["Ủy ban nhân dân tỉnh Đắk Lắk"]),
        (
            "Văn phòng Chính\nphủ thông báo; Bộ Công thương và Bộ  Y tế",
            ["Văn phòng Chính phủ", "Bộ Công Thương", "Bộ Y tế"],
        ),
        (
            "Kính gửi: UBND tỉnh Đắk Lắk; MTTQVN; BNV.",
            [
                "Ủy ban nhân dân tỉnh Đắk Lắk",
                "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
                "Bộ Nội vụ",
            ],
        ),
        # a code inside a document symbol is not an agency mention; nor lower-case words
        ("theo Thông báo số 631/TB-VPCP, bnv", []),
        # longest match wins: the People's Committee, not the province
        (
            "Ủy ban nhân dân thành phố Hà Nội và UBND TP. Hồ Chí Minh",
            ["Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố Hồ Chí Minh"],
        ),
        # word boundaries: "Bộ Y tế" inside a longer word does not match
        ("Bộ Y tếx", []),
    ],
)
def test_find_agencies(text: str, expected: list[str]) -> None:
    prep = prepare(text)
    found = find_agencies(prep)
    assert [a.canonical for a in found] == expected
    for a in found:
        assert a.span is not None
        written = prep.text[a.span[0] : a.span[1]]
        assert fold(written.split()[0]) == fold(a.name.split()[0])


def test_find_agencies_dedups_and_codes() -> None:
    found = find_agencies(prepare("Bộ Nội vụ chủ trì; Bộ Nội vụ báo cáo; BNV tổng hợp."))
    assert len(found) == 1
    assert found[0].code == "BNV"
    assert found[0].span == (0, 9)


@pytest.mark.parametrize(
    "name",
    [
        "Ban Chỉ đạo sắp xếp ĐVHC các cấp và xây dựng mô hình tổ chức CQĐP 02 cấp",
        "Ban Chỉ đạo thực hiện sắp xếp, tổ chức lại đơn vị hành chính các cấp và xây dựng mô hình"
        " tổ chức chính quyền địa phương 2 cấp",
        "Ban chỉ đạo của Chính phủ về sắp xếp đơn vị hành chính các cấp và xây dựng mô hình tổ chức"
        " chính quyền địa phương 02 cấp",
    ],
)
def test_steering_committee_on_administrative_units_aliases(name: str) -> None:
    e = lookup(name)
    assert e is not None and e.id == "ban-chi-dao-sap-xep-don-vi-hanh-chinh"
