"""Write translators' files: scaffold a new locale, refresh made_from hashes, mark a review.

These edit YAML files as text, so a translator's comments and layout stay as
they wrote them: only the header lines (status, reviewer, reviewed_on) and
the ``made_from:`` block at the end of a file are rewritten. Every write is
atomic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from careprint import build
from careprint.content import schema, values, yamlio
from careprint.content import state as translation
from careprint.content.project import SOURCE_LANG, Project
from careprint.content.structure import used_keys, web_only_keys
from careprint.errors import UsageError, Where
from careprint.translate.locale_fonts import new_locale_fonts

_KIND_CONTEXT = {
    "heading": "a heading", "paragraph": "a paragraph", "bullets": "a bulleted list",
    "steps": "a numbered list of steps", "warning": "the text of the red warning panel",
}
_DRAFT_TEXT = "Draft translation: not yet reviewed by a qualified medical translator."
_DRAFT_NOTE = re.compile(rf"^# (.+?)\. (?:{re.escape(_DRAFT_TEXT)}|Reviewed by .*\.)$")
_MADE_FROM_NOTE = "# made_from: written by `python generate.py locale update`; do not edit by hand."


@dataclass(frozen=True)
class Target:
    """One translation file and the section of it that holds translated text."""

    path: Path
    section: str  # "strings" or "labels"
    english: dict
    english_path: Path

# The authors' guessed room in an English comment; a measured Room line replaces it.
_GUESS = re.compile(r"(?: Very little room:|;) about \d+ characters(?: each)?(?: \([^)]*\))?\.?")


def unmeasured(comment: str) -> str:
    """Drop an English comment's guessed "about N characters" (a measured Room line replaces it)."""
    if not _GUESS.search(comment):
        return comment
    return _GUESS.sub("", comment).rstrip(" .;") + "."


def new_locale(project: Project, code: str, name: str, native_name: str, script: str, direction: str,
               fonts: list[str] | None = None, handouts: list[str] | None = None) -> list[Path]:
    """Scaffold locales/<code>.yaml and handouts/*/<code>.yaml from English; return the paths written.

    ``handouts`` makes a partial language (issue 15): only those handouts' files, and only the labels they print.
    """
    if not schema.LANG_RE.match(code):
        raise UsageError(f"{code!r} is not a BCP 47 language tag such as so, am, pt-BR or zh-Hans")
    _one_line_name("--name", name)
    _one_line_name("--native-name", native_name)
    if direction not in ("ltr", "rtl"):
        raise UsageError("--direction must be ltr or rtl")
    fonts = new_locale_fonts(code, native_name, script, fonts)
    for h in handouts or ():
        project.require(handout_id=h)
    chosen = [h for h in project.handout_ids if not handouts or h in handouts]
    paths = [project.root / "locales" / f"{code}.yaml"]
    paths += [project.root / "handouts" / h / f"{code}.yaml" for h in chosen]
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        raise UsageError(f"{code} already exists ({', '.join(existing)}); nothing was written")
    keys = None if len(chosen) == len(project.handout_ids) else project.label_keys(code, tuple(chosen))
    texts = [_locale_text(project, code, name, native_name, script, direction, fonts, keys)]
    texts += [_handout_text(project, h, code, name) for h in chosen]
    for path, text in zip(paths, texts, strict=True):
        build.write_atomic(path, text.encode("utf-8"))
    from careprint.translate import budgets  # here: it draws documents, which other commands need not load

    for handout_id, path in zip(chosen, paths[1:], strict=True):  # measured once the locale exists
        room = budgets.scaffold_notes(project.root, code, handout_id)
        build.write_atomic(path, _handout_text(project, handout_id, code, name, room).encode("utf-8"))
    return paths


def _one_line_name(option: str, name: str) -> None:
    """Refuse a name that would add lines (or hidden characters) to the YAML file it is written into."""
    problem = values.problem(name)
    if problem:
        raise UsageError(f"{option}: the name holds {problem}")


def _header(name: str) -> list[str]:
    return [
        f"# {name}. {_DRAFT_TEXT}",
        "# Made by `python generate.py locale new`. Write each translation in place of null, keeping",
        "# {placeholders} and the tags <b>…</b> <i>…</i> <keep>…</keep> as in the English. See TRANSLATING.md.",
    ]


