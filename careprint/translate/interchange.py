"""Translation units for CAT tools: what ``locale export`` writes and ``locale import`` applies.

A unit is one translatable text: a string, one item of a list, or a locale
label. Its id names the file and the key (``overdose-risk:steps.list[2]``,
``locale:labels.page_of``); ``po.py`` and ``xliff.py`` write units out and read
them back as ``Incoming``; ``importing.py`` applies those to the YAML.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from careprint.content import state as translation
from careprint.content import yamlio
from careprint.content.project import Project
from careprint.content.structure import used_keys, web_only_keys
from careprint.translate import locale_files

LOCALE_FILE = "locale"  # the file part of a label's unit id: locale:labels.page_of
# A unit's review state, as po.py and xliff.py map it (fuzzy; XLIFF target@state).
UNTRANSLATED, TRANSLATED, STALE, REVIEWED = "untranslated", "translated", "needs-review", "reviewed"


@dataclass(frozen=True)
class Unit:
    """One translatable text of a language, with everything a CAT tool shows beside it."""

    id: str
    path: Path  # the translation file it lives in
    line: int  # the line of its value there
    section: str  # strings or labels
    key: str
    index: int | None  # the item of a list
    source: str  # today's English
    target: str | None  # None: not translated yet
    notes: tuple[str, ...]  # the English authors' comments
    prints_as: str
    budget: str | None
    state: str
    made_from: str | None  # the hash of the English it was confirmed against
    previous: str | None = None  # the English it was translated from, where the file still shows it
    in_file: bool = True  # False: the key (or list item) is not in the translation file, so there is no line to edit

    def reference(self, root: Path) -> str:
        """Return the unit's file relative to the content root, as PO ``#:`` and XLIFF ``original`` give it."""
        return self.path.relative_to(root).as_posix()


@dataclass(frozen=True)
class Incoming:
    """One unit as read back from a PO or XLIFF file."""

    id: str
    source: str
    target: str | None  # None or "": left untranslated there
    confirmed: bool  # not fuzzy / not marked for review: the translator stands by it
    line: int | None  # where in the PO or XLIFF file
    exported: str | None = None  # the hash of the translation as exported ("translation #…" in its notes)


_EXPORTED = re.compile(r"translation #([0-9a-f]{8}|none)\b")


def text_hash(value: str | None) -> str:
    """Return a short hash of a translation as exported (none: untranslated), to notice it changed since."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:8] if value is not None else "none"


def state_note(unit: Unit) -> str:
    """Return a unit's state note: its state, the English it was made from and its translation's hash."""
    made = f"; made from English #{unit.made_from}" if unit.made_from else ""
    return f"State: {unit.state}{made}; translation #{text_hash(unit.target)}"


def exported_hash(notes: str) -> str | None:
    """Return the translation hash a unit's notes carry (None: a file from another tool, or older)."""
    found = _EXPORTED.search(notes)
    return found[1] if found else None


def units(project: Project, lang: str, handouts: list[str] | None = None,
          budgets: Mapping[str, str] | None = None) -> list[Unit]:
    """Return a language's units in file and key order (with handouts: only theirs, without the labels)."""
    budgets = budgets or {}
    out: list[Unit] = []
    for target in locale_files.targets(project, lang, handouts, with_locale=not handouts):
        out += _file_units(project, lang, target, budgets)
    return out


