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


# -- layouts added for the published-metadata accuracy work (synthetic, invented content) ------

_FILLER = "Nội dung chỉ đạo được các đơn vị triển khai theo đúng quy định hiện hành.\n"

LETTER_WRAPPED_KINH_GUI = (
    "**Kính\ngửi:** Công ty TNHH Thương mại Ánh Dương.\n"
    "*(Đ/c: số 12, phố Hàng Bài, Hà Nội)*\n"
    "Trả lời công văn số 15/CV-AD ngày 10/10/2025 của Công ty, Cục Hải quan có ý\n"
    "kiến như sau:\n1. Về mã loại hình.\n" + _FILLER + "|\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    "|\n**TL. CỤC TRƯỞNG**\nPHÓ TRƯỞNG BAN\nLê Văn Thành\n"
)

LETTER_APPENDIX_SELF_REFERENCE = (
    "**Kính gửi:** Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương\n"
    "Thực hiện Nghị định số 62/2024/NĐ-CP ngày 07/6/2024 của Chính phủ, Bộ Tài\n"
    "chính đề nghị Ủy ban nhân dân các tỉnh rà soát số liệu.\n" + _FILLER * 3 + "|\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, CTK.\n|\n**KT. BỘ TRƯỞNG**\nTHỨ TRƯỞNG\n"
    "Trần Thị Minh Hương\n|\n**PHỤ LỤC**\nBIỂU TỔNG HỢP SỐ LIỆU\n"
    "*(Kèm theo Công văn số 9876/BTC-CTK ngày 17 tháng 11 năm 2025 của Bộ Tài\nchính)*\n"
    "| **Chỉ tiêu** | **Mã số** |\n"
)

LETTER_WRITER_IN_CLOSING = (
    "**Kính gửi:**\n|\n- Các đơn vị thuộc Bộ;\n- Vụ Pháp chế.\n|\n"
    "Thủ tướng Chính phủ đã ban hành Công điện số 220/CĐ-TTg ngày 18/11/2025 chỉ đạo\n"
    "cắt giảm thủ tục hành chính; số lượng văn bản mà Bộ Văn hóa, Thể thao và Du lịch\n"
    "phải sửa đổi là rất lớn.\n" + _FILLER * 2 + "Bộ Văn hóa, Thể thao và Du lịch\n"
    "yêu cầu Thủ trưởng các đơn vị khẩn trương triển khai thực hiện./.\n|\n"
    "*Nơi nhận:*\n- Như trên;\n- Lưu: VT, VP.\n|\n**KT. BỘ TRƯỞNG**\nTHỨ TRƯỞNG\n"
    "Phan Văn Đức\n"
)

LETTER_STEERING_COMMITTEE = (
    "**Kính gửi:** Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n"
    "Thực hiện Kết luận số 210-KL/TW ngày 12/11/2025 của Bộ Chính trị, Ban Chỉ đạo của\n"
    "Chính phủ về sắp xếp đơn vị hành chính các cấp và xây dựng mô hình tổ chức chính\n"
    "quyền địa phương 02 cấp (sau đây viết là Ban Chỉ đạo của Chính phủ) yêu cầu Chủ tịch\n"
    "Ủy ban nhân dân các tỉnh tập trung chỉ đạo.\n"
    + _FILLER
    + "Ban Chỉ đạo của Chính phủ đề nghị các địa phương báo cáo kết quả./.\n|\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, BCĐ.\n|\n**KT. TRƯỞNG BAN**\nPHÓ TRƯỞNG BAN\n"
    "Nguyễn Thị Lan\n"
)

# a law reproduced without its header: the motto words occur only inside a sentence
LAW_WITHOUT_HEADER = (
    "Lãnh thổ của nước Cộng hoà xã hội chủ nghĩa Việt Nam là thiêng liêng.\n"
    "Căn cứ vào Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam năm 1992 đã được sửa đổi,\n"
    "bổ sung theo Nghị quyết số 51/2001/QH10 ngày 25 tháng 12 năm 2001 của Quốc hội;\n"
    "Luật này quy định về đường biên giới.\nChương 1\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1\n"
    + _FILLER
    * 3
    + "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XI, kỳ họp\n"
    "thứ 3 thông qua ngày 17 tháng 6 năm 2003.\nNguyễn Văn Tường\n(Đã ký)\n"
)

OLD_DECREE_HEADING = (
    "SẮC LỆNH\nLUẬT SỐ 105-SL/L-007 NGÀY 14-6-1958 QUY ĐỊNH VỀ CHẾ ĐỘ BÁO CHÍ\n"
    "CHỦ TỊCH NƯỚC VIỆT NAM DÂN CHỦ CỘNG HOÀ\nRA SẮC LỆNH:\nĐiều 1.\n"
    + _FILLER
    + "Hồ Chí Minh\n(Đã ký)\n"
)

