"""Printer calibration sheet for a card stock (front page, then the back as printed in duplex).

Plain paper printed at 100 %: rulers in millimetres along the top and left
edges, the outline of every card position of the stock, and a crosshair at
every card corner where the template says it is. Staff lay the print on a
sheet of the stock against the light and read the offsets for the clinic
settings (``calibration: {printer: {front: {x_mm, y_mm}, back: {x_mm, y_mm}}}``).
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

from careprint.content.layouts import MM, Stock
from careprint.content.model import Locale
from careprint.render import pdfmeta
from careprint.render.sheet import DUPLEX_MODES, position_pt
from careprint.render.text import TextMaker
from careprint.text.fonts import FontSet


def render(out: BinaryIO, locale: Locale, stock: Stock, duplex: str = "long") -> None:
    """Draw the calibration sheet: page 1 for fronts, page 2 for backs."""
    canvas = Canvas(out, pagesize=stock.sheet_pt, lang=locale.tag, pageCompression=1, **pdfmeta.canvas_options())
    canvas.setTitle(f"careprint calibration: {stock.id}")
    canvas.setCreator("careprint")
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", DUPLEX_MODES["long" if duplex == "foldover" else duplex])
    fonts = FontSet(locale.fonts, locale.code)
    for side in ("front", "back"):
        _rulers(canvas, stock, fonts)
        for position in range(1, stock.positions + 1):
            x, y = position_pt(stock, position, side, duplex)
            _card(canvas, stock, x, y)
        _instructions(canvas, locale, fonts, stock, side)
        canvas.showPage()
    canvas.save()


def _card(canvas: Canvas, stock: Stock, x: float, y: float) -> None:
    """Outline a card position and put a crosshair on each corner."""
    w, h = stock.card_pt
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.3)
    canvas.rect(x, y, w, h, stroke=1, fill=0)
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    arm = 4 * MM
    for cx in (x, x + w):
        for cy in (y, y + h):
            canvas.line(cx - arm, cy, cx + arm, cy)
            canvas.line(cx, cy - arm, cx, cy + arm)
            canvas.circle(cx, cy, 1 * MM, stroke=1, fill=0)


def _rulers(canvas: Canvas, stock: Stock, fonts: FontSet) -> None:
    """Draw millimetre rulers along the top and left edges, numbered every 10 mm."""
    sheet_w, sheet_h = stock.sheet_pt
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    canvas.setFont(fonts.families[0].regular, 5)
    for mm in range(0, int(sheet_w / MM) + 1):
        tick = 4 if mm % 10 == 0 else 2.5 if mm % 5 == 0 else 1.5
        canvas.line(mm * MM, sheet_h, mm * MM, sheet_h - tick * MM)
        if mm % 10 == 0 and mm:
            canvas.drawCentredString(mm * MM, sheet_h - 6.5 * MM, str(mm))
    for mm in range(0, int(sheet_h / MM) + 1):
        tick = 4 if mm % 10 == 0 else 2.5 if mm % 5 == 0 else 1.5
        canvas.line(0, sheet_h - mm * MM, tick * MM, sheet_h - mm * MM)
        if mm % 10 == 0 and mm:
            canvas.drawString(5 * MM, sheet_h - mm * MM - 1.5, str(mm))


def _instructions(canvas: Canvas, locale: Locale, fonts: FontSet, stock: Stock, side: str) -> None:
    """Print the title and steps in a white box in the middle of the sheet."""
    labels = locale.labels
    side_text = labels["calibrate_front" if side == "front" else "calibrate_back"]().plain
    title = labels["calibrate_title"](stock=f"{stock.vendor} {stock.parts[0] if stock.parts else stock.id}", side=side_text)
    steps = labels["calibrate_steps"]()
    width = 120 * MM
    maker = TextMaker(fonts, locale)
    paras = [maker.paragraph(title, maker.style("t", fontSize=12, leading=15, spaceAfter=4), bold=True),
             maker.paragraph(steps, maker.style("s", fontSize=9.5, leading=12.5))]
    heights = [p.wrap(width, 200 * MM)[1] for p in paras]
    box_h = sum(heights) + 4 + 8 * MM
    x = (stock.sheet_pt[0] - width) / 2
    y = (stock.sheet_pt[1] + box_h) / 2
    canvas.setFillColor(white)
    canvas.setStrokeColor(black)
    canvas.rect(x - 4 * MM, y - box_h, width + 8 * MM, box_h, stroke=1, fill=1)
    y -= 4 * MM
    for para, height in zip(paras, heights, strict=True):
        y -= height
        para.drawOn(canvas, x, y)
        y -= 4
