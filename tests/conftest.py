"""Shared fixtures: the real content, built PDFs, and copies of the content to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careprint import build
from careprint.content.project import Project

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIRS = ("handouts", "locales", "layouts", "clinic")
ENGINE_LANGS = ["en", "es"]  # the engine's own tests; every locale is covered by tests/test_locales.py


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def clinic(project):
    return project.clinic()


@pytest.fixture(scope="session")
def built_handouts(project, clinic, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Build every handout in English and Spanish once per test session (tests/test_locales.py covers the rest)."""
    out = tmp_path_factory.mktemp("handouts")
    results = {}
    for job in build.handout_jobs(project, clinic, langs=ENGINE_LANGS):
        results[(job.handout, job.lang)] = build.build_handout(project, clinic, job, out).path
    return results


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """A private copy of the content folders (and the working directory), for tests that break something."""
    for name in CONTENT_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)  # error messages show paths relative to the working directory
    return tmp_path
