"""Issue 11, command line: global options anywhere (C1), runtime dependencies (H2), no stale output (M6),
filesystem faults as one line (M9), owner-only personal files (L5)."""

from __future__ import annotations

import ast
import errno
import importlib.metadata
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT
from pdfcheck import fold, page_texts

from careprint import build, cli
from careprint.cli import main

SPAIN = 'name: "Clinica Riverside"\ncountry: ES\nbase_url: "https://clinica-riverside.es/info"\n'

# A cheap invocation of every command (the output paths are filled in per test).
COMMANDS = {
    "build": ["build", "--handout", "overdose-risk", "--lang", "en", "-o", "{tmp}/out"],
    "card": ["card", "--lang", "en", "-o", "{tmp}/card.pdf"],
    "calibrate": ["calibrate", "--stock", "avery-5371", "-o", "{tmp}/cal.pdf"],
    "list": ["list"],
    "check": ["check", "--no-render", "--lang", "en"],
    "batch": ["batch", "{tmp}/batch.yaml", "--jobs", "1"],
    "status": ["status", "--lang", "es"],
    "locale": ["locale", "update", "es", "--all"],
    "(none)": [],
}


def _run(capsys, argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _last(err: str) -> str:
    """The error line (after any warning, such as the default clinic's placeholder base URL)."""
    return err.strip().splitlines()[-1]


def _argv(command: str, tmp_path: Path, option: list[str], position: str) -> list[str]:
    """The command's cheap invocation with an option before (global position) or after the command."""
    words = [w.replace("{tmp}", str(tmp_path)) for w in COMMANDS[command]]
    return option + words if position == "before" or command == "(none)" else words + option


def _spain(tmp_path: Path) -> Path:
    path = tmp_path / "es2.yaml"
    path.write_text(SPAIN, encoding="utf-8")
    return path


def _manifest(tmp_path: Path, body: str = "handouts:\n  - handout: overdose-risk\n    languages: [en]\n") -> Path:
    path = tmp_path / "batch.yaml"
    path.write_text("out: out\n" + body, encoding="utf-8")
    return path


# --- C1: --root and --debug on every command, before and after it ---------------------------------

@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_c1_root_and_debug_take_effect_before_or_after_every_command(command, position, tmp_path, capsys):
    _manifest(tmp_path)
    nowhere = tmp_path / "nowhere"
    code, _, err = _run(capsys, _argv(command, tmp_path, ["--root", nowhere], position))
    assert code in (1, 2)  # the default root would succeed: the empty root was used
    assert "nowhere" in err or err.rstrip().endswith("known:")  # its files, or its (empty) list of languages
    assert "Traceback" not in err
    code_debug, _, err = _run(capsys, _argv(command, tmp_path, ["--root", nowhere, "--debug"], position))
    assert code_debug == code
    assert "Traceback (most recent call last)" in err


def test_c1_root_changes_what_list_shows(content, capsys):
    shutil.copytree(content / "handouts/overdose-risk", content / "handouts/overdose-copy")
    path = content / "handouts/overdose-copy/handout.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: overdose-risk", "id: overdose-copy"), encoding="utf-8")
    for argv in (["--root", content, "list"], ["list", "--root", content]):
        code, out, err = _run(capsys, argv)
        assert code == 0, err
        assert "overdose-copy " in out


# --- C1: --clinic ---------------------------------------------------------------------------------

@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize("command", ["build", "list", "(none)"])
def test_c1_clinic_sets_country_paper_and_number_wherever_it_stands(command, position, tmp_path, capsys, monkeypatch):
    if command == "(none)":  # no command = build: prove the same options arrive, without building everything
        seen = []
        monkeypatch.setitem(cli.COMMANDS, "build", lambda args: seen.append(args) or 0)
    code, out, err = _run(capsys, _argv(command, tmp_path, ["--clinic", _spain(tmp_path)], position))
    assert code == 0, err
    if command == "(none)":
        assert seen[0].command == "build" and seen[0].clinic == tmp_path / "es2.yaml"
        return
    assert "Spain: a4, emergency number 112" in out
    assert "placeholder" not in err
    if command == "build":
        text = fold(" ".join(page_texts(tmp_path / "out/overdose-risk.en.a4.pdf")))
        assert "112" in text and "911" not in text


@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize("command", ["card", "check", "batch"])
def test_c1_clinic_is_used_by_card_check_and_batch(command, position, tmp_path, capsys):
    _manifest(tmp_path)
    code, _, err = _run(capsys, _argv(command, tmp_path, ["--clinic", _spain(tmp_path)], position))
    assert code == 0, err
    assert "placeholder" not in err  # the default clinic's placeholder base URL was not used
    if command == "card":
        assert "112" in fold(" ".join(page_texts(tmp_path / "card.pdf")))
    if command == "batch":
        assert (tmp_path / "out/print/handouts.a4.pdf").exists()  # Spain prints on A4


