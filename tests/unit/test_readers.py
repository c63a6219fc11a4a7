"""Readers: bytes of every supported format and encoding → text; every failure → ReadError."""

from __future__ import annotations

import functools
import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import readers
from ingest.errors import ReadError
from ingest.legacy_encodings import encode_cp1258, encode_tcvn3, encode_vni
from ingest.readers import SUPPORTED_SUFFIXES, decode_bytes, read_file

# Synthetic document text (written for these tests; real agency names and number formats).
HEADER = "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK"
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n"
    "Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan thực hiện."
)
TEXT = f"{HEADER}\nSố: 125/QĐ-UBND\n{BODY}"
# TCVN3 cannot hold toned capitals: its version of the text is title-case free of them.
TEXT_LEGACY = f"Số: 125/QĐ-UBND\n{BODY}"


# ------------------------------------------------------------------------------------------
# Plain text in every encoding
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(TEXT.encode("utf-8"), TEXT, id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + TEXT.encode("utf-16-le"), TEXT, id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), TEXT, id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), TEXT, id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), TEXT, id="utf-16-be-no-bom"),
        pytest.param(TEXT.encode("utf-16"), TEXT, id="utf-16-native-bom"),
        pytest.param(TEXT.encode("utf-32"), TEXT, id="utf-32-bom"),
        pytest.param(encode_cp1258(TEXT), TEXT, id="windows-1258"),
        pytest.param(encode_vni(TEXT), TEXT, id="vni"),
        pytest.param(encode_tcvn3(TEXT_LEGACY), TEXT_LEGACY, id="tcvn3"),
        # heading in the TCVN3 uppercase font: lowercase codes, capitals restored
        pytest.param(encode_tcvn3(TEXT), TEXT, id="tcvn3-caps-font"),
        pytest.param(TEXT.replace("\n", "\r\n").encode("utf-8"), TEXT, id="crlf-normalised"),
        pytest.param(TEXT.replace("\n", "\r").encode("utf-8"), TEXT, id="cr-normalised"),
    ],
)
def test_text_encodings(data: bytes, expected: str) -> None:
    assert decode_bytes(data, source="x.txt", suffix=".txt") == expected


def test_legacy_output_is_nfc_and_utf8_nfd_is_kept() -> None:
    nfd = unicodedata.normalize("NFD", TEXT)
    out = decode_bytes(nfd.encode("utf-8"), suffix=".txt")
    assert out == nfd  # as-is: downstream normalises with an offset map
    assert unicodedata.normalize("NFC", out) == TEXT
    for enc in (encode_cp1258, encode_vni):
        assert unicodedata.is_normalized("NFC", decode_bytes(enc(TEXT), suffix=".txt"))


@pytest.mark.parametrize("suffix", [".md", ".text", ".log", "", ".TXT"])
def test_text_suffixes_and_unknown_suffix(suffix: str) -> None:
    assert decode_bytes(TEXT.encode(), suffix=suffix) == TEXT


def test_markdown_with_html_looking_start_stays_text() -> None:
    md = "<html> in markdown stays\n**Điều 1.** Phạm vi"
    assert decode_bytes(md.encode(), suffix=".md") == md


def test_damaged_utf8_is_read_with_replacement() -> None:
    out = decode_bytes(TEXT.encode("utf-8") + b"\xff", suffix=".txt")
    assert out.startswith(TEXT)


# ------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------

HTML_DOC = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Trang</title>
<style>p { color: red }</style><script>var s = "<p>không lấy</p>";</script></head>
<body>
<table><tr><td><b>ỦY BAN NHÂN DÂN</b><br>TỈNH ĐẮK LẮK</td>
<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p></td></tr>
<tr><td>Số: 125/QĐ-UBND</td><td><i>Đắk Lắk, ngày 17 tháng 11 năm 2025</i></td></tr></table>
<p>Căn cứ Luật Tổ chức
   chính quyền địa phương &amp; Nghị quyết&nbsp;số 57-NQ/TW;</p><!-- ghi chú -->
