"""The command line: parse arguments, run, print, map errors to exit codes.

Exit codes: 0 success, 1 content or build error, 2 usage error.
Errors print as ``path:line: key [lang]: message``; ``--debug`` adds tracebacks.
"""


from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import traceback
from pathlib import Path

from careprint import build
from careprint.cli import options, previewing, serving, starting
from careprint.cli.batching import cmd_batch
from careprint.cli.common import PROG, _common, _plural
from careprint.cli.printing import cmd_build, cmd_calibrate, cmd_card, cmd_check, cmd_list, cmd_site
from careprint.cli.translating import add_interchange_parsers, cmd_locale, cmd_review, cmd_status
from careprint.content import values
from careprint.errors import CareprintError, ErrorList, UsageError
from careprint.render import card, sheet


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
    p_check.add_argument("--room", action="store_true",
                         help="also say how much room each card key has left, and where a handout's type stepped down")
    p_batch = sub.add_parser("batch", help="print a clinic's batch from a manifest (see examples/batch.yaml)")
    _common(p_batch)
    p_batch.add_argument("manifest", type=Path, help="batch manifest (YAML)")
    p_batch.add_argument("--jobs", type=_positive, default=None,
                         help="worker processes (default: this machine's cores; never more than there are files to make)")
    p_batch.add_argument("--reviewed-only", action="store_true", help="refuse translations that are not reviewed")
    p_batch.add_argument("--force", action="store_true", help="rebuild everything, even files that are up to date")
    p_site = sub.add_parser("site", help="write the companion website the QR codes open (static HTML)")
    _common(p_site)
    p_site.add_argument("--lang", action="append", help="only this language (repeatable; default: every language)")
    p_site.add_argument("-o", "--out", type=Path, default=Path("out/site"), help="output folder (default: out/site)")
    p_site.add_argument("--reviewed-only", action="store_true",
                        help="leave out pages whose content or translation is not reviewed")
    _common(serving.add_parser(sub))
    _common(starting.add_parser(sub))
    _common(previewing.add_parser(sub))
    p_status = sub.add_parser("status", help="translation completion, stale keys and review status per locale")
    _common(p_status)
    p_status.add_argument("--lang", action="append", help="only this language (repeatable)")
    p_clinical = sub.add_parser("review", help="record that a clinician approved the medical content of handouts")
    _common(p_clinical)
    p_clinical.add_argument("handouts", nargs="*", help="handout ids (default: every handout)")
    p_clinical.add_argument("--by", required=True, help="the clinician's name and credentials")
    p_clinical.add_argument("--on", type=_date, default=None, help="date of the review, YYYY-MM-DD (default: today)")
    p_locale = sub.add_parser("locale", help="for translators: new, update, review, export, import")
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
    p_new.add_argument("--handout", action="append",
                       help="only this handout, and the labels it prints (repeatable; default: every handout)")
    p_update = loc.add_parser("update", help="confirm translations are up to date with the English (refresh made_from)")
    _common(p_update, "leaf")
    p_update.add_argument("lang")
    p_update.add_argument("keys", nargs="*", help="keys you checked against the current English")
    p_update.add_argument("--all", action="store_true", help="confirm every translated key")
    p_update.add_argument("--handout", action="append", help="only this handout's file (default: all, and the locale file)")
    p_sync = loc.add_parser("sync", help="add keys new in English (null, with their comments); remove retired ones")
    _common(p_sync, "leaf")
    p_sync.add_argument("lang", nargs="?", help="language code (or --all)")
    p_sync.add_argument("--all", action="store_true", help="every translated language")
    p_sync.add_argument("--yes", action="store_true", help="remove keys retired from English without asking")
    p_sync.add_argument("--handout", action="append",
                        help="start this handout in a partial language: its file and the labels it prints (repeatable)")
    p_review = loc.add_parser("review", help="mark a language reviewed by a qualified medical translator")
    _common(p_review, "leaf")
    p_review.add_argument("lang")
    p_review.add_argument("--by", required=True, help="the reviewer's name")
    p_review.add_argument("--on", type=_date, default=None, help="review date, YYYY-MM-DD (default: today)")
    p_review.add_argument("--handout", action="append", help="only this handout's file (default: all, and the locale file)")
    add_interchange_parsers(loc)
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

COMMANDS = {"build": cmd_build, "card": cmd_card, "calibrate": cmd_calibrate, "list": cmd_list, "check": cmd_check,
            "status": cmd_status, "site": cmd_site, "locale": cmd_locale, "batch": cmd_batch, "review": cmd_review,
            "serve": serving.cmd_serve, "init": starting.cmd_init, "preview": previewing.cmd_preview}
