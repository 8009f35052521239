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
from careprint.errors import UsageError
from careprint.translate import locale_files, locale_review, locale_sync


def cmd_status(args: argparse.Namespace) -> int:
    """Print completion, stale keys and review status per locale, then per handout."""
    project = Project(args.root)
    project.require_content()
    project.clinic(args.clinic)  # its review rule: how many reviewers a translation needs
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
    for lang in langs:  # a partial language (issue 15): only what it ships, and its labels per handout
        name = project.locale(lang).name + (" (partial)" if project.partial(lang) else "")
        print(_status_row(lang, name, translation.summary(project.language_states(lang))))
    print("\nBy handout:")
    print(head("handout"))
    for h in project.handout_ids:
        for lang in langs:
            if lang in project.languages(h):
                files = [project.state(h, lang)] + ([project.labels_state(lang, h)] if project.partial(lang) else [])
                print(_status_row(lang, h, translation.summary(files)))
            else:
                print(f"{'':2}{lang:9}{h[:21]:22}{'-':>6}{'-':>7}  {'not started':13}-")
    return 0


def _status_row(lang: str, label: str, s: translation.Summary) -> str:
    return f"{'':2}{lang:9}{label[:21]:22}{s.percent:>5.0f}%{s.stale:>7}  {s.status:13}{', '.join(s.reviewers) or '-'}"

def cmd_locale(args: argparse.Namespace) -> int:
    """Scaffold a locale, confirm translations against the English, or mark a review."""
    project = Project(args.root)
    if args.action == "new":
        fonts = [f.strip() for f in args.fonts.split(",")] if args.fonts else None
        paths = locale_files.new_locale(project, args.lang, args.name, args.native_name, args.script,
                                        args.direction, fonts, args.handout)
        for path in paths:
            print(f"wrote {path}")
        print(f"next: translate each null value and run {PROG} check --lang {args.lang}; when done, "
              f"{PROG} locale update {args.lang} --all (TRANSLATING.md)")
        return 0
    if args.action == "sync":
        return _sync(project, args)
    held: list[str] = []
    if args.action == "update":
        done = locale_files.update(project, args.lang, args.keys, args.all, args.handout)
        lines, held = done.lines, done.held
    else:
        project.clinic(args.clinic)  # its review rule: how many reviewers
        lines = locale_review.review(project, args.lang, args.by, args.on or dt.date.today(), args.handout)
    for line in lines or ([] if held else ["nothing to change: every hash was already up to date"]):
        print(line)
    for line in held:  # stale keys --all does not confirm: a script must notice (exit 1)
        print(line, file=sys.stderr)
    if held:
        print(f"{_plural(len(held), 'stale key')} not confirmed: --all confirms only new translations and ones "
              "edited since they were last confirmed; check each against its new English, then confirm it by name.",
              file=sys.stderr)
    return 1 if held else 0

def _sync(project: Project, args: argparse.Namespace) -> int:
    """Add new English keys to translations; remove retired ones if confirmed (exit 1 if kept unasked)."""
    if bool(args.lang) == args.all:
        raise UsageError("name one language, or pass --all for every translated language")
    codes = [c for c in project.locale_codes if c != SOURCE_LANG] if args.all else [args.lang]
    started = [path for code in codes for h in args.handout or () if (path := locale_sync.start(project, code, h))]
    plans = [p for code in codes for p in locale_sync.plan(project, code)]
    lines = [f"wrote {path}" for path in started] + [line for p in plans for line in locale_sync.add(p)]
    retired = [line for p in plans if p.retired for line in p.retired_messages()]  # lines as the files are now
    remove = bool(retired) and (args.yes or _confirm(retired))
    lines += [line for p in plans if remove for line in locale_sync.remove(p)]
    for line in lines or ["nothing to change: every translation has the English keys"]:
        print(line)
    if retired and not remove:
        if not (args.yes or sys.stdin.isatty()):
            for line in retired:
                print(line, file=sys.stderr)
        print(f"kept {_plural(len(retired), 'retired key')}; to remove them: {PROG} locale sync "
              f"{'--all' if args.all else args.lang} --yes", file=sys.stderr)
        return 0 if sys.stdin.isatty() else 1
    return 0


def _confirm(retired: list[str]) -> bool:
    """Ask at a terminal whether to remove retired keys; without one, do not (the caller lists them)."""
    if not sys.stdin.isatty():
        return False
    for line in retired:
        print(line)
    answer = input(f"remove {_plural(len(retired), 'retired key')} (and their comments)? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


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
