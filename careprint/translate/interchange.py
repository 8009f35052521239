"""Translation units for CAT tools: what ``locale export`` writes and ``locale import`` applies.

A unit is one translatable text: a string, one item of a list, or a locale
label. Its id names the file and the key (``overdose-risk:steps.list[2]``,
``locale:labels.page_of``); ``po.py`` and ``xliff.py`` write units out and read
them back as ``Incoming``. Import edits the YAML as text, like ``locale
update``: only the value on a unit's own line changes, so comments, key order
and layout stay as the translator left them, and an unchanged unit is never
rewritten.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from careprint import build
from careprint.content import state as translation
from careprint.content import yamlio
from careprint.content.project import Project
from careprint.content.structure import used_keys, web_only_keys
from careprint.errors import CareprintError, Where
from careprint.translate import checks, locale_files

LOCALE_FILE = "locale"  # the file part of a label's unit id: locale:labels.page_of
# A unit's review state, as po.py and xliff.py map it (fuzzy; XLIFF target@state).
UNTRANSLATED, TRANSLATED, STALE, REVIEWED = "untranslated", "translated", "needs-review", "reviewed"
_VALUE = r'(?P<value>null|~|"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^\s#"\'\[\]{}|>&*!%@`][^#]*?)'
_TAIL = r"(?P<tail>\s*(?:#.*)?)$"


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


@dataclass
class Applied:
    """What ``locale import`` did: one line per file written, one message per refused unit."""

    lines: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def apply(project: Project, lang: str, source_path: Path, incoming: list[Incoming], accept_stale: bool) -> Applied:
    """Write the translated units into the language's YAML files; refuse (and report) the rest."""
    known = {u.id: u for u in units(project, lang)}
    result = Applied()
    seen: set[str] = set()
    by_file: dict[Path, list[tuple[Unit, str | None, bool]]] = {}
    for unit_in in incoming:
        unit = known.get(unit_in.id)
        if unit is None or unit_in.id in seen:
            why = ("appears twice in this file; only the first is applied" if unit_in.id in seen else
                   f"unknown unit: no such key in today's English, or no {lang} file for it; not applied")
            result.refused.append(f"{Where(source_path, unit_in.line, unit_in.id or '(no id)', lang).prefix()}: {why}")
            continue
        seen.add(unit.id)
        problem = _refusal(project, lang, unit, unit_in, accept_stale)
        if problem:
            result.refused.append(problem)
            continue
        text = unicodedata.normalize("NFC", unit_in.target) if unit_in.target else None
        fresh = unit_in.confirmed and unit_in.source == unit.source and (text or unit.target) is not None
        by_file.setdefault(unit.path, []).append((unit, text, fresh))
    for path, edits in by_file.items():
        line = _apply_file(project, lang, path, edits, known, result)
        if line:
            result.lines.append(line)
    return result


def _refusal(project: Project, lang: str, unit: Unit, unit_in: Incoming, accept_stale: bool) -> str | None:
    """Return why an incoming unit is not applied (stale source, a broken check, no place for it), or None."""
    where = Where(unit.path, unit.line, unit.id.split(":", 1)[1], lang)
    if unit_in.source != unit.source and not accept_stale:
        return (f"{where.prefix()}: stale source: this file was translated from English that has changed since; "
                f"the English now reads: {json.dumps(unit.source, ensure_ascii=False)}; export again, or pass "
                "--accept-stale to apply it anyway (it stays marked stale)")
    if not unit_in.target or unit_in.target == unit.target:
        return None
    if not unit.in_file:
        return f"{where.prefix()}: the {lang} file has no place for this key yet; add the key to the file first"
    handout = None if unit.section == "labels" else unit.path.parent.name
    errors = checks.text_problems(project, lang, handout, unit.key, unicodedata.normalize("NFC", unit_in.target),
                                  unit.source, where)
    return "\n".join(f"{e}; not applied" for e in errors) or None


