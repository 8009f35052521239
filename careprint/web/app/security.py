"""The app's rules for patients' data, as ASGI middleware: one class per rule, each testable alone.

Order (outermost first, see ``careprint.web.app.create_app``): the access log sees every
answer, then the headers, the Host check, the token and CSRF. Each rule answers a refused
request itself, in plain words, and never echoes what was sent.

- ``AccessLog``: one line per request, ``METHOD /path STATUS``: never the query string, a form
  body, a header or a value.
- ``Headers``: ``Content-Security-Policy`` naming no origin but the app's own; ``Cache-Control:
  no-store`` on every answer but the static CSS and script (pages, previews and PDFs all carry,
  or could carry, a patient's values); no referrer, no sniffing, no framing.
- ``HostCheck``: 400 unless ``Host`` is the bound address or ``localhost`` (DNS rebinding).
- ``TokenCheck``: with ``--token``, every request carries it, in a header ``Authorization: Bearer
  TOKEN`` or in the cookie the first visit ``/?token=TOKEN`` sets (HttpOnly, SameSite=Strict);
  that visit is redirected to the same path without the query, so the token leaves the address bar.
- ``CsrfCheck``: every POST carries the app's CSRF token in the form field ``csrf`` (or the header
  ``X-CSRF-Token``); 403 without it. Forms are buffered once here and replayed to the handler.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable
from urllib.parse import parse_qs

from starlette.datastructures import Headers as RequestHeaders
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOG = logging.getLogger("careprint.app.access")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
TOKEN_COOKIE = "careprint_token"
CSRF_FIELD = "csrf"
MAX_BODY_BYTES = 20 * 1024 * 1024  # an upload of a few thousand patients' rows; more is refused (413)
STATIC_PREFIX = "/static/"
# An uploaded CSV stays in memory (Starlette spools parts over 1 MB to a temporary file): patients' rows
# reach the disk only in the batch's own folder.
MultiPartParser.spool_max_size = MAX_BODY_BYTES


class AccessLog:
    """Log ``METHOD /path STATUS`` for every request, and nothing else about it."""

    def __init__(self, app: ASGIApp, logger: logging.Logger = ACCESS_LOG):
        self.app, self.logger = app, logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)
        try:
            await self.app(scope, receive, sending)
        finally:
            self.logger.info("%s %s %d", scope["method"], scope["path"], status[0])


class Headers:
    """Add the CSP and the privacy headers; no-store on everything but the static files."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope["path"].startswith(STATIC_PREFIX)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control" or static]
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, sending)


class HostCheck:
    """Refuse (400) a request whose Host header names another machine: the defence against DNS rebinding."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]):
        self.app, self.allowed = app, {h.lower() for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_name(RequestHeaders(scope=scope).get("host", "")) not in self.allowed:
            response = PlainTextResponse("Bad request: this app answers only at its own address "
                                         f"({' or '.join(sorted(self.allowed))}).", status_code=400)
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


def host_name(host: str) -> str:
    """Return the host part of a Host header, without the port (``[::1]:8000`` gives ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class TokenCheck:
    """With a token set, let through only requests that carry it (header or cookie); 401 otherwise."""

    def __init__(self, app: ASGIApp, token: str | None):
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        request = Request(scope)
        given = request.query_params.get("token")
        if given is not None and _same(given, self.token):  # the first visit: keep it in a cookie, clear the address
            response = RedirectResponse(scope["path"], status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return await response(scope, receive, send)
        bearer = request.headers.get("authorization", "")
        carried = bearer[7:] if bearer.lower().startswith("bearer ") else request.cookies.get(TOKEN_COOKIE, "")
        if not _same(carried, self.token):
            response = PlainTextResponse("Unauthorized: open the address with ?token=… that the serve command "
                                         "printed, or send the header Authorization: Bearer TOKEN.", status_code=401)
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


class CsrfCheck:
    """Refuse (403) a POST that does not carry the CSRF token; replay the buffered body to the handler."""

    def __init__(self, app: ASGIApp, token: str):
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        body = await _read_body(receive)
        if body is None:
            return await PlainTextResponse("Too large: the upload is over 20 MB.", status_code=413)(scope, receive, send)
        replay = _replayer(body)
        given = RequestHeaders(scope=scope).get("x-csrf-token")
        if given is None:
            given = await _form_field(scope, body, CSRF_FIELD)
        if not _same(given or "", self.token):
            response = PlainTextResponse("Forbidden: the form has expired or did not come from this app. "
                                         "Go back, reload the page and try again.", status_code=403)
            return await response(scope, replay, send)
        await self.app(scope, replay, send)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


async def _read_body(receive: Receive) -> bytes | None:
    """Read a request body whole, or return None past MAX_BODY_BYTES."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replayer(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}
    return receive


async def _form_field(scope: Scope, body: bytes, name: str) -> str | None:
    """Return one field of an urlencoded or multipart body (parsed in memory; an upload is never spooled here)."""
    kind = RequestHeaders(scope=scope).get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        return (parse_qs(body.decode("latin-1"), max_num_fields=100).get(name) or [None])[0]
    if kind == "multipart/form-data":
        request = Request(scope, _replayer(body))
        try:
            async with request.form(max_files=2, max_fields=50, max_part_size=MAX_BODY_BYTES) as form:
                value = form.get(name)
        except Exception:  # a malformed body: no token found, so 403
            return None
        return value if isinstance(value, str) else None
    return None
