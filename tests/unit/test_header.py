"""Header metadata: table-driven over synthetic headers in every layout of domain.md §2."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.clean import prepare
from ingest.header import parse_header
from ingest.models import DocumentMeta

# -- fixtures written for these tests (realistic forms, invented content) ---------------------

TB_VPCP_WRAPPED = """**VĂN PHÒNG CHÍNH
PHỦ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 631/TB-VPCP
|
*Hà Nội, ngày 19
tháng 11 năm 2025*
|
**THÔNG BÁO**
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI CUỘC HỌP VỀ TRIỂN KHAI
ĐỀ ÁN 06 TRONG THÁNG 11 NĂM 2025
-----
Ngày 14 tháng 11 năm 2025, Phó Thủ tướng Chính phủ chủ trì cuộc họp.
Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.
|
*Nơi nhận:*
- Thủ tướng, các Phó Thủ tướng;
- Bộ Công an;
- Bộ Tài chính;
- Lưu: VT, KSTT.
|
**KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM**
**Nguyễn Văn
Minh**
"""

QD_UBND = """**ỦY BAN NHÂN
DÂN**
**TỈNH ĐẮK LẮK**
--------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số:
12/2025/QĐ-
UBND
|
*Đắk Lắk, ngày 05/3/2025*
|
**QUYẾT ĐỊNH**
BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN
TỈNH ĐẮK LẮK
**ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK**
*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;*
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định về quản lý chợ.
|
*Nơi nhận:*
- Như Điều 3;
- Bộ Công thương;
- Lưu: VT.
|
**TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH**
Trần Thị Hoà
"""

CONG_VAN = """BỘ TÀI CHÍNH
**CỤC THUẾ**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số:5120/CT-CS
*V/v: chính sách thuế giá trị gia tăng đối
với hàng hóa xuất khẩu*
|
*Hà
Nội, ngày 02 tháng 12 năm 2025*
|
**Kính gửi:**
- Thuế tỉnh Đắk Lắk;
- Công ty cổ phần Ánh Dương.
Cục Thuế nhận được công văn số 15/CV-AD của Công ty. Về vấn đề này, Cục Thuế có ý kiến như sau:
1. Nội dung trả lời.
|
Nơi nhận:
- Như trên;
- Vụ Pháp chế (BTC);
- Lưu: VT, CS.
|
**TL. CỤC TRƯỞNG**
KT. TRƯỞNG BAN CHÍNH SÁCH THUẾ
PHÓ TRƯỞNG BAN
**Lê Quang Tùng**
"""

CONG_VAN_INLINE = """BỘ NỘI VỤ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 1234/BNV-CCHC
V/v hướng dẫn đánh giá chỉ số cải cách hành chính năm 2025
Hà Nội, ngày 7 tháng 4 năm 2025
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Bộ Nội vụ đề nghị các địa phương thực hiện./.
Nơi nhận:
- Như trên;
- Bộ trưởng (để b/c);
- Lưu: VT, CCHC.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Phạm Thị Lan
"""

PARTY = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
|
ĐẢNG CỘNG SẢN VIỆT NAM
---------------
|
Số 45-KL/TW
|
*Hà Nội, ngày 28
tháng 11 năm 2025*
|
**KẾT LUẬN**
CỦA BỘ CHÍNH TRỊ VỀ TIẾP TỤC THỰC HIỆN NGHỊ QUYẾT SỐ 18-NQ/TW
-----
Tại phiên họp ngày 20/11/2025, Bộ Chính trị kết luận như sau:
1. Nội dung.
|
*Nơi nhận:*
- Các tỉnh uỷ, thành uỷ,
- Lưu Văn phòng Trung ương Đảng.
|
**T/M BỘ CHÍNH
TRỊ**
Trần Văn Khải
"""

PARTY_OFFICE = """BAN CHẤP HÀNH
TRUNG ƯƠNG
**VĂN PHÒNG**
*****
|
**ĐẢNG CỘNG SẢN VIỆT NAM**
|
Số 400-TB/VPTW
|
*Hà Nội, ngày 3 tháng 10 năm 2025*
|
**THÔNG BÁO KẾT LUẬN**
CỦA THƯỜNG TRỰC BAN BÍ THƯ VỀ CÔNG TÁC CHUẨN BỊ ĐẠI HỘI
-----
Nội dung thông báo.
|
**TL. BAN BÍ THƯ
CHÁNH VĂN PHÒNG**
Lê Minh Đức
"""

