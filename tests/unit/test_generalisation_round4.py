"""Round 4: abbreviations with a dot inside sentences and agency names with lower-case words.

``UBND TP. Hà Nội`` is one name in one sentence (the dot abbreviates ``thành phố``);
``Ban Quản lý các khu công nghiệp tỉnh X`` and ``Công an thành phố Y`` are whole names. Synthetic
sentences with real agency names.
"""

from __future__ import annotations

import pytest

from ingest import extract
from ingest.clean import prepare
from ingest.patterns import dotted_abbreviation_before
from ingest.sentences import sentence_text
from ingest.tasks import read_agencies

AGENCIES = [
    ("UBND TP. Hà Nội chủ trì", ["UBND TP. Hà Nội"]),
    ("Ủy ban nhân dân TP. Đà Nẵng báo cáo", ["Ủy ban nhân dân TP. Đà Nẵng"]),
    ("Sở Nội vụ TP. Hồ Chí Minh tổng hợp", ["Sở Nội vụ TP. Hồ Chí Minh"]),
    (
        "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh chủ trì",
        ["Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh"],
    ),
    (
        "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh thực hiện",
        ["Ban Quản lý Khu kinh tế tỉnh Quảng Ninh"],
    ),
    (
        "Ban Quản lý các Khu công nghiệp và chế xuất Hà Nội chủ trì",
        ["Ban Quản lý các Khu công nghiệp và chế xuất Hà Nội"],
    ),
    (
        "Ban quản lý dự án đầu tư xây dựng công trình giao thông chủ trì",
        ["Ban quản lý dự án đầu tư xây dựng công trình giao thông"],
    ),
    (
        "Ban Quản lý Khu kinh tế mở Chu Lai thành phố Đà Nẵng chủ trì",
        ["Ban Quản lý Khu kinh tế mở Chu Lai thành phố Đà Nẵng"],
    ),
    ("Công an thành phố Hà Nội chủ trì", ["Công an thành phố Hà Nội"]),
    ("Sở Tài chính tỉnh Bình Định thực hiện", ["Sở Tài chính tỉnh Bình Định"]),
    # a place word that does not lead to a capital stays outside the name
    ("Sở Y tế thành lập đoàn kiểm tra", ["Sở Y tế"]),
    ("Bộ Công an thực hiện", ["Bộ Công an"]),
]


@pytest.mark.parametrize(("text", "names"), AGENCIES)
def test_agency_names(text: str, names: list[str]) -> None:
    assert read_agencies(text).names == names


SENTENCES = [
    (
        "Mở đầu. Giao UBND TP. Hà Nội chủ trì, phối hợp với Bộ Tài chính. Hết.",
        "Hà Nội",
        "Giao UBND TP. Hà Nội chủ trì, phối hợp với Bộ Tài chính.",
    ),
    (
        "Theo ý kiến của PGS. TS. Nguyễn Văn An tại hội thảo. Câu sau.",
        "Nguyễn",
        "Theo ý kiến của PGS. TS. Nguyễn Văn An tại hội thảo.",
    ),
    # an ordinary word before the dot still ends the sentence
    ("Đã hoàn thành TOP. Hà Nội tiếp tục.", "Hà Nội", "Hà Nội tiếp tục."),
]


@pytest.mark.parametrize(("text", "needle", "sentence"), SENTENCES)
def test_sentence_does_not_end_after_abbreviation(text: str, needle: str, sentence: str) -> None:
    i = text.index(needle)
    assert sentence_text(prepare(text), i, i + len(needle)) == sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TP. X", True),
        ("Tp. X", True),
        ("PGS. X", True),
        ("Đ/c. X", True),
        ("ATP. X", False),
        ("xong. X", False),
    ],
)
def test_dotted_abbreviation_before(text: str, expected: bool) -> None:
    assert dotted_abbreviation_before(text, text.index(".")) is expected


def test_task_with_abbreviated_city_is_one_task() -> None:
    text = (
        "Giao UBND TP. Hà Nội chủ trì, phối hợp với Bộ Tài chính triển khai, "
        "hoàn thành trước ngày 30/6/2025."
    )
    (task,) = extract(text).tasks
    assert task.text == text
    assert task.lead == ["Ủy ban nhân dân thành phố Hà Nội"]
    assert task.support == ["Bộ Tài chính"]
    assert task.deadline == "2025-06-30"


_LETTER = """BỘ NỘI VỤ
-------
Số: 5120/BNV-TCBC
V/v hướng dẫn sắp xếp đơn vị sự nghiệp công lập
Hà Nội, ngày 12 tháng 8 năm 2025

Kính gửi: {recipients}

Bộ Nội vụ đề nghị các cơ quan thực hiện.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Trương Hải Long
"""


