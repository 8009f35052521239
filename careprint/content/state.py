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
"translation not yet reviewed" notice, like a draft. A clinic may require two
different reviewers (``review: {reviewers_required: 2}``): the header then
records a ``second_reviewer`` too, and one review is not enough.

A language may ship only some documents (a *partial* language, issue 15): its
locale file then holds only the labels those documents print, and each
document's labels can be reviewed on their own (``careprint.content.reviews``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from careprint.content import reviews, wording
from careprint.content.yamlio import LDict, LList
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


def reviewed_fingerprint(data: dict, section: str, keys: tuple[str, ...] | None = None) -> str:
    """Return the hash of everything a reviewer approves in a file: its section and, in a locale, the settings.

    ``keys`` narrows a locale's labels to those one document prints (a review of that document's labels).
    """
    # "digits" too: the digit set changes every page number, date and phone a reviewer approved.
    if keys is None:
        return english_hash({k: data[k] for k in (section, *SETTINGS, "digits") if k in data})
    labels = data.get(section) if isinstance(data.get(section), dict) else {}
    scoped = {k: labels[k] for k in keys if k in labels}
    return english_hash({section: scoped, **{k: data[k] for k in (*SETTINGS, "digits") if k in data}})


def is_untranslated(value: object) -> bool:
    """True for a value a translator has not written yet: null, or a list with a null item."""
    return value is None or (isinstance(value, list) and any(item is None for item in value))


@dataclass(frozen=True)
class FileState:
    """What one translation file (or the labels one document prints) holds compared with English."""

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
    reviews: tuple[reviews.Review, ...] = ()
    required: int = 1  # different reviewers the clinic requires

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
    def valid_review(self) -> bool:
        """True when the recorded reviews still hold: nothing edited, missing or stale since."""
        return self.status == "reviewed" and self.up_to_date and not self.edited_since_review

    @property
    def effective(self) -> str:
        """source, reviewed, needs-review (reviewed, but English changed, text is missing or a reviewer is) or draft."""
        if self.status == "reviewed":
            return "reviewed" if self.valid_review and len(self.reviews) >= self.required else "needs-review"
        return self.status

    @property
    def review_note(self) -> str | None:
        """Who reviewed it ("A (date) and B (date)", "1 of 2 reviews: A (date)"); None if nobody has."""
        return reviews.note(self.reviews, self.required) if self.status == "reviewed" and self.reviews else None


def header_record(data: LDict, section: str, lang: str) -> reviews.Record:
    """Return the review a file's header records, and whether its text changed since."""
    status = data.get("status", "draft")
    edited = status == "reviewed" and data.get(REVIEWED_TEXT) != reviewed_fingerprint(data, section)
    return reviews.Record(status, reviews.reviews_in(data), edited, data.line_of("status"),
                          f"{PROG} locale review {lang} --by NAME")


def labels_record(data: LDict, lang: str, handout_id: str, keys: tuple[str, ...]) -> reviews.Record | None:
    """Return the review of the labels one handout prints, if the locale file records one (a partial language)."""
    records = data.get(reviews.REVIEWED_LABELS)
    entry = records.get(handout_id) if isinstance(records, dict) else None
    if not isinstance(entry, dict):
        return None
    edited = entry.get(REVIEWED_TEXT) != reviewed_fingerprint(data, "labels", keys)
    return reviews.Record("reviewed", reviews.reviews_in(entry), edited, records.line_of(handout_id),
                          f"{PROG} locale review {lang} --handout {handout_id} --by NAME")