def _locale_text(project: Project, code: str, name: str, native: str, script: str, direction: str,
                 fonts: list[str], keys: tuple[str, ...] | None = None) -> str:
    english = project.locale(SOURCE_LANG)
    en_path = project.root / "locales" / f"{SOURCE_LANG}.yaml"
    out = _header(name) + [
        f"tag: {code}", f"name: {json.dumps(name, ensure_ascii=False)}",
        f"native_name: {json.dumps(native, ensure_ascii=False)}", f"direction: {direction}", f"script: {script}",
        "# Font families in order of preference, from careprint/text/fonts.yaml (TRANSLATING.md § Adding a script's font).",
        f"fonts: [{', '.join(fonts)}]",
        "# How a date prints, in quotes: use {day} {dd} {month} {mm} {year}. For example \"{day} {month} {year}\".",
        f"# English: {english.date_format}",
        "date_format: null",
        "# The 12 month names as they appear in a date, January first, in quotes, as a list: [\"…\", \"…\", …]",
        f"# English: {', '.join(english.months)}",
        "months: null",
        "status: draft", "reviewer: null", "reviewed_on: null", "labels:",
    ]
    raw = project.locale_data(SOURCE_LANG)["labels"]
    comments = _comments(en_path)
    for key, value in raw.items():
        if keys is not None and key not in keys:
            continue  # a partial language: only the labels its handouts print
        out += [f"  {line}" for line in comments.get(raw.line_of(key), [])]
        out += [f"  # English: {_one_line(value)}", f"  {key}: null"]
    return "\n".join(out) + "\n"


def _handout_text(project: Project, handout_id: str, code: str, name: str, room: dict[str, str] | None = None) -> str:
    en_path = project.root / "handouts" / handout_id / f"{SOURCE_LANG}.yaml"
    english = project.strings(handout_id, SOURCE_LANG)["strings"]
    structure = project.structure(handout_id)
    kinds = used_keys(structure)
    web_only = web_only_keys(structure)
    comments = _comments(en_path)
    card = structure["kind"] == "card"
    out = _header(name) + [f"language: {code}", "status: draft", "reviewer: null", "reviewed_on: null"]
    room = room or {}
    if not card and room:  # a handout's room is shared by all its text: say it once
        out.append(f"# Room: {next(iter(room.values()))}, measured in this language's fonts (check --room).")
    out.append("strings:")
    for key, value in english.items():
        out += [f"  {unmeasured(line)}" for line in comments.get(english.line_of(key), [])]
        where = "the wallet card (it must fit its panel: keep it short)" if card else _KIND_CONTEXT.get(kinds.get(key), "")
        if key in web_only:
            where = "the companion web page only (not on paper)"
        if not card and key in ("title", "subtitle"):
            where = f"the handout's {key}, at the top of page 1"
        if isinstance(value, list):
            out.append(f"  # Prints as {where}: {len(value)} items, keep the count.")
            out.append(f"  {key}:")
            for item in value:
                out += [f"    # English: {_one_line(item)}", "    - null"]
        else:
            out.append(f"  # Prints as {where}.")
            if card and key in room:
                out.append(f"  # Room: {room[key]}, in this language's fonts (check --room measures your text).")
            out += [f"  # English: {_one_line(value)}", f"  {key}: null"]
    return "\n".join(out) + "\n"


