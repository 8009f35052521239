"""Card text: fit paragraphs into a wallet card's panels, shrinking type down to a minimum.

Used by ``careprint.render.card`` (ISO/IEC 7810 ID-1 and business-card stock).
A text that does not fit at the minimum size is a FitError naming the
language, keys, panel and shortfall, never clipped. ``fit_around`` sets the
back's text beside the QR column and then across the card below it.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from careprint.content.layouts import MM, CardLayout
from careprint.content.model import Document, Text
from careprint.errors import FitError
from careprint.render.text import TRACE, KinsokuParagraph, OverflowNote, TextMaker, overflow, overflow_allowed
from careprint.text.fonts import FontSet

# ReportLab may set a line up to a space's fraction wider than it was wrapped to where bold meets regular
# text; wrapping this much narrower keeps every line inside its panel.
WRAP_SLACK_PT = 0.3 * MM
LEADING = 1.15  # line height ÷ type size
SPACE_AFTER = 0.3  # space after a paragraph ÷ type size


class Fitter:
    """Fit texts into rectangles, shrinking type down to a minimum."""

    def __init__(self, doc: Document, layout: CardLayout, fonts: FontSet):
        self.doc, self.layout, self.fonts = doc, layout, fonts
        self.maker = TextMaker(fonts, doc.locale)
        self.rtl = self.maker.rtl
        self._parsed: dict[tuple, list] = {}  # font runs and style → the fragments ReportLab parsed for them

    def paragraphs(self, texts: list[Text], size_pt: float, color, bold=False, centre=False) -> list[Flowable]:
        # A word never breaks inside (except in CJK): one too wide for its panel makes the type smaller.
        style = self.maker.style("card", fontSize=size_pt, leading=size_pt * LEADING, textColor=color,
                                 spaceAfter=size_pt * SPACE_AFTER, splitLongWords=int(self.maker.cjk),
                                 **({"alignment": TA_CENTER} if centre else {}))
        return [self._paragraph(t, style, bold) for t in texts]

    def _paragraph(self, text: Text, style, bold: bool) -> Flowable:
        """Return the maker's paragraph, reusing the parse of an earlier text with the same font runs and style.

        ReportLab parses a paragraph's markup into fragments, one per font run here; the values on a sheet of
        cards differ only in their words, and parsing was half the time a personalised card took. A text with
        markup characters, or right to left, is parsed as usual.
        """
        if self.rtl or any(ch in span.text for span in text.spans for ch in "&<>"):
            return self.maker.paragraph(text, style, bold)
        runs = self.fonts.runs(text.spans, text.where)
        key = (style.fontSize, str(style.textColor), style.alignment, bold,
               tuple((fam.regular, span.bold, span.italic) for span, fam in runs))
        parsed = self._parsed.get(key)
        if parsed is None:
            para = self.maker.paragraph(text, style, bold)
            if len(para.frags) == len(runs):  # one fragment per run: the words can be swapped
                self._parsed[key] = [frag.clone() for frag in para.frags]
            return para
        frags = [frag.clone(text=span.text) for frag, (span, _) in zip(parsed, runs, strict=True)]
        return (KinsokuParagraph if self.maker.cjk else Paragraph)(text.plain, style, frags=frags)

    def x(self, x: float, width: float, w: float) -> float:
        """Mirror a box's left x across a face of width w for right-to-left locales."""
        return w - x - width if self.rtl else x

    def fit(self, texts, box, start_pt, min_pt, color, panel, bold=False, centre=False) -> tuple[list[Flowable], float]:
        """Return paragraphs fitted into box=(width, height) and their height, or raise FitError."""
        width, height = box
        size = _first_size(texts, height, start_pt, min_pt)
        while True:
            paras = self.paragraphs(texts, size, color, bold, centre)
            need = sum(p.wrap(width - WRAP_SLACK_PT, height)[1] for p in paras) + sum(p.getSpaceAfter() for p in paras[:-1])
            over = next(filter(None, (overflow(p, width) for p in paras)), None)
            if need <= height + 0.01 and over is None:
                _note_sizes(texts, size)
                return paras, need
            if size - 0.25 < min_pt - 1e-9:
                if need > height:
                    shortfall = (f"needs {need / MM:.1f} mm of height, has {height / MM:.1f} mm "
                                 f"({(need / height - 1) * 100:.0f}% too long)")
                else:
                    shortfall = over.describe(width)
                message = f"does not fit the {panel} panel even at {min_pt:g} pt: {shortfall}; shorten the text"
                keys = tuple(t.where.key for t in texts)
                trace = overflow_allowed()
                if trace is None:
                    raise FitError(message, texts[0].where.at(key=", ".join(keys)))
                trace.overflows.append(OverflowNote(keys, message, width, height, need, over.over_pt if over else 0.0))
                return paras, need
            size -= 0.25


def _note_sizes(texts: list[Text], size_pt: float) -> None:
    """Record the size each key was fitted at, for check --room (only while a trace is on)."""
    trace = TRACE.get()
    if trace is not None:
        trace.sizes_pt.update((t.where.key, size_pt) for t in texts)


