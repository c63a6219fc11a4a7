"""People, programmes and meetings (synthetic text built from real names and forms)."""

from __future__ import annotations

import pytest

from ingest.clean import prepare
from ingest.entities import canonical_programme_name, find_meetings, find_persons, find_programmes
from ingest.models import DocumentMeta, Signer

PERSON_CASES = [
    (
        "Tham dự cuộc họp có Phó Thủ tướng Chính phủ Trần Hồng Hà và lãnh đạo các Bộ.",
        {"Trần Hồng Hà": "Phó Thủ tướng Chính phủ"},
    ),
    (
        "Ý kiến của Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà về đề án.",
        {"Phạm Thị Thanh Trà": "Bộ trưởng Bộ Nội vụ"},
    ),
    (
        "Ngày 5/5/2023, đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh chủ trì buổi làm việc.",
        {"Nguyễn Văn An": "Phó Chủ tịch UBND tỉnh"},
    ),
    (
        "Phó Thủ tướng Thường trực Chính phủ Nguyễn Hòa Bình kết luận như sau:",
        {"Nguyễn Hòa Bình": "Phó Thủ tướng Thường trực Chính phủ"},
    ),
    # a name wrapped over two lines
    (
        "chỉ đạo của Thủ tướng Chính phủ Phạm\nMinh Chính tại Phiên họp",
        {"Phạm Minh Chính": "Thủ tướng Chính phủ"},
    ),
    # honorific without a position
    ("Ông Lê Văn Bình phát biểu tại hội nghị.", {"Lê Văn Bình": None}),
    # places and agencies are not persons
    ("Ủy ban nhân dân tỉnh Lâm Đồng phối hợp với Sở Tài chính thành phố Hà Nội.", {}),
    ("Bộ Văn hóa, Thể thao và Du lịch chủ trì.", {}),
    # a capitalised sequence without any role is not taken
    ("Trần Quốc Toản là tên một con đường.", {}),
]


@pytest.mark.parametrize(("text", "expected"), PERSON_CASES)
def test_find_persons(text: str, expected: dict[str, str | None]) -> None:
    got = {p.name: p.position for p in find_persons(prepare(text))}
    assert got == expected


def test_persons_dedup_and_signers() -> None:
    text = (
        "Phó Thủ tướng Chính phủ Trần Hồng Hà chủ trì. Sau đó, Phó Thủ tướng Chính phủ "
        "Trần Hồng Hà kết luận.\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nPhạm Mạnh Cường\n"
    )
    meta = DocumentMeta(
        signers=[Signer(name="Phạm Mạnh Cường", position="Phó Chủ nhiệm", capacity="KT.")]
    )
    persons = find_persons(prepare(text), meta)
    assert [p.name for p in persons] == ["Trần Hồng Hà", "Phạm Mạnh Cường"]
    assert persons[1].position == "Phó Chủ nhiệm"


def test_signer_only() -> None:
    meta = DocumentMeta(signers=[Signer(name="Nguyễn Văn Bình", position="Chủ tịch")])
    persons = find_persons(prepare("Nội dung không nêu tên ai."), meta)
    assert [(p.name, p.position) for p in persons] == [("Nguyễn Văn Bình", "Chủ tịch")]


PROGRAMME_CASES = [
    ("triển khai Đề án 06 tại địa phương", {"Đề án 06": ["Đề án 06"]}),
    ("kết quả thực hiện Đề án 06/CP năm 2024", {"Đề án 06": ["Đề án 06/CP"]}),
    (
        "thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử "
        "phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn\nđến năm 2030 (Đề án 06)",
        {
            "Đề án 06": [
                "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử "
                "phục vụ "
                "chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030",
                "Đề án 06",
            ]
        },
    ),
    (
        "vốn Chương trình mục tiêu quốc gia giảm nghèo bền vững và Chương trình MTQG xây dựng "
        "nông thôn mới",
        {
            "Chương trình mục tiêu quốc gia giảm nghèo bền vững": [
                "Chương trình mục tiêu quốc gia giảm nghèo bền vững"
            ],
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới": [
                "Chương trình MTQG xây dựng nông thôn mới"
            ],
        },
    ),
    (
        "tích hợp trên Cổng Dịch vụ công quốc gia và ứng dụng VNeID",
        {"Cổng Dịch vụ công quốc gia": ["Cổng Dịch vụ công quốc gia"], "VNeID": ["ứng dụng VNeID"]},
    ),
    (
        "theo Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030.",
        {
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030": [
                "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"
            ]
        },
    ),
    # generic names, canonicalised
    (
        "trình cấp có thẩm quyền ban hành Chương trình Chuyển đổi số  quốc gia "
        "giai đoạn 2026 - 2030;",
        {
            "Chương trình Chuyển đổi số quốc gia giai đoạn 2026-2030": [
                "Chương trình Chuyển đổi số quốc gia giai đoạn 2026 - 2030"
            ]
        },
    ),
    (
        "xây dựng Đề án Đô thị thông minh, hoàn thành trong năm 2026",
        {"Đề án Đô thị thông minh": ["Đề án Đô thị thông minh"]},
    ),
    # references that are not names
    ("Kế hoạch này có hiệu lực; Đề án nêu trên; Kế hoạch số 02-KH/BCĐTW", {}),
    ("Đề án 068 không phải Đề án 06", {"Đề án 06": ["Đề án 06"]}),
]


