"""Bring translation files up to date with new English keys (``locale sync``), like gettext's msgmerge.

A key new in English is added to each translation file in English order, with
the comments ``locale new`` writes above it (the authors' notes, "Prints as",
``# English:``) and the value ``null`` (untranslated). A key English no longer
has (retired) is removed, with its comments and its ``made_from`` entry, only
when the caller says so (the command line asks first). Files are edited as
text: every other byte stays as it was. A partial language can also start a
handout it does not have yet (``--handout``): its file is scaffolded, and the
labels it prints are added to the locale file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from careprint import build
from careprint.content import state as translation
from careprint.content import yamlio
from careprint.content.project import SOURCE_LANG, Project
from careprint.errors import Where
from careprint.translate.locale_files import _MADE_FROM_NOTE, _handout_text, _locale_text, targets


@dataclass(frozen=True)
class FileSync:
    """What syncing one translation file adds and could remove."""

    path: Path
    lang: str
    section: str  # "strings" or "labels"
    added: tuple[str, ...]  # English keys the file lacks, in English order
    blocks: dict[str, list[str]]  # each added key's lines, as the scaffold writes them
    order: tuple[str, ...]  # every English key the file should have, in English order
    retired: tuple[str, ...]  # keys English no longer has

    def retired_messages(self) -> list[str]:
        """Return one line per retired key: where it is, and why it would go."""
        data = yamlio.load(self.path, self.lang)
        mine = data.get(self.section) or {}
        name = "labels." if self.section == "labels" else ""
        return [f"{Where(self.path, mine.line_of(k), name + k, self.lang).prefix()}: retired: no longer in the "
                f"English ({SOURCE_LANG}.yaml)" for k in self.retired]


def start(project: Project, code: str, handout_id: str) -> Path | None:
    """Scaffold a handout a partial language does not have yet (its labels come with the sync); None if it has it."""
    project.require(handout_id=handout_id, lang=code)
    path = project.root / "handouts" / handout_id / f"{code}.yaml"
    if path.exists():
        return None
    build.write_atomic(path, _handout_text(project, handout_id, code, project.locale(code).name).encode("utf-8"))
    return path


def plan(project: Project, code: str) -> list[FileSync]:
    """Return, for each of a language's files, the keys to add and the retired keys (nothing is written)."""
    locale = project.locale(code)
    plans = []
    for target in targets(project, code):
        data = yamlio.load(target.path, code)
        mine = data.get(target.section) or {}
        if target.section == "labels":  # a partial language gets only the labels its handouts print
            order = project.label_keys(code)
            scaffold = _locale_text(project, code, locale.name, locale.native_name, locale.script, locale.direction,
                                    list(locale.fonts))
        else:
            order = tuple(target.english)
            scaffold = _handout_text(project, target.path.parent.name, code, locale.name)
        added = tuple(k for k in order if k not in mine)
        retired = tuple(k for k in mine if k not in target.english)
        lines = scaffold.splitlines()
        plans.append(FileSync(target.path, code, target.section, added, {k: _block(lines, k) for k in added},
                              order, retired))
    return plans


def add(sync: FileSync) -> list[str]:
    """Write a file's new English keys (null, with their comments); return what was done."""
    if not sync.added:
        return []
    lines = sync.path.read_text(encoding="utf-8").splitlines(keepends=True)
    for key in sync.added:
        at = _insert_at(lines, sync, key)
        if at and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines[at:at] = [line + "\n" for line in sync.blocks[key]]
    build.write_atomic(sync.path, "".join(lines).encode("utf-8"))
    return [f"{Where(sync.path).prefix()}: added {', '.join(sync.added)} (null: not translated yet)"]


def remove(sync: FileSync) -> list[str]:
    """Delete a file's retired keys, their comments and made_from entries; return what was done."""
    if not sync.retired:
        return []
    lines = sync.path.read_text(encoding="utf-8").splitlines(keepends=True)
    for key in sync.retired:
        _remove(lines, key, _section_line(lines, sync.section))
    build.write_atomic(sync.path, "".join(lines).encode("utf-8"))
    return [f"{Where(sync.path).prefix()}: removed {', '.join(sync.retired)} (retired from the English)"]


def _key_line(lines: list[str], key: str, start: int = 0) -> int | None:
    pattern = re.compile(rf"^  {re.escape(key)}:")
    return next((i for i in range(start, len(lines)) if pattern.match(lines[i])), None)


def _block_end(lines: list[str], index: int) -> int:
    """Return the index after a key's line and its own lines below it (list items, their comments)."""
    end = index + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    return end


def _block(scaffold: list[str], key: str) -> list[str]:
    """Return a key's lines in the scaffold: the comments directly above it, the key, its list items."""
    index = _key_line(scaffold, key)
    start = index
    while start > 0 and scaffold[start - 1].startswith("  #"):
        start -= 1
    return scaffold[start:_block_end(scaffold, index)]


def _section_line(lines: list[str], section: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(f"{section}:"))


def _insert_at(lines: list[str], sync: FileSync, key: str) -> int:
    """Return where a new key goes: after the English key before it that the file has, else first in its section."""
    section = _section_line(lines, sync.section)
    earlier = sync.order[:sync.order.index(key)]
    for previous in reversed(earlier):
        index = _key_line(lines, previous, section)
        if index is not None:
            return _block_end(lines, index)
    return section + 1


def _remove(lines: list[str], key: str, section: int) -> None:
    """Delete a key, its list lines and the comments directly above it, and its made_from entry."""
    index = _key_line(lines, key, section)
    if index is not None:
        start = index
        while start > 0 and lines[start - 1].startswith("  #"):
            start -= 1
        del lines[start:_block_end(lines, index)]
    made = next((i for i, line in enumerate(lines) if line.startswith(f"{translation.MADE_FROM}:")), None)
    if made is not None:
        entry = _key_line(lines, key, made)
        if entry is not None:
            del lines[entry]
        if made + 1 >= len(lines) or not lines[made + 1].startswith("  "):  # its last entry: no empty block
            del lines[made - (made > 0 and lines[made - 1].rstrip("\n") == _MADE_FROM_NOTE):made + 1]
