"""Generalisation cases: telegram recipients, collective heads with member lists, news meetings.

Synthetic texts built from real facts (2025 ministries and provinces, pre-2025 ones, real
telegram and news layouts); each case states what a legal analyst expects.
"""

from __future__ import annotations

import pytest

from ingest import extract, gazetteer
from ingest.clean import prepare
from ingest.tasks import find_tasks

_HEADER_TTG = """THỦ TƯỚNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 112/CĐ-TTg
Hà Nội, ngày 28 tháng 8 năm 2025

CÔNG ĐIỆN

Về việc tập trung khắc phục hậu quả bão số 5

"""
_BODY = """
Thủ tướng Chính phủ yêu cầu:

1. Bộ Xây dựng khẩn trương khắc phục sự cố giao thông, hoàn thành trong tháng 9 năm 2025.

Nơi nhận:
- Như trên;
- Lưu: VT, NN (2).

KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG

Trần Hồng Hà
"""

TELEGRAMS = [
    (
        "Prime Minister, provinces and ministries after the 2025 restructuring",
        _HEADER_TTG
        + "THỦ TƯỚNG CHÍNH PHỦ điện:\n\n"
        + "- Chủ tịch Ủy ban nhân dân các tỉnh: Thanh Hóa, Nghệ An, Hà Tĩnh, Quảng Trị;\n"
        + "- Các Bộ: Nông nghiệp và Môi trường, Quốc phòng, Công an.\n"
        + _BODY,
        [
            "Ủy ban nhân dân tỉnh Thanh Hóa",
            "Ủy ban nhân dân tỉnh Nghệ An",
            "Ủy ban nhân dân tỉnh Hà Tĩnh",
            "Ủy ban nhân dân tỉnh Quảng Trị",
            "Bộ Nông nghiệp và Môi trường",
            "Bộ Quốc phòng",
            "Bộ Công an",
        ],
    ),
    (
        "minister, markdown, wrapped list, pre-2025 provinces and ministries",
        _HEADER_TTG.replace("THỦ TƯỚNG CHÍNH PHỦ\n", "**BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN**\n")
        + "**BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN điện:**\n\n"
        + "- Chủ tịch UBND các tỉnh, thành phố: Quảng Ninh, Hải Phòng, Thái Bình, Nam\n"
        + "Định;\n"
        + "- Các Bộ: Tài nguyên và Môi trường, Giao thông vận tải;\n"
        + "- Ban Chỉ đạo quốc gia về phòng, chống thiên tai.\n"
        + _BODY,
        [
            "Ủy ban nhân dân tỉnh Quảng Ninh",
            "Ủy ban nhân dân thành phố Hải Phòng",
            "Ủy ban nhân dân tỉnh Thái Bình",
            "Ủy ban nhân dân tỉnh Nam Định",
            "Bộ Tài nguyên và Môi trường",
            "Bộ Giao thông vận tải",
            "Ban Chỉ đạo quốc gia về phòng, chống thiên tai",
        ],
    ),
    (
        "provincial chairman, authority line wrapped, unknown collective kept as written",
        _HEADER_TTG.replace("THỦ TƯỚNG CHÍNH PHỦ\n", "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n")
        + "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nNGHỆ AN điện:\n\n"
        + "- Chủ tịch Ủy ban nhân dân các xã, phường;\n"
        + "- Công an tỉnh.\n"
        + _BODY,
        ["Chủ tịch Ủy ban nhân dân các xã, phường", "Công an tỉnh"],
    ),
    (
        "'điện:' followed by 'Kính gửi:'; ';' inside one item; cities after the merger",
        _HEADER_TTG
        + "THỦ TƯỚNG CHÍNH PHỦ điện:\nKính gửi:\n"
        + "- Ủy ban nhân dân các tỉnh, thành phố: Hà Nội, Huế, Cần Thơ và An Giang;\n"
        + "- Bộ trưởng các Bộ: Nội vụ, Tài chính; Thống đốc Ngân hàng Nhà nước Việt Nam.\n"
        + _BODY,
        [
            "Ủy ban nhân dân thành phố Hà Nội",
            "Ủy ban nhân dân thành phố Huế",
            "Ủy ban nhân dân thành phố Cần Thơ",
            "Ủy ban nhân dân tỉnh An Giang",
            "Bộ Nội vụ",
            "Bộ Tài chính",
            "Thống đốc Ngân hàng Nhà nước Việt Nam",
        ],
    ),
    (
        "departments of listed provinces are not the provinces' committees",
        _HEADER_TTG
        + "THỦ TƯỚNG CHÍNH PHỦ điện:\n\n"
        + "- Sở Xây dựng các tỉnh: Gia Lai, Đắk Lắk.\n"
        + _BODY,
        ["Sở Xây dựng các tỉnh: Gia Lai, Đắk Lắk"],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), TELEGRAMS, ids=[t[0] for t in TELEGRAMS])
