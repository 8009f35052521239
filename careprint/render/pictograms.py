"""Vector pictograms for the overdose handout, drawn with ReportLab paths (no bitmaps, no third-party art).

Each function draws one pictogram into a square of ``size_pt`` whose lower
left corner is the canvas origin, in one dark colour on white, meant to be
printed 25-35 mm wide. Coordinates inside are in a 100 × 100 grid. Figures
are thick round-capped strokes, the style of public first-aid signs, so they
survive a poor photocopy. Where one shape passes in front of another it is
drawn with a white outline first so the two stay apart.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

GRID = 100.0  # the drawing grid: 100 units = the pictogram's width
CAPTION_GAP_PT = 6.0  # between a pictogram and its caption, and between captions side by side


def _limb(canvas: Canvas, points: list[tuple[float, float]], width: float, halo: float = 0.0) -> None:
    """Stroke a polyline of thick, round-capped segments (a limb or torso), optionally with a white halo."""
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    if halo:
        canvas.saveState()
        canvas.setStrokeColor(white)
        canvas.setLineWidth(width + 2 * halo)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
    canvas.setLineWidth(width)
    canvas.drawPath(path, stroke=1, fill=0)


def _head(canvas: Canvas, x: float, y: float, r: float, halo: float = 0.0) -> None:
    """Draw a filled head, optionally with a white halo around it."""
    if halo:
        canvas.saveState()
        canvas.setFillColor(white)
        canvas.circle(x, y, r + halo, stroke=0, fill=1)
        canvas.restoreState()
    canvas.circle(x, y, r, stroke=0, fill=1)


def _arrow(canvas: Canvas, start: tuple[float, float], end: tuple[float, float], width: float, head: float) -> None:
    """Draw a straight arrow from start to end with a filled triangular head."""
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - ux * head, y1 - uy * head
    canvas.setLineCap(0)
    canvas.setLineWidth(width)
    canvas.line(x0, y0, bx, by)
    path = canvas.beginPath()
    path.moveTo(x1, y1)
    path.lineTo(bx - uy * head * 0.6, by + ux * head * 0.6)
    path.lineTo(bx + uy * head * 0.6, by - ux * head * 0.6)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def rescue_breaths(canvas: Canvas) -> None:
    """Rescue breathing: a helper kneels at the head of a person lying on their back and breathes into their mouth.

    The helper's hand holds the person's head tilted back; a bold arrow runs
    from the helper's mouth down to the person's mouth.
    """
    canvas.setLineWidth(1.2)
    canvas.line(4, 13, 96, 13)  # the floor
    # The person on their back, head to the left, chin up.
    _limb(canvas, [(52, 22), (76, 21)], 11)
    _limb(canvas, [(76, 21), (94, 18)], 8)
    _head(canvas, 42, 24, 9)
    # The helper, kneeling behind the person's head and bending over it.
    _limb(canvas, [(7, 17), (18, 17), (18, 42)], 8)  # shin on the floor, thigh up to the hip
    _limb(canvas, [(18, 42), (36, 60)], 10)  # back, bent forward
    _head(canvas, 46, 62, 9)
    _limb(canvas, [(34, 57), (26, 42), (33, 32)], 6, halo=2)  # arm down to the person's forehead
    _arrow(canvas, (46, 51), (46, 35), 4.5, 8)  # the breath, into the mouth


def recovery_position(canvas: Canvas) -> None:
    """The recovery position: a person lying on their side, top knee bent forward, hand under the cheek.

    Seen from the side: the head rests on the hand, the lower leg is straight
    and the upper leg is bent at hip and knee so the body cannot roll forward.
    """
    canvas.setLineWidth(1.2)
    canvas.line(4, 13, 96, 13)  # the floor
    _head(canvas, 14, 30, 9)
    _limb(canvas, [(24, 24), (60, 24)], 11)  # body on its side
    _limb(canvas, [(60, 22), (96, 19)], 7)  # lower leg, straight
    _limb(canvas, [(58, 28), (74, 46), (90, 32)], 7, halo=2.5)  # upper leg: knee bent up and forward
    _limb(canvas, [(32, 29), (40, 44), (24, 36)], 6, halo=2.5)  # upper arm: elbow up, hand under the cheek


def nasal_naloxone(canvas: Canvas) -> None:
    """Nasal naloxone: a nasal spray held in a nostril of a person's face, seen from the side, with a thumb pressing the plunger.

    The face looks to the right with the head tipped back; the spray is drawn
    white with a dark outline so it stands out in front of the face.
    """
    path = canvas.beginPath()  # the head in profile, facing right, tipped back
    path.moveTo(18, 4)
    path.curveTo(2, 34, 6, 72, 28, 88)
    path.curveTo(42, 98, 58, 94, 64, 82)
    path.lineTo(68, 72)
    path.lineTo(86, 62)  # the tip of the nose
    path.lineTo(72, 55)
    path.lineTo(66, 52)
    path.lineTo(62, 47)
    path.lineTo(64, 42)
    path.curveTo(60, 34, 54, 30, 46, 28)
    path.lineTo(44, 4)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    # The spray: the nozzle up into the nostril, a finger rest, the plunger under the thumb.
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.setLineWidth(3)
    canvas.setLineJoin(1)
    canvas.roundRect(74, 40, 8, 19, 2.5, stroke=1, fill=1)  # nozzle, its tip in the nostril
    canvas.roundRect(62, 34, 32, 7, 3, stroke=1, fill=1)  # finger rest
    canvas.roundRect(71, 12, 14, 22, 3, stroke=1, fill=1)  # plunger
    canvas.restoreState()
    _limb(canvas, [(66, 4), (78, 9)], 7)  # the thumb pressing the plunger up
    _arrow(canvas, (94, 8), (94, 28), 3, 7)  # press up


DRAW: dict[str, Callable[[Canvas], None]] = {
    "rescue-breaths": rescue_breaths,
    "recovery-position": recovery_position,
    "nasal-naloxone": nasal_naloxone,
}


def draw(canvas: Canvas, name: str, x_pt: float, y_pt: float, size_pt: float, color: Color) -> None:
    """Draw pictogram ``name`` in a size_pt square whose lower left corner is at (x_pt, y_pt)."""
    canvas.saveState()
    canvas.translate(x_pt, y_pt)
    canvas.scale(size_pt / GRID, size_pt / GRID)
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    DRAW[name](canvas)
    canvas.restoreState()


class PictogramRow(Flowable):
    """Pictograms side by side, each centred in an equal share of the width with its caption under it (mirrored for RTL)."""

    def __init__(self, items: list[tuple[str, Flowable]], size_pt: float, color: Color, rtl: bool = False):
        super().__init__()
        self.items, self.size_pt, self.color, self.rtl = items, size_pt, color, rtl
        self._caption_pt = size_pt

    def wrap(self, avail_width, avail_height):
        cell_pt = avail_width / len(self.items)
        self._caption_pt = min(cell_pt - CAPTION_GAP_PT, self.size_pt * 1.5)
        heights = [caption.wrapOn(self.canv, self._caption_pt, avail_height)[1] for _, caption in self.items]
        self.width, self.height = avail_width, self.size_pt + CAPTION_GAP_PT + max(heights)
        return self.width, self.height

    def draw(self):
        cell_pt = self.width / len(self.items)
        items = self.items[::-1] if self.rtl else self.items
        for n, (name, caption) in enumerate(items):
            centre = cell_pt * (n + 0.5)
            draw(self.canv, name, centre - self.size_pt / 2, self.height - self.size_pt, self.size_pt, self.color)
            caption.wrapOn(self.canv, self._caption_pt, self.height)
            top = self.height - self.size_pt - CAPTION_GAP_PT
            caption.drawOn(self.canv, centre - self._caption_pt / 2, top - caption.height)
