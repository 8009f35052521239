"""Load, validate and resolve content: the only module that opens content files.

Layout of the content root (see README):

- ``handouts/<id>/handout.yaml``: language-free structure (blocks, QR targets, sources)
- ``handouts/<id>/<lang>.yaml``: that document's strings in one language; ``en`` is the source
- ``locales/<lang>.yaml``: language settings and layout labels
- ``clinic/default.yaml``, ``clinic/countries.yaml``: built-in clinic settings
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from functools import cached_property
from pathlib import Path

from careprint import clinical, schema, settings, translation, yamlio
from careprint.errors import CareprintError, Collector, ContentError, UsageError, Where
from careprint.layouts import load_handout_layout
from careprint.model import PICTOGRAMS, Block, Clinic, Document, Locale, QrCode, Source, Text
from careprint.text import markup
from careprint.yamlio import LDict, LList

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
SOURCE_LANG = "en"
BLOCK_KINDS = ("heading", "paragraph", "bullets", "steps", "warning", "emergency", "pictures", "qr", "columns")
LIST_KINDS = ("bullets", "steps")
# The strings a card prints: its layout is fixed (careprint/render/card.py).
CARD_KEYS = (
    "front.title", "front.form_pill", "front.form_injection", "front.name", "front.last_dose", "front.next_due",
    "front.phone", "front.contact", "front.cue", "back.title", "back.pain", "back.opioids", "back.risk",
    "back.qr_clinician",
)
# Placeholders content text may use, filled from the clinic settings: the emergency number, and the
# country's crisis line (only in blocks marked ``when: crisis_line``, since some countries have none known).
CONTENT_VALUES = ("number", "crisis")
# Conditions a block may carry (``when:``): it prints only where the clinic's country says yes.
CONDITIONS = ("good_samaritan", "naloxone_otc", "crisis_line")


def condition_holds(clinic: Clinic, name: str) -> bool:
    """True when a block marked ``when: name`` prints for this clinic (unknown counts as no)."""
    return {"good_samaritan": clinic.good_samaritan is True, "naloxone_otc": clinic.naloxone_otc is True,
            "crisis_line": clinic.crisis_line is not None}[name]
# The QR codes each kind of document carries (handout.yaml ``qr:``), by role.
QR_ROLES = {"handout": ("info", "emergency"), "card": ("clinician",)}
# A handout's short, stable web path (handout.yaml ``path:``): the companion site serves exactly these.
PATH_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def qr_url(clinic: Clinic, lang: str, path: str) -> str:
    """Return the URL a code opens: ``{base_url}/{lang}/{path}/``, path from the target's handout.yaml."""
    return f"{clinic.base_url}/{lang}/{path}/"


