"""Field checks shared by every content, locale, layout and settings file.

Each check records problems in a Collector rather than raising at the first,
so one run of ``check`` lists everything wrong in a file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import string

from careprint.content.yamlio import LDict, LList
from careprint.errors import Collector, Where

KEY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# BCP 47: language, optional script, optional region (the subset careprint needs).
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dt.date: "a date (YYYY-MM-DD)",
    LDict: "a mapping (key: value lines)",
    LList: "a list (lines starting with '- ')",
    type(None): "empty (null)",
}


def type_name(kind: type | tuple[type, ...]) -> str:
    """Describe a type (or types) in words a translator understands."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


def found_name(value: object) -> str:
    """Describe what was found instead."""
    if isinstance(value, str):
        return f"text {value[:30]!r}"
    return type_name(type(value))


def fields(
    c: Collector,
    data: object,
    where: Where,
    required: dict[str, type | tuple[type, ...]],
    optional: dict[str, type | tuple[type, ...]] | None = None,
) -> bool:
    """Check a mapping's keys and value types; return False if it is not a mapping."""
    optional = optional or {}
    if not isinstance(data, LDict):
        c.add(f"expected a mapping, found {found_name(data)}", where)
        return False
    allowed = {**required, **optional}
    for key in data:
        kw = where.at(key=_join(where.key, key), line=data.line_of(key))
        if key not in allowed:
            c.add(f"unknown key; expected one of: {', '.join(allowed)}", kw)
        elif not _is(data[key], allowed[key]):
            c.add(f"expected {type_name(allowed[key])}, found {found_name(data[key])}", kw)
    for key in required:
        if key not in data:
            c.add("missing required key", where.at(key=_join(where.key, key), line=data.line or 1))
    return True


def _is(value: object, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return True
    if isinstance(value, dt.datetime):
        return dt.datetime in kinds
    return isinstance(value, kinds)


def _join(prefix: str | None, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def in_range(c: Collector, data: LDict, key: str, where: Where, low: float, high: float, what: str) -> bool:
    """Check that ``data[key]`` is a finite number from low to high; ``what`` names it ("a size", "pt").

    Every number read from YAML passes here: a NaN or an infinity would draw
    nothing or loop forever, and an absurd size would exhaust memory.
    """
    value = data.get(key)
    kw = where.at(key=_join(where.key, key), line=data.line_of(key))
    if not _is(value, float):
        c.add(f"expected {what} from {low:g} to {high:g}, found {found_name(value)}", kw)
        return False
    if not (math.isfinite(value) and low <= value <= high):
        c.add(f"expected {what} from {low:g} to {high:g}, found {value:g}", kw)
        return False
    return True


def ranges(c: Collector, data: object, where: Where, limits: dict[str, tuple[float, float, str]]) -> bool:
    """Range-check several keys of a mapping (see in_range); return True if all are in range."""
    if not isinstance(data, LDict):
        return False
    return all([in_range(c, data, key, where, *limits[key]) for key in limits if key in data])


# The fields a date_format may name (careprint.content.model.Locale.format_date fills them).
DATE_FIELDS = ("day", "dd", "month", "mm", "year")


def date_format(c: Collector, pattern: str, where: Where) -> None:
    """Check a date pattern: only {day} {dd} {month} {mm} {year}, no attributes, indexes or format specs."""
    allowed = " ".join("{" + name + "}" for name in DATE_FIELDS)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        c.add(f"date_format may use {allowed} only ({exc}; write {{{{ and }}}} for a brace)", where)
        return
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in DATE_FIELDS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            c.add(f"date_format may use {allowed} only, found {shown[:40]}", where)
            return  # one message is enough: the fix is the same


def number(value: object) -> float:
    """Return a YAML number as float (ints are accepted where floats are)."""
    return float(value)  # type: ignore[arg-type]
