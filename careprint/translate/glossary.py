"""A language's glossary of approved terms (``glossary:`` in ``locales/<lang>.yaml``), checked by ``check``.

The glossary maps an English term to its approved translation, or to a list
of accepted forms (inflections, a form with the article; ``Opioid*`` accepts
any word that begins so). ``check`` warns when a translated string still
uses an English term the glossary translates, and when the English says a
term but the translation has none of its forms (inflection makes this
approximate: list the forms the text uses). It reports an error (exit 1)
when naloxone and naltrexone share a word, or when a string has one
medicine's word where its English names only the other: a patient who mixes
them up can die (naltrexone blocks opioids; naloxone reverses an overdose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from careprint.content import schema
from careprint.content.project import SOURCE_LANG, Project
from careprint.content.yamlio import LDict, LList
from careprint.errors import CareprintError, Collector, ContentError, ContentWarning, Where

# Terms whose translations must never be confused with each other.
CONFUSABLE = (("naloxone", "naltrexone"),)
# Scripts whose words take particles and clitics without a space, or have no spaces at all: a form matches
# anywhere in the text (Arabic بالنالوكسون, Korean 날록손을, Chinese 纳洛酮的).
SUBSTRING_SCRIPTS = frozenset({"Hans", "Hant", "Jpan", "Kore", "Arab", "Deva", "Ethi"})  # Ethi: የ… prefixes
_TERM = re.compile(r"^[a-z]+(?:[ -][a-z]+)*$")
_KEEP = re.compile(r"<keep>.*?</keep>", re.S)
_NOT_TEXT = re.compile(r"</?[a-z]+>|\{[a-z_]+\}")


@dataclass(frozen=True)
class Glossary:
    """The approved forms of each English term, and how to find them in this language's text."""

    forms: dict[str, tuple[str, ...]]  # English term -> accepted forms
    lines: dict[str, int]  # English term -> its line in the locale file
    path: object
    substring: bool

    def cite(self, term: str) -> str:
        """Return where the term's entry is, as path:line."""
        return Where(self.path, self.lines[term]).prefix()

    def without(self, text: str, term: str) -> str:
        """Return text with every accepted form of ``term`` taken out."""
        for form in sorted(self.forms[term], key=len, reverse=True):
            text = re.sub(_pattern(form, self.substring), " ", text, flags=re.I)
        return text

    def has(self, text: str, term: str) -> str | None:
        """Return the first accepted form of ``term`` that ``text`` contains, or None."""
        return next((form for form in self.forms[term] if _find(text, form, self.substring)), None)


def load(project: Project, code: str) -> tuple[Glossary | None, list[CareprintError]]:
    """Return a locale's glossary (None if it has none) and what is wrong with its shape."""
    data = project.locale_data(code)
    path = project.root / "locales" / f"{code}.yaml"
    entries = data.get("glossary")
    if not isinstance(entries, LDict):
        return None, []
    c, forms, lines = Collector(), {}, {}
    for term, value in entries.items():
        tw = Where(path, entries.line_of(term), f"glossary.{term}", code)
        values = list(value) if isinstance(value, LList) else [value]
        if not isinstance(term, str) or not _TERM.match(term):
            c.add(f"expected an English term in lower case (letters, spaces, hyphens), found {term!r}", tw)
        elif not values or not all(isinstance(v, str) and v.strip() for v in values):
            c.add("expected the approved translation (text) or a list of one or more accepted forms, "
                  f"found {_shown(value)}", tw)
        else:
            forms[term], lines[term] = tuple(v.strip() for v in values), entries.line_of(term)
    glossary = Glossary(forms, lines, path, data.get("script") in SUBSTRING_SCRIPTS)
    for a, b in CONFUSABLE:
        same = {f.casefold() for f in forms.get(a, ())} & {f.casefold() for f in forms.get(b, ())}
        if same:
            c.add(f"{a} and {b} both translate to {sorted(same)[0]!r}: the two medicines need different words "
                  f"(a patient who confuses them can die)", Where(path, lines[b], f"glossary.{b}", code))
    return glossary, c.errors