def _file_units(project: Project, lang: str, target: locale_files.Target, budgets: Mapping[str, str]) -> list[Unit]:
    data = project.locale_data(lang) if target.section == "labels" else project.strings(target.path.parent.name, lang)
    section = data.get(target.section) if isinstance(data.get(target.section), dict) else yamlio.LDict()
    state = translation.file_state(target.path, lang, data, target.section, target.english, target.english_path)
    made = data.get(translation.MADE_FROM) if isinstance(data.get(translation.MADE_FROM), dict) else {}
    notes = locale_files._comments(target.english_path)
    lines = target.path.read_text(encoding="utf-8").splitlines()
    if target.section == "labels":
        prefix, kinds = f"{LOCALE_FILE}:labels.", {}
    else:
        handout = target.path.parent.name
        prefix, kinds = f"{handout}:", _prints_as(project, handout)
    out = []
    for key, english in target.english.items():
        mine = section.get(key)
        key_state = _key_state(key, mine, state)
        common = dict(path=target.path, section=target.section, key=key,
                      prints_as=kinds.get(key, "a label the layouts print (footer, captions, notices)"),
                      made_from=translation.made_parts(made.get(key))[0])
        key_notes = [n.lstrip("# ").rstrip() for n in notes.get(target.english.line_of(key), [])]
        items = english if isinstance(english, list) else [english]
        for i, source in enumerate(items):
            index = i if isinstance(english, list) else None
            uid = f"{prefix}{key}" + (f"[{i}]" if index is not None else "")
            value, line = _current(section, key, index)
            item_notes = key_notes + ([n.lstrip("# ").rstrip() for n in notes.get(english.lines[i], [])]
                                      if index is not None else [])
            unit_state = UNTRANSLATED if value is None else key_state
            previous = _previous(lines, line, index) if unit_state == STALE else None
            if budgets.get(uid):  # a measured budget replaces the authors' guessed "about N characters"
                item_notes = [kept for n in item_notes if (kept := locale_files.unmeasured(n))]
            out.append(Unit(uid, line=line or section.line or 1, index=index, source=source, target=value,
                            notes=tuple(item_notes), budget=budgets.get(uid), state=unit_state,
                            previous=previous if previous != locale_files._one_line(source) else None,
                            in_file=line is not None, **common))
    return out


def _key_state(key: str, mine: object, state: translation.FileState) -> str:
    if key in state.missing or key in state.untranslated and not isinstance(mine, list):
        return UNTRANSLATED
    if key in state.stale:
        return STALE
    return REVIEWED if state.effective == "reviewed" else TRANSLATED


def _current(section, key: str, index: int | None) -> tuple[str | None, int | None]:
    """Return the translation of a key (or of one list item) and its line; (None, None) when the file lacks it."""
    if key not in section:
        return None, None
    value = section[key]
    if index is None:
        return (value if isinstance(value, str) else None), section.line_of(key)
    if isinstance(value, list) and index < len(value):
        return (value[index] if isinstance(value[index], str) else None), value.lines[index]
    return None, None


def _previous(lines: list[str], line: int | None, index: int | None) -> str | None:
    """Return the '# English:' comment above a value (the scaffold writes it; locale update refreshes it)."""
    if not line:
        return None
    j = line - 2
    while j >= 0 and lines[j].lstrip().startswith("#"):
        text = lines[j].strip()
        if text.startswith("# English:"):
            return text.removeprefix("# English:").strip()
        if index is not None:
            break  # a list item's comment is the line just above it
        j -= 1
    return None


def _prints_as(project: Project, handout: str) -> dict[str, str]:
    """Return, by key, where a handout's text prints (the words the scaffold's 'Prints as' comments use)."""
    structure = project.structure(handout)
    card = structure["kind"] == "card"
    web_only = web_only_keys(structure)
    out = {}
    for key, kind in used_keys(structure).items():
        where = "the wallet card (it must fit its panel: keep it short)" if card else locale_files._KIND_CONTEXT.get(kind, "")
        if key in web_only:
            where = "the companion web page only (not on paper)"
        elif not card and key in ("title", "subtitle"):
            where = f"the handout's {key}, at the top of page 1"
        out[key] = where
    return out


def same_language(tag: str, lang: str) -> bool:
    """True when a tool's language tag names this language (es_ES and es-ES are es; zh_Hans is zh-Hans)."""
    tag, lang = tag.replace("_", "-").lower(), lang.lower()
    return tag == lang or tag.startswith(f"{lang}-")
