"""The counter form: read its fields, check them with the engine's rules, render the card in memory.

Every problem is reported against its field, in words, and never repeats the value: a value
too long for the card says by about how many characters; a character that cannot print says
its code (``careprint.content.values``, the card's GlyphError); a date says what is expected.
Nothing here touches the disk: the PDF and the preview images are bytes in memory.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pypdfium2

from careprint import build
from careprint.content import values
from careprint.content.project import Project
from careprint.errors import CareprintError, FitError, GlyphError
from careprint.render import card

CARD_ID = "naltrexone-card"
TEXT_FIELDS = ("name", "phone", "contact")
DATE_FIELDS = ("last_dose", "next_due")
FIELDS = ("lang", "name", "form", "last_dose", "next_due", "phone", "contact", "stock", "position")
MAX_FIELD_CHARS = 200  # far more than a card's line holds; past it, no rendering is tried
PREVIEW_SCALE = 2.0  # 144 dpi: a card about 480 px wide, sharp enough to read every line
ENGINE_FIELDS = {"--name": "name", "--phone": "phone", "--contact": "contact", "--last-dose": "last_dose",
                 "--next-due": "next_due"}


@dataclass
class CardForm:
    """A counter form as typed (strings), and what was wrong with it, by field (label key, values)."""

    raw: dict[str, str]
    errors: dict[str, tuple[str, dict]] = field(default_factory=dict)
    general: str | None = None  # a problem of the content, not of a field (engine text, no patient value)

    @property
    def ok(self) -> bool:
        return not self.errors and self.general is None


def read(form, project: Project) -> tuple[CardForm, build.CardJob | None, card.Personal | None]:
    """Read and check the form; return it with the card job and personal values, or with its errors."""
    raw = {name: str(form.get(name) or "") for name in FIELDS}
    checked = CardForm(raw)
    e = checked.errors
    langs = project.languages(CARD_ID)
    lang = raw["lang"] if raw["lang"] in langs else None
    if lang is None:
        e["lang"] = ("error_lang", {})
    for name in TEXT_FIELDS:
        if len(raw[name]) > MAX_FIELD_CHARS:
            e[name] = ("error_too_long", {"count": len(raw[name]), "limit": MAX_FIELD_CHARS})
        elif problem := values.problem(raw[name]):
            e[name] = ("", {"message": f"holds {problem}"})
    dates = {name: _date(raw[name], name, e) for name in DATE_FIELDS}
    if raw["form"] not in ("", *card.FORMS):
        e["form"] = ("error_form", {})
    stock, position = _placement(raw, project, e)
    if e or lang is None:
        return checked, None, None
    personal = card.Personal(raw["name"].strip(), raw["form"] or None, dates["last_dose"], raw["phone"].strip(),
                             raw["contact"].strip(), dates["next_due"])
    return checked, build.CardJob(CARD_ID, lang, stock, "long", position), personal


def _date(text: str, name: str, errors: dict) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return values.parse_date(text)
    except ValueError as exc:
        if str(exc).startswith("not a plausible"):
            errors[name] = ("error_date_range", {"first": values.FIRST_DATE.isoformat(),
                                                 "last": values.latest_date().isoformat()})
        else:
            errors[name] = ("error_date", {})
        return None


def _placement(raw: dict[str, str], project: Project, errors: dict) -> tuple[str | None, int]:
    """Return the stock and position for a sheet (None and 1 for a card alone)."""
    stock_id = raw["stock"] or None
    if stock_id is not None and stock_id not in build.stock_ids(project.root):
        errors["stock"] = ("error_stock", {})
        return None, 1
    if not raw["position"].strip():
        return stock_id, 1
    positions = build.stock(project.root, stock_id).positions if stock_id else None
    try:
        position = int(raw["position"])
    except ValueError:
        position = 0
    if positions is None:
        errors["position"] = ("error_position_stock", {})
    elif not 1 <= position <= positions:
        errors["position"] = ("error_position", {"count": positions})
    return stock_id, position


def render(project: Project, clinic, checked: CardForm, job: build.CardJob, personal: card.Personal) -> bytes | None:
    """Render the card PDF in memory; on a field's problem record it on the form and return None."""
    try:
        return build.render_card(project, clinic, job, personal)
    except (FitError, GlyphError) as exc:
        name = ENGINE_FIELDS.get(exc.where.key or "")
        if name is None:
            checked.general = str(exc)
        elif isinstance(exc, FitError):
            checked.errors[name] = ("error_too_long_line", {"count": _excess(project, clinic, job, personal, name)})
        else:
            checked.errors[name] = ("", {"message": exc.message})
    except CareprintError as exc:
        checked.general = str(exc)
    return None


def _excess(project: Project, clinic, job: build.CardJob, personal: card.Personal, name: str) -> int:
    """Return how many characters of a field do not fit its line (a binary search over its prefixes)."""
    value = getattr(personal, name)
    fits, too_long = 0, len(value)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        try:
            build.render_card(project, clinic, build.CardJob(job.handout, job.lang), _with(personal, name, value[:middle]))
            fits = middle
        except FitError:
            too_long = middle
    return len(value) - fits


def _with(personal: card.Personal, name: str, value: str) -> card.Personal:
    fields = {k: getattr(personal, k) for k in ("name", "form", "last_dose", "phone", "contact", "next_due")}
    return card.Personal(**{**fields, name: value})


def preview(pdf: bytes) -> tuple[bytes, bytes]:
    """Return PNG images of the card's front and back (pages 1 and 2 of a one-card PDF), made in memory."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in (0, 1):
            bitmap = document[index].render(scale=PREVIEW_SCALE)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, "PNG", optimize=False, compress_level=3)
            images.append(buffer.getvalue())
        return images[0], images[1]
    finally:
        document.close()
