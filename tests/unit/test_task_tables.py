"""Task tables: rows of a plan's task table become tasks (synthetic plans and programmes)."""
# ruff: noqa: E501  (table fixtures are one row a line)

from __future__ import annotations

import pytest

from ingest.clean import prepare
from ingest.deadlines import parse_deadline_cell
from ingest.extract import extract
from ingest.tasks import canonical_agency, find_tasks


def _c(names: list[str]) -> list[str]:
    return [canonical_agency(n) for n in names]


_HEAD = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 318/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 20 tháng 5 năm 2025
KẾ HOẠCH
Thực hiện sắp xếp tổ chức bộ máy và chuyển đổi số năm 2025
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm thực hiện đúng tiến độ theo chỉ đạo của Trung ương.
II. NHIỆM VỤ CỤ THỂ
"""
_TAIL = """
Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT, TH.
"""

MARKDOWN = (
    _HEAD
    + """| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| I | CÔNG TÁC CHỈ ĐẠO | | | |
| 1 | Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn | Sở Nội vụ | Các sở, ban, ngành; UBND cấp xã | Quý III/2025 |
| 2 | Xây dựng cơ sở dữ liệu dân cư phục vụ Đề án 06 | Công an tỉnh | Sở Khoa học và Công nghệ | Trước ngày 30/9/2025 |
| II | TỔ CHỨC THỰC HIỆN | | | |
| 3 | Tổng hợp, báo cáo kết quả thực hiện Kế hoạch | Sở Nội vụ | | Thường xuyên |
| 4 | Bố trí kinh phí thực hiện các nhiệm vụ | Sở Tài chính | Sở Nội vụ | Năm 2025 |
"""
    + _TAIL
)

# a row wrapped over lines, plain (no rule line), other header words, no support column
WRAPPED = (
    _HEAD
    + """| TT | Nội dung công việc | Đơn vị chủ trì | Thời hạn | Sản phẩm |
| 1 | Xây dựng Đề án chuyển đổi số trong cơ quan nhà nước
 giai đoạn 2025-2030 | Sở Khoa học và
 Công nghệ | Tháng 10/2025 | Đề án |
| 2 | Kiện toàn Ban Chỉ đạo phát triển khoa học, công nghệ | Văn phòng UBND tỉnh | 30/6/2025 | Quyết định |
|   | và đổi mới sáng tạo cấp tỉnh |   |   |   |
"""
    + _TAIL
)

# no deadline column: the deadline comes from the task text
NO_DEADLINE = (
    _HEAD
    + """| STT | Nhiệm vụ | Chủ trì | Phối hợp |
|---|---|---|---|
| 1 | Hoàn thành việc cấp căn cước cho công dân trước ngày 31/12/2025 | Công an tỉnh | Ủy ban nhân dân cấp xã |
| 2 | Tuyên truyền về Đề án 06 trên các phương tiện thông tin đại chúng | Sở Văn hóa, Thể thao và Du lịch | Đài Phát thanh và Truyền hình Nghệ An |
"""
    + _TAIL
)

# the publisher's layout: every cell on its own lines after a "|" line; a row ends with "|"
VERTICAL = (
    _HEAD
    + """
*(Kèm theo Kế hoạch số 318/KH-UBND ngày 20/5/2025)*
|
**STT**
|
**Nhiệm vụ, giải
pháp**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian thực
hiện**
|
|
**I**
|
**HOÀN THIỆN THỂ CHẾ**
|
|
1
|
Rà soát, sửa đổi các quy định về thủ tục hành chính
trên môi trường điện tử
|
Sở Tư pháp
|
|
Quý IV/2025
|
|
2
|
Xây dựng kho dữ liệu dùng chung của tỉnh
|
Sở Khoa học và
Công nghệ
|
Các sở, ban, ngành; Ủy ban nhân dân cấp xã
|
Tháng 12/2025
|
"""
    + _TAIL
)

# a row spanning its number, lead and support cells: the following rows hold the task only
ROWSPAN = (
    _HEAD
    + """
