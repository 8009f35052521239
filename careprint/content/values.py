"""What a personal value may hold: one line of text that prints exactly as typed.

A personal value is typed at the counter (``card --name/--phone/--contact``)
or comes from a CSV cell. Each character either prints as typed or the value
is refused with a message that names the field and the character's code,
never the value. Refused:

- control characters (U+0000–U+001F, U+007F–U+009F), including tab, newline,
  carriage return, U+000B (FileMaker's in-field line break) and U+000C: a field
  is one line, and a tab is usually a spreadsheet's column separator;
- the line and paragraph separators U+2028 and U+2029;
- bidi controls (embeddings, overrides, isolates, LRM, RLM, ALM): they reorder
  or hide what prints; careprint keeps a value's numbers in order itself;
- private-use characters: no font has them, and a font's internal codes would
  print unrelated glyphs (digits, say) in their place;
- lone surrogates (bytes that were not UTF-8 on the command line).

A space character that no font of the language has (U+3000, the ideographic
space, on a Latin card) prints as an ordinary space: see ``plain_spaces``.

Reviewer and language names written into YAML files (``locale review --by``,
``locale new --name``) follow the same rule, so they cannot add YAML lines.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FIRST_DATE = dt.date(1900, 1, 1)
FUTURE_YEARS = 5  # a last dose may be booked ahead, but not further than this
# Every character problem() refuses: Cc, line separators, bidi controls, Co (private use), Cs (surrogates).
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                      "\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only


def problem(value: str) -> str | None:
    """Return why a value cannot print as typed (naming a character's code, never the value), or None."""
    found = _REFUSED.search(value)
    if found is None:
        return None  # the usual case, in one regex scan (a CSV may hold 100,000 rows)
    for char in value[found.start():]:
        code = f"U+{ord(char):04X}"
        category = unicodedata.category(char)
        if char in "\n\r\v\f\x85\u2028\u2029":
            return f"a line break ({code}): the field is one line; put it on one line"
        if char == "\t":
            return f"a tab ({code}): use a space (a tab usually means the columns have slipped)"
        if category == "Cc":
            return f"a control character ({code}) that cannot print; remove it"
        if char in BIDI_CONTROLS:
            return (f"a bidi control ({code}) that would reorder or hide characters; remove it "
                    "(careprint keeps numbers in order itself)")
        if category == "Co":
            return f"a private-use character ({code}) that no font prints; remove it"
        if category == "Cs":
            return f"an invalid character ({code}): the text was not UTF-8"
    return None


def plain_spaces(value: str, covered: Callable[[str], bool]) -> str:
    """Return value with each space character that no font covers (e.g. U+3000) replaced by U+0020."""
    return "".join(" " if unicodedata.category(c) == "Zs" and not covered(c) else c for c in value)


def latest_date(today: dt.date | None = None) -> dt.date:
    """Return the latest plausible last-dose date: FUTURE_YEARS after today."""
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + FUTURE_YEARS, day=28)


def parse_date(text: str) -> dt.date:
    """Parse a date written YYYY-MM-DD within the plausible range; raise ValueError with a message (no value)."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):  # fromisoformat alone also takes 20261120 and 2026-W47-5
        raise ValueError("not a real date: expected YYYY-MM-DD")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("not a real date: expected YYYY-MM-DD") from None
    last = latest_date()
    if not FIRST_DATE <= date <= last:
        raise ValueError(f"not a plausible date: expected one from {FIRST_DATE.isoformat()} to {last.isoformat()}")
    return date
