"""The command line: parse arguments, run, print, map errors to exit codes.

Exit codes: 0 success, 1 content or build error, 2 usage error.
Errors print as ``path:line: key [lang]: message``; ``--debug`` adds tracebacks.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from careprint import build
from careprint.content import Project
from careprint.errors import CareprintError, ErrorList, UsageError

PROG = "python generate.py"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clinic", type=Path, default=build.DEFAULTS["clinic"],
                        help="clinic settings YAML (default: the built-in clinic/default.yaml: United States, Letter, 911)")
    parser.add_argument("--root", type=Path, default=None, help="content root (default: this checkout)")
    parser.add_argument("--strict", action="store_true", help="treat warnings (such as the placeholder QR base URL) as errors")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser (subcommands: build, list, check)."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Print patient handouts and wallet cards from reviewed YAML content.",
        epilog="With no command, builds every handout in every language on the clinic's default paper into ./out/.",
    )
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p_build = sub.add_parser("build", help="build handouts (default: all of them, every language)")
    _common(p_build)
    p_build.add_argument("--handout", action="append", help="handout id (repeatable; default: all)")
    p_build.add_argument("--lang", action="append", help="language code (repeatable; default: every language the handout has)")
    p_build.add_argument("--paper", help="letter or a4 (default: from the clinic's country)")
    p_build.add_argument("-o", "--out", type=Path, default=build.DEFAULTS["out"], help="output folder (default: out)")
    p_list = sub.add_parser("list", help="list handouts, locales and papers")
    _common(p_list)
    p_check = sub.add_parser("check", help="validate all content and list every problem")
    _common(p_check)
    p_check.add_argument("--lang", action="append", help="check only this language (repeatable)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:
        args = parser.parse_args(["build", *(argv or [])])
    try:
        return COMMANDS[args.command](args)
    except CareprintError as exc:
        if args.debug:
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        if isinstance(exc, ErrorList):
            print(f"{len(exc.errors)} problems found.", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; no partial files were left behind", file=sys.stderr)
        return 130


def _project_and_clinic(args: argparse.Namespace):
    project = Project(args.root)
    clinic = project.clinic(args.clinic)
    if clinic.base_url_is_placeholder:
        message = (f"QR codes point to the placeholder {clinic.base_url}; set base_url in a clinic "
                   "settings file and pass it with --clinic")
        if args.strict:
            raise UsageError(message + " (refused by --strict)")
        print(f"warning: {message}", file=sys.stderr)
    return project, clinic


def cmd_build(args: argparse.Namespace) -> int:
    """Build the selected handouts and say what was written."""
    project, clinic = _project_and_clinic(args)
    jobs = build.handout_jobs(project, clinic, args.handout, args.lang, args.paper)
    start = time.perf_counter()
    failed: list[CareprintError] = []
    written = 0
    for job in jobs:
        try:
            result = build.build_handout(project, clinic, job, args.out)
        except CareprintError as exc:  # report it, build the rest, exit 1 at the end
            failed.extend(getattr(exc, "errors", [exc]))
            continue
        written += 1
        print(f"wrote {result.path}  ({_plural(result.pages, 'page')}, {result.size_bytes / 1024:.0f} KiB)")
    print(f"{_plural(written, 'PDF')} in {time.perf_counter() - start:.1f} s "
          f"({clinic.country_name}: {jobs[0].paper if jobs else clinic.paper}, emergency number {clinic.emergency_number})")
    if failed:
        raise ErrorList(failed) if len(failed) > 1 else failed[0]
    return 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cmd_list(args: argparse.Namespace) -> int:
    """Print the handouts, locales and papers."""
    project = Project(args.root)
    print("handouts:")
    for h in project.handout_ids:
        s = project.structure(h)
        print(f"  {h:24} {s['kind']:8} v{s['version']}  languages: {', '.join(project.languages(h))}")
    print("locales:")
    for code in project.locale_codes:
        loc = project.locale(code)
        print(f"  {code:8} {loc.name} ({loc.native_name}), {loc.direction}")
    print("papers:")
    for name, (w, h) in build.handout_layout(project.root).papers.items():
        print(f"  {name:8} {w * 25.4 / 72:.1f} × {h * 25.4 / 72:.1f} mm")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything and list every problem."""
    project, clinic = _project_and_clinic(args)
    for lang in args.lang or ():
        project.require(lang=lang)
    problems = project.check(clinic, tuple(args.lang) if args.lang else None)
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    print(f"ok: {len(project.handout_ids)} handouts, {len(project.locale_codes)} locales, no problems")
    return 0


COMMANDS = {"build": cmd_build, "list": cmd_list, "check": cmd_check}
