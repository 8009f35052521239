"""The counter page: one form, a live preview of front and back, Print and Print on sheet.

Handlers stay thin: ``cardform`` reads and checks the form and renders the card in memory;
here the answer is chosen (the page with errors next to their fields, the preview as JSON
for ``counter.js``, or the PDF). Nothing is written to disk.
"""

from __future__ import annotations

import base64
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from careprint import build
from careprint.web.app import cardform, pages
from careprint.web.app.context import Context, context, staff_labels
from careprint.web.app.labels import Labels


async def page(request: Request) -> Response:
    """Show the empty form, with the preview of a blank card in the first language."""
    ctx = context(request)
    checked, job, personal = cardform.read({"lang": "en"}, ctx.project)
    return _page(request, ctx, checked, cardform.render(ctx.project, ctx.clinic, checked, job, personal))


async def submit(request: Request) -> Response:
    """Print (the card PDF), Print on sheet (the card at its position on the stock), or Preview (the page)."""
    ctx = context(request)
    async with request.form(max_files=0, max_fields=20) as form:
        action = str(form.get("action") or "preview")
        checked, job, personal = cardform.read(form, ctx.project)
    if job is not None and action == "sheet" and job.stock is None:
        checked.errors["stock"] = ("error_position_stock", {})
    if not checked.ok:
        return _page(request, ctx, checked, None, status=422)
    one_card = build.CardJob(job.handout, job.lang)
    pdf = cardform.render(ctx.project, ctx.clinic, checked, one_card, personal)
    if pdf is None or action == "preview":
        return _page(request, ctx, checked, pdf, status=200 if pdf else 422)
    if action == "sheet":
        pdf = cardform.render(ctx.project, ctx.clinic, checked, job, personal)
        if pdf is None:
            return _page(request, ctx, checked, None, status=422)
    name = one_card.filename if action != "sheet" else job.filename  # content ids only, never the patient's name
    return Response(pdf, media_type="application/pdf", headers={"content-disposition": f'inline; filename="{name}"'})


async def preview(request: Request) -> Response:
    """Return the preview images (PNG data URLs) and the field errors as JSON, for counter.js."""
    ctx = context(request)
    labels = staff_labels(request)
    async with request.form(max_files=0, max_fields=20) as form:
        checked, job, personal = cardform.read(form, ctx.project)
    pdf = None
    if job is not None:
        pdf = cardform.render(ctx.project, ctx.clinic, checked, build.CardJob(job.handout, job.lang), personal)
    answer: dict = {"errors": {name: _message(labels, name, checked.errors[name]) for name in checked.errors},
                    "general": checked.general}
    if pdf is not None:
        front, back = cardform.preview(pdf)
        answer.update(front=_data_url(front), back=_data_url(back))
    return JSONResponse(answer)


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _message(labels: Labels, name: str, error: tuple[str, dict]) -> str:
    """Return a field's error in words: the field's label, then what is wrong (no value)."""
    key, values = error
    label = labels(f"field_{name}")
    return f"{label}: {values['message']}" if not key else f"{label} {labels(key, **values)}"


def _page(request: Request, ctx: Context, checked: cardform.CardForm, pdf: bytes | None, status: int = 200) -> Response:
    labels = staff_labels(request)
    raw = checked.raw
    errors = {name: _message(labels, name, checked.errors[name]) for name in checked.errors}
    body = [f'<p class="lead">{escape(labels("counter_lead"))}</p>']
    if errors or checked.general:
        items = "".join(f'<li><a href="#{name}">{escape(text)}</a></li>' for name, text in errors.items())
        if checked.general:
            items += f"<li>{escape(labels('error_card'))} {escape(checked.general)}</li>"
        body.append(f'<div class="error-summary" role="alert" tabindex="-1"><h2>{escape(labels("errors_title"))}</h2>'
                    f"<ul>{items}</ul></div>")
    body.append(_form(ctx, labels, raw, errors))
    body.append(_preview(labels, pdf))
    html = pages.shell(labels, labels("counter_title"), "\n".join(body), "/", ctx.staff_languages, script="counter.js")
    return HTMLResponse(html, status_code=status)


