"""What changed in the English since a key was translated: the before, and a short word diff.

The before is the ``# English:`` comment ``locale new`` (and ``locale sync``) wrote above
each key, and above each list item; ``locale update`` refreshes it when a key is
confirmed. A file without these comments has no before, and its stale messages
show the English as it reads now only.
"""

from __future__ import annotations

import difflib
import re

_KEY = re.compile(r"^  ([^\s#][^:]*):(.*)$")
_COMMENT = re.compile(r"^( {2}| {4})# English: (.*)$")


def english_comments(text: str) -> dict[str, str | list[str]]:
    """Return, by key, the ``# English:`` comment above it (a list's: one per item, in order)."""
    found: dict[str, str | list[str]] = {}
    pending: str | None = None
    current: str | None = None
    for line in text.splitlines():
        comment = _COMMENT.match(line)
        if comment and comment.group(1) == "    " and isinstance(found.get(current), list):
            found[current].append(comment.group(2))
            continue
        if comment:
            pending = comment.group(2)
            continue
        key = _KEY.match(line)
        if key:
            current = key.group(1)
            if key.group(2).strip():
                if pending is not None:
                    found[current] = pending
            else:  # a block list follows: its items carry their own comments
                found[current] = []
            pending = None
        elif line and not line.startswith(" "):
            current, pending = None, None
    return found


def one_line(text: object) -> str:
    """Return text on one line, as the comments hold it."""
    return re.sub(r"\s+", " ", str(text)).strip()


def word_diff(before: str, after: str, context: int = 2) -> str:
    """Return a short word diff, ``give naloxone [+if you have it+]``: changes with a few words either side."""
    tokens = [re.findall(r"\s*(?:\w+|[^\w\s])", text) for text in (before, after)]
    a, b = ([t.strip() for t in side] for side in tokens)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    out: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = tokens[0][i1:i2]
            head = words[:context] if n else []
            tail = words[-context:] if n < len(ops) - 1 else []
            out += words if len(words) <= len(head) + len(tail) else [*head, " …" if head else "…", *tail]
            continue
        for mark, side, lo, hi in (("-", 0, i1, i2), ("+", 1, j1, j2)):
            if hi > lo:
                text = "".join(tokens[side][lo:hi])
                space = " " if text[:1].isspace() or (mark == "+" and tag == "replace") else ""
                out.append(f"{space}[{mark}{text.strip()}{mark}]")
    return "".join(out).strip()
