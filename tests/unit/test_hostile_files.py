"""Hostile files: refused, or read within bounded memory and time, each with a clear message.

Huge (100 MB) files, megabyte-long lines, NUL bytes, broken encodings, deeply nested HTML,
corrupt DOCX/PDF, zip bombs (a DOCX whose entry inflates to 1 GiB, honest or lying headers) and a
PDF compression bomb. Memory is measured with tracemalloc (Python allocations: every bytes/str
buffer the readers build), time with a wall clock and generous bounds (the machine is shared).
"""

from __future__ import annotations

import io
import os
import signal
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ingest.errors import ReadError
from ingest.readers import MAX_BYTES, decode_bytes, read_file
from tests.fuzz import generators, hostile

MB = 1024 * 1024


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[dict[str, float]]:
    """Assert the block takes less than ``seconds`` and allocates at peak < ``megabytes``."""
    out: dict[str, float] = {}
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        yield out
    finally:
        out["seconds"] = time.perf_counter() - t0
        out["peak_mb"] = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    assert out["seconds"] < seconds, out
    assert out["peak_mb"] < megabytes, out


def refused(call: Callable[[], Any]) -> str:
    with pytest.raises(ReadError) as info:
        call()
    reason = info.value.reason
    assert reason and "\n" not in reason
    return reason


# ------------------------------------------------------------------------------ huge files ---


def test_100_mb_file_is_refused_by_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 100 MB without writing them
        fh.truncate(100 * MB)
    with bounded(seconds=2, megabytes=1):
        reason = refused(lambda: read_file(big))
    assert reason == f"too large (100.0 MB > {MAX_BYTES // MB}.0 MB limit)"


def test_100_mb_bytes_are_refused_without_decoding() -> None:
    data = bytes(100 * MB)
    with bounded(seconds=2, megabytes=1):
        reason = refused(lambda: decode_bytes(data, suffix=".txt"))
    assert reason.startswith("too large (100.0 MB")


def test_endless_stream_reads_at_most_the_limit(tmp_path: Path) -> None:
    """A FIFO says size 0 but never ends: read_file reads limit + 1 bytes, then refuses."""
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    written = [0]
    stop = threading.Event()

    def writer() -> None:
        with fifo.open("wb") as fh:
            chunk = b"Can cu " * 9362  # 64 KiB
            try:
                while not stop.is_set() and written[0] < 100 * MB:
                    fh.write(chunk)
                    written[0] += len(chunk)
            except BrokenPipeError:
                pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    with bounded(seconds=10, megabytes=8):
        reason = refused(lambda: read_file(fifo, max_bytes=1 * MB))
    stop.set()
    t.join(10)
    assert reason.startswith("too large (1.0 MB")
    assert written[0] < 10 * MB  # the writer was not drained


# ------------------------------------------------------------------------- megabyte lines ---


