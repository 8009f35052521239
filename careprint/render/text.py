"""Paragraphs for any script: the one place renderers turn Text into flowables.

- Left-to-right scripts use ReportLab's Paragraph with per-run fonts; scripts
  that need shaping (Devanagari) switch on ReportLab's HarfBuzz shaping, and
  Chinese, Japanese and Korean use its CJK line breaking.
- Right-to-left scripts (Arabic) use careprint's RtlParagraph: bidi levels,
  per-line reordering and HarfBuzz shaping, which ReportLab's Paragraph cannot
  combine.

Both kinds share wrap/split/drawOn, getSpaceAfter and getActualLineWidths0,
plus ``widest_word_pt`` and ``overflow`` below, so handout and card layouts
need not care which.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from careprint.content.layouts import MM
from careprint.content.model import Locale, Text
from careprint.text import shapecache
from careprint.text.bidi import RtlParagraph
from careprint.text.fonts import INVISIBLE, FontSet
from careprint.text.linebreak import SHORT_WORD_LANGS, bind_short_words, kinsoku_split
from careprint.text.markup import FSI, PDI, Span

shapecache.install()

# How far a line may pass its box and still fit. ReportLab measures a line
# with its own rounding when it breaks it, and can end one a few hundredths of
# a millimetre past the box (63.61 mm in a 63.58 mm panel, translator trial
# F-fit); 0.1 mm is invisible in print and well inside a card's safe margin.
FIT_TOLERANCE_PT = 0.1 * MM

# ISO 15924 codes of scripts whose glyphs depend on their neighbours.
SHAPED_SCRIPTS = frozenset({"Deva", "Beng", "Guru", "Gujr", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Khmr", "Mymr"})
# Scripts set without spaces between words: break lines between characters.
# Korean (Kore) puts spaces between words and breaks at them, like Latin.
CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan"})


@dataclass(frozen=True)
class OverflowNote:
    """Text that did not fit, drawn anyway in preview mode: which keys, why, and the box it overran."""

    keys: tuple[str, ...]
    message: str
    width_pt: float = 0.0
    height_pt: float = 0.0  # the box's height
    need_pt: float = 0.0  # the height the text took
    over_width_pt: float = 0.0  # a word or line wider than the box, by this much
    from_page: int | None = None  # a handout: the first page past its limit


@dataclass
class Trace:
    """What a preview or a room report collects while a document is drawn (careprint.render.preview)."""

    allow_overflow: bool = False  # draw text that does not fit past its box and note it here, instead of refusing
    sizes_pt: dict[str, float] = field(default_factory=dict)  # card key -> the type size its panel was fitted at
    overflows: list[OverflowNote] = field(default_factory=list)


# Set only by careprint.render.preview.traced(); normal builds see None and refuse what does not fit.
TRACE: ContextVar[Trace | None] = ContextVar("careprint_trace", default=None)


def overflow_allowed() -> Trace | None:
    """Return the preview's trace when text that does not fit is to be drawn anyway, else None."""
    trace = TRACE.get()
    return trace if trace is not None and trace.allow_overflow else None