def _apply_file(project: Project, lang: str, path: Path, edits, known: dict[str, Unit], result: Applied) -> str | None:
    """Rewrite changed values in one file, then confirm keys whose every unit the translator stands by."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = []
    for unit, text, _ in edits:
        if text is None or text == unit.target:
            continue
        new_line = _replace_value(lines[unit.line - 1], unit, text)
        if new_line is None:
            result.refused.append(f"{Where(path, unit.line, unit.id.split(':', 1)[1], lang).prefix()}: its value is "
                                  "written over several lines in the YAML; edit it there (not applied)")
            continue
        lines[unit.line - 1] = new_line
        changed.append((unit, text))
    if changed:
        _write_checked(path, "".join(lines), changed, lang)
    confirmed = _to_confirm(edits, known, changed)
    if not changed and not confirmed:
        return None
    data = yamlio.load(path, lang)
    section_name = next(u.section for u, _, _ in edits)
    english = next(t.english for t in locale_files.targets(project, lang, None, True) if t.path == path)
    old = dict(data.get(translation.MADE_FROM) or {})
    made, newly, _ = translation.confirm(english, data[section_name], old, confirmed, set(confirmed))
    header = None
    if data.get("status") == "reviewed":
        header = {"status": "draft", "reviewer": None, "reviewed_on": None, translation.REVIEWED_TEXT: None}
    if made != old or header:
        locale_files._rewrite(path, made if made != old else None, header, {k: english[k] for k in newly})
    written = sorted({u.id.split(":", 1)[1] for u, _ in changed})
    note = "; it was reviewed, so it is a draft again until reviewed" if header else ""
    parts = [f"wrote {', '.join(written)}"] if written else []
    parts += [f"confirmed {', '.join(newly)}"] if newly else []
    return f"{Where(path).prefix()}: {'; '.join(parts) or 'no change'}{note}"


def _to_confirm(edits, known: dict[str, Unit], changed) -> list[str]:
    """Return the keys to record as made from today's English: every unit of the key came back confirmed.

    Only keys whose text changed or that were stale: an up-to-date key that came back as it went out is left
    exactly as it is (a round trip changes nothing).
    """
    fresh = {u.id for u, _, ok in edits if ok}
    touched = {u.key for u, _ in changed} | {u.key for u, _, ok in edits if ok and u.state == STALE}
    keys = []
    for key in touched:
        ids = [uid for uid, u in known.items() if u.key == key and u.path == edits[0][0].path]
        if all(uid in fresh for uid in ids):
            keys.append(key)
    return keys


def _replace_value(line: str, unit: Unit, text: str) -> str | None:
    """Return the line with its one-line value replaced by text (JSON-quoted), or None if the value is not all there."""
    head = r"(?P<head>\s*-\s+)" if unit.index is not None else rf"(?P<head>\s*{re.escape(unit.key)}:\s+)"
    match = re.match(head + _VALUE + _TAIL, line.rstrip("\r\n"))
    if not match:
        return None
    try:
        if yaml.safe_load(match["value"]) != unit.target:
            return None  # the value goes on over the next lines: not ours to cut
    except yaml.YAMLError:
        return None
    ending = line[len(line.rstrip("\r\n")):]
    return f"{match['head']}{json.dumps(text, ensure_ascii=False)}{match['tail']}{ending}"


def _write_checked(path: Path, text: str, changed, lang: str) -> None:
    """Write the edited file only if it loads back with exactly the new values (never half an edit)."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        data = yamlio.load(probe, lang)
    for unit, value in changed:
        got = (data.get(unit.section) or {}).get(unit.key)
        got = got[unit.index] if unit.index is not None and isinstance(got, list) else got
        if got != value:
            raise CareprintError(f"{unit.id}: the new text did not read back as written; nothing was changed "
                                 "in this file", Where(path, unit.line, unit.key, lang))
    build.write_atomic(path, text.encode("utf-8"))