def test_telegram_recipients(label: str, text: str, expected: list[str]) -> None:
    ex = extract(text)
    assert ex.document.doc_type == "Công điện", label
    assert ex.document.recipients == expected, label
    # the recipients block assigns no task; the body's item does
    assert [t.lead for t in ex.tasks] == [["Bộ Xây dựng"]], label


AGENCY_LISTS = [
    (
        "Ủy ban nhân dân các tỉnh: Thanh Hóa, Nghệ An và Hà Tĩnh báo cáo.",
        [
            "Ủy ban nhân dân tỉnh Thanh Hóa",
            "Ủy ban nhân dân tỉnh Nghệ An",
            "Ủy ban nhân dân tỉnh Hà Tĩnh",
        ],
    ),
    (
        "Giao UBND các tỉnh, thành phố: Hà Nội, Thừa Thiên Huế, Bà Rịa - Vũng Tàu thực hiện.",
        [
            "Ủy ban nhân dân thành phố Hà Nội",
            "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
            "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
        ],
    ),
    (
        "Hội đồng nhân dân các tỉnh: Lào Cai, Yên Bái xem xét.",
        ["Hội đồng nhân dân tỉnh Lào Cai", "Hội đồng nhân dân tỉnh Yên Bái"],
    ),
    (
        "Mưa lũ gây thiệt hại tại các tỉnh: Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng.",
        ["Tỉnh Đắk Lắk", "Tỉnh Khánh Hòa", "Tỉnh Gia Lai", "Tỉnh Lâm Đồng"],
    ),
    (
        "Kiểm soát người dân ở các tỉnh Bình Dương, Đồng Nai, Long An.",
        ["Tỉnh Bình Dương", "Tỉnh Đồng Nai", "Tỉnh Long An"],
    ),
    (
        "Ủy ban nhân dân các tỉnh: Thái Bình, Nam Định và thành phố Hải Phòng sơ tán dân.",
        [
            "Ủy ban nhân dân tỉnh Thái Bình",
            "Ủy ban nhân dân tỉnh Nam Định",
            "Ủy ban nhân dân thành phố Hải Phòng",
        ],
    ),
    ("Các tỉnh miền núi phía Bắc, Hà Nội và các tỉnh Tây Nguyên.", []),
]


@pytest.mark.parametrize(("text", "expected"), AGENCY_LISTS)
def test_province_lists_yield_agencies(text: str, expected: list[str]) -> None:
    names = [a.canonical for a in gazetteer.find_agencies(prepare(text))]
    for e in expected:
        assert e in names, (e, names)
    if not expected:
        assert not any(n.startswith(("Tỉnh ", "Ủy ban nhân dân tỉnh")) for n in names), names


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Chủ tịch Ủy ban nhân dân các tỉnh: Nghệ An, Hà Tĩnh;", ["ubnd-nghe-an", "ubnd-ha-tinh"]),
        ("Các Bộ: Tài chính, Tư pháp.", ["bo-tai-chinh", "bo-tu-phap"]),
        ("Sở Y tế các tỉnh: Nghệ An, Hà Tĩnh", None),
        ("Các Bộ: Tài chính, Cục Thuế", None),  # a member the list grammar does not know
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", None),
    ],
)
def test_list_members(item: str, expected: list[str] | None) -> None:
    got = gazetteer.list_members(item)
    assert (None if got is None else [e.id for e in got]) == expected


_NEWS = (
    "Thủ tướng Phạm Minh Chính chủ trì Phiên họp thứ 10 Ban Chỉ đạo của Chính phủ về cải cách "
    "hành chính\n\n"
    "(Chinhphu.vn) - {lead}, tại Trụ sở Chính phủ, Thủ tướng Chính phủ Phạm Minh Chính, Trưởng "
    "Ban Chỉ đạo chủ trì Phiên họp thứ 10 của Ban Chỉ đạo nhằm đánh giá việc thực hiện Nghị "
    "quyết số 18-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng "
    "khóa XII.\n\n"
    "Cùng dự có Phó Thủ tướng Chính phủ Nguyễn Hòa Bình.\n"
)
_TITLE_MEETING = "Phiên họp thứ 10 Ban Chỉ đạo của Chính phủ về cải cách hành chính"
_PLENUM = "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII"


