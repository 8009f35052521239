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
from reportlab.platypus import Flowable, HRFlowable, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table, TableStyle


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
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
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
            elif block.kind == "warning":
                inner = [Paragraph(_markup(block.title), heading)] + [Paragraph(_markup(t), body) for t in block.texts]
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
