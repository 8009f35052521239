"""The baseline for bench/batch.py: the same handout drawn with plain ReportLab platypus.

This is what a developer would write by hand with ReportLab alone: the
same text, fonts, page size, margins, type sizes, lists, warning panel, two
QR codes and a footer, with no validation, no font coverage checks, no
fitting to a page limit and no right-to-left support. It takes an already
resolved careprint Document so both sides draw exactly the same words.
"""

from __future__ import annotations

import io

import qrcode
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    HRFlowable,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from careprint.render.pictograms import PictogramRow


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup(text) -> str:
    out = []
    for span in text.spans:
        inner = _escape(span.text)
        out.append(f"<b>{inner}</b>" if span.bold else inner)
    return "".join(out)


class _MatrixQr(Flowable):
    """A QR code from the qrcode package's matrix, drawn as squares (as careprint draws them, uncached)."""

    def __init__(self, url: str, size: float):
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(url)
        self.matrix, self.width, self.height = code.get_matrix(), size, size

    def draw(self):
        cell = self.width / len(self.matrix)
        for r, row in enumerate(self.matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.canv.rect(c * cell, self.height - (r + 1) * cell, cell, cell, stroke=0, fill=1)


def _qr(url: str, size: float, kind: str):
    if kind == "matrix":
        return _MatrixQr(url, size)
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def render(doc, regular: str, bold: str, qr: str = "widget") -> bytes:
    """Draw a resolved handout Document with plain platypus; return the PDF bytes.

    qr: "widget" (ReportLab's own QR encoder) or "matrix" (the qrcode package, as careprint uses).
    """
    from reportlab.lib.fonts import addMapping

    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    body = ParagraphStyle("body", fontName=regular, fontSize=12, leading=15.6, spaceAfter=6)
    heading = ParagraphStyle("h", parent=body, fontName=bold, fontSize=15, leading=19, spaceBefore=6, spaceAfter=2,
                             textColor=colors.HexColor("#1f4e79"))
    title = ParagraphStyle("t", parent=body, fontName=bold, fontSize=22, leading=26)
    small = ParagraphStyle("s", parent=body, fontSize=9, leading=11)
    story = [Paragraph(_markup(doc.title), title)]
    if doc.subtitle:
        story.append(Paragraph(_markup(doc.subtitle), body))
    story.append(HRFlowable(width="100%", thickness=1.5, color=colors.HexColor("#1f4e79"), spaceAfter=6))

    def blocks(items, width):
        out = []
        for block in items:
            if block.kind == "heading":
                out.append(Paragraph(_markup(block.texts[0]), heading))
            elif block.kind == "paragraph":
                out.append(Paragraph(_markup(block.texts[0]), body))
            elif block.kind in ("bullets", "steps"):
                kind = "1" if block.kind == "steps" else "bullet"
                out.append(ListFlowable([ListItem(Paragraph(_markup(t), body)) for t in block.texts], bulletType=kind))
            elif block.kind == "pictures":
                items = [(name, Paragraph(_markup(t), small)) for name, t in zip(block.names, block.texts, strict=True)]
                out.append(PictogramRow(items, 30 * mm, colors.HexColor("#1f4e79")))
            elif block.kind in ("warning", "emergency"):
                inner = [Paragraph(_markup(block.title), heading)] if block.title else []
                if block.kind == "emergency":
                    inner.append(ListFlowable([ListItem(Paragraph(_markup(t), body)) for t in block.texts], bulletType="1"))
                else:
                    inner += [Paragraph(_markup(t), body) for t in block.texts]
                table = Table([[inner]], colWidths=[width])
                table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor("#a31515")),
                                           ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fdecea"))]))
                out.append(table)
            elif block.kind == "qr":
                cells = [[_qr(code.url, 22 * mm, qr), Paragraph(_markup(code.caption), small)] for code in block.codes]
                out.append(Table([sum(cells, [])], colWidths=[26 * mm, width / 2 - 26 * mm] * 2))
            elif block.kind == "columns":
                half = (width - 8 * mm) / 2
                out.append(Table([[blocks(col, half) for col in block.columns]], colWidths=[half + 8 * mm, half]))
        return out

    width = letter[0] - 36 * mm
    story += blocks(doc.blocks, width)
    story.append(Paragraph(_escape(" ".join(f"{s.title}. {s.publisher}." for s in doc.sources)), small))

    def footer(canvas, template):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(18 * mm, 12 * mm, f"{doc.id} · Version {doc.version} · Page {template.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=22 * mm, invariant=1)
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _card_front(canvas, doc, regular: str, bold: str, w: float, h: float, personal: dict | None) -> None:
    """Draw a card front: the title band, the form boxes, write-in lines (or values) and the cue."""
    s = doc.strings
    canvas.setFillColor(colors.HexColor("#1f4e79"))
    canvas.rect(0, h - 9 * mm, w, 9 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(bold, 11)
    canvas.drawString(3 * mm, h - 6.5 * mm, _plain(s["front.title"]))
    canvas.setFillColor(colors.black)
    canvas.setFont(regular, 8)
    canvas.drawString(3 * mm, h - 13 * mm, f"[ ] {_plain(s['front.form_pill'])}   [ ] {_plain(s['front.form_injection'])}")
    y = h - 19 * mm
    for key in ("front.name", "front.last_dose", "front.next_due", "front.phone"):
        canvas.setFont(regular, 7)
        canvas.drawString(3 * mm, y, _plain(s[key]))
        canvas.line(25 * mm, y - 0.5 * mm, w - 3 * mm, y - 0.5 * mm)
        if personal and personal.get(key):
            canvas.setFont(regular, 9)
            canvas.drawString(26 * mm, y, personal[key])
        y -= 6 * mm
    Frame(3 * mm, 3 * mm, w - 6 * mm, 9 * mm, showBoundary=0, leftPadding=0, bottomPadding=0, rightPadding=0,
          topPadding=0).addFromList([Paragraph(_markup(s["front.cue"]), ParagraphStyle("cue", fontName=bold,
                                                                                        fontSize=9, leading=10))], canvas)


def _card_back(canvas, doc, regular: str, bold: str, w: float, h: float) -> None:
    """Draw a card back: the title, the three clinician texts beside the QR code, and its caption."""
    s = doc.strings
    style = ParagraphStyle("back", fontName=regular, fontSize=8, leading=9.5)
    story = [Paragraph(_markup(s["back.title"]), ParagraphStyle("bt", parent=style, fontName=bold, fontSize=9))]
    story += [Paragraph(_markup(s[k]), style) for k in ("back.pain", "back.opioids", "back.risk")]
    Frame(3 * mm, 3 * mm, w - 30 * mm, h - 6 * mm, showBoundary=0).addFromList(story, canvas)
    code = _MatrixQr(doc.codes[0].url, 22 * mm)
    code.drawOn(canvas, w - 25 * mm, h - 26 * mm)
    Frame(w - 26 * mm, 3 * mm, 24 * mm, 12 * mm, showBoundary=0).addFromList(
        [Paragraph(_markup(s["back.qr_clinician"]), ParagraphStyle("cap", fontName=regular, fontSize=7))], canvas)


def _plain(text) -> str:
    return "".join(span.text for span in text.spans)


def sheet(doc, regular: str, bold: str, fronts, backs, card_pt, sheet_pt, personal: list[dict] | None = None) -> bytes:
    """Draw a sheet of cards (front page, back page); faces the same on every card are forms, as careprint does."""
    w, h = card_pt
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet_pt, invariant=1, pageCompression=1)
    faces = {"back": lambda: _card_back(canvas, doc, regular, bold, w, h)}  # the same on every card
    if personal is None:
        faces["front"] = lambda: _card_front(canvas, doc, regular, bold, w, h, None)
    for side, draw in faces.items():
        canvas.beginForm(side, 0, 0, w, h)
        draw()
        canvas.endForm()
    for side, spots in (("front", fronts), ("back", backs)):
        for n, (x, y) in enumerate(spots):
            canvas.saveState()
            canvas.translate(x, y)
            if side in faces:
                canvas.doForm(side)
            else:
                _card_front(canvas, doc, regular, bold, w, h, personal[n])
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
