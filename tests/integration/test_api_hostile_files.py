"""The API under hostile uploads: limits, API-key checks and read-only paths hold.

The hostile files of ``tests/unit/test_hostile_files.py`` (zip bombs, a PDF bomb, deep HTML,
NUL bytes, broken encodings, corrupt DOCX/PDF, a 100 MB stream) go through ``POST /v1/documents``
with and without the key; every answer is a 4xx ``application/problem+json`` naming the problem,
and the graph's node and relationship counts do not move. The read endpoints are then called
with the same bytes in their parameters: they never write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from pydantic import SecretStr

from app.main import create_app
from app.settings import Settings
from tests.fuzz import generators, hostile
from tests.integration import api_data

pytestmark = pytest.mark.integration

KEY = "hostile-files-key-7"
LIMIT = 8 * 1024 * 1024  # above the ~6.8 MB bombs: they reach the readers
MB = 1024 * 1024


@pytest.fixture(scope="module")
def client(settings: Settings, driver: Driver) -> Iterator[TestClient]:
    keyed = settings.model_copy(update={"api_key": SecretStr(KEY), "max_upload_bytes": LIMIT})
    with TestClient(create_app(keyed)) as c:
        yield c


def _counts(driver: Driver, settings: Settings) -> tuple[int, int]:
    return api_data.graph_counts(driver, settings.neo4j_database)


def _docx_text() -> str:
    return generators.seed_texts()[0][:2000]


HOSTILE: list[tuple[str, str, Callable[[], bytes], int, str]] = [
    ("docx zip bomb", "bomb.docx", hostile.zip_bomb_docx, 422, "zip bomb"),
    (
        "docx zip bomb, lying headers",
        "bomb2.docx",
        lambda: hostile.zip_bomb_docx(lie=True),
        422,
        "corrupt DOCX",
    ),
    ("pdf bomb", "bomb.pdf", hostile.pdf_bomb, 422, "compression bomb"),
    (
        "corrupt docx",
        "c.docx",
        lambda: generators.docx_bytes(_docx_text())[:5000],
        422,
        "corrupt DOCX",
    ),
    ("corrupt pdf", "c.pdf", lambda: b"%PDF-1.4\n" + b"[" * 100_000, 422, "PDF"),
    ("nul bytes", "n.txt", lambda: "Số: 9/CT-TTg".encode() + b"\x00" * 100, 422, "NUL bytes"),
    (
        "odd utf-16",
        "u.txt",
        lambda: b"\xff\xfe" + "Số".encode("utf-16-le") + b"\x00",
        422,
        "UTF-16",
    ),
    (
        "mislabelled png",
        "p.docx",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(2000),
        422,
        "corrupt DOCX: not a ZIP archive (content is PNG image)",
    ),
    ("deep html without text", "d.html", lambda: b"<div>" * 100_000, 422, "no text"),
]


@pytest.mark.parametrize(
    ("case", "name", "build", "status", "words"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_hostile_upload_is_refused_and_writes_nothing(
    client: TestClient,
    driver: Driver,
    settings: Settings,
    case: str,
    name: str,
    build: Callable[[], bytes],
    status: int,
    words: str,
) -> None:
    data = build()
    before = _counts(driver, settings)
    no_key = client.post("/v1/documents", files={"file": (name, data)})
    assert no_key.status_code == 401  # the key is checked before the body is read
    wrong = client.post(
        "/v1/documents", files={"file": (name, data)}, headers={"X-API-Key": "not-the-key"}
    )
    assert wrong.status_code == 403
    resp = client.post("/v1/documents", files={"file": (name, data)}, headers={"X-API-Key": KEY})
    assert resp.status_code == status, resp.text[:300]
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert words in body["detail"] and body["status"] == status, body
    assert _counts(driver, settings) == before


async def _asgi_upload(app: Any, chunks: Iterator[bytes], headers: dict[str, str]) -> int:
    """POST the chunks straight to the ASGI app (TestClient would buffer the whole body first);
    the status code. The app pulls chunks only as it parses them."""
    status = 0

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/documents",
        "raw_path": b"/v1/documents",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return status


def test_100_mb_upload_is_refused_while_streaming(
    client: TestClient, driver: Driver, settings: Settings
) -> None:
    """100 MB in 1 MB chunks, no Content-Length: 413 after the limit, the rest never pulled."""
    before = _counts(driver, settings)
    boundary = "hostileboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n\r\n'
    ).encode()
    sent = [0]

    def body() -> Iterator[bytes]:
        yield head
        chunk = b"A" * MB
        for _ in range(100):
            sent[0] += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    assert client.portal is not None  # inside the TestClient context: its event loop
    status = client.portal.call(
        _asgi_upload,
        client.app,
        body(),
        {"X-API-Key": KEY, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert status == 413
    assert sent[0] <= LIMIT + 2 * MB  # refused as the bytes came, not after 100 MB
    assert _counts(driver, settings) == before


def test_declared_100_mb_body_is_refused_before_reading(client: TestClient) -> None:
    resp = client.post(
        "/v1/documents",
        content=b"x",
        headers={
            "X-API-Key": KEY,
            "Content-Length": str(100 * MB),
            "Content-Type": "multipart/form-data; boundary=b",
        },
    )
    assert resp.status_code == 413


def test_without_key_nothing_is_read_even_for_100_mb(client: TestClient) -> None:
    sent = [0]

    def body() -> Iterator[bytes]:
        for _ in range(100):
            sent[0] += MB
            yield b"B" * MB

    assert client.portal is not None
    status = client.portal.call(
        _asgi_upload, client.app, body(), {"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert status == 401
    assert sent[0] == 0  # the key is checked before the body is pulled


READS = [
    "/v1/documents?q={x}",
    "/v1/documents?symbol={x}",
    "/v1/search?q={x}",
    "/v1/agencies?q={x}",
    "/v1/persons?q={x}",
    "/v1/documents/{x}",
    "/v1/documents/{x}/chain",
    "/v1/documents/{x}/cited-by?issuer={x}",
]


@pytest.mark.parametrize("path", READS)
def test_read_paths_with_hostile_bytes_never_write(
    client: TestClient, driver: Driver, settings: Settings, path: str
) -> None:
    before = _counts(driver, settings)
    for raw in (
        hostile.zip_bomb_docx()[:150],
        hostile.pdf_bomb()[:150],
        b"\x00\xff\xfe" * 50,
        b"MATCH (n) DETACH DELETE n //",
    ):
        x = quote(raw.decode("latin-1"), safe="")
        resp = client.get(path.format(x=x))
        assert resp.status_code < 500, resp.text[:300]
        if resp.status_code >= 400:
            assert resp.headers["content-type"].startswith("application/problem+json")
    assert _counts(driver, settings) == before