class KinsokuParagraph(Paragraph):
    """A Paragraph for Chinese and Japanese that keeps closing marks off a line start and opening marks off its end."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 (ReportLab API)
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara  # the second half of a split keeps the lines already made
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return kinsoku_split(self.frags, maxWidths, auto not in ("", "off"))


class TextMaker:
    """Make paragraphs in one locale's fonts, direction and line-breaking rules."""

    def __init__(self, fonts: FontSet, locale: Locale, bind_short_words: bool = False):
        self.fonts = fonts
        self.rtl = locale.direction == "rtl"
        self.shaping = locale.script in SHAPED_SCRIPTS
        self.cjk = locale.script in CJK_SCRIPTS
        # Handouts bind one-letter words to the next; a card panel is fitted to its text as it breaks today.
        self.bind_short_words = bind_short_words and locale.code in SHORT_WORD_LANGS

    @property
    def align(self) -> int:
        """The natural alignment: left, or right for right-to-left scripts."""
        return TA_RIGHT if self.rtl else TA_LEFT

    def style(self, name: str, **kw) -> ParagraphStyle:
        """Return a ParagraphStyle with this locale's base font, alignment, shaping and wrapping."""
        options = {"fontName": self.fonts.families[0].regular, "alignment": self.align}
        if self.cjk:
            options["wordWrap"] = "CJK"
        if self.shaping:
            options["shaping"] = 1
        return ParagraphStyle(name, **{**options, **kw})

    def paragraph(self, text: Text, style: ParagraphStyle, bold: bool = False) -> Flowable:
        """Return a flowable for resolved text, tagged with its key (for previews); a character no font covers is a GlyphError."""
        flowable = self._paragraph(text, style, bold)
        flowable.careprint_key = text.where.key
        return flowable

    def _paragraph(self, text: Text, style: ParagraphStyle, bold: bool) -> Flowable:
        if not self.rtl:
            spans = text.spans
            if self.bind_short_words:
                spans = tuple(Span(bind_short_words(s.text), s.bold, s.italic) for s in spans)
            paragraph_class = KinsokuParagraph if self.cjk else Paragraph
            return paragraph_class(self.fonts.paragraph_markup(spans, text.where, bold), style)
        self.fonts.check(text.plain, text.where)
        spans = [replace(s, bold=s.bold or bold) for s in text.spans]
        return RtlParagraph(
            spans, font_for=self._font_for, font_size_pt=style.fontSize, leading_pt=style.leading,
            color=style.textColor, space_before_pt=style.spaceBefore, space_after_pt=style.spaceAfter,
            centre=style.alignment == TA_CENTER, keep_with_next=bool(getattr(style, "keepWithNext", 0)),
            font_key=tuple(f.name for f in self.fonts.families),
        )

    def _font_for(self, char: str, bold: bool, italic: bool) -> str:
        fam = self.fonts.family_for(char) if char not in INVISIBLE else None
        return (fam or self.fonts.families[0]).face(bold, italic)


def widest_word_pt(para: Flowable) -> float:
    """Return the width of the widest line a wrapped paragraph drew (RTL: its widest word)."""
    if isinstance(para, RtlParagraph):
        return para.widest_word_pt()
    return max(para.getActualLineWidths0() or [0.0])


@dataclass(frozen=True)
class Overflow:
    """A word or line of a wrapped paragraph that passes its box by more than FIT_TOLERANCE_PT."""

    over_pt: float
    text: str
    is_word: bool

    def describe(self, width_pt: float) -> str:
        """Say what does not fit, by how much (never "0.0 mm": overflows are over 0.1 mm)."""
        shown = self.text if len(self.text) <= 40 else self.text[:40] + "…"
        return (f'the {"word" if self.is_word else "line"} "{shown}" is {self.over_pt / MM:.2f} mm wider than '
                f"the panel ({width_pt / MM:.1f} mm)")


def overflow(para: Flowable, width_pt: float) -> Overflow | None:
    """Return what of a paragraph, wrapped at width_pt, passes that width by more than the tolerance."""
    if isinstance(para, RtlParagraph):  # it breaks a too-wide word inside: measure the word, not the lines
        over = para.widest_word_pt() - width_pt
        return Overflow(over, _rtl_broken_word(para), True) if over > FIT_TOLERANCE_PT else None
    widths = para.getActualLineWidths0() or [0.0]
    index = max(range(len(widths)), key=widths.__getitem__)
    if widths[index] - width_pt <= FIT_TOLERANCE_PT:
        return None
    line = para.blPara.lines[index]
    text = (" ".join(line[1]) if para.blPara.kind == 0 else "".join(w.text for w in line.words)).strip()
    return Overflow(widths[index] - width_pt, text, " " not in text)


def _rtl_broken_word(para: RtlParagraph) -> str:
    """Return the word a right-to-left layout broke inside (it does so only for a word wider than the box)."""
    text = para._prepared().text
    for a, b in zip(para.lines, para.lines[1:], strict=False):
        if a.end == b.start and 0 < a.end < len(text) and not text[a.end].isspace():
            start = max(text.rfind(" ", 0, a.end), text.rfind("\u00a0", 0, a.end)) + 1
            ends = [i for i in (text.find(" ", a.end), text.find("\u00a0", a.end)) if i >= 0]
            return text[start:min(ends, default=len(text))].replace(FSI, "").replace(PDI, "")
    return max(text.replace(FSI, "").replace(PDI, "").split(), key=len, default="")
