"""Right-to-left paragraphs (Arabic with embedded Latin words and numbers) for ReportLab.

Pipeline: spans -> logical text -> bidi levels (python-bidi's pure-Python
``bidi.algorithm``, base level 1, isolates LRI/RLI/FSI/PDI mapped to
LRE/RLE/PDF first) -> per-character font from ``font_for`` (neutrals borrow a
covering neighbour's font) -> greedy line breaking in logical order, measured
with HarfBuzz advances -> per line, runs reordered by rule L2 and drawn
right-aligned.

Drawing shaped glyphs: each visual run is shaped by our own HarfBuzz call with
an explicit direction (ReportLab's ``shapeStr`` guesses the direction from
the script, so a run of only brackets or spaces inside Arabic would come out
left-to-right). The glyph ids are then wrapped in ReportLab's own ``ShapedStr``
(one code point per glyph: the cmap's character, or a private-use code point
registered through ``TTFont.hbAddPrivate`` for contextual forms that have no
cmap entry), and drawn with ``textOut``. ReportLab's text object already emits
such strings glyph by glyph with TJ adjustments for the HarfBuzz advances and
offsets, and its subsetter embeds exactly those glyphs; so we reuse its font
embedding and ToUnicode machinery instead of writing our own CID font
embedding. Text extraction of Arabic contextual forms yields private-use
code points; the printed glyphs are HarfBuzz's.

Mirroring: ``VisualRun.text`` holds the run in logical order with rule L4
applied (python-bidi's MIRRORED table) in RTL runs. HarfBuzz mirrors RTL
buffers itself, so the shaper is handed the unmirrored characters; handing it
the mirrored ones would flip brackets back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.platypus import Flowable

from careprint.text import _bidi_runs as _runs
from careprint.text.markup import FSI, PDI, Span

FontFor = Callable[[str, bool, bool], str]
_LRI = "\u2066"
# A number as people write phone numbers: digits joined by - . / ( ) and single spaces, maybe a leading +.
_NUMBER = re.compile(r"[+(]?\d(?:[-\u2010\u2011./() \u00a0]?[\d(]|\))*")
_EPSILON_PT = 1e-6
_FLATTEN = {ord(ch): " " for ch in "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"}


def isolate_value(value: str) -> str:
    """Wrap a typed value for a right-to-left paragraph so it keeps its order, numbers left to right.

    The whole value is a first-strong isolate (it cannot disturb the label
    around it), and each number in it a left-to-right isolate: after an Arabic
    word, rule W2 makes digits Arabic numbers, and a hyphen between two of
    them is no longer part of the number, so "555-0199" would print 0199-555.
    """
    return FSI + _NUMBER.sub(lambda m: _LRI + m.group() + PDI, value) + PDI


class VisualRun(NamedTuple):
    """One run on a line; x_pt is from the left edge of the text box."""

    x_pt: float
    text: str  # logical order, brackets mirrored when level is odd
    font_name: str
    level: int
    width_pt: float


class Line(list):
    """VisualRuns left to right, plus the logical [start, end) range they show."""

    def __init__(self, runs: Sequence[VisualRun], start: int, end: int):
        super().__init__(runs)
        self.start, self.end = start, end


class _Piece(NamedTuple):
    text: str
    font_name: str
    style: tuple[bool, bool]
    level: int


@dataclass(frozen=True)
class _Logical:
    """Paragraph text with per-character bidi level, font and style."""

    text: str
    levels: tuple[int, ...]
    fonts: tuple[str, ...]
    styles: tuple[tuple[bool, bool], ...]

    def sliced(self, start: int, end: int) -> _Logical:
        """Cut out [start, end), keeping the levels resolved for the whole paragraph."""
        cut = slice(start, end)
        return _Logical(self.text[cut], self.levels[cut], self.fonts[cut], self.styles[cut])

    def spans(self) -> list[Span]:
        """Regroup the characters into Spans."""
        spans: list[Span] = []
        for char, (bold, italic) in zip(self.text, self.styles, strict=True):
            if spans and (spans[-1].bold, spans[-1].italic) == (bold, italic):
                spans[-1] = Span(spans[-1].text + char, bold, italic)
            else:
                spans.append(Span(char, bold, italic))
        return spans


def _prepare(spans: Sequence[Span], font_for: FontFor) -> _Logical:
    """Resolve levels, fonts and styles for the concatenated spans."""
    text = "".join(span.text.translate(_FLATTEN) for span in spans)
    styles = tuple((s.bold, s.italic) for s in spans for _ in s.text)
    levels = tuple(_runs.embedding_levels(text))
    return _Logical(text, levels, tuple(_runs.assign_fonts(text, levels, styles, font_for)), styles)


def _pieces(logical: _Logical, start: int, end: int) -> list[_Piece]:
    """Itemise drawable characters in [start, end) into runs of equal font, style and level."""
    text, fonts, styles, levels = logical.text, logical.fonts, logical.styles, logical.levels
    drawn = [i for i in range(start, end) if text[i] not in _runs.NOT_DRAWN]
    groups = groupby(drawn, key=lambda i: (fonts[i], styles[i], levels[i]))
    return [_Piece("".join(text[i] for i in group), *key) for key, group in groups]


def _shape(piece: _Piece, font_size_pt: float) -> _runs.Shaped:
    """Shape a logical piece in the direction of its level."""
    return _runs.shape_text(piece.text, piece.font_name, font_size_pt, bool(piece.level % 2))


def _width_pt(logical: _Logical, start: int, end: int, font_size_pt: float) -> float:
    """Measure [start, end) as the sum of its shaped runs."""
    return sum(_shape(p, font_size_pt).width_pt for p in _pieces(logical, start, end))


def _fit_chars(logical: _Logical, start: int, end: int, avail_pt: float, font_size_pt: float) -> int:
    """Return the longest prefix end of an overlong word that fits, or raise ValueError."""
    best = None
    for pos in range(start + 1, end):
        if unicodedata.category(logical.text[pos]) in ("Mn", "Mc", "Me"):
            continue  # never separate a mark from its base
        if _width_pt(logical, start, pos, font_size_pt) > avail_pt + _EPSILON_PT:
            break
        best = pos
    if best is None:
        word = logical.text[start:end]
        raise ValueError(f"word {word!r} cannot fit in {avail_pt:.2f}pt, not even one character")
    return best


def _break_lines(logical: _Logical, width_pt: float, indent_pt: float, font_size_pt: float) -> list[tuple[int, int]]:
    """Break logical text greedily into [start, end) line ranges without trailing spaces."""
    ranges: list[tuple[int, int]] = []
    segments = deque(_runs.segments(logical.text))
    start = end = None
    used_pt = 0.0
    while segments:
        seg_start, seg_end = segments.popleft()
        content_end = _runs.content_end(logical.text, seg_start, seg_end)
        avail_pt = width_pt - (0.0 if ranges else indent_pt)
        content_pt = _width_pt(logical, seg_start, content_end, font_size_pt)
        if start is None and content_pt > avail_pt + _EPSILON_PT:
            cut = _fit_chars(logical, seg_start, content_end, avail_pt, font_size_pt)
            ranges.append((seg_start, cut))
            segments.appendleft((cut, seg_end))
        elif start is None or used_pt + content_pt <= avail_pt + _EPSILON_PT:
            start = seg_start if start is None else start
            used_pt += _width_pt(logical, seg_start, seg_end, font_size_pt)
            end = content_end
        else:
            ranges.append((start, end))
            start, used_pt = None, 0.0
            segments.appendleft((seg_start, seg_end))
    if start is not None and end > start:
        ranges.append((start, end))
    return ranges


def _visual_line(logical: _Logical, start: int, end: int, right_pt: float, font_size_pt: float,
                 centre: bool = False) -> Line:
    """Reorder the line's runs by rule L2 and place them flush against right_pt (or centred in it)."""
    pieces = _pieces(logical, start, end)
    ordered = [pieces[i] for i in _runs.visual_order([p.level for p in pieces])]
    widths_pt = [_shape(p, font_size_pt).width_pt for p in ordered]
    x_pt = (right_pt - sum(widths_pt)) / (2 if centre else 1)
    runs = []
    for piece, width_pt in zip(ordered, widths_pt, strict=True):
        text = _runs.mirror(piece.text) if piece.level % 2 else piece.text
        runs.append(VisualRun(x_pt, text, piece.font_name, piece.level, width_pt))
        x_pt += width_pt
    return Line(runs, start, end)


