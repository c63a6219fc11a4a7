"""Generalisation cases, round 2: steering committees, ranks between a position and a name,
collective heads with their members, ministry/department lists without a colon, wrapped
``Kính gửi:`` recipients, plan titles worded like a body opener.

Synthetic texts built from real facts (2024-2025 bodies, ministers and their ranks, provinces,
the layouts of VPCP letters and provincial plans); each case states what a legal analyst expects.
"""

from __future__ import annotations

import pytest

from ingest import extract

# --------------------------------------------------------------------------------------------
# 1. Steering committees and working groups named as 2024-2025 documents name them

BODIES = [
    (
        "Ban Chỉ đạo của Chính phủ về cải cách hành chính",
        "Ban Chỉ đạo cải cách hành chính của Chính phủ",
    ),
    (
        "Ban Chỉ đạo Trung ương về tổng kết Nghị quyết số 18-NQ/TW",
        "Ban Chỉ đạo tổng kết Nghị quyết số 18-NQ/TW",
    ),
    ("Ban Chỉ đạo Nhà nước về Du lịch", "Ban Chỉ đạo Nhà nước về Du lịch"),
    (
        "Ban Chỉ đạo Nhà nước các chương trình, công trình, dự án quan trọng quốc gia, trọng điểm"
        " ngành năng lượng",
        "Ban Chỉ đạo Nhà nước các chương trình, công trình, dự án quan trọng quốc gia, trọng điểm"
        " ngành năng lượng",
    ),
]


@pytest.mark.parametrize(("written", "canonical"), BODIES, ids=[b[1][:40] for b in BODIES])
def test_steering_committee_known(written: str, canonical: str) -> None:
    text = f"Ngày 12/3/2025, các thành viên {written} họp đánh giá kết quả thực hiện nhiệm vụ.\n"
    got = [a.canonical for a in extract(text).agencies]
    assert canonical in got


def test_task_lead_is_the_committee_full_name() -> None:
    text = (
        "KẾT LUẬN\n\n1. Giao Ban Chỉ đạo Trung ương về tổng kết Nghị quyết số 18-NQ/TW chỉ đạo"
        " các cơ quan liên quan hoàn thành trong quý II/2025.\n"
    )
    leads = [t.lead for t in extract(text).tasks]
    assert ["Ban Chỉ đạo tổng kết Nghị quyết số 18-NQ/TW"] in leads


# --------------------------------------------------------------------------------------------
# 2. A rank or academic title between the position and the name is not the position

PERSONS = [
    (
        "rank after a comma",
        "Chiều 5/3, Bộ trưởng Bộ Công an, Đại tướng Lương Tam Quang chủ trì hội nghị.",
        "Lương Tam Quang",
        "Bộ trưởng Bộ Công an",
    ),
    (
        "rank without a comma",
        "Dự hội nghị có Bộ trưởng Bộ Quốc phòng Đại tướng Phan Văn Giang.",
        "Phan Văn Giang",
        "Bộ trưởng Bộ Quốc phòng",
    ),
    (
        "Thượng tướng, deputy minister",
        "Tham dự có Thứ trưởng Bộ Công an, Thượng tướng Lê Quốc Hùng.",
        "Lê Quốc Hùng",
        "Thứ trưởng Bộ Công an",
    ),
    (
        "GS.TS. abbreviation",
        "Phát biểu tại hội thảo, Bộ trưởng Bộ Y tế, GS.TS. Đào Hồng Lan cho biết.",
        "Đào Hồng Lan",
        "Bộ trưởng Bộ Y tế",
    ),
    (
        "Giáo sư, Tiến sĩ written out",
        "Hội nghị do Phó Chủ tịch UBND tỉnh Nghệ An, Giáo sư, Tiến sĩ Nguyễn Văn Đệ chủ trì.",
        "Nguyễn Văn Đệ",
        "Phó Chủ tịch UBND tỉnh Nghệ An",
    ),
    (
        "signature: position line then rank and name",
        "Thông tư này có hiệu lực từ ngày 01/01/2022.\n\nBỘ TRƯỞNG\n\n\n\nĐại tướng Tô Lâm\n",
        "Tô Lâm",
        "Bộ trưởng",
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "position"), [p[1:] for p in PERSONS], ids=[p[0] for p in PERSONS]
)
def test_rank_is_not_the_position(text: str, name: str, position: str) -> None:
    got = {p.name: p.position for p in extract(text).persons}
    assert got.get(name) == position


def test_rank_alone_stays_the_position() -> None:
    text = (
        "Dự có Bộ trưởng Bộ Công an, Đại tướng Lương Tam Quang và Thiếu tướng Nguyễn Văn Long,"
        " Cục trưởng."
    )
    got = {p.name: p.position for p in extract(text).persons}
    assert got == {"Lương Tam Quang": "Bộ trưởng Bộ Công an", "Nguyễn Văn Long": "Thiếu tướng"}


# --------------------------------------------------------------------------------------------
# 3-4. A collective head with its members names the members only; lists without a colon

