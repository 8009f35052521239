"""Resolve one language's strings against English into printable Text, and build the model's blocks."""

from __future__ import annotations

import difflib
import unicodedata
from typing import TYPE_CHECKING

from careprint.content import schema
from careprint.content.model import Block, Clinic, Locale, QrCode, Text
from careprint.content.structure import CONTENT_VALUES, LIST_KINDS, SOURCE_LANG, block_entry, condition_holds, used_keys
from careprint.content.yamlio import LDict, LList
from careprint.errors import Collector, ContentError, Where
from careprint.text import markup
from careprint.text.digits import DEFAULT as LATIN_DIGITS
from careprint.text.digits import to_digits

if TYPE_CHECKING:  # the project passes itself in; importing it here would run in a circle
    from careprint.content.project import Project


class Resolver:
    """Check one language's strings against English and turn them into Text."""

    def __init__(self, project: Project, handout_id: str, lang: str, clinic: Clinic, rtl: bool = False,
                 digits: str = LATIN_DIGITS):
        self.project, self.handout_id, self.lang, self.rtl = project, handout_id, lang, rtl
        self.clinic = clinic
        self.values = {"number": to_digits(clinic.emergency_number, digits)}  # in the locale's digit set
        if clinic.crisis_line is not None:
            self.values["crisis"] = to_digits(clinic.crisis_line, digits)
        self.c = Collector()

    def resolve_all(self, structure: LDict) -> dict[str, Text | tuple[Text, ...]]:
        """Resolve every key the structure uses; raise all problems at once."""
        source = self.project.strings(self.handout_id, SOURCE_LANG)
        data = self.project.strings(self.handout_id, self.lang)
        strings, english = data["strings"], source["strings"]
        where = Where(self.project.root / "handouts" / self.handout_id / f"{self.lang}.yaml", None, None, self.lang)
        used = used_keys(structure)
        printed = used_keys(structure, self.clinic)
        out: dict[str, Text | tuple[Text, ...]] = {}
        for key in strings:
            if key not in used:
                hint = "not used by handout.yaml" if self.lang == SOURCE_LANG else f"not in {SOURCE_LANG}"
                near = difflib.get_close_matches(key, [k for k in used if k not in strings], n=1)
                guess = f"; did you mean {near[0]}?" if near else ""
                self.c.add(f"unknown key ({hint}){guess}", where.at(key, strings.line_of(key)))
        for key, kind in used.items():
            if key not in strings and (self.lang == SOURCE_LANG or key not in english):
                if key != "subtitle" or key in english:
                    self.c.add("missing required key", where.at(key, strings.line or 1))
                continue
            # A missing or untranslated key prints the English text (check and build warn about it).
            raw = _with_fallback(strings.get(key), english.get(key)) if self.lang != SOURCE_LANG else strings[key]
            kw = where.at(key, strings.line_of(key))
            if key not in printed:  # its block does not print for this clinic's country: checked, not filled
                self._check_only(key, kind, raw, english, kw)
                continue
            value = self._value(key, kind, {key: raw}, english, kw)
            if value is not None:
                out[key] = value
        self.c.raise_if_any()
        return out

    def _check_only(self, key, kind, raw, english, where) -> None:
        """Check a key whose block does not print here, with stand-in values for every placeholder."""
        values, self.values = self.values, dict.fromkeys(CONTENT_VALUES, "0")
        try:
            self._value(key, kind, {key: raw}, english, where)
        finally:
            self.values = values

    def _value(self, key, kind, strings: dict, english, where) -> Text | tuple[Text, ...] | None:
        """Resolve one key to Text (or a tuple for a list), recording problems."""
        raw, ref = strings[key], english.get(key)
        want_list = kind in LIST_KINDS or (kind == "warning" and isinstance(ref, list))
        if kind == "warning" and ref is None:
            want_list = isinstance(raw, list)
        if want_list != isinstance(raw, list) or not (isinstance(raw, str) or isinstance(raw, list)):
            self.c.add(f"expected {'a list of texts' if want_list else 'text'}, found {schema.found_name(raw)}", where)
            return None
        if not want_list:
            return self._text(raw, ref if isinstance(ref, str) else None, where)
        if not raw:
            self.c.add("expected a list of one or more texts, found an empty list", where)
            return None
        if isinstance(ref, list) and len(ref) != len(raw) and self.lang != SOURCE_LANG:
            self.c.add(f"expected {len(ref)} items like {SOURCE_LANG}, found {len(raw)}", where)
            return None
        items = []
        for i, item in enumerate(raw):
            item_ref = ref[i] if isinstance(ref, list) and i < len(ref) else None
            iw = where.at(f"{where.key}[{i}]", raw.lines[i])
            if not isinstance(item, str):
                self.c.add(f"expected text, found {schema.found_name(item)}", iw)
                continue
            items.append(self._text(item, item_ref, iw))
        return tuple(t for t in items if t is not None)

    def _text(self, raw: str, ref: str | None, where: Where) -> Text | None:
        """Parse one string, compare it with English, fill placeholders."""
        if "crisis" in markup.placeholders(raw) and "crisis" not in self.values:
            self.c.add(f"uses {{crisis}}, but clinic/countries.yaml knows no crisis line for {self.clinic.country_name}; "
                       "put this text in a block marked 'when: crisis_line'", where)
            return None
        try:
            markup.check_braces(raw, where)
            spans = markup.parse(raw, where, isolate=self.rtl)
            if _blank(markup.plain(spans)):
                self.c.add("text is empty (only spaces or markup); write the text, or remove the key", where)
                return None
            if ref is not None and self.lang != SOURCE_LANG and self._compare(raw, ref, where):
                return None
            return Text(markup.fill(spans, self.values, where, isolate=self.rtl), where)
        except ContentError as exc:
            self.c.extend([exc])
            return None

    def _compare(self, raw: str, ref: str, where: Where) -> bool:
        """Record placeholder and markup differences from the English text; return True if any."""
        before = len(self.c.errors)
        mine, theirs = markup.placeholders(raw), markup.placeholders(ref)
        for name in sorted(theirs - mine):
            self.c.add(f"placeholder {{{name}}} missing (present in {SOURCE_LANG})", where)
        for name in sorted(mine - theirs):
            self.c.add(f"placeholder {{{name}}} is not in {SOURCE_LANG} (misspelt?)", where)
        if markup.tags_differ(raw, ref):  # <keep> may be added (text/markup.py)
            self.c.add(f"markup tags differ from {SOURCE_LANG}: {_tag_list(ref)} expected, found {_tag_list(raw)}", where)
        return len(self.c.errors) > before

