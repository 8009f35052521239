"""Paragraph styles of a handout, from the layout's type scale, with the floors nothing a patient needs goes below."""

from __future__ import annotations

from reportlab.lib.colors import white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from careprint.content.layouts import HandoutLayout
from careprint.render.text import TextMaker

# Nothing a patient needs (footer, disclaimer, draft notice, URLs, captions, sources) is set smaller,
# even when the type scale steps down to keep a handout within its page limit (print review 11).
MIN_HANDOUT_PT = 10.0
# The overdose action panel: steps and their numbers never shrink below these when the type steps down.
MIN_EMERGENCY_PT, MIN_STEP_NUMBER_PT = 13.0, 20.0


class HandoutStyles:
    """Paragraph styles for one document, from the layout's type scale."""

    def __init__(self, layout: HandoutLayout, maker: TextMaker):
        t, c, lead = layout.type_pt, layout.colors, layout.leading

        def style(name: str, size: float, color, **kw) -> ParagraphStyle:
            size = max(size, MIN_HANDOUT_PT)
            return maker.style(name, **{"fontSize": size, "leading": size * lead, "textColor": color, **kw})

        self.title = style("title", t["title"], c["heading"], spaceAfter=2)
        self.subtitle = style("subtitle", t["subtitle"], c["muted"], spaceAfter=6)
        self.heading = style("heading", t["heading"], c["heading"], spaceBefore=t["body"] * 0.7, spaceAfter=3, keepWithNext=1)
        self.body = style("body", t["body"], c["text"], spaceAfter=t["body"] * 0.45)
        self.item = style("item", t["body"], c["text"], spaceAfter=1)
        self.warning_title = style("warning_title", t["heading"], c["warning_title"], spaceAfter=4)
        self.warning = style("warning", t["warning"], c["text"], spaceAfter=2)
        self.contact = style("contact", t["body"], c["text"], spaceBefore=t["body"] * 0.6, spaceAfter=2)
        emergency_pt = max(t["emergency"], MIN_EMERGENCY_PT)
        self.emergency = style("emergency", emergency_pt, c["text"], spaceAfter=0)
        self.emergency_title = style("emergency_title", t["heading"] + 2, white, spaceAfter=0)
        number_pt = max(t["step_number"], MIN_STEP_NUMBER_PT)
        self.step_number = style("step_number", number_pt, c["warning_title"], leading=number_pt, alignment=TA_CENTER)
        self.picture_caption = style("picture_caption", t["caption"] + 1, c["text"], alignment=TA_CENTER)
        self.caption = style("caption", t["caption"], c["text"], spaceAfter=2)
        self.small = style("small", t["footer"], c["muted"], spaceAfter=0)
        small_pt = max(t["footer"], MIN_HANDOUT_PT)
        self.url = ParagraphStyle("url", fontName=maker.fonts.families[0].regular, fontSize=small_pt,
                                  leading=small_pt * lead, textColor=c["muted"], alignment=maker.align,
                                  splitLongWords=1)
        self.sources_head = style("sources_head", t["footer"], c["heading"], spaceBefore=8, spaceAfter=1, keepWithNext=1)
        self.sources = style("sources", t["footer"], c["muted"], spaceAfter=0, leading=max(t["footer"], MIN_HANDOUT_PT) * 1.25)
