"""The batch pages: choose a manifest or upload a CSV, follow the progress, download the print files."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from careprint import build
from careprint.web.app import batches, pages
from careprint.web.app.context import context, staff_labels

REFRESH_S = 2


async def page(request: Request) -> Response:
    """Show the two ways to start a batch."""
    return _form_page(request)


def _form_page(request: Request, problem: str | None = None, status: int = 200) -> Response:
    ctx, labels = context(request), staff_labels(request)
    root = ctx.project.root
    manifests = "".join(f'<option value="{escape(n)}">{escape(n)}</option>' for n in batches.examples(root))
    stocks = "".join(f'<option value="{s}"{" selected" if s == ctx.clinic.default_stock else ""}>'
                     f"{escape(build.stock(root, s).name)} ({escape(s)})</option>" for s in build.stock_ids(root))
    csrf = pages.hidden_csrf(ctx.csrf_token)
    alert = f'<div class="error-summary" role="alert"><p>{escape(problem)}</p></div>' if problem else ""
    body = (
        f'<p class="lead">{escape(labels("batch_lead"))}</p>{alert}'
        f'<form method="post" action="/batch" enctype="multipart/form-data" class="panel">{csrf}'
        f'<input type="hidden" name="kind" value="csv"><h2>{escape(labels("batch_csv_legend"))}</h2>'
        f'<div class="field"><label for="csv">{escape(labels("field_csv"))}</label>'
        f'<input type="file" id="csv" name="csv" accept=".csv,text/csv" required></div>'
        f'<div class="field"><label for="batch-stock">{escape(labels("field_stock"))}</label>'
        f'<select id="batch-stock" name="stock">{stocks}</select></div>'
        f'<div class="buttons"><button type="submit" class="primary">{escape(labels("button_run_csv"))}</button></div></form>'
        f'<form method="post" action="/batch" class="panel">{csrf}<input type="hidden" name="kind" value="manifest">'
        f'<h2>{escape(labels("batch_manifest_legend"))}</h2>'
        f'<div class="field"><label for="manifest">{escape(labels("field_manifest"))}</label>'
        f'<select id="manifest" name="manifest">{manifests}</select></div>'
        f'<div class="buttons"><button type="submit">{escape(labels("button_run_manifest"))}</button></div></form>'
    )
    html = pages.shell(labels, labels("batch_title"), body, "/batch", ctx.staff_languages)
    return HTMLResponse(html, status_code=status)


async def start(request: Request) -> Response:
    """Start a batch and go to its progress page (303), or show the form again with what was missing."""
    ctx, labels = context(request), staff_labels(request)
    settings, root = ctx.settings, ctx.project.root
    async with request.form(max_files=1, max_fields=10) as form:
        kind = form.get("kind")
        if kind == "manifest":
            try:
                run = batches.start_manifest(settings, ctx.batches, root, str(form.get("manifest") or ""))
            except KeyError:
                return _form_page(request, labels("batch_none"), 422)
        else:
            upload, stock_id = form.get("csv"), str(form.get("stock") or "")
            if isinstance(upload, str) or upload is None or not upload.filename:
                return _form_page(request, labels("batch_none"), 422)
            if stock_id not in build.stock_ids(root):
                return _form_page(request, f'{labels("field_stock")} {labels("error_stock")}', 422)
            run = batches.start_csv(settings, ctx.batches, await upload.read(), stock_id)
    return RedirectResponse(f"/batch/{run.id}", status_code=303)


def _run(request: Request) -> batches.Run | None:
    return context(request).batches.get(request.path_params["run_id"])


async def progress(request: Request) -> Response:
    """Show a run: a progress bar that refreshes itself until done, then the files and the summary."""
    run = _run(request)
    if run is None:
        return HTMLResponse("Not found", status_code=404)
    ctx, labels = context(request), staff_labels(request)
    counted = labels("batch_progress", done=run.done, total=run.total or "…")
    parts = [f'<p class="lead">{escape(run.label)}</p>']
    if run.state == "running":
        parts.append(f'<p role="status">{escape(labels("batch_running"))} {escape(counted)}</p>'
                     f'<progress max="{max(run.total, 1)}" value="{run.done}" aria-label="{escape(counted)}"></progress>'
                     f'<p class="hint">{escape(labels("batch_refresh"))}</p>')
    else:
        done = labels("batch_done") if run.state == "done" else labels("batch_failed")
        parts.append(f'<p role="status"><strong>{escape(done)}</strong> {escape(counted)}</p>'
                     f'<progress max="{max(run.total, 1)}" value="{run.done}" aria-label="{escape(counted)}"></progress>')
    parts += _summary(run, labels)
    if run.state != "running":
        parts.append(f'<p><a href="/batch">{escape(labels("batch_new"))}</a></p>')
    html = pages.shell(labels, labels("batch_title"), "".join(parts), "/batch", ctx.staff_languages,
                       refresh_s=REFRESH_S if run.state == "running" else None)
    return HTMLResponse(html)


def _summary(run: batches.Run, labels) -> list[str]:
    parts = []
    files = run.downloads()
    if files:
        items = "".join(f'<li><a href="/batch/{run.id}/files/{escape(row["file"])}" download>{escape(row["file"])}</a> '
                        f'— {escape(labels("batch_load", sheets=row["sheets"], what=row["what"].split(" ", 1)[1]))}</li>'
                        for row in files)
        parts.append(f'<h2>{escape(labels("batch_downloads"))}</h2><ul class="files">{items}</ul>')
    if run.rows:
        rows, printed, bad = run.rows
        parts.append(f'<p>{escape(labels("batch_rows", rows=rows, printed=printed, bad=bad))}</p>')
    if run.problems:
        items = "".join(f"<li>{escape(_problem_text(labels, p))}</li>" for p in run.problems)
        parts.append(f'<h2>{escape(labels("batch_problems"))}</h2><ul class="problems">{items}</ul>')
    return parts


def _problem_text(labels, problem: tuple[int | None, str | None, str]) -> str:
    line, column, message = problem
    if line is not None and column:
        return labels("batch_row_problem", line=line, column=column, message=message)
    return f"line {line}: {message}" if line is not None else message


async def status(request: Request) -> Response:
    """Return a run's progress as JSON (state, done, total, print file names)."""
    run = _run(request)
    if run is None:
        return JSONResponse({"state": "unknown"}, status_code=404)
    return JSONResponse(run.status())


async def download(request: Request) -> Response:
    """Send one of a finished run's print files (only those: no other path can be named)."""
    run = _run(request)
    path = batches.download_path(run, request.path_params["name"]) if run else None
    if path is None or not path.is_file():
        return HTMLResponse("Not found", status_code=404)
    return FileResponse(path, media_type="application/pdf", filename=path.name)