LISTS = [
    (
        "People's Committees listed after 'UBND các tỉnh, thành phố:'",
        "Giao UBND các tỉnh, thành phố: Nghệ An, Hải Phòng, Đà Nẵng rà soát danh mục dự án.",
        [
            "Ủy ban nhân dân tỉnh Nghệ An",
            "Ủy ban nhân dân thành phố Hải Phòng",
            "Ủy ban nhân dân thành phố Đà Nẵng",
        ],
        ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
    ),
    (
        "ministries by short name without a colon",
        "Bộ Công an chủ trì, phối hợp với các Bộ Khoa học và Công nghệ, Tư pháp, Nội vụ thực hiện.",
        ["Bộ Khoa học và Công nghệ", "Bộ Tư pháp", "Bộ Nội vụ"],
        [],
    ),
    (
        "provincial departments after 'Giám đốc các Sở:'",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Tài chính, Xây dựng, Nội vụ chịu"
        " trách nhiệm thi hành Quyết định này.",
        ["Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "present", "absent"), [c[1:] for c in LISTS], ids=[c[0] for c in LISTS]
)
def test_collective_lists(text: str, present: list[str], absent: list[str]) -> None:
    got = [a.canonical for a in extract(text).agencies]
    for name in present:
        assert name in got
    for name in absent:
        assert name not in got


def test_task_support_ministries_without_colon() -> None:
    text = (
        "1. Giao Bộ Tài chính chủ trì, phối hợp với các Bộ Khoa học và Công nghệ, Tư pháp nghiên"
        " cứu cơ chế tài chính, báo cáo Thủ tướng Chính phủ trước ngày 30 tháng 6 năm 2025.\n"
    )
    (task,) = extract(text).tasks
    assert task.lead == ["Bộ Tài chính"]
    assert task.support == ["Bộ Khoa học và Công nghệ", "Bộ Tư pháp"]


# --------------------------------------------------------------------------------------------
# 5. Recipients on the "Kính gửi:" line wrapped onto the next lines, body right after

_LETTER_HEAD = """BỘ TÀI CHÍNH
Số: 17650/BTC-NSNN
V/v hướng dẫn lập dự toán ngân sách năm 2026

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 14 tháng 11 năm 2025

"""
_LETTER_TAIL = """
Nơi nhận:
- Như trên;
- Lưu: VT, NSNN.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Bùi Văn Khắng
"""

LETTERS = [
    (
        "wrapped within a name, body opener on the next line",
        "Kính gửi: Ủy\nban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n"
        "Thực hiện Nghị quyết số 160/2024/QH15 của Quốc hội, Bộ Tài chính đề nghị Ủy ban nhân"
        " dân các tỉnh chủ trì lập dự toán, gửi Bộ Tài chính trước ngày 05/12/2025.\n",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    ),
    (
        "no terminal punctuation, body opener on the next line",
        "Kính gửi: Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc\nChính phủ\n"
        "Xét đề nghị của Bộ Kế hoạch và Đầu tư, Bộ Tài chính đề nghị các Bộ chủ trì rà soát"
        " danh mục dự án, gửi Bộ Tài chính trước ngày 05/12/2025.\n",
        "Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
    ),
    (
        "one line, the body's first sentence right after it",
        "Kính gửi: Sở Tài chính tỉnh Nghệ An\nTrả lời công văn số 1787/STC-NS ngày 23/7/2025"
        " của Sở Tài chính tỉnh Nghệ An, Bộ Tài chính đề nghị Sở Tài chính chủ trì hướng dẫn"
        " các đơn vị thực hiện trước ngày 05/12/2025.\n",
        "Sở Tài chính tỉnh Nghệ An",
    ),
]


@pytest.mark.parametrize(
    ("body", "recipient"), [c[1:] for c in LETTERS], ids=[c[0] for c in LETTERS]
)
def test_wrapped_recipients(body: str, recipient: str) -> None:
    ex = extract(_LETTER_HEAD + body + _LETTER_TAIL)
    assert ex.document.recipients[0] == recipient
    assert ex.tasks
    for t in ex.tasks:
        assert "Kính gửi" not in t.text
        assert not t.text.startswith(recipient)


# --------------------------------------------------------------------------------------------
# Plan titles worded like a body opener

_PLAN_HEAD = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 215/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Nghệ An, ngày 20 tháng 3 năm 2025

KẾ HOẠCH
"""

_PLAN_TITLE = (
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát"
    " triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
)


def test_plan_title_worded_like_an_opener() -> None:
    titled = _PLAN_TITLE.replace(" triển", "\ntriển") + (
        "\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:\n"
    )
    # a body sentence right after the type line is no title
    untitled = (
        "Thực hiện Kết luận số 127-KL/TW ngày 28/02/2025 của Bộ Chính trị, Ủy ban nhân dân tỉnh"
        " ban hành Kế hoạch như sau:\n\n1. Sở Nội vụ chủ trì rà soát.\n"
    )
    assert extract(_PLAN_HEAD + titled).document.title == _PLAN_TITLE
    assert extract(_PLAN_HEAD + untitled).document.title is None