NO_AGENCY = """**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số: 25/CT-TTg
|
*Hà Nội, ngày 10 tháng 6 năm 2025*
|
**CHỈ THỊ**
VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI
Thời gian qua, thiên tai diễn biến phức tạp.
|
**THỦ TƯỚNG**
Nguyễn Hữu Bình
"""

LAW = """QUỐC HỘI --------
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Luật số: 08/2017/QH14
LUẬT
THUỶ LỢI
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Điều 1. Phạm vi điều chỉnh
Luật này được Quốc hội khóa XIV, kỳ họp thứ 3 thông qua ngày 19 tháng 6 năm 2017.
CHỦ TỊCH QUỐC HỘI
Nguyễn Thị Kim Hương
"""

JOINT = """BỘ TÀI CHÍNH - BỘ NỘI VỤ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 03/2025/TTLT-BTC-BNV
Hà Nội, ngày 15 tháng 1 năm 2025
THÔNG TƯ LIÊN TỊCH
HƯỚNG DẪN CHẾ ĐỘ PHỤ CẤP
Căn cứ Nghị định số 25/2025/NĐ-CP;
Điều 1. Phạm vi.
KT. BỘ TRƯỞNG BỘ NỘI VỤ
THỨ TRƯỞNG

Vũ Đăng Khoa

KT. BỘ TRƯỞNG BỘ TÀI CHÍNH
THỨ TRƯỞNG

Hoàng Minh Tâm
"""

NEWS = """## Lịch tập huấn nghiệp vụ thuế cho công chức cấp xã
**Ngày 18/11/2025, Bộ Tài chính đã ban hành Công văn 17000/BTC-VP về việc tập huấn nghiệp vụ thuế.**
Theo đó, Phó Thủ tướng Chính phủ Hồ Văn An chủ trì hội nghị ngày 26/11/2025.
"""

NEWS_PLAIN = """Thủ tướng làm việc với tỉnh Gia Lai
Chiều 5/12, Thủ tướng Chính phủ đã làm việc với lãnh đạo tỉnh.
"""


