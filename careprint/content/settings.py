"""Locale files (``locales/<lang>.yaml``) and clinic settings (``clinic/*.yaml``).

A locale holds a language's settings and the labels layouts print. The clinic
settings hold what depends on where the paper is printed, not on its
language: the country (emergency number, default paper), the base URL QR
codes point to, the default card stock and printer calibration.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

from careprint.content import clinic_values, schema, yamlio
from careprint.content.model import LABELS, Clinic, Label, Locale
from careprint.content.reviews import REVIEWED_LABELS, REVIEWERS_ALLOWED
from careprint.content.yamlio import LDict, LList
from careprint.errors import Collector, ContentError, Where
from careprint.text import digits, markup
from careprint.text.registry import HOWTO, registry

# Documented placeholder: https://careprint.example/ is under the reserved
# .example domain (RFC 2606), so a code printed with it can never reach a
# stranger's site. A build using it warns; --strict refuses it.
PLACEHOLDER_BASE_URL = "https://careprint.example/patient-info"

STATUSES = ("source", "draft", "reviewed")
_OPT_STR = (str, type(None))
_OPT_DATE = (dt.date, type(None))


def load_locale(path: Path, english: Locale | None = None) -> Locale:
    """Load and validate one locale file; raise every problem at once."""
    code = path.stem
    data = yamlio.load(path, code)
    where = Where(path, 1, None, code)
    c = Collector()
    required = {
        "tag": str, "name": str, "native_name": str, "direction": str, "script": str,
        "fonts": LList, "date_format": (str, type(None)), "months": (LList, type(None)), "status": str, "labels": LDict,
    }
    optional = {"reviewer": _OPT_STR, "reviewed_on": _OPT_DATE, "made_from": LDict, "reviewed_text": _OPT_STR,
                "second_reviewer": _OPT_STR, "second_reviewed_on": _OPT_DATE, REVIEWED_LABELS: LDict,
               "digits": str, "glossary": LDict}  # glossary: approved terms, checked by translate/glossary.py
    if not schema.fields(c, data, where, required, optional):
        c.raise_if_any()
    c.raise_if_any()
    _check_locale_values(c, data, where, code)
    rtl = data.get("direction") == "rtl"
    labels = _labels(c, data["labels"], where.at("labels", data.line_of("labels")), rtl)
    c.raise_if_any()
    if english is not None:  # untranslated (null) or missing labels print in English; check warns
        labels = {**english.labels, **labels}
    months = data["months"] if data["months"] is not None or english is None else english.months
    date_format = data["date_format"] if data["date_format"] is not None or english is None else english.date_format
    return Locale(
        code=code, tag=data["tag"], name=data["name"], native_name=data["native_name"],
        direction=data["direction"], script=data["script"], fonts=tuple(data["fonts"]),
        date_format=date_format, months=tuple(months), labels=labels,
        draft_notice_en=english.labels["draft_notice"] if english and code != "en" else None,
    ).with_digits(data.get("digits"))


def _check_locale_values(c: Collector, data: LDict, where: Where, code: str) -> None:
    """Check the values of a locale's settings."""
    if data["tag"] != code:
        c.add(f"tag {data['tag']!r} must equal the file name {code!r}", where.at("tag", data.line_of("tag")))
    if not schema.LANG_RE.match(data["tag"]):
        c.add("expected a BCP 47 tag such as es, pt-BR or zh-Hans", where.at("tag", data.line_of("tag")))
    if data["direction"] not in ("ltr", "rtl"):
        c.add("expected ltr or rtl", where.at("direction", data.line_of("direction")))
    if data["status"] not in STATUSES:
        c.add(f"expected one of {', '.join(STATUSES)}", where.at("status", data.line_of("status")))
    if "digits" in data and (problem := digits.problem(data["digits"])):
        c.add(problem, where.at("digits", data.line_of("digits")))
    if not data["fonts"] or not all(isinstance(f, str) for f in data["fonts"]):
        c.add("expected a list of one or more font family names", where.at("fonts", data.line_of("fonts")))
    else:
        _check_font_names(c, data["fonts"], where)
    months = data["months"]
    if months is None and code == "en":
        c.add("expected 12 month names", where.at("months", data.line_of("months")))
    elif months is not None and (len(months) != 12 or not all(isinstance(m, str) for m in months)):
        c.add(f"expected 12 month names, found {len(months)}", where.at("months", data.line_of("months")))
    if data["date_format"] is None:
        if code == "en":
            c.add("expected a date format", where.at("date_format", data.line_of("date_format")))
        return
    schema.date_format(c, data["date_format"], where.at("date_format", data.line_of("date_format")))


