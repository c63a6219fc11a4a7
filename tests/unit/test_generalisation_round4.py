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


# Paragraphs on single lines (text rendered from a site's HTML): a clause after ". " opens at
# its first word; Party documents number their items "5- ..."; Party bodies are addressees.
_PARTY_DIRECTIVE = """BỘ CHÍNH TRỊ
-------
ĐẢNG CỘNG SẢN VIỆT NAM
Số: 20-CT/TW
Hà Nội, ngày 05 tháng 11 năm 2012
CHỈ THỊ
VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG ĐỐI VỚI CÔNG TÁC CHĂM SÓC TRẺ EM
Thời gian qua, công tác chăm sóc trẻ em đạt kết quả quan trọng.
6- Mặt trận Tổ quốc Việt Nam xây dựng và tổ chức thực hiện phong trào toàn dân chăm sóc trẻ em.
7- Các tỉnh ủy, thành ủy, đảng đoàn, đảng ủy trực thuộc Trung ương quán triệt Chỉ thị này.
Đảng đoàn Quốc hội, Ban cán sự đảng Chính phủ chỉ đạo thể chế hóa Chỉ thị. {tail}

T/M BỘ CHÍNH TRỊ

Lê Hồng Anh
"""
_TAIL = "Ban Tuyên giáo Trung ương chủ trì, phối hợp với Văn phòng Trung ương Đảng theo dõi."


def test_party_directive_items_and_bodies() -> None:
    leads = [t.lead for t in extract(_PARTY_DIRECTIVE.format(tail=_TAIL)).tasks]
    assert leads == [
        ["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"],
        ["các tỉnh ủy, thành ủy, đảng đoàn, đảng ủy trực thuộc Trung ương"],
        ["Đảng đoàn Quốc hội", "Ban Cán sự đảng Chính phủ"],  # the gazetteer's name
        ["Ban Tuyên giáo Trung ương"],
    ]


def test_addressees_listed_clause_by_clause_share_one_task() -> None:
    text = (
        "Ủy ban nhân dân tỉnh yêu cầu như sau:\n\n1. Yêu cầu Giám đốc các sở, ban, ngành; "
        "Chủ tịch Ủy ban nhân dân các xã, phường; Thủ trưởng các cơ quan, đơn vị có liên quan "
        "triển khai thực hiện nghiêm Chỉ thị này. Giao Sở Y tế chủ trì theo dõi."
    )
    assert [t.lead for t in extract(text).tasks] == [
        [
            "Giám đốc các sở, ban, ngành",
            "Chủ tịch Ủy ban nhân dân các xã, phường",
            "Thủ trưởng các cơ quan, đơn vị có liên quan",
        ],
        ["Sở Y tế"],
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Văn phòng Chính phủ xin thông báo để Bộ Kế hoạch và Đầu tư biết, thực hiện./.",
        "Cục Thuế trả lời để Thuế tỉnh Nghệ An biết./.",
        "Bộ Tài chính trân trọng cảm ơn sự phối hợp của Quý Ủy ban./.",
        "Trường hợp các cơ quan có ý kiến khác nhau, cơ quan chủ trì báo cáo Ủy ban nhân dân tỉnh.",
    ],
)
def test_closing_formulas_and_conditions_are_not_tasks(sentence: str) -> None:
    text = f"Ủy ban nhân dân tỉnh yêu cầu như sau:\n\n1. {sentence}"
    assert all(t.lead != ["Trường hợp các"] for t in extract(text).tasks)
    assert [t for t in extract(text).tasks if "cảm ơn" in t.text or "biết" in t.text] == []


_SITE_PREAMBLE = "|\nBản quyền thuộc về trang thông tin pháp luật.\n" + "".join(
    f"**Trường {i}:**\n|\nGiá trị {i}\n|\n" for i in range(18)
)
_DECISION = """**ỦY BAN NHÂN DÂN**
TỈNH LÂM ĐỒNG
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 2284/QĐ-UBND
|
*Lâm
Đồng, ngày 25 tháng 11 năm 2025*
|
**QUYẾT ĐỊNH**
VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG
**ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG**
*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;*
**QUYẾT ĐỊNH:**
**Điều 1.** Công nhận các xã, phường miền núi.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Hồ Văn Mười
"""


def test_header_below_a_long_page_preamble() -> None:
    doc = extract(_SITE_PREAMBLE + _DECISION).document
    assert (doc.symbol, doc.doc_type, doc.issued_date) == (
        "2284/QĐ-UBND",
        "Quyết định",
        "2025-11-25",
    )
    assert doc.title == "VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG"
    assert doc == extract(_DECISION).document  # the preamble changes nothing


def test_party_signature_names_the_body_not_a_position() -> None:
    (signer,) = extract(_PARTY_DIRECTIVE.format(tail=_TAIL)).document.signers
    assert (signer.name, signer.position, signer.capacity) == ("Lê Hồng Anh", None, "TM.")


_NOTICE = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 193/TB-VPCP
Hà Nội, ngày 01 tháng 7 năm 2022
THÔNG BÁO
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ LÊ VĂN THÀNH TẠI CUỘC HỌP HƯỚNG DẪN
THỰC HIỆN CƠ CHẾ ĐẶC THÙ VỀ CHỈ ĐỊNH THẦU
Phó Thủ tướng kết luận như sau:
1. Hội nghị thống nhất cơ bản về dự kiến quy hoạch. Hội nghị như sau đây ghi nhận ý kiến.
2. Thực hiện Nghị quyết Hội nghị Trung ương 7 khóa XI về "cải cách tiền lương".
"""


def test_meetings_of_a_conclusion_notice() -> None:
    names = [m.name for m in extract(_NOTICE).meetings]
    assert "Hội nghị Trung ương 7 khóa XI" in names  # no dangling "về"
    assert not [n for n in names if n.startswith(("Hội nghị thống nhất", "Hội nghị như"))]
