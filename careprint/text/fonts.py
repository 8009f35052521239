"""Font families from PyPI font packages: instancing, registration, coverage.

Fonts come from installed packages (``fontpkg-*``, ``justmytype-intl-*``),
never from files in the repo; which package holds which family is data, the
registry ``careprint/text/fonts.yaml`` (``careprint.text.registry``). A
missing package is one clear error naming it. Variable fonts are instanced
to static regular/bold/italic and cached on disk outside the repo (``careprint.text.fontcache``). Each face is registered
with ReportLab once per process.

A locale lists its families in order of preference; each character is set in
the first family that covers it, and a character no family covers is a
GlyphError naming the key and language: never a box in the print.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from careprint.errors import BuildError, GlyphError, UsageError, Where
from careprint.text import fontcache
from careprint.text.fontcache import cache_dir  # noqa: F401  (build.py imports it from here)
from careprint.text.markup import Span
from careprint.text.registry import HOWTO, STYLES, FaceSource, registry

# Characters that are layout controls, not glyphs: never drawn, never checked.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\n")


def _package_dir(family: str) -> Path:
    """Return the folder of the installed package that ships a family's font files."""
    source = registry().families[family]
    try:
        module = importlib.import_module(source.module)
    except ImportError:
        if _installed(source.distribution):  # the registry names the wrong module: pip install would not help
            raise BuildError(f"font family {family}: no module {source.module!r} in the installed package "
                             f"{source.distribution}; correct `module:` at {_entry(family)}") from None
        raise BuildError(f"font package {source.distribution} is not installed (font family {family}); "
                         f"pip install {source.distribution}") from None
    return Path(module.__file__).parent


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _entry(family: str) -> str:
    return registry().where(family).prefix()


def _display(family: str) -> str:
    """Return a family's name as people write it: noto-sans-jp -> Noto Sans JP."""
    return " ".join(w.upper() if len(w) == 2 else w.capitalize() for w in family.split("-"))


def _source(family: str, face: FaceSource) -> Path:
    """Return the packaged file of a face; one clear error naming its registry entry if it is not there."""
    source = _package_dir(family) / face.path
    if not source.is_file():
        raise BuildError(f"font family {family}: no file {face.path} in the package "
                         f"{registry().families[family].distribution}; correct it at {_entry(family)}")
    return source


def _face_path(family: str, face: FaceSource, why: str = "") -> Path:
    """Return a static TTF for a face: the packaged file, or a verified cached instance of a variable font."""
    source = _source(family, face)
    return fontcache.static_instance(source, face.axes, why) if face.axes else source


def face_file(family: str, bold: bool = False) -> Path:
    """Return the static TTF of a family's upright regular or bold face (for web fonts)."""
    style = "bold" if bold else "regular"
    return _face_path(family, registry().families[family].faces[style], f"{_display(family)} {style}")


@dataclass(frozen=True)
class Family:
    """A family: ReportLab font names per style, and its character map.

    Faces are registered with ReportLab (and variable fonts instanced) only
    when a document asks for one, so a fallback family that covers nothing
    in a document, or an italic nobody uses, costs nothing.
    """

    name: str
    faces: dict[str, str]
    cmap: frozenset[int]
    lang: str = ""  # for the "preparing …" line when a face is first made

    @property
    def regular(self) -> str:
        return self.face(False, False)

    def face(self, bold: bool, italic: bool) -> str:
        """Return the ReportLab font name for a style, registering the face on first use."""
        style = _style(bold, italic)
        _register(self.name, self.faces[style], self.lang)
        return self.faces[style]


def _style(bold: bool, italic: bool) -> str:
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


@cache
def family(name: str) -> Family:
    """Return a family with its character map, read without registering or instancing any face."""
    known = registry().families
    if name not in known:
        raise UsageError(f"unknown font family {name!r}; known: {', '.join(known)} ({registry().path.name})")
    source = known[name]
    faces: dict[str, str] = {}
    for style in STYLES:
        # No italic design: the upright face stands in (parsed once, not twice).
        faces[style] = f"{name}-{style}" if style in source.faces else faces["bold" if "bold" in style else "regular"]
    # Private-use codes are never coverage: _map_unmapped_glyphs hands them to shaped glyphs
    # (in Atkinson, tabular digits), so a private-use character in text would print one of those.
    regular = fontcache.cmap(_source(name, source.faces["regular"]))  # a missing package: one clear error
    return Family(name, faces, frozenset(c for c in regular if not is_private_use(c)))


