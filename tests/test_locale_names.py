"""Names written into translation files cannot add YAML lines; a review changes every file or none (issue 11, L8)."""

from __future__ import annotations

import errno
from pathlib import Path

from careprint import build
from careprint.cli import main
from careprint.content import yamlio


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _es_files(root: Path) -> dict[Path, bytes]:
    paths = [root / "locales/es.yaml", *sorted((root / "handouts").glob("*/es.yaml"))]
    return {path: path.read_bytes() for path in paths}


def test_l8_a_reviewer_name_with_a_line_break_is_refused_and_a_plain_one_is_quoted(content, capsys):
    before = _es_files(content)
    code, _, err = _run(capsys, "locale", "review", "es", "--by", "Dr X\nstatus: reviewed\nreviewed_text: zz",
                        "--on", "2026-11-20", "--root", str(content))
    assert code == 2
    assert "--by: the name holds a line break (U+000A): the field is one line; put it on one line" in err
    assert _es_files(content) == before
    name = 'Dr. O\'Brien: "MD" # lead'
    code, _, _ = _run(capsys, "locale", "review", "es", "--by", name, "--on", "2026-11-20", "--root", str(content))
    assert code == 0
    data = yamlio.load(content / "locales/es.yaml", "es")
    assert data["reviewer"] == name and data["status"] == "reviewed"


def test_l8_a_language_name_with_a_line_break_is_refused(content, capsys):
    code, _, err = _run(capsys, "locale", "new", "so", "--name", "Somali\nstatus: reviewed", "--native-name",
                        "Soomaali", "--root", str(content))
    assert code == 2 and "--name: the name holds a line break (U+000A)" in err
    code, _, err = _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soo\u202emaali",
                        "--root", str(content))
    assert code == 2 and "--native-name: the name holds a bidi control (U+202E)" in err
    assert not list(content.rglob("so.yaml"))


def test_l8_a_review_that_cannot_write_a_file_changes_none(content, capsys, monkeypatch):
    before = _es_files(content)
    real_write = build.write_atomic
    calls = []

    def disk_full_once(path, data):
        calls.append(path)
        if len(calls) == 4:  # the second file's first rewrite
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(build, "write_atomic", disk_full_once)
    code, _, err = _run(capsys, "locale", "review", "es", "--by", "A. Reviewer", "--on", "2026-11-20",
                        "--root", str(content))
    assert code == 1
    assert "not marked reviewed, no file was changed: No space left on device" in err
    assert _es_files(content) == before
