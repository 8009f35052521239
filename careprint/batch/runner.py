"""Run a batch plan: jobs in a process pool, atomic files, resume, print files, a summary.

Each job writes one PDF atomically. The output folder keeps a small state
file (``.careprint-batch.json``: output → hash of its inputs, size and pages, see
``careprint/batch/state.py``), written after every finished job, so a re-run skips what is up to date and an interrupted
run resumes where it stopped. A personalised print file is written by its own job, in a worker; the others
(handouts, blank card sheets, in copies) are merged with pypdf last, in the manifest's order, and only when a part
changed.
"""

from __future__ import annotations

import io
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from careprint import build, outputs
from careprint.batch import personal
from careprint.batch import state as batchstate
from careprint.batch.manifest import STATE_FILE, Job, Plan, PrintFile
from careprint.content.project import Project
from careprint.errors import BuildError, CareprintError

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
        build.write_atomic(path, buffer.getvalue(), private=True)  # patients' values: owner-only (L5)
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


def workers(requested: int, todo: int) -> int:
    """Return how many worker processes to start: never more than there are jobs (L6)."""
    return max(1, min(requested, todo))


@dataclass
class Result:
    """What a run did: an outcome per job, a row per print file, processes used, earlier print files removed."""

    outcomes: list[Outcome]
    prints: list[dict]
    workers: int
    removed: list[str]


def run(plan: Plan, project: Project, jobs: int, progress: Progress | None = None, force: bool = False) -> Result:
    """Run every job not up to date, then the print files still to merge (holding the output folder's lock)."""
    out = plan.out
    with outputs.lock_folder(out):
        outputs.remove_leftover_temps(_targets(plan))
        state = {} if force else batchstate.load_state(out)
        outcomes: dict[str, Outcome] = {}
        merged, removed = batchstate.start_print_folder(plan, state)
        todo = []
        for job in plan.jobs:
            entry = state.get(job.output)
            if entry and entry["key"] == job.key and (job.output in merged or batchstate.intact(out / job.output, entry)):
                outcomes[job.output] = Outcome(job, "up to date")
            else:
                todo.append(job)
        progress = progress or Progress(len(plan.jobs))
        for outcome in outcomes.values():
            progress.step(outcome)
        finished = _recorder(out, state, outcomes, progress)
        used = workers(jobs, len(todo))
        args = (str(project.root), str(plan.clinic_path) if plan.clinic_path else None)
        if used == 1:
            _init_worker(*args)
            for job in todo:
                try:
                    finished(job, _run_job(job, str(out)))
                except CareprintError as exc:
                    finished(job, error=exc)
        else:
            _pool(todo, out, used, args, finished, _families(project, todo))
        ordered = [outcomes[job.output] for job in plan.jobs]
        try:
            prints = [_merge(out, pf, outcomes, state) for pf in plan.prints.values()]
            removed = batchstate.tidy(out, prints, state, removed)
        finally:
            batchstate.save_state(out, state)  # an unreadable part was dropped from it: the next run renders it again
    return Result(ordered, prints, used, removed)


def _recorder(out: Path, state: dict, outcomes: dict, progress: Progress):
    """Return the callback that records a finished job in the outcomes and the state file."""
    def finished(job: Job, result=None, error: CareprintError | None = None) -> None:
        if error is not None:
            outcome = Outcome(job, "failed", errors=list(getattr(error, "errors", [error])))
            state.pop(job.output, None)
            outputs.remove_stale(out / job.output)  # an older file must not be merged or printed as if current
        else:
            pages, errors = result
            outcome = Outcome(job, "written" if pages else "failed", pages, errors)
            path = out / job.output
            state[job.output] = {"key": job.key, "bytes": path.stat().st_size if path.is_file() else 0, "pages": pages}
        outcomes[job.output] = outcome
        batchstate.save_state(out, state)
        progress.step(outcome)
    return finished


