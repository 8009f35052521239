"""Bad input gives a clear error naming file, line, key and language (issue 2).

Each test breaks one thing in a private copy of the content and asserts the
exact message a user would read.
"""

from __future__ import annotations

import pytest

from careprint.content.project import Project
from careprint.errors import CareprintError, ErrorList, GlyphError, UsageError


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _messages(content, handout="overdose-risk", lang="es") -> list[str]:
    project = Project(content)
    with pytest.raises(CareprintError) as info:
        project.resolve(handout, lang, project.clinic())
    errors = info.value.errors if isinstance(info.value, ErrorList) else [info.value]
    return [str(e) for e in errors]


def test_yaml_syntax_error_names_file_line_and_column(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, '  why.title: "Por qué aumenta su riesgo"', '  why.title: "Por qué aumenta su riesgo')
    line = _line_of(path, "why.title")
    [message] = _messages(content)
    assert message.startswith(f"handouts/overdose-risk/es.yaml:{line + 1}: [es]: YAML syntax error, column ")
    assert message.endswith("(look at this line and the ones just above it: a missing quote, a missing space "
                            "after ':' or '-', or a wrong indent)")


def test_misspelt_string_key_suggests_the_english_key(content):
    path = content / "handouts/naltrexone-card/es.yaml"
    _replace(path, "  front.name:", "  front.nmae:")
    messages = _messages(content, "naltrexone-card")
    assert messages == [f"handouts/naltrexone-card/es.yaml:{_line_of(path, 'front.nmae')}: front.nmae [es]: "
                        "unknown key (not in en); did you mean front.name?"]


def test_unknown_key_in_a_file_header(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, "status: draft\n", "status: draft\ncolour: red\n")
    assert _messages(content) == [
        f"handouts/overdose-risk/es.yaml:{_line_of(path, 'colour')}: colour [es]: unknown key; expected one of: "
        "language, status, strings, reviewer, reviewed_on, made_from, reviewed_text, second_reviewer, "
        "second_reviewed_on"
    ]


def test_unknown_string_key_in_a_translation(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, "strings:\n", 'strings:\n  extra.key: "hola"\n')
    line = _line_of(path, "extra.key")
    assert f"handouts/overdose-risk/es.yaml:{line}: extra.key [es]: unknown key (not in en)" in _messages(content)


def test_missing_required_key_in_structure(content):
    path = content / "handouts/overdose-risk/handout.yaml"
    _replace(path, 'version: "1.1"\n', "")
    assert _messages(content) == ["handouts/overdose-risk/handout.yaml:1: version: missing required key"]


def test_translation_missing_a_key_falls_back_and_names_the_english_key(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, '  warn.title: "Peligro: la sobredosis puede ser mortal"\n', "")
    en_line = _line_of(content / "handouts/overdose-risk/en.yaml", "warn.title:")
    line = _line_of(path, "strings:")
    project = Project(content)
    doc = project.resolve("overdose-risk", "es", project.clinic())  # a draft with a missing key still resolves
    assert doc.strings["warn.title"].plain == "Warning: an overdose can kill you"  # the English text in its place
    assert [str(w) for w in project.state("overdose-risk", "es").warnings] == [
        f"handouts/overdose-risk/es.yaml:{line}: warn.title [es]: warning: missing key: prints the English text "
        f"(en.yaml:{en_line}) until it is translated"
    ]


def test_misspelt_placeholder_in_translation(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, '"Llame al {number} de inmediato.', '"Llame al {numero} de inmediato.')
    line = _line_of(path, "{numero}")
    assert _messages(content) == [
        f"handouts/overdose-risk/es.yaml:{line}: steps.list[0] [es]: placeholder {{number}} missing (present in en)",
        f"handouts/overdose-risk/es.yaml:{line}: steps.list[0] [es]: placeholder {{numero}} is not in en (misspelt?)",
    ]


def test_unknown_markup_tag_is_refused(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, '"Dele naloxona, el aerosol', '"Dele naloxona <img src=\'/etc/passwd\'/>, el aerosol')
    line = _line_of(path, "<img")
    assert _messages(content) == [
        f"handouts/overdose-risk/es.yaml:{line}: steps.list[2] [es]: unknown markup tag <img>; allowed: <b>, <i>, <keep>"
    ]


