"""Length budgets: how much text fits where a key prints, measured before the translator writes it.

A card key's budget is the longest text that still fits its panel at the
minimum type size, on every card size careprint prints (ID-1 and each stock's
card), with the locale's own fonts: the card is drawn with the key's text cut
to N characters (its own text if translated, else the English, repeated) and N
is found by bisection. The other keys print as they are now. A page-limited
handout's budget is the room left: how many more characters it takes, at the
smallest body size, before it runs past its page limit on Letter or A4. No
chars-per-millimetre constant is involved anywhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.pdfgen.canvas import Canvas

from careprint import build
from careprint.content.model import Clinic, Document, Text
from careprint.content.project import SOURCE_LANG, Project
from careprint.content.structure import used_keys, web_only_keys
from careprint.errors import CareprintError, FitError, Where
from careprint.render import card, handout
from careprint.render.text import TRACE, Trace
from careprint.text.markup import Span

# Where each card key prints (card.py's panels), and which face draws it.
CARD_PANELS = {
    "front.title": "front title band", "front.form_pill": "front form box", "front.form_injection": "front form box",
    "front.name": "front write-in label", "front.last_dose": "front write-in label",
    "front.next_due": "front write-in label", "front.phone": "front write-in label",
    "front.contact": "front write-in label", "front.cue": "front overdose cue", "back.title": "back title band",
    "back.pain": "back text", "back.opioids": "back text", "back.risk": "back text",
    "back.qr_clinician": "back QR caption",
}
PAPERS = ("letter", "a4")
# An English comment's guessed length ("about 40 characters"), which a measured budget replaces.
LONGEST = 20000  # no card panel, nor a handout page, holds this many characters: the bisection's ceiling


@dataclass(frozen=True)
class Budget:
    """How many characters fit where a key prints."""

    chars: int
    size_pt: float
    where: str  # "the front title band panel", or "a 3-page handout"
    shared: bool = False  # a handout's room, shared by all its text

    def note(self) -> str:
        """Say it as a translator reads it in a comment or a CAT tool."""
        if self.shared:
            return f"about {self.chars} characters left on {self.where} at {self.size_pt:g} pt (shared by all its text)"
        return f"fits about {self.chars} characters at {self.size_pt:g} pt in the {self.where} panel"


def key_budgets(project: Project, lang: str, handout_id: str) -> dict[str, str]:
    """Return {unit id ('key', or 'key[i]' for a list item): a budget note} for the keys that print on paper."""
    return {unit: budget.note() for unit, budget in budgets(project, lang, handout_id).items()}


def scaffold_notes(root, lang: str, handout_id: str) -> dict[str, str]:
    """Return key_budgets for a locale just written (none if it cannot be drawn yet: the scaffold goes without)."""
    try:
        return key_budgets(Project(root), lang, handout_id)  # a new Project: one lists its locales once
    except CareprintError:
        return {}


def budgets(project: Project, lang: str, handout_id: str, keys: tuple[str, ...] | None = None) -> dict[str, Budget]:
    """Return the measured Budget of each unit id that prints on paper (of a card: only keys, if given)."""
    doc = project.resolve(handout_id, lang, project.clinic(None))
    if doc.kind == "card":
        english = project.resolve(handout_id, SOURCE_LANG, project.clinic(None))
        return card_budgets(project, doc, _translated(project, handout_id, lang), english, keys or tuple(CARD_PANELS))
    room = handout_room(project, doc)
    structure = project.structure(handout_id)
    web_only = web_only_keys(structure)
    units = {}
    for key in used_keys(structure):
        if key in web_only:
            continue
        value = doc.strings.get(key)
        ids = [f"{key}[{i}]" for i in range(len(value))] if isinstance(value, tuple) else [key]
        units.update(dict.fromkeys(ids, room))
    return units


def _translated(project: Project, handout_id: str, lang: str) -> set[str]:
    """Return the keys this language has its own text for."""
    strings = project.strings(handout_id, lang)["strings"]
    return {k for k, v in strings.items() if isinstance(v, str) and v.strip()}


def card_budgets(project: Project, doc: Document, translated: set[str], english: Document,
                 keys: tuple[str, ...] = tuple(CARD_PANELS)) -> dict[str, Budget]:
    """Measure card keys: the longest text in the locale's script that fits each one's panel on every card size."""
    layout = build.card_layout(project.root)
    fonts = card.card_fonts(doc)
    sizes = {(layout.width_pt, layout.height_pt)}
    sizes |= {build.stock(project.root, s).card_pt for s in build.stock_ids(project.root)}
    base = _fitting_base(doc, english, layout, fonts, sizes)
    out = {}
    for key in keys:
        panel = CARD_PANELS[key]
        sample = doc.strings[key] if key in translated or doc.lang == SOURCE_LANG else english.strings[key]

        def fits(n: int, key=key, sample=sample) -> bool:
            return _draws(with_text(base, key, cut(sample, n)), key, layout, fonts, sizes)

        min_pt = layout.key_min_pt if panel in ("front title band", "front overdose cue", "back title band",
                                                "back text") else layout.min_pt
        out[key] = Budget(_longest(fits, len(sample.plain), within=0.03), min_pt, panel)
    return out


def _fitting_base(doc: Document, english: Document, layout, fonts, sizes) -> Document:
    """Return the card with any key that does not fit today replaced by its English, so others can be measured."""
    base = doc
    for key in CARD_PANELS:
        if not _draws(base, key, layout, fonts, sizes):
            base = with_text(base, key, english.strings[key])
    return base


def with_text(doc: Document, key: str, text: Text) -> Document:
    """Return the card with one key's text replaced (the QR caption is also the code's caption)."""
    doc = replace(doc, strings={**doc.strings, key: text})
    if key == "back.qr_clinician":
        doc = replace(doc, codes=(replace(doc.codes[0], caption=text), *doc.codes[1:]))
    return doc


def _draws(doc: Document, key: str, layout, fonts, sizes) -> bool:
    """Say whether the face that prints key draws without a FitError on every card size."""
    draw = card.draw_front if key.startswith("front.") else card.draw_back
    for w, h in sorted(sizes):
        try:
            draw(Canvas(io.BytesIO(), pagesize=(w, h)), doc, layout, fonts, w, h)
        except FitError:
            return False
    return True


def cut(text: Text, n: int) -> Text:
    """Return text's spans repeated (a space between) and cut to n characters: the same script and bold share."""
    spans: list[Span] = []
    left = n
    while left > 0 and text.plain:
        for span in (*text.spans, Span(" ")):
            piece = span.text[:left]
            if piece:
                spans.append(replace(span, text=piece))
                left -= len(piece)
            if left <= 0:
                break
    return Text(tuple(spans) or (Span(""),), text.where)


