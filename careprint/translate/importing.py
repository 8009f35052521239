"""Apply translated units from a PO or XLIFF file to a language's YAML files (``locale import``).

The YAML is edited as text, like ``locale update`` does: only the value on a
unit's own line changes, so comments, key order and layout stay as the
translator left them, and a unit that comes back unchanged is never
rewritten. A unit is refused, by key, when it is unknown, was translated from
English that has changed since (unless accepted), or breaks a check
(placeholders, markup); the others are applied. A key whose every unit comes
back confirmed (not fuzzy, not marked for review) is recorded as made from
today's English, as ``locale update`` would.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from careprint import build
from careprint.content import state as translation
from careprint.content import yamlio
from careprint.content.model import Clinic
from careprint.content.project import Project
from careprint.errors import CareprintError, Where
from careprint.translate import checks, locale_files
from careprint.translate.interchange import STALE, Incoming, Unit, text_hash, units

# A one-line YAML value (null, double- or single-quoted, or plain) and what may follow it on its line.
_VALUE = r'(?P<value>null|~|"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^\s#"\'\[\]{}|>&*!%@`][^#]*?)'
_TAIL = r"(?P<tail>\s*(?:#.*)?)$"


@dataclass
class Applied:
    """What ``locale import`` did: one line per file written, one message per refused unit."""

    lines: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def apply(project: Project, lang: str, source_path: Path, incoming: list[Incoming], accept_stale: bool) -> Applied:
    """Write the translated units into the language's YAML files; refuse (and report) the rest."""
    known = {u.id: u for u in units(project, lang)}
    clinic = project.clinic()  # loaded once: checks fill placeholders with stand-ins, but the resolver wants one
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
        problem = _refusal(project, clinic, lang, unit, unit_in, accept_stale)
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


def _refusal(project: Project, clinic: Clinic, lang: str, unit: Unit, unit_in: Incoming, accept_stale: bool) -> str | None:
    """Return why an incoming unit is not applied (stale source, a broken check, no place for it), or None."""
    where = Where(unit.path, unit.line, unit.id.split(":", 1)[1], lang)
    if unit_in.source != unit.source and not accept_stale:
        return (f"{where.prefix()}: stale source: this file was translated from English that has changed since; "
                f"the English now reads: {json.dumps(unit.source, ensure_ascii=False)}; export again, or pass "
                "--accept-stale to apply it anyway (it stays marked stale)")
    if not unit_in.target or unit_in.target == unit.target:
        return None
    if unit_in.exported is not None and unit_in.exported != text_hash(unit.target):  # never undo newer work
        now = json.dumps(unit.target, ensure_ascii=False) if unit.target is not None else "nothing (null)"
        return (f"{where.prefix()}: changed in the YAML since this file was exported (it now reads: {now}); "
                "export again and make this change there, or edit the YAML; not applied")
    if not unit.in_file:
        return f"{where.prefix()}: the {lang} file has no place for this key yet; add the key to the file first"
    handout = None if unit.section == "labels" else unit.path.parent.name
    errors = checks.text_problems(project, clinic, lang, handout, unit.key, unicodedata.normalize("NFC", unit_in.target),
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
            result.refused.append(f"{Where(path, unit.line, unit.id.split(':', 1)[1], lang).prefix()}: its value is not "
                                  "on one line of its own in the YAML (written over several lines, or inside [...]); "
                                  "edit it there (not applied)")
            continue
        lines[unit.line - 1] = new_line
        changed.append((unit, text))
    if changed and not _write_checked(path, "".join(lines), changed, lang):
        result.refused += [f"{Where(path, u.line, u.id.split(':', 1)[1], lang).prefix()}: the new text did not read back "
                           "from the YAML as written; nothing in this file was changed" for u, _ in changed]
        return None
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
        value = yaml.safe_load(match["value"])
    except yaml.YAMLError:
        return None
    if (unicodedata.normalize("NFC", value) if isinstance(value, str) else value) != unit.target:
        return None  # the value goes on over the next lines: not ours to cut
    ending = line[len(line.rstrip("\r\n")):]
    return f"{match['head']}{json.dumps(text, ensure_ascii=False)}{match['tail']}{ending}"


def _write_checked(path: Path, text: str, changed, lang: str) -> bool:
    """Write the edited file only if it loads back with exactly the new values (never half an edit)."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        try:
            data = yamlio.load(probe, lang)
        except CareprintError:
            return False
    for unit, value in changed:
        got = (data.get(unit.section) or {}).get(unit.key)
        if (got[unit.index] if unit.index is not None and isinstance(got, list) else got) != value:
            return False
    build.write_atomic(path, text.encode("utf-8"))
    return True
