"""Mark a translation reviewed (``locale review``): a whole language, or what one handout prints.

A review covers files (a handout's, the locale's) or, with ``--handout`` in a
partial language, the labels that handout prints, recorded in the locale file
under ``reviewed_labels``. Where the clinic requires two reviewers, the first
review is recorded and a second, different person completes it. Every file is
rewritten as text (comments and layout stay), all of them or none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from careprint import build
from careprint.content import reviews, yamlio
from careprint.content import state as translation
from careprint.content.project import Project
from careprint.errors import CareprintError, UsageError, Where
from careprint.translate.locale_files import _one_line_name, _restore, _rewrite, _yaml_scalar, targets

_LABELS_NOTE = "# Reviews of the labels each handout prints, for a language that ships only some handouts."


@dataclass(frozen=True)
class _Unit:
    """One thing a review approves: a file, or the labels one handout prints (``handout`` set)."""

    path: Path
    state: translation.FileState
    section: str
    handout: str | None = None  # the labels of this handout, in the locale file
    keys: tuple[str, ...] = ()


def review(project: Project, code: str, reviewer: str, on: dt.date, handouts: list[str] | None = None) -> list[str]:
    """Record a review of a language (or of what some handouts print); refuse, listing why, while anything is not done."""
    if not reviewer.strip():
        raise UsageError("--by needs the reviewer's name")
    _one_line_name("--by", reviewer)
    name = reviewer.strip()
    units = _units(project, code, handouts)
    problems = [str(w) for u in units for w in u.state.warnings if not w.message.startswith("changed since it was reviewed")]
    if problems:
        raise UsageError("not marked reviewed: every key must be translated and up to date first:\n" + "\n".join(problems))
    plans = [(u, _next_reviews(u, name, on, project.reviewers_required)) for u in units]
    originals = {u.path: u.path.read_bytes() for u in units}
    report = []
    try:
        for unit, after in plans:
            if after is None:
                report.append(f"{_what(unit)}: already reviewed by {reviews.note(unit.state.reviews, 2)}; nothing to do")
                continue
            _write(unit, after, code)
            report.append(f"{_what(unit)}: reviewed by {name} on {on.isoformat()}{_progress(after, project)}")
    except (OSError, CareprintError) as exc:  # all files reviewed, or none: put back those already rewritten
        _restore(originals)
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        raise CareprintError(f"not marked reviewed, no file was changed: {reason}") from exc
    return report


def _units(project: Project, code: str, handouts: list[str] | None) -> list[_Unit]:
    """Return what the review covers: every file of the language, or each named handout's file and its labels."""
    files = targets(project, code, handouts, with_locale=not handouts)
    for h in handouts or ():
        if code not in project.languages(h):
            raise UsageError(f"{code} has no text for {h} (expected handouts/{h}/{code}.yaml); "
                             f"start it with: {translation.PROG} locale sync {code} --handout {h}, or review "
                             f"only the handouts {code} has: {', '.join(project.has(code)) or 'none'}")
    units = []
    for target in files:
        if target.section == "labels":
            units.append(_Unit(target.path, project.locale_state(code), "labels"))
        else:
            units.append(_Unit(target.path, project.state(target.path.parent.name, code), "strings"))
    for h in handouts or ():
        units.append(_Unit(project.root / "locales" / f"{code}.yaml", project.labels_state(code, h), "labels", h,
                           project.label_keys(code, (h,))))
    return units


def _next_reviews(unit: _Unit, name: str, on: dt.date, required: int) -> tuple[reviews.Review, ...] | None:
    """Return the reviews to record after this one (None: already fully reviewed by different people)."""
    state = unit.state
    current = state.reviews if state.valid_review else ()
    if current and len(current) < required:
        same = next((r for r in current if reviews.same_person(r.by, name)), None)
        if same is not None:
            raise UsageError(f"{_what(unit)}: already reviewed by {same}; the clinic requires {required} different "
                             "reviewers, so a second, different person must review it")
        return (*current, reviews.Review(name, on))
    if current and required > 1:
        return None
    return (reviews.Review(name, on),)


def _progress(after: tuple[reviews.Review, ...], project: Project) -> str:
    required = project.reviewers_required
    if len(after) < required:
        return f" ({reviews.note(after, required)}; a second, different person must review it too)"
    return f" (reviewed by {reviews.note(after, required)})" if len(after) > 1 else ""


def _what(unit: _Unit) -> str:
    where = Where(unit.path).prefix()
    return f"{where}: the labels {unit.handout} prints ({', '.join(unit.keys)})" if unit.handout else where


def _header(after: tuple[reviews.Review, ...], data: dict) -> dict[str, object]:
    """Return the review fields to write: the first review, and the second (or clear one left from before)."""
    fields: dict[str, object] = {}
    for (by, on), review in zip(reviews.REVIEW_FIELDS, (*after, None), strict=False):
        if review is not None:
            fields |= {by: review.by, on: review.on}
        elif by in data:
            fields |= {by: None, on: None}
    return fields


def _write(unit: _Unit, after: tuple[reviews.Review, ...], code: str) -> None:
    data = yamlio.load(unit.path, code)
    if unit.handout is not None:
        entry = {**_header(after, {}), translation.REVIEWED_TEXT: translation.reviewed_fingerprint(data, "labels", unit.keys)}
        _set_labels_record(unit.path, unit.handout, entry)
        return
    fields = _header(after, data)
    first = {k: fields.pop(k) for k in ("reviewer", "reviewed_on")}
    _rewrite(unit.path, None, {"status": "reviewed", **first})
    _set_lines_after(unit.path, "reviewed_on", fields)
    # The fingerprint is of the file as rewritten (the header lines are not part of it).
    fingerprint = translation.reviewed_fingerprint(yamlio.load(unit.path, code), unit.section)
    _rewrite(unit.path, None, {translation.REVIEWED_TEXT: fingerprint})


def _set_lines_after(path: Path, anchor: str, fields: dict[str, object]) -> None:
    """Set top-level ``name: value`` lines, inserting missing ones (in order) after the ``anchor:`` line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{anchor}:"))
    for name, value in fields.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{name}:")), None)
        if index is None:
            at += 1
            lines.insert(at, f"{name}: {_yaml_scalar(value)}")
        else:
            lines[index] = f"{name}: {_yaml_scalar(value)}"
    _save(path, lines)


def _set_labels_record(path: Path, handout: str, entry: dict[str, object]) -> None:
    """Write ``reviewed_labels: {handout: {...}}`` in a locale file, before its labels, keeping the rest."""
    lines = path.read_text(encoding="utf-8").splitlines()
    flow = ", ".join(f"{k}: {_yaml_scalar(v)}" for k, v in entry.items())
    line = f"  {handout}: {{{flow}}}"
    start = next((i for i, text in enumerate(lines) if text.startswith(f"{reviews.REVIEWED_LABELS}:")), None)
    if start is None:
        labels = next(i for i, text in enumerate(lines) if text.startswith("labels:"))
        lines[labels:labels] = [_LABELS_NOTE, f"{reviews.REVIEWED_LABELS}:", line]
        _save(path, lines)
        return
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    mine = next((i for i in range(start + 1, end) if re.match(rf"^  {re.escape(handout)}:", lines[i])), None)
    if mine is None:
        lines.insert(end, line)
    else:
        lines[mine] = line
    _save(path, lines)


def _save(path: Path, lines: list[str]) -> None:
    build.write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