@pytest.mark.parametrize(
    ("recipients", "expected"),
    [
        (
            "Bộ Tài chính, Bộ Văn hóa, Thể thao và Du lịch, Ủy ban nhân dân các tỉnh, thành phố "
            "trực thuộc Trung ương.",
            [
                "Bộ Tài chính",
                "Bộ Văn hóa, Thể thao và Du lịch",
                "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            ],
        ),
        # one name with a comma inside stays one recipient
        ("Bộ Văn hóa, Thể thao và Du lịch.", ["Bộ Văn hóa, Thể thao và Du lịch"]),
        # not all of it reads as agencies: kept whole
        ("Công ty TNHH Minh Phát, Bộ Tài chính.", ["Công ty TNHH Minh Phát, Bộ Tài chính"]),
    ],
)
def test_inline_recipients_split_into_agencies(recipients: str, expected: list[str]) -> None:
    doc = extract(_LETTER.format(recipients=recipients)).document
    assert doc.recipients == expected


_PARTY_ONE_LINE = """BAN CHẤP HÀNH TRUNG ƯƠNG
-------
ĐẢNG CỘNG SẢN VIỆT NAM
---------------
Số: {sym}
Hà Nội, ngày 25 tháng 10 năm 2017
{type_line}
{subject}
I- TÌNH HÌNH VÀ NGUYÊN NHÂN
Thời gian qua, việc sắp xếp tổ chức bộ máy đã đạt kết quả.

T/M BAN CHẤP HÀNH TRUNG ƯƠNG
TỔNG BÍ THƯ

Nguyễn Phú Trọng
"""


@pytest.mark.parametrize(
    ("sym", "type_line", "subject"),
    [
        (
            "18-NQ/TW",
            "NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ SÁU BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XII",
            "MỘT SỐ VẤN ĐỀ VỀ TIẾP TỤC ĐỔI MỚI, SẮP XẾP TỔ CHỨC BỘ MÁY CỦA HỆ THỐNG CHÍNH TRỊ",
        ),
        (
            "19-NQ/TW",
            "NGHỊ QUYẾT HỘI NGHỊ TRUNG ƯƠNG 6 KHÓA XII",
            "VỀ TIẾP TỤC ĐỔI MỚI HỆ THỐNG TỔ CHỨC VÀ QUẢN LÝ",
        ),
    ],
)
def test_party_resolution_type_and_organ_on_one_line(
    sym: str, type_line: str, subject: str
) -> None:
    doc = extract(_PARTY_ONE_LINE.format(sym=sym, type_line=type_line, subject=subject)).document
    assert doc.doc_type == "Nghị quyết"
    assert doc.symbol == sym
    assert doc.title == subject  # the organ is not the title; "I- ..." ends it


# Names the reader used to cut at a word that opens predicates elsewhere ("triển khai", "vận
# động", "trực tiếp"): a name read so far that starts a known name is completed from the gazetteer.
@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Bộ Nông nghiệp và Phát triển nông thôn chủ trì",
            ["Bộ Nông nghiệp và Phát triển nông thôn"],
        ),
        ("Bộ Giao thông vận tải khẩn trương", ["Bộ Giao thông vận tải"]),
        (
            "Bộ Tài nguyên và Môi trường, Bộ Giao thông vận tải phối hợp",
            ["Bộ Tài nguyên và Môi trường", "Bộ Giao thông vận tải"],
        ),
        (
            "Các Bộ: Giáo dục và Đào tạo, Y tế, Văn hóa, Thể thao và Du lịch khẩn trương",
            ["Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "các Bộ: Giao thông vận tải, Tài chính phối hợp",
            ["Bộ Giao thông vận tải", "Bộ Tài chính"],
        ),
        # a known name followed by a verb stays as it was
        ("Bộ Tài chính quản lý", ["Bộ Tài chính"]),
    ],
)
def test_known_names_are_read_whole(text: str, names: list[str]) -> None:
    assert read_agencies(text).names == names


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Bộ Giao thông vận tải có trách nhiệm theo dõi và đôn đốc việc thực hiện Chỉ thị này.",
            ["Bộ Giao thông vận tải"],
        ),
        (
            "Sở Y tế có trách nhiệm công khai nội dung thủ tục hành chính.",
            ["Sở Y tế"],
        ),
    ],
)
def test_duty_sentence_is_a_task(text: str, lead: list[str]) -> None:
    (task,) = extract(f"Ủy ban nhân dân tỉnh yêu cầu như sau:\n\n1. {text}").tasks
    assert task.lead == lead


def test_having_other_things_is_not_a_task() -> None:
    text = "Ủy ban nhân dân tỉnh yêu cầu như sau:\n\n1. Bộ Tài chính có ý kiến về dự thảo."
    assert extract(text).tasks == []
