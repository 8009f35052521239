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