class Project:
    """A content root: discovers handouts and locales and resolves documents."""

    def __init__(self, root: Path | None = None):
        self.root = (root or DEFAULT_ROOT).resolve()
        self._memo: dict[tuple, object] = {}

    def _cached(self, key: tuple, load):
        """Return a loaded file from this project's memo, loading it once."""
        if key not in self._memo:
            self._memo[key] = load()
        return self._memo[key]

    @cached_property
    def handout_ids(self) -> tuple[str, ...]:
        return tuple(sorted(p.parent.name for p in (self.root / "handouts").glob("*/handout.yaml")))

    @cached_property
    def locale_codes(self) -> tuple[str, ...]:
        return tuple(sorted(p.stem for p in (self.root / "locales").glob("*.yaml")))

    def languages(self, handout_id: str) -> tuple[str, ...]:
        """Return the languages a handout has text for (that are also locales)."""
        folder = self.root / "handouts" / handout_id
        return tuple(code for code in self.locale_codes if (folder / f"{code}.yaml").exists())

    def require_content(self) -> None:
        """Raise ContentError when the root holds no handouts or no locales (a wrong --root)."""
        for folder, found in (("handouts", self.handout_ids), ("locales", self.locale_codes)):
            if not found:
                expected = "handouts/<id>/handout.yaml" if folder == "handouts" else "locales/<lang>.yaml"
                raise ContentError(f"no content here: expected {expected} files (is --root right?)",
                                   Where(self.root / folder))

    def require(self, handout_id: str | None = None, lang: str | None = None) -> None:
        """Raise UsageError for an unknown handout or language."""
        if handout_id is not None and handout_id not in self.handout_ids:
            raise UsageError(f"unknown handout {handout_id!r}; known: {', '.join(self.handout_ids)}")
        if lang is not None and lang not in self.locale_codes:
            raise UsageError(f"unknown language {lang!r}; known: {', '.join(self.locale_codes)}")

    def locale(self, code: str) -> Locale:
        """Load a locale (English first, as the reference for the draft notice)."""
        self.require(lang=code)
        english = self.locale(SOURCE_LANG) if code != SOURCE_LANG else None
        path = self.root / "locales" / f"{code}.yaml"
        yamlio.inside(path, self.root, Where(path, None, None, code))
        return self._cached(("locale", code), lambda: settings.load_locale(path, english))

    def clinic(self, path: Path | None = None) -> Clinic:
        """Load clinic settings (the built-in default when no path is given)."""
        return settings.load_clinic(path or self.root / "clinic" / "default.yaml", self.root / "clinic" / "countries.yaml",
                                    papers=self._paper_names(), stocks=self._stock_names())

    def _paper_names(self) -> tuple[str, ...] | None:
        """Return the papers the handout layout defines (None if it does not load: that is reported on its own)."""
        try:
            return tuple(load_handout_layout(self.root / "layouts" / "handout.yaml").papers)
        except CareprintError:
            return None

    def _stock_names(self) -> tuple[str, ...]:
        return tuple(sorted(p.stem for p in (self.root / "layouts" / "stock").glob("*.yaml")))

    def structure(self, handout_id: str) -> LDict:
        """Load and validate a handout's language-free structure."""
        self.require(handout_id=handout_id)
        return self._cached(("structure", handout_id), lambda: self._load_structure(handout_id))

    def _load_structure(self, handout_id: str) -> LDict:
        path = self.root / "handouts" / handout_id / "handout.yaml"
        data = yamlio.load(path, root=self.root)
        c = Collector()
        where = Where(path, 1)
        required = {"id": str, "kind": str, "path": str, "version": str, "updated": dt.date, "qr": LDict,
                    "sources": LList}
        optional = {"max_pages": int, "blocks": LList, clinical.RECORD: LDict}
        if schema.fields(c, data, where, required, optional):
            c.raise_if_any()
            _check_structure(c, data, where, handout_id, self.handout_ids)
        c.raise_if_any()
        return data

    def paths(self) -> dict[str, str]:
        """Return {handout id: its web path}; raise if two handouts declare the same path."""
        return self._cached(("paths",), self._load_paths)

    def _load_paths(self) -> dict[str, str]:
        paths: dict[str, str] = {}
        for handout_id in self.handout_ids:
            data = self.structure(handout_id)
            other = next((k for k, v in paths.items() if v == data["path"]), None)
            if other is not None:
                where = Where(self.root / "handouts" / handout_id / "handout.yaml", data.line_of("path"), "path")
                raise ContentError(f"path {data['path']!r} is already the path of {other}; each handout needs its own",
                                   where)
            paths[handout_id] = data["path"]
        return paths

    def strings(self, handout_id: str, lang: str) -> LDict:
        """Load one language file of a handout and check its header."""
        return self._cached(("strings", handout_id, lang), lambda: self._load_strings(handout_id, lang))

    def _load_strings(self, handout_id: str, lang: str) -> LDict:
        path = self.root / "handouts" / handout_id / f"{lang}.yaml"
        if not path.exists():
            raise ContentError(f"no {lang} text for this handout (expected {path.name})", Where(path, None, None, lang))
        data = yamlio.load(path, lang, root=self.root)
        c = Collector()
        where = Where(path, 1, None, lang)
        opt = (str, type(None))
        required = {"language": str, "status": str, "strings": LDict}
        optional = {"reviewer": opt, "reviewed_on": (dt.date, type(None)), translation.MADE_FROM: LDict,
                    translation.REVIEWED_TEXT: opt}
        if schema.fields(c, data, where, required, optional):
            c.raise_if_any()
            if data["language"] != lang:
                c.add(f"expected {lang!r} (the file name)", where.at("language", data.line_of("language")))
            allowed = ("source",) if lang == SOURCE_LANG else ("draft", "reviewed")
            if data["status"] not in allowed:
                c.add(f"expected {' or '.join(allowed)}", where.at("status", data.line_of("status")))
        c.raise_if_any()
        return data

    def locale_data(self, code: str) -> LDict:
        """Return a locale file as written (for its translation state)."""
        self.locale(code)  # validated first
        return self._cached(("locale_data", code),
                            lambda: yamlio.load(self.root / "locales" / f"{code}.yaml", code, root=self.root))

    def state(self, handout_id: str, lang: str) -> translation.FileState:
        """Return what a handout's translation file lacks or has stale, compared with English."""
        folder = self.root / "handouts" / handout_id
        english = self.strings(handout_id, SOURCE_LANG)["strings"]
        return translation.file_state(folder / f"{lang}.yaml", lang, self.strings(handout_id, lang), "strings",
                                      english, folder / f"{SOURCE_LANG}.yaml")

    def locale_state(self, lang: str) -> translation.FileState:
        """Return what a locale file's labels lack or have stale, compared with English."""
        folder = self.root / "locales"
        english = self.locale_data(SOURCE_LANG)["labels"]
        return translation.file_state(folder / f"{lang}.yaml", lang, self.locale_data(lang), "labels", english,
                                      folder / f"{SOURCE_LANG}.yaml")

    def status(self, handout_id: str, lang: str) -> str:
        """Return the status a document prints with: source, reviewed, needs-review or draft."""
        return translation.combined([self.state(handout_id, lang), self.locale_state(lang)])

    def clinical_review(self, handout_id: str):
        """Return the clinical review that approves today's content (None if there is none), and a warning if one is stale."""
        structure, english = self.structure(handout_id), self.strings(handout_id, SOURCE_LANG)["strings"]
        where = Where(self.root / "handouts" / handout_id / "handout.yaml", structure.line_of(clinical.RECORD) or None,
                      clinical.RECORD)
        return clinical.current(structure, english), clinical.stale_warning(structure, english, where)

    def resolve(self, handout_id: str, lang: str, clinic: Clinic) -> Document:
        """Resolve one handout in one language for one clinic, or raise every problem."""
        self.require(handout_id, lang)
        structure = self.structure(handout_id)
        locale = self.locale(lang)
        texts = _Resolver(self, handout_id, lang, clinic, locale.direction == "rtl").resolve_all(structure)
        header = self.strings(handout_id, lang)
        paths = self.paths()
        qr = {role: qr_url(clinic, lang, paths[target]) for role, target in structure["qr"].items()}
        if structure["kind"] == "card":
            codes = (QrCode("clinician", qr["clinician"], texts["back.qr_clinician"]),)
            blocks, title = (), texts["front.title"]
        else:
            codes = _handout_codes(qr, locale)
            blocks = _blocks(structure["blocks"], texts, clinic, codes)
            title = texts["title"]
        english = self.strings(handout_id, SOURCE_LANG)["strings"]
        return Document(
            id=handout_id, kind=structure["kind"], version=structure["version"], updated=structure["updated"],
            clinical_review=clinical.current(structure, english), max_pages=structure.get("max_pages", 2), lang=lang,
            status=self.status(handout_id, lang), reviewer=header.get("reviewer"), title=title,
            subtitle=texts.get("subtitle"), blocks=blocks, codes=codes,
            sources=tuple(Source(s["title"], s["publisher"], s["date"], s["url"]) for s in structure["sources"]),
            locale=locale, clinic=clinic, strings=texts,
        )


