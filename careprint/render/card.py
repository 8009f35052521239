"""Wallet card: ISO/IEC 7810 ID-1, 85.60 × 53.98 mm, front and back.

The front is for the patient and anyone who finds them: who they are, the
form of naltrexone, write-in (or filled-in) lines, and the overdose cue
(naloxone and the emergency number). The back is for emergency clinicians:
what the naltrexone label says about pain relief, opioid doses and overdose,
the clinic's phone when the settings have one, one QR code that opens the
clinicians' page, and the content version and date.

Panels are laid out relative to the card's size, so the same design fits
3.5 × 2 in business-card stock. Nothing but the title band comes within the
3 mm safe zone of the trim. The band bleeds when there is room to (a bleed
box, the gutter of plain stock) and otherwise stops inside the trim, so
misregistration on abutting stock never shows it on the next card. Every text
is fitted to its panel: it shrinks down to the layout's minimum (8 pt) and
past that is a FitError naming the language, key, panel and shortfall, never
clipped. The QR code keeps its 4-module quiet zone free of ink, and its
modules at least 0.5 mm (a longer base URL is an error).
"""

from __future__ import annotations

import datetime as dt

from reportlab.pdfgen.canvas import Canvas

from careprint.content.layouts import MM, CardLayout
from careprint.content.model import Document, Text
from careprint.errors import ContentError, Where
from careprint.render import pdfmeta, qr
from careprint.render.cardfront import DESCENT_PT, FrontFace, Personal, _band, _band_title
from careprint.render.cardfront import FORMS as FORMS  # callers name it card.FORMS
from careprint.render.cardtext import WRAP_SLACK_PT, Fitter, fit_around, stack
from careprint.text.fonts import FontSet
from careprint.text.markup import Span


def content_date(doc: Document) -> dt.date:
    """Return the date of the card's content, printed beside its version."""
    return doc.updated


def draw_front(canvas: Canvas, doc: Document, layout: CardLayout, fonts: FontSet, w: float, h: float,
               personal: Personal | None = None, bleed_pt: float = 0.0) -> None:
    """Draw the front face in the rectangle (0, 0, w, h); colour runs bleed_pt past the trim."""
    face = FrontFace(doc, layout, fonts, w, h, bleed_pt)
    face.draw_static(canvas)
    face.draw_values(canvas, personal)


def draw_back(canvas: Canvas, doc: Document, layout: CardLayout, fonts: FontSet, w: float, h: float,
              bleed_pt: float = 0.0) -> None:
    """Draw the back face in the rectangle (0, 0, w, h); colour runs bleed_pt past the trim."""
    fit, s, c, t = Fitter(doc, layout, fonts), layout.safe_pt, layout.colors, layout.type_pt
    column, column_bottom = _qr_column(canvas, fit, doc, layout, w, h)
    text_w = w - column - 1 * MM - s  # the quiet zone is the gap: ink may start right at its edge
    text_x = fit.x(s, text_w, w)
    band_right = w - column - 1 * MM
    _band(canvas, layout, fit.x(0, band_right, w), fit.x(0, band_right, w) + band_right, h, bleed_pt,
          not fit.rtl, fit.rtl)
    _band_title(canvas, fit, layout, doc.strings["back.title"], text_x, text_w, h, "back title band")
    bottom = s
    footer = [doc.locale.draft_notice()] if doc.is_draft else []  # the clinic's phone is on the front
    if footer:  # across the card, under the QR column
        paras, need = fit.fit(footer, (w - 2 * s, column_bottom - s - DESCENT_PT - 1 * MM), layout.min_pt, layout.min_pt,
                              c["rule"], "back footer")
        stack(canvas, paras, s, s + DESCENT_PT + need, w - 2 * s)
        bottom = s + DESCENT_PT + need + 0.8 * MM
    body = [doc.strings[k] for k in ("back.pain", "back.opioids", "back.risk")]
    top = h - layout.band_pt - 1.0 * MM
    # Beside the QR column, then across the card below it.
    regions = ((text_x, text_w, column_bottom - 1 * MM), (s, w - 2 * s, bottom))
    for para, x, y, width in fit_around(fit, body, top, regions, t["key"], layout.key_min_pt, c["text"]):
        para.wrap(width - WRAP_SLACK_PT, h)
        para.drawOn(canvas, x, y)