@functools.lru_cache(maxsize=4096)
def _layout(logical: _Logical, width_pt: float, font_size_pt: float, indent_pt: float = 0.0,
            centre: bool = False) -> list[Line]:
    """Lay out prepared text into right-aligned (or centred) visual lines."""
    ranges = _break_lines(logical, width_pt, indent_pt, font_size_pt)
    return [
        _visual_line(logical, a, b, width_pt - (indent_pt if n == 0 else 0.0), font_size_pt, centre)
        for n, (a, b) in enumerate(ranges)
    ]


@functools.lru_cache(maxsize=4096)
def widest_word_pt(logical: _Logical, font_size_pt: float) -> float:
    """Return the width of the widest unbreakable piece (what a box must at least hold)."""
    return max(
        (_width_pt(logical, a, _runs.content_end(logical.text, a, b), font_size_pt) for a, b in _runs.segments(logical.text)),
        default=0.0,
    )


def layout_lines(
    spans: Sequence[Span], width_pt: float, *, font_for: FontFor, font_size_pt: float,
    first_line_indent_pt: float = 0.0,
) -> list[Line]:
    """Lay out spans as right-to-left lines of visual runs within width_pt."""
    return _layout(_prepare(spans, font_for), width_pt, font_size_pt, first_line_indent_pt)


