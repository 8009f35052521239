"""Patient handout: Letter (ANSI A, 215.9 × 279.4 mm) or A4 (ISO 216, 210 × 297 mm).

Title, body blocks (headings, paragraphs, bullets, numbered steps, warning
panels, the overdose action panel, a row of pictograms, a row of two QR
codes), the clinic's "Questions? Call …" line, then the sources, review date
and version. Single-column text is set on a measure of about 55-75 characters.
Every page carries a footer: the disclaimer, the handout id, version and
review date, "page x of y", and for a draft translation the notice that it is
not yet reviewed, in the page's language and in English.
"""

from __future__ import annotations

import io
import math
from typing import BinaryIO

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    LayoutError,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from careprint.content.layouts import MM, HandoutLayout
from careprint.content.model import Block, Document, Text, join
from careprint.errors import FitError, Where
from careprint.render import pdfmeta
from careprint.render.flowables import MarkerList, Measure, QrRow, UrlLines, emergency_panel, warning_panel
from careprint.render.handout_styles import HandoutStyles
from careprint.render.pictograms import PictogramRow
from careprint.render.text import OverflowNote, TextMaker, overflow_allowed
from careprint.text.digits import DEFAULT as LATIN_DIGITS
from careprint.text.fonts import FontSet
from careprint.text.markup import Span

PRODUCER = "careprint (ReportLab)"
# Room between the last line of the body and the footer rule, so text never touches it.
FOOTER_GAP_PT = 8
COLUMN_GAP_PT = 8 * MM


def _column_pt(width_pt: float, columns: int) -> float:
    """Return the width of one of ``columns`` equal columns, with gutters between them."""
    return (width_pt - COLUMN_GAP_PT * (columns - 1)) / columns
# Blocks that use the whole width between the margins; the others are set on the text measure.
WIDE_BLOCKS = ("columns", "qr", "pictures", "emergency")