PASSED_IN_HEADER = (
    "LUẬT MẪU\nVỀ HÒA GIẢI THƯƠNG MẠI QUỐC TẾ\n(Tài liệu số A/57/17 của Liên Hợp Quốc)\n"
    "(Được Ủy ban của Liên Hợp Quốc về Luật thương mại quốc tế thông qua ngày 24 tháng 06"
    " năm 2002)\nCHƯƠNG I: QUY ĐỊNH CHUNG\n" + _FILLER * 2
)

CONGRESS_RESOLUTION = (
    "NGHỊ QUYẾT\nĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XI\n"
    "Đại hội đại biểu toàn quốc lần thứ XI Đảng Cộng sản Việt Nam họp từ ngày 12-01-2011 "
    "đến ngày 19-01-2011, tại Thủ đô Hà Nội, sau khi thảo luận các văn kiện,\nQUYẾT NGHỊ\n"
    + _FILLER
    * 2
)

# the signature block followed by an appendix longer than the tail windows
LONG_APPENDIX = (
    "**BỘ Y TẾ**\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n|\n"
    "Số: 2222/QĐ-BYT\n|\n*Hà Nội, ngày 03 tháng 10 năm 2025*\n|\n**QUYẾT ĐỊNH**\n"
    "VỀ VIỆC BAN HÀNH DANH MỤC KỸ THUẬT\n**BỘ TRƯỞNG BỘ Y TẾ**\n"
    "Căn cứ Nghị định số 42/2025/NĐ-CP;\n**QUYẾT ĐỊNH:**\n**Điều 1.** Ban hành danh mục.\n"
    "|\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT, KCB.\n|\n**KT. BỘ TRƯỞNG**\nTHỨ TRƯỞNG\n"
    "Đỗ Quang Huy\n|\n**DANH MỤC KỸ THUẬT**\n"
    + "| 1 | Kỹ thuật xét nghiệm máu ngoại vi thường quy | A |\n"
    * 400
)

# "nơi nhận" inside a sentence is not the recipients heading
NOI_NHAN_IN_SENTENCE = (
    "**ỦY BAN NHÂN DÂN**\n**TỈNH GIA LAI**\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
    "Độc lập - Tự do - Hạnh phúc\n|\nSố: 345/KH-UBND\n|\n*Gia Lai, ngày 02 tháng 12 năm 2025*\n"
    "|\n**KẾ HOẠCH**\nTRIỂN KHAI TIẾP NHẬN HỒ SƠ TRỰC TUYẾN\n"
    "1. Các xã công khai địa chỉ nơi nhận hồ sơ và số điện thoại.\n"
    + _FILLER * 2
    + "|\n**TM. ỦY BAN NHÂN DÂN**\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\nLê Thị Hồng Nhung\n"
)

NEW_CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "letter without header, 'Kính / gửi:' wrapped",
        LETTER_WRAPPED_KINH_GUI,
        {
            "is_formal": True,
            "doc_type": "Công văn",
            "issuer": "Cục Hải quan",
            "issued_date": None,
            "signer_names": ["Lê Văn Thành"],
        },
    ),
    (
        "letter without header named by its appendix ('Kèm theo Công văn số ...')",
        LETTER_APPENDIX_SELF_REFERENCE,
        {
            "symbol": "9876/BTC-CTK",
            "doc_type": "Công văn",
            "issuer": "Bộ Tài chính",
            "issued_date": "2025-11-17",
            "signer_names": ["Trần Thị Minh Hương"],
        },
    ),
    (
        "letter whose writer is named only in the closing paragraph",
        LETTER_WRITER_IN_CLOSING,
        {
            "symbol": None,
            "doc_type": "Công văn",
            "issuer": "Bộ Văn hóa, Thể thao và Du lịch",
            "signer_names": ["Phan Văn Đức"],
        },
    ),
    (
        "steering committee writing '(sau đây viết là ...) yêu cầu'",
        LETTER_STEERING_COMMITTEE,
        {
            "doc_type": "Công văn",
            "issuer": "Ban Chỉ đạo sắp xếp đơn vị hành chính các cấp và xây dựng mô hình tổ chức "
            "chính quyền địa phương 02 cấp",
            "signer_names": ["Nguyễn Thị Lan"],
        },
    ),
    (
        "law without header: motto words inside a sentence, dated by 'thông qua ngày'",
        LAW_WITHOUT_HEADER,
        {"is_formal": False, "issued_date": "2003-06-17", "signer_names": ["Nguyễn Văn Tường"]},
    ),
    (
        "old heading naming its own number and date",
        OLD_DECREE_HEADING,
        {"issued_date": "1958-06-14", "signer_names": ["Hồ Chí Minh"]},
    ),
    (
        "adoption date in the heading ('thông qua ngày' under the title)",
        PASSED_IN_HEADER,
        {"issued_date": "2002-06-24"},
    ),
    (
        "congress resolution dated by the last day of the meeting",
        CONGRESS_RESOLUTION,
        {"doc_type": "Nghị quyết", "issued_date": "2011-01-19"},
    ),
    (
        "signature block before a long appendix",
        LONG_APPENDIX,
        {
            "symbol": "2222/QĐ-BYT",
            "issuer": "Bộ Y tế",
            "issued_date": "2025-10-03",
            "signer_names": ["Đỗ Quang Huy"],
            "capacity": "KT.",
        },
    ),
    (
        "'nơi nhận' inside a sentence; no recipients heading",
        NOI_NHAN_IN_SENTENCE,
        {
            "symbol": "345/KH-UBND",
            "doc_type": "Kế hoạch",
            "issuer": "Ủy ban nhân dân tỉnh Gia Lai",
            "signer_names": ["Lê Thị Hồng Nhung"],
            "capacity": "TM.",
        },
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), NEW_CASES, ids=[c[0] for c in NEW_CASES])
def test_parse_header_more_layouts(label: str, text: str, expected: dict[str, Any]) -> None:
    _check(parse_header(prepare(text)), expected)


