"""Stage 0: bytes on disk → Unicode text.

One entry point per granularity: :func:`read_file` (a path) and :func:`decode_bytes` (bytes with
the file's suffix). The format is chosen by suffix first, then by the content's magic bytes
(a mislabelled PDF or DOCX is still read as such; an unknown suffix with text content is text):

* text (``.txt``, ``.md``, unknown suffixes): BOM (UTF-8, UTF-16, UTF-32), BOM-less UTF-16 (by
  its zero bytes), strict UTF-8, else the legacy Vietnamese 8-bit encodings (Windows-1258, TCVN3,
  VNI) chosen by how Vietnamese the decoded text looks (:mod:`ingest.legacy_encodings`);
* HTML: block elements become line breaks, table cells " | " or blocks, scripts and styles dropped;
* DOCX: paragraphs and tables of the main document part in order (zip-bomb checks first);
* PDF: the text layer through pypdf (no text layer → error: OCR is out of scope).

The text is returned as decoded (UTF-8 NFD stays NFD: downstream NFC-normalises with an offset
map) except that the legacy encodings come out NFC, a leading BOM is dropped and line endings are
``\\n``. Every failure is a :class:`~ingest.errors.ReadError` with a one-line reason; no other
exception escapes :func:`read_file` or :func:`decode_bytes`, whatever the input.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ingest.errors import ReadError
from ingest.legacy_encodings import decode_legacy, decode_tcvn3, decode_vni

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_BYTES = 50 * MB
"""Largest input file read (raw bytes)."""
DOCX_MAX_UNCOMPRESSED = 200 * MB
"""Largest total uncompressed size of a DOCX archive's entries."""
DOCX_MAX_RATIO = 100
"""Largest compression ratio of a DOCX entry bigger than :data:`_RATIO_MIN_SIZE`."""
DOCX_MAX_ENTRIES = 10_000
PDF_MAX_PAGES = 2000
PDF_MAX_STREAM = 16 * MB
"""Largest decompressed PDF stream (page content, object stream); more is a compression bomb.
pypdf's own default (75 MB) took 16 s and 180 MB to refuse a 1 GiB FlateDecode bomb."""
_RATIO_MIN_SIZE = 1 * MB

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES: frozenset[str] = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES
"""Suffixes (lowercase, with the dot) the CLI picks up when it walks a directory."""

# --------------------------------------------------------------------------------------------
# Sniffing
# --------------------------------------------------------------------------------------------

# Magic numbers of binary formats we refuse, with a name for the error message.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 file (legacy .doc/.xls, or encrypted DOCX)"),
    (b"{\\rtf", "RTF document: save as .docx or .txt"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Start of an HTML document (after optional BOM/whitespace), case-insensitive.
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
# <meta charset="..."> or <meta http-equiv=... content="...; charset=...">
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),  # before UTF-16 LE: FF FE 00 00 is UTF-32 LE
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _sniff(data: bytes) -> str | None:
    """``"pdf"``, ``"zip"``, ``"html"``, a binary format's name, or None (plain text/unknown)."""
    head = data[:1024]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return "html"
    return None


# --------------------------------------------------------------------------------------------
# Text decoding
# --------------------------------------------------------------------------------------------

# C0 controls other than tab, LF, VT, FF, CR, plus DEL: a text file has (almost) none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_MAX_RATIO = 0.01