@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize(("command", "option"), [(c, o) for c in ("calibrate", "locale") for o in ("--clinic",)]
                         + [(c, "--strict") for c in ("list", "calibrate", "status", "locale")])
def test_c1_an_option_a_command_cannot_use_is_refused_not_ignored(command, option, position, tmp_path, capsys):
    value = [option, _spain(tmp_path)] if option == "--clinic" else [option]
    code, _, err = _run(capsys, _argv(command, tmp_path, value, position))
    assert code == 2
    assert err.strip() == f"python generate.py: error: {option} has no effect on {command}; leave it out"


# --- C1: --strict ---------------------------------------------------------------------------------

@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize("command", ["build", "card", "batch", "(none)"])
def test_c1_strict_refuses_the_placeholder_base_url_wherever_it_stands(command, position, tmp_path, capsys):
    _manifest(tmp_path)
    if command != "(none)":  # without --strict it prints (with a warning); no command would build everything
        assert _run(capsys, _argv(command, tmp_path, [], position))[0] == 0
    code, _, err = _run(capsys, _argv(command, tmp_path, ["--strict"], position))
    assert code == 2
    assert "(refused by --strict)" in err


@pytest.mark.parametrize("position", ["before", "after"])
def test_c1_strict_makes_check_warnings_errors_wherever_it_stands(position, content, tmp_path, capsys):
    path = content / "handouts/overdose-risk/en.yaml"  # change the English: the Spanish becomes stale (a warning)
    english = path.read_text(encoding="utf-8")
    path.write_text(english.replace('"If someone may have overdosed"', '"If someone may have overdosed now"'),
                    encoding="utf-8")
    clinic = _spain(tmp_path)
    argv = ["check", "--no-render", "--lang", "es", "--clinic", clinic, "--root", content]
    code, _, err = _run(capsys, argv)
    assert code == 0 and "stale" in err
    strict = ["--strict", *argv] if position == "before" else [*argv, "--strict"]
    code, _, err = _run(capsys, strict)
    assert code == 1
    assert "(--strict: warnings count as errors)" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--clinic", "a.yaml", "list", "--clinic", "b.yaml"],
        ["--root", "a", "--root", "b", "list"],
        ["check", "--root", "a", "--root", "b"],
        ["--root", "a", "locale", "update", "es", "--root", "b"],
    ],
)
def test_c1_one_option_with_two_values_is_a_usage_error(argv, capsys):
    code, _, err = _run(capsys, argv)
    assert code == 2
    option = argv[0] if argv[0].startswith("--") else argv[1]
    assert re.fullmatch(rf"python generate.py: error: {option} given twice with different values \(\S+, \S+\); "
                        r"give it once\n", err)


def test_c1_the_same_value_twice_is_fine(capsys, tmp_path):
    clinic = _spain(tmp_path)
    code, out, _ = _run(capsys, ["--clinic", clinic, "list", "--clinic", clinic])
    assert code == 0 and "emergency number 112" in out


def test_c1_no_command_takes_builds_own_options_too(monkeypatch, tmp_path, capsys):
    seen = []
    monkeypatch.setitem(cli.COMMANDS, "build", lambda args: seen.append(args) or 0)
    assert main(["--lang", "es", "--clinic", str(_spain(tmp_path)), "--paper", "a4"]) == 0
    assert (seen[0].lang, seen[0].paper, seen[0].clinic) == (["es"], "a4", tmp_path / "es2.yaml")
    assert main(["list", "--paper", "a4"]) == 2  # an option the command does not have is still refused
    assert "unrecognized arguments: --paper a4" in capsys.readouterr().err
    assert main(["--clinic"]) == 2  # a global option without its value: a usage error, not a crash
    assert "argument --clinic: expected one argument" in capsys.readouterr().err


def test_c1_no_command_reads_the_real_command_line(monkeypatch, tmp_path, capsys):
    seen = []
    monkeypatch.setitem(cli.COMMANDS, "build", lambda args: seen.append(args) or 0)
    monkeypatch.setattr(sys, "argv", ["generate.py", "--clinic", str(_spain(tmp_path)), "--strict"])
    assert main() == 0
    assert seen[0].clinic == tmp_path / "es2.yaml" and seen[0].strict is True


# --- H2: every third-party import is a declared runtime dependency ----------------------------------

def _distribution(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_h2_every_module_careprint_imports_is_a_runtime_dependency():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {_distribution(r) for r in pyproject["project"]["dependencies"]}
    imported: set[str] = set()
    for path in (ROOT / "careprint").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "careprint"}
    assert "pypdf" in third_party  # batch merges print files with it
    owners = importlib.metadata.packages_distributions()
    missing = {}
    for module in sorted(third_party):
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [])}
        assert dists, f"{module} is imported but no installed distribution provides it"
        if not dists & declared:
            missing[module] = sorted(dists)
    assert not missing, f"imported by careprint/ but not in [project.dependencies]: {missing}"


# --- M6: a failed build never leaves an older file that looks current -----------------------------

