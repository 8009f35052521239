"""The font families of a new locale: the registry's default for its script, or --fonts, checked before writing."""

from __future__ import annotations

from careprint.errors import UsageError
from careprint.text.fonts import FontSet
from careprint.text.registry import HOWTO, registry


def new_locale_fonts(code: str, native_name: str, script: str, fonts: list[str] | None) -> list[str]:
    """Return the new locale's font families (--fonts, else the registry's default for the script).

    Refuse unknown families, and families that cannot print the language's own
    name: a translator would otherwise find out only after translating.
    """
    known = registry().families
    names = ", ".join(known)
    if not fonts:
        if script not in registry().defaults:
            made_for = registry().covering(script)
            hint = f"--fonts {','.join([*made_for, 'noto-sans'])}" if made_for else f"--fonts with families from: {names}"
            raise UsageError(f"no default fonts for script {script!r}: careprint/text/fonts.yaml has no "
                             f"`defaults: {script}:` entry; pass {hint}, or add a font for it: {HOWTO}")
        fonts = list(registry().defaults[script])
    unknown = [f for f in fonts if f not in known]
    if unknown:
        raise UsageError(f"unknown font family {', '.join(unknown)}; known (careprint/text/fonts.yaml): {names}; "
                         f"to add one: {HOWTO}")
    font_set = FontSet(tuple(fonts), code)
    missing = next((ch for ch in native_name if not ch.isspace() and font_set.family_for(ch) is None), None)
    if missing is not None:
        made_for = registry().covering(script)
        hint = f"families made for {script}: {', '.join(made_for)}" if made_for else f"to add one: {HOWTO}"
        raise UsageError(f"--fonts {','.join(fonts)} cannot print the native name {native_name!r}: no family has "
                         f"{missing!r} (U+{ord(missing):04X}); {hint}; nothing was written")
    return fonts