def _map_styles(faces: dict[str, str]) -> None:
    """Tell ReportLab which face is a family's bold and italic (after registering: that resets them)."""
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(faces["regular"], bold, italic, faces[_style(bold, italic)])


@cache
def _register(name: str, rl_name: str, lang: str = "") -> None:
    """Register one face with ReportLab (once per process), instancing it first if it is not cached."""
    if rl_name in pdfmetrics.getRegisteredFontNames():
        return
    style = rl_name[len(name) + 1:]
    why = f"{_display(name)} {style}" + (f" for {lang}" if lang else "")
    ttf = TTFont(rl_name, str(_face_path(name, registry().families[name].faces[style], why)))
    _map_unmapped_glyphs(ttf)
    pdfmetrics.registerFont(ttf)  # this maps every style of rl_name to itself ...
    _map_styles(family(name).faces)  # ... so the family's own mapping goes back on top


def prepare(wanted: dict[str, tuple[str, ...]], lang: str) -> None:
    """Instance the faces a document will use (family -> styles) in parallel, before it is drawn."""
    requests = []
    for name, styles in wanted.items():
        for style in styles:
            face = registry().families[name].faces.get(style)
            registered = f"{name}-{style}" in pdfmetrics.getRegisteredFontNames()  # checked already in this process
            if face is not None and face.axes and not registered:
                requests.append((_package_dir(name) / face.path, face.axes, f"{_display(name)} {style} for {lang}"))
    fontcache.prepare(requests)


_PRIVATE_USE = range(0xE000, 0xF900)
# xml.sax.saxutils.escape, without its import of urllib.request, http.client and ssl (start-up time).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Escape &, < and > for ReportLab paragraph markup."""
    return text.translate(_ESCAPES)


def is_private_use(code: int) -> bool:
    """Tell whether a code point is private-use (the BMP area, or planes 15 and 16)."""
    return code in _PRIVATE_USE or code >= 0xF0000


def _map_unmapped_glyphs(ttf: TTFont) -> None:
    """Give every glyph without a character (Arabic joining forms, conjuncts, ligatures) a private-use code.

    HarfBuzz shaping yields such glyphs; ReportLab draws a glyph through a
    character code, and left to itself it hands out private-use codes in the
    order glyphs are first met in a process, so the same handout would come
    out with different bytes depending on what was built before it. Here the
    codes follow glyph order, fixed once when the font is registered.
    """
    face = ttf.face
    unmapped = [gid for gid in range(face.numGlyphs) if gid and gid not in face.glyphToChar]
    free = [code for code in _PRIVATE_USE if code not in face.charToGlyph]
    if not unmapped or len(unmapped) > len(free):
        return  # such a font is never shaped by careprint (CJK): nothing to fix, or no room
    import uharfbuzz

    hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(face._ttf_data)))
    for gid, code in zip(unmapped, free, strict=False):
        face.charToGlyph[code] = gid
        face.glyphToChar[gid] = [code]
        face.charWidths[code] = face._pdfScale(hb_font.get_glyph_h_advance(gid))


@cache
def _union(names: tuple[str, ...]) -> frozenset[int]:
    """Return every code point some family of a list covers (and the invisible controls)."""
    return frozenset().union(*(family(n).cmap for n in names)) | {ord(c) for c in INVISIBLE}


