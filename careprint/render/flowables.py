"""Platypus flowables shared by the renderers: QR code rows, marker lists and warning panels."""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from careprint.content.layouts import MM
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

    def _symbol_pt(self, payload: str) -> float:
        """Return the layout's size, or larger for a long payload: modules stay at least 0.6 mm."""
        return qr.symbol_pt(payload, qr.HANDOUT_MIN_MODULE_MM * MM, self.symbol_pt)

    def _outer_pt(self, payload: str) -> float:
        return qr.outer_size(self._symbol_pt(payload), payload)

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
            symbol = self._symbol_pt(payload)
            qr.render(canvas, payload, code_x, self.height - outer, symbol)
            text_x = x if self.rtl else x + outer + self.gap_pt / 2  # captions start beyond the quiet zone
            y = self.height - qr.quiet_pt(payload, symbol)
            for para in captions:
                _, h = para.wrap(text_width, self.height)
                y -= h
                para.drawOn(canvas, text_x, y)
                y -= para.getSpaceAfter()
            x += cell_pt + self.gap_pt


class Measure(Flowable):
    """A flowable set on a narrower measure than the frame, at its start edge (right for RTL).

    Long lines are hard to track back from for low-literacy readers; plain
    language guidance asks for about 55–75 characters.
    """

    def __init__(self, child: Flowable, measure_pt: float, rtl: bool = False):
        super().__init__()
        self.child, self.measure_pt, self.rtl = child, measure_pt, rtl
        self.keepWithNext = child.getKeepWithNext()
        self._child_width = measure_pt

    def wrap(self, avail_width, avail_height):
        self._child_width = min(avail_width, self.measure_pt)
        _, self.height = self.child.wrapOn(self.canv, self._child_width, avail_height)
        self.width = avail_width
        return self.width, self.height

    def split(self, avail_width, avail_height):
        parts = self.child.splitOn(self.canv, min(avail_width, self.measure_pt), avail_height)
        return [Measure(part, self.measure_pt, self.rtl) for part in parts]

    def getSpaceBefore(self):  # noqa: N802 (ReportLab protocol)
        return self.child.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 (ReportLab protocol)
        return self.child.getSpaceAfter()

    def draw(self):
        self.child.drawOn(self.canv, self.width - self._child_width if self.rtl else 0, 0)


class UrlLines(Flowable):
    """A web address set in as many lines as it needs, broken only after '/', '.', '?', '&' or '='.

    Paragraph would split a long address inside a word ("nalt" / "rexone"),
    which a patient typing it could misread; a break at a hyphen ("zh-" /
    "Hans") reads as a line-break hyphen and gets dropped. Aligned right in right-to-left
    layouts; the address itself always reads left to right.
    """

    def __init__(self, text: str, font_name: str, size_pt: float, leading_pt: float, color, right: bool = False):
        super().__init__()
        self.text, self.font_name, self.size_pt, self.leading_pt = text, font_name, size_pt, leading_pt
        self.color, self.right = color, right
        self.lines: list[str] = []

    def _width(self, text: str) -> float:
        return stringWidth(text, self.font_name, self.size_pt)

    def _break(self, width_pt: float) -> list[str]:
        lines, line = [], ""
        for piece in filter(None, re.split(r"(?<=[/.?&=])", self.text)):
            if line and self._width(line + piece) > width_pt:
                lines.append(line)
                line = ""
            line += piece
            while len(line) > 1 and self._width(line) > width_pt:  # one piece longer than a line: cut it
                fits = [k for k in range(1, len(line)) if self._width(line[:k]) <= width_pt]
                cut = fits[-1] if fits else 1
                lines.append(line[:cut])
                line = line[cut:]
        return lines + ([line] if line else [])

    def wrap(self, avail_width, avail_height):
        self.lines = self._break(avail_width)
        self.width, self.height = avail_width, len(self.lines) * self.leading_pt
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setFillColor(self.color)
        canvas.setFont(self.font_name, self.size_pt)
        for n, line in enumerate(self.lines):
            y = self.height - (n + 1) * self.leading_pt + (self.leading_pt - self.size_pt) / 2 + 0.2 * self.size_pt
            if self.right:
                canvas.drawRightString(self.width, y, line)
            else:
                canvas.drawString(0, y, line)


