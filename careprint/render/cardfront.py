"""The card front: the title band both faces share, the front's fitted shared text, and one card's values.

FrontFace fits everything every card of a language shares once (title, cue,
tick-box labels, write-in labels and lines); on a sheet of personalised cards
that is drawn once into a form, and each card adds only its own values, which
are checked and fitted here without ever appearing in an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from reportlab.pdfgen.canvas import Canvas

from careprint.content import values
from careprint.content.layouts import MM, CardLayout
from careprint.content.model import Document, Text
from careprint.errors import FitError, GlyphError, Where
from careprint.render.cardtext import Fitter, stack
from careprint.render.text import OverflowNote, overflow_allowed
from careprint.text import bidi
from careprint.text.fonts import INVISIBLE, FontSet
from careprint.text.markup import Span

FORMS = ("pill", "injection")
# Write-in lines, row by row: a name across the card, then two lines side by side.
FIELD_ROWS = (("front.name",), ("front.last_dose", "front.next_due"), ("front.phone", "front.contact"))
FIELD_KEYS = tuple(key for row in FIELD_ROWS for key in row)
MIN_WRITE_MM = 3.5  # room above each line for a value typed at 8 pt or more, or written small by hand
# Arabic and Devanagari glyphs reach further below the baseline than a paragraph's box: text set on the
# bottom safe line keeps this much more room, so no descender enters the safe zone.
DESCENT_PT = 0.8 * MM


@dataclass(frozen=True)
class Personal:
    """Values typed at the counter. They go into page content only."""

    name: str = ""
    form: str | None = None  # "pill" or "injection"
    last_dose: dt.date | None = None
    phone: str = ""
    contact: str = ""
    next_due: dt.date | None = None  # the next monthly shot


def _band(canvas: Canvas, layout: CardLayout, x0: float, x1: float, h: float, bleed_pt: float,
          left_trim: bool, right_trim: bool) -> None:
    """Draw the title band from x0 to x1 at the top of a face of height h.

    Sides on the trim bleed past it by bleed_pt, or, with no bleed, stop
    band_inset_pt inside it (a rounded corner that follows the card's).
    """
    out = bleed_pt if bleed_pt > 0 else -layout.band_inset_pt
    left = x0 - out if left_trim else x0
    right = x1 + out if right_trim else x1
    bottom, top = h - layout.band_pt, h + out
    canvas.setFillColor(layout.colors["band"])
    if bleed_pt > 0:
        canvas.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
    else:
        radius = max(layout.corner_pt - layout.band_inset_pt, 0)
        canvas.roundRect(left, bottom, right - left, top - bottom, radius, stroke=0, fill=1)


def _band_title(canvas, fit: Fitter, layout: CardLayout, text: Text, x: float, width: float, h: float,
                panel: str) -> None:
    """Fit a title into the band and draw it."""
    _fitted_title(fit, layout, text, x, width, h, panel)(canvas)


def _fitted_title(fit: Fitter, layout: CardLayout, text: Text, x: float, width: float, h: float, panel: str):
    """Fit a title into the band, between the safe line at the top and the band's bottom edge; return its drawing."""
    room = layout.band_pt - layout.safe_pt - 0.8 * MM
    paras, need = fit.fit([text], (width, room), layout.type_pt["title"], layout.key_min_pt,
                          layout.colors["band_text"], panel, bold=True)
    return lambda canvas: stack(canvas, paras, x, h - layout.safe_pt - (room - need) / 2, width)


@dataclass(frozen=True)
class _Line:
    """Where a value goes on a write-in line: its left x, baseline, width and the height above it."""

    x: float
    baseline: float
    width: float
    room: float


class FrontFace:
    """A card front laid out for one language and layout: what every card shares, and where its values go.

    All the shared text is fitted here, once, and none of it depends on a card's values (a FitError in
    it is raised here, before anything is drawn). draw_static draws the shared part (on a sheet of
    personalised cards, once into a form XObject); draw_values draws one card's tick and values over it.
    """

    def __init__(self, doc: Document, layout: CardLayout, fonts: FontSet, w: float, h: float, bleed_pt: float = 0.0):
        self.fit, self.doc, self.layout = Fitter(doc, layout, fonts), doc, layout
        fit, s, c, t = self.fit, layout.safe_pt, layout.colors, layout.type_pt
        texts = doc.strings
        self._ops = [partial(_band, layout=layout, x0=0, x1=w, h=h, bleed_pt=bleed_pt, left_trim=True, right_trim=True),
                     _fitted_title(fit, layout, texts["front.title"], s, w - 2 * s, h, "front title band")]
        paras, need = fit.fit([texts["front.cue"]], (w - 2 * s, 7 * MM), t["key"], layout.key_min_pt, c["band"],
                              "front overdose cue", bold=True)
        self._ops.append(partial(stack, paras=paras, x=s, top=s + DESCENT_PT + need, width=w - 2 * s))
        bottom = s + DESCENT_PT + need + 1.0 * MM
        top = self._forms(s, h - layout.band_pt - 1.2 * MM, w - 2 * s)
        self._fields(s, top - 1.0 * MM, bottom, w - 2 * s)

    def draw_static(self, canvas: Canvas) -> None:
        """Draw what every card of this language shares: band, title, cue, boxes, labels and lines."""
        for draw in self._ops:
            draw(canvas)

    def draw_values(self, canvas: Canvas, personal: Personal | None) -> None:
        """Draw one card's tick and values (the clinic's phone on a blank card) over draw_static's face."""
        if personal and personal.form in FORMS:
            _tick(canvas, *self._boxes[FORMS.index(personal.form)], self.layout.colors["text"])
        for key, value in _personal_values(self.doc, personal).items():
            if value:
                line = self._lines[key]
                _personal_text(canvas, self.fit, self.layout, value, key, line.x, line.baseline, line.width, line.room)

    def _forms(self, x: float, top: float, width: float) -> float:
        """Lay out the two tick boxes (pill, injection) and their labels; return the y below them."""
        fit, layout = self.fit, self.layout
        box = 3.2 * MM
        cell = width / 2
        labels = [self.doc.strings["front.form_pill"], self.doc.strings["front.form_injection"]]
        rows = [fit.fit([label], (cell - box - 1.5 * MM, 7 * MM), layout.type_pt["body"], layout.min_pt,
                        layout.colors["text"], "front form box") for label in labels]
        row_h = max(max(need for _, need in rows), box)
        face_w = width + 2 * x
        self._boxes = []  # (x, y, size) of each tick box, in FORMS order
        for i, (paras, need) in enumerate(rows):
            bx = fit.x(x + i * cell, box, face_w)
            self._boxes.append((bx, top - (row_h + box) / 2, box))
            label_w = cell - box - 1.5 * MM
            label_x = fit.x(x + i * cell + box + 1.2 * MM, label_w, face_w)
            self._ops.append(partial(self._draw_box, box=self._boxes[-1], paras=paras, label_x=label_x,
                                     label_top=top - (row_h - need) / 2, label_w=label_w))
        return top - row_h

    def _draw_box(self, canvas: Canvas, box, paras, label_x: float, label_top: float, label_w: float) -> None:
        canvas.setStrokeColor(self.layout.colors["text"])
        canvas.setLineWidth(0.8)
        canvas.rect(*box, box[2], stroke=1, fill=0)
        stack(canvas, paras, label_x, label_top, label_w)

    def _fields(self, x: float, top: float, bottom: float, width: float) -> None:
        """Lay out the write-in lines (FIELD_ROWS) and their labels.

        A label may take two lines; every row then gets the same room to write in.
        """
        fit, layout, doc = self.fit, self.layout, self.doc
        gap = 3 * MM
        rows = []
        for row in FIELD_ROWS:
            cell_w = (width - gap * (len(row) - 1)) / len(row)
            labels = [fit.fit([doc.strings[key]], (cell_w, 7 * MM), layout.type_pt["body"], layout.min_pt,
                              layout.colors["text"], "front write-in label") for key in row]
            rows.append((row, cell_w, labels, max(need for _, need in labels)))
        write_h = (top - bottom - sum(row[3] for row in rows)) / len(rows)
        if write_h < MIN_WRITE_MM * MM:
            keys = [doc.strings[key] for row in FIELD_ROWS for key in row]
            message = (f"do not fit the front write-in panel even at {layout.min_pt:g} pt: {write_h / MM:.1f} mm left "
                       f"to write on each line, needs {MIN_WRITE_MM:g} mm; shorten the labels")
            trace = overflow_allowed()
            if trace is None:
                raise FitError(message, keys[0].where.at(key=", ".join(t.where.key for t in keys)))
            short_pt = (MIN_WRITE_MM * MM - write_h) * len(rows)  # preview: draw the lines anyway, noting the shortfall
            trace.overflows.append(OverflowNote(FIELD_KEYS, message, width, top - bottom, top - bottom + short_pt))
        self._lines: dict[str, _Line] = {}
        cy_top = top
        for row, cell_w, labels, label_h in rows:
            line_y = cy_top - label_h - write_h + 1.0 * MM
            for i, (key, (paras, need)) in enumerate(zip(row, labels, strict=True)):
                cx = fit.x(x + i * (cell_w + gap), cell_w, width + 2 * x)
                self._ops.append(partial(self._draw_label, paras=paras, x=cx, top=cy_top, line_y=line_y, width=cell_w))
                self._lines[key] = _Line(cx, line_y + 0.8 * MM, cell_w, cy_top - need - line_y - 0.8 * MM)
            cy_top -= label_h + write_h

    def _draw_label(self, canvas: Canvas, paras, x: float, top: float, line_y: float, width: float) -> None:
        stack(canvas, paras, x, top, width)
        canvas.setStrokeColor(self.layout.colors["rule"])
        canvas.setLineWidth(0.5)
        canvas.line(x, line_y, x + width, line_y)


def _tick(canvas: Canvas, x: float, y: float, size: float, color) -> None:
    """Draw a check mark inside a box (lines, so no glyph is needed)."""
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(1.3)
    path = canvas.beginPath()
    path.moveTo(x + size * 0.18, y + size * 0.52)
    path.lineTo(x + size * 0.42, y + size * 0.22)
    path.lineTo(x + size * 0.85, y + size * 0.85)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _personal_values(doc: Document, personal: Personal | None) -> dict[str, str]:
    """Return the values written on the front's lines; the clinic's phone fills the pharmacy line unless one is typed."""
    phone = doc.locale.number(doc.clinic.phone)  # the clinic's phone in the locale's digit set; a typed one as typed
    clinic = ", ".join(part for part in (doc.clinic.name, phone) if part) if doc.clinic.phone else ""
    if personal is None:
        return {"front.phone": clinic} if clinic else {}

    def day(value: dt.date | None) -> str:
        return doc.locale.format_date(value) if value else ""

    return {"front.name": personal.name, "front.last_dose": day(personal.last_dose),
            "front.next_due": day(personal.next_due), "front.phone": personal.phone or clinic,
            "front.contact": personal.contact}


def _personal_text(canvas, fit: Fitter, layout: CardLayout, value: str, key: str, x, baseline, width, room) -> None:
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
    paras[0].drawOn(canvas, x, baseline)  # as fit wrapped it (the height it was given does not change its lines)


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
