"""Print geometry as data: ``layouts/handout.yaml`` (pages and type scale).

Loaded here, validated, and handed to renderers as frozen dataclasses, so the
renderers never open files. Millimetres in, points out (1 mm = 72/25.4 pt).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.colors import HexColor

from careprint import schema, yamlio
from careprint.errors import Collector, ContentError, UsageError, Where
from careprint.yamlio import LDict

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class HandoutLayout:
    """Handout page geometry (points) and type scale."""

    papers: dict[str, tuple[float, float]]
    margins_pt: dict[str, float]
    type_pt: dict[str, float]
    leading: float
    qr_symbol_pt: float
    colors: dict[str, HexColor]

    def scaled(self, body_pt: float) -> HandoutLayout:
        """Return this layout with every type size scaled so that body text is body_pt."""
        factor = body_pt / self.type_pt["body"]
        return replace(self, type_pt={k: v * factor for k, v in self.type_pt.items()})

    def fit_steps(self) -> list[float]:
        """Return the body sizes to try, largest first, down to the legibility minimum."""
        steps, size = [], self.type_pt["body"]
        while size >= MIN_BODY_PT - 1e-9:
            steps.append(size)
            size -= 0.5
        return steps

    def page_size(self, paper: str) -> tuple[float, float]:
        """Return (width, height) in points for a paper name."""
        if paper not in self.papers:
            raise UsageError(f"unknown paper {paper!r}; known: {', '.join(self.papers)}")
        return self.papers[paper]


_TYPE_KEYS = ("title", "subtitle", "heading", "body", "warning", "caption", "footer")
_COLOR_KEYS = ("text", "heading", "rule", "warning_border", "warning_fill", "warning_title", "muted")
MIN_BODY_PT = 12.0
MIN_QR_MM = 20.0


def load_handout_layout(path: Path) -> HandoutLayout:
    """Load and validate the handout layout file."""
    data = yamlio.load(path)
    where = Where(path, 1)
    c = Collector()
    required = {"papers": LDict, "margins_mm": LDict, "type_pt": LDict, "leading": float, "qr": LDict, "colors": LDict}
    if not schema.fields(c, data, where, required):
        c.raise_if_any()
    c.raise_if_any()
    papers = {}
    for name, size in data["papers"].items():
        if schema.fields(c, size, _at(where, data["papers"], name, "papers."), {"width_mm": float, "height_mm": float}):
            papers[name] = (size.get("width_mm", 0) * MM, size.get("height_mm", 0) * MM)
    schema.fields(c, data["margins_mm"], _at(where, data, "margins_mm"), dict.fromkeys(("top", "bottom", "left", "right"), float))
    schema.fields(c, data["type_pt"], _at(where, data, "type_pt"), dict.fromkeys(_TYPE_KEYS, float))
    schema.fields(c, data["colors"], _at(where, data, "colors"), dict.fromkeys(_COLOR_KEYS, str))
    schema.fields(c, data["qr"], _at(where, data, "qr"), {"size_mm": float})
    c.raise_if_any()
    if data["type_pt"]["body"] < MIN_BODY_PT:
        raise ContentError(f"body type must be at least {MIN_BODY_PT:g} pt", _at(where, data["type_pt"], "body", "type_pt."))
    if data["qr"]["size_mm"] < MIN_QR_MM:
        raise ContentError(f"QR codes on handouts must be at least {MIN_QR_MM:g} mm", _at(where, data["qr"], "size_mm", "qr."))
    try:
        colors = {k: HexColor(v) for k, v in data["colors"].items()}
    except ValueError as exc:
        raise ContentError(f"expected a colour like '#0b3a66' ({exc})", where.at("colors", data.line_of("colors"))) from None
    return HandoutLayout(
        papers=papers,
        margins_pt={k: float(v) * MM for k, v in data["margins_mm"].items()},
        type_pt={k: float(v) for k, v in data["type_pt"].items()},
        leading=float(data["leading"]),
        qr_symbol_pt=float(data["qr"]["size_mm"]) * MM,
        colors=colors,
    )


def _at(where: Where, mapping: LDict, key: str, prefix: str = "") -> Where:
    """Return the place of a key in a mapping."""
    return where.at(prefix + key, mapping.line_of(key))
