"""Tasks: per-addressee headings and inline assignments (synthetic directive texts)."""

from __future__ import annotations

import pytest

from ingest.clean import prepare
from ingest.tasks import canonical_agency, find_tasks, read_agencies


def _c(names: list[str]) -> list[str]:
    """Expected names pass through the same canonicaliser (the gazetteer may rename them)."""
    return [canonical_agency(n) for n in names]


HEADINGS = """THÔNG BÁO
Kết luận của Phó Thủ tướng Chính phủ tại cuộc họp về giải ngân vốn đầu tư công
3. Nhiệm vụ thời gian tới:
a) Bộ Tài chính:
- Chủ trì tổng hợp nhu cầu vốn của các bộ, ngành, địa phương, báo cáo Thủ tướng
Chính phủ trước ngày 30/9/2025.
- Chủ trì, phối hợp với Bộ Tư pháp rà soát quy định về đấu thầu, hoàn thành trong
tháng 10 năm 2025.
b) Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương:
- Đẩy nhanh giải phóng mặt bằng các dự án trọng điểm; báo cáo định kỳ hằng tháng.
c) Bộ Xây dựng: Khẩn trương hoàn thiện hồ sơ dự án, trình Thủ tướng Chính phủ trong quý I/2026.
Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.
Nơi nhận:
- Bộ Tài chính;
- Lưu: VT, KTTH.
"""