def _first_size(texts: list[Text], height: float, start_pt: float, min_pt: float) -> float:
    """Return the first size of fit's steps at which the texts' lines alone could fit the height.

    Every line is size × LEADING high, so a larger size cannot fit: skipping it gives the very size fit's
    steps reach (and its error, from the last size tried), without a paragraph made at each step.
    """
    lines = sum(1 for t in texts if t.plain.strip())  # an empty paragraph has no line
    size = start_pt
    while (lines * size * LEADING + (len(texts) - 1) * size * SPACE_AFTER > height + 0.01
           and size - 0.25 >= min_pt - 1e-9):
        size -= 0.25
    return size


def stack(canvas: Canvas, paras: list[Flowable], x: float, top: float, width: float) -> float:
    """Draw paragraphs downward from top; return the y below the last."""
    y = top
    for i, para in enumerate(paras):
        _, h = para.wrap(width - WRAP_SLACK_PT, top)
        y -= h
        para.drawOn(canvas, x, y)
        if i < len(paras) - 1:
            y -= para.getSpaceAfter()
    return y


# The back's text is fitted step by step around the QR code; a worker draws the back of every language again
# in each file it writes, so it remembers where each fit ended (the same inputs always end at the same size).
_AROUND_PT: dict[tuple, float] = {}


def fit_around(fit: Fitter, texts: list[Text], top: float, regions, start_pt: float, min_pt: float, color):
    """Return (paragraph, x, y, width) placements that set texts down regions of (x, width, bottom y), or raise."""
    key = (fit.doc.lang, tuple(f.name for f in fit.fonts.families), tuple(texts), top, tuple(regions), start_pt, min_pt)
    size = _AROUND_PT.get(key, start_pt)  # the size an earlier fit of the very same inputs ended at: start there
    while True:
        paras = fit.paragraphs(texts, size, color)
        placed, left = _flow(paras, top, regions)
        if not left:
            _note_sizes(texts, size)
            if len(_AROUND_PT) > 256:  # a long-running app sees few cards' backs; never grow without bound
                _AROUND_PT.clear()
            _AROUND_PT[key] = size
            return placed
        if size - 0.25 < min_pt - 1e-9:
            room = top - regions[-1][2]
            over = sum(p.wrap(regions[-1][1] - WRAP_SLACK_PT, room)[1] for p in left)
            message = (f"does not fit the back text panel even at {min_pt:g} pt: needs {(room + over) / MM:.1f} mm "
                       f"of height, has {room / MM:.1f} mm ({over / room * 100:.0f}% too long); shorten the text")
            keys = tuple(t.where.key for t in texts)
            trace = overflow_allowed()
            if trace is None:
                raise FitError(message, texts[0].where.at(key=", ".join(keys)))
            placed += _past_the_end(left, regions[-1], min((y for _, _, y, _ in placed), default=top))
            drawn_to = min(y for _, _, y, _ in placed)  # the preview outlines what is drawn
            trace.overflows.append(OverflowNote(keys, message, regions[-1][1], room, max(room, top - drawn_to)))
            return placed
        size -= 0.25


def _past_the_end(left: list[Flowable], region, y: float) -> list:
    """Return placements for paragraphs that did not fit, set on from y in the last region's width, past its end (preview)."""
    x, width, _ = region
    placed = []
    for para in left:
        _, need = para.wrap(width - WRAP_SLACK_PT, 1e6)
        y -= need
        placed.append((para, x, y, width))
        y -= para.getSpaceAfter()
    return placed


def _flow(paras: list[Flowable], top: float, regions) -> tuple[list, list[Flowable]]:
    """Set paragraphs from top down through regions, each no narrower than the one above.

    A paragraph that runs past a region's end is split between lines there, or,
    if it cannot be, kept at the narrower width below it. Return the placements
    and the paragraphs (or parts) left over.
    """
    placed, queue, y = [], list(paras), top
    bottom = regions[-1][2]
    for index, (x, width, floor) in enumerate(regions):
        last = index == len(regions) - 1
        while queue and y > floor:
            para = queue[0]
            _, need = para.wrap(width - WRAP_SLACK_PT, y - floor)
            if overflow(para, width) is not None:
                break
            if need <= y - floor + 0.01:
                placed.append((queue.pop(0), x, y - need, width))
                y -= need + para.getSpaceAfter()
                continue
            parts = [] if last else para.split(width - WRAP_SLACK_PT, y - floor)
            if len(parts) == 2:  # the first lines here, the rest wider below
                _, first = parts[0].wrap(width - WRAP_SLACK_PT, y - floor)
                placed.append((parts[0], x, y - first, width))
                queue[0] = parts[1]
            elif not last and need <= y - bottom + 0.01:  # cannot split (too few lines): keep it narrow
                placed.append((queue.pop(0), x, y - need, width))
                y -= need + para.getSpaceAfter()
                continue
            break
        y = min(y, floor)
    return placed, queue