|
**STT**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Nội dung nhiệm vụ**
|
**Thời hạn hoàn thành**
|
|
1
|
Sở Nông nghiệp và Môi trường
|
Sở Xây dựng; Công an tỉnh
|
- Kiểm kê nguồn phát thải khí thải trên địa bàn tỉnh.
|
Năm 2026
|
|
- Lắp đặt trạm quan trắc không khí tự động.
|
Quý II/2026
|
|
2
|
Sở Xây dựng
|
Sở Tài chính
|
Kiểm soát bụi tại các công trình xây dựng
|
Thường xuyên
|
"""
    + _TAIL
)

CASES = [
    (
        "markdown",
        MARKDOWN,
        [
            (
                "Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn",
                ["Sở Nội vụ"],
                ["các sở, ban, ngành", "Ủy ban nhân dân cấp xã"],
                "2025-Q3",
            ),
            (
                "Xây dựng cơ sở dữ liệu dân cư phục vụ Đề án 06",
                ["Công an tỉnh"],
                ["Sở Khoa học và Công nghệ"],
                "2025-09-30",
            ),
            ("Tổng hợp, báo cáo kết quả thực hiện Kế hoạch", ["Sở Nội vụ"], [], None),
            ("Bố trí kinh phí thực hiện các nhiệm vụ", ["Sở Tài chính"], ["Sở Nội vụ"], "2025"),
        ],
    ),
    (
        "wrapped",
        WRAPPED,
        [
            (
                "Xây dựng Đề án chuyển đổi số trong cơ quan nhà nước giai đoạn 2025-2030",
                ["Sở Khoa học và Công nghệ"],
                [],
                "2025-10",
            ),
            (
                "Kiện toàn Ban Chỉ đạo phát triển khoa học, công nghệ và đổi mới sáng tạo cấp tỉnh",
                ["Văn phòng UBND tỉnh"],
                [],
                "2025-06-30",
            ),
        ],
    ),
    (
        "no deadline column",
        NO_DEADLINE,
        [
            (
                "Hoàn thành việc cấp căn cước cho công dân trước ngày 31/12/2025",
                ["Công an tỉnh"],
                ["Ủy ban nhân dân cấp xã"],
                "2025-12-31",
            ),
            (
                "Tuyên truyền về Đề án 06 trên các phương tiện thông tin đại chúng",
                ["Sở Văn hóa, Thể thao và Du lịch"],
                ["Đài Phát thanh và Truyền hình Nghệ An"],
                None,
            ),
        ],
    ),
    (
        "cells on lines",
        VERTICAL,
        [
            (
                "Rà soát, sửa đổi các quy định về thủ tục hành chính trên môi trường điện tử",
                ["Sở Tư pháp"],
                [],
                "2025-Q4",
            ),
            (
                "Xây dựng kho dữ liệu dùng chung của tỉnh",
                ["Sở Khoa học và Công nghệ"],
                ["các sở, ban, ngành", "Ủy ban nhân dân cấp xã"],
                "2025-12",
            ),
        ],
    ),
    (
        "rowspan",
        ROWSPAN,
        [
            (
                "Kiểm kê nguồn phát thải khí thải trên địa bàn tỉnh.",
                ["Sở Nông nghiệp và Môi trường"],
                ["Sở Xây dựng", "Công an tỉnh"],
                "2026",
            ),
            (
                "Lắp đặt trạm quan trắc không khí tự động.",
                ["Sở Nông nghiệp và Môi trường"],
                ["Sở Xây dựng", "Công an tỉnh"],
                "2026-Q2",
            ),
            ("Kiểm soát bụi tại các công trình xây dựng", ["Sở Xây dựng"], ["Sở Tài chính"], None),
        ],
    ),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_task_table_rows(name: str, text: str, want: list) -> None:
    prep = prepare(text)
    tasks = find_tasks(prep, doc_date="2025-05-20")
    got = [(t.text, t.lead, t.support, t.deadline) for t in tasks]
    assert got == [(x, _c(lead), _c(sup), dl) for x, lead, sup, dl in want]
    for t in tasks:  # spans point at the task cell
        s, e = t.span
        assert 0 <= s < e <= len(prep.text)
        assert " ".join(prep.text[s:e].split()).startswith(t.text[:20])


STATISTICS = (
    _HEAD
    + """| STT | Chỉ tiêu | Đơn vị tính | Năm 2024 | Kế hoạch 2025 |
