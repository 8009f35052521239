"""Turn one job into one PDF on disk, written atomically.

A job is a document × language × paper (and, for cards, a layout and
personal values). ``build`` resolves the content, renders into memory and
only then replaces the target file, so an interrupted build never leaves a
half-written PDF.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from careprint.content import Project
from careprint.layouts import HandoutLayout, load_handout_layout
from careprint.model import Clinic
from careprint.render import handout

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


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
        for lang in langs or project.languages(h):
            jobs.append(HandoutJob(h, lang, paper))
    return jobs


def render_handout(project: Project, clinic: Clinic, job: HandoutJob) -> tuple[bytes, int]:
    """Render a handout job to PDF bytes; return (bytes, pages)."""
    doc = project.resolve(job.handout, job.lang, clinic)
    buffer = io.BytesIO()
    pages = handout.render(buffer, doc, handout_layout(project.root), job.paper)
    return buffer.getvalue(), pages


def build_handout(project: Project, clinic: Clinic, job: HandoutJob, out_dir: Path) -> Result:
    """Build one handout PDF into out_dir."""
    data, pages = render_handout(project, clinic, job)
    path = out_dir / job.filename
    write_atomic(path, data)
    return Result(path, pages, len(data))
