"""Sheets of wallet cards imposed on card stock (Avery 5371, 8869, Zweckform C32011, plain paper).

Geometry comes from the stock template (``layouts/stock/*.yaml``): the first
card's top-left corner from the sheet's top-left, the pitch between cards,
columns and rows; positions are numbered row by row from 1 at the top left.

Duplex: the back page puts each card's back where it lands behind its own
front when the sheet is turned over on its long edge (columns mirrored) or its
short edge (rows mirrored), and the PDF carries the matching ``/Duplex`` hint.
Fold-over prints each card's back beside its front with a fold line, for
printers without duplex. Every sheet has ``/PrintScaling /None`` and a TrimBox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from careprint.content.layouts import MM, CardLayout, Stock
from careprint.content.model import Document
from careprint.errors import UsageError
from careprint.render import card, pdfmeta

DUPLEX_MODES = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge", "foldover": "Simplex"}


@dataclass(frozen=True)
class Offsets:
    """Printer calibration in mm: +x moves right, +y moves down the sheet (as measured on paper)."""

    front_x_mm: float = 0.0
    front_y_mm: float = 0.0
    back_x_mm: float = 0.0
    back_y_mm: float = 0.0


def position_pt(stock: Stock, position: int, side: str, duplex: str, offsets: Offsets = Offsets()) -> tuple[float, float]:
    """Return the PDF (bottom-left origin) corner of a card's face at a 1-based position."""
    index = position - 1
    col, row = index % stock.columns, index // stock.columns
    sheet_w, sheet_h = stock.sheet_pt
    card_w, card_h = stock.card_pt
    x = stock.origin_pt[0] + col * stock.pitch_pt[0]  # from the sheet's left edge
    y_top = stock.origin_pt[1] + row * stock.pitch_pt[1]  # from the sheet's top edge, as in templates
    if side == "back" and duplex == "long":
        x = sheet_w - x - card_w  # turned over on the long edge: left and right swap
    elif side == "back" and duplex == "short":
        y_top = sheet_h - y_top - card_h  # turned over on the short edge: top and bottom swap
    dx, dy = (offsets.front_x_mm, offsets.front_y_mm) if side == "front" else (offsets.back_x_mm, offsets.back_y_mm)
    return x + dx * MM, sheet_h - y_top - card_h - dy * MM


def foldover_pairs(stock: Stock) -> list[tuple[int, int]]:
    """Return (front position, back position) pairs for fold-over printing: columns in pairs."""
    if stock.cut != "marks" or stock.columns % 2:
        raise UsageError(f"fold-over needs plain stock with an even number of columns; {stock.id} is not (try plain-letter-id1)")
    return [(r * stock.columns + c + 1, r * stock.columns + c + 2) for r in range(stock.rows) for c in range(0, stock.columns, 2)]


def render(out: BinaryIO, doc: Document, layout: CardLayout, stock: Stock, *, duplex: str = "long", start: int = 1,
           personal: card.Personal | None = None, offsets: Offsets = Offsets()) -> int:
    """Draw one sheet (front page, then back page unless fold-over); return the number of cards placed.

    Without personal values every position from ``start`` on gets the card; with
    them, one card goes at position ``start``.
    """
    if duplex not in DUPLEX_MODES:
        raise UsageError(f"unknown duplex mode {duplex!r}; expected one of: {', '.join(DUPLEX_MODES)}")
    pairs = foldover_pairs(stock) if duplex == "foldover" else None
    slots = len(pairs) if pairs else stock.positions
    if not 1 <= start <= slots:
        raise UsageError(f"position {start} is not on {stock.id}: positions are 1 to {slots}")
    chosen = [start] if personal else list(range(start, slots + 1))
    canvas = new_canvas(out, doc, stock, duplex)
    fonts = card.card_fonts(doc)
    w, h = stock.card_pt
    faces = {"front": lambda: card.draw_front(canvas, doc, layout, fonts, w, h, personal),
             "back": lambda: card.draw_back(canvas, doc, layout, fonts, w, h)}
    if personal is None:  # draw each face once as a form XObject, place it at every position
        for side, draw in faces.items():
            canvas.beginForm(f"card-{side}", 0, 0, w, h)
            draw()
            canvas.endForm()
    placed = [(pairs[n - 1] if pairs else (n, n)) for n in chosen]
    sides = [("front", "back")] if pairs else [("front",), ("back",)]
    for page_sides in sides:
        for side in page_sides:
            for pair in placed:
                pos = pair[0] if side == "front" else pair[1]
                mode = "none" if pairs else duplex
                x, y = position_pt(stock, pos, side, mode, offsets)
                _place(canvas, faces[side], f"card-{side}" if personal is None else None, x, y)
                _cut_marks(canvas, layout, stock, x, y)
            if pairs:
                _fold_lines(canvas, layout, stock, placed, offsets)
        canvas.showPage()
    canvas.save()
    return len(chosen)


def new_canvas(out: BinaryIO, doc: Document, stock: Stock, duplex: str) -> Canvas:
    """Return a canvas for a sheet of cards: its metadata, no print scaling, the duplex hint, a TrimBox."""
    canvas = Canvas(out, pagesize=stock.sheet_pt, lang=doc.locale.tag, pageCompression=1, **pdfmeta.canvas_options())
    card.set_metadata(canvas, doc, f"{stock.vendor} {stock.parts[0] if stock.parts else stock.id}")
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", DUPLEX_MODES[duplex])
    canvas.setTrimBox((0, 0, *stock.sheet_pt))
    return canvas


def _place(canvas: Canvas, draw, form: str | None, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    if form:
        canvas.doForm(form)
    else:
        draw()
    canvas.restoreState()


def _cut_marks(canvas: Canvas, layout: CardLayout, stock: Stock, x: float, y: float) -> None:
    """Draw corner cut marks outside a card (only on stock that is cut by hand)."""
    if stock.cut != "marks":
        return
    w, h = stock.card_pt
    gap, length = layout.cut_gap_pt, layout.cut_length_pt
    canvas.saveState()
    canvas.setStrokeColor(layout.colors["guide"])
    canvas.setLineWidth(0.3)
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            canvas.line(cx + sx * gap, cy, cx + sx * (gap + length), cy)
            canvas.line(cx, cy + sy * gap, cx, cy + sy * (gap + length))
    canvas.restoreState()


def _fold_lines(canvas: Canvas, layout: CardLayout, stock: Stock, pairs, offsets: Offsets) -> None:
    """Draw a dashed fold line midway between each front and its back."""
    w, h = stock.card_pt
    canvas.saveState()
    canvas.setStrokeColor(layout.colors["guide"])
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 2)
    for front, back in pairs:
        fx, fy = position_pt(stock, front, "front", "none", offsets)
        bx, _ = position_pt(stock, back, "front", "none", offsets)
        mid = (fx + w + bx) / 2
        canvas.line(mid, fy, mid, fy + h)
    canvas.restoreState()