def _with_fallback(mine: object, english: object) -> object:
    """Return a translation with its untranslated parts (null, or null list items) taken from English."""
    if mine is None:
        return english
    if isinstance(mine, LList) and isinstance(english, list) and len(mine) == len(english):
        merged = LList(english[i] if item is None else item for i, item in enumerate(mine))
        merged.line, merged.lines = mine.line, mine.lines
        return merged
    return mine

def _blank(text: str) -> bool:
    """True if text prints nothing: only spaces (no-break and other Unicode spaces too) and invisible marks."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)

def _tag_list(text: str) -> str:
    tags = sorted(markup.tags(text).elements())
    return " ".join(f"<{t}>" for t in tags) or "none"

def handout_codes(urls: dict[str, str], locale: Locale) -> tuple[QrCode, ...]:
    """Return a handout's two codes, captioned with the locale's labels."""
    return (QrCode("info", urls["info"], locale.labels["qr_info"]()),
            QrCode("emergency", urls["emergency"], locale.labels["qr_emergency"]()))

def model_blocks(blocks: LList, texts: dict, clinic: Clinic, codes: tuple[QrCode, ...]) -> tuple[Block, ...]:
    """Build the model Blocks that print for this clinic (a block's ``when`` condition holds)."""
    out = []
    for block in blocks:
        kind, value, when = block_entry(block)
        if when is None or condition_holds(clinic, when):
            out.append(_block(kind, value, texts, clinic, codes))
    return tuple(out)

def _block(kind: str, value, texts: dict, clinic: Clinic, codes: tuple[QrCode, ...]) -> Block:
    """Build one model Block from its structure entry and resolved texts."""
    if kind == "columns":
        columns = tuple(model_blocks(column, texts, clinic, codes) for column in value)
        return Block("columns", columns=columns)
    if kind == "qr":
        return Block("qr", codes=codes)  # the same codes as Document.codes, placed where the author put them
    if kind == "emergency":
        return Block("emergency", texts=texts[value["steps"]], title=texts[value["title"]])
    if kind == "pictures":
        captions = tuple(texts[item["caption"]] for item in value)
        return Block("pictures", texts=captions, names=tuple(item["name"] for item in value))
    if kind == "warning":
        body = texts[value["body"]]
        is_list = isinstance(body, tuple)
        return Block("warning", texts=body if is_list else (body,), title=texts[value["title"]], body_is_list=is_list)
    text = texts[value]
    return Block(kind, texts=text if isinstance(text, tuple) else (text,))
