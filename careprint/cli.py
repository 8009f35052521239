"""The command line: parse arguments, run, print, map errors to exit codes.

Exit codes: 0 success, 1 content or build error, 2 usage error.
Errors print as ``path:line: key [lang]: message``; ``--debug`` adds tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from careprint import batch, batchrun, build, checks, clinical, locale_files, options, outputs, translation, values
from careprint.content import SOURCE_LANG, Project
from careprint.errors import BuildError, CareprintError, ContentError, ContentWarning, ErrorList, UsageError, Where
from careprint.render import card, sheet

PROG = "python generate.py"
_common = options.add_global  # --clinic, --root, --strict, --debug: before or after the command (C1)


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser (subcommands: build, list, check)."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Print patient handouts and wallet cards from reviewed YAML content.",
        epilog="With no command, builds every handout in every language on the clinic's default paper into ./out/.",
    )
    _common(parser, "top")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p_build = sub.add_parser("build", help="build handouts (default: all of them, every language)")
    _common(p_build)
    p_build.add_argument("--handout", action="append", help="handout id (repeatable; default: all)")
    p_build.add_argument("--lang", action="append", help="language code (repeatable; default: every language the handout has)")
    p_build.add_argument("--paper", help="letter or a4 (default: from the clinic's country)")
    p_build.add_argument("-o", "--out", type=Path, default=build.DEFAULTS["out"], help="output folder (default: out)")
    p_build.add_argument("--reviewed-only", action="store_true",
                         help="refuse translations a medical translator has not reviewed (English always builds)")
    p_card = sub.add_parser("card", help="one personalised wallet card, at the counter")
    _common(p_card)
    p_card.add_argument("--lang", required=True, help="language code")
    p_card.add_argument("--card", default="naltrexone-card", help="card id (default: naltrexone-card)")
    p_card.add_argument("--name", default="", help="patient's name")
    p_card.add_argument("--form", choices=card.FORMS, help="tick the pill or the injection box")
    p_card.add_argument("--last-dose", type=_date, help="last dose or injection date, YYYY-MM-DD")
    p_card.add_argument("--next-due", type=_date, help="date the next shot is due, YYYY-MM-DD")
    p_card.add_argument("--phone", default="", help="prescriber or pharmacy phone")
    p_card.add_argument("--contact", default="", help="emergency contact")
    p_card.add_argument("--stock", help="put the card on a sheet of this stock (default: a one-card PDF)")
    p_card.add_argument("--position", type=int, default=1, help="sheet position, 1 = top left, row by row (default: 1)")
    p_card.add_argument("--duplex", choices=sheet.DUPLEX_MODES, default="long", help="with --stock: long, short or foldover")
    p_card.add_argument("--printer", help="calibration entry in the clinic settings (default: 'default' if present)")
    p_card.add_argument("--guides", action="store_true", help="draw the rounded-corner cut guide on a one-card PDF")
    p_card.add_argument("--bleed", type=_bleed_mm, default=0.0,
                        help=f"bleed in mm around a one-card PDF, 0 to {BLEED_MAX_MM:g} (adds a BleedBox; default 0)")
    p_card.add_argument("-o", "--out", type=Path, default=Path("card.pdf"), help="output file (default: card.pdf)")
    p_card.add_argument("--reviewed-only", action="store_true", help="refuse a translation that is not reviewed")
    p_cal = sub.add_parser("calibrate", help="print a calibration sheet for a card stock")
    _common(p_cal)
    p_cal.add_argument("--stock", required=True, help="stock id (see: list)")
    p_cal.add_argument("--lang", default="en", help="language of the instructions (default: en)")
    p_cal.add_argument("--duplex", choices=("long", "short"), default="long", help="how backs are turned (default: long)")
    p_cal.add_argument("-o", "--out", type=Path, default=None, help="output file (default: out/calibrate.<stock>.pdf)")
    p_list = sub.add_parser("list", help="list handouts, locales and papers")
    _common(p_list)
    p_check = sub.add_parser("check", help="validate all content and list every problem")
    _common(p_check)
    p_check.add_argument("--lang", action="append", help="check only this language (repeatable)")
    p_check.add_argument("--no-render", action="store_true", help="skip rendering (fit and glyph checks); faster")
    p_batch = sub.add_parser("batch", help="print a clinic's batch from a manifest (see examples/batch.yaml)")
    _common(p_batch)
    p_batch.add_argument("manifest", type=Path, help="batch manifest (YAML)")
    p_batch.add_argument("--jobs", type=_positive, default=None,
                         help="worker processes (default: this machine's cores; never more than there are files to make)")
    p_batch.add_argument("--reviewed-only", action="store_true", help="refuse translations that are not reviewed")
    p_batch.add_argument("--force", action="store_true", help="rebuild everything, even files that are up to date")
    p_status = sub.add_parser("status", help="translation completion, stale keys and review status per locale")
    _common(p_status)
    p_status.add_argument("--lang", action="append", help="only this language (repeatable)")
    p_clinical = sub.add_parser("review", help="record that a clinician approved the medical content of handouts")
    _common(p_clinical)
    p_clinical.add_argument("handouts", nargs="*", help="handout ids (default: every handout)")
    p_clinical.add_argument("--by", required=True, help="the clinician's name and credentials")
    p_clinical.add_argument("--on", type=_date, default=None, help="date of the review, YYYY-MM-DD (default: today)")
    p_locale = sub.add_parser("locale", help="for translators: new, update, review")
    _common(p_locale)
    loc = p_locale.add_subparsers(dest="action", metavar="ACTION", required=True)
    p_new = loc.add_parser("new", help="scaffold a new locale from English (every key untranslated)")
    _common(p_new, "leaf")
    p_new.add_argument("lang", help="BCP 47 language tag, e.g. so")
    p_new.add_argument("--name", required=True, help="the language's English name, e.g. Somali")
    p_new.add_argument("--native-name", required=True, help="the language's own name, e.g. Soomaali")
    p_new.add_argument("--script", default="Latn", help="ISO 15924 script (default: Latn)")
    p_new.add_argument("--direction", default="ltr", choices=("ltr", "rtl"), help="writing direction (default: ltr)")
    p_new.add_argument("--fonts", help="comma-separated font families (default: by script)")
    p_update = loc.add_parser("update", help="confirm translations are up to date with the English (refresh made_from)")
    _common(p_update, "leaf")
    p_update.add_argument("lang")
    p_update.add_argument("keys", nargs="*", help="keys you checked against the current English")
    p_update.add_argument("--all", action="store_true", help="confirm every translated key")
    p_update.add_argument("--handout", action="append", help="only this handout's file (default: all, and the locale file)")
    p_review = loc.add_parser("review", help="mark a language reviewed by a qualified medical translator")
    _common(p_review, "leaf")
    p_review.add_argument("lang")
    p_review.add_argument("--by", required=True, help="the reviewer's name")
    p_review.add_argument("--on", type=_date, default=None, help="review date, YYYY-MM-DD (default: today)")
    p_review.add_argument("--handout", action="append", help="only this handout's file (default: all, and the locale file)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parser.parse_args(options.with_command(argv, COMMANDS, default="build"))
        options.merge_global(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        return COMMANDS[args.command](args)
    except CareprintError as exc:
        if args.debug:
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        if isinstance(exc, ErrorList):
            print(f"{_plural(len(exc.errors), 'problem')} found.", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; no partial files were left behind", file=sys.stderr)
        return 130
    except Exception as exc:  # a fault we did not foresee: one line, never a patient's value (M9)
        if args.debug:
            traceback.print_exc()
        print(_unexpected(exc), file=sys.stderr)
        return 1


def _unexpected(exc: Exception) -> str:
    """Describe an unforeseen error in one line: a filesystem error by its file, anything else by its type only."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror.lower()}"
    return f"internal error ({type(exc).__name__}); run again with --debug for the details, and please report it"