class MarkerList(Flowable):
    """Items with a marker (bullet or number) beside their first line; it splits between items.

    ReportLab's ListFlowable puts markers only on the left; this one puts them
    on the right for right-to-left text.
    """

    def __init__(self, rows: list[tuple[Flowable, Flowable]], indent_pt: float, item_space_pt: float,
                 space_after_pt: float, rtl: bool):
        super().__init__()
        self.rows, self.indent_pt, self.item_space_pt = rows, indent_pt, item_space_pt
        self.space_after_pt, self.rtl = space_after_pt, rtl
        self._heights: list[float] = []

    def _measure(self, avail_width: float, avail_height: float) -> list[float]:
        heights = []
        for marker, para in self.rows:
            _, para_h = para.wrap(avail_width - self.indent_pt, avail_height)
            _, marker_h = marker.wrap(self.indent_pt * 0.75, avail_height)
            heights.append(max(para_h, marker_h))
        return heights

    def wrap(self, avail_width, avail_height):
        self._heights = self._measure(avail_width, avail_height)
        self.width = avail_width
        self.height = sum(self._heights) + self.item_space_pt * (len(self.rows) - 1)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        heights, used, fit = self._measure(avail_width, avail_height), 0.0, 0
        for height in heights:
            if used + height > avail_height + 1e-6:
                break
            used += height + self.item_space_pt
            fit += 1
        if fit == 0 or fit == len(self.rows):
            return [] if fit == 0 else [self]
        head = MarkerList(self.rows[:fit], self.indent_pt, self.item_space_pt, 0.0, self.rtl)
        return [head, MarkerList(self.rows[fit:], self.indent_pt, self.item_space_pt, self.space_after_pt, self.rtl)]

    def getSpaceAfter(self):  # noqa: N802 (ReportLab protocol)
        return self.space_after_pt

    def draw(self):
        y = self.height
        text_x = 0.0 if self.rtl else self.indent_pt
        marker_x = self.width - self.indent_pt * 0.75 if self.rtl else 0.0
        for (marker, para), height in zip(self.rows, self._heights, strict=True):
            para.drawOn(self.canv, text_x, y - para.height)
            marker.drawOn(self.canv, marker_x, y - marker.height)
            y -= height + self.item_space_pt


def warning_panel(flowables: list[Flowable], width_pt: float, border, fill, padding_pt: float, font_name: str) -> Table:
    """Return a bordered, tinted panel holding the given flowables.

    ``font_name`` is an embedded font: a Table selects its cell font even when
    it holds no text, and its default is the unembedded Helvetica.
    """
    table = Table([[flowables]], colWidths=[width_pt])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font_name),
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


def emergency_panel(title: Flowable, steps: list[tuple[Flowable, Flowable]], width_pt: float, number_pt: float,
                    colors: tuple, font_name: str, rtl: bool = False) -> Table:
    """Return the strongest panel: a title band, then each step with its big number beside it.

    ``colors`` is (border and band, fill behind the steps). Steps are ruled
    apart so a reader who looks away finds their place again. Right-to-left:
    numbers on the right.
    """
    border, fill = colors
    number_col_pt = number_pt * 1.6
    widths = [number_col_pt, width_pt - number_col_pt]
    rows = [[number, text][::-1 if rtl else 1] for number, text in steps]
    rows.insert(0, [title, ""])  # spans both columns: the span draws the first cell
    widths = widths[::-1] if rtl else widths
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font_name),  # not the unembedded Helvetica default
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), border),
        ("BACKGROUND", (0, 1), (-1, -1), fill),
        ("BOX", (0, 0), (-1, -1), 3, border),
        ("LINEBELOW", (0, 1), (-1, -2), 0.75, border),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 8),
    ]))
    table.hAlign = "RIGHT" if rtl else "LEFT"
    return table