@pytest.mark.parametrize(
    ("lead", "date"),
    [
        ("Chiều 14/11/2025", "2025-11-14"),
        ("Sáng ngày 14/11/2025", "2025-11-14"),
        ("Tối thứ Sáu, 14/11/2025", "2025-11-14"),
        ("Ngày 14 tháng 11 năm 2025", "2025-11-14"),
        ("Chiều 14/11", None),  # no year anywhere: not guessed
    ],
)
def test_news_meeting_date_chair_and_merge(lead: str, date: str | None) -> None:
    ex = extract(_NEWS.format(lead=lead))
    by_name = {m.name: m for m in ex.meetings}
    assert set(by_name) == {_TITLE_MEETING, _PLENUM}
    assert by_name[_TITLE_MEETING].date == date
    assert by_name[_TITLE_MEETING].chair == "Phạm Minh Chính"
    # the plenum only issued the cited resolution: neither the news' date nor its chair
    assert by_name[_PLENUM].chair is None
    assert by_name[_PLENUM].date is None


def test_yearless_date_takes_the_year_of_the_document() -> None:
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 631/TB-VPCP\nHà Nội, ngày 19 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
        "Kết luận của Phó Thủ tướng Chính phủ Trần Hồng Hà\n\n"
        "Chiều 14/11, Phó Thủ tướng Trần Hồng Hà chủ trì cuộc họp về triển khai Đề án 06.\n"
    )
    ex = extract(text)
    assert [(m.date, m.chair) for m in ex.meetings] == [("2025-11-14", "Trần Hồng Hà")]


def test_different_bodies_with_the_same_ordinal_stay_apart() -> None:
    text = (
        "Ngày 05/3/2025, Phó Thủ tướng Nguyễn Hòa Bình chủ trì Phiên họp thứ 4 của Ban Chỉ đạo "
        "tổng kết Nghị quyết 18.\n\nNgày 06/3/2025, Thủ tướng Phạm Minh Chính chủ trì Phiên "
        "họp thứ 4 của Ban Chỉ đạo quốc gia về chuyển đổi số.\n"
    )
    got = {(m.name, m.date, m.chair) for m in extract(text).meetings}
    assert got == {
        (
            "Phiên họp thứ 4 của Ban Chỉ đạo tổng kết Nghị quyết 18",
            "2025-03-05",
            "Nguyễn Hòa Bình",
        ),
        (
            "Phiên họp thứ 4 của Ban Chỉ đạo quốc gia về chuyển đổi số",
            "2025-03-06",
            "Phạm Minh Chính",
        ),
    }


def test_law_session_name_stops_before_thong_qua() -> None:
    text = (
        "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, "
        "Kỳ họp thứ 8 thông qua ngày 30 tháng 11 năm 2024.\n"
    )
    assert [(m.name, m.date) for m in extract(text).meetings] == [("Kỳ họp thứ 8", "2024-11-30")]


def test_recipients_block_is_not_read_as_tasks_but_the_preamble_is() -> None:
    text = (
        "Bộ Tài chính chủ trì rà soát, báo cáo trước ngày 30/11/2025.\n\n"
        "Kính gửi:\n- Các Bộ: Tài chính, Tư pháp;\n"
        "- Ủy ban nhân dân các tỉnh: Nghệ An, Hà Tĩnh.\n\n"
        "1. Ủy ban nhân dân các tỉnh: Thái Bình, Nam Định và thành phố Hải Phòng khẩn trương "
        "sơ tán dân trước ngày 07/9/2025.\n"
    )
    got = [(t.lead, t.deadline) for t in find_tasks(prepare(text))]
    assert got == [
        (["Bộ Tài chính"], "2025-11-30"),
        (
            [
                "Ủy ban nhân dân tỉnh Thái Bình",
                "Ủy ban nhân dân tỉnh Nam Định",
                "Ủy ban nhân dân thành phố Hải Phòng",
            ],
            "2025-09-07",
        ),
    ]