def test_m6_a_failed_card_removes_the_previous_card_and_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, ["card", "--lang", "en", "--name", "Patient Alpha", "--phone", "555-1111"])[0] == 0
    assert (tmp_path / "card.pdf").exists()
    code, _, err = _run(capsys, ["card", "--lang", "en", "--name", "B" * 400, "--phone", "555-2222"])
    assert code == 1
    assert not (tmp_path / "card.pdf").exists()
    assert err.strip().endswith("(card.pdf from an earlier build was removed, so it cannot be printed by mistake)")
    assert "B" * 40 not in err


def test_m6_a_card_that_crashes_also_removes_the_previous_card(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, ["card", "--lang", "en", "--name", "Patient Alpha"])[0] == 0

    def boom(*args, **kwargs):
        raise ValueError("unforeseen")

    monkeypatch.setattr(build, "render_card", boom)
    code, _, err = _run(capsys, ["card", "--lang", "en", "--name", "Patient Beta"])
    assert code == 1
    assert _last(err) == "internal error (ValueError); run again with --debug for the details, and please report it"
    assert not (tmp_path / "card.pdf").exists()


def test_m6_a_handout_that_fails_in_build_removes_its_older_pdf(content, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["build", "--root", content, "--handout", "overdose-risk", "--lang", "en", "--lang", "es", "-o", out]
    assert _run(capsys, argv)[0] == 0
    path = content / "handouts/overdose-risk/es.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('  title: "', '  title: "<u>!</u> ', 1), encoding="utf-8")
    code, _, err = _run(capsys, argv)
    assert code == 1
    assert not (out / "overdose-risk.es.letter.pdf").exists()
    assert (out / "overdose-risk.en.letter.pdf").exists()
    assert f"({out / 'overdose-risk.es.letter.pdf'} from an earlier build was removed" in err


# --- M9: filesystem faults are one line and exit 1 ------------------------------------------------

@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "no space left on device"),
                                             (errno.EROFS, "read-only file system")])
def test_m9_disk_full_or_read_only_is_one_line(code, words, tmp_path, capsys, monkeypatch):
    def fail(fd):  # the data reaches the disk at fsync: where a full or read-only disk says so
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    status, _, err = _run(capsys, ["card", "--lang", "en", "-o", tmp_path / "c.pdf"])
    assert status == 1
    assert _last(err) == f"cannot write {tmp_path / 'c.pdf'}: {words}"
    assert not list(tmp_path.iterdir())  # no temporary file left behind


def test_m9_disk_full_in_a_batch_is_one_line(tmp_path, capsys, monkeypatch):
    def fail(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fail)
    code, _, err = _run(capsys, ["batch", _manifest(tmp_path), "--jobs", "1"])
    assert code == 1
    assert "Traceback" not in err
    assert _last(err).endswith(": no space left on device")
    assert len(err.strip().splitlines()) == 2  # the placeholder warning, then the one error line


def test_m9_bad_output_paths_are_one_line(tmp_path, capsys):
    (tmp_path / "dir.pdf").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    cases = [
        (["card", "--lang", "en", "-o", tmp_path / "dir.pdf"],
         f"cannot write {tmp_path / 'dir.pdf'}: a folder of that name is in the way"),
        (["build", "--handout", "overdose-risk", "--lang", "en", "-o", tmp_path / "afile"],
         f"-o {tmp_path / 'afile'} is a file; expected an output folder"),
        (["card", "--lang", "en", "-o", tmp_path / ("x" * 300 + ".pdf")],
         f"cannot write {tmp_path / ('x' * 300 + '.pdf')}: file name too long"),
        (["--clinic", tmp_path, "build"], f"--clinic {tmp_path} is a folder; expected a clinic settings YAML file"),
        (["batch", tmp_path], f"the manifest {tmp_path} is a folder; expected a batch manifest (YAML)"),
    ]
    for argv, message in cases:
        code, _, err = _run(capsys, argv)
        assert (code, _last(err)) == (1, message)


def test_m9_write_atomic_raises_build_error(tmp_path, monkeypatch):
    from careprint.errors import BuildError

    def fail(source, target):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BuildError, match="read-only file system"):
        build.write_atomic(tmp_path / "x.pdf", b"%PDF-")
    assert not list(tmp_path.iterdir())


# --- L5: personal files are owner-only ------------------------------------------------------------

def test_l5_a_personal_card_is_owner_only_and_a_handout_is_not(tmp_path, capsys):
    assert _run(capsys, ["card", "--lang", "en", "--name", "Ann", "-o", tmp_path / "c.pdf"])[0] == 0
    assert (tmp_path / "c.pdf").stat().st_mode & 0o777 == 0o600
    assert _run(capsys, ["build", "--handout", "overdose-risk", "--lang", "en", "-o", tmp_path])[0] == 0
    assert (tmp_path / "overdose-risk.en.letter.pdf").stat().st_mode & 0o777 == 0o666 & ~build._UMASK
