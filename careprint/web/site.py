"""The companion site: the pages the QR codes open, as static HTML, in every language.

Each handout's page is at ``{lang}/{path}/`` below the site root, exactly the
address its QR code encodes under the clinic's ``base_url``: hosting the output
folder at ``base_url`` makes every printed code work. The emergency page (the
handout the codes name as ``emergency``) puts its steps first; the card's page
is the one for emergency clinicians. Pages come from the same resolved
``Document`` as the PDFs, so paper and screen cannot disagree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path

from careprint import build
from careprint.content.model import Block, Clinic, Document, Locale, Text
from careprint.content.project import SOURCE_LANG, Project
from careprint.errors import CareprintError
from careprint.web import fonts, html

CSS_NAME = "site.css"


@dataclass(frozen=True)
class Page:
    """One page: its path below the site root (``es/overdose/``) and the document it shows."""

    path: str
    doc: Document

    @property
    def file(self) -> str:
        return f"{self.path}index.html"


@dataclass(frozen=True)
class SiteResult:
    """What a site build wrote."""

    root: Path
    files: tuple[Path, ...]
    pages: tuple[str, ...]


def page_path(project: Project, handout_id: str) -> str:
    """Return the short stable path of a handout's page (handout.yaml ``path``; its id until one is set)."""
    return project.structure(handout_id).get("path", handout_id)


def plan(project: Project, clinic: Clinic, langs: list[str] | None = None, allowed=None):
    """Return every page to write (each handout and the card's clinician page, in each language) and the errors.

    A document that does not resolve (a broken translation) has no page; its error is returned, as build reports it.
    """
    pages, errors = [], []
    for lang in langs or project.locale_codes:
        for handout_id in project.handout_ids:
            if lang in project.languages(handout_id) and (allowed is None or allowed(handout_id, lang)):
                try:
                    doc = project.resolve(handout_id, lang, clinic)
                except CareprintError as exc:
                    errors.extend(getattr(exc, "errors", [exc]))
                    continue
                pages.append(Page(f"{lang}/{page_path(project, handout_id)}/", doc))
    return pages, errors


def write(project: Project, clinic: Clinic, out: Path, pages: list[Page]) -> SiteResult:
    """Write the pages, one index per language, the root index, the stylesheet, fonts and sitemap.xml."""
    files: dict[str, bytes] = {CSS_NAME: resources.files("careprint.web").joinpath(CSS_NAME).read_bytes()}
    by_lang: dict[str, list[Page]] = {}
    for p in pages:
        by_lang.setdefault(p.doc.lang, []).append(p)
    emergency = next((project.structure(h)["qr"]["emergency"] for h in project.handout_ids
                      if project.structure(h)["kind"] == "handout"), None)  # the page the handouts' second code opens
    with fonts.collecting() as wanted:  # a first pass only lists the font subsets the pages need ...
        _pages(dict(files), clinic, pages, by_lang, emergency)
    fonts.prepare(wanted)  # ... which are made across cores (seconds each for a CJK face) ...
    _pages(files, clinic, pages, by_lang, emergency)  # ... so this pass finds them cached
    files["sitemap.xml"] = _sitemap(clinic, [p.path for p in pages] + [f"{lang}/" for lang in by_lang] + [""])
    written = []
    for rel in sorted(files):
        path = out / rel
        build.write_atomic(path, files[rel])
        written.append(path)
    return SiteResult(out, tuple(written), tuple(p.path for p in pages))


def _pages(files: dict[str, bytes], clinic: Clinic, pages: list[Page], by_lang: dict[str, list[Page]],
           emergency: str | None) -> None:
    """Add every page, each language's index and the root index to files."""
    for p in pages:
        siblings = [q for q in pages if q.path.split("/", 1)[1] == p.path.split("/", 1)[1]]
        body = _clinician(p.doc) if p.doc.kind == "card" else _handout(p.doc, p.doc.id == emergency)
        files[p.file] = _document(files, clinic, p.path, p.doc, body, siblings).encode("utf-8")
    locales = {lang: mine[0].doc.locale for lang, mine in by_lang.items()}
    for lang, mine in by_lang.items():
        files[f"{lang}/index.html"] = _locale_index(files, clinic, mine, locales).encode("utf-8")
    files["index.html"] = _root_index(files, clinic, {lang: mine[0].doc for lang, mine in by_lang.items()}).encode("utf-8")