<div>Điều 1.<div>Giao nhiệm vụ</div>cho các sở</div>
<table><tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời hạn</th></tr>
<tr><td>1</td><td>Xây dựng kế hoạch</td><td>Sở Nội vụ</td><td>Quý IV/2025</td></tr></table>
</body></html>"""

HTML_EXPECTED = """ỦY BAN NHÂN DÂN
TỈNH ĐẮK LẮK

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 125/QĐ-UBND

Đắk Lắk, ngày 17 tháng 11 năm 2025

Căn cứ Luật Tổ chức chính quyền địa phương & Nghị quyết số 57-NQ/TW;
Điều 1.
Giao nhiệm vụ
cho các sở
STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn
1 | Xây dựng kế hoạch | Sở Nội vụ | Quý IV/2025"""


@pytest.mark.parametrize("suffix", [".html", ".htm", ".bin"])
def test_html_layout(suffix: str) -> None:
    assert decode_bytes(HTML_DOC.encode("utf-8"), suffix=suffix) == HTML_EXPECTED


def test_html_declared_legacy_charset() -> None:
    html = '<html><head><meta charset="windows-1258"></head><body><p>{}</p></body></html>'
    data = html.encode("ascii").replace(b"{}", encode_cp1258("Tự do và Hạnh phúc"))
    assert decode_bytes(data, suffix=".html") == "Tự do và Hạnh phúc"


@pytest.mark.parametrize(
    ("charset", "encode"),
    [
        ("TCVN3", encode_tcvn3),
        ("x-viet-vni", encode_vni),
        ("idna", encode_vni),
        ("no-such-codec", encode_vni),
        ("base64", encode_cp1258),
    ],
)
def test_html_declared_charsets(charset: str, encode: Callable[[str], bytes]) -> None:
    """Declared legacy labels are honoured; bogus or non-text codecs fall back to guessing."""
    head = f'<html><head><meta charset="{charset}"></head><body><p>'.encode()
    data = head + encode("Căn cứ Luật Tổ chức Chính phủ") + b"</p></body></html>"
    assert decode_bytes(data, suffix=".html") == "Căn cứ Luật Tổ chức Chính phủ"


def test_html_undeclared_vni() -> None:
    data = b"<html><body><p>" + encode_vni("Căn cứ Luật Tổ chức Chính phủ") + b"</p></body></html>"
    assert decode_bytes(data, suffix=".htm") == "Căn cứ Luật Tổ chức Chính phủ"


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 100_000 + "sâu" + "</div>" * 100_000,
        "<table><tr><td>" * 20_000 + "sâu",
        "<span><b>" * 50_000 + "sâu",
    ],
    ids=["nested-div", "nested-table", "nested-inline"],
)
def test_html_deep_nesting_is_bounded(html: str) -> None:
    assert decode_bytes(html.encode(), suffix=".html").strip().endswith("sâu")


def test_html_flat_renderer_keeps_blocks() -> None:
    out = readers._html_to_text_flat(HTML_DOC)
    assert "var s" not in out and "color" not in out and "ghi chú" not in out
    assert "Căn cứ Luật Tổ chức chính quyền địa phương & Nghị quyết\xa0số 57-NQ/TW;" in out or (
        "Căn cứ Luật Tổ chức chính quyền địa phương & Nghị quyết số 57-NQ/TW;" in out
    )
    assert "1 | Xây dựng kế hoạch | Sở Nội vụ | Quý IV/2025" in out


def test_html_megabyte_line() -> None:
    line = "Căn cứ " * 200_000
    out = decode_bytes(f"<p>{line}</p>".encode(), suffix=".html")
    assert out == line.strip()


# ------------------------------------------------------------------------------------------
# DOCX
# ------------------------------------------------------------------------------------------


@functools.cache
def _docx_bytes() -> bytes:
    from docx import Document

    d = Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t.cell(1, 0).text = "Số: 125/QĐ-UBND"
    t.cell(1, 1).text = "Đắk Lắk, ngày 17 tháng 11 năm 2025"
    d.add_paragraph("QUYẾT ĐỊNH")
    p = d.add_paragraph("Căn cứ ")
    p.add_run("Luật Tổ chức").bold = True
    p.add_run(" chính quyền địa phương;")
    tasks = d.add_table(rows=2, cols=3)
    for j, v in enumerate(["STT", "Nhiệm vụ", "Cơ quan chủ trì"]):
        tasks.cell(0, j).text = v
    for j, v in enumerate(["1", "Xây dựng kế hoạch", "Sở Nội vụ"]):
        tasks.cell(1, j).text = v
    d.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DOCX_EXPECTED = """ỦY BAN NHÂN DÂN
