"""The command line: default build, filters, list, check, exit codes (issue 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careprint.cli import main
from careprint.errors import Where
from careprint.text import markup


def test_build_with_filters_writes_only_what_was_asked(tmp_path, capsys):
    assert main(["build", "--handout", "overdose-risk", "--lang", "es", "--paper", "a4", "-o", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["overdose-risk.es.a4.pdf"]
    captured = capsys.readouterr()
    assert "wrote " in captured.out and "overdose-risk.es.a4.pdf" in captured.out
    assert "placeholder" in captured.err  # the default base URL is a placeholder: say so


def test_strict_refuses_the_placeholder_base_url(tmp_path, capsys):
    assert main(["build", "--strict", "-o", str(tmp_path)]) == 2
    assert "refused by --strict" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_unknown_language_exits_2_without_traceback(project, tmp_path, capsys):
    assert main(["build", "--lang", "xx", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    known = ", ".join(sorted(project.locale_codes))
    assert "de, en, es" in known  # the list is the project's locales, sorted
    assert err.strip().endswith(f"unknown language 'xx'; known: {known}")
    assert "Traceback" not in err


def test_bad_option_is_a_usage_error(capsys):
    assert main(["build", "--no-such-option"]) == 2


def test_list_names_handouts_locales_and_papers(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for word in ("naltrexone-basics", "overdose-risk", "Español", "letter", "a4"):
        assert word in out


def test_check_passes_on_the_shipped_content(capsys):
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    locales = len(list((Path(__file__).resolve().parent.parent / "locales").glob("*.yaml")))  # en, 16 full, am, fa
    assert f"ok: 3 handouts, {locales} locales, no problems" in captured.out
    assert "warning:" not in captured.err  # the placeholder base URL is a note, not a warning, in check


def test_check_lists_every_problem_and_exits_1(content, capsys):
    path = content / "handouts/overdose-risk/es.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("{number} de inmediato.", "{numero} de inmediato.")
    text = text.replace('steps.title: "Si alguien', 'steps.title: "<u>Si</u> alguien')
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--root", str(content)]) == 1
    err = capsys.readouterr().err
    assert "placeholder {number} missing (present in en)" in err
    assert "unknown markup tag <u>" in err
    # {number} appears twice (warning panel, step 1): two messages each, plus the tag
    assert err.strip().endswith("\n5 errors, 0 warnings.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 < 6 & <b>bold</b>", [markup.Span("5 < 6 & "), markup.Span("bold", bold=True)]),
        ("<keep>50 mg</keep>", [markup.Span("50\u00a0mg")]),
        ("<b><i>x</i></b>", [markup.Span("x", bold=True, italic=True)]),
    ],
)
def test_markup_allows_only_the_small_set(text, expected):
    assert list(markup.parse(text, Where())) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<font name="Courier">x</font>', "unknown markup tag <font>; allowed: <b>, <i>, <keep>"),
        ('<a href="file:///etc/passwd">x</a>', "unknown markup tag <a>; allowed: <b>, <i>, <keep>"),
        ("<b>x", "<b> is never closed"),
        ("<b>x</i>", "closing </i> does not match <b>"),
        ('<b class="x">x</b>', "tag <b> takes no attributes (found 'class=\"x\"')"),
    ],
)
def test_markup_refuses_everything_else(text, message):
    with pytest.raises(Exception) as info:
        markup.parse(text, Where())
    assert str(info.value) == message


def test_paragraph_markup_escapes_text(project):
    from careprint.text.fonts import FontSet

    fonts = FontSet(("atkinson-hyperlegible",), "en")
    out = fonts.paragraph_markup(markup.parse("a < b & c", Where()), Where())
    assert "&lt;" in out and "&amp;" in out and "< b" not in out


def test_python_dash_m_careprint_runs_the_same_command_line():
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, "-m", "careprint", "list"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0 and "naltrexone-basics" in done.stdout, done.stderr
