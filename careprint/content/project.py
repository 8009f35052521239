"""Load, validate and resolve content: the only module that opens content files.

Layout of the content root (see README):

- ``handouts/<id>/handout.yaml``: language-free structure (blocks, QR targets, sources)
- ``handouts/<id>/<lang>.yaml``: that document's strings in one language; ``en`` is the source
- ``locales/<lang>.yaml``: language settings and layout labels
- ``clinic/default.yaml``, ``clinic/countries.yaml``: built-in clinic settings
- ``clinic.yaml`` (optional): the root's own clinic settings (``careprint init`` writes one)

Which root (issue 16): ``--root`` or ``CAREPRINT_ROOT``; else the current folder when it has
``handouts/``; else the built-in defaults (the copy a wheel carries, or in a checkout the checkout).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from careprint.content import clinical, reviews, schema, settings, wording, yamlio
from careprint.content import state as translation
from careprint.content.layouts import load_handout_layout
from careprint.content.model import Clinic, Document, Locale, QrCode, Source
from careprint.content.resolve import Resolver, handout_codes, model_blocks
from careprint.content.structure import SOURCE_LANG, check_structure
from careprint.content.yamlio import LDict, LList
from careprint.errors import CareprintError, Collector, ContentError, UsageError, Where

ROOT_ENV = "CAREPRINT_ROOT"
CLINIC_FILE = "clinic.yaml"  # a content root's own clinic settings, the default clinic when present
_PACKAGE = Path(__file__).resolve().parents[1]
# A wheel carries the content in careprint/_defaults/ (setup.py copies it there); a checkout has it beside the package.
PACKAGED_ROOT = _PACKAGE / "_defaults"
DEFAULT_ROOT = PACKAGED_ROOT if (PACKAGED_ROOT / "handouts").is_dir() else _PACKAGE.parent
# The example batch manifest and CSV, kept out of the built-in root (a manifest writes beside itself): init copies them.
DEFAULT_EXAMPLES = _PACKAGE / "_examples" if DEFAULT_ROOT == PACKAGED_ROOT else _PACKAGE.parent / "examples"


@dataclass(frozen=True)
class ContentRoot:
    """The content root in use and why: "--root", "CAREPRINT_ROOT", "current folder" or "built-in defaults"."""

    path: Path
    source: str


def find_root(given: Path | None = None, environ=None, cwd: Path | None = None) -> ContentRoot:
    """Return the content root: --root, else $CAREPRINT_ROOT, else the current folder if it has handouts/, else built in."""
    environ = os.environ if environ is None else environ
    if given is not None:
        return _explicit(Path(given), "--root")
    if environ.get(ROOT_ENV):
        return _explicit(Path(environ[ROOT_ENV]), ROOT_ENV)
    here = Path.cwd() if cwd is None else Path(cwd)
    if (here / "handouts").is_dir():
        return ContentRoot(here.resolve(), "current folder")
    return ContentRoot(DEFAULT_ROOT, "built-in defaults")


def _explicit(path: Path, source: str) -> ContentRoot:
    """Refuse, in one line, a root someone named that holds no content."""
    if not path.is_dir():
        raise ContentError(f"no such folder (is {source} right?)", Where(path))
    if not (path / "handouts").is_dir():  # the same words as require_content, for an empty handouts/
        raise ContentError(f"no content here: expected handouts/<id>/handout.yaml files (is {source} right?)",
                           Where(path / "handouts"))
    return ContentRoot(path.resolve(), source)


def qr_url(clinic: Clinic, lang: str, path: str) -> str:
    """Return the URL a code opens: ``{base_url}/{lang}/{path}/``, path from the target's handout.yaml."""
    return f"{clinic.base_url}/{lang}/{path}/"

