"""Run a batch plan: jobs in a process pool, atomic files, resume, merged print files, a summary.

Each job writes one PDF atomically. The output folder keeps a small state
file (``.careprint-batch.json``: output → hash of its inputs), written after
every finished job, so a re-run skips what is up to date and an interrupted
run resumes where it stopped. Merged print files (pypdf) are made last, in
the manifest's order, and only when a part changed.
"""

from __future__ import annotations

import io
import json
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from careprint import build, personal
from careprint.batch import STATE_FILE, Job, Plan, PrintFile
from careprint.content import Project
from careprint.errors import CareprintError

_WORKER: dict = {}


@dataclass
class Outcome:
    """What happened to one job."""

    job: Job
    status: str  # written, up to date, failed
    pages: int = 0
    errors: list[CareprintError] = field(default_factory=list)


def _init_worker(root: str, clinic_path: str | None) -> None:
    project = Project(Path(root))
    _WORKER.update(project=project, clinic=project.clinic(Path(clinic_path) if clinic_path else None))


def _run_job(job: Job, out: str) -> tuple[int, list[CareprintError]]:
    """Render one job and write it atomically; return (pages, row errors). Runs in a worker."""
    project, clinic = _WORKER["project"], _WORKER["clinic"]
    path = Path(out) / job.output
    if job.kind == "handout":
        data, pages = build.render_handout(project, clinic, build.HandoutJob(job.handout, job.lang, job.paper))
        build.write_atomic(path, data)
        return pages, []
    if job.kind == "sheet":
        cj = build.CardJob(job.handout, job.lang, job.stock, job.duplex, job.start)
        data = build.render_card(project, clinic, cj, printer=None)
        build.write_atomic(path, data)
        return (1 if job.duplex == "foldover" else 2), []
    buffer = io.BytesIO()
    stock = build.stock(project.root, job.stock)
    sheets, errors = personal.render(buffer, project, clinic, job.handout, list(job.rows), build.card_layout(project.root),
                                     stock, job.duplex, build.offsets(clinic, None), Path(job.csv), job.start)
    if sheets:
        build.write_atomic(path, buffer.getvalue())
    elif path.exists():
        path.unlink()
    return 2 * sheets, errors


class Progress:
    """A progress bar with counts and ETA on a terminal; plain lines otherwise."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty()
        self.start = time.perf_counter()

    def step(self, outcome: Outcome) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        if self.tty:
            width = 30
            filled = int(width * self.done / self.total)
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}  ETA {eta:4.0f} s  {outcome.job.label[:40]:40}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{self.done}/{self.total} {outcome.status}: {outcome.job.label} (ETA {eta:.0f} s)\n")
        self.stream.flush()


def run(plan: Plan, project: Project, jobs: int, progress: Progress | None = None) -> tuple[list[Outcome], list[dict]]:
    """Run every job not up to date, then write the merged print files; return outcomes and print-file rows."""
    out = plan.out
    out.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    state = _load_state(out)
    outcomes: dict[str, Outcome] = {}
    todo = []
    for job in plan.jobs:
        if state.get(job.output) == job.key and (out / job.output).exists():
            outcomes[job.output] = Outcome(job, "up to date")
        else:
            todo.append(job)
    progress = progress or Progress(len(plan.jobs))
    for outcome in outcomes.values():
        progress.step(outcome)

    def finished(job: Job, result=None, error: CareprintError | None = None) -> None:
        if error is not None:
            outcome = Outcome(job, "failed", errors=list(getattr(error, "errors", [error])))
            state.pop(job.output, None)
        else:
            pages, errors = result
            outcome = Outcome(job, "written" if pages else "failed", pages, errors)
            state[job.output] = job.key
        outcomes[job.output] = outcome
        _save_state(out, state)
        progress.step(outcome)

    args = (str(project.root), str(plan.clinic_path) if plan.clinic_path else None)
    if jobs <= 1 or len(todo) <= 1:
        _init_worker(*args)
        for job in todo:
            try:
                finished(job, _run_job(job, str(out)))
            except CareprintError as exc:
                finished(job, error=exc)
    else:
        _pool(todo, out, jobs, args, finished)
    ordered = [outcomes[job.output] for job in plan.jobs]
    prints = [_merge(out, pf, outcomes, state) for pf in plan.prints.values()]
    _save_state(out, state)
    return ordered, prints


def _pool(todo: list[Job], out: Path, jobs: int, args: tuple, finished) -> None:
    """Run jobs on a process pool; on interrupt, cancel what has not started and wait for the rest to clean up."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=args) as pool:
        futures = {pool.submit(_run_job, job, str(out)): job for job in todo}
        seen: set[str] = set()
        try:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    seen.add(futures[future].output)
                    try:
                        finished(futures[future], future.result())
                    except CareprintError as exc:
                        finished(futures[future], error=exc)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            for future, job in futures.items():  # record what finished while stopping, so a re-run skips it
                if future.done() and not future.cancelled() and future.exception() is None and job.output not in seen:
                    finished(job, future.result())
            raise


def _merge(out: Path, pf: PrintFile, outcomes: dict[str, Outcome], state: dict) -> dict:
    """Write one merged print file from its written parts (skipped when none changed); return its summary row."""
    import pypdf

    parts = [(name, copies) for name, copies in pf.parts if outcomes[name].status != "failed" and (out / name).exists()]
    key = "+".join(f"{state.get(name)}×{copies}" for name, copies in parts)
    path = out / pf.output
    row = {"file": pf.output, "what": pf.what, "documents": len(parts), "pages": 0, "sheets": 0}
    if not parts:
        return row
    if state.get(pf.output) == key and path.exists():
        pages = len(_reader(path).pages)
        return {**row, "pages": pages, "sheets": -(-pages // pf.sheet_pages), "status": "up to date"}
    writer = pypdf.PdfWriter()
    for name, copies in parts:
        reader = _reader(out / name)
        for _ in range(copies):
            writer.append(reader)
            if pf.pad_to_even and len(reader.pages) % 2:
                writer.add_blank_page()  # the next copy starts on a new sheet when printed two-sided
    _copy_print_settings(writer, _reader(out / parts[0][0]))
    writer.add_metadata({"/Title": f"careprint print file: {pf.what}", "/Producer": "careprint (pypdf)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    build.write_atomic(path, buffer.getvalue())
    state[pf.output] = key
    pages = len(writer.pages)
    return {**row, "pages": pages, "sheets": -(-pages // pf.sheet_pages), "status": "written"}


def _reader(path: Path):
    """Open a PDF from memory (so no file handle stays open)."""
    import pypdf

    return pypdf.PdfReader(io.BytesIO(path.read_bytes()))


def _copy_print_settings(writer, first) -> None:
    """Keep the parts' /PrintScaling and /Duplex hints on the merged file."""
    from pypdf.generic import NameObject

    prefs = first.viewer_preferences
    if prefs is None:
        return
    mine = writer.create_viewer_preferences()
    for key in ("/PrintScaling", "/Duplex"):
        if key in prefs:
            mine[NameObject(key)] = NameObject(prefs[key])


def _state_path(out: Path) -> Path:
    return out / STATE_FILE


def _load_state(out: Path) -> dict:
    try:
        return json.loads(_state_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_state(out: Path, state: dict) -> None:
    build.write_atomic(_state_path(out), json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))


def _remove_leftovers(out: Path) -> None:
    """Delete temporary files a killed run (SIGKILL, power loss) may have left: never a finished PDF."""
    for path in out.rglob(".*.part"):
        path.unlink()

