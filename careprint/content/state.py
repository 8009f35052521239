"""Translation state of one file: missing, untranslated and stale keys, and its review status.

Every translated string records, under ``made_from:`` at the end of its
file, a short hash of the English text it was translated from and, since
issue 11, a second hash of the translation as it was confirmed
(``key: "<english> <translation>"``; older files hold the English hash
only). When the English text changes, the hashes no longer match and the key
is *stale* until a translator updates the translation and confirms it with
``python generate.py locale update <lang> <key>``. The translation's hash
lets ``locale update --all`` tell a stale key whose translation was edited
since it was confirmed from one nobody has touched (which it never confirms).

A file's written status is ``draft`` or ``reviewed`` (``source`` for
English). What prints is the *effective* status: a reviewed file with a
missing, untranslated or stale key needs review again and prints the
"translation not yet reviewed" notice, like a draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from careprint.content.yamlio import LDict
from careprint.errors import ContentWarning, Where

MADE_FROM = "made_from"
# A hash of a file's translated text when it was marked reviewed: an edit after the review is noticed.
REVIEWED_TEXT = "reviewed_text"
HASH_CHARS = 8
PROG = "python generate.py"


def english_hash(value: object) -> str:
    """Return the short hash of an English value (text, or a list of texts)."""
    canonical = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_CHARS]


def made_entry(english: object, translated: object) -> str:
    """Return a made_from value: the English hash, a space, the hash of the translation confirmed with it."""
    return f"{english_hash(english)} {english_hash(translated)}"


def made_parts(entry: object) -> tuple[str | None, str | None]:
    """Split a made_from value into (English hash, translation hash); older files have no translation hash."""
    if not isinstance(entry, str) or not entry.split():
        return None, None
    english, *rest = entry.split()
    return english, (rest[0] if rest else None)


def confirm(english: dict, section: dict, old: dict, keys: list[str], named: set[str]):
    """Return the new made_from block, the keys confirmed, and (key, reason) for each stale key left alone.

    A key is confirmed when it is named, new (never confirmed), or stale with a
    translation edited since its last confirmation. A key whose English has
    not changed only has its entry brought up to date (the translation's hash).
    """
    made, changed, left = dict(old), [], []
    for k in keys:
        entry = made_entry(english[k], section[k])
        english_then, translated_then = made_parts(old.get(k))
        english_now, translated_now = entry.split()
        if english_then == english_now or k in named or english_then is None:
            changed += [] if english_then == english_now else [k]
            made[k] = entry
        elif translated_then is not None and translated_then != translated_now:
            changed.append(k)
            made[k] = entry
        else:
            left.append((k, "the translation has not been edited since it was last confirmed" if translated_then
                         else "there is no record of the translation as it was last confirmed, so careprint cannot "
                              "tell whether it was updated"))
    made = {k: made[k] for k in english if k in made}  # English order; drop keys English lost
    return made, changed, left


# Locale settings that are translated like strings (null: not yet; English is used meanwhile).
SETTINGS = ("months", "date_format")


def reviewed_fingerprint(data: dict, section: str) -> str:
    """Return the hash of everything a reviewer approves in a file: its section and, in a locale, the settings."""
    # "digits" too: the digit set changes every page number, date and phone a reviewer approved.
    return english_hash({k: data[k] for k in (section, *SETTINGS, "digits") if k in data})


def is_untranslated(value: object) -> bool:
    """True for a value a translator has not written yet: null, or a list with a null item."""
    return value is None or (isinstance(value, list) and any(item is None for item in value))


@dataclass(frozen=True)
class FileState:
    """What one translation file holds compared with English."""

    path: Path
    lang: str
    status: str  # as written: source, draft or reviewed
    reviewer: str | None
    reviewed_on: dt.date | None
    total: int  # keys in English
    missing: tuple[str, ...]
    untranslated: tuple[str, ...]
    stale: tuple[str, ...]
    warnings: tuple[ContentWarning, ...]
    edited_since_review: bool = False

    @property
    def translated(self) -> int:
        return self.total - len(self.missing) - len(self.untranslated)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def up_to_date(self) -> bool:
        return not (self.missing or self.untranslated or self.stale)

    @property
    def effective(self) -> str:
        """source, reviewed, needs-review (reviewed, but English changed or text is missing) or draft."""
        if self.status == "reviewed":
            return "reviewed" if self.up_to_date and not self.edited_since_review else "needs-review"
        return self.status


def file_state(path: Path, lang: str, data: LDict, section: str, english: LDict, english_path: Path) -> FileState:
    """Compare a loaded translation file's section (strings or labels) with English's."""
    status = data.get("status", "draft")
    if status == "source":
        return FileState(path, lang, status, None, None, len(english), (), (), (), ())
    mine = data.get(section) if isinstance(data.get(section), dict) else LDict()
    made = data.get(MADE_FROM) if isinstance(data.get(MADE_FROM), dict) else {}
    where = Where(path, None, None, lang)
    missing, untranslated, stale, warnings = [], [], [], []
    unrecorded: list[str] = []
    only = f" --handout {path.parent.name}" if section == "strings" else ""
    settings = [k for k in SETTINGS if section == "labels" and k in data]
    for key in settings:
        if data[key] is None:
            untranslated.append(key)
            warnings.append(ContentWarning("not translated yet: the English form is used", where.at(key, data.line_of(key))))
    for key, value in english.items():
        src = f"{english_path.name}:{english.line_of(key)}"
        kw = where.at(_key_name(section, key), mine.line_of(key) if key in mine else data.line_of(section))
        if key not in mine:
            missing.append(key)
            warnings.append(ContentWarning(f"missing key: prints the English text ({src}) until it is translated", kw))
        elif is_untranslated(mine[key]):
            untranslated.append(key)
            warnings.append(ContentWarning(f"not translated yet: prints the English text ({src})", kw))
        elif not made:
            stale.append(key)
            unrecorded.append(key)
        elif made_parts(made.get(key))[0] != english_hash(value):
            stale.append(key)
            now = f", and now reads: {_quote(value)}" if isinstance(value, str) else ""
            why = (f"the English text changed since this was translated{now}" if key in made
                   else "no record of the English text this was translated from")
            warnings.append(ContentWarning(
                f"stale: {why}; compare it with {src}, update it if needed, then run: "
                f"{PROG} locale update {lang} {key}{only}", kw))
    if unrecorded:  # a file with no made_from block at all: one warning, not one per key
        warnings.append(ContentWarning(
            f"not confirmed yet: {len(unrecorded)} translated keys; when your translation is done, run: "
            f"{PROG} locale update {lang} --all (TRANSLATING.md, step 6)", where.at(line=data.line_of(section))))
    edited = status == "reviewed" and data.get(REVIEWED_TEXT) != reviewed_fingerprint(data, section)
    if edited:
        warnings.append(ContentWarning(
            f"changed since it was reviewed ({data.get('reviewer')}, {data.get('reviewed_on')}): it prints as not "
            f"reviewed until reviewed again ({PROG} locale review {lang} --by NAME)", where.at(line=data.line_of("status"))))
    return FileState(path, lang, status, data.get("reviewer"), data.get("reviewed_on"), len(english) + len(settings),
                     tuple(missing), tuple(untranslated), tuple(stale), tuple(warnings), edited)


def _quote(text: str, limit: int = 100) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit]}…"'


def _key_name(section: str, key: str) -> str:
    return f"labels.{key}" if section == "labels" else key


def combined(states: list[FileState]) -> str:
    """Return the effective status of a document printed from several files (handout + locale labels)."""
    effective = [s.effective for s in states]
    if all(e == "source" for e in effective):
        return "source"
    for status in ("draft", "needs-review"):
        if status in effective:
            return status
    return "reviewed"


@dataclass(frozen=True)
class Summary:
    """One language (or one file) at a glance, as ``status`` and the app's translations page show it."""

    percent: float  # share of translated keys
    stale: int
    status: str  # the combined effective status
    reviewers: tuple[str, ...]  # "Name (date)" of each recorded review


def summary(states: list[FileState]) -> Summary:
    """Return the figures of a language's files taken together."""
    total = sum(s.total for s in states)
    reviewers = sorted({f"{s.reviewer} ({s.reviewed_on})" for s in states if s.status == "reviewed" and s.reviewer})
    return Summary(100 * sum(s.translated for s in states) / total if total else 0.0,
                   sum(len(s.stale) for s in states), combined(states), tuple(reviewers))
