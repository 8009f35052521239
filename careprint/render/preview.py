"""Preview: a card's or handout's PDF pages as images, with what did not fit outlined in red.

Used by ``python generate.py preview`` (careprint.cli.previewing). While
``traced()`` is on, the card and handout renderers draw text that does not
fit past its box instead of refusing it (each overrun is an OverflowNote),
and every paragraph drawn is recorded with its key and its box on the page.
``pages()`` then rasterises the PDF with pypdfium2 and draws the overlays:
each overrun box and its overflow outlined in red, and, for one key, a
translucent highlight where it prints. Nothing here opens a file.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import pypdfium2
from PIL import Image, ImageDraw
from reportlab.platypus import Flowable, Paragraph

from careprint.render.text import TRACE, OverflowNote, Trace
from careprint.text.bidi import RtlParagraph

RED = (220, 0, 0, 255)
HIGHLIGHT = (255, 200, 0, 110)  # translucent yellow over the key's text
OUTLINE_PX = 3


@dataclass(frozen=True)
class Placement:
    """Where a paragraph of one key was drawn: page (1-based) and its box in PDF points, origin bottom left."""

    page: int
    key: str
    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float


@dataclass
class PreviewTrace(Trace):
    """A Trace that also records where each key's paragraphs were drawn."""

    placed: list[Placement] = field(default_factory=list)


@contextlib.contextmanager
def traced(allow_overflow: bool = True):
    """Record placements and overruns of what is drawn inside the block; yield the trace.

    Paragraph drawing and splitting are wrapped for the duration (a split
    part keeps its key), so the renderers need no drawing hooks of their own.
    """
    trace = PreviewTrace(allow_overflow=allow_overflow)
    token = TRACE.set(trace)
    original_draw = Flowable.drawOn
    originals = {cls: cls.split for cls in (Paragraph, RtlParagraph)}

    def draw_on(self, canvas, x, y, _sW=0):  # noqa: N803 (ReportLab's name)
        key = getattr(self, "careprint_key", None)
        if key and TRACE.get() is trace:
            a, b, c, d, e, f = canvas._currentMatrix
            width, height = getattr(self, "width", 0.0), getattr(self, "height", 0.0)
            trace.placed.append(Placement(canvas.getPageNumber(), key, a * x + c * y + e, b * x + d * y + f,
                                          width * a, height * d))
        return original_draw(self, canvas, x, y, _sW)

    def keyed_split(split):
        def wrapper(self, *args, **kwargs):
            parts = split(self, *args, **kwargs)
            for part in parts:
                part.careprint_key = getattr(self, "careprint_key", None)
            return parts
        return wrapper

    Flowable.drawOn = draw_on
    for cls, split in originals.items():
        cls.split = keyed_split(split)
    try:
        yield trace
    finally:
        Flowable.drawOn = original_draw
        for cls, split in originals.items():
            cls.split = split
        TRACE.reset(token)


def key_matches(placed_key: str, key: str) -> bool:
    """Say whether a placement belongs to key: 'signs.list' also matches its items 'signs.list[2]'."""
    return placed_key == key or placed_key.startswith(key + "[")


def pages(pdf: bytes, trace: PreviewTrace, key: str | None = None, dpi: float = 150) -> list[Image.Image]:
    """Return the PDF's pages as RGB images with the trace's overruns outlined and key highlighted."""
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            height_pt = page.get_height()
            image = page.render(scale=dpi / 72).to_pil().convert("RGBA")
            _draw_overlays(image, trace, index + 1, height_pt, dpi / 72, key)
            images.append(image.convert("RGB"))
    finally:
        document.close()
    return images


def _draw_overlays(image: Image.Image, trace: PreviewTrace, page: int, height_pt: float, scale: float,
                   key: str | None) -> None:
    def px(x_pt: float, y_pt: float, w_pt: float, h_pt: float) -> tuple[float, float, float, float]:
        return x_pt * scale, (height_pt - y_pt - h_pt) * scale, (x_pt + w_pt) * scale, (height_pt - y_pt) * scale

    if key:
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        shade = ImageDraw.Draw(layer)
        for p in trace.placed:
            if p.page == page and key_matches(p.key, key):
                shade.rectangle(px(p.x_pt, p.y_pt, p.width_pt, p.height_pt), fill=HIGHLIGHT)
        image.alpha_composite(layer)
    pen = ImageDraw.Draw(image)
    for note in trace.overflows:
        if note.from_page is not None:  # a page past the handout's limit: a red frame round all of it
            if page >= note.from_page:
                pen.rectangle((0, 0, image.width - 1, image.height - 1), outline=RED, width=OUTLINE_PX * 2)
            continue
        for box in _boxes(note, trace, page):
            pen.rectangle(px(*box), outline=RED, width=OUTLINE_PX)


def _boxes(note: OverflowNote, trace: PreviewTrace, page: int) -> list[tuple[float, float, float, float]]:
    """Return the box a note's text should have fitted and the overflow past it, in points (x, y, w, h)."""
    mine = [p for p in trace.placed if p.page == page and p.key in note.keys]
    if not mine:
        return []
    left = min(p.x_pt for p in mine)
    top = max(p.y_pt + p.height_pt for p in mine)
    bottom = top - note.height_pt
    boxes = [(left, bottom, note.width_pt, note.height_pt)]
    lowest = min(p.y_pt for p in mine)  # where the text was drawn to
    if lowest < bottom - 0.01 or note.need_pt > note.height_pt + 0.01:  # past the bottom
        lowest = min(lowest, top - note.need_pt)
        boxes.append((left, lowest, note.width_pt, bottom - lowest))
    if note.over_width_pt > 0:  # past the side
        boxes.append((left + note.width_pt, top - note.height_pt, note.over_width_pt, note.height_pt))
    return boxes
