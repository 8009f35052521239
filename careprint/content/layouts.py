"""Print geometry as data: ``layouts/handout.yaml`` (pages and type scale).

Loaded here, validated, and handed to renderers as frozen dataclasses, so the
renderers never open files. Millimetres in, points out (1 mm = 72/25.4 pt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.colors import HexColor

from careprint.content import schema, yamlio
from careprint.content.yamlio import LDict, LList
from careprint.errors import Collector, ContentError, UsageError, Where

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
    pictogram_pt: float = 30 * MM  # the width of a pictogram in a pictures block
    measure_em: float = 1e9  # the widest single-column text line, in body type sizes (no limit when not set)

    @property
    def measure_pt(self) -> float:
        """Return the widest single-column line: in ems, so it holds the same characters at any body size."""
        return self.measure_em * self.type_pt["body"]

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


_TYPE_KEYS = ("title", "subtitle", "heading", "body", "warning", "emergency", "step_number", "caption", "footer")
_COLOR_KEYS = ("text", "heading", "rule", "warning_border", "warning_fill", "warning_title", "muted")
MIN_BODY_PT = 12.0
MIN_QR_MM = 20.0
# Plausible ranges for every number in a layout file (named in the error).
_PAPER_MM = (50.0, 1000.0, "a length in mm")
_MARGIN_MM = (5.0, 60.0, "a margin in mm")
_TYPE_PT = (6.0, 40.0, "a size in pt")
# Text colour on its background: WCAG 2 AA asks 4.5:1 for body text.
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_PAPER = "#ffffff"
_HANDOUT_CONTRAST = (("text", None), ("heading", None), ("muted", None), ("text", "warning_fill"),
                     ("warning_title", "warning_fill"))


def load_handout_layout(path: Path) -> HandoutLayout:
    """Load and validate the handout layout file."""
    data = yamlio.load(path, root=path.parent.parent)
    where = Where(path, 1)
    c = Collector()
    required = {"papers": LDict, "margins_mm": LDict, "type_pt": LDict, "leading": float, "qr": LDict, "colors": LDict}
    if not schema.fields(c, data, where, required, {"measure_em": float, "pictogram_mm": float}):
        c.raise_if_any()
    c.raise_if_any()
    for name, size in data["papers"].items():
        schema.fields(c, size, _at(where, data["papers"], name, "papers."), {"width_mm": float, "height_mm": float})
    schema.fields(c, data["margins_mm"], _at(where, data, "margins_mm"), dict.fromkeys(("top", "bottom", "left", "right"), float))
    schema.fields(c, data["type_pt"], _at(where, data, "type_pt"), dict.fromkeys(_TYPE_KEYS, float))
    schema.fields(c, data["colors"], _at(where, data, "colors"), dict.fromkeys(_COLOR_KEYS, str))
    schema.fields(c, data["qr"], _at(where, data, "qr"), {"size_mm": float})
    c.raise_if_any()
    for name, size in data["papers"].items():
        schema.ranges(c, size, _at(where, data["papers"], name, "papers."), dict.fromkeys(("width_mm", "height_mm"), _PAPER_MM))
    schema.ranges(c, data["margins_mm"], _at(where, data, "margins_mm"), dict.fromkeys(data["margins_mm"], _MARGIN_MM))
    type_ranges = {**dict.fromkeys(_TYPE_KEYS, _TYPE_PT), "body": (MIN_BODY_PT, 40.0, "a size in pt")}
    schema.ranges(c, data["type_pt"], _at(where, data, "type_pt"), type_ranges)
    schema.in_range(c, data, "leading", where, 1.0, 2.5, "a multiple of the type size")
    schema.ranges(c, data["qr"], _at(where, data, "qr"), {"size_mm": (MIN_QR_MM, 60.0, "a QR code size in mm")})
    colors = _colors(c, data["colors"], _at(where, data, "colors"), _HANDOUT_CONTRAST)
    c.raise_if_any()
    _check_text_area(c, data, where)
    c.raise_if_any()
    return HandoutLayout(
        papers={name: (size["width_mm"] * MM, size["height_mm"] * MM) for name, size in data["papers"].items()},
        margins_pt={k: float(v) * MM for k, v in data["margins_mm"].items()},
        type_pt={k: float(v) for k, v in data["type_pt"].items()},
        leading=float(data["leading"]),
        qr_symbol_pt=float(data["qr"]["size_mm"]) * MM,
        colors=colors,
        measure_em=float(data.get("measure_em", 1e9)),
        pictogram_pt=float(data.get("pictogram_mm", 30)) * MM,
    )


MIN_TEXT_AREA_MM = 80.0


def _check_text_area(c: Collector, data: LDict, where: Where) -> None:
    """Refuse margins that leave less than MIN_TEXT_AREA_MM of any paper for text."""
    m = data["margins_mm"]
    for name, size in data["papers"].items():
        left = (size["width_mm"] - m["left"] - m["right"], size["height_mm"] - m["top"] - m["bottom"])
        if min(left) < MIN_TEXT_AREA_MM:
            c.add(f"the margins leave {left[0]:g} × {left[1]:g} mm for text on {name}; at least "
                  f"{MIN_TEXT_AREA_MM:g} mm each way", _at(where, data, "margins_mm"))


def _colors(c: Collector, data: LDict, where: Where, pairs) -> dict[str, HexColor]:
    """Parse '#rrggbb' colours; refuse text colours too close to their background (None: the white paper)."""
    colors = {}
    for key, value in data.items():
        if _HEX.match(value):
            colors[key] = HexColor(value)
        else:
            c.add(f"expected a colour like '#0b3a66', found {value[:30]!r}", where.at(f"{where.key}.{key}", data.line_of(key)))
    for fg, bg in pairs:
        if fg in colors and (bg is None or bg in colors):
            back = colors[bg] if bg else HexColor(_PAPER)
            ratio = _contrast(colors[fg], back)
            if ratio < MIN_CONTRAST:
                on = f"on {where.key}.{bg}" if bg else "on white paper"
                c.add(f"{data[fg]} {on} has a contrast of {ratio:.1f}:1; text needs at least {MIN_CONTRAST:g}:1 "
                      "(WCAG AA)", where.at(f"{where.key}.{fg}", data.line_of(fg)))
    return colors


def _contrast(a: HexColor, b: HexColor) -> float:
    """Return the WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(color: HexColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _at(where: Where, mapping: LDict, key: str, prefix: str = "") -> Where:
    """Return the place of a key in a mapping."""
    return where.at(prefix + key, mapping.line_of(key))


@dataclass(frozen=True)
class CardLayout:
    """The wallet card's design: sizes in points, type scale, colours."""

    width_pt: float
    height_pt: float
    corner_pt: float
    safe_pt: float
    band_pt: float
    band_inset_pt: float  # the band's margin inside the trim when it cannot bleed
    qr_symbol_pt: float  # room for the QR symbol; its modules are at least qr.CARD_MIN_MODULE_MM
    type_pt: dict[str, float]
    key_min_pt: float
    min_pt: float
    colors: dict[str, HexColor]
    cut_length_pt: float
    cut_gap_pt: float


@dataclass(frozen=True)
class Stock:
    """A sheet of cards: vendor template geometry in points, top-left origin as in templates."""

    id: str
    vendor: str
    name: str
    parts: tuple[str, ...]
    equivalents: tuple[str, ...]
    paper: str
    sheet_pt: tuple[float, float]
    card_pt: tuple[float, float]
    corner_pt: float
    columns: int
    rows: int
    origin_pt: tuple[float, float]
    pitch_pt: tuple[float, float]
    cut: str  # "none" or "marks"

    @property
    def positions(self) -> int:
        return self.columns * self.rows


_CARD_TYPE_PT = (6.5, 20.0, "a size in pt")
_CARD_RANGES = {"safe_mm": (0.0, 10.0, "a distance in mm"), "band_mm": (5.0, 25.0, "a height in mm"),
                "band_inset_mm": (0.0, 5.0, "a distance in mm"),
                "qr_mm": (15.0, 40.0, "a QR code size in mm"), "key_min_pt": _CARD_TYPE_PT, "min_pt": _CARD_TYPE_PT}
_CARD_MM = {"width": (40.0, 120.0, "a width in mm"), "height": (25.0, 90.0, "a height in mm"),
            "corner_radius": (0.0, 10.0, "a radius in mm")}
_CARD_CONTRAST = (("text", None), ("band_text", "band"))


def load_card_layout(path: Path) -> CardLayout:
    """Load and validate layouts/card.yaml."""
    data = yamlio.load(path, root=path.parent.parent)
    where = Where(path, 1)
    c = Collector()
    required = {"card_mm": LDict, "safe_mm": float, "band_mm": float, "band_inset_mm": float, "qr_mm": float,
                "type_pt": LDict,
                "key_min_pt": float, "min_pt": float, "colors": LDict, "cut_marks_mm": LDict}
    if schema.fields(c, data, where, required):
        c.raise_if_any()
        schema.fields(c, data["card_mm"], _at(where, data, "card_mm"), dict.fromkeys(("width", "height", "corner_radius"), float))
        type_keys = ("title", "key", "body", "personal", "small")
        schema.fields(c, data["type_pt"], _at(where, data, "type_pt"), dict.fromkeys(type_keys, float))
        schema.fields(c, data["cut_marks_mm"], _at(where, data, "cut_marks_mm"), {"length": float, "gap": float})
        colors = ("band", "band_text", "text", "rule", "guide")
        schema.fields(c, data["colors"], _at(where, data, "colors"), dict.fromkeys(colors, str))
    c.raise_if_any()
    schema.ranges(c, data, where, _CARD_RANGES)
    schema.ranges(c, data["card_mm"], _at(where, data, "card_mm"), _CARD_MM)
    schema.ranges(c, data["type_pt"], _at(where, data, "type_pt"), dict.fromkeys(data["type_pt"], _CARD_TYPE_PT))
    cut = {"length": (0.0, 20.0, "a length in mm"), "gap": (0.0, 10.0, "a gap in mm")}
    schema.ranges(c, data["cut_marks_mm"], _at(where, data, "cut_marks_mm"), cut)
    colors = _colors(c, data["colors"], _at(where, data, "colors"), _CARD_CONTRAST)
    c.raise_if_any()
    if data["key_min_pt"] < data["min_pt"]:
        raise ContentError("key_min_pt must be at least min_pt", _at(where, data, "key_min_pt"))
    if data["min_pt"] < 8:  # no text a patient reads below 8 pt (only the version line for staff is smaller)
        raise ContentError("min_pt must be at least 8", _at(where, data, "min_pt"))
    card = data["card_mm"]
    if data["qr_mm"] + 2 * data["safe_mm"] > card["height"] / 2:  # the back's text column needs the rest
        raise ContentError(f"a {data['qr_mm']:g} mm QR code takes more than half of a {card['height']:g} mm card "
                           "(with its safe margins)", _at(where, data, "qr_mm"))
    return CardLayout(
        width_pt=card["width"] * MM, height_pt=card["height"] * MM, corner_pt=card["corner_radius"] * MM,
        safe_pt=data["safe_mm"] * MM, band_pt=data["band_mm"] * MM, band_inset_pt=data["band_inset_mm"] * MM,
        qr_symbol_pt=data["qr_mm"] * MM,
        type_pt={k: float(v) for k, v in data["type_pt"].items()}, key_min_pt=float(data["key_min_pt"]),
        min_pt=float(data["min_pt"]), colors=colors,
        cut_length_pt=data["cut_marks_mm"]["length"] * MM, cut_gap_pt=data["cut_marks_mm"]["gap"] * MM,
    )


_STOCK_MM = {
    "sheet_mm": dict.fromkeys(("width", "height"), _PAPER_MM),
    "card_mm": dict.fromkeys(("width", "height"), (20.0, 200.0, "a card size in mm")),
    "origin_mm": dict.fromkeys(("x", "y"), (0.0, 500.0, "a distance from the sheet edge in mm")),
    "pitch_mm": dict.fromkeys(("x", "y"), (20.0, 500.0, "a distance in mm")),
}
_STOCK_NUMBERS = {"columns": (1, 20, "a count"), "rows": (1, 20, "a count"),
                  "corner_radius_mm": (0.0, 10.0, "a radius in mm")}


def load_stock(path: Path, papers: dict[str, tuple[float, float]]) -> Stock:
    """Load and validate one stock template from layouts/stock/."""
    data = yamlio.load(path, root=path.parent.parent.parent)
    where = Where(path, 1)
    c = Collector()
    required = {"id": str, "vendor": str, "name": str, "parts": LList, "equivalents": LList, "paper": str,
                "sheet_mm": LDict, "card_mm": LDict, "corner_radius_mm": float, "columns": int, "rows": int,
                "origin_mm": LDict, "pitch_mm": LDict, "cut": str, "source": str}
    if schema.fields(c, data, where, required, {"note": str}):
        c.raise_if_any()
        for key, names in (("sheet_mm", ("width", "height")), ("card_mm", ("width", "height")),
                           ("origin_mm", ("x", "y")), ("pitch_mm", ("x", "y"))):
            schema.fields(c, data[key], _at(where, data, key), dict.fromkeys(names, float))
        if data["id"] != path.stem:
            c.add(f"expected {path.stem!r} (the file name)", _at(where, data, "id"))
        if data["cut"] not in ("none", "marks"):
            c.add("expected none or marks", _at(where, data, "cut"))
        if data["paper"] not in papers:
            c.add(f"unknown paper; known: {', '.join(papers)}", _at(where, data, "paper"))
    c.raise_if_any()
    for key, limits in _STOCK_MM.items():
        schema.ranges(c, data[key], _at(where, data, key), limits)
    schema.ranges(c, data, where, _STOCK_NUMBERS)
    c.raise_if_any()
    paper_mm = tuple(round(v / MM, 1) for v in papers[data["paper"]])
    sheet_mm = (round(data["sheet_mm"]["width"], 1), round(data["sheet_mm"]["height"], 1))
    if sheet_mm != paper_mm:
        raise ContentError(f"sheet is {sheet_mm[0]:g} × {sheet_mm[1]:g} mm but paper {data['paper']} is "
                           f"{paper_mm[0]:g} × {paper_mm[1]:g} mm", _at(where, data, "sheet_mm"))
    _check_stock_fits(data, where)

    def pt(key: str, a: str, b: str) -> tuple[float, float]:
        return data[key][a] * MM, data[key][b] * MM

    return Stock(
        id=data["id"], vendor=data["vendor"], name=data["name"], parts=tuple(data["parts"]),
        equivalents=tuple(data["equivalents"]), paper=data["paper"], sheet_pt=pt("sheet_mm", "width", "height"),
        card_pt=pt("card_mm", "width", "height"), corner_pt=data["corner_radius_mm"] * MM, columns=data["columns"],
        rows=data["rows"], origin_pt=pt("origin_mm", "x", "y"), pitch_pt=pt("pitch_mm", "x", "y"), cut=data["cut"],
    )


def _check_stock_fits(data: LDict, where: Where) -> None:
    """Refuse a template whose cards overlap or run off the sheet."""
    for axis, size, count in (("x", "width", "columns"), ("y", "height", "rows")):
        if data["pitch_mm"][axis] + 1e-6 < data["card_mm"][size]:
            raise ContentError(f"pitch {axis} is smaller than the card {size}: cards would overlap", _at(where, data, "pitch_mm"))
        far = data["origin_mm"][axis] + (data[count] - 1) * data["pitch_mm"][axis] + data["card_mm"][size]
        if far > data["sheet_mm"][size] + 1e-6:
            message = f"the last {count[:-1]} ends at {far:.2f} mm, past the sheet {size}"
            raise ContentError(message, _at(where, data, "origin_mm"))