def _longest(fits, start: int, within: float = 0.02) -> int:
    """Return the largest n with fits(n) (to within a fraction), by doubling from start then bisection."""
    lo, hi = 0, max(start, 8)
    while fits(hi):
        lo, hi = hi, hi * 2
        if hi > LONGEST:
            return LONGEST
    while hi - lo > max(1, int(lo * within)):
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def handout_room(project: Project, doc: Document) -> Budget:
    """Measure how many more characters a handout holds at its smallest body size on Letter and on A4.

    The text is added to its longest paragraph, so page breaks fall as they would.
    """
    layout = build.handout_layout(project.root)
    body_pt = layout.fit_steps()[-1]
    index, block = max(((i, b) for i, b in enumerate(doc.blocks) if b.kind == "paragraph"),
                       key=lambda pair: len(pair[1].texts[0].plain), default=(None, None))
    where = f"this {doc.max_pages}-page handout"
    if block is None:
        return Budget(0, body_pt, where, shared=True)
    sample = block.texts[0]

    def fits(n: int) -> bool:
        longer = Text((*sample.spans, Span(" "), *cut(sample, n).spans), sample.where)
        blocks = (*doc.blocks[:index], replace(block, texts=(longer,)), *doc.blocks[index + 1:])
        trial = replace(doc, blocks=blocks)
        return all((handout.pages_at(trial, layout, paper, body_pt) or doc.max_pages + 1) <= doc.max_pages
                   for paper in PAPERS)

    pages = [handout.pages_at(doc, layout, paper, body_pt) for paper in PAPERS]
    if None in pages or max(pages) > doc.max_pages:
        return Budget(0, body_pt, where, shared=True)
    # Start from what the free pages would hold at today's characters per page; a handout's room is rough anyway.
    chars = sum(len(t.plain) for b in doc.blocks for t in b.texts)
    start = int(chars / max(pages) * (doc.max_pages - max(pages) + 0.5))
    return Budget(_longest(fits, start, within=0.05), body_pt, where, shared=True)