def test_unknown_language_code_is_a_usage_error(content):
    project = Project(content)
    with pytest.raises(UsageError) as info:
        project.resolve("overdose-risk", "xx", project.clinic())
    assert str(info.value) == f"unknown language 'xx'; known: {', '.join(sorted(project.locale_codes))}"
    assert info.value.exit_code == 2


def test_character_no_font_covers_is_an_error(content, tmp_path):
    from careprint import build

    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, '"Si alguien pudo haber tenido una sobredosis"', '"Si alguien pudo haber tenido una sobredosis 中"')
    line = _line_of(path, "中")
    project = Project(content)
    clinic = project.clinic()
    with pytest.raises(GlyphError) as info:
        build.build_handout(project, clinic, build.HandoutJob("overdose-risk", "es", "letter"), tmp_path / "out")
    assert str(info.value) == (
        f"handouts/overdose-risk/es.yaml:{line}: steps.title [es]: character '中' (U+4E2D) at position 45 is not "
        "covered by any font for this language (atkinson-hyperlegible, noto-sans); add a family from "
        "careprint/text/fonts.yaml to locales/es.yaml `fonts:`, or add one: TRANSLATING.md § Adding a script's font"
    )
    assert not (tmp_path / "out" / "overdose-risk.es.letter.pdf").exists()


def test_yaml_aliases_are_refused_before_they_expand(content):
    path = content / "handouts/overdose-risk/es.yaml"
    bomb = "".join(f'  l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n' for i in range(1, 30))
    _replace(path, "strings:\n", 'strings:\n  l0: &l0 "lol"\n' + bomb)
    [message] = _messages(content)
    assert message == (
        f"handouts/overdose-risk/es.yaml:{_line_of(path, 'l0:')}: [es]: YAML syntax error, column 7: "
        "anchors and aliases (& and *) are not allowed in careprint files; write the text out in full"
    )


def test_duplicate_keys_are_refused(content):
    path = content / "handouts/overdose-risk/es.yaml"
    _replace(path, "strings:\n", 'strings:\n  why.title: "otra vez"\n')
    first = _line_of(path, "  why.title:")
    second = first + 1 + [line.strip() for line in path.read_text().splitlines()[first:]].index(
        'why.title: "Por qué aumenta su riesgo"')
    [message] = _messages(content)
    assert message == f"handouts/overdose-risk/es.yaml:{second}: why.title [es]: duplicate key (first at line {first})"


def test_text_that_cannot_fit_the_page_limit_is_an_error(content, tmp_path):
    from careprint import build
    from careprint.errors import FitError

    _replace(content / "handouts/overdose-risk/handout.yaml", "max_pages: 3", "max_pages: 1")  # a one-page limit to break
    path = content / "handouts/overdose-risk/es.yaml"
    original = path.read_text(encoding="utf-8")
    assert '"No tenga miedo de llamar' in original
    too_long = []
    for sentences in (60, 120):
        long_text = " ".join(["La naltrexona bloquea los opioides."] * sentences)
        # tell.samaritan: a full-width paragraph (printed where a law protects callers: the default clinic is US)
        path.write_text(original.replace('"No tenga miedo de llamar', f'"{long_text} No tenga miedo de llamar', 1),
                        encoding="utf-8")
        project = Project(content)
        with pytest.raises(FitError) as info:
            build.build_handout(project, project.clinic(), build.HandoutJob("overdose-risk", "es", "letter"), tmp_path)
        message = str(info.value)
        assert "even at 12 pt body text; at most 1 allowed (handout.yaml max_pages): at least " in message
        too_long.append(int(message.split("at least ")[1].split(" line")[0]))
    # 60 more sentences are about 30 more lines of 12 pt text at this width (the 32 em measure: about 72 characters
    # a line).
    assert too_long[0] >= 1 and 25 <= too_long[1] - too_long[0] <= 35, too_long
    assert not list(tmp_path.glob("*.pdf"))


def test_a_broken_file_is_reported_once_however_many_jobs_read_it(content, capsys):
    from careprint.cli import main

    path = content / "handouts/naltrexone-card/es.yaml"
    _replace(path, '  front.name: "Nombre"', '  front.name: "Nombre')  # the single card and the sheet both load it
    assert main(["build", "--root", str(content), "-o", str(content / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("naltrexone-card/es.yaml:") == 1 and "YAML syntax error, column 21" in err
    assert err.strip().endswith("1 problem found.")
