"""The counter and back-office app (``python generate.py serve``): an app factory over the engine.

``create_app(settings)`` returns a Starlette app. Handlers are thin (``counter``, ``backoffice``,
``status``); the rules for patients' data are middleware (``security``), outermost first:
access log, headers (CSP, no-store), Host check, token, CSRF.
"""

from __future__ import annotations

import socket
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from careprint import build
from careprint.content.project import SOURCE_LANG, Project
from careprint.errors import CareprintError
from careprint.web.app import backoffice, counter, labels, security, status
from careprint.web.app.context import Context, Settings

__all__ = ["Settings", "create_app", "allowed_hosts"]

STATIC = Path(__file__).parent / "static"


def allowed_hosts(settings: Settings) -> tuple[str, ...]:
    """Return the Host names the app answers to: the bound address, localhost, and any named in the settings."""
    hosts = {settings.host, "localhost", *settings.allowed_hosts}
    if settings.host in ("0.0.0.0", "::"):  # every interface: the machine's own names (never a third party's)
        hosts |= {socket.gethostname(), socket.getfqdn()}
    return tuple(sorted(h.lower() for h in hosts))


async def ui_language(request: Request) -> RedirectResponse:
    """Remember the staff language in a cookie and go back to the counter."""
    ctx = request.app.state.careprint
    lang = request.path_params["lang"]
    response = RedirectResponse("/", status_code=303)
    if lang in labels.languages(ctx.project.root):
        response.set_cookie(labels.COOKIE, lang, samesite="strict", httponly=True, max_age=365 * 86400)
    return response


def create_app(settings: Settings | None = None) -> Starlette:
    """Return the app for these settings (loading the content root and clinic once)."""
    settings = settings or Settings()
    project = Project(settings.root)
    project.require_content()
    context = Context(settings, project, project.clinic(settings.clinic))
    _prepare_fonts(context)
    routes = [
        Route("/", counter.page, methods=["GET"]),
        Route("/", counter.submit, methods=["POST"]),
        Route("/preview", counter.preview, methods=["POST"]),
        Route("/batch", backoffice.page, methods=["GET"]),
        Route("/batch", backoffice.start, methods=["POST"]),
        Route("/batch/{run_id}", backoffice.progress, methods=["GET"]),
        Route("/batch/{run_id}/status", backoffice.status, methods=["GET"]),
        Route("/batch/{run_id}/files/{name:path}", backoffice.download, methods=["GET"]),
        Route("/status", status.page, methods=["GET"]),
        Route("/ui/{lang}", ui_language, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(security.AccessLog),
        Middleware(security.Headers),
        Middleware(security.HostCheck, allowed=allowed_hosts(settings)),
        Middleware(security.TokenCheck, token=settings.token),
        Middleware(security.CsrfCheck, token=context.csrf_token),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.careprint = context
    return app


def _prepare_fonts(context: Context) -> None:
    """Make the counter's first page fast: prepare the fonts of a blank English card before serving anything.

    On a new machine the fonts are instanced into the cache the first time a document needs them (tens of
    seconds for some); doing it here means the first person at the counter does not wait for it.
    """
    cards = [h for h in context.project.handout_ids if context.project.structure(h)["kind"] == "card"]
    if not cards:
        return
    try:
        build.render_card(context.project, context.clinic, build.CardJob(cards[0], SOURCE_LANG))
    except CareprintError:
        pass  # the counter page shows the problem to the user, by field
