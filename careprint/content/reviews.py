"""Who reviewed a translation: one or two reviewers, per file or per document's labels.

A translation file's header records its review (``reviewer``, ``reviewed_on``
and, where a clinic requires two people, ``second_reviewer`` and
``second_reviewed_on``). A language that ships only some documents (a
*partial* language, issue 15) reviews each document's labels on their own; the
locale file records them under ``reviewed_labels``, one entry per document with
the same fields and the hash of the labels as reviewed::

    reviewed_labels:
      naltrexone-card: {reviewer: "Hodan Ali", reviewed_on: 2026-11-30, reviewed_text: "1a2b3c4d"}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# The header fields of a review: the first reviewer, then the second a clinic may require.
REVIEW_FIELDS = (("reviewer", "reviewed_on"), ("second_reviewer", "second_reviewed_on"))
# Per-document reviews of a partial language's labels, in its locale file.
REVIEWED_LABELS = "reviewed_labels"
# How many different people must review a translation (clinic setting review.reviewers_required).
REVIEWERS_ALLOWED = (1, 2)
# The locale labels each kind of document prints on paper (careprint/render: handout.py, card.py and
# Document.date_stamp in model.py). A partial language translates and reviews only these; the
# calibration sheet's and the companion site's labels belong to a full locale.
PRINTED_LABELS = {
    # A card, and the page its QR code opens (the clinicians' page of the companion site).
    "card": ("draft_notice", "version", "web_skip", "web_languages", "web_call", "web_index", "disclaimer",
             "sources", "sources_english", "reviewed_by", "updated_on"),
    "handout": ("page_of", "qr_info", "qr_emergency", "draft_notice", "disclaimer", "sources", "sources_english",
                "reviewed_by", "updated_on", "version", "contact_clinic", "contact_write_in"),
}


@dataclass(frozen=True)
class Review:
    """One reviewer's approval: who, and when."""

    by: str
    on: dt.date | None

    def __str__(self) -> str:
        return f"{self.by} ({self.on})"


def reviews_in(record: Mapping) -> tuple[Review, ...]:
    """Return the reviews a header (or a ``reviewed_labels`` entry) records: the first, then the second if any."""
    return tuple(Review(record[by], record.get(on)) for by, on in REVIEW_FIELDS if isinstance(record.get(by), str))


def same_person(a: str, b: str) -> bool:
    """True when two reviewer names are the same person as typed (case and spacing aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def note(reviews: tuple[Review, ...], required: int) -> str:
    """Say who reviewed: "A (date)", "A (date) and B (date)", or "1 of 2 reviews: A (date)"."""
    said = " and ".join(map(str, reviews))
    return said if len(reviews) >= required else f"{len(reviews)} of {required} reviews: {said}"


@dataclass(frozen=True)
class Record:
    """What a file (or one document's labels) records about its review, before it is compared with English."""

    status: str  # as written: source, draft or reviewed
    reviews: tuple[Review, ...]
    edited: bool  # the reviewed text changed after the review
    line: int | None  # where the record is, for messages
    again: str  # the command that reviews it again
