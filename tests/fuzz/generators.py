"""Hypothesis strategies for fuzz inputs: mutated realistic documents, as text and as file bytes.

Text starts from the demo corpus (real document structure: header, symbol, date, numbered
tasks, signature) and gets mutations that target the finders: odd symbols, impossible dates,
header lines, deep nested numbering, megabyte lines, NUL and other controls, lone surrogates,
combining marks, random Unicode, deleted and repeated ranges.

Bytes start from the same documents encoded every way the readers accept (UTF-8 with and without
BOM, UTF-16 LE/BE with and without BOM, Windows-1258, TCVN3, VNI, HTML with declared charsets,
DOCX, PDF) and get byte-level mutations (flips, inserts, deletes, repeats, truncation, splices)
and format-aware ones (deeply nested HTML, mutated DOCX XML re-zipped, damaged PDF objects).
"""

from __future__ import annotations

import functools
import io
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "corpus"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@functools.cache
def seed_texts() -> tuple[str, ...]:
    texts = [p.read_text("utf-8") for p in sorted(DEMO.glob("*.txt"))]
    return tuple(t for t in texts if t.strip())


# ------------------------------------------------------------------------------------ text ---

_TYPE_CODES = [
    "NQ",
    "QĐ",
    "CT",
    "TB",
    "KH",
    "NĐ",
    "TT",
    "CV",
    "QH14",
    "TTg",
    "UBND",
    "BCA",
    "TW",
    "CP",
    "BNV",
    "TCBC",
    "VPCP",
    "HĐND",
    "KL",
    "ĐA",
    "",
    "-",
    "/",
    "Đ",
]
_DIGITS = st.one_of(
    st.integers(0, 99999).map(str),
    st.integers(10**15, 10**60).map(str),
    st.sampled_from(["٣", "１２", "0", "00000", "⁰", "Ⅻ", "১২"]),
)


@st.composite
def symbols(draw: st.DrawFn) -> str:
    parts = [draw(_DIGITS)]
    for _ in range(draw(st.integers(0, 6))):
        parts.append(draw(st.sampled_from(["/", "-", "/", " - ", "\u2013", "／", "//"])))
        parts.append(draw(st.one_of(st.sampled_from(_TYPE_CODES), _DIGITS)))
    prefix = draw(
        st.sampled_from(
            [
                "Số: ",
                "số ",
                "Nghị quyết số ",
                "Quyết định ",
                "Căn cứ ",
                "theo Chỉ thị số ",
                "Luật ",
                "Thông báo Kết luận số ",
                "",
            ]
        )
    )
    return prefix + "".join(parts)


@st.composite
def dates(draw: st.DrawFn) -> str:
    d, m, y = (
        draw(st.integers(-3, 99)),
        draw(st.integers(-1, 99)),
        draw(st.one_of(st.integers(0, 3000), st.integers(3000, 10**12))),
    )
    return draw(
        st.sampled_from(
            [
                f"ngày {d} tháng {m} năm {y}",
                f"{d}/{m}/{y}",
                f"{d}-{m}-{y}",
                f"ngày {d:02d}/{m}/{y}",
                f"Hà Nội, ngày {d} tháng {m} năm {y}",
                f"trước ngày {d}/{m}/{y}",
                f"quý {m}/{y}",
                f"trong tháng {m} năm {y}",
                f"6 tháng đầu năm {y}",
                f"năm {y}",
                f"ngày {d} tháng năm",
            ]
        )
    )


HEADERS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------",
    "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nĐẢNG CỘNG SẢN VIỆT NAM",
    "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n-------",
    "THỦ TƯỚNG CHÍNH PHỦ\n-------",
    "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\n\nTrần Hồng Hà",
    "TM. BAN CHẤP HÀNH TRUNG ƯƠNG\nTỔNG BÍ THƯ",
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, TCCB.",
    "QUYẾT ĐỊNH:\nĐiều 1.",
    "CHỈ THỊ\nVỀ VIỆC",
    "Bộ Nội vụ chủ trì, phối hợp với Bộ Tư pháp, Bộ Công an",
    "Đề án 06",
]


@st.composite
def numbering(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 400))
    style = draw(st.sampled_from(["dotted", "mixed", "bullets", "roman"]))
    lines = []
    for i in range(draw(st.integers(1, 30))):
        if style == "dotted":
            label = ".".join(["1"] * (1 + (i * 7) % depth)) + "."
        elif style == "mixed":
            label = ["I.", "1.", "1.1.", "a)", "-", "+", "*", "đ)", "(i)"][i % 9]
        elif style == "bullets":
            label = "-" * (1 + i % depth)
        else:
            label = "M" * (i % depth) + "CDXLIV."
        lines.append(f"{label} Bộ Công an chủ trì thực hiện, hoàn thành trước ngày 30/6/2025.")
    return "\n".join(lines)


