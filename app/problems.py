"""Errors as RFC 9457 ``application/problem+json`` documents.

Every error the API returns has ``type``, ``title``, ``status`` and ``detail``; validation errors
add ``errors`` (field, message). Neo4j being unreachable (down, restarting, its database not
yet available, every pooled connection busy) is a 503 with ``Retry-After``, never a 500 with a
traceback; the API's driver recovers by itself when Neo4j is back (no restart of the API).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
"""The JSON schema of every error body (RFC 9457), declared in the OpenAPI document."""

_DEFAULT_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing credentials",
    403: "Wrong credentials",
    404: "Not found",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid request parameters",
    503: "The graph database is unavailable",
}


def responses(*codes: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for error statuses, each an ``application/problem+json``
    :data:`PROBLEM_SCHEMA` body. ``descriptions`` override the default text: ``d404="Unknown id"``.
    """
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        description = descriptions.get(f"d{code}") or _DEFAULT_DESCRIPTIONS.get(
            code, HTTPStatus(code).phrase
        )
        out[code] = {
            "description": description,
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
    return out


COMMON_RESPONSES = responses(422, 503)
"""Errors any API route can answer: invalid parameters, the graph database unavailable."""


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_JSON


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update(extra)
    return ProblemResponse(body, status_code=status, headers=headers)


class QueryTimeout(Exception):
    """A read got no answer within ``VANBAN_QUERY_TIMEOUT`` seconds (a frozen or overloaded
    server: the driver has no read timeout of its own, so without this a request would wait
    for as long as the server stays silent)."""


def _unavailable() -> JSONResponse:
    return problem(
        503, "the graph database is unavailable; retry shortly", headers={"Retry-After": "5"}
    )


def _pool_exhausted(exc: Exception) -> bool:
    """The driver's connection acquisition timeout (a ``ClientError``, not a
    ``DriverError``, in neo4j 5): too busy right now, not a bug."""
    return isinstance(exc, ClientError) and str(exc).startswith(
        "failed to obtain a connection from the pool"
    )


def _clean_loc(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path"))


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        resp = problem(exc.status_code, detail)
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _clean_loc(e.get("loc", ())), "message": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": "", "message": "invalid request"}
        detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return problem(422, detail, title="Invalid request", errors=errors)

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    @app.exception_handler(TransientError)  # e.g. DatabaseUnavailable while Neo4j starts
    async def neo4j_down(_request: Request, exc: Exception) -> JSONResponse:
        logger.warning("Neo4j unavailable: %s", exc)
        return _unavailable()

    @app.exception_handler(ClientError)
    async def neo4j_client_error(_request: Request, exc: Exception) -> JSONResponse:
        if _pool_exhausted(exc):  # every connection busy for the acquisition timeout
            logger.warning("Neo4j connection pool exhausted: %s", exc)
            return _unavailable()
        logger.exception("unhandled Neo4j error", exc_info=exc)
        return problem(500, "internal error; the incident was logged")

    @app.exception_handler(QueryTimeout)
    async def neo4j_silent(_request: Request, exc: Exception) -> JSONResponse:
        logger.warning("Neo4j did not answer: %s", exc)
        return problem(
            503,
            f"the graph database did not answer in time ({exc}); retry shortly",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(AuthError)
    async def neo4j_auth(_request: Request, exc: Exception) -> JSONResponse:
        logger.error("Neo4j refused the credentials: %s", exc)
        return problem(503, "the graph database refused the service's credentials")

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=exc)
        return problem(500, "internal error; the incident was logged")