def _handout(doc: Document, emergency: bool) -> str:
    """Return a handout's body; the emergency page has its steps first, then a button that calls for help."""
    parts = [f"<h1>{html.spans(doc.title)}</h1>"]
    blocks = list(doc.blocks)
    if emergency:
        first = next((b for b in blocks if b.kind in ("emergency", "steps")), None)
        if first is not None:
            at = blocks.index(first)
            heading = blocks[at - 1] if first.kind == "steps" and at and blocks[at - 1].kind == "heading" else None
            parts.append(_steps(first, heading.texts[0] if heading else first.title, doc.clinic.emergency_number,
                                doc.locale.number(doc.clinic.emergency_number)))
            parts.append(_call(doc))
            blocks = [b for b in blocks if b is not first and b is not heading]
    if doc.subtitle:
        parts.insert(1 if not emergency else len(parts), f'<p class="lead">{html.spans(doc.subtitle)}</p>')
    parts.extend(html.block(b) for b in (*blocks, *doc.more))  # then what only the web has room for
    if not emergency:
        parts.append(_call(doc))
    return "\n".join(p for p in parts if p)


def _steps(steps: Block, title: Text | None, number: str, shown: str) -> str:
    """Return the emergency steps in large type, numbered; the emergency number (``shown`` in the locale's digits) calls it."""
    heading = f"<h2>{html.spans(title)}</h2>" if title else ""
    call = f'<a href="tel:{escape(number.replace(" ", ""))}">{escape(shown)}</a>'
    pattern = re.compile(rf"(?<![\w-]){re.escape(escape(shown))}(?![\w-])")
    items = "".join(f"<li>{pattern.sub(call, html.spans(t), count=1)}</li>" for t in steps.texts)
    return f'<section class="emergency">{heading}<ol class="steps">{items}</ol></section>'


def _call(doc: Document) -> str:
    """Return a button that calls the clinic country's emergency number."""
    number = doc.clinic.emergency_number
    label = html.spans(doc.locale.labels["web_call"](number=number))
    return f'<p class="call"><a href="tel:{escape(number.replace(" ", ""))}">{label}</a></p>'


def _clinician(doc: Document) -> str:
    """Return the page for emergency clinicians that the card's code opens (the card's back, in full)."""
    keys = [k for k in doc.strings if k.startswith("back.") and not k.startswith("back.qr")]
    title, rest = doc.strings[keys[0]], keys[1:]
    parts = [f"<h1>{html.spans(title)}</h1>", f'<p class="lead">{html.spans(doc.title)}</p>']
    parts.extend(f"<p>{html.spans(doc.strings[k])}</p>" for k in rest if not isinstance(doc.strings[k], tuple))
    parts.extend(html.block(b) for b in doc.more)  # the label's guidance in full (handout.yaml ``more:``)
    parts.append(_call(doc))
    return "\n".join(parts)


def _footer(doc: Document) -> str:
    """Return a page's footer: draft notice, disclaimer, date and version, sources."""
    labels = doc.locale.labels
    parts = []
    if doc.is_draft:
        parts.append(f'<p class="draft"><strong>{html.spans(doc.locale.draft_notice())}</strong></p>')
    parts.append(f"<p>{html.spans(labels['disclaimer'](number=doc.clinic.emergency_number))}</p>")
    parts.append(f"<p>{html.spans(doc.date_stamp())} · {html.spans(labels['version'](version=doc.version))}</p>")
    if doc.sources:
        items = "".join(f'<li lang="en" dir="ltr">{escape(s.title)}. {escape(s.publisher)}, {escape(s.date)}. '
                        f'<a href="{escape(s.url)}">{escape(s.url.split("://", 1)[-1])}</a></li>' for s in doc.sources)
        parts.append(f"<h2>{html.spans(labels['sources']())}</h2><ol class=\"sources\">{items}</ol>")
    return "\n".join(parts)


def _language_links(entries: list[tuple[str, Locale]], css_class: str = "languages") -> str:
    """Return a list of links, each named in its own language: entries are (href, locale)."""
    items = "".join(f'<li><a href="{href}" hreflang="{loc.tag}" lang="{loc.tag}" dir="{loc.direction}">'
                    f"{escape(loc.native_name)}</a></li>" for href, loc in entries)
    return f'<ul class="{css_class}">{items}</ul>'


