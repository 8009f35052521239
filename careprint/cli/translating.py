"""Commands for translators and clinicians: status, locale (new, update, review), review (clinical)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from careprint import build
from careprint.cli.common import (
    PROG,
    _common,
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
    if args.action in ("export", "import"):
        return (cmd_export if args.action == "export" else cmd_import)(project, args)
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


_FORMATS = {"po": ".po", "xliff": ".xlf"}  # the modules are imported by the commands: polib loads only for them


def add_interchange_parsers(loc) -> None:
    """Add ``locale export`` and ``locale import`` (PO and XLIFF for CAT tools and translation platforms)."""
    p_export = loc.add_parser("export", help="write a language's texts as PO or XLIFF 1.2 for a CAT tool")
    _common(p_export, "leaf")
    p_export.add_argument("lang")
    p_export.add_argument("--format", choices=tuple(_FORMATS), required=True, help="po (gettext) or xliff (XLIFF 1.2)")
    p_export.add_argument("--handout", action="append", help="only this handout's texts (default: all, and the labels)")
    p_export.add_argument("-o", "--output", help="file to write, - for standard output (default: LANG.po or LANG.xlf "
                                                 "in this folder, never overwritten)")
    p_import = loc.add_parser("import", help="apply a translated PO or XLIFF file to the language's YAML files")
    _common(p_import, "leaf")
    p_import.add_argument("lang")
    p_import.add_argument("file", type=Path, help="the .po, .xlf or .xliff file")
    p_import.add_argument("--accept-stale", action="store_true",
                          help="apply units translated from English that has changed since (they stay marked stale)")


def cmd_export(project: Project, args: argparse.Namespace) -> int:
    """Write a language's units as PO or XLIFF."""
    from careprint.translate import interchange, po, xliff
    from careprint.translate.budgets import key_budgets

    module, suffix = {"po": po, "xliff": xliff}[args.format], _FORMATS[args.format]
    budgets = {f"{handout}:{unit}": note for handout in args.handout or project.handout_ids
               if (project.root / "handouts" / handout / f"{args.lang}.yaml").exists()
               for unit, note in key_budgets(project, args.lang, handout).items()}
    units = interchange.units(project, args.lang, args.handout, budgets)
    text = module.write(units, args.lang, project.root)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output) if args.output else Path(f"{args.lang}{suffix}")
    if not args.output and path.exists():
        raise UsageError(f"{path} exists (import it first if it holds work); pass -o {path} to replace it")
    build.write_atomic(path, text.encode("utf-8"))
    print(f"wrote {path}: {_plural(len(units), 'unit')}; translate it, then run {PROG} locale import {args.lang} {path}")
    return 0


def cmd_import(project: Project, args: argparse.Namespace) -> int:
    """Apply a translated PO or XLIFF file; exit 1 if any unit was refused (the rest is applied)."""
    project.require(lang=args.lang)
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    suffix = args.file.suffix.lower()
    is_xml = suffix in (".xlf", ".xliff") or (suffix not in (".po", ".pot") and
                                              args.file.read_bytes()[:200].lstrip().startswith(b"<"))
    from careprint.translate import importing, po, xliff

    incoming = (xliff if is_xml else po).read(args.file, args.lang)
    done = importing.apply(project, args.lang, args.file, incoming, args.accept_stale)
    for line in done.lines or ["nothing to change: every unit is as the YAML files have it"]:
        print(line)
    for line in done.refused:
        print(line, file=sys.stderr)
    if done.refused:
        print(f"{_plural(len(done.refused), 'unit')} not applied (listed above); the others were.", file=sys.stderr)
    return 1 if done.refused else 0
