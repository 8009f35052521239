"""Wallet card: ISO/IEC 7810 ID-1, 85.60 × 53.98 mm, front and back.

The front is for the patient and anyone who finds them: who they are, the
form of naltrexone, write-in (or filled-in) lines and the emergency number.
The back is for emergency staff: opioid pain medicine may not work, high
overdose risk, the overdose steps, and two QR codes with captions.

Panels are laid out relative to the card's size, so the same design fits
3.5 × 2 in business-card stock. Every text is fitted to its panel: it shrinks
down to the layout's minimum (8 pt for key lines, 6.5 pt for the rest) and past
that is a FitError naming the language, key, panel and shortfall, never clipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from careprint import values
from careprint.errors import FitError, GlyphError, Where
from careprint.layouts import MM, CardLayout
from careprint.model import Document, Text
from careprint.render import pdfmeta, qr
from careprint.render.text import TextMaker, overflow
from careprint.text import bidi
from careprint.text.fonts import INVISIBLE, FontSet
from careprint.text.markup import Span

FORMS = ("pill", "injection")
FIELD_KEYS = ("front.name", "front.last_dose", "front.phone", "front.contact")


@dataclass(frozen=True)
class Personal:
    """Values typed at the counter. They go into page content only."""

    name: str = ""
    form: str | None = None  # "pill" or "injection"
    last_dose: dt.date | None = None
    phone: str = ""
    contact: str = ""


class _Fitter:
    """Fit texts into rectangles, shrinking type down to a minimum."""

    def __init__(self, doc: Document, layout: CardLayout, fonts: FontSet):
        self.doc, self.layout, self.fonts = doc, layout, fonts
        self.maker = TextMaker(fonts, doc.locale)
        self.rtl = self.maker.rtl

    def paragraphs(self, texts: list[Text], size_pt: float, color, bold=False, centre=False) -> list[Flowable]:
        # A word never breaks inside (except in CJK): one too wide for its panel makes the type smaller.
        style = self.maker.style("card", fontSize=size_pt, leading=size_pt * 1.15, textColor=color,
                                 spaceAfter=size_pt * 0.3, splitLongWords=int(self.maker.cjk),
                                 **({"alignment": TA_CENTER} if centre else {}))
        return [self.maker.paragraph(t, style, bold) for t in texts]

    def x(self, x: float, width: float, w: float) -> float:
        """Mirror a box's left x across a face of width w for right-to-left locales."""
        return w - x - width if self.rtl else x

    def fit(self, texts, box, start_pt, min_pt, color, panel, bold=False, centre=False) -> tuple[list[Flowable], float]:
        """Return paragraphs fitted into box=(width, height) and their height, or raise FitError."""
        width, height = box
        size = start_pt
        while True:
            paras = self.paragraphs(texts, size, color, bold, centre)
            need = sum(p.wrap(width, height)[1] for p in paras) + sum(p.getSpaceAfter() for p in paras[:-1])
            over = next(filter(None, (overflow(p, width) for p in paras)), None)
            if need <= height + 0.01 and over is None:
                return paras, need
            if size - 0.25 < min_pt - 1e-9:
                if need > height:
                    shortfall = (f"needs {need / MM:.1f} mm of height, has {height / MM:.1f} mm "
                                 f"({(need / height - 1) * 100:.0f}% too long)")
                else:
                    shortfall = over.describe(width)
                raise FitError(
                    f"does not fit the {panel} panel even at {min_pt:g} pt: {shortfall}; shorten the text",
                    texts[0].where.at(key=", ".join(t.where.key for t in texts)),
                )
            size -= 0.25


def _stack(canvas: Canvas, paras: list[Flowable], x: float, top: float, width: float) -> float:
    """Draw paragraphs downward from top; return the y below the last."""
    y = top
    for i, para in enumerate(paras):
        _, h = para.wrap(width, top)
        y -= h
        para.drawOn(canvas, x, y)
        if i < len(paras) - 1:
            y -= para.getSpaceAfter()
    return y