class Project:
    """A content root: discovers handouts and locales and resolves documents."""

    def __init__(self, root: Path | None = None):
        found = find_root(root)
        self.root, self.root_source = found.path, found.source
        self._memo: dict[tuple, object] = {}
        # Different people who must review a translation: the clinic's rule, adopted by clinic().
        self.reviewers_required = 1

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
        """Load clinic settings (default: the root's clinic.yaml, else its clinic/default.yaml); adopt its review rule."""
        clinic = settings.load_clinic(path or self.default_clinic_path(), self.root / "clinic" / "countries.yaml",
                                      papers=self._paper_names(), stocks=self._stock_names())
        self.reviewers_required = clinic.reviewers_required
        return clinic

    def default_clinic_path(self) -> Path:
        """Return the clinic settings used without --clinic: the root's own clinic.yaml when it has one."""
        own = self.root / CLINIC_FILE
        return own if own.is_file() else self.root / "clinic" / "default.yaml"

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
        optional = {"max_pages": int, "blocks": LList, "more": LList, clinical.RECORD: LDict}
        if schema.fields(c, data, where, required, optional):
            c.raise_if_any()
            check_structure(c, data, where, handout_id, self.handout_ids)
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
                    translation.REVIEWED_TEXT: opt, "second_reviewer": opt, "second_reviewed_on": (dt.date, type(None))}
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
        path = folder / f"{lang}.yaml"
        return translation.file_state(path, lang, self.strings(handout_id, lang), "strings", english,
                                      folder / f"{SOURCE_LANG}.yaml", self.reviewers_required, before=self._before(path, lang))

    def _before(self, path: Path, lang: str) -> dict | None:
        """Return a translation file's '# English:' comments by key (the English it was translated from)."""
        if lang == SOURCE_LANG:
            return None
        return self._cached(("before", path), lambda: wording.english_comments(
            yamlio.read_text(path, Where(path, None, None, lang))))

    def has(self, lang: str) -> tuple[str, ...]:
        """Return the handouts a language has a file for."""
        return tuple(h for h in self.handout_ids if lang in self.languages(h))

    def partial(self, lang: str) -> bool:
        """True for a language that ships only some handouts (issue 15): it translates only the labels they print."""
        return lang != SOURCE_LANG and len(self.has(lang)) < len(self.handout_ids)

    def label_keys(self, lang: str, handout_ids: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """Return the labels a language translates (English order): all, or for a partial one those its handouts print."""
        english = self.locale_data(SOURCE_LANG)["labels"]
        if handout_ids is None and not self.partial(lang):
            return tuple(english)
        kinds = {self.structure(h)["kind"] for h in (self.has(lang) if handout_ids is None else handout_ids)}
        printed = {k for kind in kinds for k in reviews.PRINTED_LABELS[kind]}
        return tuple(k for k in english if k in printed)

    def _english_labels(self, keys: tuple[str, ...]) -> LDict:
        english = self.locale_data(SOURCE_LANG)["labels"]
        part = LDict({k: english[k] for k in keys})
        part.line, part.lines = english.line, english.lines
        return part

    def locale_state(self, lang: str) -> translation.FileState:
        """Return what a locale file's labels (those the language translates) lack or have stale."""
        folder = self.root / "locales"
        path = folder / f"{lang}.yaml"
        return translation.file_state(path, lang, self.locale_data(lang), "labels",
                                      self._english_labels(self.label_keys(lang)), folder / f"{SOURCE_LANG}.yaml",
                                      self.reviewers_required, before=self._before(path, lang))

    def labels_state(self, lang: str, handout_id: str) -> translation.FileState:
        """Return the state of the labels one handout prints: reviewed with the whole locale, or on their own."""
        keys = self.label_keys(lang, (handout_id,))
        data = self.locale_data(lang)
        header = translation.header_record(data, "labels", lang)  # a review of the whole locale covers them
        own = translation.labels_record(data, lang, handout_id, keys) if lang != SOURCE_LANG else None
        valid = [r for r in (header, own) if r is not None and r.status == "reviewed" and not r.edited]
        record = max(valid, key=lambda r: len(r.reviews)) if valid else own or header  # the fuller review
        folder = self.root / "locales"
        return translation.file_state(folder / f"{lang}.yaml", lang, data, "labels", self._english_labels(keys),
                                      folder / f"{SOURCE_LANG}.yaml", self.reviewers_required, record,
                                      self._before(folder / f"{lang}.yaml", lang))

    def language_states(self, lang: str) -> list[translation.FileState]:
        """Return the state of a language's locale file (a partial one's: per handout) and of each handout file."""
        has = self.has(lang)
        labels = [self.labels_state(lang, h) for h in has] if self.partial(lang) else [self.locale_state(lang)]
        return labels + [self.state(h, lang) for h in has]

    def status(self, handout_id: str, lang: str) -> str:
        """Return the status a document prints with: source, reviewed, needs-review or draft."""
        return translation.combined([self.state(handout_id, lang), self.labels_state(lang, handout_id)])

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
        locale = self.locale(lang).with_digits(clinic.digits.get(lang))  # a clinic may choose the digit set
        texts = Resolver(self, handout_id, lang, clinic, locale.direction == "rtl", locale.digits).resolve_all(structure)
        header = self.strings(handout_id, lang)
        paths = self.paths()
        qr = {role: qr_url(clinic, lang, paths[target]) for role, target in structure["qr"].items()}
        if structure["kind"] == "card":
            codes = (QrCode("clinician", qr["clinician"], texts["back.qr_clinician"]),)
            blocks, title = (), texts["front.title"]
        else:
            codes = handout_codes(qr, locale)
            blocks = model_blocks(structure["blocks"], texts, clinic, codes)
            title = texts["title"]
        more = model_blocks(structure["more"], texts, clinic, codes) if "more" in structure else ()
        english = self.strings(handout_id, SOURCE_LANG)["strings"]
        return Document(
            id=handout_id, kind=structure["kind"], version=structure["version"], updated=structure["updated"],
            clinical_review=clinical.current(structure, english), max_pages=structure.get("max_pages", 2), lang=lang,
            status=self.status(handout_id, lang), reviewer=header.get("reviewer"), title=title,
            subtitle=texts.get("subtitle"), blocks=blocks, codes=codes, more=more,
            sources=tuple(Source(s["title"], s["publisher"], s["date"], s["url"]) for s in structure["sources"]),
            locale=locale, clinic=clinic, strings=texts,
        )