@pytest.mark.parametrize(("text", "expected"), PROGRAMME_CASES)
def test_find_programmes(text: str, expected: dict[str, list[str]]) -> None:
    got = {p.name: p.aliases for p in find_programmes(prepare(text))}
    assert got == expected


def test_canonical_programme_name() -> None:
    assert (
        canonical_programme_name("Kế hoạch  X\ngiai đoạn 2026 – 2030, ")
        == "Kế hoạch X giai đoạn 2026-2030"
    )


MEETING_CASES = [
    (
        "Ngày 15 tháng 11 năm 2025, tại Trụ sở Chính phủ, Thủ tướng Chính phủ Phạm Minh Chính, "
        "Trưởng Ban Chỉ đạo, chủ trì Phiên họp lần thứ năm của Ban Chỉ đạo của Chính phủ về phát "
        "triển khoa học, công nghệ (sau đây gọi tắt là Phiên họp).",
        "Phiên họp lần thứ năm của Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ",
        "2025-11-15",
        "Phạm Minh Chính",
    ),
    (
        "Hà Nội, ngày 20 tháng 11 năm 2025\nTHÔNG BÁO\nNgày 18 tháng 11 năm 2025, Phó Thủ tướng "
        "Chính phủ Trần Hồng Hà đã chủ trì cuộc họp về tình hình giải ngân vốn đầu tư công. "
        "Tham dự cuộc họp có đại diện các Bộ.",
        "Cuộc họp về tình hình giải ngân vốn đầu tư công",
        "2025-11-18",
        "Trần Hồng Hà",
    ),
    (
        "Chiều ngày 5/5/2023, đã diễn ra buổi làm việc với Ủy ban nhân dân tỉnh Gia Lai do Phó "
        "Thủ tướng Chính phủ Lê Minh Khái chủ trì.",
        "Buổi làm việc với Ủy ban nhân dân tỉnh Gia Lai",
        "2023-05-05",
        "Lê Minh Khái",
    ),
    (
        "Hội nghị tổng kết công tác năm 2024 của ngành Tư pháp được tổ chức vào ngày 10/01/2025.",
        "Hội nghị tổng kết công tác năm 2024 của ngành Tư pháp",
        "2025-01-10",
        None,
    ),
]


@pytest.mark.parametrize(("text", "name", "date", "chair"), MEETING_CASES)
def test_find_meetings(text: str, name: str, date: str | None, chair: str | None) -> None:
    meetings = find_meetings(prepare(text))
    assert meetings, "no meeting found"
    m = meetings[0]
    assert (m.name, m.date, m.chair) == (name, date, chair)


def test_meeting_date_skips_cited_and_deadline_dates() -> None:
    text = (
        "Thực hiện Nghị quyết số 71/NQ-CP ngày 01 tháng 4 năm 2025, yêu cầu rà soát các nhiệm vụ "
        "chậm tiến độ sau Phiên họp lần thứ tư của Ban Chỉ đạo, hoàn thành trước ngày 25 tháng 11 "
        "năm 2025."
    )
    meetings = find_meetings(prepare(text))
    assert [(m.name, m.date) for m in meetings] == [("Phiên họp lần thứ tư của Ban Chỉ đạo", None)]


def test_conclusion_notice_reports_its_meeting() -> None:
    meta = DocumentMeta(
        doc_type="Thông báo",
        title="Kết luận của Phó Thủ tướng Chính phủ Trần Hồng Hà tại cuộc họp về dự án đường sắt",
    )
    text = "Ngày 03 tháng 3 năm 2025, Phó Thủ tướng đã nghe báo cáo và kết luận như sau:"
    meetings = find_meetings(prepare(text), meta)
    assert [(m.name, m.date) for m in meetings] == [("cuộc họp về dự án đường sắt", "2025-03-03")]