def test_5_mb_line_is_read_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text(hostile.megabyte_line(5), "utf-8")
    with bounded(seconds=5, megabytes=80):  # the bytes, the str, one normalised copy
        text = read_file(path)
    assert max(len(line.encode()) for line in text.split("\n")) > 5_000_000


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block (TimeoutError) after ``seconds``: a slow test fails fast."""

    def ring(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_5_mb_line_is_extracted_in_20_s() -> None:
    """Cut by an alarm at the bound (TimeoutError), so a regression costs 20 s, not minutes."""
    import ingest

    text = hostile.megabyte_line(5)
    ingest.extract("Số: 1/QĐ-TTg")  # the pipeline loaded outside the measurement
    with alarm(20.0):
        ex = ingest.extract(text)
    assert ex.document.symbol == "77/CT-TTg"
    assert any(c.symbol == "18-NQ/TW" for c in ex.citations)


def test_megabyte_html_line_is_read() -> None:
    line = hostile.SENTENCE * (2 * MB // len(hostile.SENTENCE.encode()))
    with bounded(seconds=10, megabytes=80):
        out = decode_bytes(f"<html><body><p>{line}</p></body></html>".encode(), suffix=".html")
    assert out == line.strip()


# ------------------------------------------------------------------ NUL and bad encodings ---


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"S\xe1\xbb\x91: 1/Q\xc4\x90-TTg\x00\x00\x00 binary",
            "binary content (NUL bytes), not text",
        ),
        (b"\x00" * 4096, "binary content (NUL bytes), not text"),
        (
            b"\xff\xfe" + "Số".encode("utf-16-le") + b"\x00",
            "undecodable UTF-16-LE (odd number of bytes)",
        ),
        (b"\xfe\xff\xd8\x00\x00\x41", "undecodable UTF-16-BE (illegal UTF-16 surrogate at byte 0)"),
        (b"\x00\x00\xfe\xff\x00\x11\x00\x00", "undecodable UTF-32-BE (code point not in range"),
        (bytes(range(1, 32)) * 100, "binary content"),
    ],
)
def test_nul_bytes_and_broken_encodings_are_refused_clearly(data: bytes, reason: str) -> None:
    assert refused(lambda: decode_bytes(data, suffix=".txt")).startswith(reason)


@pytest.mark.parametrize(
    "data",
    [
        "Quyết định số 12/QĐ-TTg".encode() + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc",
        b"\xef\xbb\xbf" + "Sô\u0301 ngày".encode("cp1258"),
        bytes(range(0x80, 0x100)) * 20,
    ],
)
def test_invalid_utf8_is_decoded_by_a_legacy_guess_or_refused(data: bytes) -> None:
    try:
        out = decode_bytes(data, suffix=".txt")
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert isinstance(out, str) and "\x00" not in out


def test_nul_inside_extract_text_does_not_crash() -> None:
    import ingest

    text = "Số: 5/CT-TTg\x00\nCăn cứ Nghị quyết số 18-NQ/TW\x00 ngày 25/10/2017;\x00"
    ex = ingest.extract(text)
    assert ex.document.symbol == "5/CT-TTg"
    assert any(c.symbol == "18-NQ/TW" for c in ex.citations)


def test_lone_surrogate_inside_extract_text_does_not_crash() -> None:
    # readers never produce one, direct callers of extract() can
    import ingest

    text = "Số: 5/CT-TTg\nCăn cứ Nghị quyết số 18-NQ/TW\ud800 ngày 25/10/2017;"
    ex = ingest.extract(text)
    assert ex.document.symbol == "5/CT-TTg"
    cite = next(c for c in ex.citations if c.symbol == "18-NQ/TW")
    assert text[cite.span[0] : cite.span[1]] == "18-NQ/TW"  # offsets still index the input


# ------------------------------------------------------------------------ deep HTML -----


@pytest.mark.parametrize("tag", ["div", "b", "table"])
def test_100k_nested_elements_are_read_flat(tag: str) -> None:
    data = hostile.nested_html(100_000, tag)
    with bounded(seconds=15, megabytes=120):
        out = decode_bytes(data, suffix=".html")
    assert "Căn cứ Nghị quyết số 18-NQ/TW" in out


def test_unclosed_comment_and_script_leave_no_text() -> None:
    data = b"<html><body><!--" + b"<p>x</p>" * 50_000
    reason = refused(lambda: decode_bytes(data, suffix=".html"))
    assert reason == "empty document (HTML has no text)"


# ---------------------------------------------------------------- corrupt DOCX and PDF ------


def _docx() -> bytes:
    return generators.docx_bytes(generators.seed_texts()[0][:2000])


def _pdf() -> bytes:
    return generators.pdf_bytes(generators.seed_texts()[0][:2000])


def _rezip(data: bytes, part: str, body: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, body if info.filename == part else src.read(info))
    return buf.getvalue()


CORRUPT: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("docx truncated", lambda: _docx()[: len(_docx()) // 2], ".docx", "corrupt DOCX: BadZipFile"),
    (
        "docx bad xml",
        lambda: _rezip(_docx(), "word/document.xml", b"<w:document><w:body>"),
        ".docx",
        "corrupt DOCX: bad XML in word/document.xml",
    ),
    (
        "docx no document part",
        lambda: _rezip(_docx(), "word/document.xml", b"").replace(
            b"word/document.xml", b"word/documenX.xml"
        ),
        ".docx",
        "not a DOCX: the archive has no word/document.xml",
    ),
    ("docx not a zip", lambda: b"just text", ".docx", "corrupt DOCX: not a ZIP archive"),
    (
        "docx deep xml",
        lambda: _rezip(_docx(), "word/document.xml", b"<w:p>" * 300_000),
        ".docx",
        "refusing DOCX (zip bomb?): word/document.xml compression ratio",
    ),
    (
        "docx deep xml, stored",
        lambda: _rezip(_docx(), "word/document.xml", b"<w:p>" * 3_000 + bytes(range(256))),
        ".docx",
        "corrupt DOCX: bad XML in word/document.xml",
    ),
    ("pdf truncated", lambda: _pdf()[: len(_pdf()) // 3], ".pdf", ""),
    ("pdf no header", lambda: _pdf()[20:], ".pdf", ""),
    (
        "pdf nested arrays",
        lambda: b"%PDF-1.4\n1 0 obj\n" + b"[" * 200_000 + b"\nendobj\n",
        ".pdf",
        "",
    ),
    ("pdf garbage", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 400, ".pdf", ""),
]


@pytest.mark.parametrize(
    ("case", "build", "suffix", "reason"), CORRUPT, ids=[c[0] for c in CORRUPT]
)
def test_corrupt_docx_and_pdf_are_refused_clearly(
    case: str, build: Callable[[], bytes], suffix: str, reason: str
) -> None:
    data = build()
    with bounded(seconds=30, megabytes=200):  # pypdf's recovery scan of a truncated file
        got = refused(lambda: decode_bytes(data, suffix=suffix))
    if reason:
        assert got.startswith(reason), got
    else:  # a PDF: the message says it is a PDF problem
        assert got.startswith(("corrupt PDF", "no text layer", "refusing PDF")), got


# ----------------------------------------------------------------------- zip/PDF bombs ---


def test_docx_zip_bomb_of_1_gib_is_refused_from_its_headers() -> None:
    data = hostile.zip_bomb_docx()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size > 1000 * MB and len(data) < 8 * MB
    with bounded(seconds=2, megabytes=16):
        reason = refused(lambda: decode_bytes(data, suffix=".docx"))
    assert reason == "refusing DOCX (zip bomb?): 1024.0 MB uncompressed > 200.0 MB limit"


def test_docx_zip_bomb_with_lying_headers_inflates_only_what_they_declare() -> None:
    data = hostile.zip_bomb_docx(lie=True)
    with bounded(seconds=5, megabytes=32):
        reason = refused(lambda: decode_bytes(data, suffix=".docx"))
    assert reason.startswith("corrupt DOCX"), reason


def test_docx_with_too_many_entries_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(10_001):
            zf.writestr(f"x/{i}", b"")
    with bounded(seconds=10, megabytes=64):
        reason = refused(lambda: decode_bytes(buf.getvalue(), suffix=".docx"))
    assert reason == "refusing DOCX: 10001 entries (limit 10000)"


def test_pdf_compression_bomb_of_1_gib_is_refused() -> None:
    data = hostile.pdf_bomb()
    decode_bytes(_pdf(), suffix=".pdf")  # pypdf's lazy imports outside the measurement
    with bounded(seconds=30, megabytes=200):
        reason = refused(lambda: decode_bytes(data, suffix=".pdf"))
    assert reason.startswith("refusing PDF (compression bomb?): a stream inflates past 16.0 MB")
