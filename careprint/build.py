"""Turn one job into one PDF on disk, written atomically.

A job is a document × language × paper (and, for cards, a layout and
personal values). ``build`` resolves the content, renders into memory and
only then replaces the target file, so an interrupted build never leaves a
half-written PDF.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from careprint.content.layouts import CardLayout, HandoutLayout, Stock, load_card_layout, load_handout_layout, load_stock
from careprint.content.model import Clinic
from careprint.content.project import Project
from careprint.errors import BuildError, FitError, UsageError
from careprint.render import calibration, card, handout, sheet
from careprint.text.fonts import cache_dir

# The process umask, read once (os.umask can only be read by setting it).
_UMASK = os.umask(0o022)
os.umask(_UMASK)
# One defaults dict shared by the command line and the Python API.
DEFAULTS = {"out": Path("out"), "clinic": None, "paper": None}


@dataclass(frozen=True)
class HandoutJob:
    """One handout in one language on one paper."""

    handout: str
    lang: str
    paper: str

    @property
    def filename(self) -> str:
        return f"{self.handout}.{self.lang}.{self.paper}.pdf"


@dataclass(frozen=True)
class Result:
    """What a job wrote."""

    path: Path
    pages: int
    size_bytes: int


def write_atomic(path: Path, data: bytes, private: bool = False) -> None:
    """Write bytes to path via a temporary file in the same folder and a rename.

    ``private`` keeps mkstemp's owner-only mode (0600), for files that hold a patient's values.
    A filesystem error (disk full, read-only folder, a folder in the way) becomes one BuildError line.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            if not private:  # mkstemp makes the file owner-only; give it the usual permissions
                os.fchmod(fh.fileno(), 0o666 & ~_UMASK)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise BuildError(f"cannot write {path}: {why_not_written(exc, path)}") from exc
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _unlink_quietly(path: str | Path | None) -> None:
    try:
        if path is not None:
            os.unlink(path)
    except OSError:
        pass


def why_not_written(exc: OSError, path: Path) -> str:
    """Say in plain words why a file could not be written."""
    if isinstance(exc, IsADirectoryError) or (exc.errno != errno.ENAMETOOLONG and path.is_dir()):
        return "a folder of that name is in the way"
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a file stands where a folder is needed (expected an output folder)"
    return (exc.strerror or str(exc)).lower()


@lru_cache(maxsize=8)
def handout_layout(root: Path) -> HandoutLayout:
    """Load the handout layout of a content root once per process."""
    return load_handout_layout(root / "layouts" / "handout.yaml")


def handout_jobs(
    project: Project, clinic: Clinic, handouts: list[str] | None = None,
    langs: list[str] | None = None, paper: str | None = None,
) -> list[HandoutJob]:
    """Return the jobs for the selected handouts × languages (default: all) on one paper."""
    for h in handouts or ():
        project.require(handout_id=h)
    for lang in langs or ():
        project.require(lang=lang)
    layout = handout_layout(project.root)
    paper = paper or clinic.paper
    layout.page_size(paper)
    jobs = []
    for h in handouts or project.handout_ids:
        if project.structure(h)["kind"] != "handout":
            continue
        for lang in job_langs(project, h, langs, named=bool(handouts)):
            jobs.append(HandoutJob(h, lang, paper))
    return jobs


def job_langs(project: Project, handout_id: str, langs: list[str] | None, named: bool) -> list[str]:
    """Return the languages to build a document in: those asked for, or every language it has.

    A partial language (issue 15) has no file for some documents: ``--lang`` alone builds what it has;
    naming the document too asks for it, and its error says the file is missing.
    """
    has = project.languages(handout_id)
    return list(langs) if langs and named else [lang for lang in langs or has if lang in has]


def render_handout(project: Project, clinic: Clinic, job: HandoutJob) -> tuple[bytes, int]:
    """Render a handout job to PDF bytes; return (bytes, pages)."""
    doc = project.resolve(job.handout, job.lang, clinic)
    buffer = io.BytesIO()
    layout = handout_layout(project.root)
    key = _fit_key(doc, layout, job.paper)
    pages, body_pt = handout.render(buffer, doc, layout, job.paper, _fit_cache_get(key))
    _fit_cache_put(key, body_pt)
    return buffer.getvalue(), pages


# The body size a handout needs to fit its page limit depends only on its inputs: remember it
# (in memory and in the cache folder, keyed by a hash of the resolved document, the layout,
# the paper and the engine), so that a repeat build lays the text out once. Output is the same
# either way: the remembered size is the one the full search chose for exactly these inputs,
# and a cache file whose size was edited (its hash no longer matches) is ignored and rewritten.
_FIT_SIZES: dict[str, float] = {}
FIT_FOLDER = "fit-signed"  # entries are "size hash" (see _fit_entry); the older "fit" held bare sizes


def _fit_key(doc, layout: HandoutLayout, paper: str) -> str:
    return hashlib.sha256(repr((doc, layout, paper, engine_digest())).encode("utf-8")).hexdigest()


def _fit_entry(key: str, body_pt: float) -> str:
    """Return a cache file's text: the size and a hash binding it to its key (a hand-edited size fails it)."""
    return f"{body_pt!r} {hashlib.sha256(f'{key} {body_pt!r}'.encode('ascii')).hexdigest()}"


def _fit_cache_get(key: str) -> float | None:
    if key not in _FIT_SIZES:
        try:
            entry = (cache_dir() / FIT_FOLDER / key).read_text(encoding="ascii")
            body_pt = float(entry.split(" ")[0])
            if entry != _fit_entry(key, body_pt):
                return None  # corrupt, edited or from an older careprint: search again (and overwrite it)
            _FIT_SIZES[key] = body_pt
        except (OSError, ValueError):
            return None
    return _FIT_SIZES[key]


