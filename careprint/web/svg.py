"""The print pictograms as inline SVG, drawn by the same functions that draw them in the PDFs.

``careprint.render.pictograms`` draws with a small part of ReportLab's canvas
API (paths, circles, lines, rounded rectangles, state, colours and line
styles). ``SvgCanvas`` implements exactly that part and writes SVG elements,
so a pictogram on the companion site is the pictogram on paper.
"""

from __future__ import annotations

from html import escape

from careprint.render import pictograms

_CAPS = ("butt", "round", "square")


class _Path:
    """The path object of ``SvgCanvas.beginPath()``: records SVG path commands."""

    def __init__(self):
        self.d: list[str] = []

    def moveTo(self, x, y):  # noqa: N802 - ReportLab's API
        self.d.append(f"M{x:g} {y:g}")

    def lineTo(self, x, y):  # noqa: N802 - ReportLab's API
        self.d.append(f"L{x:g} {y:g}")

    def curveTo(self, x1, y1, x2, y2, x3, y3):  # noqa: N802 - ReportLab's API
        self.d.append(f"C{x1:g} {y1:g} {x2:g} {y2:g} {x3:g} {y3:g}")

    def close(self):
        self.d.append("Z")


class SvgCanvas:
    """Enough of ReportLab's canvas for the pictograms, writing SVG in the pictograms' 100 × 100 grid."""

    def __init__(self):
        self.parts: list[str] = []
        self._state = {"fill": "#000", "stroke": "#000", "width": 1.0, "cap": "butt", "join": "miter"}
        self._saved: list[dict] = []

    # state
    def saveState(self):  # noqa: N802 - ReportLab's API
        self._saved.append(dict(self._state))

    def restoreState(self):  # noqa: N802 - ReportLab's API
        self._state = self._saved.pop()

    def setFillColor(self, color):  # noqa: N802 - ReportLab's API
        self._state["fill"] = _hex(color)

    def setStrokeColor(self, color):  # noqa: N802 - ReportLab's API
        self._state["stroke"] = _hex(color)

    def setLineWidth(self, width):  # noqa: N802 - ReportLab's API
        self._state["width"] = width

    def setLineCap(self, cap):  # noqa: N802 - ReportLab's API
        self._state["cap"] = _CAPS[cap]

    def setLineJoin(self, join):  # noqa: N802 - ReportLab's API
        self._state["join"] = ("miter", "round", "bevel")[join]

    # drawing
    def beginPath(self) -> _Path:  # noqa: N802 - ReportLab's API
        return _Path()

    def drawPath(self, path: _Path, stroke=1, fill=0):  # noqa: N802 - ReportLab's API
        self.parts.append(f'<path d="{" ".join(path.d)}"{self._paint(stroke, fill)}/>')

    def circle(self, x, y, r, stroke=1, fill=0):
        self.parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}"{self._paint(stroke, fill)}/>')

    def line(self, x1, y1, x2, y2):
        self.parts.append(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}"{self._paint(1, 0)}/>')

    def roundRect(self, x, y, w, h, r, stroke=1, fill=0):  # noqa: N802 - ReportLab's API
        self.parts.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{r:g}"{self._paint(stroke, fill)}/>')

    def _paint(self, stroke, fill) -> str:
        s = self._state
        out = f' fill="{s["fill"]}"' if fill else ' fill="none"'
        if stroke:
            out += (f' stroke="{s["stroke"]}" stroke-width="{s["width"]:g}" stroke-linecap="{s["cap"]}"'
                    f' stroke-linejoin="{s["join"]}"')
        return out


def _hex(color) -> str:
    """Return a ReportLab colour as #rrggbb."""
    return "#" + "".join(f"{round(v * 255):02x}" for v in (color.red, color.green, color.blue))


def pictogram(name: str, label: str, color) -> str:
    """Return pictogram ``name`` as an inline SVG image labelled for screen readers (PDF y runs up, SVG y down)."""
    canvas = SvgCanvas()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    pictograms.DRAW[name](canvas)
    body = "".join(canvas.parts)
    return (f'<svg viewBox="0 0 {pictograms.GRID:g} {pictograms.GRID:g}" role="img" aria-label="{escape(label)}" '
            f'focusable="false"><g transform="matrix(1 0 0 -1 0 {pictograms.GRID:g})">{body}</g></svg>')