def _form(ctx: Context, labels: Labels, raw: dict[str, str], errors: dict[str, str]) -> str:
    langs = [(code, ctx.project.locale(code)) for code in ctx.project.languages(cardform.CARD_ID)]
    options = "".join(f'<option value="{code}" lang="{escape(loc.tag)}"{" selected" if raw["lang"] == code else ""}>'
                      f"{escape(loc.native_name)}</option>" for code, loc in langs)
    forms = "".join(
        f'<div class="choice"><input type="radio" id="form-{value or "none"}" name="form" value="{value}"'
        f'{" checked" if raw["form"] == value else ""}><label for="form-{value or "none"}">{escape(labels(key))}</label></div>'
        for value, key in (("", "form_none"), ("pill", "form_pill"), ("injection", "form_injection")))
    stocks = f'<option value="">{escape(labels("stock_none"))}</option>' + "".join(
        f'<option value="{s}"{" selected" if raw["stock"] == s else ""}>{escape(build.stock(ctx.project.root, s).name)}'
        f" ({escape(s)})</option>" for s in build.stock_ids(ctx.project.root))
    most = max(build.stock(ctx.project.root, s).positions for s in build.stock_ids(ctx.project.root))
    form_error = _error("form", errors)
    return (
        f'<form method="post" action="/" id="card-form" novalidate>{pages.hidden_csrf(ctx.csrf_token)}\n'
        + _field(labels, "lang", errors, f'<select id="lang" name="lang"{_described("lang", errors, hint=True)}>'
                 f"{options}</select>", hint=labels("field_lang_hint"))
        + _input(labels, "name", raw, errors, "text", 'autocomplete="off" spellcheck="false"')
        + f'<fieldset class="field{" invalid" if "form" in errors else ""}" id="form"{_described("form", errors)}>'
          f'<legend>{escape(labels("field_form"))}</legend>{form_error}<div class="choices">{forms}</div></fieldset>\n'
        + '<div class="pair">'
        + _input(labels, "last_dose", raw, errors, "date", 'autocomplete="off"')
        + _input(labels, "next_due", raw, errors, "date", 'autocomplete="off"') + "</div>"
        + _input(labels, "phone", raw, errors, "tel", 'autocomplete="off"', hint=labels("field_phone_hint"))
        + _input(labels, "contact", raw, errors, "text", 'autocomplete="off"')
        + f'<fieldset class="sheet"><legend>{escape(labels("sheet_legend"))}</legend>'
        + _field(labels, "stock", errors, f'<select id="stock" name="stock"{_described("stock", errors)}>{stocks}</select>')
        + _input(labels, "position", raw, errors, "number", f'min="1" max="{most}" inputmode="numeric"',
                 hint=labels("field_position_hint", count=most))
        + "</fieldset>\n"
        + f'<p class="hint">{escape(labels("print_hint"))}</p><div class="buttons">'
        f'<button type="submit" name="action" value="print" class="primary">{escape(labels("button_print"))}</button>'
        f'<button type="submit" name="action" value="sheet">{escape(labels("button_print_sheet"))}</button>'
        f'<button type="submit" name="action" value="preview" class="secondary" id="preview-button">'
        f'{escape(labels("button_preview"))}</button></div>\n</form>'
    )


def _input(labels: Labels, name: str, raw: dict[str, str], errors: dict[str, str], kind: str, extra: str = "",
           hint: str | None = None) -> str:
    control = (f'<input type="{kind}" id="{name}" name="{name}" value="{escape(raw[name])}" {extra}'
               f'{_described(name, errors, hint=hint is not None)}>')
    return _field(labels, name, errors, control, hint)


def _field(labels: Labels, name: str, errors: dict[str, str], control: str, hint: str | None = None) -> str:
    hint_html = f'<p class="hint" id="{name}-hint">{escape(hint)}</p>' if hint else ""
    return (f'<div class="field{" invalid" if name in errors else ""}" data-field="{name}">'
            f'<label for="{name}">{escape(labels(f"field_{name}"))}</label>{hint_html}{_error(name, errors)}{control}</div>\n')


def _error(name: str, errors: dict[str, str]) -> str:
    return f'<p class="error" id="{name}-error">{escape(errors[name])}</p>' if name in errors else \
        f'<p class="error" id="{name}-error" hidden></p>'


def _described(name: str, errors: dict[str, str], hint: bool = False) -> str:
    ids = ([f"{name}-hint"] if hint else []) + [f"{name}-error"]
    invalid = ' aria-invalid="true"' if name in errors else ""
    return f' aria-describedby="{" ".join(ids)}"{invalid}'


def _preview(labels: Labels, pdf: bytes | None) -> str:
    front = back = ""
    if pdf is not None:
        front_png, back_png = cardform.preview(pdf)
        front, back = _data_url(front_png), _data_url(back_png)
    images = "".join(f'<figure><img id="preview-{side}" src="{src}" alt="{escape(labels(f"preview_{side}"))}"'
                     f'{" hidden" if not src else ""}><figcaption>{escape(labels(f"preview_{side}"))}</figcaption></figure>'
                     for side, src in (("front", front), ("back", back)))
    return (f'<section class="preview" aria-labelledby="preview-title"><h2 id="preview-title">'
            f'{escape(labels("preview_title"))}</h2><div class="cards" aria-live="polite">{images}</div></section>')