def _comments(path: Path) -> dict[int, list[str]]:
    """Return, by line number, the comment lines directly above each line of an English file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: dict[int, list[str]] = {}
    block: list[str] = []
    for number, line in enumerate(lines, 1):
        if line.strip().startswith("#"):
            block.append(line.strip())
        else:
            if block:
                found[number] = block
            block = []
    return found


def _one_line(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def targets(project: Project, code: str, handouts: list[str] | None = None, with_locale: bool = True) -> list[Target]:
    """Return the translation files of a language (its handouts, and its locale file)."""
    project.require(lang=code)
    if code == SOURCE_LANG:
        raise UsageError(f"{SOURCE_LANG} is the source language: it has nothing to update or review")
    out = []
    if with_locale:
        folder = project.root / "locales"
        out.append(Target(folder / f"{code}.yaml", "labels", project.locale_data(SOURCE_LANG)["labels"],
                          folder / f"{SOURCE_LANG}.yaml"))
    for h in handouts or project.handout_ids:
        project.require(handout_id=h)
        folder = project.root / "handouts" / h
        if (folder / f"{code}.yaml").exists():
            out.append(Target(folder / f"{code}.yaml", "strings", project.strings(h, SOURCE_LANG)["strings"],
                              folder / f"{SOURCE_LANG}.yaml"))
    return out


@dataclass(frozen=True)
class Update:
    """What ``locale update`` did: one line per file changed, and the stale keys it left unconfirmed."""

    lines: list[str]
    held: list[str]  # one 'path:line: key [lang]: …' message per stale key that --all did not confirm


def update(project: Project, code: str, keys: list[str], every: bool, handouts: list[str] | None = None) -> Update:
    """Record that the named (or, with every, all translated) keys were made from today's English.

    With every (``--all``), a stale key is confirmed only if its translation was
    edited since it was last confirmed: one nobody touched after its English
    changed is left stale and listed, to be checked and confirmed by name.
    A reviewed file whose confirmations change goes back to draft: its text
    has changed since the review.
    """
    if not keys and not every:
        raise UsageError("name the keys you checked against the English (or pass --all)")
    files = targets(project, code, handouts, with_locale=not handouts)
    known = {k for t in files for k in t.english}
    unknown = sorted(set(keys) - known)
    if unknown:
        raise UsageError(f"unknown key {', '.join(unknown)} (not in the English of the selected files)")
    report, held = [], []
    for target in files:
        data = yamlio.load(target.path, code)
        section = data.get(target.section) or {}
        old = dict(data.get(translation.MADE_FROM) or {})
        wanted = [k for k in target.english if every or k in keys]
        if not wanted:
            continue  # a key named for another file: leave this one exactly as it is
        blocked = [k for k in wanted if k in keys and (k not in section or translation.is_untranslated(section[k]))]
        if blocked:
            raise UsageError(f"{Where(target.path).prefix()}: {', '.join(blocked)} [{code}]: not translated yet, "
                             "so there is nothing to confirm; write the translation first")
        translated = [k for k in wanted if k in section and not translation.is_untranslated(section[k])]
        made, changed, left = translation.confirm(target.english, section, old, translated, set(keys))
        held += [_held_message(target, section, code, k, reason) for k, reason in left]
        if made == old:
            continue
        header = None
        if data.get("status") == "reviewed" and changed:
            header = {"status": "draft", "reviewer": None, "reviewed_on": None, translation.REVIEWED_TEXT: None}
        _rewrite(target.path, made, header, {k: target.english[k] for k in changed})
        note = "; it was reviewed, so it is a draft again until reviewed" if header else ""
        done = f"confirmed {', '.join(changed)}" if changed else "nothing new to confirm; recorded each translation's hash"
        report.append(f"{Where(target.path).prefix()}: {done}{note}")
    return Update(report, held)


def _held_message(target: Target, section, code: str, key: str, reason: str) -> str:
    only = f" --handout {target.path.parent.name}" if target.section == "strings" else ""
    name = f"labels.{key}" if target.section == "labels" else key
    where = Where(target.path, section.line_of(key), name, code)
    english = json.dumps(target.english[key], ensure_ascii=False)
    return (f"{where.prefix()}: not confirmed: the English changed since this was translated, and {reason}; "
            f"the English now reads: {english}; check the translation against it, update it if needed, "
            f"then run: {translation.PROG} locale update {code} {key}{only}")


def _restore(originals: dict[Path, bytes]) -> None:
    """Write back each file whose bytes changed."""
    for path, data in originals.items():
        if path.read_bytes() != data:
            build.write_atomic(path, data)


def _yaml_scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value in ("draft", "reviewed"):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _refresh_english(lines: list[str], english: dict[str, object]) -> None:
    """Update the '# English:' comments (from the scaffold) of confirmed keys to today's English text."""
    for key, value in english.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(f"  {key}:")), None)
        if index is None:
            continue
        if isinstance(value, list):  # one comment above each item, below the key
            items = iter(value)
            j = index + 1
            while j < len(lines) and lines[j].startswith("    "):
                if lines[j].lstrip().startswith("# English:"):
                    lines[j] = f"    # English: {_one_line(next(items, ''))}"
                j += 1
            continue
        j = index - 1
        while j >= 0 and lines[j].lstrip().startswith("#"):
            if lines[j].lstrip().startswith("# English:"):
                lines[j] = f"  # English: {_one_line(value)}"
                break
            j -= 1


def _rewrite(path: Path, made_from: dict[str, str] | None, header: dict[str, object] | None,
             english: dict[str, object] | None = None) -> None:
    """Rewrite the header lines, the made_from block and '# English:' comments of a file, keeping everything else."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if english:
        _refresh_english(lines, english)
    if header and "status" in header and lines and _DRAFT_NOTE.match(lines[0]):
        name = _DRAFT_NOTE.match(lines[0]).group(1)
        lines[0] = (f"# {name}. Reviewed by {header['reviewer']} on {header['reviewed_on']}."
                    if header["status"] == "reviewed" else f"# {name}. {_DRAFT_TEXT}")
    if header:
        for name, value in header.items():
            text = _yaml_scalar(value)
            pattern = re.compile(rf"^{name}:")
            index = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
            if index is None:
                after = next(i for i, line in enumerate(lines) if line.startswith("status:"))
                lines.insert(after + 1, f"{name}: {text}")
            else:
                lines[index] = f"{name}: {text}"
    if made_from is not None:
        start = next((i for i, line in enumerate(lines) if line.startswith(f"{translation.MADE_FROM}:")), None)
        if start is not None:
            end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "#")), len(lines))
            if start > 0 and lines[start - 1] == _MADE_FROM_NOTE:
                start -= 1
            del lines[start:end]
        while lines and not lines[-1].strip():
            lines.pop()
        if made_from:
            lines += [_MADE_FROM_NOTE, f"{translation.MADE_FROM}:"]
            lines += [f'  {key}: "{value}"' for key, value in made_from.items()]
    build.write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
