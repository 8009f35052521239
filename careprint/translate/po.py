"""Gettext PO for translation platforms (Weblate, Crowdin, Poedit), written and read with polib.

One entry per unit: ``msgctxt`` is the unit id, ``msgid`` today's English,
``msgstr`` the translation (empty: not translated yet). ``#.`` comments carry
the authors' notes, where the text prints, its length budget, its review
state and the made-from hash; ``#:`` the YAML file and line; ``#, fuzzy`` a
stale translation (the English changed), with ``#| msgid`` the English it was
made from where the file still shows it. Texts with ``{placeholders}`` are
flagged ``python-brace-format``, so Weblate and ``msgfmt --check`` hold the
translation to the same placeholders.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from careprint.errors import ContentError, Where
from careprint.translate.interchange import STALE, Incoming, Unit, exported_hash, same_language, state_note

_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def write(units: list[Unit], lang: str, root: Path) -> str:
    """Return the PO file of a language's units."""
    po = polib.POFile(wrapwidth=78)
    po.header = (f"careprint translation units for {lang}. Translate msgstr; keep <b> <i> <keep> and {{placeholders}}\n"
                 "as in msgid. Import with: python generate.py locale import LANG FILE (TRANSLATING.md).")
    po.metadata = {"Project-Id-Version": "careprint", "Language": lang, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                   "X-Generator": "careprint locale export"}
    for unit in units:
        flags = (["fuzzy"] if unit.state == STALE and unit.target else []) + (
            ["python-brace-format"] if _PLACEHOLDER.search(unit.source) else [])
        po.append(polib.POEntry(msgctxt=unit.id, msgid=unit.source, msgstr=unit.target or "",
                                comment="\n".join(_comments(unit)), occurrences=[(unit.reference(root), str(unit.line))],
                                flags=flags, previous_msgid=unit.previous if flags[:1] == ["fuzzy"] else None))
    return str(po) + "\n"


def _comments(unit: Unit) -> list[str]:
    """Return the extracted comments (#.) of a unit: notes, where it prints, budget, state and hash."""
    lines = list(unit.notes)
    lines.append(f"Prints as {unit.prints_as}." if unit.prints_as else "")
    if unit.budget:
        lines.append(f"Length: {unit.budget}")
    lines.append(state_note(unit))
    return [line for line in lines if line]


def read(path: Path, lang: str) -> list[Incoming]:
    """Read a PO file's entries as incoming units (obsolete entries and the header are skipped)."""
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start}); save the PO file as UTF-8",
                           Where(path, None, None, lang)) from None
    except (OSError, ValueError) as exc:  # polib says "Syntax error in po file NAME (line N)"
        line = re.search(r"\(line (\d+)\)", str(exc))
        raise ContentError("not a PO file: a syntax error on this line; save it from your tool as PO again",
                           Where(path, int(line[1]) if line else None, None, lang)) from None
    language = po.metadata.get("Language", "").replace("_", "-")
    if language and not same_language(language, lang):
        raise ContentError(f"this PO file is for {language!r} (its Language header), not {lang!r}", Where(path, 1, None, lang))
    return [Incoming(entry.msgctxt or "", entry.msgid, entry.msgstr, "fuzzy" not in entry.flags, entry.linenum,
                     exported_hash(entry.comment or "")) for entry in po if not entry.obsolete]