|---|---|---|---|---|
| 1 | Tốc độ tăng trưởng GRDP | % | 8,1 | 10,5 |
| 2 | Thu ngân sách nhà nước trên địa bàn | Tỷ đồng | 24.500 | 25.000 |
| 3 | Số doanh nghiệp thành lập mới, Sở Tài chính chủ trì | Doanh nghiệp | 2.100 | 2.400 |
"""
    + _TAIL
)

RECIPIENTS = """BỘ NỘI VỤ
Số: 2150/BNV-TCBC
V/v hướng dẫn sắp xếp tổ chức
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 10 tháng 4 năm 2025
| Kính gửi: | Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương |
| Đơn vị thực hiện | Sở Nội vụ |
Bộ Nội vụ hướng dẫn như sau.
"""

LAW = """QUỐC HỘI
Luật số: 91/2025/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 25 tháng 6 năm 2025
LUẬT
BẢO VỆ DỮ LIỆU CÁ NHÂN
Điều 1. Phạm vi điều chỉnh
Luật này quy định về bảo vệ dữ liệu cá nhân.
Điều 2. Trách nhiệm
| STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |
|---|---|---|---|
| 1 | Ban hành văn bản hướng dẫn thi hành Luật | Bộ Công an | Trước ngày 01/01/2026 |
Điều 3. Hiệu lực thi hành
Luật này có hiệu lực từ ngày 01 tháng 01 năm 2026.
"""

PROCEDURE = (
    _HEAD
    + """| Bước thực hiện | Nội dung công việc | Đơn vị thực hiện | Thời gian thực hiện |
|---|---|---|---|
| Bước 1 | Tiếp nhận hồ sơ, chuyển hồ sơ đến Sở Nội vụ | Trung tâm Phục vụ hành chính công | 0,5 ngày |
| Bước 2 | Thẩm định hồ sơ, trình phê duyệt | Sở Nội vụ | 03 ngày |
"""
    + _TAIL
)


_TASK_TABLE = MARKDOWN[len(_HEAD) : -len(_TAIL)]
_TASK_TEXTS = [x for x, _, _, _ in CASES[0][2]]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("statistics", STATISTICS),
        ("recipients", RECIPIENTS),
        ("procedure", PROCEDURE),
    ],
)
def test_tables_that_are_not_task_tables(name: str, text: str) -> None:
    """Next to a task table, a statistics table, a recipients table or the steps of a procedure
    yield nothing: only the task table's rows are tasks."""
    doc = text.replace("\nNơi nhận:", "\n" + _TASK_TABLE + "\nNơi nhận:", 1)
    if doc == text:
        doc = text + "\n" + _TASK_TABLE
    tasks = find_tasks(prepare(doc), doc_date="2025-05-20")
    assert [t.text for t in tasks] == _TASK_TEXTS


def test_table_in_a_law_yields_no_task() -> None:
    assert extract(LAW).tasks == []


@pytest.mark.parametrize(
    ("cell", "want"),
    [
        ("Quý III/2025", "2025-Q3"),
        ("Trước ngày 30/9/2025", "2025-09-30"),
        ("Năm 2025", "2025"),
        ("2026", "2026"),
        ("Tháng 12/2025", "2025-12"),
        ("**30/6/2025**", "2025-06-30"),
        ("Thường xuyên", None),
        ("2026 - 2030", None),
        ("Hằng năm", None),
    ],
)
def test_deadline_cells(cell: str, want: str | None) -> None:
    assert parse_deadline_cell(cell, "2025-05-20") == want
