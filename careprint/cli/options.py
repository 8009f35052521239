"""Options every command takes, before or after the command name, or with no command at all (issue 11, C1).

argparse lets a subcommand's defaults overwrite what the main parser read, so an option given
before the command was silently lost. Here each parser level appends to its own list, and
``merge_global`` joins them: the option's value wherever it stood, a usage error when it is
given twice with different values, and a usage error where it could have no effect.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from careprint import build
from careprint.errors import UsageError

# Options every command takes, before or after the command name (C1), and their values when not given.
GLOBAL_OPTIONS = {"clinic": build.DEFAULTS["clinic"], "root": None, "strict": False, "debug": False}
# Commands an option cannot change: giving it there is refused rather than silently ignored.
# ("locale review" and status read the clinic's review rule: how many reviewers a translation needs.)
NO_EFFECT = {"clinic": ("calibrate", "locale new", "locale update", "locale sync", "locale export", "locale import", "init"),
             "strict": ("list", "calibrate", "status", "locale", "init"),
             "root": ("init",)}


def add_global(parser: argparse.ArgumentParser, level: str = "sub") -> None:
    """Add the global options; each level appends to its own list, merged (and checked) by merge_global."""
    parser.add_argument("--clinic", type=Path, action="append", dest=f"{level}_clinic", default=[], metavar="FILE",
                        help="clinic settings YAML (default: the content root's clinic.yaml, else its clinic/default.yaml; "
                             "built in: United States, Letter, 911)")
    parser.add_argument("--root", type=Path, action="append", dest=f"{level}_root", default=[], metavar="FOLDER",
                        help="content folder (default: $CAREPRINT_ROOT, else the current folder if it has handouts/, "
                             "else the built-in content)")
    parser.add_argument("--strict", action="append_const", const=True, dest=f"{level}_strict", default=[],
                        help="treat warnings (such as the placeholder QR base URL) as errors")
    parser.add_argument("--debug", action="append_const", const=True, dest=f"{level}_debug", default=[],
                        help="show tracebacks")


def merge_global(args: argparse.Namespace) -> None:
    """Set args.clinic/root/strict/debug from wherever they were given; refuse one option with two values."""
    for name, default in GLOBAL_OPTIONS.items():
        given = [v for level in ("top", "sub", "leaf") for v in getattr(args, f"{level}_{name}", [])]
        values = list(dict.fromkeys(given))
        if len(values) > 1:
            raise UsageError(f"--{name} given twice with different values ({', '.join(map(str, values))}); give it once")
        action = f"{args.command} {getattr(args, 'action', None)}"
        if values and (args.command in NO_EFFECT.get(name, ()) or action in NO_EFFECT.get(name, ())):
            raise UsageError(f"--{name} has no effect on {args.command}; leave it out")
        setattr(args, name, values[0] if values else default)


def with_command(argv: list[str], commands, default: str) -> list[str]:
    """Return argv with the default command put in when none is given (after any global options)."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("--clinic", "--root"):
            i += 2
        elif word in ("--strict", "--debug") or word.startswith(("--clinic=", "--root=")):
            i += 1
        else:
            break
    if i >= len(argv) or (argv[i].startswith("-") and argv[i] not in ("-h", "--help")):
        return [default, *argv]  # no command: everything, the command's own options too, goes to the default
    return argv  # a command (or a word argparse will report as an unknown command)