TỈNH ĐẮK LẮK

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 125/QĐ-UBND

Đắk Lắk, ngày 17 tháng 11 năm 2025

QUYẾT ĐỊNH
Căn cứ Luật Tổ chức chính quyền địa phương;
STT | Nhiệm vụ | Cơ quan chủ trì
1 | Xây dựng kế hoạch | Sở Nội vụ
Nơi nhận:"""


@pytest.mark.parametrize("suffix", [".docx", ".DOCX", ".bin", ".txt"])
def test_docx_paragraphs_and_tables_in_order(suffix: str) -> None:
    assert decode_bytes(_docx_bytes(), suffix=suffix) == DOCX_EXPECTED


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_docx_skips_deleted_text_field_codes_and_fallbacks() -> None:
    xml = f"""<?xml version="1.0"?><w:document {W} {MC}><w:body>
      <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
        <w:r><w:t>Điều</w:t></w:r><w:r><w:tab/><w:t>1.</w:t></w:r>
        <w:del><w:r><w:delText>bỏ đi</w:delText></w:r></w:del>
        <w:r><w:instrText>PAGE</w:instrText></w:r>
        <w:r><w:br/><w:t>Phạm vi</w:t><w:noBreakHyphen/><w:t>điều chỉnh</w:t></w:r></w:p>
      <w:p><mc:AlternateContent><mc:Choice><w:r><w:t>hộp chữ</w:t></w:r></mc:Choice>
        <mc:Fallback><w:r><w:t>hộp chữ</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
    </w:body></w:document>""".encode()
    data = _zip({"word/document.xml": xml})
    assert decode_bytes(data, suffix=".docx") == "Điều\t1.\nPhạm vi-điều chỉnh\nhộp chữ"


def test_docx_main_part_from_relationships() -> None:
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/>'
        b"</Relationships>"
    )
    xml = f"<w:document {W}><w:body><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:body></w:document>"
    data = _zip({"_rels/.rels": rels, "word/document2.xml": xml.encode()})
    assert decode_bytes(data, suffix=".docx") == "Nội dung"


def test_docx_entities_are_not_expanded() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<w:document " + W.encode() + b"><w:body><w:p><w:r><w:t>x&b;y</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    )
    out = decode_bytes(_zip({"word/document.xml": xml}), suffix=".docx")
    assert "aaaaaaaaaa" not in out


# ------------------------------------------------------------------------------------------
# PDF
# ------------------------------------------------------------------------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# With a Unicode font the PDF carries Vietnamese; without one (a bare machine) ASCII only.
PDF_TEXT = (
    "QUYẾT ĐỊNH\nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;"
    if DEJAVU.exists()
    else "QUYET DINH\nCan cu Luat To chuc Chinh phu ngay 19/6/2015;"
)


@functools.cache
def _pdf_bytes(text: str | None = PDF_TEXT, pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if DEJAVU.exists():
        pdf.add_font("dejavu", fname=str(DEJAVU))
        pdf.set_font("dejavu", size=12)
    else:
        pdf.set_font("helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        if text is None:
            pdf.rect(10, 10, 50, 50, style="F")  # a "scan": no text layer
        else:
            pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


@pytest.mark.parametrize("suffix", [".pdf", ".txt", ""])
def test_pdf_text_layer(suffix: str) -> None:
    assert decode_bytes(_pdf_bytes(), suffix=suffix) == PDF_TEXT


def test_pdf_pages_are_joined() -> None:
    out = decode_bytes(_pdf_bytes(pages=2), suffix=".pdf")
    assert out == PDF_TEXT + "\n\n" + PDF_TEXT


# ------------------------------------------------------------------------------------------
# Errors: each one a ReadError with the source and a one-line reason
# ------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _valid_zip_not_docx() -> bytes:
    return _zip({"a.txt": b"hello"})


def _zip_bomb_ratio() -> bytes:
    return _zip({"word/document.xml": b"<" + b"a" * (8 * 1024 * 1024)})


@pytest.mark.parametrize(
    ("data", "suffix", "reason"),
    [
        pytest.param(b"", ".txt", "empty file", id="empty"),
        pytest.param(b" \n\t\r\n", ".txt", "empty file (only whitespace)", id="whitespace"),
        pytest.param(
            b"abc\x00\x01\x02\x03\xff\xfe\x00binary", ".txt", "binary content", id="nul-bytes"
        ),
        pytest.param(
            bytes(range(1, 32)) * 10 + b"abc", ".txt", "binary content", id="control-chars"
        ),
        pytest.param(PNG, ".txt", "unsupported binary format: PNG image", id="png-as-txt"),
        pytest.param(PNG, "", "unsupported binary format: PNG image", id="png-no-suffix"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", ".html", "JPEG image", id="jpeg-as-html"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc", "OLE2", id="legacy-doc"
        ),
        pytest.param(b"{\\rtf1\\ansi hello}", ".rtf", "RTF", id="rtf"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 40, ".docx", "corrupt DOCX", id="corrupt-docx"),
        pytest.param(
            b"not a zip at all", ".docx", "corrupt DOCX: not a ZIP archive", id="docx-not-zip"
        ),
        pytest.param(
            PNG, ".docx", "corrupt DOCX: not a ZIP archive (content is PNG image)", id="docx-is-png"
        ),
        pytest.param(_valid_zip_not_docx(), ".docx", "no word/document.xml", id="zip-no-doc"),
        pytest.param(_valid_zip_not_docx(), ".zip", "ZIP archive (not a DOCX)", id="plain-zip"),
        pytest.param(_zip_bomb_ratio(), ".docx", "zip bomb", id="zip-bomb-ratio"),
        pytest.param(
            _zip({"word/document.xml": b"<w:document><w:body>"}),
            ".docx",
            "corrupt DOCX: bad XML",
            id="docx-bad-xml",
        ),
        pytest.param(
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF", ".pdf", "PDF", id="corrupt-pdf"
        ),
        pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 8, ".pdf", "PDF", id="garbage-pdf"),
        pytest.param(b"hello", ".pdf", "corrupt PDF: no %PDF header", id="pdf-not-pdf"),
        pytest.param(
            b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00",
            ".txt",
            "odd number of bytes",
            id="utf16-odd",
        ),
        pytest.param(
            b"\xff\xfe\x00\xd8a\x00", ".txt", "undecodable UTF-16-LE", id="utf16-lone-surrogate"
        ),
    ],
)
def test_errors(data: bytes, suffix: str, reason: str) -> None:
    with pytest.raises(ReadError) as ei:
        decode_bytes(data, source="doc" + suffix, suffix=suffix)
    err = ei.value
    assert err.source == "doc" + suffix
    assert reason in err.reason
    assert "\n" not in str(err)
    assert str(err).startswith(f"doc{suffix}: ")


def test_pdf_without_text_layer() -> None:
    with pytest.raises(ReadError, match=r"no text layer \(scanned PDF\?\)"):
        decode_bytes(_pdf_bytes(None), source="scan.pdf", suffix=".pdf")


def test_pdf_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "PDF_MAX_PAGES", 2)
    with pytest.raises(ReadError, match=r"PDF too long \(3 pages > 2 limit\)"):
        decode_bytes(_pdf_bytes(pages=3), suffix=".pdf")


def test_docx_total_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "DOCX_MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ReadError, match=r"zip bomb\?\): \d+ KB uncompressed > 1000 bytes limit"):
        decode_bytes(_docx_bytes(), suffix=".docx")


def test_docx_inflation_is_bounded_whatever_the_header_says() -> None:
    """Stored sizes can lie: the reader stops inflating at its limit."""
    data = _zip({"word/document.xml": b"<" + b"a" * (3 * 1024 * 1024)})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        with pytest.raises(ReadError, match="inflates past its limit"):
            readers._zip_read_bounded(zf, info, 1024 * 1024)
        assert len(readers._zip_read_bounded(zf, info, 4 * 1024 * 1024)) == 3 * 1024 * 1024 + 1


def test_too_large() -> None:
    with pytest.raises(ReadError, match=r"too large \(11 bytes > 10 bytes limit\)"):
        decode_bytes(b"x" * 11, source="big.txt", max_bytes=10)


def test_read_file_formats_and_errors(tmp_path: Path) -> None:
    cases = {
        "a.txt": TEXT.encode("utf-16"),
        "b.html": HTML_DOC.encode(),
        "c.docx": _docx_bytes(),
        "d.pdf": _pdf_bytes(),
        "e.unknown": encode_vni(TEXT),
    }
    expected = [TEXT, HTML_EXPECTED, DOCX_EXPECTED, PDF_TEXT, TEXT]
    for (name, data), want in zip(cases.items(), expected, strict=True):
        (tmp_path / name).write_bytes(data)
        assert read_file(tmp_path / name) == want
        assert read_file(str(tmp_path / name)) == want

    with pytest.raises(ReadError, match="no such file") as ei:
        read_file(tmp_path / "missing.txt")
    assert ei.value.source == str(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read_file(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 3 * 1024 * 1024)
    with pytest.raises(ReadError, match=r"too large \(3\.0 MB > 2\.0 MB limit\)") as ei:
        read_file(big, max_bytes=2 * 1024 * 1024)
    assert ei.value.source == str(big)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty file"):
        read_file(empty)


def test_unexpected_exception_becomes_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(data: bytes) -> str:
        raise KeyError("surprise")

    monkeypatch.setattr(readers, "_read_text", boom)
    with pytest.raises(ReadError, match=r"cannot read \(KeyError: 'surprise'\)") as ei:
        decode_bytes(b"abc", source="s.txt")
    assert ei.value.source == "s.txt"


def test_supported_suffixes() -> None:
    assert isinstance(SUPPORTED_SUFFIXES, frozenset)
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= SUPPORTED_SUFFIXES
    assert all(s.startswith(".") and s == s.lower() for s in SUPPORTED_SUFFIXES)


# ------------------------------------------------------------------------------------------
# Properties: any bytes → str or ReadError, never anything else
# ------------------------------------------------------------------------------------------

_SUFFIXES = [".txt", ".md", ".html", ".docx", ".pdf", ".bin", ""]
_PREFIXES = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"<html><body>", b"\xff\xfe", b"\xef\xbb\xbf"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=2048),
    suffix=st.sampled_from(_SUFFIXES),
)
def test_decode_bytes_never_raises_anything_else(prefix: bytes, body: bytes, suffix: str) -> None:
    try:
        out = decode_bytes(prefix + body, source="fuzz", suffix=suffix)
    except ReadError as exc:
        assert exc.source == "fuzz"
        assert "\n" not in exc.reason
    else:
        assert isinstance(out, str)
        assert "\r" not in out


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=500))
def test_html_of_any_text(text: str) -> None:
    try:
        out = decode_bytes(("<html><body>" + text).encode("utf-8", "surrogatepass"), suffix=".html")
    except ReadError:
        return
    assert isinstance(out, str)
