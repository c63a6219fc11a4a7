"""Round 3: Party documents whose type line is followed by the organ they are "of".

``KẾT LUẬN`` / ``CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ`` / ``về ...``: the title is the subject under the
organ's line (the published titles read "<type> <symbol> năm <y> về ... do <organ> ban hành",
so the organ is not part of the subject). Synthetic headers with real organ names and symbols.
"""

from __future__ import annotations

import pytest

from ingest.clean import prepare
from ingest.header import parse_header

_PARTY = """ĐẢNG CỘNG SẢN VIỆT NAM
BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số {sym}
Hà Nội, ngày {day} tháng {month} năm 2025
{type_and_organ}
{subject}
-----
{body}
"""

CASES = [
    (
        "conclusion of the Politburo and the Secretariat, lower-case subject",
        "126-KL/TW",
        "KẾT LUẬN\nCỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ",
        "về một số nội dung, nhiệm vụ tiếp tục sắp xếp, tinh gọn tổ chức bộ máy của hệ thống\n"
        "chính trị năm 2025",
        "Kết luận",
        "về một số nội dung, nhiệm vụ tiếp tục sắp xếp, tinh gọn tổ chức bộ máy của hệ thống "
        "chính trị năm 2025",
    ),
    (
        "resolution of a plenum, organ over two lines",
        "45-NQ/TW",
        "NGHỊ QUYẾT\nHỘI NGHỊ LẦN THỨ MƯỜI MỘT\nBAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII",
        "về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức",
        "Nghị quyết",
        "về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức",
    ),
    (
        "directive of the Secretariat, subject in capitals",
        "47-CT/TW",
        "CHỈ THỊ\nCỦA BAN BÍ THƯ",
        "VỀ LÃNH ĐẠO ĐẠI HỘI ĐẢNG BỘ CÁC CẤP TIẾN TỚI ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV",
        "Chỉ thị",
        "VỀ LÃNH ĐẠO ĐẠI HỘI ĐẢNG BỘ CÁC CẤP TIẾN TỚI ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV",
    ),
    (
        "regulation of the Politburo",
        "262-QĐ/TW",
        "QUY ĐỊNH\nCỦA BỘ CHÍNH TRỊ",
        "về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân",
        "Quy định",
        "về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân",
    ),
    (
        "conclusion notice of the Politburo",
        "340-TB/TW",
        "THÔNG BÁO KẾT LUẬN\nCỦA BỘ CHÍNH TRỊ",
        "về Đề án tiếp tục đổi mới, hoàn thiện hệ thống pháp luật",
        "Thông báo",
        "về Đề án tiếp tục đổi mới, hoàn thiện hệ thống pháp luật",
    ),
]


@pytest.mark.parametrize(
    ("label", "sym", "type_and_organ", "subject", "doc_type", "title"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_party_title_is_the_subject(
    label: str, sym: str, type_and_organ: str, subject: str, doc_type: str, title: str
) -> None:
    text = _PARTY.format(
        sym=sym,
        day="14",
        month="02",
        type_and_organ=type_and_organ,
        subject=subject,
        body="Tại phiên họp ngày 10/02/2025, Bộ Chính trị đã thảo luận và kết luận như sau:\n"
        "1. Giao Ban Tổ chức Trung ương chủ trì, phối hợp với Đảng ủy Chính phủ rà soát.",
    )
    meta = parse_header(prepare(text))
    assert meta.symbol == sym
    assert meta.doc_type == doc_type
    assert meta.title == title