def file_state(path: Path, lang: str, data: LDict, section: str, english: LDict, english_path: Path,
               required: int = 1, record: reviews.Record | None = None,
               before: dict | None = None) -> FileState:
    """Compare a loaded translation file's section (strings or labels) with English's.

    ``english`` may be a part of English's section (the labels one document prints), with ``record`` the
    review of that part; ``before`` holds the file's ``# English:`` comments, for stale messages.
    """
    record = record or header_record(data, section, lang)
    if record.status == "source":
        return FileState(path, lang, record.status, None, None, len(english), (), (), (), ())
    mine = data.get(section) if isinstance(data.get(section), dict) else LDict()
    made = data.get(MADE_FROM) if isinstance(data.get(MADE_FROM), dict) else {}
    where = Where(path, None, None, lang)
    missing, untranslated, stale, warnings = [], [], [], []
    unrecorded: list[str] = []
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
            then = (before or {}).get(key) if key in made else None
            command = f"{PROG} locale update {lang} {key}" + (f" --handout {path.parent.name}" if section == "strings" else "")
            warnings += _stale_warnings(key in made, value, then, mine[key], kw, f"compare it with {src}, update "
                                        f"it if needed, then run: {command}")
    if unrecorded:  # a file with no made_from block at all: one warning, not one per key
        warnings.append(ContentWarning(
            f"not confirmed yet: {len(unrecorded)} translated keys; when your translation is done, run: "
            f"{PROG} locale update {lang} --all (TRANSLATING.md, step 6)", where.at(line=data.line_of(section))))
    first = record.reviews[0] if record.reviews else reviews.Review(None, None)
    if record.edited:
        warnings.append(ContentWarning(
            f"changed since it was reviewed ({first.by}, {first.on}): it prints as not "
            f"reviewed until reviewed again ({record.again})", where.at(line=record.line)))
    return FileState(path, lang, record.status, first.by, first.on, len(english) + len(settings),
                     tuple(missing), tuple(untranslated), tuple(stale), tuple(warnings), record.edited,
                     record.reviews, required)


def _stale_warnings(recorded: bool, english: object, before: object, mine: object, kw: Where,
                    then: str) -> list[ContentWarning]:
    """Say what changed in a stale key's English: for a list, which item, with a word diff where the before is known."""
    if not recorded:
        return [ContentWarning(f"stale: no record of the English text this was translated from; {then}", kw)]
    if isinstance(english, list):
        if isinstance(before, list) and len(before) == len(english):
            changed = [i for i, (old, new) in enumerate(zip(before, english, strict=True))
                       if old != wording.one_line(new)]
            lines = mine.lines if isinstance(mine, LList) and len(mine.lines) == len(english) else None
            return [ContentWarning(
                f"stale: this item's English changed since it was translated, and now reads: {_quote(english[i])}"
                f"{_change(before[i], english[i])}; {then}",
                kw.at(f"{kw.key}[{i}]", lines[i] if lines else kw.line)) for i in changed] or [
                ContentWarning(f"stale: the English text changed since this was translated; {then}", kw)]
        return [ContentWarning(f"stale: the English text changed since this was translated (a list: compare every "
                               f"item); {then}", kw)]
    now = f", and now reads: {_quote(english)}" if isinstance(english, str) else ""
    change = _change(before, english) if isinstance(before, str) and isinstance(english, str) else ""
    return [ContentWarning(f"stale: the English text changed since this was translated{now}{change}; {then}", kw)]


def _change(before: str, after: str) -> str:
    """Return "; what changed (…): give naloxone [+if you have it+]", or nothing if the before says nothing new."""
    if before == wording.one_line(after):
        return ""
    return f"; what changed (the before from the file's # English: comment): {wording.word_diff(before, after)}"


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
    reviewers: tuple[str, ...]  # "Name (date)", "A (date) and B (date)" or "1 of 2 reviews: A (date)", per review


def summary(states: list[FileState]) -> Summary:
    """Return the figures of a language's files taken together."""
    total = sum(s.total for s in states)
    reviewers = sorted({s.review_note for s in states if s.review_note})
    return Summary(100 * sum(s.translated for s in states) / total if total else 0.0,
                   sum(len(s.stale) for s in states), combined(states), tuple(reviewers))
