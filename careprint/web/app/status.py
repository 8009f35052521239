"""The translations page: a read-only view of ``python generate.py status``, from the same engine calls."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from careprint.content import state as translation
from careprint.content.project import SOURCE_LANG
from careprint.web.app import pages
from careprint.web.app.context import context, staff_labels


async def page(request: Request) -> HTMLResponse:
    """Show the clinical review of each document and the translation state of each language."""
    ctx, labels = context(request), staff_labels(request)
    project = ctx.project
    clinical = []
    for h in project.handout_ids:
        approved, stale = project.clinical_review(h)
        said = labels("reviewed_by", by=approved.by, date=approved.date) if approved else labels("not_reviewed")
        clinical.append([h, said + (" " + labels("review_stale") if stale else "")])
    rows = []
    for lang in (c for c in project.locale_codes if c != SOURCE_LANG):
        s = translation.summary(project.language_states(lang))
        locale = project.locale(lang)
        rows.append([f"{locale.native_name} ({lang})", f"{s.percent:.0f} %", s.stale, s.status,
                     ", ".join(s.reviewers) or "-"])
    body = (f'<p class="lead">{escape(labels("status_lead"))}</p>'
            + pages.table(labels("status_clinical"), [labels("col_handout"), labels("col_review")], clinical)
            + pages.table(labels("status_locales"), [labels(k) for k in ("col_language", "col_done", "col_stale",
                                                                             "col_status", "col_reviewer")], rows))
    return HTMLResponse(pages.shell(labels, labels("status_title"), body, "/status", ctx.staff_languages))
