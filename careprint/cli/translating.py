"""Commands for translators and clinicians: status, locale (new, update, review), review (clinical)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from careprint import build
from careprint.cli.common import (
    PROG,
    _plural,
)
from careprint.content import clinical
from careprint.content import state as translation
from careprint.content.project import SOURCE_LANG, Project
from careprint.translate import locale_files


def cmd_status(args: argparse.Namespace) -> int:
    """Print completion, stale keys and review status per locale, then per handout."""
    project = Project(args.root)
    project.require_content()
    langs = args.lang or [c for c in project.locale_codes if c != SOURCE_LANG]
    for lang in langs:
        project.require(lang=lang)
    def head(label: str) -> str:
        return f"{'':2}{'locale':9}{label:22}{'done':>6}{'stale':>7}  {'status':13}reviewer"

    print("Clinical review of the medical content (English):")
    for h in project.handout_ids:
        approved, stale = project.clinical_review(h)
        updated = project.structure(h)["updated"]
        said = f"reviewed by {approved.by}, {approved.date}" if approved else "not reviewed by a clinician"
        print(f"  {h:22}{said}; updated {updated}{' (review out of date)' if stale else ''}")
    print("\nTranslations by locale (its labels and every handout together):")
    print(head("language"))
    for lang in langs:
        print(_status_row(lang, project.locale(lang).name, translation.summary(project.language_states(lang))))
    print("\nBy handout:")
    print(head("handout"))
    for h in project.handout_ids:
        for lang in langs:
            if lang in project.languages(h):
                print(_status_row(lang, h, translation.summary([project.state(h, lang)])))
    return 0


def _status_row(lang: str, label: str, s: translation.Summary) -> str:
    return f"{'':2}{lang:9}{label[:21]:22}{s.percent:>5.0f}%{s.stale:>7}  {s.status:13}{', '.join(s.reviewers) or '-'}"

def cmd_locale(args: argparse.Namespace) -> int:
    """Scaffold a locale, confirm translations against the English, or mark a review."""
    project = Project(args.root)
    if args.action == "new":
        fonts = [f.strip() for f in args.fonts.split(",")] if args.fonts else None
        paths = locale_files.new_locale(project, args.lang, args.name, args.native_name, args.script,
                                        args.direction, fonts)
        for path in paths:
            print(f"wrote {path}")
        print(f"next: translate each null value and run {PROG} check --lang {args.lang}; when done, "
              f"{PROG} locale update {args.lang} --all (TRANSLATING.md)")
        return 0
    held: list[str] = []
    if args.action == "update":
        done = locale_files.update(project, args.lang, args.keys, args.all, args.handout)
        lines, held = done.lines, done.held
    else:
        lines = locale_files.review(project, args.lang, args.by, args.on or dt.date.today(), args.handout)
    for line in lines or ([] if held else ["nothing to change: every hash was already up to date"]):
        print(line)
    for line in held:  # stale keys --all does not confirm: a script must notice (exit 1)
        print(line, file=sys.stderr)
    if held:
        print(f"{_plural(len(held), 'stale key')} not confirmed: --all confirms only new translations and ones "
              "edited since they were last confirmed; check each against its new English, then confirm it by name.",
              file=sys.stderr)
    return 1 if held else 0

def cmd_review(args: argparse.Namespace) -> int:
    """Record that a clinician approved the medical content of handouts, as it is today."""
    project = Project(args.root)
    by = clinical.check_name(args.by)
    on = args.on or dt.date.today()
    ids = args.handouts or list(project.handout_ids)
    for handout_id in ids:
        project.require(handout_id=handout_id)
    clinic = project.clinic(args.clinic)
    for handout_id in ids:  # refuse content with errors before writing anything
        project.resolve(handout_id, SOURCE_LANG, clinic)
    for handout_id in ids:
        path = project.root / "handouts" / handout_id / "handout.yaml"
        content = clinical.fingerprint(project.structure(handout_id), project.strings(handout_id, SOURCE_LANG)["strings"])
        build.write_atomic(path, clinical.record_text(path.read_text(encoding="utf-8"), by, on, content).encode("utf-8"))
        print(f"{handout_id}: reviewed by {by}, {on}")
    return 0