class _Builder:
    """Turn a Document into flowables and footers."""

    def __init__(self, doc: Document, layout: HandoutLayout):
        self.doc, self.layout = doc, layout
        self.rtl = doc.locale.direction == "rtl"
        self.fonts = FontSet(doc.locale.fonts, doc.lang, doc.all_text())
        self.maker = TextMaker(self.fonts, doc.locale, bind_short_words=True)
        self.s = HandoutStyles(layout, self.maker)

    def para(self, text: Text, style: ParagraphStyle, bold: bool = False) -> Flowable:
        """Return a paragraph for resolved text in the locale's script and direction."""
        return self.maker.paragraph(text, style, bold)

    def ltr_para(self, text: str, style: ParagraphStyle, where: Where) -> Paragraph:
        """Return a paragraph of left-to-right Latin text (English source titles), set flush left in any locale."""
        flush_left = ParagraphStyle(f"{style.name}-ltr", parent=style, alignment=TA_LEFT)
        return Paragraph(self.fonts.paragraph_markup((Span(text),), where), flush_left)

    def story(self, width_pt: float) -> list[Flowable]:
        """Return the whole body: title, blocks, sources."""
        d = self.doc
        story: list[Flowable] = [self.para(d.title, self.s.title, bold=True)]
        if d.subtitle:
            story.append(self.para(d.subtitle, self.s.subtitle))
        story.append(HRFlowable(width="100%", thickness=1.5, color=self.layout.colors["rule"], spaceAfter=6))
        measure_pt = min(width_pt, self.layout.measure_pt)
        for block in d.blocks:
            if block.kind in WIDE_BLOCKS:
                story.extend(self.block(block, width_pt))
            else:
                story.extend(self.narrow(self.block(block, measure_pt), measure_pt))
        story.extend(self.narrow([self.contact_line(), *self.sources()], measure_pt))
        return story

    def narrow(self, flowables: list[Flowable], measure_pt: float) -> list[Flowable]:
        """Return flowables set on the text measure (a panel already has that width)."""
        return [f if isinstance(f, KeepTogether) else Measure(f, measure_pt, self.rtl) for f in flowables]

    def block(self, block: Block, width_pt: float) -> list[Flowable]:
        """Return the flowables for one block."""
        if block.kind == "heading":
            return [self.para(block.texts[0], self.s.heading, bold=True)]
        if block.kind == "paragraph":
            return [self.para(block.texts[0], self.s.body)]
        if block.kind in ("bullets", "steps"):
            return [self.items(block.texts, numbered=block.kind == "steps", style=self.s.item)]
        if block.kind == "warning":
            return [self.warning(block, width_pt)]
        if block.kind == "columns":
            return [self.columns(block, width_pt)]
        if block.kind == "emergency":
            return [self.emergency(block, width_pt)]
        if block.kind == "pictures":
            captions = [self.para(text, self.s.picture_caption, bold=True) for text in block.texts]
            row = PictogramRow(list(zip(block.names, captions, strict=True)), self.layout.pictogram_pt,
                               self.layout.colors["text"], rtl=self.rtl)
            return [Spacer(1, 4), row, Spacer(1, 8)]
        return [Spacer(1, 6), self.qr_row(block), Spacer(1, 8)]

    def emergency(self, block: Block, width_pt: float) -> Flowable:
        """Return the overdose action panel: a title band, then numbered steps with big numbers."""
        where = block.title.where
        number = self.doc.locale.number  # step numbers in the locale's digit set
        steps = [(self.para(Text((Span(number(n)),), where), self.s.step_number, bold=True), self.para(text, self.s.emergency))
                 for n, text in enumerate(block.texts, 1)]
        title = self.para(block.title, self.s.emergency_title, bold=True)
        colors = (self.layout.colors["warning_title"], self.layout.colors["warning_fill"])
        panel = emergency_panel(title, steps, width_pt, self.s.step_number.fontSize, colors,
                                self.fonts.families[0].regular, rtl=self.rtl)
        return KeepTogether([Spacer(1, 4), panel, Spacer(1, 8)])

    def columns(self, block: Block, width_pt: float) -> Flowable:
        """Return blocks set side by side in equal columns (mirrored for RTL)."""
        col_pt = _column_pt(width_pt, len(block.columns))
        cells = [[f for child in column for f in self.block(child, col_pt)] for column in block.columns]
        # Every column but the last carries the gutter as right padding: the outer edges meet the margins.
        widths = [col_pt + COLUMN_GAP_PT] * (len(cells) - 1) + [col_pt]
        table = Table([cells[::-1] if self.rtl else cells], colWidths=widths)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.families[0].regular),  # not Helvetica
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), COLUMN_GAP_PT), ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def items(self, texts: tuple[Text, ...], numbered: bool, style: ParagraphStyle) -> Flowable:
        """Return a bulleted or numbered list (markers on the right for RTL)."""
        if self.rtl or (numbered and self.doc.locale.digits != LATIN_DIGITS):  # ListFlowable numbers in 0-9 only
            where, number = texts[0].where, self.doc.locale.number
            # "1." set as locale text: in RTL the bidi algorithm puts the period on the reading side (".١").
            markers = [Text((Span(f"{number(n)}." if numbered else "\u2022"),), where) for n in range(1, len(texts) + 1)]
            rows = [(self.para(m, style, bold=numbered), self.para(t, style)) for m, t in zip(markers, texts, strict=True)]
            return MarkerList(rows, style.fontSize * 1.6, style.spaceAfter, style.fontSize * 0.5, rtl=self.rtl)
        rows = [ListItem(self.para(t, style)) for t in texts]
        first = self.fonts.families[0]
        if numbered:
            bullet = {"bulletType": "1", "bulletFormat": "%s.", "bulletFontName": first.face(True, False)}
        else:
            bullet = {"bulletType": "bullet", "start": "\u2022", "bulletFontName": first.regular}
        return ListFlowable(
            rows, leftIndent=style.fontSize * 1.6, bulletFontSize=style.fontSize, bulletColor=style.textColor,
            spaceAfter=style.fontSize * 0.5, bulletDedent="auto", **bullet,
        )

    def warning(self, block: Block, width_pt: float) -> Flowable:
        """Return a warning panel: a title, then text or a list."""
        inner: list[Flowable] = [self.para(block.title, self.s.warning_title, bold=True)]
        if block.body_is_list:
            inner.append(self.items(block.texts, numbered=False, style=self.s.warning))
        else:
            inner.extend(self.para(t, self.s.warning) for t in block.texts)
        c = self.layout.colors
        panel = warning_panel(inner, width_pt, c["warning_border"], c["warning_fill"], 9, self.fonts.families[0].regular)
        panel.hAlign = "RIGHT" if self.rtl else "LEFT"  # on the text measure, at its start edge
        return KeepTogether([Spacer(1, 4), panel, Spacer(1, 6)])

    def qr_row(self, block: Block) -> Flowable:
        """Return the row of QR codes with captions and the URL they open."""
        items = []
        for code in block.codes:
            caption = self.para(code.caption, self.s.caption, bold=True)
            text = code.url.split("://", 1)[-1]
            self.fonts.check(text, code.caption.where)
            st = self.s.url
            url = UrlLines(text, self.fonts.covering(text).regular if self.fonts.covering(text) else st.fontName,
                           st.fontSize, st.leading, st.textColor, right=self.rtl)
            items.append((code.url, [caption, url]))
        return KeepTogether([QrRow(items, self.layout.qr_symbol_pt, 6 * MM, rtl=self.rtl)])

    def contact_line(self) -> Flowable:
        """Return "Questions? Call {clinic} at {phone}.", or a line to write the number on."""
        labels, clinic = self.doc.locale.labels, self.doc.clinic
        if clinic.name and clinic.phone:
            text = labels["contact_clinic"](clinic=clinic.name, phone=clinic.phone)
        else:
            text = labels["contact_write_in"]()
        return self.para(text, self.s.contact, bold=True)

    def sources(self) -> list[Flowable]:
        """Return the sources list with review date and version."""
        d, labels = self.doc, self.doc.locale.labels
        out: list[Flowable] = [self.para(labels["sources"](), self.s.sources_head, bold=True)]
        if d.lang != "en":  # titles are cited as published, in English
            out.append(self.para(labels["sources_english"](), self.s.sources))
        for i, src in enumerate(d.sources, 1):
            cited = f"{i}. {src.title}. {src.publisher}, {src.date}. {src.url.split('://', 1)[-1]}"
            out.append(self.ltr_para(cited, self.s.sources, labels["sources"].where))
        out.append(self.para(join([d.date_stamp(), labels["version"](version=d.version)], " \u00b7 "), self.s.sources))
        return out

    def footer(self, canvas: Canvas, page: int, pages: int, size: tuple[float, float]) -> None:
        """Draw one page's footer in the bottom margin."""
        d, m, labels = self.doc, self.layout.margins_pt, self.doc.locale.labels
        width = size[0] - m["left"] - m["right"]
        y = m["bottom"] - 4
        canvas.setStrokeColor(self.layout.colors["rule"])
        canvas.setLineWidth(0.75)
        canvas.line(m["left"], y, size[0] - m["right"], y)
        lines = []
        if d.is_draft:
            lines.append(self.para(d.locale.draft_notice(), self.s.small, bold=True))
        lines.append(self.para(labels["disclaimer"](number=d.clinic.emergency_number), self.s.small))
        stamp = [
            Text((Span(d.id),), Where(key="id", lang=d.lang)),
            labels["version"](version=d.version),
            d.date_stamp(),
            labels["page_of"](page=page, pages=pages),
        ]
        lines.append(self.para(join(stamp, " \u00b7 "), self.s.small))
        for para in lines:
            _, h = para.wrap(width, m["bottom"])
            y -= h + 1
            para.drawOn(canvas, m["left"], y)


