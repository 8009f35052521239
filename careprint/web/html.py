"""HTML from the resolved model: escaped text, blocks and the page shell.

Text reaches HTML only through ``spans``: every character is escaped, and the
only tags it can produce are ``<strong>`` and ``<em>`` for the content's own
``<b>`` and ``<i>`` (the markup parser has refused everything else). So raw
HTML in content is impossible, as it is impossible in the PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from reportlab.lib.colors import HexColor

from careprint.content.model import Block, Text
from careprint.text.markup import FSI, PDI, Span
from careprint.web import svg

INK = HexColor("#111111")  # the pictograms' colour, as on paper


def spans(text: Text | tuple[Span, ...]) -> str:
    """Return escaped inline HTML for styled spans (bidi isolates become <bdi>)."""
    parts = []
    for span in text.spans if isinstance(text, Text) else text:
        inner = escape(span.text, quote=False).replace(FSI, "<bdi>").replace(PDI, "</bdi>")
        if span.italic:
            inner = f"<em>{inner}</em>"
        if span.bold:
            inner = f"<strong>{inner}</strong>"
        parts.append(inner)
    return "".join(parts)


def plain(text: Text) -> str:
    """Return text for an attribute or a <title>: escaped, without isolate controls."""
    return escape(text.plain.replace(FSI, "").replace(PDI, ""))


def block(b: Block, level: int = 2) -> str:
    """Return one body block as HTML (QR blocks print only on paper: the page is what they open)."""
    if b.kind == "heading":
        return f"<h{level}>{spans(b.texts[0])}</h{level}>"
    if b.kind == "paragraph":
        return f"<p>{spans(b.texts[0])}</p>"
    if b.kind in ("bullets", "steps"):
        tag = "ol" if b.kind == "steps" else "ul"
        return f"<{tag}>" + "".join(f"<li>{spans(t)}</li>" for t in b.texts) + f"</{tag}>"
    if b.kind == "warning":
        body = (f"<ul>{''.join(f'<li>{spans(t)}</li>' for t in b.texts)}</ul>" if b.body_is_list
                else "".join(f"<p>{spans(t)}</p>" for t in b.texts))
        return f'<section class="warning"><h{level}>{spans(b.title)}</h{level}>{body}</section>'
    if b.kind == "emergency":
        items = "".join(f"<li>{spans(t)}</li>" for t in b.texts)
        return (f'<section class="emergency"><h{level}>{spans(b.title)}</h{level}>'
                f'<ol class="steps">{items}</ol></section>')
    if b.kind == "pictures":
        figures = "".join(f"<figure>{svg.pictogram(name, t.plain, INK)}<figcaption>{spans(t)}</figcaption></figure>"
                          for name, t in zip(b.names, b.texts, strict=True))
        return f'<div class="pictures">{figures}</div>'
    if b.kind == "columns":  # one column on the web: the left column's blocks, then the right's
        return "".join(block(inner, level) for column in b.columns for inner in column)
    if b.kind == "qr":
        return ""
    raise ValueError(f"no HTML for block kind {b.kind!r}")  # a new block kind needs its HTML here


@dataclass(frozen=True)
class Shell:
    """What every page has around its body: language, direction, title, links to itself in other languages."""

    lang: str
    direction: str
    title: str  # escaped
    css_hrefs: tuple[str, ...]  # relative: the site works from any folder, and offline
    canonical: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute href)
    skip_label: str  # escaped
    digits: str = "latn"  # the locale's digit set: site.css numbers lists with its counter style


CSP = ("default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")


def page(shell: Shell, body: str, footer: str) -> str:
    """Return a whole HTML5 document (no script, no third-party request)."""
    alternates = "".join(f'<link rel="alternate" hreflang="{escape(h)}" href="{escape(href)}">\n'
                         for h, href in shell.alternates)
    css = "".join(f'<link rel="stylesheet" href="{escape(href)}">\n' for href in shell.css_hrefs)
    digits = f' data-digits="{escape(shell.digits)}"' if shell.digits != "latn" else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(shell.lang)}" dir="{shell.direction}"{digits}>\n<head>\n'
        f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{shell.title}</title>\n"
        f'{css}<link rel="canonical" href="{escape(shell.canonical)}">\n{alternates}</head>\n<body>\n'
        f'<a class="skip" href="#main">{shell.skip_label}</a>\n'
        f'<main id="main">\n{body}\n</main>\n<footer>\n{footer}\n</footer>\n</body>\n</html>\n'
    )
