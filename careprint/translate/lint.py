"""Checks on translated strings that warn rather than stop a build.

``python generate.py check`` reports these beside the errors that resolving
content raises; ``--strict`` turns them into errors.
"""

from __future__ import annotations

import re

from careprint.content.yamlio import LDict
from careprint.errors import ContentWarning, Where

_KEEP = re.compile(r"<keep>.*?</keep>", re.S)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# A number with inner separators (555-0123, 7-10, 1.5), or a number with a Latin unit (50 mg).
_NUMBER_RUN = re.compile(r"\d+(?:[ \u00a0]?[-\u2010-\u2013./:,][ \u00a0]?\d+)+|\d+[ \u00a0]?[A-Za-z%]+")


def unprotected_numbers(raw: str) -> list[str]:
    """Return numbers in a right-to-left string that bidi reordering could scramble.

    Text inside <keep> and filled-in placeholders is isolated when content is
    resolved, so only numbers outside them are returned.
    """
    bare = _PLACEHOLDER.sub(" ", _KEEP.sub(" ", raw))
    return [m.group(0) for m in _NUMBER_RUN.finditer(bare)]


def rtl_numbers(strings: LDict, where: Where) -> list[ContentWarning]:
    """Warn about each right-to-left string with an unprotected number."""
    found = []
    for key, value in strings.items():
        items = value if isinstance(value, list) else [value]
        lines = strings[key].lines if isinstance(value, list) else [strings.line_of(key)]
        for i, (item, line) in enumerate(zip(items, lines, strict=True)):
            if not isinstance(item, str):
                continue
            for number in unprotected_numbers(item):
                label = f"{key}[{i}]" if isinstance(value, list) else key
                found.append(ContentWarning(
                    f"number {number!r} in right-to-left text is not protected: wrap it in <keep>…</keep> "
                    "so its digits and separators keep their order", where.at(label, line)))
    return found


# Arabic letters a Persian keyboard layout mix-up types instead of the Persian ones (same sound, other code point).
_ARABIC_IN_PERSIAN = {"\u064a": "\u06cc", "\u0643": "\u06a9"}  # ي -> ی, ك -> ک


def persian_letters(strings: LDict, where: Where, prefix: str = "") -> list[ContentWarning]:
    """Warn about each string of a Persian (fa) file that has Arabic ي (U+064A) or ك (U+0643)."""
    if where.lang is None or where.lang.split("-")[0] != "fa":
        return []
    found = []
    for key, value in strings.items():
        items = value if isinstance(value, list) else [value]
        lines = strings[key].lines if isinstance(value, list) else [strings.line_of(key)]
        for i, (item, line) in enumerate(zip(items, lines, strict=True)):
            wrong = sorted({ch for ch in item if ch in _ARABIC_IN_PERSIAN}) if isinstance(item, str) else []
            if wrong:
                label = f"{prefix}{key}[{i}]" if isinstance(value, list) else f"{prefix}{key}"
                advice = "; ".join(f"Arabic {ch} (U+{ord(ch):04X}): use Persian {_ARABIC_IN_PERSIAN[ch]} "
                                   f"(U+{ord(_ARABIC_IN_PERSIAN[ch]):04X})" for ch in wrong)
                found.append(ContentWarning(f"Arabic letter in Persian text: {advice}", where.at(label, line)))
    return found


# Opening and closing quotation marks that word processors and CAT tools type for "…" (TRANSLATING, rule 3).
_QUOTE_PAIRS = {"\u201c": "\u201d", "\u201e": "\u201c", "\u201d": "\u201d", "\u00ab": "\u00bb", "\u00bb": "\u00ab",
                "\u300c": "\u300d", "\u2018": "\u2019", "\u201a": "\u2018"}


def wrapping_quotes(strings: LDict, english: LDict, where: Where, prefix: str = "") -> list[ContentWarning]:
    """Warn about a text wrapped whole in typographic quotes its English lacks: meant as YAML quotes, they would print."""
    found = []
    for key, value in strings.items():
        items = value if isinstance(value, list) else [value]
        lines = strings[key].lines if isinstance(value, list) else [strings.line_of(key)]
        sources = english.get(key) if isinstance(english.get(key), list) else [english.get(key)] * len(items)
        for i, (item, line) in enumerate(zip(items, lines, strict=True)):
            source = sources[i] if i < len(sources) and isinstance(sources[i], str) else ""
            if (isinstance(item, str) and len(item) > 1 and _QUOTE_PAIRS.get(item[0]) == item[-1]
                    and source[:1] not in _QUOTE_PAIRS):
                label = f"{prefix}{key}[{i}]" if isinstance(value, list) else f"{prefix}{key}"
                found.append(ContentWarning(
                    f"the whole text is inside the quotation marks {item[0]}…{item[-1]}, which will print; "
                    'if they were meant as YAML quotes, use straight ones: "…"', where.at(label, line)))
    return found