def _qr_column(canvas, fit: Fitter, doc: Document, layout: CardLayout, w: float, h: float) -> tuple[float, float]:
    """Draw the clinicians' code, its caption and the content version down the right edge (left for RTL).

    Return the column's width from the face's edge to its inner side (quiet zone included) and the y of its bottom.
    """
    s = layout.safe_pt
    code = doc.codes[0]
    symbol = layout.qr_symbol_pt
    _check_qr_room(doc, layout, code.url)
    quiet = qr.quiet_pt(code.url, symbol)
    # The symbol keeps to the safe zone; its quiet zone may lie in the safe margin, as it only needs to be blank.
    x = fit.x(w - s - symbol, symbol, w)
    top = h - s
    qr.render(canvas, code.url, x - quiet, top - symbol - quiet, symbol)
    column = s + symbol + quiet
    caption_w = symbol + quiet  # from the quiet zone's inner edge to the safe line
    caption_x = fit.x(w - s - caption_w, caption_w, w)
    below = top - symbol - quiet  # captions start below the quiet zone, never inside it
    paras, need = fit.fit([code.caption], (caption_w, 7 * MM), layout.type_pt["body"], layout.min_pt,
                          layout.colors["text"], "back QR caption", bold=True, centre=True)
    below = stack(canvas, paras, caption_x, below, caption_w) - 0.6 * MM
    small = layout.type_pt["small"]
    for text in _version_lines(doc):  # set one under the other, as one paragraph's two lines would be
        paras, _ = fit.fit([text], (caption_w, 3 * MM), small, small, layout.colors["rule"], "back version line",
                           centre=True)
        below = stack(canvas, paras, caption_x, below, caption_w)
    return column, below


def _version_lines(doc: Document) -> tuple[Text, Text]:
    """Return "Version 1.1" and "2026-11-30": which content a card carries, so an outdated one is recognised.

    Two lines, always: on one line of right-to-left text the date came between the label and the
    version, and a separator between them landed beside the label ("۱.۱ · نسخهٔ"). The date is in the
    locale's digits.
    """
    version = doc.locale.labels["version"](version=doc.version)
    return version, Text((Span(doc.locale.number(content_date(doc).isoformat())),), version.where)


def _check_qr_room(doc: Document, layout: CardLayout, url: str) -> None:
    """Refuse a URL whose code would need modules under the card minimum; say how long base_url may be."""
    min_module_pt = qr.CARD_MIN_MODULE_MM * MM
    if qr.modules(url) * min_module_pt <= layout.qr_symbol_pt + 1e-6:
        return
    base = doc.clinic.base_url
    suffix_bytes = len(url.encode()) - len(base.encode())
    longest = qr.max_payload_bytes(int(layout.qr_symbol_pt / min_module_pt + 1e-6)) - suffix_bytes
    where = doc.clinic.base_url_where or Where(None, None, "base_url")
    raise ContentError(f"{len(base)} characters is too long for a card QR code with modules of at least "
                       f"{qr.CARD_MIN_MODULE_MM:g} mm; the longest that fits is {longest} characters",
                       Where(where.path, where.line, "base_url", doc.lang))


def card_fonts(doc: Document) -> FontSet:
    """Return the font set for a card in the document's language."""
    return FontSet(doc.locale.fonts, doc.lang, doc.all_text())


def set_metadata(canvas: Canvas, doc: Document, stock_name: str = "ID-1") -> None:
    """Set title, subject and keywords: content identifiers only, never personal values."""
    canvas.setTitle(doc.title.plain)
    canvas.setSubject(f"Wallet card ({stock_name})")
    canvas.setAuthor(doc.clinic.name or "careprint")
    canvas.setCreator("careprint")
    canvas.setKeywords([doc.id, f"version {doc.version}", doc.lang])
    pdfmeta.stamp(canvas, doc.updated)


def render(out, doc: Document, layout: CardLayout, personal: Personal | None = None, *,
           guides: bool = False, bleed_mm: float = 0.0) -> None:
    """Draw a one-card PDF: page 1 the front, page 2 the back, each the card's size (plus bleed)."""
    w, h, bleed = layout.width_pt, layout.height_pt, bleed_mm * MM
    canvas = Canvas(out, pagesize=(w + 2 * bleed, h + 2 * bleed), lang=doc.locale.tag, pageCompression=1,
                    **pdfmeta.canvas_options())
    set_metadata(canvas, doc)
    canvas.setViewerPreference("PrintScaling", "None")
    # A landscape card turned over like a book page turns on its short edge.
    canvas.setViewerPreference("Duplex", "DuplexFlipShortEdge")
    canvas.setTrimBox((bleed, bleed, bleed + w, bleed + h))
    if bleed:
        canvas.setBleedBox((0, 0, w + 2 * bleed, h + 2 * bleed))
    fonts = card_fonts(doc)
    for draw in (lambda: draw_front(canvas, doc, layout, fonts, w, h, personal, bleed),
                 lambda: draw_back(canvas, doc, layout, fonts, w, h, bleed)):
        canvas.saveState()
        canvas.translate(bleed, bleed)
        draw()
        if guides:
            canvas.setStrokeColor(layout.colors["guide"])
            canvas.setLineWidth(0.3)
            canvas.roundRect(0, 0, w, h, layout.corner_pt, stroke=1, fill=0)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
