"""Batch manifests: read and validate a clinic's print run, and plan its jobs.

A manifest (see ``examples/batch.yaml``) lists handouts × languages × paper
× copies, card sheets by stock, duplex, start position and copies, and an
optional CSV of personalised cards. Paths in it are relative to the manifest.
Everything is validated before anything is printed: every problem comes back
at once, each with its line.

``careprint/batch/runner.py`` runs the plan.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from careprint import build
from careprint.batch import personal
from careprint.content import schema, yamlio
from careprint.content.model import Clinic
from careprint.content.project import SOURCE_LANG, Project
from careprint.content.yamlio import LDict, LList
from careprint.errors import CareprintError, Collector, ContentError, Where
from careprint.render import sheet

MAX_MANIFEST_BYTES = 1024 * 1024  # a manifest is a few lines; /dev/urandom is not one
PERSONAL_FILE_CARDS = 500  # cards per personalised print file (50 sheets of 10: about a printer tray of card stock)
STATE_FILE = ".careprint-batch.json"
DUPLEX_WORDS = {"long": "long-edge duplex", "short": "short-edge duplex", "foldover": "fold-over, one-sided"}


@dataclass(frozen=True)
class Job:
    """One PDF to write: what to render, where, and the hash of everything it is made from."""

    kind: str  # handout, sheet or personal
    handout: str
    lang: str  # for personal: "" (rows carry their languages)
    output: str  # path relative to the output folder
    paper: str = ""
    stock: str = ""
    duplex: str = "long"
    start: int = 1
    rows: tuple = ()  # personal rows (line, lang, Personal)
    csv: str = ""  # the CSV the rows came from (for error messages)
    key: str = ""

    @property
    def label(self) -> str:
        """A short description for progress lines; never personal values."""
        if self.kind == "personal":
            lines = f"{self.rows[0].line}-{self.rows[-1].line}" if self.rows else "-"
            return f"personalised cards, CSV lines {lines}"
        return f"{self.handout} {self.lang} {self.paper or self.stock}"


@dataclass
class PrintFile:
    """A merged, print-ready file: its parts in printing order (each part × copies)."""

    output: str
    what: str  # "paper letter" or "stock avery-5371 (long-edge duplex)"
    pad_to_even: bool  # start each handout copy on a new sheet when printed two-sided
    sheet_pages: int  # pages per physical sheet loaded (2 for duplex card stock, 1 otherwise)
    parts: list[tuple[str, int]] = field(default_factory=list)  # (job output, copies)
    private: bool = False  # holds patients' values: readable by its owner only
    direct: bool = False  # written by its one job, in a worker (personalised cards): no merge


@dataclass
class Plan:
    """What a manifest asks for."""

    manifest: Path
    out: Path
    clinic_path: Path | None
    jobs: list[Job] = field(default_factory=list)
    prints: dict[str, PrintFile] = field(default_factory=dict)  # by output, in printing order
    row_errors: list[CareprintError] = field(default_factory=list)
    csv_rows: int = 0
    made_by: dict[str, tuple[Job, Where]] = field(default_factory=dict)  # output → the job and entry that make it

    def add(self, c: Collector, job: Job, where: Where) -> bool:
        """Add a job once; refuse a second entry that would write the same file with other content (M7)."""
        if job.output in self.made_by:
            first, first_where = self.made_by[job.output]
            if first != job:
                c.add(f"would write {job.output} like {first_where.key} (line {first_where.line}) but with other "
                      "content; change one of them", where)
            return False
        self.made_by[job.output] = (job, where)
        self.jobs.append(job)
        return True


def load(manifest: Path, project: Project, clinic_override: Path | None = None) -> tuple[Plan, Clinic]:
    """Read and validate a manifest; raise every problem at once (ErrorList) before any printing.

    clinic_override (the command line's --clinic) replaces the manifest's clinic file.
    """
    _refuse_binary_or_huge(manifest)
    data = yamlio.load(manifest)
    c = Collector()
    where = Where(manifest, 1)
    optional = {"clinic": str, "out": str, "handouts": LList, "cards": LList, "personal": LDict}
    if not schema.fields(c, data, where, {}, optional):
        c.raise_if_any()
    base = manifest.parent
    clinic_path = clinic_override or ((base / data["clinic"]) if "clinic" in data else None)
    clinic = None
    if clinic_path is not None and not clinic_path.exists():
        c.add(f"no such file: {clinic_path}", where.at("clinic", data.line_of("clinic")))
    else:
        try:
            clinic = project.clinic(clinic_path)
        except CareprintError as exc:
            c.extend(getattr(exc, "errors", [exc]))
    plan = Plan(manifest, base / data.get("out", "out"), clinic_path)
    if not any(k in data for k in ("handouts", "cards", "personal")):
        c.add("nothing to print: add handouts, cards or personal", where)
    if clinic is not None:
        _handouts(c, data, where, project, clinic, plan)
        _cards(c, data, where, project, clinic, plan)
        _personal(c, data, where, project, clinic, plan, base)
    c.raise_if_any()
    _resolve_all(project, clinic, plan)
    _keys(project, plan)
    return plan, clinic


def _refuse_binary_or_huge(manifest: Path) -> None:
    """Refuse a manifest over MAX_MANIFEST_BYTES or holding NUL bytes (a device, a PDF) before parsing it."""
    try:
        with manifest.open("rb") as handle:
            head = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError:
        return  # yamlio.load reports it
    if len(head) > MAX_MANIFEST_BYTES:
        raise ContentError(f"larger than {MAX_MANIFEST_BYTES // 1024} KB (the limit for a manifest): "
                           "is this the right file?", Where(manifest))
    if b"\0" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: yamlio explains that
        raise ContentError("not a text file (it holds NUL bytes): a manifest is YAML, see examples/batch.yaml",
                           Where(manifest))


def _entries(c: Collector, data: LDict, name: str, where: Where):
    """Yield (index, entry, where) for each mapping in a list section."""
    items = data.get(name, [])
    for i, entry in enumerate(items):
        yield i, entry, where.at(f"{name}[{i}]", items.lines[i])


def _languages(c: Collector, entry: LDict, ew: Where, project: Project, handout: str) -> list[str]:
    """Return an entry's languages ('all' or a list), checking each exists for the handout."""
    value = entry.get("languages", "all")
    lw = ew.at(f"{ew.key}.languages", entry.line_of("languages"))
    have = project.languages(handout)
    if value == "all":
        return list(have)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        c.add("expected a list of language codes, or all", lw)
        return []
    for lang in value:
        if lang not in have:
            c.add(f"no {lang!r} text for {handout}; it has: {', '.join(have)}", lw)
    return [lang for lang in value if lang in have]


def _count(c: Collector, entry: LDict, ew: Where, key: str, default: int, low: int = 1, high: int = 1000) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        c.add(f"expected a whole number from {low} to {high}", ew.at(f"{ew.key}.{key}", entry.line_of(key)))
        return default
    return value


def _id(c: Collector, entry: LDict, ew: Where, key: str, project: Project, kind: str) -> str | None:
    value = entry.get(key)
    kw = ew.at(f"{ew.key}.{key}", entry.line_of(key))
    ids = [h for h in project.handout_ids if project.structure(h)["kind"] == kind]
    if value not in ids:
        c.add(f"unknown {kind} {value!r}; known: {', '.join(ids)}", kw)
        return None
    return value


def _handouts(c: Collector, data: LDict, where: Where, project: Project, clinic: Clinic, plan: Plan) -> None:
    for _, entry, ew in _entries(c, data, "handouts", where):
        if not schema.fields(c, entry, ew, {"handout": str}, {"languages": (str, LList), "paper": str, "copies": int}):
            continue
        handout = _id(c, entry, ew, "handout", project, "handout")
        langs = _languages(c, entry, ew, project, handout) if handout else []
        paper = entry.get("paper", clinic.paper)
        if paper not in build.handout_layout(project.root).papers:
            c.add(f"unknown paper {paper!r}; known: {', '.join(build.handout_layout(project.root).papers)}",
                  ew.at(f"{ew.key}.paper", entry.line_of("paper")))
            continue
        copies = _count(c, entry, ew, "copies", 1)
        for lang in langs:
            job = Job("handout", handout, lang, f"handouts/{build.HandoutJob(handout, lang, paper).filename}", paper=paper)
            plan.add(c, job, ew)
            name = f"print/handouts.{paper}.pdf"
            plan.prints.setdefault(name, PrintFile(name, f"paper {paper}", True, 2)).parts.append((job.output, copies))


def _stock(c: Collector, entry: LDict, ew: Where, project: Project, clinic: Clinic) -> tuple[str | None, str]:
    stock_id = entry.get("stock", clinic.default_stock)
    duplex = entry.get("duplex", "long")
    try:
        build.stock(project.root, stock_id)
    except CareprintError as exc:
        c.add(exc.message, ew.at(f"{ew.key}.stock", entry.line_of("stock")))
        stock_id = None
    if duplex not in sheet.DUPLEX_MODES:
        c.add(f"expected one of: {', '.join(sheet.DUPLEX_MODES)}", ew.at(f"{ew.key}.duplex", entry.line_of("duplex")))
    return stock_id, duplex


def _cards(c: Collector, data: LDict, where: Where, project: Project, clinic: Clinic, plan: Plan) -> None:
    for _, entry, ew in _entries(c, data, "cards", where):
        optional = {"card": str, "languages": (str, LList), "stock": str, "duplex": str, "start": int, "copies": int}
        if not schema.fields(c, entry, ew, {}, optional):
            continue
        card_id = _id(c, entry, ew, "card", project, "card") if "card" in entry else _default_card(project)
        langs = _languages(c, entry, ew, project, card_id) if card_id else []
        stock_id, duplex = _stock(c, entry, ew, project, clinic)
        copies = _count(c, entry, ew, "copies", 1)
        if stock_id is None or duplex not in sheet.DUPLEX_MODES:
            continue
        positions = build.stock(project.root, stock_id).positions
        start = _count(c, entry, ew, "start", 1, 1, positions)
        for lang in langs:
            cj = build.CardJob(card_id, lang, stock_id, duplex, start)
            # A sheet that starts further down is another file: name it by its first position (M7).
            name = cj.filename if start == 1 else cj.filename.replace(".pdf", f".from{start}.pdf")
            job = Job("sheet", card_id, lang, f"cards/{name}", stock=stock_id, duplex=duplex, start=start)
            plan.add(c, job, ew)
            _print_for_stock(plan, stock_id, duplex).append((job.output, copies))


def _default_card(project: Project) -> str:
    return next(h for h in project.handout_ids if project.structure(h)["kind"] == "card")


def _print_for_stock(plan: Plan, stock_id: str, duplex: str) -> list[tuple[str, int]]:
    """Return the parts list of the merged file for a stock and duplex mode (made on first use)."""
    name = f"print/cards.{stock_id}.{duplex}.pdf"
    sheet_pages = 1 if duplex == "foldover" else 2
    what = f"stock {stock_id} ({DUPLEX_WORDS[duplex]})"
    return plan.prints.setdefault(name, PrintFile(name, what, False, sheet_pages)).parts


def _personal(c: Collector, data: LDict, where: Where, project: Project, clinic: Clinic, plan: Plan, base: Path) -> None:
    if "personal" not in data:
        return
    entry = data["personal"]
    pw = where.at("personal", data.line_of("personal"))
    if not schema.fields(c, entry, pw, {"csv": str}, {"card": str, "stock": str, "duplex": str, "start": int}):
        return
    card_id = _id(c, entry, pw, "card", project, "card") if "card" in entry else _default_card(project)
    stock_id, duplex = _stock(c, entry, pw, project, clinic)
    if duplex == "foldover":
        c.add("personalised cards need long or short duplex (fold-over is for blank cards)",
              pw.at("personal.duplex", entry.line_of("duplex")))
    path = base / entry["csv"]
    if not path.exists():
        c.add(f"no such file: {path}", pw.at("personal.csv", entry.line_of("csv")))
        return
    if stock_id is None or card_id is None or duplex not in ("long", "short"):
        return
    start = _count(c, entry, pw, "start", 1, 1, build.stock(project.root, stock_id).positions)
    try:
        rows, plan.row_errors = personal.read(path, project, card_id)
    except CareprintError as exc:
        c.extend([exc])
        return
    plan.csv_rows = len(rows) + len(plan.row_errors)
    # Print files of at most PERSONAL_FILE_CARDS cards: a tray of card stock, and memory that stays flat. A worker
    # writes each one itself, so nothing is merged at the end and the work is split in equal parts.
    for n, first in enumerate(range(0, len(rows), PERSONAL_FILE_CARDS)):
        name = f"print/personal.{stock_id}.{duplex}.{n + 1:03d}.pdf"
        job = Job("personal", card_id, "", name, stock=stock_id, duplex=duplex, start=start if n == 0 else 1,
                  rows=tuple(rows[first:first + PERSONAL_FILE_CARDS]), csv=str(path))
        plan.jobs.append(job)
        what = f"stock {stock_id} ({DUPLEX_WORDS[duplex]})"
        plan.prints[name] = PrintFile(name, what, False, 2, [(name, 1)], private=True, direct=True)


def _resolve_all(project: Project, clinic: Clinic, plan: Plan) -> None:
    """Resolve every document the plan prints, so content errors stop the batch before it starts."""
    c = Collector()
    pairs = {(j.handout, j.lang) for j in plan.jobs if j.kind != "personal"}
    pairs |= {(j.handout, row.lang) for j in plan.jobs if j.kind == "personal" for row in j.rows}
    for handout, lang in sorted(pairs):
        try:
            project.resolve(handout, lang, clinic)
        except CareprintError as exc:
            c.extend(getattr(exc, "errors", [exc]))
    c.raise_if_any()


@cache
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def _keys(project: Project, plan: Plan) -> None:
    """Give each job the hash of everything it is made from (content, layouts, clinic, engine, parameters)."""
    root = project.root
    shared = [build.engine_digest()] + [_file_digest(p) for p in sorted((root / "layouts").rglob("*.yaml"))]
    shared += [_file_digest(plan.clinic_path) if plan.clinic_path else "-", _file_digest(root / "clinic/countries.yaml"),
               _file_digest(root / "clinic/default.yaml")]
    for i, job in enumerate(plan.jobs):
        langs = sorted({row.lang for row in job.rows}) if job.kind == "personal" else [job.lang]
        files = [root / "handouts" / job.handout / "handout.yaml"]
        for lang in {SOURCE_LANG, *langs}:
            files += [root / "handouts" / job.handout / f"{lang}.yaml", root / "locales" / f"{lang}.yaml"]
        params = repr((job.kind, job.handout, job.lang, job.paper, job.stock, job.duplex, job.start, job.rows))
        h = hashlib.sha256("\0".join(shared + [_file_digest(f) for f in sorted(files)] + [params]).encode())
        plan.jobs[i] = replace(job, key=h.hexdigest())


def check_paths(plan: Plan) -> None:
    """Refuse an output folder that is a file."""
    if plan.out.exists() and not plan.out.is_dir():
        raise ContentError(f"the output folder {plan.out} is a file", Where(plan.manifest, None, "out"))