def _canvas_class(builder: _Builder, page_counts: list[int]):
    """Return a Canvas class that draws 'page x of y' footers once the total is known."""

    class _NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []
            pdfmeta.stamp(self, builder.doc.updated)
            self.setViewerPreference("PrintScaling", "None")  # QR codes and type print at their size

        def showPage(self):  # noqa: N802 - ReportLab API
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            page_counts.append(total)
            for state in self._saved_pages:
                self.__dict__.update(state)
                builder.footer(self, self._pageNumber, total, self._pagesize)
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas


def render(out: BinaryIO, doc: Document, layout: HandoutLayout, paper: str, known_pt: float | None = None) -> tuple[int, float]:
    """Draw a handout into ``out`` as PDF; return the number of pages and the body size used.

    If the text runs past the handout's page limit, the type scale steps down
    (0.5 pt at a time, never below the layout's 12 pt legibility minimum);
    past that the handout is a FitError, never a clipped or extra page.
    ``known_pt`` is the size an earlier build of exactly these inputs chose:
    it is tried first, so a repeat build lays the text out once.
    """
    steps = layout.fit_steps()
    if known_pt in steps:
        steps = [known_pt] + [pt for pt in steps if pt != known_pt]
    for body_pt in steps:
        pages = _attempt(out, doc, layout.scaled(body_pt), paper)
        if pages is not None and pages <= doc.max_pages:
            return pages, body_pt
    _raise_too_tall(doc, layout.scaled(body_pt), paper, body_pt)
    lines = math.ceil(_excess_pt(doc, layout.scaled(body_pt), paper) / (body_pt * layout.leading))
    amount = f"at least {lines} line{'s' if lines > 1 else ''} too long" if lines > 0 else "a little too long"
    count = f"{pages} pages" if pages is not None else "more pages"
    message = (f"{count} on {paper} even at {body_pt:g} pt body text; at most {doc.max_pages} allowed "
               f"(handout.yaml max_pages): {amount}; shorten the text")
    trace = overflow_allowed()
    if trace is not None and pages is not None:  # preview: keep the pages drawn at the smallest size, noted
        trace.overflows.append(OverflowNote(("(whole handout)",), message, from_page=doc.max_pages + 1))
        return pages, body_pt
    raise FitError(message, doc.title.where.at(key="(whole handout)"))