def _guess_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: Vietnamese/ASCII text has a zero (or 0x1E/0x01) high byte in most code
    units, so one byte lane is mostly zeros and the other has almost none."""
    sample = data[: 64 * 1024]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / max(1, len(odd))
    if z_odd > 0.3 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.3 and z_odd < 0.05:
        return "utf-16-be"
    return None


# The same controls as bytes (identical in ASCII-compatible encodings): bytes.translate with
# delete= counts them at C speed.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)) or b >= 0x80)


def _control_ratio_error(n: int, size: int) -> None:
    if size and n / size > _CONTROL_MAX_RATIO:
        raise ReadError(None, f"binary content ({100 * n / size:.0f}% control characters)")


def _check_not_binary(text: str) -> None:
    if "\x00" in text:
        raise ReadError(None, "binary content (NUL bytes), not text")
    sample = text[: 256 * 1024]
    _control_ratio_error(len(_CONTROL.findall(sample)), len(sample))


def _check_not_binary_bytes(data: bytes) -> None:
    """:func:`_check_not_binary` for text that is the UTF-8 ``data`` (no decoding needed)."""
    sample = data[: 256 * 1024]
    _control_ratio_error(len(sample.translate(None, _NOT_CONTROL_BYTES)), len(sample))


def _decode_unicode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(
            None, f"undecodable {codec.upper()} ({exc.reason} at byte {exc.start})"
        ) from None


def decode_text_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Bytes of a text document → ``(encoding, text)``; raises ReadError (source unset)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8":
                try:
                    return "utf-8-sig", body.decode("utf-8")
                except UnicodeDecodeError:
                    enc, text = decode_legacy(body)  # a BOM then something else: judge the bytes
                    return enc, text
            if len(body) % (4 if "32" in codec else 2):
                raise ReadError(None, f"undecodable {codec.upper()} (odd number of bytes)")
            return codec, _decode_unicode(body, codec)
    if b"\x00" in data:
        codec16 = _guess_utf16(data)
        if codec16 is None:
            raise ReadError(None, "binary content (NUL bytes), not text")
        if len(data) % 2:
            raise ReadError(None, f"undecodable {codec16.upper()} (odd number of bytes)")
        return codec16, _decode_unicode(data, codec16)
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        name = declared.lower().replace("_", "-")
        try:
            if name in _DECLARED_LEGACY:
                return name, _DECLARED_LEGACY[name](data)
            text = data.decode(declared)
            if name in {"windows-1258", "cp1258"}:
                text = unicodedata.normalize("NFC", text)
            return declared, text
        except (LookupError, UnicodeError, ValueError):
            logger.debug("declared charset %r does not decode, guessing", declared)
    return decode_legacy(data)


# Charset labels old Vietnamese web pages declare for the font encodings.
_DECLARED_LEGACY: dict[str, Callable[[bytes], str]] = {
    "tcvn": decode_tcvn3,
    "tcvn3": decode_tcvn3,
    "tcvn-3": decode_tcvn3,
    "tcvn5712": decode_tcvn3,
    "tcvn-5712": decode_tcvn3,
    "x-viet-tcvn5712": decode_tcvn3,
    "vni": decode_vni,
    "x-viet-vni": decode_vni,
}


def _read_text(data: bytes) -> str:
    enc, text = decode_text_bytes(data)
    if enc in ("utf-8", "utf-8-sig"):
        _check_not_binary_bytes(data)  # same verdict, at C speed (NUL bytes were refused)
    else:
        logger.debug("text decoded as %s", enc)
        _check_not_binary(text)
    if text.isspace() or not text.lstrip("\ufeff"):
        raise ReadError(None, "empty file (only whitespace)")
    return text


# --------------------------------------------------------------------------------------------
# Layout: shared by HTML and DOCX (paragraphs, table rows and cells)
# --------------------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r\f\v]+")
# Runs of horizontal space inside a line: one tab if the run has a tab (DOCX tab stops separate
# fields, "Số: 12/QĐ-UBND<tab>Hà Nội, ngày ..."), else one space (NBSP included).
_H_SPACES = re.compile(r"[ \u00a0]*\t[ \t\u00a0]*|[ \u00a0]{2,}|\u00a0")


def _squeeze(line: str) -> str:
    return _H_SPACES.sub(lambda m: "\t" if "\t" in m.group() else " ", line)


_DATA_TABLE_MIN_COLS = 3


class _Layout:
    """Collects lines; table cells collect into their own buffers.

    A row whose cells are all single lines and that has at least three cells (a data table:
    STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn) becomes one line joined with " | ". Any other row
    (the two-column layout tables of document headers and signature blocks) becomes its cells one
    after the other, separated by a blank line, so "Số: ..." and the date line stay on their own
    lines.
    """

    def __init__(self) -> None:
        self._stack: list[tuple[list[str], list[str]]] = [([], [])]  # (lines, current line parts)
        self._rows: list[list[str]] = []

    def text(self, s: str) -> None:
        if s:
            self._stack[-1][1].append(s)

    def newline(self) -> None:
        lines, parts = self._stack[-1]
        line = _squeeze("".join(parts)).strip()
        parts.clear()
        if line:
            lines.append(line)

    def start_row(self) -> None:
        self.newline()
        self._rows.append([])

    def start_cell(self) -> None:
        self._stack.append(([], []))

    def end_cell(self) -> None:
        if len(self._stack) < 2:
            return
        self.newline()
        lines, _ = self._stack.pop()
        while lines and not lines[-1]:
            lines.pop()
        if self._rows:
            self._rows[-1].append("\n".join(lines))
        else:  # a cell outside any row: plain block
            self._stack[-1][0].extend(lines)

    def end_row(self) -> None:
        if not self._rows:
            return
        cells = self._rows.pop()
        out = self._stack[-1][0]
        if not any(cells):
            return
        if len(cells) >= _DATA_TABLE_MIN_COLS and not any("\n" in c for c in cells):
            out.append(" | ".join(cells))
            return
        if out and out[-1]:
            out.append("")
        for cell in cells:
            if cell:
                out.extend(cell.split("\n"))
                out.append("")

    def result(self) -> str:
        while len(self._stack) > 1:
            self.end_cell()
        while self._rows:
            self.end_row()
        self.newline()
        lines = self._stack[0][0]
        out: list[str] = []
        for line in lines:
            if not line and (not out or not out[-1]):
                continue
            out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_HTML_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "iframe",
        "object",
        "svg",
        "math",
        "select",
        "button",
        "canvas",
    }
)
_HTML_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "ul",
        "body",
        "html",
    }
)


def _html_events(root: object) -> Iterator[tuple[bool, object]]:
    """Document-order (enter, node) / (exit, node) events without Python recursion."""
    node = root.child  # type: ignore[attr-defined]
    depth = 0
    while node is not None:
        yield True, node
        tag = node.tag
        child = node.child if (tag not in _HTML_SKIP and not tag.startswith(("-", "_"))) else None
        if child is not None:
            node = child
            depth += 1
            continue
        yield False, node
        while True:
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            if depth == 0:
                return
            node = node.parent
            depth -= 1
            yield False, node


# Tags for the nesting estimate: an opening or closing tag name.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})")
# Elements that never nest (void) or that close their open sibling implicitly: not counted.
_NO_DEPTH = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "tr",
        "option",
        "html",
        "head",
        "body",
        "tbody",
        "thead",
        "tfoot",
    }
)
HTML_MAX_DEPTH = 2000
"""Nesting beyond this goes to the flat renderer: the HTML tree builder is quadratic in depth."""


def _html_nesting(html: str) -> int:
    """Upper estimate of the element nesting depth (cheap: tag names only)."""
    if html.count("<") < HTML_MAX_DEPTH:
        return 0
    depth = deepest = 0
    for slash, name in _TAG.findall(html):
        name = name.lower()
        if name in _NO_DEPTH:
            continue
        if slash:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


# The flat renderer: linear scans only (no tree), for pathological nesting.
_FLAT_DROP = ("script", "style", "noscript", "template", "head", "svg", "math")
_FLAT_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})\b[^<>]{0,2000}>|<![^<>]{0,2000}>")
_CELL_SEP = re.compile(r" *\ue001[ \ue001]*")


def _drop_between(html: str, opener: str, closer: str) -> str:
    """Remove ``opener ... closer`` spans with str.find (linear; an unclosed span drops the rest
    of the document)."""
    low = html.lower()
    word = opener[-1].isalnum()  # a tag name: "<head" must not match "<header"

    def find(needle: str, start: int) -> int:
        while True:
            i = low.find(needle, start)
            if i < 0 or not word:
                return i
            end = i + len(needle)
            if end >= len(low) or not low[end].isalnum():
                return i
            start = end

    out: list[str] = []
    pos = 0
    while True:
        i = find(opener, pos)
        if i < 0:
            break
        out.append(html[pos:i])
        j = find(closer, i + len(opener))
        if j < 0:
            pos = len(html)
            break
        k = low.find(">", j)
        pos = len(html) if k < 0 else k + 1
    out.append(html[pos:])
    return "".join(out)


def _html_to_text_flat(html: str) -> str:
    import html as htmlmod

    html = _drop_between(html, "<!--", "-->")
    for name in _FLAT_DROP:
        html = _drop_between(html, "<" + name, "</" + name)

    def tag(m: re.Match[str]) -> str:
        name = (m.group(2) or "").lower()
        if name in ("td", "th") and not m.group(1):
            return " \ue001 "
        if name in _HTML_BLOCK or name in ("br", "tr"):
            return "\ue000"
        return ""

    text = _WS.sub(" ", _FLAT_TAG.sub(tag, html))
    text = htmlmod.unescape(text.replace("\ue000", "\n"))
    lines: list[str] = []
    for line in text.split("\n"):
        line = _squeeze(line).strip(" \t\ue001")
        if line:
            lines.append(_CELL_SEP.sub(" | ", line))
    return "\n".join(lines)


def _html_to_text(html: str) -> str:
    if _html_nesting(html) > HTML_MAX_DEPTH:
        logger.warning("HTML nested deeper than %d: flat rendering", HTML_MAX_DEPTH)
        return _html_to_text_flat(html)
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    lay = _Layout()
    pre = 0
    for enter, node in _html_events(root):
        tag: str = node.tag  # type: ignore[attr-defined]
        if tag == "-text":
            if enter:
                s: str = node.text_content or ""  # type: ignore[attr-defined]
                if pre:
                    first, *rest = s.split("\n")
                    lay.text(first)
                    for piece in rest:
                        lay.newline()
                        lay.text(piece)
                else:
                    lay.text(_WS.sub(" ", s))
            continue
        if tag in _HTML_SKIP or tag.startswith(("-", "_")):
            continue
        if tag == "br":
            if enter:
                lay.newline()
        elif tag in ("td", "th"):
            if enter:
                lay.start_cell()
            else:
                lay.end_cell()
        elif tag == "tr":
            if enter:
                lay.start_row()
            else:
                lay.end_row()
        elif tag in _HTML_BLOCK:
            if tag == "pre":
                pre += 1 if enter else -1
            lay.newline()
    return lay.result()


def _read_html(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    enc, html = decode_text_bytes(data, declared=declared)
    logger.debug("html decoded as %s", enc)
    text = _html_to_text(html)
    _check_not_binary(text)
    if not text.strip():
        raise ReadError(None, "empty document (HTML has no text)")
    return text


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL_OFFICE_DOC = re.compile(
    rb"<Relationship\b[^>]*?Type=\"[^\"]*/officeDocument\"[^>]*?Target=\"([^\"]+)\"|"
    rb"<Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Type=\"[^\"]*/officeDocument\"",
)
# Elements whose text is not document text: deleted revisions, field codes, the duplicate
# fallback of alternate content (text boxes are given twice).
_DOCX_SKIP = frozenset({f"{_W}delText", f"{_W}instrText", _MC_FALLBACK, f"{_W}del"})


def _zip_read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one entry, refusing to inflate past ``limit`` whatever its header claims."""
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 * MB)
            if not chunk:
                break
            out += chunk
            if len(out) > limit:
                raise ReadError(None, f"refusing DOCX: {info.filename} inflates past its limit")
    return bytes(out)


