"""Private helpers for careprint.text.bidi: levels, fonts, break points, shaping, reordering."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import NamedTuple

import uharfbuzz
from bidi import algorithm as _uba
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

BASE_LEVEL = 1  # paragraphs are right-to-left
SHAPE_CACHE_SIZE = 4096
_LRE, _RLE, _PDF = "\u202a", "\u202b", "\u202c"
_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_ISOLATE_TO_EMBED = {_LRI: _LRE, _RLI: _RLE, _PDI: _PDF}
# Invisible bidi controls: they steer levels but are never handed to HarfBuzz.
NOT_DRAWN = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Bidi classes that borrow the font of a neighbour (spaces, punctuation, marks, controls).
_BREAK_AFTER = frozenset(" \u200b")  # break opportunities follow these
_HYPHENS = frozenset("-\u2010")
_FONT_NEUTRAL = frozenset(
    "WS ON CS ES ET S B BN NSM LRE RLE LRO RLO PDF LRI RLI FSI PDI".split()
)


def _fsi_embedding(text: str, start: int) -> str:
    """Return LRE or RLE for the FSI at start, from its first strong character (rule P2)."""
    depth = 0
    for ch in text[start + 1:]:
        if ch in (_LRI, _RLI, _FSI):
            depth += 1
        elif ch == _PDI:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and unicodedata.bidirectional(ch) in ("R", "AL"):
            return _RLE
        elif depth == 0 and unicodedata.bidirectional(ch) == "L":
            return _LRE
    return _LRE


def map_isolates(text: str) -> str:
    """Replace isolate controls with the embeddings python-bidi understands."""
    return "".join(
        _fsi_embedding(text, i) if ch == _FSI else _ISOLATE_TO_EMBED.get(ch, ch)
        for i, ch in enumerate(text)
    )


def embedding_levels(text: str) -> list[int]:
    """Resolve one bidi embedding level per logical character, base direction RTL."""
    storage = _uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = BASE_LEVEL, "R"
    _uba.get_embedding_levels(map_isolates(text), storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index  # survives rule X9, which drops the controls
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    previous = BASE_LEVEL
    for index, level in enumerate(levels):  # removed controls copy their neighbour
        previous = levels[index] = previous if level is None else level
    return levels  # type: ignore[return-value]


@functools.lru_cache(maxsize=8192)
def covers(font_name: str, char: str) -> bool:
    """Tell whether the registered font has a glyph for char."""
    return ord(char) in pdfmetrics.getFont(font_name).face.charToGlyph


def _strong_neighbours(text: str) -> tuple[list[int | None], list[int | None]]:
    """Return, per index, the nearest non-neutral index before and after it."""
    neutral = [unicodedata.bidirectional(ch) in _FONT_NEUTRAL for ch in text]
    before: list[int | None] = [None] * len(text)
    after: list[int | None] = [None] * len(text)
    last = None
    for index, is_neutral in enumerate(neutral):
        before[index] = last
        last = last if is_neutral else index
    last = None
    for index in range(len(text) - 1, -1, -1):
        after[index] = last
        last = last if neutral[index] else index
    return before, after


def assign_fonts(
    text: str, levels: Sequence[int], styles: Sequence[tuple[bool, bool]],
    font_for: Callable[[str, bool, bool], str],
) -> list[str]:
    """Pick a font per character; neutrals reuse a covering neighbour's font, same level first."""
    before, after = _strong_neighbours(text)
    chosen: dict[tuple[str, bool, bool], str] = {}  # font_for depends on the character and style only

    def font(char: str, style: tuple[bool, bool]) -> str:
        key = (char, *style)
        if key not in chosen:
            chosen[key] = font_for(*key)
        return chosen[key]

    fonts = []
    for index, char in enumerate(text):
        if unicodedata.bidirectional(char) not in _FONT_NEUTRAL:
            fonts.append(font(char, styles[index]))
            continue
        near = [j for j in (before[index], after[index]) if j is not None]
        near.sort(key=lambda j: levels[j] != levels[index])  # stable: previous wins ties
        candidates = [font(text[j], styles[index]) for j in near]
        fonts.append(next((f for f in candidates if covers(f, char)), None) or font(char, styles[index]))
    return fonts


