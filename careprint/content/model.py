"""The resolved model: plain frozen dataclasses that renderers draw from.

Everything here is already validated and resolved for one language: strings
are NFC, inline markup is parsed into spans, placeholders known at load time
are filled. Renderers read these objects; they never open files.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field, replace

from careprint.errors import Where
from careprint.text import markup
from careprint.text.digits import DEFAULT as LATIN_DIGITS
from careprint.text.digits import to_digits
from careprint.text.markup import Span

# Labels every locale provides, with the placeholders each must use.
# The renderers print only these; their wording lives in locales/<lang>.yaml.
LABELS: dict[str, frozenset[str]] = {
    "page_of": frozenset({"page", "pages"}),
    "qr_info": frozenset(),
    "qr_emergency": frozenset(),
    "emergency_call": frozenset({"number"}),
    "draft_notice": frozenset(),
    "disclaimer": frozenset({"number"}),
    "sources": frozenset(),
    "sources_english": frozenset(),
    "reviewed_by": frozenset({"name", "date"}),
    "updated_on": frozenset({"date"}),
    "web_skip": frozenset(),
    "web_languages": frozenset(),
    "web_call": frozenset({"number"}),
    "web_index": frozenset(),
    "version": frozenset({"version"}),
    "contact_clinic": frozenset({"clinic", "phone"}),
    "contact_write_in": frozenset(),
    "calibrate_title": frozenset({"stock", "side"}),
    "calibrate_front": frozenset(),
    "calibrate_back": frozenset(),
    "calibrate_steps": frozenset(),
}

# Values careprint itself formats, printed in the locale's digit set (text/digits.py); a name or a stock id is not.
DIGIT_VALUES = frozenset({"page", "pages", "date", "version", "number", "phone"})


@dataclass(frozen=True)
class Text:
    """A resolved string: styled spans plus where it came from (for errors)."""

    spans: tuple[Span, ...]
    where: Where

    @property
    def plain(self) -> str:
        return markup.plain(self.spans)


@dataclass(frozen=True)
class Label:
    """A locale label whose placeholders are filled when it is printed."""

    spans: tuple[Span, ...]
    where: Where
    isolate: bool = False  # right-to-left locale: isolate filled-in values
    digits: str = LATIN_DIGITS  # the locale's digit set for page numbers, dates, versions and phone numbers

    def __call__(self, **values: object) -> Text:
        """Fill the label's placeholders and return printable text."""
        text = {k: to_digits(str(v), self.digits) if k in DIGIT_VALUES else str(v) for k, v in values.items()}
        filled = markup.fill(self.spans, text, self.where, self.isolate)
        return Text(filled, self.where)


def join(texts: list[Text], separator: str) -> Text:
    """Join texts into one, with a plain separator between them."""
    spans: list[Span] = []
    for i, text in enumerate(texts):
        if i:
            spans.append(Span(separator))
        spans.extend(text.spans)
    return Text(tuple(spans), texts[0].where)


@dataclass(frozen=True)
class Locale:
    """One language's settings and the labels layouts print."""

    code: str
    tag: str
    name: str
    native_name: str
    direction: str  # "ltr" or "rtl"
    script: str
    fonts: tuple[str, ...]
    date_format: str
    months: tuple[str, ...]
    labels: dict[str, Label]
    draft_notice_en: Label | None  # the English notice, printed beside a draft's own
    digits: str = LATIN_DIGITS  # CLDR numbering system of what careprint prints (locale ``digits:``, clinic override)

    def with_digits(self, system: str | None) -> Locale:
        """Return this locale printing its numbers in ``system`` (None: unchanged)."""
        if system is None or system == self.digits:
            return self
        labels = {name: replace(label, digits=system) for name, label in self.labels.items()}
        return replace(self, digits=system, labels=labels)

    def number(self, value: object) -> str:
        """Return a number careprint formats (a step marker, a phone) in this locale's digits."""
        return to_digits(str(value), self.digits)

    def draft_notice(self) -> Text:
        """Return "translation not yet reviewed" in this language, and in English beside it."""
        notices = [self.labels["draft_notice"]()]
        if self.draft_notice_en:
            notices.append(self.draft_notice_en())
        return join(notices, " / ")

    def format_date(self, day: dt.date) -> str:
        """Format a date in this locale's pattern (deterministic, no system locale)."""
        values = {"day": self.number(day.day), "dd": self.number(f"{day.day:02d}"),
                  "mm": self.number(f"{day.month:02d}"), "year": self.number(day.year), "month": self.months[day.month - 1]}
        # Fields by name only (schema.date_format refuses attributes, indexes and format specs).
        return "".join(literal + ("" if name is None else str(values[name]))
                       for literal, name, _, _ in string.Formatter().parse(self.date_format))