def draw_front(canvas: Canvas, doc: Document, layout: CardLayout, fonts: FontSet, w: float, h: float,
               personal: Personal | None = None, bleed_pt: float = 0.0) -> None:
    """Draw the front face in the rectangle (0, 0, w, h); colour runs bleed_pt past the trim."""
    fit, s, c, t = _Fitter(doc, layout, fonts), layout.safe_pt, layout.colors, layout.type_pt
    texts = doc.strings
    _band(canvas, layout, -bleed_pt, h - layout.band_pt, w + 2 * bleed_pt, layout.band_pt + bleed_pt)
    paras, need = fit.fit([texts["front.title"]], (w - 2 * s, layout.band_pt - 2 * MM), t["title"], layout.key_min_pt,
                          c["band_text"], "front title band", bold=True)
    _stack(canvas, paras, s, h - (layout.band_pt - need) / 2, w - 2 * s)

    emergency = doc.locale.labels["emergency_call"](number=doc.clinic.emergency_number)
    paras, need = fit.fit([emergency], (w - 2 * s, 5 * MM), t["key"], layout.key_min_pt, c["band"],
                          "front emergency line", bold=True)
    _stack(canvas, paras, s, s + need, w - 2 * s)
    bottom = s + need + 1.5 * MM

    top = h - layout.band_pt - 1.8 * MM
    top = _forms(canvas, fit, layout, texts, s, top, w - 2 * s, personal)
    _fields(canvas, fit, layout, doc, s, top - 1 * MM, bottom, w - 2 * s, personal)


def _band(canvas: Canvas, layout: CardLayout, x: float, y: float, w: float, h: float) -> None:
    canvas.setFillColor(layout.colors["band"])
    canvas.rect(x, y, w, h, stroke=0, fill=1)


def _forms(canvas, fit: _Fitter, layout: CardLayout, texts, x: float, top: float, width: float, personal) -> float:
    """Draw the two tick boxes (pill, injection); return the y below them."""
    box = 3.2 * MM
    cell = width / 2
    labels = [texts["front.form_pill"], texts["front.form_injection"]]
    rows = [fit.fit([label], (cell - box - 1.5 * MM, 7 * MM), layout.type_pt["body"], layout.min_pt,
                    layout.colors["text"], "front form box") for label in labels]
    row_h = max(max(need for _, need in rows), box)
    canvas.setStrokeColor(layout.colors["text"])
    canvas.setLineWidth(0.8)
    face_w = width + 2 * x
    for i, (paras, need) in enumerate(rows):
        bx = fit.x(x + i * cell, box, face_w)
        by = top - (row_h + box) / 2
        canvas.rect(bx, by, box, box, stroke=1, fill=0)
        if personal and personal.form == FORMS[i]:
            _tick(canvas, bx, by, box)
        label_w = cell - box - 1.5 * MM
        label_x = fit.x(x + i * cell + box + 1.2 * MM, label_w, face_w)
        _stack(canvas, paras, label_x, top - (row_h - need) / 2, label_w)
    return top - row_h


