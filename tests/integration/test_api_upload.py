"""POST /v1/documents: an upload is read, extracted and loaded; bad uploads change nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from pydantic import SecretStr

from app.main import create_app
from app.settings import Settings
from tests.integration import api_data

pytestmark = pytest.mark.integration

KEY = "test-key-äöü-42"
LIMIT = 8192
CITED = "917-NQ/TW"
UPLOAD = """THỦ TƯỚNG CHÍNH PHỦ
-------
Số: 9479/CT-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 15 tháng 3 năm 2024

CHỈ THỊ
Về việc triển khai thực hiện Nghị quyết về đổi mới thử nghiệm

Thực hiện Nghị quyết số 917-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng về \
tiếp tục đổi mới, Thủ tướng Chính phủ yêu cầu:
1. Bộ Nội vụ chủ trì, phối hợp với Bộ Tư pháp xây dựng đề án, hoàn thành trước ngày 30/9/2024.

Nơi nhận:
- Các Bộ;
- Lưu: VT.
THỦ TƯỚNG
Phạm Minh Chính
"""


@pytest.fixture(scope="module")
def cited(driver: Driver, settings: Settings) -> Iterator[str]:
    ids = [
        api_data.write(
            driver,
            settings.neo4j_database,
            api_data.doc(
                CITED, "2022-06-16", "Nghị quyết", api_data.CM, "Nghị quyết thử nghiệm tải lên"
            ),
        )
    ]
    try:
        yield ids[0]
    finally:
        with driver.session(database=settings.neo4j_database) as s:
            ids += [
                r["id"]
                for r in s.run(
                    "MATCH (d:Document) WHERE d.source STARTS WITH "
                    "'api-upload-test' RETURN d.id AS id"
                )
            ]
        api_data.remove(driver, settings.neo4j_database, ids)


@pytest.fixture(scope="module")
def client(settings: Settings, cited: str) -> Iterator[TestClient]:
    keyed = settings.model_copy(update={"api_key": SecretStr(KEY), "max_upload_bytes": LIMIT})
    with TestClient(create_app(keyed)) as c:
        yield c


def _counts(driver: Driver, settings: Settings) -> tuple[int, int]:
    return api_data.graph_counts(driver, settings.neo4j_database)


def _post(
    client: TestClient,
    name: str,
    data: bytes,
    key: str | None = KEY,
    content_type: str = "text/plain",
) -> tuple[int, dict[str, object]]:
    headers = {"X-API-Key": key.encode("utf-8")} if key is not None else {}
    resp = client.post("/v1/documents", files={"file": (name, data, content_type)}, headers=headers)
    return resp.status_code, resp.json()


def test_upload_appears_in_cited_by(client: TestClient, cited: str) -> None:
    status, body = _post(client, "api-upload-test.txt", UPLOAD.encode("utf-8"))
    assert status == 201, body
    assert body["outcome"] == "inserted" and body["symbol"] == "9479/CT-TTg"
    assert body["doc_type"] == "Chỉ thị" and body["issued_date"] == "2024-03-15"
    assert body["citations"] >= 1 and body["tasks"] >= 1 and body["agencies"] >= 1
    cited_by = client.get(f"/v1/documents/{cited}/cited-by").json()
    assert body["id"] in {i["document"]["id"] for i in cited_by["items"]}
    item = next(i for i in cited_by["items"] if i["document"]["id"] == body["id"])
    assert "917-NQ/TW" in item["sentence"] and item["document"]["ingested"] is True
    again_status, again = _post(client, "api-upload-test.txt", UPLOAD.encode("utf-8"))
    assert again_status == 200 and again["outcome"] == "unchanged" and again["id"] == body["id"]
    detail = client.get(f"/v1/documents/{body['id']}").json()
    assert detail["source"] == "api-upload-test.txt"


BAD = [
    ("missing key", "a.txt", UPLOAD.encode(), None, 401, "X-API-Key"),
    ("wrong key", "a.txt", UPLOAD.encode(), "nope", 403, "wrong API key"),
    ("empty", "a.txt", b"", KEY, 422, "empty"),
    ("binary", "a.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, KEY, 415, "PNG"),
    ("corrupt pdf", "a.pdf", b"hello, not a pdf", KEY, 422, "PDF"),
    ("only spaces", "a.txt", b"  \n\t \n", KEY, 422, "empty"),
    ("oversized", "a.txt", b"A" * (LIMIT + 1), KEY, 413, "limit"),
]


@pytest.mark.parametrize(
    ("case", "name", "data", "key", "status", "words"), BAD, ids=[b[0] for b in BAD]
)
def test_bad_uploads_are_4xx_and_change_nothing(
    client: TestClient,
    driver: Driver,
    settings: Settings,
    case: str,
    name: str,
    data: bytes,
    key: str | None,
    status: int,
    words: str,
) -> None:
    before = _counts(driver, settings)
    got, body = _post(client, name, data, key=key)
    assert got == status, body
    assert words in str(body["detail"]), body
    assert body["status"] == status and body["title"]
    assert _counts(driver, settings) == before


def test_oversized_streamed_body_is_refused_while_streaming(
    client: TestClient, driver: Driver, settings: Settings
) -> None:
    """Chunked upload without Content-Length: the limit is enforced on the bytes as they come."""
    before = _counts(driver, settings)
    boundary = "zetaboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
    ).encode()
    sent = []

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(1000):  # 1000 x 1 KiB, far over the 8 KiB limit
            sent.append(1)
            yield b"B" * 1024
        yield f"\r\n--{boundary}--\r\n".encode()

    resp = client.post(
        "/v1/documents",
        content=body(),
        headers={
            "X-API-Key": KEY.encode(),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert resp.status_code == 413 and "limit" in resp.json()["detail"]
    assert _counts(driver, settings) == before


@pytest.mark.parametrize(
    ("headers", "content", "status"),
    [
        ({"Content-Type": "application/json"}, b"{}", 415),
        ({"Content-Type": "multipart/form-data"}, b"x", 422),
        ({"Content-Type": "multipart/form-data; boundary=zz"}, b"--zz\r\nbroken", 422),
        (
            {"Content-Type": "multipart/form-data; boundary=zz"},
            b'--zz\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--zz--\r\n',
            422,
        ),
    ],
)
def test_malformed_requests_are_4xx(
    client: TestClient,
    driver: Driver,
    settings: Settings,
    headers: dict[str, str],
    content: bytes,
    status: int,
) -> None:
    before = _counts(driver, settings)
    resp = client.post(
        "/v1/documents", content=content, headers={"X-API-Key": KEY.encode(), **headers}
    )
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert _counts(driver, settings) == before


def test_hostile_file_name_is_reduced_to_a_base_name(client: TestClient, cited: str) -> None:
    text = UPLOAD.replace("9479/CT-TTg", "9478/CT-TTg")
    status, body = _post(client, "../../etc/api-upload-test\x00\x1f.txt", text.encode("utf-8"))
    assert status == 201, body
    assert body["id"] == "9478-ct-ttg-2024"
