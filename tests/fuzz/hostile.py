"""Builders of hostile files for the tests: zip bombs, PDF bombs, deep HTML, megabyte lines.

The 1 GiB zip bomb is built without compressing a gigabyte: a raw deflate stream of fixed-Huffman
"copy 258 bytes at distance 1" codes repeats with a 13-byte period, so the ~1 MB stream is a
prefix, one period repeated, and a tail (built in milliseconds); its CRC-32 is computed over the
zeros once (cached).
"""

from __future__ import annotations

import functools
import struct
import zlib

GROUP = 8
"""Copy codes per period: 8 x 13 bits = 13 bytes, so the stream is byte-periodic."""


class _Bits:
    """LSB-first bit writer (deflate's bit order)."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value: int, nbits: int) -> None:
        self.acc |= value << self.n
        self.n += nbits
        while self.n >= 8:
            self.out.append(self.acc & 0xFF)
            self.acc >>= 8
            self.n -= 8

    def huff(self, code: int, nbits: int) -> None:
        """A Huffman code: most significant bit first."""
        for i in range(nbits - 1, -1, -1):
            self.write((code >> i) & 1, 1)

    def flush(self) -> bytes:
        if self.n:
            self.out.append(self.acc & 0xFF)
            self.acc = self.n = 0
        return bytes(self.out)


def _copy258(b: _Bits) -> None:
    b.huff(0b11000101, 8)  # length code 285 = 258 bytes
    b.huff(0, 5)  # distance code 0 = 1 byte back


@functools.cache
def zeros_deflate(periods: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``1 + 258 * 8 * periods`` zero bytes: ``(stream, size)``."""
    b = _Bits()
    b.write(0, 1)  # BFINAL = 0
    b.write(1, 2)  # BTYPE = fixed Huffman
    b.huff(0b00110000, 8)  # literal 0
    for _ in range(GROUP):  # first period: its leading bits share a byte with the literal
        _copy258(b)
    head = bytes(b.out)
    b.out.clear()
    for _ in range(GROUP):
        _copy258(b)
    period = bytes(b.out)  # the bit state is now the same after every period
    b.out.clear()
    b.huff(0, 7)  # end of block
    b.write(1, 1)  # BFINAL = 1
    b.write(1, 2)  # fixed Huffman, empty
    b.huff(0, 7)
    tail = b.flush()
    stream = head + period * (periods - 1) + tail
    return stream, 1 + 258 * GROUP * periods


@functools.cache
def _zeros_crc(size: int) -> int:
    crc, chunk, left = 0, bytes(16 << 20), size
    while left:
        n = min(left, len(chunk))
        crc = zlib.crc32(chunk[:n] if n < len(chunk) else chunk, crc)
        left -= n
    return crc


def _zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of ``(name, data, method, crc, uncompressed size as declared)`` entries."""
    out, central = bytearray(), bytearray()
    for name, data, method, crc, usize in entries:
        raw = name.encode()
        offset = len(out)
        out += (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                usize,
                len(raw),
                0,
            )
            + raw
            + data
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                usize,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    return bytes(out + central + end)


GIB_PERIODS = 520_224
"""Periods for a 1 GiB (1,073,742,337 bytes) entry."""


@functools.cache
def zip_bomb_docx(periods: int = GIB_PERIODS, lie: bool = False) -> bytes:
    """A DOCX whose ``word/document.xml`` inflates to ~1 GiB of zero bytes (~1 MB on disk).

    ``lie``: the headers claim the entry is 2 KB (so size checks on the headers pass and only
    bounded inflation can stop it)."""
    stream, size = zeros_deflate(periods)
    crc = _zeros_crc(size)
    types = b'<?xml version="1.0"?><Types/>'
    return _zip(
        [
            ("[Content_Types].xml", types, 0, zlib.crc32(types), len(types)),
            ("word/document.xml", stream, 8, crc, 2048 if lie else size),
        ]
    )


@functools.cache
def pdf_bomb(periods: int = GIB_PERIODS) -> bytes:
    """A one-page PDF whose content stream (FlateDecode) inflates to ~1 GiB."""
    stream, _ = zeros_deflate(periods)
    body = b"x\x9c" + stream  # zlib wrapper around the raw deflate stream (no Adler-32 needed)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(body)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + body
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def nested_html(depth: int, tag: str = "div") -> bytes:
    """``depth`` nested elements around one sentence."""
    return (
        f"<html><body>{'<' + tag + '>' * 1}" * 0 + f"<html><body>{f'<{tag}>' * depth}"
        f"Căn cứ Nghị quyết số 18-NQ/TW{f'</{tag}>' * depth}</body></html>"
    ).encode()


SENTENCE = (
    "Căn cứ Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017 của Ban Chấp hành Trung "
    "ương, Bộ Nội vụ chủ trì, phối hợp với Bộ Tư pháp thực hiện trước ngày 30/6/2025; "
)


def megabyte_line(mb: float) -> str:
    """A document whose body is one line of ``mb`` MB (UTF-8) of realistic sentences."""
    head = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 77/CT-TTg\nHà Nội, ngày 1 tháng 2 năm 2024\nCHỈ THỊ\n"
    per = len(SENTENCE.encode())
    return head + SENTENCE * int(mb * 1024 * 1024 / per) + "\n"