def _tick(canvas: Canvas, x: float, y: float, size: float) -> None:
    """Draw a check mark inside a box (lines, so no glyph is needed)."""
    canvas.saveState()
    canvas.setLineWidth(1.3)
    path = canvas.beginPath()
    path.moveTo(x + size * 0.18, y + size * 0.52)
    path.lineTo(x + size * 0.42, y + size * 0.22)
    path.lineTo(x + size * 0.85, y + size * 0.85)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _fields(canvas, fit: _Fitter, layout: CardLayout, doc: Document, x: float, top: float, bottom: float,
            width: float, personal: Personal | None) -> None:
    """Draw the four write-in lines in a 2 × 2 grid, with values when personalised."""
    gap = 3 * MM
    cell_w, cell_h = (width - gap) / 2, (top - bottom) / 2
    values = _personal_values(doc, personal)
    for i, key in enumerate(FIELD_KEYS):
        cx, cy_top = fit.x(x + (i % 2) * (cell_w + gap), cell_w, width + 2 * x), top - (i // 2) * cell_h
        paras, need = fit.fit([doc.strings[key]], (cell_w, cell_h * 0.45), layout.type_pt["body"] - 0.5, layout.min_pt,
                              layout.colors["text"], "front write-in label")
        _stack(canvas, paras, cx, cy_top, cell_w)
        line_y = cy_top - cell_h + 1.2 * MM
        canvas.setStrokeColor(layout.colors["rule"])
        canvas.setLineWidth(0.5)
        canvas.line(cx, line_y, cx + cell_w, line_y)
        if values.get(key):
            _personal_text(canvas, fit, layout, values[key], key, cx, line_y + 1 * MM, cell_w, cy_top - need - line_y - 1 * MM)


def _personal_values(doc: Document, personal: Personal | None) -> dict[str, str]:
    if personal is None:
        return {}
    date = doc.locale.format_date(personal.last_dose) if personal.last_dose else ""
    return {"front.name": personal.name, "front.last_dose": date, "front.phone": personal.phone,
            "front.contact": personal.contact}


def _personal_text(canvas, fit: _Fitter, layout: CardLayout, value: str, key: str, x, baseline, width, room) -> None:
    """Draw a typed value on its line; never echo the value in an error."""
    field = "--" + key.split(".")[1].replace("_", "-")
    where = Where(None, None, field, fit.doc.lang)
    value = _checked_value(fit.fonts, value, where)
    text = Text((Span(bidi.isolate_value(value) if fit.rtl else value),), where)
    try:
        paras, _ = fit.fit([text], (width, max(room, layout.min_pt * 1.2)), layout.type_pt["personal"],
                           layout.min_pt, layout.colors["text"], "write-in line")
    except FitError:
        raise FitError(f"the value is too long for its line on the card even at {layout.min_pt:g} pt", where) from None
    paras[0].wrap(width, room)
    paras[0].drawOn(canvas, x, baseline)


def _checked_value(fonts: FontSet, value: str, where: Where) -> str:
    """Return the value as it prints, or raise GlyphError naming the field and a character's code (never the value)."""
    problem = values.problem(value)
    if problem:
        raise GlyphError(f"this value holds {problem}", where)
    value = values.plain_spaces(value, lambda ch: fonts.family_for(ch) is not None)
    try:
        fonts.check(value, where)
    except GlyphError:
        bad = next(ch for ch in value if ch not in INVISIBLE and fonts.family_for(ch) is None)
        raise GlyphError(f"a character (U+{ord(bad):04X}) in this value is not covered by the fonts for this "
                         f"language ({', '.join(fonts.names)})", where) from None
    return value


def draw_back(canvas: Canvas, doc: Document, layout: CardLayout, fonts: FontSet, w: float, h: float,
              bleed_pt: float = 0.0) -> None:
    """Draw the back face in the rectangle (0, 0, w, h); colour runs bleed_pt past the trim."""
    fit, s, c, t = _Fitter(doc, layout, fonts), layout.safe_pt, layout.colors, layout.type_pt
    column = _qr_column(canvas, fit, doc, layout, w, h)
    text_w = column - 2.5 * MM - s
    text_x = fit.x(s, text_w, w)
    band_w = column - 1.5 * MM + bleed_pt
    _band(canvas, layout, fit.x(-bleed_pt, band_w, w), h - layout.band_pt, band_w, layout.band_pt + bleed_pt)
    paras, need = fit.fit([doc.strings["back.title"]], (text_w, layout.band_pt - 2 * MM), t["title"], layout.key_min_pt,
                          c["band_text"], "back title band", bold=True)
    _stack(canvas, paras, text_x, h - (layout.band_pt - need) / 2, text_w)
    bottom = s
    if doc.is_draft:
        notice = doc.locale.draft_notice()
        paras, need = fit.fit([notice], (text_w, 6 * MM), layout.min_pt, layout.min_pt, c["rule"], "back draft notice")
        _stack(canvas, paras, text_x, s + need, text_w)
        bottom = s + need + 1 * MM
    body = [doc.strings[k] for k in ("back.pain", "back.risk", "back.overdose")]
    top = h - layout.band_pt - 1.5 * MM
    paras, _ = fit.fit(body, (text_w, top - bottom), t["key"], layout.key_min_pt, c["text"], "back text")
    _stack(canvas, paras, text_x, top, text_w)


def _qr_column(canvas, fit: _Fitter, doc: Document, layout: CardLayout, w: float, h: float) -> float:
    """Draw the emergency and information codes down the right edge (left for RTL); return the column's width."""
    symbol = layout.qr_symbol_pt
    codes = sorted(doc.codes, key=lambda code: code.role != "emergency")  # emergency first, at the top
    x = fit.x(w - layout.safe_pt - symbol, symbol, w)
    top = h - layout.safe_pt
    for code in codes:
        modules, _ = qr.matrix_rects(code.url)
        quiet = qr.QUIET_ZONE_MODULES * symbol / modules
        caption_w = symbol + 2 * quiet
        # The quiet zone may lie in the safe margin: it only needs to be blank.
        qr.render(canvas, code.url, x - quiet, top - symbol - quiet, symbol)
        paras, need = fit.fit([code.caption], (caption_w, 5.5 * MM), layout.type_pt["body"] - 0.5, layout.min_pt,
                              layout.colors["text"], "back QR caption", bold=True, centre=True)  # centred under the code
        _stack(canvas, paras, x - quiet, top - symbol - 0.4 * MM, caption_w)
        top -= symbol + need + 1.5 * quiet
    return w - layout.safe_pt - symbol - quiet


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