def _docx_main_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        rels = _zip_read_bounded(zf, zf.getinfo("_rels/.rels"), 1 * MB)
        m = _REL_OFFICE_DOC.search(rels)
        if m:
            target = (m.group(1) or m.group(2)).decode("utf-8", "replace").lstrip("/")
            target = str(PurePosixPath(target))
            if target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ReadError(None, "not a DOCX: the archive has no word/document.xml")


def _docx_xml_to_text(xml: bytes) -> str:
    from lxml import etree

    lay = _Layout()
    skip = 0
    events = etree.iterparse(
        io.BytesIO(xml),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    for event, el in events:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in _DOCX_SKIP:
            skip += 1 if event == "start" else -1
            continue
        if skip:
            continue
        if event == "start":
            if tag == f"{_W}tc":
                lay.start_cell()
            elif tag == f"{_W}tr":
                lay.start_row()
            elif tag == f"{_W}tab":
                if el.getparent() is not None and el.getparent().tag == f"{_W}r":
                    lay.text("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                lay.newline()
            elif tag == f"{_W}noBreakHyphen":
                lay.text("-")
        else:
            if tag == f"{_W}t":
                lay.text(el.text or "")
            elif tag == f"{_W}p":
                lay.newline()
                el.clear()
            elif tag == f"{_W}tc":
                lay.end_cell()
            elif tag == f"{_W}tr":
                lay.end_row()
                el.clear()
            elif tag == f"{_W}tbl":
                el.clear()
    return lay.result()


# What a damaged archive can raise while we list or inflate it.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    ValueError,
    OSError,
    KeyError,
    RuntimeError,
    UnicodeDecodeError,
)


def _read_docx(data: bytes) -> str:
    try:
        part, xml = _docx_unzip(data)
    except ReadError:
        raise
    except _ZIP_ERRORS as exc:
        reason = f"corrupt DOCX: {type(exc).__name__}: {_one_line(str(exc))}"
        raise ReadError(None, reason) from None
    try:
        text = _docx_xml_to_text(xml)
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
        raise ReadError(None, f"corrupt DOCX: bad XML in {part}: {_one_line(str(exc))}") from None
    if not text.strip():
        raise ReadError(None, "empty document (DOCX has no text)")
    return text


def _docx_unzip(data: bytes) -> tuple[str, bytes]:
    """The main document part's name and XML, after the zip-bomb checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        if len(infos) > DOCX_MAX_ENTRIES:
            raise ReadError(None, f"refusing DOCX: {len(infos)} entries (limit {DOCX_MAX_ENTRIES})")
        total = sum(i.file_size for i in infos)
        if total > DOCX_MAX_UNCOMPRESSED:
            raise ReadError(
                None,
                f"refusing DOCX (zip bomb?): {_human(total)} uncompressed "
                f"> {_human(DOCX_MAX_UNCOMPRESSED)} limit",
            )
        for i in infos:
            ratio = i.file_size / max(1, i.compress_size)
            if i.file_size > _RATIO_MIN_SIZE and ratio > DOCX_MAX_RATIO:
                raise ReadError(
                    None,
                    f"refusing DOCX (zip bomb?): {i.filename} compression ratio {ratio:.0f} "
                    f"> {DOCX_MAX_RATIO}",
                )
        names = {i.filename for i in infos}
        part = _docx_main_part(zf, names)
        info = zf.getinfo(part)
        # the header sizes may lie: bound what we inflate by the ratio limit as well
        limit = min(
            DOCX_MAX_UNCOMPRESSED, max(_RATIO_MIN_SIZE, DOCX_MAX_RATIO * info.compress_size)
        )
        return part, _zip_read_bounded(zf, info, limit)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------

_ALNUM = re.compile(r"[^\W_]")


def _read_pdf(data: bytes) -> str:
    import pypdf

    limits: dict[str, Any] = {
        name: PDF_MAX_STREAM
        for name in (
            "zlib_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "brotli_maximum_output_length",
            "array_based_stream_maximum_output_length",
            "maximum_declared_stream_length",
        )
    }
    try:
        with pypdf.apply_configuration(
            **limits, stream_decoding_work_maximum_length=4 * PDF_MAX_STREAM
        ):
            return _read_pdf_limited(pypdf, data)
    except pypdf.errors.LimitReachedError as exc:
        raise ReadError(
            None,
            "refusing PDF (compression bomb?): a stream inflates past "
            f"{_human(PDF_MAX_STREAM)} ({_one_line(str(exc), 120)})",
        ) from None


def _read_pdf_limited(pypdf: Any, data: bytes) -> str:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise ReadError(None, f"encrypted PDF ({exc})") from None
            if not ok:
                raise ReadError(None, "encrypted PDF (password required)")
        n = len(reader.pages)
        if n > PDF_MAX_PAGES:
            raise ReadError(None, f"PDF too long ({n} pages > {PDF_MAX_PAGES} limit)")
        pages: list[str] = []
        for page in reader.pages:
            pages.append((page.extract_text() or "").strip("\n"))
    except (ReadError, pypdf.errors.LimitReachedError):
        raise
    except RecursionError:
        raise ReadError(None, "corrupt PDF: structure nested too deeply") from None
    except Exception as exc:
        raise ReadError(None, f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not _ALNUM.search(text):
        raise ReadError(None, "no text layer (scanned PDF?)")
    return text


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def _human(n: int) -> str:
    """A byte count for messages: "3.0 MB", "12 KB", "10 bytes"."""
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _one_line(s: str, limit: int = 300) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _dispatch(data: bytes, suffix: str) -> str:
    kind = _sniff(data)
    reader: Callable[[bytes], str]
    if kind == "pdf":
        reader = _read_pdf
    elif kind == "zip":
        if suffix in DOCX_SUFFIXES:
            reader = _read_docx
        else:
            # a DOCX under another name is still a DOCX; any other zip is unsupported
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    is_docx = "word/document.xml" in zf.namelist()
            except Exception:
                is_docx = False
            if not is_docx:
                raise ReadError(None, "unsupported format: ZIP archive (not a DOCX)")
            reader = _read_docx
    elif kind is not None and kind != "html":
        if suffix in DOCX_SUFFIXES:
            raise ReadError(None, f"corrupt DOCX: not a ZIP archive (content is {kind})")
        if suffix in PDF_SUFFIXES:
            raise ReadError(None, f"corrupt PDF: no %PDF header (content is {kind})")
        raise ReadError(None, f"unsupported binary format: {kind}")
    elif suffix in DOCX_SUFFIXES:
        raise ReadError(None, "corrupt DOCX: not a ZIP archive")
    elif suffix in PDF_SUFFIXES:
        if b"%PDF-" in data[:1024]:  # junk before the header is tolerated by readers
            return _read_pdf(data)
        raise ReadError(None, "corrupt PDF: no %PDF header")
    elif suffix in HTML_SUFFIXES or (kind == "html" and suffix not in TEXT_SUFFIXES):
        reader = _read_html
    else:
        reader = _read_text
    return reader(data)


def decode_bytes(
    data: bytes,
    *,
    source: str | None = None,
    suffix: str = ".txt",
    max_bytes: int = MAX_BYTES,
) -> str:
    """Decode one document's bytes to text. ``suffix`` (e.g. ``".docx"``) picks the format first.

    Raises :class:`ReadError` (with ``source``) for empty, too large, binary, unsupported,
    corrupt or undecodable input, and for nothing else.
    """
    try:
        if not data:
            raise ReadError(source, "empty file")
        if len(data) > max_bytes:
            raise ReadError(source, f"too large ({_human(len(data))} > {_human(max_bytes)} limit)")
        suffix = (suffix or "").lower()
        if suffix and not suffix.startswith("."):
            suffix = "." + suffix  # "docx" as well as ".docx"
        text = _dispatch(bytes(data), suffix)
        return _normalise_newlines(text)
    except ReadError as exc:
        if exc.source is None and source is not None:
            raise ReadError(source, exc.reason) from None
        raise
    except Exception as exc:  # the promise: nothing but ReadError escapes
        logger.exception("unexpected error while reading %s", source)
        raise ReadError(
            source, f"cannot read ({type(exc).__name__}: {_one_line(str(exc), 200)})"
        ) from exc


def read_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read and decode one file; see :func:`decode_bytes`. Reads at most ``max_bytes + 1``."""
    p = Path(path)
    src = str(p)
    try:
        if p.is_dir():
            raise ReadError(src, "is a directory")
        size = p.stat().st_size
        if size > max_bytes:
            raise ReadError(src, f"too large ({_human(size)} > {_human(max_bytes)} limit)")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(src, "no such file") from None
    except OSError as exc:
        raise ReadError(src, _one_line(exc.strerror or str(exc))) from None
    except Exception as exc:
        logger.exception("unexpected error while opening %s", src)
        raise ReadError(src, f"cannot open ({type(exc).__name__})") from exc
    return decode_bytes(data, source=src, suffix=p.suffix.lower(), max_bytes=max_bytes)