def _check_structure(c: Collector, data: LDict, where: Where, handout_id: str, known: tuple[str, ...]) -> None:
    """Check a handout.yaml's values: id, kind, QR targets, sources, blocks."""
    if data["id"] != handout_id:
        c.add(f"expected {handout_id!r} (the folder name)", where.at("id", data.line_of("id")))
    if "max_pages" in data:
        schema.in_range(c, data, "max_pages", where, 1, 20, "a page count")
    if data["kind"] not in ("handout", "card"):
        c.add("expected handout or card", where.at("kind", data.line_of("kind")))
    if not PATH_RE.match(data["path"]):
        c.add(f"expected a short web path of a-z, 0-9 and single hyphens (such as overdose), found {data['path']!r}",
              where.at("path", data.line_of("path")))
    qr = data["qr"]
    roles = QR_ROLES.get(data["kind"], ())
    if schema.fields(c, qr, where.at("qr", data.line_of("qr")), dict.fromkeys(roles, str)):
        for role in roles:
            if role in qr and qr[role] not in known:
                c.add(f"unknown handout {qr[role]!r}; known: {', '.join(known)}", where.at(f"qr.{role}", qr.line_of(role)))
    for i, src in enumerate(data["sources"]):
        sw = where.at(f"sources[{i}]", data["sources"].lines[i])
        if schema.fields(c, src, sw, {"title": str, "publisher": str, "date": str, "url": str}):
            if isinstance(src.get("url"), str) and not src["url"].startswith("https://"):
                c.add("expected the https:// address where the source is published", sw.at(f"{sw.key}.url", src.line_of("url")))
    if clinical.RECORD in data:
        rw = where.at(clinical.RECORD, data.line_of(clinical.RECORD))
        schema.fields(c, data[clinical.RECORD], rw, {"by": str, "date": dt.date, "content": str})
    if data["kind"] == "card":
        for key in ("blocks", "max_pages"):
            if key in data:
                message = "a card has a fixed layout: remove this key (see CONTRIBUTING.md, Card keys)"
                c.add(message, where.at(key, data.line_of(key)))
        return
    if "blocks" not in data:
        c.add("missing required key", where.at("blocks", 1))
        return
    blocks = data["blocks"]
    _check_blocks(c, blocks, where.at("blocks"))
    if sum(1 for kind, _ in _walk(blocks) if kind == "qr") != 1:
        c.add("every handout needs exactly one 'qr: codes' block", where.at("blocks", data.line_of("blocks")))