def check_language(project: Project, code: str) -> list[CareprintError]:
    """Return the glossary's shape errors and what its terms find in the language's labels and handouts."""
    if code == SOURCE_LANG:
        return []
    glossary, problems = load(project, code)
    if glossary is None or problems:
        return problems
    path = project.root / "locales" / f"{code}.yaml"
    labels_where = Where(path, None, None, code)
    problems += _strings(glossary, project.locale_data(SOURCE_LANG)["labels"], project.locale_data(code)["labels"],
                         labels_where, "labels.")
    for handout_id in project.handout_ids:
        if code not in project.languages(handout_id):
            continue
        where = Where(project.root / "handouts" / handout_id / f"{code}.yaml", None, None, code)
        problems += _strings(glossary, project.strings(handout_id, SOURCE_LANG)["strings"],
                             project.strings(handout_id, code)["strings"], where)
    return problems


def _strings(glossary: Glossary, english: LDict, mine: LDict, where: Where, prefix: str = "") -> list[CareprintError]:
    """Check each translated string (and list item) against its English."""
    found: list[CareprintError] = []
    for key, value in mine.items():
        ref = english.get(key)
        if isinstance(value, list) and isinstance(ref, list):
            for i, (item, item_ref) in enumerate(zip(value, ref, strict=False)):
                found += _one(glossary, item_ref, item, where.at(f"{prefix}{key}[{i}]", value.lines[i]))
        else:
            found += _one(glossary, ref, value, where.at(f"{prefix}{key}", mine.line_of(key)))
    return found


def _one(glossary: Glossary, english: object, text: object, where: Where) -> list[CareprintError]:
    """Apply the glossary rules to one translated string."""
    if not isinstance(english, str) or not isinstance(text, str):
        return []  # untranslated (null) prints English; the state checks report it
    en, mine = _bare(english), _bare(text)
    found: list[CareprintError] = []
    for term, forms in glossary.forms.items():
        if not _english_has(en, term):
            continue
        if _english_has(glossary.without(mine, term), term):  # "opioid" left once "opioides" is taken out
            found.append(ContentWarning(f"uses the English term {term!r}; the glossary ({glossary.cite(term)}) "
                                        f"translates it as {_listed(forms)}", where))
        elif not glossary.has(mine, term):
            found.append(ContentWarning(
                f"the English says {term!r}, but the text has none of the glossary's forms for it: {_listed(forms)} "
                f"({glossary.cite(term)}); use one, or add the form this text uses to the glossary", where))
    for a, b in CONFUSABLE:
        for said, other in ((a, b), (b, a)):
            if said in glossary.forms and other in glossary.forms and _english_has(en, said) \
                    and not _english_has(en, other) and (form := glossary.has(mine, other)):
                found.append(ContentError(
                    f"the English names only {said}, but the text has {form!r}, the glossary's word for {other} "
                    f"({glossary.cite(other)}): the two medicines must not be confused", where))
    return found


def _bare(text: str) -> str:
    """Return the words of a string: without <keep> runs, placeholders and markup tags."""
    return _NOT_TEXT.sub(" ", _KEEP.sub(" ", text))


def _english_has(text: str, term: str) -> bool:
    """True if ``text`` has the English term as a word (or its plural), in any case."""
    return re.search(rf"(?<!\w){_spaced(term)}(?:s|es)?(?!\w)", text, re.I) is not None


def _find(text: str, form: str, substring: bool) -> bool:
    """True if ``text`` has ``form``: anywhere (substring scripts) or as a whole word, in any case."""
    return re.search(_pattern(form, substring), text, re.I) is not None


def _pattern(form: str, substring: bool) -> str:
    """Return the pattern of a form; a final * accepts any ending (German compounds: Opioid* finds Opioiddosen)."""
    if form.endswith("*"):
        return rf"(?<!\w){_spaced(form[:-1])}\w*"
    return _spaced(form) if substring else rf"(?<!\w){_spaced(form)}(?!\w)"


def _spaced(words: str) -> str:
    """Return a pattern for words separated by any spaces (a no-break space too)."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _listed(forms: tuple[str, ...]) -> str:
    return ", ".join(repr(f) for f in forms)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "an empty list" if not value else "a list with an empty or non-text item"
    return "empty text" if isinstance(value, str) else schema.found_name(value)