def _families(project: Project, todo: list[Job]) -> list[str]:
    """Return the font families the jobs' languages name (for the fork server to load once)."""
    langs = {row.lang for job in todo for row in job.rows} | {job.lang for job in todo if job.lang}
    names: dict[str, None] = {}
    for lang in sorted(langs):
        try:
            names.update(dict.fromkeys(project.locale(lang).fonts))
        except CareprintError:
            continue  # that language's jobs report it
    return list(names)


def _context(families: list[str]):
    """Return the way workers start: from a small server process, not a fork of this one.

    By the time jobs run, this process holds the whole plan (about 100 MB for 100,000 cards); forked
    workers would each carry a copy of it. A fork server starts once, with careprint's modules and the
    batch's fonts loaded and no plan, and each worker is forked from it, sharing those pages.
    """
    import multiprocessing

    os.environ["CAREPRINT_PRELOAD_FONTS"] = ",".join(families)  # read by careprint.batch.preload in the server
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["careprint.build", "careprint.batch.personal", "careprint.batch.preload"])
    return context


def _pool(todo: list[Job], out: Path, jobs: int, args: tuple, finished, families: list[str]) -> None:
    """Run jobs on a process pool; on interrupt, cancel what has not started and wait for the rest to clean up."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=args,
                             mp_context=_context(families)) as pool:
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

    if pf.direct:
        return _direct(pf, outcomes[pf.output], state.get(pf.output))
    parts = [(name, copies) for name, copies in pf.parts if outcomes[name].status != "failed"]
    key = batchstate.merge_key(PrintFile(pf.output, pf.what, pf.pad_to_even, pf.sheet_pages, parts),
                     {name: state[name]["key"] for name, _ in parts})
    path = out / pf.output
    row = {"file": pf.output, "what": pf.what, "documents": len(parts), "pages": 0, "sheets": 0}
    if not parts:
        return row
    entry = state.get(pf.output)
    if entry and entry["key"] == key and batchstate.intact(path, entry) and isinstance(entry.get("pages"), int):
        pages = entry["pages"]
        return {**row, "pages": pages, "sheets": -(-pages // pf.sheet_pages), "status": "up to date"}
    writer = pypdf.PdfWriter()
    for name, copies in parts:
        reader = _reader(out, name, state)
        for _ in range(copies):
            writer.append(reader)
            if pf.pad_to_even and len(reader.pages) % 2:
                writer.add_blank_page()  # the next copy starts on a new sheet when printed two-sided
    _copy_print_settings(writer, _reader(out, parts[0][0], state))
    writer.add_metadata({"/Title": f"careprint print file: {pf.what}", "/Producer": "careprint (pypdf)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    build.write_atomic(path, buffer.getvalue(), private=pf.private)
    pages = len(writer.pages)
    state[pf.output] = {"key": key, "bytes": len(buffer.getvalue()), "pages": pages}
    return {**row, "pages": pages, "sheets": -(-pages // pf.sheet_pages), "status": "written"}


def _direct(pf: PrintFile, outcome: Outcome, entry: dict | None) -> dict:
    """Return the summary row of a print file its job wrote itself (personalised cards): nothing to merge."""
    row = {"file": pf.output, "what": pf.what, "documents": 0, "pages": 0, "sheets": 0}
    pages = (entry or {}).get("pages")
    if outcome.status == "failed" or not isinstance(pages, int) or isinstance(pages, bool) or not pages:
        return row
    return {**row, "documents": 1, "pages": pages, "sheets": -(-pages // pf.sheet_pages), "status": outcome.status}


def _reader(out: Path, name: str, state: dict):
    """Open a part PDF from memory (so no file handle stays open); an unreadable one is a BuildError."""
    import pypdf

    path = out / name
    try:
        return pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    except (OSError, pypdf.errors.PyPdfError, ValueError) as exc:
        state.pop(name, None)  # the next run renders it again
        raise BuildError(f"{path}: not a readable PDF ({type(exc).__name__}); run the batch again to rebuild it") from exc


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


def _targets(plan: Plan) -> list[Path]:
    """Return every file a plan writes (job outputs, print files, the state file)."""
    names = [job.output for job in plan.jobs] + list(plan.prints) + [STATE_FILE]
    return [plan.out / name for name in names]