def _entry(block: object) -> tuple[str, object, object] | None:
    """Return a block entry's (type, value, condition), or None unless it is one 'type: key' pair and an optional when."""
    if not isinstance(block, LDict):
        return None
    pairs = [(kind, value) for kind, value in block.items() if kind != "when"]
    return (*pairs[0], block.get("when")) if len(pairs) == 1 else None


def _check_blocks(c: Collector, blocks: LList, where: Where) -> None:
    """Check each block's type and value (columns hold lists of blocks)."""
    for i, block in enumerate(blocks):
        bw = where.at(f"{where.key}[{i}]", blocks.lines[i])
        entry = _entry(block)
        if entry is None:
            c.add(f"expected one 'type: key' pair, with type one of: {', '.join(BLOCK_KINDS)} "
                  f"(and optionally when: {' or '.join(CONDITIONS)})", bw)
            continue
        kind, value, when = entry
        if when is not None and when not in CONDITIONS:
            c.add(f"unknown condition {when!r}; expected one of: {', '.join(CONDITIONS)}", bw.at(f"{bw.key}.when"))
        if kind not in BLOCK_KINDS:
            c.add(f"unknown block type {kind!r}; expected one of: {', '.join(BLOCK_KINDS)}", bw)
        elif kind == "warning":
            schema.fields(c, value, bw.at("warning"), {"title": str, "body": str})
        elif kind == "emergency":
            schema.fields(c, value, bw.at(f"{bw.key}.emergency"), {"title": str, "steps": str})
        elif kind == "pictures":
            _check_pictures(c, value, bw)
        elif kind == "columns":
            if not (isinstance(value, LList) and len(value) == 2 and all(isinstance(col, LList) for col in value)):
                c.add("expected two lists of blocks (left column, right column)", bw)
                continue
            for j, column in enumerate(value):
                _check_blocks(c, column, bw.at(f"{bw.key}.columns[{j}]"))
        elif kind == "qr" and value != "codes":
            c.add("expected 'qr: codes'", bw)
        elif kind != "qr" and not (isinstance(value, str) and schema.KEY_RE.match(value)):
            c.add("expected a string key such as intro or how.body", bw)