def _languages(locale: Locale, entries: list[tuple[str, Locale]]) -> str:
    """Return the navigation to the same page in the other languages (nothing when there are none)."""
    if not entries:
        return ""
    label = locale.labels["web_languages"]()
    return f'<nav aria-label="{html.plain(label)}"><h2>{html.spans(label)}</h2>{_language_links(entries)}</nav>'


def _assemble(files: dict[str, bytes], clinic: Clinic, locale: Locale, here: str, title: Text, body: str,
              footer: str, alternates: list[tuple[str, str]], with_fonts: bool = True) -> str:
    """Return a whole page at site path ``here``; its web fonts (subset to its characters) go into files."""
    css = [_rel(here, CSS_NAME)]
    # Another digit set too: list numbers come from CSS counters in the locale's digits, not from the page's text.
    digits = "" if locale.digits == "latn" else locale.number("0123456789")
    face_css = fonts.page_fonts(files, locale, body + footer + digits, here) if with_fonts else None
    if face_css:
        css.append(_rel(here, face_css))
    shell = html.Shell(lang=locale.tag, direction=locale.direction, title=html.plain(title), css_hrefs=tuple(css),
                       canonical=f"{clinic.base_url}/{here}",
                       alternates=tuple((tag, f"{clinic.base_url}/{path}") for tag, path in alternates),
                       skip_label=html.spans(locale.labels["web_skip"]()), digits=locale.digits)
    return html.page(shell, body, footer)


def _document(files: dict[str, bytes], clinic: Clinic, path: str, doc: Document, body: str,
              siblings: list[Page]) -> str:
    """Return a handout's (or the clinician) page with its shell."""
    others = [(_rel(path, p.path), p.doc.locale) for p in siblings if p.doc.lang != doc.lang]
    footer = _footer(doc) + "\n" + _languages(doc.locale, others)
    return _assemble(files, clinic, doc.locale, path, doc.title, body, footer,
                     [(p.doc.locale.tag, p.path) for p in siblings])


def _locale_index(files: dict[str, bytes], clinic: Clinic, pages: list[Page], locales: dict[str, Locale]) -> str:
    """Return one language's index: a link to each of its pages, by title."""
    doc = pages[0].doc
    here = f"{doc.lang}/"
    items = "".join(f'<li><a href="{_rel(here, p.path)}">{html.spans(p.doc.title)}</a></li>' for p in pages)
    title = doc.locale.labels["web_index"]()
    body = f"<h1>{html.spans(title)}</h1><ul class=\"pages\">{items}</ul>\n{_call(doc)}"
    others = [(f"../{code}/", loc) for code, loc in sorted(locales.items()) if code != doc.lang]
    footer = f"<p>{html.spans(doc.locale.labels['disclaimer'](number=clinic.emergency_number))}</p>"
    footer += _languages(doc.locale, others)
    return _assemble(files, clinic, doc.locale, here, title, body, footer,
                     [(loc.tag, f"{code}/") for code, loc in locales.items()])


def _root_index(files: dict[str, bytes], clinic: Clinic, docs: dict[str, Document]) -> str:
    """Return the root page: every language by its own name (in the system font: it holds every script)."""
    english = docs.get(SOURCE_LANG) or next(iter(docs.values()))
    title = english.locale.labels["web_index"]()
    links = _language_links([(f"{lang}/", d.locale) for lang, d in sorted(docs.items())], "languages big")
    body = f"<h1>{html.spans(title)}</h1>{links}\n{_call(english)}"
    return _assemble(files, clinic, english.locale, "", title, body, "",
                     [(d.locale.tag, f"{lang}/") for lang, d in docs.items()], with_fonts=False)


def _sitemap(clinic: Clinic, paths: list[str]) -> bytes:
    """Return sitemap.xml listing every page at its public address."""
    urls = "".join(f"<url><loc>{escape(clinic.base_url)}/{escape(p)}</loc></url>\n" for p in sorted(paths))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode()


def _rel(here: str, target: str) -> str:
    """Return a relative link from the folder ``here`` (``es/overdose/``) to a site path."""
    depth = here.count("/")
    return "../" * depth + target if target else "../" * depth or "./"


def digest(data: bytes) -> str:
    """Return a short content hash, for file names that change when their content does."""
    return hashlib.sha256(data).hexdigest()[:10]