def run_glyphs(run: VisualRun, font_size_pt: float) -> _runs.Shaped:
    """Shape a laid-out run exactly as RtlParagraph.draw does (glyphs left to right)."""
    rtl = bool(run.level % 2)
    return _runs.shape_text(_runs.mirror(run.text) if rtl else run.text, run.font_name, font_size_pt, rtl)


# Resolved logical text by (spans, font_key): a handout built again lays out the same paragraphs.
_PREPARED: dict[tuple, _Logical] = {}


class RtlParagraph(Flowable):
    """A right-aligned, right-to-left paragraph flowable with HarfBuzz shaping."""

    def __init__(
        self, spans: Sequence[Span], *, font_for: FontFor, font_size_pt: float,
        leading_pt: float, color=colors.black, first_line_indent_pt: float = 0.0,
        right_indent_pt: float = 0.0, left_indent_pt: float = 0.0,
        space_before_pt: float = 0.0, space_after_pt: float = 0.0, centre: bool = False,
        keep_with_next: bool = False, font_key: tuple | None = None,
    ):
        """font_key names what font_for depends on (the font families in order): with it, the
        resolved text and its layout are shared by every paragraph with the same spans."""
        super().__init__()
        self.font_key = font_key
        self.centre, self.keepWithNext = centre, keep_with_next
        self.spans = tuple(spans)
        self.font_for, self.font_size_pt, self.leading_pt = font_for, font_size_pt, leading_pt
        self.color, self.first_line_indent_pt = color, first_line_indent_pt
        self.right_indent_pt, self.left_indent_pt = right_indent_pt, left_indent_pt
        self.space_before_pt, self.space_after_pt = space_before_pt, space_after_pt
        self._logical: _Logical | None = None
        self.lines: list[Line] = []

    def _prepared(self) -> _Logical:
        """Return the resolved logical text, computing it once (per font choice, across paragraphs)."""
        if self._logical is None:
            key = (self.spans, self.font_key)
            if self.font_key is None or key not in _PREPARED:
                if len(_PREPARED) > 4096:
                    _PREPARED.clear()
                _PREPARED[key] = _prepare(self.spans, self.font_for)
            self._logical = _PREPARED[key]
        return self._logical

    def _lay_out(self, avail_width_pt: float) -> list[Line]:
        """Lay out for a frame of the given width."""
        text_width_pt = avail_width_pt - self.left_indent_pt - self.right_indent_pt
        return _layout(self._prepared(), text_width_pt, self.font_size_pt, self.first_line_indent_pt, self.centre)

    def widest_word_pt(self) -> float:
        """Return the width the widest word needs (a narrower box would break it inside)."""
        return widest_word_pt(self._prepared(), self.font_size_pt)

    def getActualLineWidths0(self) -> list[float]:  # noqa: N802 (ReportLab Paragraph's name)
        """Return each laid-out line's width, as Paragraph does."""
        return [sum(run.width_pt for run in line) for line in self.lines]

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab protocol)
        """Lay out the lines and report the size they need."""
        self.lines = self._lay_out(availWidth)
        self.width, self.height = availWidth, len(self.lines) * self.leading_pt
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab protocol)
        """Return the lines that fit and the rest as two paragraphs, or [] if none fit."""
        lines = self._lay_out(availWidth)
        fit = int((availHeight + _EPSILON_PT) // self.leading_pt)
        if fit <= 0 or not lines:
            return []
        if fit >= len(lines):
            return [self]
        cut = lines[fit].start
        logical = self._prepared()
        head = self._part(logical.sliced(0, cut), self.first_line_indent_pt, self.space_before_pt, 0.0, False)
        tail = self._part(logical.sliced(cut, len(logical.text)), 0.0, 0.0, self.space_after_pt, self.keepWithNext)
        return [head, tail]

    def _part(self, logical: _Logical, indent_pt: float, before_pt: float, after_pt: float,
              keep_with_next: bool) -> RtlParagraph:
        """Make a paragraph from already-resolved logical text."""
        part = RtlParagraph(
            logical.spans(), font_for=self.font_for, font_size_pt=self.font_size_pt,
            leading_pt=self.leading_pt, color=self.color, first_line_indent_pt=indent_pt,
            right_indent_pt=self.right_indent_pt, left_indent_pt=self.left_indent_pt,
            space_before_pt=before_pt, space_after_pt=after_pt, centre=self.centre, keep_with_next=keep_with_next,
        )  # no font_key: a part's text is already resolved
        part._logical = logical
        return part

    def getSpaceBefore(self):  # noqa: N802 (ReportLab protocol)
        """Return the space above the paragraph in points."""
        return self.space_before_pt

    def getSpaceAfter(self):  # noqa: N802 (ReportLab protocol)
        """Return the space below the paragraph in points."""
        return self.space_after_pt

    def draw(self):
        """Draw each run's HarfBuzz glyphs; baselines sit 0.8 em below a half-leading."""
        canv = self.canv
        drop_pt = (self.leading_pt - self.font_size_pt) / 2 + 0.8 * self.font_size_pt
        canv.saveState()
        canv.setFillColor(self.color)
        for number, line in enumerate(self.lines):
            y_pt = self.height - number * self.leading_pt - drop_pt
            for run in line:
                rtl = bool(run.level % 2)
                logical_text = _runs.mirror(run.text) if rtl else run.text
                text = canv.beginText(self.left_indent_pt + run.x_pt, y_pt)
                text.setFont(run.font_name, self.font_size_pt)
                text.textOut(_runs.shaped_str(logical_text, run.font_name, self.font_size_pt, rtl))
                canv.drawText(text)
        canv.restoreState()
