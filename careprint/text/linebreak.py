"""Line-breaking rules ReportLab lacks: CJK kinsoku, and short words bound to the next in Russian and Polish.

- Chinese and Japanese (kinsoku shori, JIS X 4051 and the W3C "Requirements
  for Chinese/Japanese Text Layout"): no line starts with closing punctuation
  (，。、）」』】》！？：；…) or a small kana, and none ends with opening
  punctuation (（「『【《…). ReportLab's CJK splitter lets one closing mark
  hang only if it is in its short list (not "，" or "》") and ignores opening
  marks; ``kinsoku_split`` moves the break back to the nearest allowed place.
- Russian and Polish typesetting never leaves a one-letter word (в, к, с, у,
  и, а, о, я; a, i, o, u, w, z) or the Russian particle "не" at a line end:
  ``bind_short_words`` ties them to the next word with a no-break space when
  the page is laid out, so the content stays as written.
"""

from __future__ import annotations

import re

from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

# Characters that may not start a line: closing brackets and quotes, stops, commas, colons,
# iteration marks, prolonged-sound mark and small kana.
NO_START = frozenset(
    "!),.:;?]}\u00bb\u2019\u201d\u2026\u2025\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019"
    "\u301f\uff01\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d\uff60\uff61\uff63\uff64"
    "\u3005\u303b\u309d\u309e\u30fd\u30fe\u30fb\u30fc\u2010\u2013\u301c"
    "\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u3095\u3096"
    "\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6"
    "%\u2030\u2103\u00b0\u2032\u2033\uff05"
)
# Characters that may not end a line: opening brackets and quotes.
NO_END = frozenset(
    "([{\u00ab\u2018\u201c\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301d\uff08\uff3b\uff5b\uff5f\uff62"
)
_FUZZ = 1e-6


def _is_word_char(char: str) -> bool:
    """Return True for a letter or digit of a script that breaks at spaces (Latin, digits)."""
    return char.isalnum() and ord(char) < 0x2E80


def break_allowed(before: str, after: str) -> bool:
    """Return True if a line may end after ``before`` and the next start with ``after``."""
    if after in NO_START or before in NO_END:
        return False
    return not (_is_word_char(before) and _is_word_char(after))  # not inside a Latin word or number


def _width(unit: cjkU, max_width: float) -> float:
    width = unit.width
    if hasattr(width, "normalizedValue"):
        width._normalizer = max_width
        width = width.normalizedValue(max_width)
    return width


def kinsoku_split(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """Break styled fragments into lines between any two characters the rules above allow."""
    units = [cjkU(ch, f, "utf8") for f in frags for ch in (f.text or "")]
    lines, start = [], 0
    while start < len(units):
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used = start, 0.0
        while end < len(units) and (end == start or used + _width(units[end], max_width) <= max_width + _FUZZ):
            used += _width(units[end], max_width)
            end += 1
        if end < len(units):
            end = _allowed_end(units, start, end)
            while end < len(units) and units[end].isspace():  # a space at the break hangs at the line end
                end += 1
        line = units[start:end]
        ink = len(line)
        while ink > 1 and line[ink - 1].isspace():
            ink -= 1
        used = sum(_width(u, max_width) for u in line[:ink])
        lines.append(makeCJKParaLine(line, max_width, used, max_width - used, False, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


def _allowed_end(units: list[cjkU], start: int, end: int) -> int:
    """Return the latest break at or before ``end`` (and after ``start``) the rules allow; else ``end``."""
    for k in range(end, start, -1):
        if units[k].isspace() or units[k - 1].isspace() or break_allowed(units[k - 1], units[k]):
            return k
    return end  # one unbreakable run longer than the line: break where it overflows


# A one-letter word (or Russian "не") followed by a space, at the start of the text or after a space,
# bracket or quote: the space becomes a no-break space.
_SHORT_WORD = re.compile(r"(?<![\w\u00ad-])([^\W\d_]|[Нн][Ее])[ ](?=\S)")
SHORT_WORD_LANGS = ("ru", "pl")


def bind_short_words(text: str) -> str:
    """Tie each one-letter word (and "не") to the word after it with a no-break space."""
    return _SHORT_WORD.sub(lambda m: m.group(1) + "\u00a0", text)
