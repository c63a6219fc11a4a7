"""Deadline phrases → ISO date or period (synthetic task sentences)."""

from __future__ import annotations

import pytest

from ingest.deadlines import find_deadline, parse_deadline

CASES = [
    # (text, document date, expected)
    ("Bộ Tài chính hoàn thành trước ngày 30/9/2025.", None, "2025-09-30"),
    ("báo cáo Thủ tướng Chính phủ trước ngày 05/01/2026", None, "2026-01-05"),
    ("hoàn thành trước ngày 25 tháng 11 năm 2025;", None, "2025-11-25"),
    ("chậm nhất ngày 10 tháng 12\nnăm 2025", None, "2025-12-10"),
    ("trình Chính phủ trong tháng 02 năm 2025", None, "2025-02"),
    ("ban hành trong tháng 02/2025", None, "2025-02"),
    ("trình Quốc hội trong quý I/2026", None, "2026-Q1"),
    ("hoàn thành trong Quý IV năm 2025", None, "2025-Q4"),
    ("hoàn thành trong năm 2025", None, "2025"),
    ("tổng kết 6 tháng đầu năm 2026", None, "2026-H1"),
    ("sơ kết sáu tháng cuối năm 2025", None, "2025-H2"),
    # no year: the document's year, or the next one when the month has passed
    ("gửi Bộ Nội vụ trước ngày 15 tháng 3", "2025-01-20", "2025-03-15"),
    ("gửi Bộ Nội vụ trước ngày 15 tháng 3", "2025-11-20", "2026-03-15"),
    ("gửi Bộ Nội vụ trước ngày 15/12", "2025-11-20", "2025-12-15"),
    ("hoàn thành trong tháng 12", "2025-11-20", "2025-12"),
    ("trước ngày 15 tháng 3", None, None),
    # recurring obligations are not deadlines
    ("báo cáo định kỳ hằng tháng", None, None),
    ("báo cáo trước ngày 15 hằng tháng", None, None),
    ("báo cáo trước ngày 20 tháng 12 hằng năm", None, None),
    ("nhiệm vụ thường xuyên", None, None),
    # a cited document's date and a plan period are not deadlines
    ("theo Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", None, None),
    ("thực hiện Chương trình giai đoạn 2021 - 2025", None, None),
    # invalid dates are ignored
    ("trước ngày 31/02/2025", None, None),
    # the first deadline wins
    ("hoàn thành trong tháng 12 năm 2025, triển khai trong năm 2026", None, "2025-12"),
]


@pytest.mark.parametrize(("text", "doc_date", "expected"), CASES)
def test_parse_deadline(text: str, doc_date: str | None, expected: str | None) -> None:
    assert parse_deadline(text, doc_date) == expected


def test_find_deadline_span() -> None:
    text = "Bộ Xây dựng hoàn thành trước ngày 30/9/2025."
    d = find_deadline(text)
    assert d is not None
    assert d.value == "2025-09-30"
    assert "30/9/2025" in text[d.start : d.end]
