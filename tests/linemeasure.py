"""Measure handout line lengths from the layout: characters per full line of single-column body text."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, Paragraph

from careprint import build
from careprint.render import handout
from careprint.render.flowables import Measure

BODY_STYLES = ("body", "item", "warning", "contact")


def _line_texts(para: Paragraph) -> list[str]:
    """Return the text of each line a wrapped Paragraph sets."""
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(getattr(w, "text", "") for w in line.words) for line in lines]


def _paragraphs(flowable):
    """Yield the Paragraphs inside a measured flowable (lists included)."""
    if isinstance(flowable, Paragraph):
        yield flowable
    elif isinstance(flowable, ListFlowable):
        for item in flowable._content:  # ListItems hold their paragraphs in _flowables
            for child in getattr(item, "_flowables", [item]):
                yield from _paragraphs(child)


def full_line_lengths(project, clinic, handout_id: str, lang: str, paper: str = "letter") -> list[int]:
    """Return characters per line for every line but a paragraph's last, in single-column body text."""
    doc = project.resolve(handout_id, lang, clinic)
    layout = build.handout_layout(project.root)
    _, body_pt = handout.render(io.BytesIO(), doc, layout, paper)
    scaled = layout.scaled(body_pt)
    size, m = scaled.page_size(paper), scaled.margins_pt
    width = size[0] - m["left"] - m["right"]
    canvas = Canvas(io.BytesIO())
    lengths = []
    for flowable in handout._Builder(doc, scaled).story(width):
        if not isinstance(flowable, Measure):
            continue
        flowable.wrapOn(canvas, width, 10_000)
        for para in _paragraphs(flowable.child):
            if para.style.name in BODY_STYLES:
                para.wrapOn(canvas, flowable._child_width - (para.style.leftIndent or 0), 10_000)
                lengths.extend(len(t.strip()) for t in _line_texts(para)[:-1])
    return lengths