def segments(text: str) -> list[tuple[int, int]]:
    """Cut text at break opportunities: after spaces, and after a hyphen between letters."""
    cuts = [0]
    for pos in range(1, len(text)):
        before, after = text[pos - 1], text[pos]
        after_space = before in _BREAK_AFTER and after not in _BREAK_AFTER
        after_hyphen = before in _HYPHENS and pos >= 2 and text[pos - 2].isalpha() and after.isalpha()
        if after_space or after_hyphen:
            cuts.append(pos)
    cuts.append(len(text))
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def content_end(text: str, start: int, end: int) -> int:
    """Return end less any trailing break spaces."""
    while end > start and text[end - 1] in _BREAK_AFTER:
        end -= 1
    return end


def visual_order(levels: Sequence[int]) -> list[int]:
    """Return run indices left to right by rule L2 (reverse from highest level to lowest odd)."""
    order, levels = list(range(len(levels))), list(levels)
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for threshold in range(max(levels), min(odd) - 1, -1):
        index = 0
        while index < len(levels):
            end = index
            while end < len(levels) and levels[end] >= threshold:
                end += 1
            if end > index:
                order[index:end], levels[index:end] = order[index:end][::-1], levels[index:end][::-1]
            index = end + 1
    return order


def mirror(text: str) -> str:
    """Swap mirrored characters (brackets etc.) by python-bidi's MIRRORED table (rule L4)."""
    return "".join(MIRRORED.get(ch, ch) for ch in text)


class Shaped(NamedTuple):
    """HarfBuzz output for one run: glyphs in visual order, positions in font units."""

    glyph_ids: tuple[int, ...]
    clusters: tuple[int, ...]
    positions: tuple[tuple[int, int, int, int], ...]  # x_advance, y_advance, x_offset, y_offset
    width_pt: float


@functools.lru_cache(maxsize=64)
def hb_font(font_name: str, font_size_pt: float) -> uharfbuzz.Font:
    """Return the HarfBuzz font of a registered ReportLab TTFont."""
    return pdfmetrics.getFont(font_name).hbFont(font_size_pt)


def shape_uncached(text: str, font_name: str, font_size_pt: float, rtl: bool) -> Shaped:
    """Shape logical text with HarfBuzz in the given direction."""
    font = hb_font(font_name, font_size_pt)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = "und"  # not the process locale: keeps output deterministic
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    positions = tuple(
        (p.x_advance, p.y_advance, p.x_offset, p.y_offset) for p in buffer.glyph_positions
    )
    units_per_em = font.face.upem
    width_pt = sum(p[0] for p in positions) * font_size_pt / units_per_em
    infos = buffer.glyph_infos
    return Shaped(tuple(i.codepoint for i in infos), tuple(i.cluster for i in infos), positions, width_pt)


shape_text = functools.lru_cache(maxsize=SHAPE_CACHE_SIZE)(shape_uncached)


def _char_for_glyph(font_name: str, font_size_pt: float, glyph_id: int) -> int:
    """Return a code point that ReportLab's subsetter maps to glyph_id (private-use if unmapped)."""
    ttf = pdfmetrics.getFont(font_name)
    chars = ttf.face.glyphToChar.get(glyph_id)
    if chars:
        return chars[0]
    font = hb_font(font_name, font_size_pt)  # also installs ttf.hbAddPrivate
    advance = ttf.pdfScale(font.get_glyph_h_advance(glyph_id))
    return ttf.hbAddPrivate(font.glyph_to_string(glyph_id), glyph_id, advance)


@functools.lru_cache(maxsize=SHAPE_CACHE_SIZE)
def shaped_str(text: str, font_name: str, font_size_pt: float, rtl: bool) -> ShapedStr:
    """Build the ShapedStr that ReportLab's text object draws glyph by glyph."""
    ttf = pdfmetrics.getFont(font_name)
    shaped = shape_text(text, font_name, font_size_pt, rtl)
    scale, widths = ttf.face._pdfScale, ttf.face.charWidths  # what ttf.pdfScale calls, looked up once per run
    codes = {glyph_id: _char_for_glyph(font_name, font_size_pt, glyph_id) for glyph_id in dict.fromkeys(shaped.glyph_ids)}
    chars, data = [], []
    for glyph_id, cluster, (x_adv, y_adv, x_off, y_off) in zip(
        shaped.glyph_ids, shaped.clusters, shaped.positions, strict=True
    ):
        code = codes[glyph_id]
        chars.append(chr(code))
        data.append(ShapeData(cluster, scale(x_adv), scale(y_adv), scale(x_off), scale(y_off), widths.get(code, 0)))
    return ShapedStr("".join(chars), shapeData=data)
