"""Platypus flowables shared by the renderers: QR code rows and warning panels."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from careprint.render import qr


class QrRow(Flowable):
    """Codes side by side, each with its caption beside it (mirrored for RTL)."""

    def __init__(self, items: list[tuple[str, list[Paragraph]]], symbol_pt: float, gap_pt: float, rtl: bool = False):
        super().__init__()
        self.items = items  # (payload, caption paragraphs)
        self.symbol_pt = symbol_pt
        self.gap_pt = gap_pt
        self.rtl = rtl
        self._layout: list[tuple[float, float, float]] = []

    def _outer_pt(self, payload: str) -> float:
        return qr.outer_size(self.symbol_pt, payload)

    def wrap(self, avail_width, avail_height):
        cell_pt = (avail_width - self.gap_pt * (len(self.items) - 1)) / len(self.items)
        self._layout, height = [], 0.0
        for payload, captions in self.items:
            outer = self._outer_pt(payload)
            text_width = cell_pt - outer - self.gap_pt / 2
            text_height = sum(p.wrap(text_width, avail_height)[1] + p.getSpaceAfter() for p in captions)
            self._layout.append((cell_pt, outer, text_width))
            height = max(height, outer, text_height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        x = 0.0
        order = list(zip(self.items, self._layout, strict=True))
        for (payload, captions), (cell_pt, outer, text_width) in reversed(order) if self.rtl else order:
            code_x = x + cell_pt - outer if self.rtl else x
            qr.render(canvas, payload, code_x, self.height - outer, self.symbol_pt)
            text_x = x if self.rtl else x + outer + self.gap_pt / 2
            y = self.height - qr.QUIET_ZONE_MODULES * self.symbol_pt / qr.matrix_rects(payload)[0]
            for para in captions:
                _, h = para.wrap(text_width, self.height)
                y -= h
                para.drawOn(canvas, text_x, y)
                y -= para.getSpaceAfter()
            x += cell_pt + self.gap_pt


def warning_panel(flowables: list[Flowable], width_pt: float, border, fill, padding_pt: float) -> Table:
    """Return a bordered, tinted panel holding the given flowables."""
    table = Table([[flowables]], colWidths=[width_pt])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 2.5, border),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LEFTPADDING", (0, 0), (-1, -1), padding_pt),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding_pt),
                ("TOPPADDING", (0, 0), (-1, -1), padding_pt * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding_pt),
            ]
        )
    )
    return table
