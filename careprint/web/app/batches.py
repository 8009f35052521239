"""The back office: run a batch (a manifest, or an uploaded patients' CSV) in the background, follow it, download.

A batch runs on one background thread with the engine's runner (``careprint.batch``), as the
``batch`` command does. An uploaded CSV and the manifest made for it are written into that
batch's own folder (``<batch_out>/<id>/input/``, owner-only), and its files into the same folder:
nothing goes anywhere else. A bad row is reported by its line and column, never by its values.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from careprint import build
from careprint.batch import manifest as batchplan
from careprint.batch import runner
from careprint.content.project import Project
from careprint.errors import CareprintError
from careprint.web.app.context import Settings


@dataclass
class Run:
    """One batch as the page shows it: progress, then the print files and the problems."""

    id: str
    label: str
    state: str = "running"  # running, done, failed
    total: int = 0
    done: int = 0
    out: Path | None = None
    prints: list[dict] = field(default_factory=list)
    rows: tuple[int, int, int] | None = None  # CSV rows read, printed, refused
    problems: list[tuple[int | None, str | None, str]] = field(default_factory=list)  # (line, column, message)

    def status(self) -> dict:
        """Return what the status endpoint sends (no patient value is ever part of it)."""
        return {"state": self.state, "done": self.done, "total": self.total,
                "files": [p["file"] for p in self.downloads()]}

    def downloads(self) -> list[dict]:
        return [p for p in self.prints if p.get("pages")] if self.state == "done" else []


class _Progress:
    """The runner's progress callback: counts finished files for the page."""

    def __init__(self, run: Run):
        self.run = run

    def step(self, outcome) -> None:
        self.run.done += 1


def examples(root: Path) -> list[str]:
    """Return the manifests a run can choose: the content root's examples/*.yaml."""
    return sorted(p.name for p in (root / "examples").glob("*.yaml"))


def start_manifest(settings: Settings, runs: dict, root: Path, name: str) -> Run:
    """Start the batch of one of the examples' manifests; its files go where the manifest says, as with the CLI."""
    if name not in examples(root):
        raise KeyError(name)
    return _start(settings, runs, name, root / "examples" / name)


def start_csv(settings: Settings, runs: dict, data: bytes, stock_id: str) -> Run:
    """Write the uploaded CSV and a manifest for it into a new batch folder, and start it."""
    run_id = dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
    folder = settings.batch_out / run_id
    inputs = folder / "input"
    build.write_atomic(inputs / "patients.csv", data, private=True)
    manifest = {"out": "..", "personal": {"csv": "patients.csv", "stock": stock_id, "duplex": "long"}}
    if settings.clinic is not None:
        manifest["clinic"] = str(settings.clinic.resolve())
    build.write_atomic(inputs / "batch.yaml", yaml.safe_dump(manifest).encode("utf-8"), private=True)
    return _start(settings, runs, "patients.csv", inputs / "batch.yaml", run_id)


def _start(settings: Settings, runs: dict, label: str, manifest: Path, run_id: str | None = None) -> Run:
    run = Run(run_id or secrets.token_hex(6), label)
    runs[run.id] = run
    threading.Thread(target=_run, args=(settings, run, manifest), name=f"batch-{run.id}", daemon=True).start()
    return run


def _run(settings: Settings, run: Run, manifest: Path) -> None:
    """Validate and run a manifest (on the background thread); record the outcome on the run."""
    try:
        project = Project(settings.root)  # its own: the counter's project stays on the event loop's thread
        plan, _ = batchplan.load(manifest, project, None)
        batchplan.check_paths(plan)
        run.total, run.out = len(plan.jobs), plan.out
        result = runner.run(plan, project, settings.batch_jobs, progress=_Progress(run))
    except CareprintError as exc:
        run.problems += [_problem(e) for e in getattr(exc, "errors", [exc])]
        run.state = "failed"
        return
    except Exception as exc:  # an unforeseen fault: its type only, never a value
        run.problems.append((None, None, f"internal error ({type(exc).__name__}); run the batch from the command line "
                                         "with --debug for the details"))
        run.state = "failed"
        return
    run.prints = result.prints
    row_errors = plan.row_errors + [e for o in result.outcomes for e in o.errors]
    run.problems += [_problem(e) for e in row_errors]
    if plan.csv_rows:
        bad = len(plan.row_errors) + sum(len(o.errors) for o in result.outcomes if o.job.kind == "personal")
        run.rows = (plan.csv_rows, plan.csv_rows - bad, bad)
    run.state = "done"


def _problem(error: CareprintError) -> tuple[int | None, str | None, str]:
    """Return (line, column, message) of an error: where it is, and what is wrong, without the file's path."""
    return error.where.line, error.where.key, error.message


def download_path(run: Run, name: str) -> Path | None:
    """Return the path of one of a finished run's print files, or None for any other name."""
    for row in run.downloads():
        if row["file"] == name and run.out is not None:
            return run.out / name
    return None
