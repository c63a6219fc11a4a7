"""Read one uploaded file from a ``multipart/form-data`` request body, streaming.

The body is parsed chunk by chunk as it arrives (python-multipart), so an oversized upload is
refused with 413 as soon as it crosses ``VANBAN_MAX_UPLOAD_BYTES``, without reading the rest of it
into memory or onto disk. Only the part named ``file`` is kept; other parts are ignored, but the
whole body is bounded too.
"""

from __future__ import annotations

import hmac
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath

from fastapi import HTTPException, Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from app.settings import Settings

logger = logging.getLogger(__name__)

BODY_OVERHEAD = 64 * 1024
"""Room for multipart headers and other small fields beyond the file's own size limit."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadTooLarge(Exception):
    pass


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass
class _State:
    limit: int
    header_field: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    headers: dict[bytes, bytes] = field(default_factory=dict)
    in_file: bool = False
    found: bool = False
    filename: str = ""
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0


def check_api_key(settings: Settings, given: str | None) -> None:
    """401 without a key, 403 with a wrong one (constant-time compare); nothing when unset."""
    expected = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    if not expected:
        return
    if not given:
        raise HTTPException(
            401,
            "missing X-API-Key header: this server requires an API key for writes",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    # header values arrive decoded as latin-1: back to the bytes the client sent (UTF-8 keys work)
    if not hmac.compare_digest(
        given.encode("latin-1", "replace"), expected.encode("utf-8", "surrogatepass")
    ):
        raise HTTPException(403, "wrong API key")


def safe_filename(raw: str) -> str:
    """The base name of an uploaded file's name, without control characters, bounded."""
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = _CONTROL.sub("", name).strip()
    return name[-200:] or "upload"


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        413, f"upload too large: the limit is {limit} bytes (VANBAN_MAX_UPLOAD_BYTES)"
    )


async def read_upload(request: Request, limit: int) -> Upload:
    """The part named ``file`` of a multipart body; HTTP errors for everything else."""
    mime, params = parse_options_header(request.headers.get("content-type", ""))
    if mime != b"multipart/form-data":
        raise HTTPException(415, "send the document as multipart/form-data with a field `file`")
    boundary = params.get(b"boundary")
    if not boundary or len(boundary) > 200:
        raise HTTPException(422, "multipart/form-data without a valid boundary")
    body_limit = limit + BODY_OVERHEAD
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > body_limit:
        raise _too_large(limit)

    st = _State(limit=limit)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        st.header_field += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        st.header_value += data[start:end]

    def on_header_end() -> None:
        st.headers[bytes(st.header_field).lower()] = bytes(st.header_value)
        st.header_field.clear()
        st.header_value.clear()

    def on_part_begin() -> None:
        st.headers = {}

    def on_headers_finished() -> None:
        _, disp = parse_options_header(st.headers.get(b"content-disposition", b""))
        st.in_file = disp.get(b"name") == b"file" and not st.found
        if st.in_file:
            st.found = True
            st.filename = safe_filename(disp.get(b"filename", b"").decode("utf-8", "replace"))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if not st.in_file:
            return
        st.size += end - start
        if st.size > st.limit:
            raise UploadTooLarge
        st.chunks.append(data[start:end])

    def on_part_end() -> None:
        st.in_file = False

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise UploadTooLarge
            parser.write(chunk)
        parser.finalize()
    except UploadTooLarge:
        raise _too_large(limit) from None
    except MultipartParseError as exc:
        raise HTTPException(422, f"malformed multipart body: {exc}") from None
    if not st.found:
        raise HTTPException(422, "no field `file` in the multipart body")
    return Upload(filename=st.filename, data=b"".join(st.chunks))