def room_lines(project: Project, clinic: Clinic, handout_id: str, lang: str,
               keys: tuple[str, ...] = tuple(CARD_PANELS)) -> list[str]:
    """Return check --room's info lines: room left in each card panel, or how far a handout's type stepped down.

    A document that does not build is left out: check reports why.
    """
    try:
        doc = project.resolve(handout_id, lang, clinic)
        if doc.kind == "card":
            return _card_room(project, clinic, doc, handout_id, keys)
        return _handout_room(project, clinic, doc, handout_id)
    except CareprintError:
        return []


def _card_room(project: Project, clinic: Clinic, doc: Document, handout_id: str, keys: tuple[str, ...]) -> list[str]:
    layout = build.card_layout(project.root)
    trace = Trace()
    token = TRACE.set(trace)
    try:
        build.render_card(project, clinic, build.CardJob(handout_id, doc.lang))
    finally:
        TRACE.reset(token)
    english = project.resolve(handout_id, SOURCE_LANG, clinic)
    measured = card_budgets(project, doc, _translated(project, handout_id, doc.lang), english, keys)
    strings = project.strings(handout_id, doc.lang)["strings"]
    path = project.root / "handouts" / handout_id / f"{doc.lang}.yaml"
    lines = []
    for key, budget in measured.items():
        start_pt = {"front title band": layout.type_pt["title"], "back title band": layout.type_pt["title"],
                    "front overdose cue": layout.type_pt["key"], "back text": layout.type_pt["key"]}.get(
                        budget.where, layout.type_pt["body"])
        size_pt = trace.sizes_pt.get(key, start_pt)
        now = len(doc.strings[key].plain)
        left = max(0, round((budget.chars - now) / budget.chars * 100)) if budget.chars else 0
        said = (f"type shrank to {size_pt:g} pt (from {start_pt:g}) to fit" if size_pt < start_pt - 1e-9
                else f"fits at {size_pt:g} pt")
        where = Where(path, strings.line_of(key) if key in strings else None, key, doc.lang)
        lines.append(f"{where.prefix()}: room: {said}, {left}% room left ({now} characters; {budget.note()})")
    return lines


def _handout_room(project: Project, clinic: Clinic, doc: Document, handout_id: str) -> list[str]:
    layout = build.handout_layout(project.root)
    path = project.root / "handouts" / handout_id / f"{doc.lang}.yaml"
    where = Where(path, 1, None, doc.lang).prefix()
    lines = []
    for paper in PAPERS:
        _, body_pt = handout.render(io.BytesIO(), doc, layout, paper)
        if body_pt < layout.type_pt["body"] - 1e-9:
            lines.append(f"{where}: room: the body type stepped down from {layout.type_pt['body']:g} to {body_pt:g} pt "
                         f"to keep within {doc.max_pages} pages on {paper}")
    lines.append(f"{where}: room: {handout_room(project, doc).note()}")
    return lines


def room_report(project: Project, clinic: Clinic, langs: tuple[str, ...] | None = None) -> list[str]:
    """Return the room lines of every document in the given languages (default: all)."""
    return [line for h in project.handout_ids for lang in (langs or project.languages(h))
            if lang in project.languages(h) for line in room_lines(project, clinic, h, lang)]