def pages_at(doc: Document, layout: HandoutLayout, paper: str, body_pt: float) -> int | None:
    """Return how many pages the handout takes at this body size (None: a block is taller than a page)."""
    return _attempt(io.BytesIO(), doc, layout.scaled(body_pt), paper)


def _attempt(out: BinaryIO, doc: Document, layout: HandoutLayout, paper: str) -> int | None:
    """Draw into ``out`` at this type scale; return the page count, or None if a block is taller than a page."""
    out.seek(0)
    out.truncate()
    try:
        return _render_once(out, doc, layout, paper)
    except LayoutError:  # one block (a column, a warning panel) cannot be placed on any page
        return None


def _raise_too_tall(doc: Document, layout: HandoutLayout, paper: str, body_pt: float) -> None:
    """Raise a FitError naming a column or warning panel that is taller than a page, if there is one."""
    size, m = layout.page_size(paper), layout.margins_pt
    width = size[0] - m["left"] - m["right"]
    usable = size[1] - m["top"] - m["bottom"] - FOOTER_GAP_PT
    builder = _Builder(doc, layout)
    scratch = Canvas(io.BytesIO(), pagesize=size)
    for block in doc.blocks:
        if block.kind == "columns":
            col_pt = _column_pt(width, len(block.columns))
            parts = [([(child, builder.block(child, col_pt)) for child in column], col_pt, "column")
                     for column in block.columns]
        elif block.kind == "warning":
            parts = [([(block, [builder.warning(block, width)])], width, "warning panel")]
        else:
            continue
        for children, part_width, what in parts:
            heights = [(_height(flowables, scratch, part_width, usable), child) for child, flowables in children]
            excess_mm = (sum(h for h, _ in heights) - usable) / MM
            if excess_mm > 0:
                tallest = max(heights, key=lambda pair: pair[0])[1]  # name the text most likely to need shortening
                where = (tallest.texts[0] if tallest.texts else tallest.title).where
                where = where.at(key=(where.key or "").split("[")[0] or None)  # the list, not its first item
                raise FitError(f"the {what} is {math.ceil(excess_mm)} mm too tall for one {paper} page even at "
                               f"{body_pt:g} pt body text; shorten the text", where)


def _height(flowables, canvas: Canvas, width: float, avail: float) -> float:
    """Return the height flowables take stacked at this width (KeepTogether measured by its content)."""
    total = 0.0
    for f in flowables:
        inner = f._content if isinstance(f, KeepTogether) else None  # its wrap says only "does not fit"
        total += _height(inner, canvas, width, avail) if inner else f.wrapOn(canvas, width, avail)[1]
        total += f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _excess_pt(doc: Document, layout: HandoutLayout, paper: str) -> float:
    """Return how much taller the story is than the pages allowed (ignoring space lost at page breaks)."""
    size, m = layout.page_size(paper), layout.margins_pt
    width = size[0] - m["left"] - m["right"]
    usable = size[1] - m["top"] - m["bottom"] - FOOTER_GAP_PT
    scratch = Canvas(io.BytesIO(), pagesize=size)
    return _height(_Builder(doc, layout).story(width), scratch, width, usable) - doc.max_pages * usable


def _render_once(out: BinaryIO, doc: Document, layout: HandoutLayout, paper: str) -> int:
    """Draw a handout once at the layout's type scale; return the page count."""
    builder = _Builder(doc, layout)
    size = layout.page_size(paper)
    m = layout.margins_pt
    frame = Frame(m["left"], m["bottom"], size[0] - m["left"] - m["right"], size[1] - m["top"] - m["bottom"],
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=FOOTER_GAP_PT, id="body")
    template = BaseDocTemplate(
        out, pagesize=size, pageTemplates=[PageTemplate("page", [frame])], title=doc.title.plain,
        subject=doc.subtitle.plain if doc.subtitle else doc.title.plain, author=doc.clinic.name or "careprint",
        creator="careprint", producer=PRODUCER, keywords=[doc.id, f"version {doc.version}", doc.lang],
        lang=doc.locale.tag, displayDocTitle=1, **pdfmeta.canvas_options(),
        leftMargin=m["left"], rightMargin=m["right"], topMargin=m["top"], bottomMargin=m["bottom"],
    )
    pages: list[int] = []
    template.build(builder.story(frame._width), canvasmaker=_canvas_class(builder, pages))
    return pages[0]