def _check_pictures(c: Collector, value: object, where: Where) -> None:
    """Check a pictures block: a list of {name: a known pictogram, caption: key}."""
    if not isinstance(value, LList) or not value:
        c.add("expected a list of {name: pictogram, caption: key}", where)
        return
    for j, item in enumerate(value):
        iw = where.at(f"{where.key}.pictures[{j}]", value.lines[j])
        if schema.fields(c, item, iw, {"name": str, "caption": str}) and item["name"] not in PICTOGRAMS:
            c.add(f"unknown pictogram {item['name']!r}; known: {', '.join(PICTOGRAMS)}", iw)


def _walk(blocks: LList, clinic: Clinic | None = None):
    """Yield (kind, value) for every block, descending into columns (with a clinic: only blocks that print)."""
    for block in blocks:
        entry = _entry(block)
        if entry is None:
            continue
        kind, value, when = entry
        if clinic is not None and when in CONDITIONS and not condition_holds(clinic, when):
            continue
        if kind == "columns" and isinstance(value, LList):
            for column in value:
                if isinstance(column, LList):
                    yield from _walk(column, clinic)
        else:
            yield kind, value


def used_keys(structure: LDict, clinic: Clinic | None = None) -> dict[str, str]:
    """Return {string key: the block kind that uses it} in reading order (with a clinic: only keys that print)."""
    if structure["kind"] == "card":
        return dict.fromkeys(CARD_KEYS, "paragraph")
    keys = {"title": "paragraph", "subtitle": "paragraph"}
    for kind, value in _walk(structure["blocks"], clinic):
        if kind == "warning":
            keys[value["title"]] = "heading"
            keys[value["body"]] = "warning"
        elif kind == "emergency":
            keys[value["title"]] = "heading"
            keys[value["steps"]] = "steps"
        elif kind == "pictures":
            keys.update((item["caption"], "paragraph") for item in value)
        elif kind != "qr":
            keys[value] = kind
    return keys


class _Resolver:
    """Check one language's strings against English and turn them into Text."""

    def __init__(self, project: Project, handout_id: str, lang: str, clinic: Clinic, rtl: bool = False):
        self.project, self.handout_id, self.lang, self.rtl = project, handout_id, lang, rtl
        self.clinic = clinic
        self.values = {"number": clinic.emergency_number}
        if clinic.crisis_line is not None:
            self.values["crisis"] = clinic.crisis_line
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


def _handout_codes(urls: dict[str, str], locale: Locale) -> tuple[QrCode, ...]:
    """Return a handout's two codes, captioned with the locale's labels."""
    return (QrCode("info", urls["info"], locale.labels["qr_info"]()),
            QrCode("emergency", urls["emergency"], locale.labels["qr_emergency"]()))


def _blocks(blocks: LList, texts: dict, clinic: Clinic, codes: tuple[QrCode, ...]) -> tuple[Block, ...]:
    """Build the model Blocks that print for this clinic (a block's ``when`` condition holds)."""
    out = []
    for block in blocks:
        kind, value, when = _entry(block)
        if when is None or condition_holds(clinic, when):
            out.append(_block(kind, value, texts, clinic, codes))
    return tuple(out)


def _block(kind: str, value, texts: dict, clinic: Clinic, codes: tuple[QrCode, ...]) -> Block:
    """Build one model Block from its structure entry and resolved texts."""
    if kind == "columns":
        columns = tuple(_blocks(column, texts, clinic, codes) for column in value)
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
