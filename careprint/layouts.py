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
from careprint.yamlio import LDict, LList

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


def load_card_layout(path: Path) -> CardLayout:
    """Load and validate layouts/card.yaml."""
    data = yamlio.load(path)
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
    if data["min_pt"] < 8 or data["key_min_pt"] < data["min_pt"]:  # no text a patient reads below 8 pt
        raise ContentError("min_pt must be at least 8 and key_min_pt at least min_pt", _at(where, data, "min_pt"))
    if data["qr_mm"] < 15:
        raise ContentError("QR codes on cards must be at least 15 mm", _at(where, data, "qr_mm"))
    card = data["card_mm"]
    return CardLayout(
        width_pt=card["width"] * MM, height_pt=card["height"] * MM, corner_pt=card["corner_radius"] * MM,
        safe_pt=data["safe_mm"] * MM, band_pt=data["band_mm"] * MM, band_inset_pt=data["band_inset_mm"] * MM,
        qr_symbol_pt=data["qr_mm"] * MM,
        type_pt={k: float(v) for k, v in data["type_pt"].items()}, key_min_pt=float(data["key_min_pt"]),
        min_pt=float(data["min_pt"]), colors={k: HexColor(v) for k, v in data["colors"].items()},
        cut_length_pt=data["cut_marks_mm"]["length"] * MM, cut_gap_pt=data["cut_marks_mm"]["gap"] * MM,
    )


def load_stock(path: Path, papers: dict[str, tuple[float, float]]) -> Stock:
    """Load and validate one stock template from layouts/stock/."""
    data = yamlio.load(path)
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