@dataclass(frozen=True)
class Source:
    """A reference a handout's facts come from, cited as published (title, publisher, date or revision, URL)."""

    title: str
    publisher: str
    date: str
    url: str


@dataclass(frozen=True)
class ClinicalReview:
    """Who approved the medical content, and when (recorded with ``generate.py review``)."""

    by: str
    date: dt.date


@dataclass(frozen=True)
class Clinic:
    """A clinic's settings: country (emergency number, paper), links, stock, calibration."""

    name: str
    phone: str
    country: str
    country_name: str
    emergency_number: str
    paper: str
    crisis_line: str | None  # None: unknown for this country (then no text that needs it prints)
    naloxone_otc: bool | None  # naloxone sold without a prescription (None: unknown)
    good_samaritan: bool | None  # a law protects people who call for help in an overdose (None: unknown)
    base_url: str
    base_url_is_placeholder: bool
    default_stock: str
    calibration: dict = field(default_factory=dict)
    base_url_where: Where | None = None  # where base_url is set, for errors about it
    reviewers_required: int = 1  # different people who must review a translation (clinic: review.reviewers_required)
    digits: dict[str, str] = field(default_factory=dict)  # language -> numbering system, over the locale's own


@dataclass(frozen=True)
class QrCode:
    """One QR code: what it opens and the caption that says so."""

    role: str  # "info" or "emergency" on handouts, "clinician" on the card
    url: str
    caption: Text


# Pictograms a ``pictures`` block may name; careprint/render/pictograms.py draws each one.
PICTOGRAMS = ("rescue-breaths", "recovery-position", "nasal-naloxone")


@dataclass(frozen=True)
class Block:
    """One block of a handout body.

    ``kind`` is heading, paragraph, bullets, steps, warning, emergency, pictures, qr or
    columns. ``texts`` holds the heading/paragraph text, the list items, a warning's
    body, an emergency panel's steps or the pictures' captions; ``title`` a warning's
    or emergency panel's title; ``names`` the pictograms of a pictures block;
    ``codes`` the QR codes of a qr block; ``columns`` the blocks of each column.
    """

    kind: str
    texts: tuple[Text, ...] = ()
    title: Text | None = None
    codes: tuple[QrCode, ...] = ()
    body_is_list: bool = False
    columns: tuple[tuple[Block, ...], ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One handout or card, resolved for one language and one clinic."""

    id: str
    kind: str
    version: str
    updated: dt.date  # when the content was written or last changed
    clinical_review: ClinicalReview | None  # None: no clinician has approved this exact content
    max_pages: int
    lang: str
    status: str  # source, draft or reviewed
    reviewer: str | None
    title: Text
    subtitle: Text | None
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]
    locale: Locale
    clinic: Clinic
    codes: tuple[QrCode, ...] = ()
    strings: dict[str, Text | tuple[Text, ...]] = field(default_factory=dict)
    more: tuple[Block, ...] = ()  # web-only blocks (handout.yaml ``more:``): the companion site shows them, paper does not

    @property
    def is_draft(self) -> bool:
        """True unless the text is the English source or a reviewed, up-to-date translation."""
        return self.status not in ("source", "reviewed")

    def date_stamp(self) -> Text:
        """Return "Reviewed by {name}, {date}" when a clinician approved this content, else "Updated {date}"."""
        labels, fmt = self.locale.labels, self.locale.format_date
        if self.clinical_review is not None:
            return labels["reviewed_by"](name=self.clinical_review.by, date=fmt(self.clinical_review.date))
        return labels["updated_on"](date=fmt(self.updated))

    def all_text(self) -> str:
        """Return every string the document prints (content and the locale's labels), for font choice."""
        texts = [self.title, *(self.subtitle and [self.subtitle] or [])]
        for value in self.strings.values():
            texts.extend(value if isinstance(value, tuple) else (value,))
        labels = " ".join(span.text for label in self.locale.labels.values() for span in label.spans)
        digits = self.locale.number("0123456789")  # page numbers, dates, steps: the fonts must cover the digit set
        return " ".join(t.plain for t in texts) + " " + labels + ("" if self.locale.digits == LATIN_DIGITS else " " + digits)
