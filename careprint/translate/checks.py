"""Everything ``python generate.py check`` reports, for every handout and locale.

Errors stop a build: bad YAML, missing or extra keys in English, unknown
markup, placeholder and markup differences from English, characters no font
covers, text that does not fit a card panel or a handout's pages at the
minimum type size. Warnings do not (``--strict`` makes them errors): missing,
untranslated and stale translations (they print English or outdated text),
right-to-left numbers outside <keep>, and a reading level above target.
"""

from __future__ import annotations

import re

from careprint import build
from careprint.content import settings
from careprint.content.model import Clinic
from careprint.content.project import SOURCE_LANG, Project
from careprint.content.resolve import Resolver
from careprint.content.structure import CONTENT_VALUES, used_keys
from careprint.content.yamlio import LDict
from careprint.errors import BuildError, CareprintError, Collector, ContentWarning, Where, capped, unique
from careprint.text import markup
from careprint.text.fonts import FontSet
from careprint.translate import glossary, lint, readability

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_ON_STOCK = re.compile(r" \(on [\w-]+ sheets\)$")


def run(project: Project, clinic: Clinic, langs: tuple[str, ...] | None = None, render: bool = True) -> list[CareprintError]:
    """Return every problem in the given languages (default: all), errors and warnings."""
    project.require_content()
    problems: list[CareprintError] = _layouts(project, clinic)
    for code in langs or project.locale_codes:
        try:
            locale = project.locale(code)
        except CareprintError as exc:
            problems.extend(getattr(exc, "errors", [exc]))
            continue
        problems.extend(project.locale_state(code).warnings)
        path = project.root / "locales" / f"{code}.yaml"
        if locale.direction == "rtl":
            problems.extend(lint.rtl_numbers(project.locale_data(code)["labels"], Where(path, None, None, code)))
        problems.extend(lint.persian_letters(project.locale_data(code)["labels"], Where(path, None, None, code), "labels."))
        if code != SOURCE_LANG:
            problems.extend(lint.wrapping_quotes(project.locale_data(code)["labels"], project.locale_data(SOURCE_LANG)["labels"],
                                                 Where(path, None, None, code), "labels."))
        problems.extend(glossary.check_language(project, code))  # approved terms: labels and every handout
    for handout_id in project.handout_ids:
        for code in build.job_langs(project, handout_id, list(langs or ()), named=False):  # a partial one: what it has
            problems.extend(_document(project, clinic, handout_id, code, render))
    return capped(unique(problems))


def _layouts(project: Project, clinic: Clinic) -> list[CareprintError]:
    """Validate every layout and stock file, and the clinic's paper and stock, as a build would load them."""
    loads = [lambda: build.handout_layout(project.root).page_size(clinic.paper),
             lambda: build.card_layout(project.root), lambda: build.stock(project.root, clinic.default_stock)]
    loads += [lambda stock_id=stock_id: build.stock(project.root, stock_id) for stock_id in build.stock_ids(project.root)]
    problems: list[CareprintError] = []
    for load in loads:
        try:
            load()
        except CareprintError as exc:
            problems.extend(getattr(exc, "errors", [exc]))
    return problems


def _document(project: Project, clinic: Clinic, handout_id: str, code: str, render: bool) -> list[CareprintError]:
    """Check one handout in one language: its strings, then (if they resolve) how it prints."""
    try:
        project.locale(code)
        doc = project.resolve(handout_id, code, clinic)
    except CareprintError as exc:
        return list(getattr(exc, "errors", [exc]))
    problems: list[CareprintError] = list(project.state(handout_id, code).warnings)
    path = project.root / "handouts" / handout_id / f"{code}.yaml"
    if doc.locale.direction == "rtl":
        problems.extend(lint.rtl_numbers(project.strings(handout_id, code)["strings"], Where(path, None, None, code)))
    problems.extend(lint.persian_letters(project.strings(handout_id, code)["strings"], Where(path, None, None, code)))
    if code != SOURCE_LANG:
        problems.extend(lint.wrapping_quotes(project.strings(handout_id, code)["strings"],
                                             project.strings(handout_id, SOURCE_LANG)["strings"], Where(path, None, None, code)))
    if doc.kind == "handout":
        problems.extend(_reading_level(project, handout_id, code, path))
    if render:
        problems.extend(_renders(project, clinic, handout_id, code, doc.kind))
    return problems


def _renders(project: Project, clinic: Clinic, handout_id: str, code: str, kind: str) -> list[CareprintError]:
    """Render the document as a build would; return what stops it (fit, glyphs, page limits).

    A card is rendered at true size and on every stock; the same problem on
    several stocks is reported once, naming them.
    """
    try:  # a missing font package: one line for the language, not one per paper and stock
        FontSet(project.locale(code).fonts, code)
    except BuildError as exc:
        return [exc]
    if kind == "card":
        jobs = [(stock or "true size", lambda stock=stock: build.render_card(
            project, clinic, build.CardJob(handout_id, code, stock))) for stock in (None, *build.stock_ids(project.root))]
    else:
        jobs = [(paper, lambda paper=paper: build.render_handout(project, clinic, build.HandoutJob(handout_id, code, paper)))
                for paper in ("letter", "a4")]
    found: dict[tuple[str, str], tuple[CareprintError, list[str]]] = {}
    for name, job in jobs:
        try:
            job()
        except CareprintError as exc:
            for error in getattr(exc, "errors", [exc]):
                message = _ON_STOCK.sub("", error.message)
                found.setdefault((str(error.where), message), (error, []))[1].append(name)
    return [type(error)(f"{message} ({', '.join(names)})", error.where)
            for (_, message), (error, names) in found.items()]


def _reading_level(project: Project, handout_id: str, code: str, path) -> list[ContentWarning]:
    """Warn when a handout's English or Spanish text reads above its target level."""
    if code not in readability.TARGETS:
        return []
    strings = project.strings(handout_id, code)["strings"]
    texts = []
    for key in used_keys(project.structure(handout_id)):
        value = strings.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                texts.append(markup.plain(markup.parse(_PLACEHOLDER.sub("911", item), Where())))
    result = readability.score(texts, code)
    if result is None or not result.over_target:
        return []
    hint = "use shorter sentences and shorter words" if code == SOURCE_LANG else "usa frases y palabras más cortas"
    return [ContentWarning(f"reading level: {result.describe()}; {hint}", Where(path, 1, None, code))]


def text_problems(project: Project, clinic: Clinic, lang: str, handout_id: str | None, key: str, text: str,
                  english: str, where: Where) -> list[CareprintError]:
    """Return what ``check`` would say about one translated text before it is written (``locale import``).

    A handout's text is compared with its English (braces, markup, placeholders) as a build resolves it,
    with stand-in values for every placeholder; a label is held to the placeholders its layout fills in.
    """
    if handout_id is None:
        labels = LDict({key: text})
        labels.line, labels.lines = where.line or 0, {key: where.line or 0}
        collector = Collector()
        # The same private checks the loaders run, so import and check report a text in the same words.
        settings._labels(collector, labels, Where(where.path, None, None, lang), project.locale(lang).direction == "rtl")
        return collector.errors
    resolver = Resolver(project, handout_id, lang, clinic, rtl=project.locale(lang).direction == "rtl")
    resolver.values = dict.fromkeys(CONTENT_VALUES, "0")
    resolver._text(text, english, where)
    return resolver.c.errors
