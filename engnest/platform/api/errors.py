"""One error shape for every API answer that is not a success: `{"error": {"code", "message", "fields"}}`.

Validation problems name their fields; unexpected errors are logged on the server and answered with a plain
500 body, never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from engnest.platform.domain.errors import ValidationFailed

log = logging.getLogger("engnest.api")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
         429: "rate_limited", 500: "internal"}


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, fields: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields or {}, headers or {}


def not_found(what: str = "Not found.") -> ApiError:
    return ApiError(404, "not_found", what)


def problem(status: int, code: str, message: str, fields: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, fields=fields or {}))
    return JSONResponse(body.model_dump(), status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


def _field_name(loc: tuple) -> str:
    """`("query", "cursor")` -> "cursor", `("body", "body")` -> "body": the location goes, the field stays."""
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "request"


def _routes(routes: list) -> list:
    """Every route, inside the routers FastAPI wraps when they are included."""
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out += _routes(inner.routes) if inner is not None else [route]
    return out


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers (the 405 of the first matching route names only its own)."""
    path = request.scope["path"].removeprefix(request.scope.get("root_path", ""))
    methods: set[str] = set()
    for route in _routes(request.app.router.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path):
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return problem(exc.status, exc.code, exc.message, exc.fields, exc.headers)


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ValidationFailed)
    fields = {k: v for k, v in exc.errors.items() if k != "form"}
    return problem(422, "invalid", exc.errors.get("form") or exc.first(), fields)


async def _request_invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields: dict[str, str] = {}
    for err in exc.errors():
        fields.setdefault(_field_name(tuple(err.get("loc", ()))), str(err.get("msg", "Invalid value."))[:200])
    return problem(422, "invalid", "Some of the request is not valid.", fields)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ").capitalize()
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(_request))
    return problem(exc.status_code, code, message, headers=headers)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.error("Unhandled error in an API endpoint", exc_info=exc)
    return problem(500, "internal", "Something went wrong on our side and nothing was saved. Please try again.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(ValidationFailed, _invalid)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorResponse, "description": CODES[status].replace("_", " ")} for status in (400, 401, 403, 404, 422, 429)
}