def _check_font_names(c: Collector, names: LList, where: Where) -> None:
    """Refuse a family the font registry does not name, at the line of the locale's ``fonts:`` entry."""
    known = registry().families
    for name, line in zip(names, names.lines, strict=True):
        if name not in known:
            c.add(f"unknown font family {name!r}; known (careprint/text/fonts.yaml): {', '.join(known)}; "
                  f"to add one: {HOWTO}", where.at("fonts", line))


def _labels(c: Collector, data: LDict, where: Where, rtl: bool) -> dict[str, Label]:
    """Validate the labels against the fixed set and return them parsed (isolating numbers if rtl)."""
    labels: dict[str, Label] = {}
    for name in data:
        kw = where.at(f"labels.{name}", data.line_of(name))
        if name not in LABELS:
            c.add(f"unknown label; expected one of: {', '.join(LABELS)}", kw)
            continue
        text = data[name]
        if text is None and where.lang != "en":
            continue  # not translated yet: the English label prints (see load_locale)
        if not isinstance(text, str):
            c.add(f"expected text, found {schema.found_name(text)}", kw)
            continue
        used, wanted = markup.placeholders(text), LABELS[name]
        for missing in sorted(wanted - used):
            c.add(f"placeholder {{{missing}}} missing (the layout fills it in)", kw)
        for extra in sorted(used - wanted):
            c.add(f"unknown placeholder {{{extra}}}; this label can use: {_names(wanted)}", kw)
        try:
            markup.check_braces(text, kw)
            labels[name] = Label(markup.parse(text, kw, isolate=rtl), kw, isolate=rtl)
        except ContentError as exc:
            c.extend([exc])
    for name in LABELS:
        if name not in data and where.lang == "en":
            c.add("missing label", where.at(f"labels.{name}", data.line))
    return labels