def _project_and_clinic(args: argparse.Namespace, deployment: bool = True):
    """Load the project and clinic; deployment=False (check) only notes the clinic's deployment warnings."""
    _require_file(args.clinic, "--clinic", "a clinic settings YAML file")
    project = Project(args.root)
    clinic = project.clinic(args.clinic)
    _warn_placeholder(clinic, args.strict, deployment)
    return project, clinic


def _require_file(path: Path | None, what: str, expected: str) -> None:
    """Refuse a folder where a file is expected, in one line (M9)."""
    if path is not None and path.is_dir():
        raise ContentError(f"{what} {path} is a folder; expected {expected}")


def _warn_placeholder(clinic, strict: bool, deployment: bool = True) -> None:
    """Warn that QR codes use the placeholder base URL; refuse it with --strict (build, card, batch)."""
    if clinic.base_url_is_placeholder:
        message = (f"QR codes point to the placeholder {clinic.base_url}; set base_url in a clinic "
                   "settings file and pass it with --clinic")
        if not deployment:  # check judges content: a clinic setting is build's concern, even with --strict
            print(f"note: {message} (a clinic setting: build --strict refuses it; check does not count it)",
                  file=sys.stderr)
        elif strict:
            raise UsageError(message + " (refused by --strict)")
        else:
            print(f"warning: {message}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the selected handouts and say what was written."""
    if args.out.exists() and not args.out.is_dir():
        raise BuildError(f"-o {args.out} is a file; expected an output folder")
    project, clinic = _project_and_clinic(args)
    jobs = build.handout_jobs(project, clinic, args.handout, args.lang, args.paper)
    start = time.perf_counter()
    failed: list[CareprintError] = []
    written = 0
    builders = [(job, build.build_handout) for job in jobs]
    cards = [h for h in args.handout or project.handout_ids if project.structure(h)["kind"] == "card"]
    if cards:  # cards are part of the default set, or named with --handout
        builders += [(job, build.build_card) for job in build.card_jobs(project, clinic, args.lang, cards)]
    warned: set[str] = set()
    for job, builder in builders:
        try:
            translation_gate(project, job.handout, job.lang, args.strict, args.reviewed_only, warned)
            result = builder(project, clinic, job, args.out)
        except CareprintError as exc:  # report it, build the rest, exit 1 at the end
            noted = _removed_stale(exc, args.out / job.filename)
            failed.extend(getattr(noted, "errors", [noted]))
            continue
        written += 1
        print(f"wrote {result.path}  ({_plural(result.pages, 'page')}, {result.size_bytes / 1024:.0f} KiB)")
    paper = jobs[0].paper if jobs else args.paper or clinic.paper
    print(f"{_plural(written, 'PDF')} in {time.perf_counter() - start:.1f} s "
          f"({clinic.country_name}: {paper}, emergency number {clinic.emergency_number})")
    if failed:
        print(f"{_plural(len(builders) - written, 'file')} not written because of the errors below.", file=sys.stderr)
        raise ErrorList(failed) if len(failed) > 1 else failed[0]
    return 0


def _removed_stale(exc: CareprintError, path: Path) -> CareprintError:
    """Remove the older file at a failed build's output path (M6); return the error saying so, if one was there."""
    if not outputs.remove_stale(path):
        return exc
    note = f" ({path} from an earlier build was removed, so it cannot be printed by mistake)"
    if isinstance(exc, ErrorList):
        last = exc.errors[-1]
        return ErrorList([*exc.errors[:-1], type(last)(last.message + note, last.where)])
    return type(exc)(exc.message + note, exc.where)


def translation_gate(project: Project, handout_id: str, lang: str, strict: bool, reviewed_only: bool,
                     warned: set[str] | None = None) -> None:
    """Warn about text that prints in English or is stale; refuse it with --strict, and drafts with --reviewed-only."""
    approved, stale = project.clinical_review(handout_id)
    if reviewed_only and approved is None:
        raise UsageError(f"{handout_id}: no clinician has reviewed this version of the content; --reviewed-only "
                         f"refuses it. After the review: {PROG} review {handout_id} --by NAME")
    if stale is not None and (warned is None or str(stale) not in warned):
        print(str(stale), file=sys.stderr)
        if warned is not None:
            warned.add(str(stale))
    if lang == SOURCE_LANG:
        return
    states = [project.state(handout_id, lang), project.locale_state(lang)]
    warnings = [w for state in states for w in state.warnings]
    status = project.status(handout_id, lang)
    if reviewed_only and status != "reviewed":
        why = "; ".join(f"{Where(s.path).prefix()}: {s.effective}" for s in states if s.effective != "reviewed")
        raise UsageError(f"{handout_id} [{lang}] is not reviewed ({why}); --reviewed-only refuses it. "
                         f"See: {PROG} status --lang {lang}")
    if warnings and strict:
        raise ErrorList(warnings) if len(warnings) > 1 else warnings[0]
    for warning in warnings:  # each once per run, though a locale's labels serve every document
        if warned is None or str(warning) not in warned:
            print(str(warning), file=sys.stderr)
            if warned is not None:
                warned.add(str(warning))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 256, found {text!r}")
    return value


def _date(text: str) -> dt.date:
    try:
        return values.parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


BLEED_MAX_MM = 5.0  # print shops ask for 2 to 3 mm; more is a typo, and makes no valid card PDF


def _bleed_mm(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= BLEED_MAX_MM:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"expected a number of millimetres from 0 to {BLEED_MAX_MM:g}, found {text[:20]!r}")
    return value


def cmd_card(args: argparse.Namespace) -> int:
    """Write one personalised card; personal values go into the page only."""
    job = build.CardJob(args.card, args.lang, args.stock, args.duplex, args.position)
    try:
        project, clinic = _project_and_clinic(args)
        project.require(args.card, args.lang)
        translation_gate(project, args.card, args.lang, args.strict, args.reviewed_only)
        personal = card.Personal(args.name, args.form, args.last_dose, args.phone, args.contact, args.next_due)
        result = build.build_card(project, clinic, job, args.out, personal=personal, printer=args.printer,
                                  guides=args.guides, bleed_mm=args.bleed)
    except CareprintError as exc:  # never leave the previous patient's card at this path (M6)
        noted = _removed_stale(exc, build.card_path(args.out, job))
        if noted is exc:
            raise
        raise noted from exc
    except BaseException:
        outputs.remove_stale(build.card_path(args.out, job))
        raise
    where = f"position {args.position} of {args.stock}" if args.stock else "front and back, true size"
    print(f"wrote {result.path} ({where}); print at 100 % / Actual size")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Write a calibration sheet for a stock."""
    project = Project(args.root)
    path = build.build_calibration(project, args.stock, args.lang, args.duplex, args.out)
    print(f"wrote {path}; print at 100 % / Actual size on plain paper, then follow the steps on the page")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print the handouts, locales and papers."""
    project = Project(args.root)
    clinic = project.clinic(args.clinic)
    print(f"clinic: {clinic.name or '(no name)'} ({clinic.country_name}: {clinic.paper}, "
          f"emergency number {clinic.emergency_number}, QR codes to {clinic.base_url})")
    print("handouts:")
    for h in project.handout_ids:
        s = project.structure(h)
        print(f"  {h:24} {s['kind']:8} v{s['version']}  languages: {', '.join(project.languages(h))}")
    print("locales:")
    for code in project.locale_codes:
        loc = project.locale(code)
        print(f"  {code:8} {loc.name} ({loc.native_name}), {loc.direction}")
    print("stocks:")
    for stock_id in build.stock_ids(project.root):
        st = build.stock(project.root, stock_id)
        print(f"  {stock_id:18} {st.paper:6} {st.columns}×{st.rows}  {st.name}")
    print("papers:")
    for name, (w, h) in build.handout_layout(project.root).papers.items():
        print(f"  {name:8} {w * 25.4 / 72:.1f} × {h * 25.4 / 72:.1f} mm")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything and list every problem (content only: clinic settings are build's to refuse)."""
    project, clinic = _project_and_clinic(args, deployment=False)
    for lang in args.lang or ():
        project.require(lang=lang)
    problems = checks.run(project, clinic, tuple(args.lang) if args.lang else None, render=not args.no_render)
    for problem in problems:
        print(str(problem), file=sys.stderr)
    warnings = sum(isinstance(p, ContentWarning) for p in problems)
    errors = len(problems) - warnings
    if errors or (warnings and args.strict):
        strict = " (--strict: warnings count as errors)" if warnings and args.strict else ""
        print(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{strict}.", file=sys.stderr)
        return 1
    note = f", {_plural(warnings, 'warning')}" if warnings else ", no problems"
    print(f"ok: {len(project.handout_ids)} handouts, {len(project.locale_codes)} locales{note}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Validate a manifest, print every job in a process pool, merge print files, summarise."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a stop request cleans up like Ctrl-C
    _require_file(args.manifest, "the manifest", "a batch manifest (YAML)")
    _require_file(args.clinic, "--clinic", "a clinic settings YAML file")
    project = Project(args.root)
    plan, clinic = batch.load(args.manifest, project, args.clinic)
    batch.check_paths(plan)
    _warn_placeholder(clinic, args.strict)
    warned: set[str] = set()
    langs = {(j.handout, j.lang) for j in plan.jobs if j.kind != "personal"}
    langs |= {(j.handout, row.lang) for j in plan.jobs if j.kind == "personal" for row in j.rows}
    for handout_id, lang in sorted(langs):
        translation_gate(project, handout_id, lang, args.strict, args.reviewed_only, warned)
    start = time.perf_counter()
    result = batchrun.run(plan, project, args.jobs or os.cpu_count() or 1, force=args.force)
    _batch_summary(plan, result, time.perf_counter() - start)
    failed = [o for o in result.outcomes if o.status == "failed" or o.errors]
    return 1 if failed or plan.row_errors else 0


def _batch_summary(plan, result, seconds: float) -> None:
    outcomes, prints, jobs = result.outcomes, result.prints, result.workers
    counts = {s: sum(o.status == s for o in outcomes) for s in ("written", "up to date", "failed")}
    processes = "1 process" if jobs == 1 else f"{jobs} processes"
    print(f"\n{plan.manifest} → {os.path.normpath(plan.out)}  ({seconds:.1f} s, {processes})")
    print(f"  files: {counts['written']} written, {counts['up to date']} up to date, {counts['failed']} failed")
    print(f"\n  {'print this file':44}{'documents':>10}{'pages':>7}  load")
    for row in prints:
        if not row["pages"]:
            continue
        kind, name = row["what"].split(" ", 1)
        load = f"{_plural(row['sheets'], 'sheet')} of {name}" + (" (two-sided)" if kind == "paper" else "")
        print(f"  {row['file']:44}{row['documents']:>10}{row['pages']:>7}  {load}")
    if result.removed:
        print(f"  removed from an earlier run (not made by this one): {', '.join(result.removed)}")
    rows_failed = [e for o in outcomes for e in o.errors if o.job.kind == "personal"]
    if plan.csv_rows:
        bad = len(plan.row_errors) + len(rows_failed)
        print(f"\n  personalised cards: {plan.csv_rows} CSV rows, {plan.csv_rows - bad} printed, {bad} failed")
    problems = plan.row_errors + [e for o in outcomes for e in o.errors]
    if problems:
        print("\nFailed (fix and run the batch again; finished files are kept):", file=sys.stderr)
        for error in problems:
            print(f"  {error}", file=sys.stderr)


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
        states = [project.locale_state(lang)] + [project.state(h, lang) for h in project.handout_ids
                                                 if lang in project.languages(h)]
        total = sum(s.total for s in states)
        done = sum(s.translated for s in states)
        status = translation.combined(states)
        print(_status_row(lang, project.locale(lang).name, 100 * done / total, sum(len(s.stale) for s in states),
                          status, states))
    print("\nBy handout:")
    print(head("handout"))
    for h in project.handout_ids:
        for lang in langs:
            if lang in project.languages(h):
                s = project.state(h, lang)
                print(_status_row(lang, h, s.percent, len(s.stale), s.effective, [s]))
    return 0


def _status_row(lang: str, label: str, percent: float, stale: int, status: str, states) -> str:
    reviewed = sorted({f"{s.reviewer} ({s.reviewed_on})" for s in states if s.status == "reviewed" and s.reviewer})
    return f"{'':2}{lang:9}{label[:21]:22}{percent:>5.0f}%{stale:>7}  {status:13}{', '.join(reviewed) or '-'}"


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


COMMANDS = {"build": cmd_build, "card": cmd_card, "calibrate": cmd_calibrate, "list": cmd_list, "check": cmd_check,
            "status": cmd_status, "locale": cmd_locale, "batch": cmd_batch, "review": cmd_review}
