"""A cache for ReportLab's HarfBuzz shaping of words (Devanagari and other shaped scripts).

ReportLab's Paragraph shapes every word again each time it breaks lines
(``reportlab.platypus.paragraph.shapeFragWord``), so a Hindi handout spent
most of its time shaping the same words. ``install()`` wraps that function:
the result of shaping a word depends only on each fragment's font, size and
text, so it is remembered under those and rebuilt around the caller's own
fragment objects. Output is byte-identical (tests/test_locales.py compares).

This relies on ReportLab internals; the minor version is pinned in
pyproject.toml.
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts
from reportlab.platypus import paragraph

_CACHE: dict[tuple, tuple] = {}
_LIMIT = 20_000
_UNCHANGED = ("unchanged",)


def _shape_frag_word(w, features=None, force=False):
    original = _shape_frag_word.original
    if features is not None or force or isinstance(w, ttfonts.ShapedFragWord):
        return original(w) if features is None and not force else original(w, features, force)
    frags = w[1:]
    if any(hasattr(f, "cbDefn") for f, _ in frags):
        return original(w)  # inline objects: not worth remembering
    key = (type(w), *((f.fontName, f.fontSize, s) for f, s in frags))
    hit = _CACHE.get(key)
    if hit is None:
        result = original(w)
        if result is w:
            hit = _UNCHANGED
        else:
            index = {id(f): i for i, (f, _) in enumerate(frags)}
            hit = (type(result), result[0], tuple((index[id(f)], s) for f, s in result[1:]))
        if len(_CACHE) >= _LIMIT:
            _CACHE.clear()
        _CACHE[key] = hit
        return result
    if hit is _UNCHANGED:
        return w
    cls, width, parts = hit
    return cls([width, *((frags[i][0], s) for i, s in parts)])


def install() -> None:
    """Route ReportLab's paragraph shaping through the cache (once per process)."""
    if getattr(paragraph.shapeFragWord, "original", None) is None:
        _shape_frag_word.original = paragraph.shapeFragWord
        paragraph.shapeFragWord = _shape_frag_word