def _names(names: frozenset[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "no placeholders"


def load_clinic(path: Path, countries_path: Path, papers: tuple[str, ...] | None = None,
                stocks: tuple[str, ...] | None = None) -> Clinic:
    """Load clinic settings; the country gives the emergency number and paper.

    ``papers`` and ``stocks`` are the names the content root defines; a paper
    or stock the settings name must be one of them (None: not checked).
    """
    data = yamlio.load(path)
    where = Where(path, 1)
    c = Collector()
    required = {"country": str, "base_url": str}
    optional = {
        "name": str, "phone": str, "paper": str, "emergency_number": str, "crisis_line": str,
        "default_stock": str, "calibration": LDict, "review": LDict, "digits": LDict,
    }
    schema.fields(c, data, where, required, optional)
    c.raise_if_any()
    countries = _countries(countries_path, papers)
    code = data["country"]
    if code not in countries:
        raise ContentError(
            f"unknown country {code!r}; known: {', '.join(sorted(countries))} (add it to {countries_path.name})",
            where.at("country", data.line_of("country")),
        )
    _check_clinic_values(c, data, where, papers, stocks)
    _check_calibration(c, data, where)
    required = _reviewers_required(c, data, where)
    _check_digits(c, data, where)
    c.raise_if_any()
    country = countries[code]
    url = data["base_url"].rstrip("/")
    return Clinic(
        name=data.get("name", ""), phone=data.get("phone", ""), country=code,
        country_name=country["name"], emergency_number=data.get("emergency_number", country["emergency"]),
        paper=data.get("paper", country["paper"]), base_url=url,
        crisis_line=data.get("crisis_line", _known(country.get("crisis", UNKNOWN))),
        naloxone_otc=_known(country.get("naloxone_otc", UNKNOWN)),
        good_samaritan=_known(country.get("good_samaritan", UNKNOWN)),
        base_url_is_placeholder=url == PLACEHOLDER_BASE_URL or urlparse(url).hostname.endswith(".example"),
        default_stock=data.get("default_stock", "avery-5371"),
        calibration=dict(data.get("calibration", {})),
        base_url_where=where.at("base_url", data.line_of("base_url")),
        reviewers_required=required,
        digits=dict(data.get("digits", {})),
    )


def _reviewers_required(c: Collector, data: LDict, where: Where) -> int:
    """Return review.reviewers_required (default 1): how many different people must review a translation."""
    if "review" not in data:
        return 1
    rw = where.at("review", data.line_of("review"))
    if not schema.fields(c, data["review"], rw, {}, {"reviewers_required": int}):
        return 1
    value = data["review"].get("reviewers_required", 1)
    if not isinstance(value, int) or isinstance(value, bool):
        return 1  # the wrong type is reported by schema.fields
    if value not in REVIEWERS_ALLOWED:
        c.add(f"expected 1 or 2 (different people who must review a translation), found {value!r}",
              rw.at("review.reviewers_required", data["review"].line_of("reviewers_required")))
        return 1
    return value


UNKNOWN = "unknown"  # a country fact nobody has checked against an official source: treated as no


def _known(value: object) -> object:
    """Return a country fact, or None where it is 'unknown'."""
    return None if value == UNKNOWN else value


def _check_calibration(c: Collector, data: LDict, where: Where) -> None:
    """Check each printer's front and back offsets: numbers within the named range."""
    for printer, entry in data.get("calibration", {}).items():
        pw = where.at(f"calibration.{printer}", data["calibration"].line_of(printer))
        if not schema.fields(c, entry, pw, {"front": LDict, "back": LDict}):
            continue
        for side in ("front", "back"):
            if side not in entry:
                continue
            sw = pw.at(f"{pw.key}.{side}", entry.line_of(side))
            if not schema.fields(c, entry[side], sw, {"x_mm": float, "y_mm": float}):
                continue
            for axis, value in entry[side].items():
                if _is_number(value) and (problem := clinic_values.calibration_mm(value)):
                    c.add(problem, sw.at(f"{sw.key}.{axis}", entry[side].line_of(axis)))


def _check_digits(c: Collector, data: LDict, where: Where) -> None:
    """Check the per-language digit sets (``digits: {ar: arab}``): a language tag, a numbering system id."""
    for lang, system in data.get("digits", {}).items():
        dw = where.at(f"digits.{lang}", data["digits"].line_of(lang))
        if not isinstance(lang, str) or not schema.LANG_RE.match(lang):
            c.add(f"expected a language tag such as ar or fa, found {lang!r}", dw)
        elif problem := digits.problem(system):
            c.add(problem, dw)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_clinic_values(c: Collector, data: LDict, where: Where, papers: tuple[str, ...] | None,
                         stocks: tuple[str, ...] | None) -> None:
    """Check the values of the clinic's own settings (each names what it accepts)."""
    checks = [("base_url", clinic_values.base_url)]
    if "emergency_number" in data:
        checks.append(("emergency_number", clinic_values.emergency_number))
    if "crisis_line" in data:  # the same rule: digits, single spaces or hyphens
        checks.append(("crisis_line", lambda v: (p := clinic_values.emergency_number(v)) and p.replace(
            "an emergency number", "a crisis line")))
    if papers is not None and "paper" in data:
        checks.append(("paper", lambda v: clinic_values.one_of("paper", v, papers)))
    if stocks is not None and "default_stock" in data:
        checks.append(("default_stock", lambda v: clinic_values.one_of("stock", v, stocks)))
    for key, rule in checks:
        if problem := rule(data[key]):
            c.add(problem, where.at(key, data.line_of(key)))


def _countries(path: Path, papers: tuple[str, ...] | None = None) -> dict[str, LDict]:
    """Load the country table: name, emergency number, paper (one of ``papers`` if given), and overdose-safety facts."""
    data = yamlio.load(path)
    c = Collector()
    if not isinstance(data, LDict):
        raise ContentError("expected a mapping of country codes", Where(path, 1))
    for code, entry in data.items():
        cw = Where(path, data.line_of(code), code)
        optional = {"crisis": str, "naloxone_otc": (bool, str), "good_samaritan": (bool, str)}
        if not schema.fields(c, entry, cw, {"name": str, "emergency": str, "paper": str}, optional):
            continue
        for key in ("naloxone_otc", "good_samaritan"):
            if isinstance(entry.get(key), str) and entry[key] != UNKNOWN:
                c.add(f"expected yes, no or {UNKNOWN}", cw.at(f"{code}.{key}", entry.line_of(key)))
        if isinstance(entry.get("crisis"), str) and entry["crisis"] != UNKNOWN and (
                problem := clinic_values.emergency_number(entry["crisis"])):
            c.add(problem.replace("emergency number", "crisis line"), cw.at(f"{code}.crisis", entry.line_of("crisis")))
        if isinstance(entry.get("emergency"), str) and (problem := clinic_values.emergency_number(entry["emergency"])):
            c.add(problem, cw.at(f"{code}.emergency", entry.line_of("emergency")))
        if papers is not None and isinstance(entry.get("paper"), str) and (
                problem := clinic_values.one_of("paper", entry["paper"], papers)):
            c.add(problem, cw.at(f"{code}.paper", entry.line_of("paper")))
    c.raise_if_any()
    return dict(data)