@st.composite
def huge_line(draw: st.DrawFn) -> str:
    token = draw(
        st.sampled_from(
            [
                "Căn cứ ",
                "a",
                "Số: 1/QĐ-TTg ",
                "ngày 1/1/2020 ",
                "x" * 7,
                "Bộ Nội vụ chủ trì, ",
                "1.",
                "(",
                "\u0301",
                "Đ",
                " ",
            ]
        )
    )
    return token * draw(st.integers(1_000, 1_000_000 // len(token)))


_ODD_CHARS = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x0b",
        "\x0c",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\u200b",
        "\u200d",
        "\u202e",
        "\ufffd",
        "\ufffe",
        "\U0010ffff",
        "\u0301",
        "\u0323",
        "\u0300" * 50,
        "\ud800",
        "\udfff",
        "\udc80",
        "\ud83d",
        "😀",
        "\r",
        "\r\n",
        "\t",
        "İ",
        "ß",
        "ﬁ",
        "Ǆ",
        "\u0130\u0307",
        "ΐ",
        "ǰ",
    ]
)
_INSERTS = st.one_of(
    symbols(),
    dates(),
    st.sampled_from(HEADERS),
    numbering(),
    _ODD_CHARS,
    st.text(max_size=50),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=20),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A realistic document, or a slice of one, with mutations."""
    base = draw(st.sampled_from(seed_texts()))
    if draw(st.booleans()):
        a = draw(st.integers(0, len(base)))
        base = base[a : a + draw(st.integers(0, 4000))]
    out = base
    for _ in range(draw(st.integers(0, 8))):
        op = draw(
            st.sampled_from(
                ["insert", "insert", "insert", "delete", "repeat", "huge", "nfd", "case", "strip"]
            )
        )
        pos = draw(st.integers(0, len(out)))
        if op == "insert":
            out = out[:pos] + draw(_INSERTS) + out[pos:]
        elif op == "delete":
            out = out[:pos] + out[pos + draw(st.integers(0, 500)) :]
        elif op == "repeat":
            piece = out[pos : pos + draw(st.integers(1, 200))]
            out = out[:pos] + piece * draw(st.integers(2, 2000)) + out[pos:]
        elif op == "huge":
            out = out[:pos] + draw(huge_line()) + out[pos:]
        elif op == "nfd":
            out = unicodedata.normalize("NFD", out)
        elif op == "case":
            out = out.upper() if draw(st.booleans()) else out.lower()
        else:
            out = "".join(
                ch for ch in unicodedata.normalize("NFD", out) if not unicodedata.combining(ch)
            )
    return out


# ----------------------------------------------------------------------------------- bytes ---


@functools.cache
def docx_bytes(text: str) -> bytes:
    from docx import Document

    d = Document()
    lines = text.split("\n")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join(lines[:2])
    table.cell(0, 1).text = "\n".join(lines[2:4])
    for line in lines[4:60]:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@functools.cache
def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if DEJAVU.exists():
        pdf.add_font("dejavu", fname=str(DEJAVU))
        pdf.set_font("dejavu", size=10)
    else:
        pdf.set_font("helvetica", size=10)
        text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    pdf.add_page()
    pdf.multi_cell(0, 6, "\n".join(text.split("\n")[:25]))
    return bytes(pdf.output())


def html_bytes(text: str, charset: str = "utf-8") -> bytes:
    from html import escape

    rows = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n")[:80])
    table = "<table><tr><td>STT</td><td>Nhiệm vụ</td><td>Cơ quan</td></tr></table>"
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>t</title>'
        f"<script>var x='<p>';</script></head><body>{table}{rows}</body></html>"
    )
    if charset == "tcvn3":
        from ingest.legacy_encodings import encode_tcvn3

        return encode_tcvn3(page)
    return page.encode(charset, "replace")


def _encodings(text: str) -> list[tuple[bytes, str]]:
    from ingest.legacy_encodings import encode_cp1258, encode_tcvn3, encode_vni

    short = text[:3000]
    return [
        (short.encode("utf-8"), ".txt"),
        (b"\xef\xbb\xbf" + short.encode("utf-8"), ".txt"),
        (short.encode("utf-16"), ".txt"),
        (short.encode("utf-16-le"), ".txt"),
        (short.encode("utf-16-be"), ".md"),
        (short.encode("utf-32"), ".txt"),
        (encode_cp1258(short), ".txt"),
        (encode_tcvn3(short), ".txt"),
        (encode_vni(short), ".txt"),
        (html_bytes(short), ".html"),
        (html_bytes(short, "windows-1258"), ".htm"),
        (html_bytes(short, "tcvn3"), ".html"),
        (docx_bytes(short), ".docx"),
        (pdf_bytes(short), ".pdf"),
    ]


@functools.cache
def seed_files() -> tuple[tuple[bytes, str], ...]:
    """Every demo document in every supported encoding and format (``(bytes, suffix)``)."""
    out: list[tuple[bytes, str]] = []
    for i, text in enumerate(seed_texts()[:4]):
        encs = _encodings(text)
        out.extend(encs if i == 0 else [e for e in encs if e[1] not in (".docx", ".pdf")])
    return tuple(out)


_SUFFIXES = [".txt", ".md", ".html", ".htm", ".docx", ".pdf", "", ".bin", ".DOCX", ".xhtml"]


def _mutate_docx_xml(data: bytes, xml_mutation: bytes, mode: str) -> bytes:
    """Re-zip a DOCX with its main part changed; a non-zip comes back unchanged."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        entries = [(i, src.read(i)) for i in src.infolist()]
    except Exception:
        return data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info, body in entries:
            if info.filename == "word/document.xml":
                if mode == "prepend":
                    body = body.replace(b"<w:body>", b"<w:body>" + xml_mutation, 1)
                elif mode == "replace":
                    body = xml_mutation
                else:
                    cut = len(body) // 2
                    body = body[:cut] + xml_mutation + body[cut:]
            out.writestr(info.filename, body)
    return buf.getvalue()


