"""The batch command: a clinic's morning run from a manifest, and its summary."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from careprint.cli.common import (
    _plural,
    _require_file,
    _warn_placeholder,
    translation_gate,
)
from careprint.content.project import Project


def cmd_batch(args: argparse.Namespace) -> int:
    """Validate a manifest, print every job in a process pool, merge print files, summarise."""
    from careprint.batch import manifest as batch  # here: other commands start faster without the pool and pypdf
    from careprint.batch import runner as batchrun

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
