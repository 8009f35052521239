"""Digit sets for the numbers careprint itself prints (page numbers, dates, versions, step markers, phones).

A locale's ``digits:`` setting (and a clinic's per-language override) names
a numbering system by its CLDR id (Unicode CLDR, common/supplemental/
numberingSystems.xml). Each system listed here is a run of ten consecutive
code points from its zero, so converting is one table lookup. Numbers inside
content are never converted: they print as the translator wrote them.
"""

from __future__ import annotations

DEFAULT = "latn"

# CLDR id -> the code point of its zero; the CSS counter style careprint/web/site.css numbers lists with.
SYSTEMS: dict[str, tuple[int, str]] = {
    "latn": (0x0030, "decimal"),
    "arab": (0x0660, "arabic-indic"),      # Arabic-Indic ٠-٩
    "arabext": (0x06F0, "persian"),        # Extended Arabic-Indic (Persian, Urdu) ۰-۹
    "deva": (0x0966, "devanagari"),        # ०-९
    "beng": (0x09E6, "bengali"),
    "guru": (0x0A66, "gurmukhi"),
    "gujr": (0x0AE6, "gujarati"),
    "orya": (0x0B66, "oriya"),
    "tamldec": (0x0BE6, "tamil"),
    "telu": (0x0C66, "telugu"),
    "knda": (0x0CE6, "kannada"),
    "mlym": (0x0D66, "malayalam"),
    "thai": (0x0E50, "thai"),
    "laoo": (0x0ED0, "lao"),
    "tibt": (0x0F20, "tibetan"),
    "mymr": (0x1040, "myanmar"),
    "khmr": (0x17E0, "khmer"),
}

_TABLES = {name: str.maketrans("0123456789", "".join(chr(zero + i) for i in range(10)))
           for name, (zero, _) in SYSTEMS.items()}


def to_digits(text: str, system: str = DEFAULT) -> str:
    """Return text with its ASCII digits 0-9 written in the numbering system ``system`` (other characters kept)."""
    return text.translate(_TABLES[system]) if system != DEFAULT else text


def problem(value: object) -> str | None:
    """Return why ``value`` is not a known numbering system id, or None if it is."""
    if isinstance(value, str) and value in SYSTEMS:
        return None
    return f"expected a numbering system ({', '.join(SYSTEMS)}), found {value!r}"