_XML_MUTATIONS = st.one_of(
    st.integers(1, 20_000).map(lambda n: b"<w:p>" * n),
    st.integers(1, 5_000).map(lambda n: b"<w:tbl><w:tr><w:tc>" * n),
    st.integers(1, 5_000).map(lambda n: b"<w:tc>" * n + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"),
    st.just(b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'),
    st.just(b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:t>&x;</w:t>'),
    st.integers(1, 200_000).map(lambda n: b'<w:t a="' + b"x" * n + b'">y</w:t>'),
    st.binary(max_size=200),
    st.just(b"</w:body></w:document><w:document>"),
    st.just(b"\x00\xff\xfe"),
)


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, str]:
    """``(bytes, suffix)``: a seed file, mutated; the suffix is usually the right one."""
    data, suffix = draw(st.sampled_from(seed_files()))
    if draw(st.integers(0, 9)) == 0:
        suffix = draw(st.sampled_from(_SUFFIXES))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(
            st.sampled_from(
                [
                    "flip",
                    "flip",
                    "insert",
                    "delete",
                    "repeat",
                    "truncate",
                    "splice",
                    "docx",
                    "html_nest",
                    "pdf",
                    "prefix",
                ]
            )
        )
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            at = min(pos, len(data) - 1)
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif op == "insert":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=64)) + data[pos:]
        elif op == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 4096)) :]
        elif op == "repeat":
            piece = data[pos : pos + draw(st.integers(1, 256))]
            data = data[:pos] + piece * draw(st.integers(2, 4000)) + data[pos:]
        elif op == "truncate":
            data = data[:pos]
        elif op == "splice":
            other, _ = draw(st.sampled_from(seed_files()))
            data = data[:pos] + other[draw(st.integers(0, len(other))) :]
        elif op == "docx":
            data = _mutate_docx_xml(
                data, draw(_XML_MUTATIONS), draw(st.sampled_from(["prepend", "replace", "middle"]))
            )
        elif op == "html_nest":
            n = draw(st.integers(1, 60_000))
            tag = draw(
                st.sampled_from(
                    [
                        b"<div>",
                        b"<table><tr><td>",
                        b"<b>",
                        b"<p>",
                        b"<pre>",
                        b"<!--",
                        b"<script>",
                        b"<td>",
                        b"<svg>",
                    ]
                )
            )
            data = data[:pos] + tag * n + b"text" + data[pos:]
        elif op == "pdf":
            data = data.replace(
                draw(
                    st.sampled_from(
                        [
                            b"/Length",
                            b"obj",
                            b"/Type",
                            b"stream",
                            b"xref",
                            b"/Root",
                            b"/Pages",
                            b"/Kids",
                        ]
                    )
                ),
                draw(
                    st.sampled_from(
                        [
                            b"/Length 999999999",
                            b"[[[[[[[[[[[[",
                            b"<<<<<<<<",
                            b"",
                            b"1 0 R",
                            b"/Kids [1 0 R]",
                            b"-1",
                        ]
                    )
                ),
                draw(st.integers(1, 3)),
            )
        else:
            data = (
                draw(
                    st.sampled_from(
                        [
                            b"\xef\xbb\xbf",
                            b"\xff\xfe",
                            b"\xfe\xff",
                            b"PK\x03\x04",
                            b"%PDF-1.7\n",
                            b"<html>",
                            b"\x00\x00\xfe\xff",
                        ]
                    )
                )
                + data
            )
    return data, suffix
