"""The small inline markup translators may use, and placeholders.

ReportLab's paragraph markup can read local files (``<img src=…>``), make
links and switch fonts, so content text never reaches it directly. Content may
use only these tags, which nest but must be balanced:

- ``<b>…</b>``: bold
- ``<i>…</i>``: italic
- ``<keep>…</keep>``: keep these words together on one line (no line break inside);
  a translation may add it where the English has none

Any other ``<name …>`` is an error; a lone ``<`` or ``&`` is ordinary text and
is escaped when the paragraph markup is produced. Placeholders are written
``{name}``; ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from careprint.errors import ContentError, Where

ALLOWED_TAGS = ("b", "i", "keep")
NBSP = "\u00a0"
# Unicode bidi isolates: first-strong isolate and its closer. In right-to-left
# text, <keep> spans and filled-in values are isolated so that "555-0123" or
# "50 mg" keep their order; left-to-right renderers never draw them.
FSI, PDI = "\u2068", "\u2069"

# Anything shaped like an HTML/XML tag: <name ...>, </name>, <name/>.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_:-]*)([^<>]*)>")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}|[{}]")


@dataclass(frozen=True)
class Span:
    """A run of plain text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


def parse(text: str, where: Where, isolate: bool = False) -> tuple[Span, ...]:
    """Split content text into styled spans; raise ContentError on a bad tag.

    With isolate (right-to-left locales), each <keep> span is wrapped in
    bidi isolates so its numbers and units keep their order.
    """
    spans: list[Span] = []
    stack: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        _append(spans, text[pos : m.start()], stack)
        pos = m.end()
        closing, name, rest = m.group(1), m.group(2), m.group(3)
        if name not in ALLOWED_TAGS:
            raise ContentError(
                f"unknown markup tag <{closing}{name}>; allowed: "
                + ", ".join(f"<{t}>" for t in ALLOWED_TAGS),
                where,
            )
        if rest.strip():
            raise ContentError(f"tag <{name}> takes no attributes (found {rest.strip()!r})", where)
        if not closing:
            stack.append(name)
            if isolate and name == "keep":
                _append(spans, FSI, stack)
        elif not stack or stack[-1] != name:
            open_tag = f"<{stack[-1]}>" if stack else "no open tag"
            raise ContentError(f"closing </{name}> does not match {open_tag}", where)
        else:
            if isolate and name == "keep":
                _append(spans, PDI, stack)
            stack.pop()
    _append(spans, text[pos:], stack)
    if stack:
        raise ContentError(f"<{stack[-1]}> is never closed", where)
    return tuple(spans)


def _append(spans: list[Span], chunk: str, stack: list[str]) -> None:
    """Add a chunk of text with the style the open tags give it."""
    if not chunk:
        return
    if "keep" in stack:
        chunk = chunk.replace(" ", NBSP)
    spans.append(Span(chunk, bold="b" in stack, italic="i" in stack))


def tags(text: str) -> Counter:
    """Count the markup tags in a text (for comparing a translation with English)."""
    return Counter(m.group(1) + m.group(2) for m in _TAG.finditer(text))


def tags_differ(translated: str, english: str) -> bool:
    """True if a translation's markup does not match its English text.

    <b> and <i> must be the same as in English. <keep> may be added where the
    English has none (a translator protects a dose or phone number, as the
    right-to-left number check asks) but never dropped.
    """
    mine, theirs = tags(translated), tags(english)
    keeps = ("keep", "/keep")
    if any(mine[t] < theirs[t] for t in keeps):
        return True
    return +Counter({t: n for t, n in mine.items() if t not in keeps}) != +Counter(
        {t: n for t, n in theirs.items() if t not in keeps})


def placeholders(text: str) -> set[str]:
    """Return the placeholder names used in a text."""
    return {m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1)}


def check_braces(text: str, where: Where) -> None:
    """Raise ContentError for a brace that is neither a placeholder nor doubled."""
    for m in _PLACEHOLDER.finditer(text):
        if m.group(0) in "{}":
            raise ContentError(
                f"stray {m.group(0)!r} at character {m.start() + 1}: write placeholders as "
                "{name} (lowercase) and a literal brace as {{ or }}",
                where,
            )


def fill(spans: tuple[Span, ...], values: dict[str, str], where: Where, isolate: bool = False) -> tuple[Span, ...]:
    """Replace placeholders with values (inserted as plain text, never markup; isolated if asked)."""

    def sub(m: re.Match) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = m.group(1)
        if name is None:
            raise ContentError(f"stray {token!r}", where)
        if name not in values:
            known = ", ".join("{" + k + "}" for k in sorted(values)) or "none"
            raise ContentError(f"placeholder {{{name}}} has no value (known: {known})", where)
        return FSI + values[name] + PDI if isolate else values[name]

    return tuple(Span(_PLACEHOLDER.sub(sub, s.text), s.bold, s.italic) for s in spans)


def plain(spans: tuple[Span, ...]) -> str:
    """Return the spans' text without styles."""
    return "".join(s.text for s in spans)
