"""The clinical review record of a handout: who approved its medical content, and when.

``handouts/<id>/handout.yaml`` says when the content was written or last
changed (``updated``) and, once a clinician has approved it, records the
review written by ``python generate.py review <id> --by NAME``::

    clinical_review:  # written by `python generate.py review`; do not edit by hand
      by: "Dr. A. Example, PharmD"
      date: 2026-12-01
      content: "3f2a9c01d4e7"

``content`` is a hash of everything the clinician approved: the handout's
structure (blocks, QR targets, sources) and its English text. When either
changes, the record no longer matches: the footer says "Updated {date}"
again instead of "Reviewed by {name}, {date}", and ``--reviewed-only``
refuses the handout until it is reviewed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from careprint.content.model import ClinicalReview
from careprint.errors import ContentWarning, UsageError, Where

RECORD = "clinical_review"
# Keys of handout.yaml that are not part of what a clinician approves.
_NOT_APPROVED = ("updated", RECORD, "version")
_HASH_CHARS = 12
_NAME_MAX = 120


def fingerprint(structure: dict, english: dict) -> str:
    """Return the hash of a handout's approved content: its structure and its English text."""
    approved = {k: v for k, v in structure.items() if k not in _NOT_APPROVED}
    canonical = json.dumps({"structure": approved, "en": english}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:_HASH_CHARS]


def current(structure: dict, english: dict) -> ClinicalReview | None:
    """Return the recorded review if it approves today's content, else None."""
    record = structure.get(RECORD)
    if not record or record.get("content") != fingerprint(structure, english):
        return None
    return ClinicalReview(record["by"], record["date"])


def stale_warning(structure: dict, english: dict, where: Where) -> ContentWarning | None:
    """Return a warning when a recorded review no longer matches the content, else None."""
    record = structure.get(RECORD)
    if not record or current(structure, english) is not None:
        return None
    return ContentWarning(
        f"the content changed after {record['by']} reviewed it on {record['date']}: it prints as "
        f"'Updated' until a clinician reviews it again (python generate.py review {structure['id']} --by NAME)",
        where)


def check_name(name: str) -> str:
    """Return a reviewer's name stripped, or refuse one that is empty, too long or holds control characters."""
    name = name.strip()
    if not name:
        raise UsageError("--by: expected the reviewer's name and credentials, e.g. \"Dr. A. Example, PharmD\"")
    if len(name) > _NAME_MAX:
        raise UsageError(f"--by: the name is {len(name)} characters long; at most {_NAME_MAX} are allowed")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069
           for ch in name):
        raise UsageError("--by: the name holds a control character (a tab, a line break or a bidi control); "
                         "type it on one line")
    return name


def record_text(text: str, by: str, on: dt.date, content: str) -> str:
    """Return handout.yaml's text with its review record replaced by a new one (comments and order kept)."""
    lines = _without_record(text.splitlines())
    at = next((i + 1 for i, line in enumerate(lines) if re.match(r"updated\s*:", line)), len(lines))
    block = [
        f"{RECORD}:  # written by `python generate.py review`; do not edit by hand",
        f"  by: {json.dumps(by, ensure_ascii=False)}",
        f"  date: {on.isoformat()}",
        f"  content: \"{content}\"",
    ]
    return "\n".join(lines[:at] + block + lines[at:]) + "\n"


def _without_record(lines: list[str]) -> list[str]:
    """Drop an existing review record (its key line and the indented lines under it)."""
    out, skipping = [], False
    for line in lines:
        if re.match(rf"{RECORD}\s*:", line):
            skipping = True
            continue
        if skipping and line.startswith((" ", "\t")):
            continue
        skipping = False
        out.append(line)
    return out
