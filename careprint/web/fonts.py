"""Web fonts for the companion site: the print fonts, subset to each page's characters, as WOFF2.

Latin pages use Atkinson Hyperlegible, as on paper; Arabic, Devanagari,
Chinese, Japanese and Korean use the Noto faces the PDFs use (CJK in the
regular weight only, to keep the page small), so every device can read the
page. Cyrillic and Vietnamese pages, set in Noto Sans on paper, use the system
font, which covers them everywhere. Nothing is fetched from another host.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from careprint.build import write_atomic
from careprint.content.model import Locale
from careprint.errors import BuildError
from careprint.text import fontcache, fonts

# Families served as web fonts, with the weights served: Chinese, Japanese and Korean pages get the regular
# face only (the browser emboldens it), so their subset stays within the page budget; a phone without these
# scripts' fonts still reads the page. Noto Sans (Cyrillic, Vietnamese) pages use the system font.
SERVED = {"atkinson-hyperlegible": ("Atkinson Hyperlegible", (400, 700)),
          "noto-sans-arabic": ("Noto Sans Arabic", (400, 700)),
          "noto-sans-devanagari": ("Noto Sans Devanagari", (400, 700)),
          "noto-sans-sc": ("Noto Sans SC", (400,)), "noto-sans-tc": ("Noto Sans TC", (400,)),
          "noto-sans-jp": ("Noto Sans JP", (400,)), "noto-sans-kr": ("Noto Sans KR", (400,))}
_TAG = re.compile(r"<[^>]*>")
_VERSION = "1"  # bump when the subsetting options change: cached subsets are then made again


def page_fonts(files: dict[str, bytes], locale: Locale, page_html: str, here: str) -> str | None:
    """Add the WOFF2 subsets a page needs to files; return the site path of its @font-face CSS, or None."""
    text = unescape(_TAG.sub(" ", page_html))
    name = fonts.FontSet(locale.fonts, locale.code, text).families[0].name  # the family that sets the page, as in print
    if name not in SERVED:
        return None
    family, weights = SERVED[name]
    rules = []
    for weight in weights:
        data = _subset(name, weight >= 700, text)
        path = f"fonts/{name}-{weight}-{hashlib.sha256(data).hexdigest()[:10]}.woff2"
        files[path] = data
        rules.append(f'@font-face{{font-family:"{family}";font-weight:{weight};font-display:swap;'
                     f'src:url("{path.split("/", 1)[1]}") format("woff2")}}')
    css = "".join(rules) + f'body{{font-family:"{family}",system-ui,sans-serif}}\n'
    css_path = f"fonts/{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    files[css_path] = css.encode("utf-8")
    return css_path


_COLLECTING: list[tuple[Path, str, Path]] | None = None  # while a site lists the subsets its pages need


@contextmanager
def collecting() -> Iterator[list[tuple[Path, str, Path]]]:
    """List the subsets page_fonts would make, instead of making them (for prepare)."""
    global _COLLECTING
    _COLLECTING = []
    try:
        yield _COLLECTING
    finally:
        _COLLECTING = None


def prepare(wanted: list[tuple[Path, str, Path]]) -> None:
    """Make the listed subsets that are not cached yet, in parallel across cores."""
    todo = list({path: (source, chars, path) for source, chars, path in wanted if not path.exists()}.values())
    if len(todo) < 2 or (os.cpu_count() or 1) < 2:
        for job in todo:
            _store(*job)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
        for future in [pool.submit(_store, *job) for job in todo]:
            future.result()


def _subset(name: str, bold: bool, text: str) -> bytes:
    """Return one face subset to the characters of text, as WOFF2, made once and then read from the cache folder."""
    source = fonts.face_file(name, bold)
    chars = "".join(sorted(set(text + " ")))
    stat = source.stat()
    key = hashlib.sha256(f"{_VERSION}|{source.name}|{stat.st_size}|{stat.st_mtime_ns}|{chars}".encode()).hexdigest()
    path = fontcache.cache_dir() / "web-fonts" / f"{key[:32]}.woff2"
    try:
        return path.read_bytes()
    except OSError:
        pass
    if _COLLECTING is not None:
        _COLLECTING.append((source, chars, path))
        return b""  # the first pass's pages are thrown away
    return _store(source, chars, path)


def _store(source: Path, chars: str, path: Path) -> bytes:
    """Make a subset and keep it in the cache folder; return it."""
    data = _make_subset(source, chars)
    try:
        write_atomic(path, data)
    except BuildError:
        pass  # a read-only cache only costs time
    return data


def _make_subset(source, chars: str) -> bytes:
    """Return a face subset to chars (with their shaping features), as WOFF2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep joining forms, conjuncts and marks for Arabic and Devanagari
    options.name_IDs = ["*"]  # keep the copyright and licence names (SIL Open Font License)
    options.notdef_outline = True
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
