"""What every command shares: loading the project and clinic, the translation gate, small helpers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from careprint import outputs
from careprint.cli import options
from careprint.content.project import SOURCE_LANG, Project
from careprint.errors import CareprintError, ContentError, ErrorList, UsageError, Where


def _prog(argv0: str) -> str:
    """Name the command as it was typed, for usage lines and the hints in messages (issue 16)."""
    path = Path(argv0)
    if path.stem == "careprint":  # the console script (careprint.exe on Windows)
        return "careprint"
    if path.name == "__main__.py" and path.parent.name == "careprint":
        return "python -m careprint"
    return "python generate.py"


PROG = _prog(sys.argv[0] if sys.argv else "")

_common = options.add_global  # --clinic, --root, --strict, --debug: before or after the command (C1)

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
    states = [project.state(handout_id, lang), project.labels_state(lang, handout_id)]  # the labels it prints
    warnings = [w for state in states for w in state.warnings]
    status = project.status(handout_id, lang)
    if reviewed_only and status != "reviewed":
        why = "; ".join(f"{Where(s.path).prefix()}: {s.effective}" + (f" ({s.review_note})" if s.valid_review else "")
                        for s in states if s.effective != "reviewed")
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

def _removed_stale(exc: CareprintError, path: Path) -> CareprintError:
    """Remove the older file at a failed build's output path (M6); return the error saying so, if one was there."""
    if not outputs.remove_stale(path):
        return exc
    note = f" ({path} from an earlier build was removed, so it cannot be printed by mistake)"
    if isinstance(exc, ErrorList):
        last = exc.errors[-1]
        return ErrorList([*exc.errors[:-1], type(last)(last.message + note, last.where)])
    return type(exc)(exc.message + note, exc.where)