def _fit_cache_put(key: str, body_pt: float) -> None:
    if _FIT_SIZES.get(key) == body_pt:
        return
    _FIT_SIZES[key] = body_pt
    try:
        write_atomic(cache_dir() / FIT_FOLDER / key, _fit_entry(key, body_pt).encode("ascii"))
    except (OSError, BuildError):
        pass  # a read-only cache only costs speed


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """Hash the engine's source and ReportLab's version: a new careprint rebuilds and re-measures everything."""
    import reportlab

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(reportlab.Version.encode())
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def build_handout(project: Project, clinic: Clinic, job: HandoutJob, out_dir: Path) -> Result:
    """Build one handout PDF into out_dir."""
    data, pages = render_handout(project, clinic, job)
    path = out_dir / job.filename
    write_atomic(path, data)
    return Result(path, pages, len(data))


@dataclass(frozen=True)
class CardJob:
    """One card in one language: a one-card PDF (stock None) or a sheet on a stock."""

    handout: str
    lang: str
    stock: str | None = None
    duplex: str = "long"
    start: int = 1

    @property
    def filename(self) -> str:
        if self.stock is None:
            return f"{self.handout}.{self.lang}.card.pdf"
        return f"{self.handout}.{self.lang}.{self.stock}.{self.duplex}.pdf"


@lru_cache(maxsize=8)
def card_layout(root: Path) -> CardLayout:
    """Load the card layout of a content root once per process."""
    return load_card_layout(root / "layouts" / "card.yaml")


def stock_ids(root: Path) -> tuple[str, ...]:
    """Return the ids of the stock templates in layouts/stock/."""
    return tuple(sorted(p.stem for p in (root / "layouts" / "stock").glob("*.yaml")))


@lru_cache(maxsize=32)
def stock(root: Path, stock_id: str) -> Stock:
    """Load one stock template by id."""
    if stock_id not in stock_ids(root):
        raise UsageError(f"unknown stock {stock_id!r}; known: {', '.join(stock_ids(root))}")
    return load_stock(root / "layouts" / "stock" / f"{stock_id}.yaml", handout_layout(root).papers)


def offsets(clinic: Clinic, printer: str | None) -> sheet.Offsets:
    """Return a printer's calibration offsets from the clinic settings (zero if none)."""
    table = clinic.calibration
    if printer is None:
        printer = "default" if "default" in table else None
    if printer is None:
        return sheet.Offsets()
    if printer not in table:
        raise UsageError(f"no calibration for printer {printer!r} in the clinic settings; known: {', '.join(table) or 'none'}")
    entry = table[printer]
    return sheet.Offsets(entry["front"]["x_mm"], entry["front"]["y_mm"], entry["back"]["x_mm"], entry["back"]["y_mm"])


def card_jobs(project: Project, clinic: Clinic, langs: list[str] | None = None,
              cards: list[str] | None = None) -> list[CardJob]:
    """Return the default card jobs: per language, the single card and a sheet on the clinic's stock."""
    jobs = []
    for h in cards or project.handout_ids:
        if project.structure(h)["kind"] != "card":
            continue
        for lang in job_langs(project, h, langs, named=bool(cards)):
            jobs += [CardJob(h, lang), CardJob(h, lang, clinic.default_stock)]
    return jobs


def render_card(project: Project, clinic: Clinic, job: CardJob, personal: card.Personal | None = None,
                printer: str | None = None, guides: bool = False, bleed_mm: float = 0.0) -> bytes:
    """Render a card job to PDF bytes."""
    doc = project.resolve(job.handout, job.lang, clinic)
    if doc.kind != "card":
        raise UsageError(f"{job.handout} is a handout, not a card")
    buffer = io.BytesIO()
    layout = card_layout(project.root)
    if job.stock is None:
        card.render(buffer, doc, layout, personal, guides=guides, bleed_mm=bleed_mm)
    else:
        try:
            sheet.render(buffer, doc, layout, stock(project.root, job.stock), duplex=job.duplex, start=job.start,
                         personal=personal, offsets=offsets(clinic, printer))
        except FitError as exc:  # cards on a sheet can be smaller than ID-1: say which stock
            raise FitError(f"{exc.message} (on {job.stock} sheets)", exc.where) from None
    return buffer.getvalue()


def build_card(project: Project, clinic: Clinic, job: CardJob, out: Path, **options) -> Result:
    """Build one card PDF; ``out`` is a folder (default file name) or a .pdf path."""
    data = render_card(project, clinic, job, **options)
    path = card_path(out, job)
    write_atomic(path, data, private=options.get("personal") is not None)  # a patient's values: owner-only
    return Result(path, 1 if job.duplex == "foldover" and job.stock else 2, len(data))


def card_path(out: Path, job: CardJob) -> Path:
    """Return where a card job writes: ``out`` itself when it names a .pdf, else the default name inside it."""
    return out if out.suffix.lower() == ".pdf" else out / job.filename


def build_calibration(project: Project, stock_id: str, lang: str, duplex: str, out: Path | None) -> Path:
    """Build a calibration sheet for a stock; return its path."""
    locale = project.locale(lang)
    buffer = io.BytesIO()
    calibration.render(buffer, locale, stock(project.root, stock_id), duplex)
    path = out or Path("out") / f"calibrate.{stock_id}.{lang}.pdf"
    write_atomic(path, buffer.getvalue())
    return path