def test_appendix_of_another_type_is_not_taken() -> None:
    """A 'Kèm theo Quyết định số ...' appendix does not name a letter (type mismatch)."""
    text = LETTER_APPENDIX_SELF_REFERENCE.replace("Kèm theo Công văn số", "Kèm theo Quyết định số")
    meta = parse_header(prepare(text))
    assert meta.symbol is None
    assert meta.issued_date is None


def test_genitive_agency_is_not_the_writer() -> None:
    """'Ban Chỉ đạo của Chính phủ đề nghị' must not make 'Chính phủ' the writer."""
    text = (
        "Kính gửi: Các bộ, ngành.\nBan Chỉ đạo của Chính phủ đề nghị các bộ báo cáo./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nTrần Văn Hải\n"
    )
    assert parse_header(prepare(text)).issuer is None


@pytest.mark.parametrize("body_kb", [1, 200, 2000])
def test_zones_are_bounded(body_kb: int) -> None:
    """The header and signature are read from bounded zones whatever the body length."""
    from ingest import header

    body = _FILLER * (body_kb * 1024 // len(_FILLER) + 1)
    text = TB_VPCP_WRAPPED.replace(
        "Ngày 14 tháng 11 năm 2025,", body + "Ngày 14 tháng 11 năm 2025,"
    )
    meta = parse_header(prepare(text))
    assert meta.symbol == "631/TB-VPCP"
    assert meta.issued_date == "2025-11-19"
    assert [s.name for s in meta.signers] == ["Nguyễn Văn Minh"]
    lines = header._lines(text, 0, None, header.HEADER_LINES)
    assert sum(1 for ln in lines if ln.text) <= header.HEADER_LINES


# Two-column header rows flattened onto one line ("left | right"): the agency column continues
# below the motto row, so the province must not be lost (it is part of the document's identity).
FLATTENED_ROWS = [
    (
        "pipes",
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH NGHỆ AN | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1/KH-UBND | Nghệ An, ngày 05 tháng 01 năm 2024\n\nKẾ HOẠCH\nTriển khai Đề án 06\n",
        ("Ủy ban nhân dân tỉnh Nghệ An", "1-kh-ubnd-2024-nghe-an"),
    ),
    (
        "markdown table",
        "| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "| TỈNH ĐẮK LẮK | Độc lập - Tự do - Hạnh phúc |\n| ------- | --------------- |\n"
        "| Số: 12/KH-UBND | Đắk Lắk, ngày 05 tháng 01 năm 2024 |\n\nKẾ HOẠCH\nTriển khai\n",
        ("Ủy ban nhân dân tỉnh Đắk Lắk", "12-kh-ubnd-2024-dak-lak"),
    ),
    (
        "parent and unit",
        "BỘ TÀI CHÍNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "CỤC THUẾ | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/CT-TTHT | Hà Nội, ngày 05 tháng 01 năm 2024\nV/v hướng dẫn chính sách thuế\n",
        ("Cục Thuế", "15-ct-ttht-2024"),
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "expected"), FLATTENED_ROWS, ids=[c[0] for c in FLATTENED_ROWS]
)
def test_flattened_two_column_rows_keep_the_agency_column(
    label: str, text: str, expected: tuple[str, str]
) -> None:
    from ingest import extract

    doc = extract(text).document
    assert (doc.issuer, doc.id) == expected