def test_heading_tasks() -> None:
    tasks = find_tasks(prepare(HEADINGS), doc_date="2025-09-10")
    got = [(t.lead, t.support, t.deadline) for t in tasks]
    assert got == [
        (_c(["Bộ Tài chính"]), [], "2025-09-30"),
        (_c(["Bộ Tài chính"]), _c(["Bộ Tư pháp"]), "2025-10"),
        (_c(["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]), [], None),
        (_c(["Bộ Xây dựng"]), [], "2026-Q1"),
    ]
    assert tasks[0].text.startswith("Chủ trì tổng hợp nhu cầu vốn")
    assert "\n" not in tasks[0].text
    # spans point into the text and cover the task
    text = prepare(HEADINGS).text
    s, e = tasks[3].span
    assert text[s:e].startswith("Khẩn trương hoàn thiện hồ sơ")


def test_heading_with_parenthesis_and_markdown() -> None:
    text = (
        "**1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý các khu công nghiệp):**\n"
        "a) Tiếp nhận hồ sơ đăng ký dự án đầu tư trên Hệ thống thông tin quốc gia;\n"
        "b) Cập nhật tình hình thực hiện dự án trước ngày 15 tháng 12 năm 2025.\n"
        "**2. Bộ Tài chính:** hướng dẫn các địa phương thực hiện.\n"
    )
    tasks = find_tasks(prepare(text))
    assert [t.lead for t in tasks] == [
        ["các cơ quan đăng ký đầu tư"],
        ["các cơ quan đăng ký đầu tư"],
        _c(["Bộ Tài chính"]),
    ]
    assert [t.deadline for t in tasks] == [None, "2025-12-15", None]


INLINE_CASES = [
    (
        "(1) Giao Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Dân tộc và Tôn giáo, "
        "Bộ Tài chính hoàn thiện hồ sơ Chương trình, hoàn thành trước ngày 15/12/2025.",
        ["Bộ Nông nghiệp và Môi trường"],
        ["Bộ Dân tộc và Tôn giáo", "Bộ Tài chính"],
        "2025-12-15",
    ),
    (
        "- Bộ Công an, Bộ Quốc phòng chủ trì tổ chức diễn tập phương án bảo đảm an ninh.",
        ["Bộ Công an", "Bộ Quốc phòng"],
        [],
        None,
    ),
    (
        "Bộ Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan liên quan xây dựng Đề án, "
        "trình Thủ tướng Chính phủ trong tháng 02 năm 2026.",
        ["Bộ Khoa học và Công nghệ"],
        ["các cơ quan liên quan"],
        "2026-02",
    ),
    (
        "Đề nghị Bộ Tư pháp có ý kiến thẩm định đối với dự thảo Nghị định trong năm 2025.",
        ["Bộ Tư pháp"],
        [],
        "2025",
    ),
    (
        "Yêu cầu các bộ, ngành, địa phương nghiêm túc thực hiện chỉ đạo của Thủ tướng Chính phủ.",
        ["các bộ, ngành, địa phương"],
        [],
        None,
    ),
    (
        "Giao các Bộ: Tài chính, Tư pháp chủ trì hướng dẫn thực hiện 6 tháng đầu năm 2026.",
        ["Bộ Tài chính", "Bộ Tư pháp"],
        [],
        "2026-H1",
    ),
    (
        "Giao Bộ Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Ủy ban nhân dân các tỉnh, "
        "thành phố tổ chức lễ hội.",
        ["Bộ Văn hóa, Thể thao và Du lịch"],
        ["Ủy ban nhân dân các tỉnh, thành phố"],
        None,
    ),
    (
        "c) Văn phòng Chính phủ tham mưu sửa đổi quy chế làm việc, hoàn thành trong tháng 12 "
        "năm 2025.",
        ["Văn phòng Chính phủ"],
        [],
        "2025-12",
    ),
]


@pytest.mark.parametrize(("text", "lead", "support", "deadline"), INLINE_CASES)
def test_inline_tasks(text: str, lead: list[str], support: list[str], deadline: str | None) -> None:
    tasks = find_tasks(prepare(text))
    assert len(tasks) == 1, tasks
    t = tasks[0]
    assert (t.lead, t.support, t.deadline) == (_c(lead), _c(support), deadline)


NOT_TASKS = [
    # narrative and noun uses of the cue words
    "Bộ Nông nghiệp và Môi trường trong thời gian ngắn đã tích cực vào cuộc, hoàn thành hồ sơ.",
    "Các nội dung cơ bản đáp ứng yêu cầu đề ra; nhiệm vụ được giao đã hoàn thành.",
    "Phó Thủ tướng Chính phủ Trần Hồng Hà đã chủ trì cuộc họp về giao thông.",
    "Thống nhất với đề nghị của Bộ Tài chính về nguồn vốn.",
]


@pytest.mark.parametrize("text", NOT_TASKS)
def test_not_tasks(text: str) -> None:
    assert find_tasks(prepare(text)) == []


def test_recipients_are_not_tasks() -> None:
    text = "Giao Bộ Y tế chủ trì thực hiện.\nNơi nhận:\n- Bộ Tài chính: chủ trì theo dõi;\n"
    tasks = find_tasks(prepare("x" * 250 + "\n" + text))
    assert [t.lead for t in tasks] == [_c(["Bộ Y tế"])]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Bộ Tài chính và Bộ Tư pháp rà soát", ["Bộ Tài chính", "Bộ Tư pháp"]),
        ("Bộ Dân tộc và Tôn giáo khẩn trương", ["Bộ Dân tộc và Tôn giáo"]),
        ("Ngân hàng Nhà nước Việt Nam chủ trì", ["Ngân hàng Nhà nước Việt Nam"]),
        ("Ủy ban nhân dân tỉnh Đắk Lắk báo cáo", ["Ủy ban nhân dân tỉnh Đắk Lắk"]),
        (
            "các Bộ, cơ quan: Nông nghiệp và Môi trường, Dân tộc và Tôn giáo tham gia",
            ["Bộ Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo"],
        ),
        (
            "Ủy ban nhân dân các thành phố: Hà Nội, Cần Thơ thực hiện",
            ["Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố Cần Thơ"],
        ),
        ("thực hiện nghiêm", []),
    ],
)
def test_read_agencies(text: str, names: list[str]) -> None:
    assert read_agencies(text).names == names


def test_long_task_text_is_capped() -> None:
    text = (
        "Giao Bộ Tài chính chủ trì " + "rà soát các quy định liên quan, " * 40 + "trong năm 2025."
    )
    (t,) = find_tasks(prepare(text))
    assert len(t.text) <= 500
    assert t.span[0] == 0