class FontSet:
    """A locale's families in order of preference, with per-character choice."""

    def __init__(self, names: tuple[str, ...], lang: str, text: str = ""):
        """Load the families; with text, the first family that covers all of it goes first.

        So a Vietnamese document, which Atkinson Hyperlegible covers only in
        part, is set in Noto Sans throughout rather than switching designs
        from one list item to the next; the other families still cover
        characters (a patient's name) that the chosen one lacks.
        """
        self.names = names
        self.lang = lang
        try:
            families = tuple(replace(family(n), lang=lang) for n in names)
        except BuildError as exc:  # a missing font package: say which language needs it
            raise BuildError(exc.message, Where(lang=lang)) from None
        codes = {ord(c) for c in text if c not in INVISIBLE}
        whole = next((fam for fam in families if codes <= fam.cmap), None) if codes else None
        self.families = (whole, *(f for f in families if f is not whole)) if whole else families
        self._covered = _union(tuple(f.name for f in families))
        if codes:  # make the faces this text needs now, in parallel, rather than one by one mid-page
            used = {whole.name} if whole else {f.name for c in codes if (f := self.family_for(chr(c)))}
            try:
                prepare({name: ("regular", "bold") for name in sorted(used)}, lang)
            except BuildError as exc:  # an unwritable cache: say which language needed it
                raise BuildError(exc.message, Where(lang=lang)) from None

    def family_for(self, char: str) -> Family | None:
        """Return the first family that covers a character, or None."""
        code = ord(char)
        for fam in self.families:
            if code in fam.cmap:
                return fam
        return None

    def check(self, text: str, where: Where) -> None:
        """Raise GlyphError for the first character no family covers."""
        if {ord(c) for c in text} <= self._covered:
            return  # the usual case, in one set operation
        for i, char in enumerate(text):
            if char not in INVISIBLE and self.family_for(char) is None:
                raise GlyphError(
                    f"character {char!r} (U+{ord(char):04X}) at position {i + 1} is not covered by "
                    f"any font for this language ({', '.join(self.names)}); add a family from "
                    f"careprint/text/fonts.yaml to locales/{self.lang}.yaml `fonts:`, or add one: {HOWTO}",
                    where,
                )

    def covering(self, text: str) -> Family | None:
        """Return the first family that covers every visible character of text."""
        codes = {ord(c) for c in text if c not in INVISIBLE}
        return next((fam for fam in self.families if codes <= fam.cmap), None)

    def runs(self, spans: tuple[Span, ...], where: Where) -> list[tuple[Span, Family]]:
        """Assign a family to each piece of text, keeping one font per word where possible.

        A family that covers the whole paragraph is used for all of it (so a
        Vietnamese paragraph is not set in two designs); otherwise each word
        takes the first family covering it, and a word no single family covers
        is split by character.
        """
        whole = "".join(s.text for s in spans)
        self.check(whole, where)
        fam = self.covering(whole)
        out: list[tuple[Span, Family]] = []
        for span in spans:
            # A line break in content (a YAML block) is a space between words, never dropped.
            text = "".join(c for c in span.text.replace("\n", " ") if c not in INVISIBLE)
            pieces = [(text, fam)] if fam else self._split(text)
            out.extend((Span(piece, span.bold, span.italic), f) for piece, f in pieces if piece)
        return out

    def _split(self, text: str) -> list[tuple[str, Family]]:
        """Split text into runs by the family covering each word (or character)."""
        out: list[tuple[str, Family]] = []
        for word in re.split(r"(\s+)", text):
            fam = self.covering(word) if word else None
            chunks = [(word, fam)] if fam else [(c, self.family_for(c)) for c in word]
            for chunk, f in chunks:
                if out and (out[-1][1] is f or chunk.isspace() and all(ord(c) in out[-1][1].cmap for c in chunk)):
                    out[-1] = (out[-1][0] + chunk, out[-1][1])
                elif f is not None:
                    out.append((chunk, f))
        return out

    def paragraph_markup(self, spans: tuple[Span, ...], where: Where, bold: bool = False) -> str:
        """Turn styled spans into escaped ReportLab paragraph markup with font runs (all bold if asked)."""
        parts = []
        for span, fam in self.runs(spans, where):
            fam.face(bool(span.bold or bold), bool(span.italic))  # registered now: the paragraph looks it up by name
            inner = escape(span.text)
            if span.italic:
                inner = f"<i>{inner}</i>"
            if span.bold or bold:
                inner = f"<b>{inner}</b>"
            parts.append(f'<font name="{fam.regular}">{inner}</font>')
        return "".join(parts)
