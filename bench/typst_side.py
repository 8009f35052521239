"""The Typst side of bench/compare.py: the same handout and card sheets written as Typst markup.

Takes a careprint Document already resolved (so both draw exactly the same
words) and writes Typst markup: the same fonts (static TTFs, given to Typst
as font paths), page size, margins, type sizes, lists, panels and pictures;
QR codes are computed with the qrcode package on every call (as plain
ReportLab does in bench/plain_reportlab.py) and drawn as squares. No fitting
to a page limit, no checks: what a developer would write with Typst alone.
"""

from __future__ import annotations

import qrcode
from reportlab.lib.colors import HexColor

from careprint.web.svg import pictogram

_INK = HexColor("#1f4e79")
FAMILY = {"atkinson-hyperlegible": "Atkinson Hyperlegible", "noto-sans-arabic": "Noto Sans Arabic",
          "noto-sans-devanagari": "Noto Sans Devanagari", "noto-sans": "Noto Sans"}


def _str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _markup(text) -> str:
    """Return a Typst code expression for a careprint Text (bold spans strong)."""
    parts = [f"strong({_str(s.text)})" if s.bold else f"[#{_str(s.text)}]" for s in text.spans]
    return "(" + ", ".join(parts) + ",).join()" if parts else "[]"


def qr_code(url: str, size_mm: float) -> str:
    """Return a Typst image of the code, encoded now with qrcode (no cache): one SVG path of its dark modules.

    (Typst has no QR encoder; an SVG path is how one draws it, and much faster than a Typst shape per module.)
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    matrix = code.get_matrix()
    path = "".join(f"M{c} {r}h1v1h-1z" for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {len(matrix)} {len(matrix)}">'
           f'<path d="{path}" fill="#000"/></svg>')
    return f"image(bytes({_str(svg)}), format: \"svg\", width: {size_mm}mm)"


def _blocks(blocks) -> list[str]:
    out = []
    for block in blocks:
        if block.kind == "heading":
            out.append(f"#heading(level: 2, {_markup(block.texts[0])})")
        elif block.kind == "paragraph":
            out.append(f"#par({_markup(block.texts[0])})")
        elif block.kind in ("bullets", "steps"):
            kind = "enum" if block.kind == "steps" else "list"
            out.append(f"#{kind}(" + ", ".join(_markup(t) for t in block.texts) + ")")
        elif block.kind in ("warning", "emergency"):
            kind = "enum" if block.kind == "emergency" else "list"
            inner = f"#heading(level: 2, {_markup(block.title)})" if block.title else ""
            inner += f"#{kind}(" + ", ".join(_markup(t) for t in block.texts) + ")"
            out.append(f'#block(stroke: 1.5pt + rgb("#a31515"), fill: rgb("#fdecea"), inset: 8pt, width: 100%)[{inner}]')
        elif block.kind == "pictures":
            cells = [f"[#image(bytes({_str(pictogram(name, '', _INK))}), format: \"svg\", width: 30mm) #linebreak() "
                     f"#{_markup(text)}]" for name, text in zip(block.names, block.texts, strict=True)]
            out.append(f"#grid(columns: {len(cells)}, gutter: 6mm, " + ", ".join(cells) + ")")
        elif block.kind == "qr":
            cells = [f"{qr_code(c.url, 26)}, {_markup(c.caption)}" for c in block.codes]
            out.append("#grid(columns: (26mm, 1fr, 26mm, 1fr), gutter: 4mm, align: horizon, " + ", ".join(cells) + ")")
        elif block.kind == "columns":
            cols = ["[" + "\n".join(_blocks(col)) + "]" for col in block.columns]
            out.append("#grid(columns: (1fr, 1fr), gutter: 8mm, " + ", ".join(cols) + ")")
    return out


def handout(doc, family: str) -> str:
    """Return the Typst source of a handout (Letter, 18 mm margins, 12 pt body)."""
    rtl = doc.locale.direction == "rtl"
    head = [
        f'#set page(paper: "us-letter", margin: (x: 18mm, top: 18mm, bottom: 22mm), footer: context text(size: 8pt)['
        f'{doc.id} · Version {doc.version} · Page #counter(page).display()])',
        f'#set text(font: {_str(FAMILY[family])}, size: 12pt, lang: {_str(doc.locale.code[:2])}'
        f'{", dir: rtl" if rtl else ""})',
        "#set par(leading: 0.55em, spacing: 0.8em)",
        '#show heading: set text(size: 15pt, fill: rgb("#1f4e79"))',
        f"#text(size: 22pt, weight: \"bold\", {_markup(doc.title)})",
    ]
    if doc.subtitle:
        head.append(f"#par({_markup(doc.subtitle)})")
    head.append('#line(length: 100%, stroke: 1.5pt + rgb("#1f4e79"))')
    sources = " ".join(f"{s.title}. {s.publisher}." for s in doc.sources)
    return "\n".join(head + _blocks(doc.blocks) + [f"#text(size: 9pt, {_str(sources)})"])


def _card_front(doc, personal: dict[str, str] | None) -> str:
    s = doc.strings
    fields = []
    for key in ("front.name", "front.last_dose", "front.next_due", "front.phone"):
        value = (personal or {}).get(key, "")
        fields.append(f"#text(size: 7pt, {_markup(s[key])}) #box(width: 1fr, stroke: (bottom: 0.5pt))"
                      f"[#text(size: 9pt, {_str(value)})]")
    ticks = f"☐ #{_markup(s['front.form_pill'])} ☐ #{_markup(s['front.form_injection'])}"
    return (f'#block(fill: rgb("#1f4e79"), width: 100%, inset: 2mm)[#text(fill: white, weight: "bold", size: 11pt, '
            f"{_markup(s['front.title'])})] #block(inset: (x: 3mm))[#text(size: 8pt)[{ticks}] #linebreak() "
            + " #linebreak() ".join(fields)
            + f" #linebreak() #text(size: 9pt, weight: \"bold\", {_markup(s['front.cue'])})]")


def _card_back(doc) -> str:
    s = doc.strings
    body = " ".join(f"#par(text(size: 8pt, {_markup(s[k])}))" for k in ("back.pain", "back.opioids", "back.risk"))
    return (f"#block(inset: 3mm)[#text(size: 9pt, weight: \"bold\", {_markup(s['back.title'])}) "
            f"#grid(columns: (1fr, 20mm), gutter: 2mm, [{body}], [#{qr_code(doc.codes[0].url, 20)} "
            f"#text(size: 7pt, {_markup(s['back.qr_clinician'])})])]")


def sheet(doc, family: str, fronts: list[tuple[float, float]], backs: list[tuple[float, float]],
          card_pt: tuple[float, float], sheet_pt: tuple[float, float], personal: list[dict] | None) -> str:
    """Return a sheet of cards: a front page and a back page, a card at each (x, y) from the bottom left."""
    w, h = card_pt
    lines = [f"#set page(width: {sheet_pt[0]}pt, height: {sheet_pt[1]}pt, margin: 0pt)",
             f"#set text(font: {_str(FAMILY[family])}, size: 8pt)",
             f"#let back = [{_card_back(doc)}]"]  # the same on every card: written (and its QR encoded) once
    for page, spots in (("front", fronts), ("back", backs)):
        if page == "back":
            lines.append("#pagebreak()")
        for n, (x, y) in enumerate(spots):
            face = _card_front(doc, personal[n] if personal else None) if page == "front" else "#back"
            lines.append(f"#place(top + left, dx: {x}pt, dy: {sheet_pt[1] - y - h}pt, "
                         f"box(width: {w}pt, height: {h}pt, clip: true)[{face}])")
    return "\n".join(lines)