def _check(meta: DocumentMeta, expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        if key == "signer_names":
            assert [s.name for s in meta.signers] == want
        elif key == "capacity":
            assert meta.signers and meta.signers[0].capacity == want
        elif key == "recipients_include":
            for r in want:
                assert r in meta.recipients, (r, meta.recipients)
        else:
            assert getattr(meta, key) == want, (key, getattr(meta, key))


CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "wrapped agency, wrapped date, markdown, conclusion notice",
        TB_VPCP_WRAPPED,
        {
            "symbol": "631/TB-VPCP",
            "doc_type": "Thông báo",
            "issuer": "Văn phòng Chính phủ",
            "issued_date": "2025-11-19",
            "place": "Hà Nội",
            "title": "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI CUỘC HỌP VỀ TRIỂN KHAI ĐỀ ÁN 06 "
            "TRONG THÁNG 11 NĂM 2025",
            "signer_names": ["Nguyễn Văn Minh"],
            "capacity": "KT.",
            "recipients_include": ["Bộ Công an", "Bộ Tài chính"],
            "is_formal": True,
        },
    ),
    (
        "provincial decision: wrapped UBND, symbol wrapped, numeric date",
        QD_UBND,
        {
            "symbol": "12/2025/QĐ-UBND",
            "doc_type": "Quyết định",
            "issuer": "Ủy ban nhân dân tỉnh Đắk Lắk",
            "issued_date": "2025-03-05",
            "place": "Đắk Lắk",
            "title": "BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH ĐẮK LẮK",
            "signer_names": ["Trần Thị Hoà"],
            "capacity": "TM.",
            "recipients_include": ["Bộ Công Thương"],
        },
    ),
    (
        "công văn: parent/child agency, V/v wrapped, Kính gửi list, place wrapped",
        CONG_VAN,
        {
            "symbol": "5120/CT-CS",
            "doc_type": "Công văn",
            "issuer": "Cục Thuế",
            "issued_date": "2025-12-02",
            "place": "Hà Nội",
            "title": "chính sách thuế giá trị gia tăng đối với hàng hóa xuất khẩu",
            "signer_names": ["Lê Quang Tùng"],
            "capacity": "TL.",
            "recipients_include": ["Thuế tỉnh Đắk Lắk", "Công ty cổ phần Ánh Dương"],
        },
    ),
    (
        "công văn: inline Kính gửi, plain text",
        CONG_VAN_INLINE,
        {
            "symbol": "1234/BNV-CCHC",
            "doc_type": "Công văn",
            "issuer": "Bộ Nội vụ",
            "issued_date": "2025-04-07",
            "title": "hướng dẫn đánh giá chỉ số cải cách hành chính năm 2025",
            "signer_names": ["Phạm Thị Lan"],
            "recipients_include": ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
        },
    ),
    (
        "Party conclusion: Số without colon, T/M signature",
        PARTY,
        {
            "symbol": "45-KL/TW",
            "doc_type": "Kết luận",
            "issuer": "Ban Chấp hành Trung ương",
            "issued_date": "2025-11-28",
            "signer_names": ["Trần Văn Khải"],
            "capacity": "TM.",
        },
    ),
    (
        "Party office under the Central Committee",
        PARTY_OFFICE,
        {
            "symbol": "400-TB/VPTW",
            "doc_type": "Thông báo",
            "issuer": "Văn phòng Ban Chấp hành Trung ương",
            "issued_date": "2025-10-03",
            "signer_names": ["Lê Minh Đức"],
            "capacity": "TL.",
        },
    ),
    (
        "header lacking the agency: issuer from the symbol's code",
        NO_AGENCY,
        {
            "symbol": "25/CT-TTg",
            "doc_type": "Chỉ thị",
            "issuer": "Thủ tướng Chính phủ",
            "issued_date": "2025-06-10",
            "title": "VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI",
            "signer_names": ["Nguyễn Hữu Bình"],
        },
    ),
    (
        "law without a date line: date from 'thông qua ngày'",
        LAW,
        {
            "symbol": "08/2017/QH14",
            "doc_type": "Luật",
            "issuer": "Quốc hội",
            "issued_date": "2017-06-19",
            "title": "THUỶ LỢI",
            "signer_names": ["Nguyễn Thị Kim Hương"],
        },
    ),
    (
        "joint circular: two signers",
        JOINT,
        {
            "symbol": "03/2025/TTLT-BTC-BNV",
            "doc_type": "Thông tư liên tịch",
            "issued_date": "2025-01-15",
            "signer_names": ["Vũ Đăng Khoa", "Hoàng Minh Tâm"],
        },
    ),
    (
        "news report about a document",
        NEWS,
        {
            "is_formal": False,
            "title": "Lịch tập huấn nghiệp vụ thuế cho công chức cấp xã",
            "issued_date": "2025-11-18",
            "symbol": "17000/BTC-VP",
            "doc_type": "Công văn",
            "issuer": "Bộ Tài chính",
            "signer_names": [],
        },
    ),
    (
        "news report without a document",
        NEWS_PLAIN,
        {
            "is_formal": False,
            "title": "Thủ tướng làm việc với tỉnh Gia Lai",
            "symbol": None,
            "issued_date": None,
        },
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_header(label: str, text: str, expected: dict[str, Any]) -> None:
    _check(parse_header(prepare(text)), expected)


def test_nfd_input_and_bom() -> None:
    import unicodedata

    text = "\ufeff" + unicodedata.normalize("NFD", CONG_VAN_INLINE)
    meta = parse_header(prepare(text))
    assert meta.symbol == "1234/BNV-CCHC"
    assert meta.issuer == "Bộ Nội vụ"


@pytest.mark.parametrize("text", ["", "   \n\n", "|||***---", "Số:", "ngày 99 tháng 99 năm 9999"])
def test_degenerate_inputs(text: str) -> None:
    meta = parse_header(prepare(text))
    assert meta.symbol is None
    assert meta.issued_date is None


def test_letter_without_header() -> None:
    text = (
        "**Kính gửi:** Thuế tỉnh Gia Lai.\n"
        "Cục Hải quan nhận được công văn số 12/CV-AB ngày 13/11/2025 của Công ty.\n"
        "Cục Hải quan có ý kiến như sau:\n1. Nội dung.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\nĐỗ Văn Hải\n"
    )
    meta = parse_header(prepare(text))
    assert meta.doc_type == "Công văn"
    assert meta.issuer == "Cục Hải quan"
    assert meta.issued_date is None  # the only date is a cited letter's
    assert [s.name for s in meta.signers] == ["Đỗ Văn Hải"]
