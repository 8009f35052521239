"""Content, layout and stock files: every value is validated and bounded, and check refuses what build refuses (issue 11).

Each test breaks one thing in a private copy of the content (the ``content``
fixture) and asserts the message a user reads. Test names carry the item id
of the robustness report (``../shared/reports/robustness-2026-11-30.md``).
"""

from __future__ import annotations

import pytest

from careprint import build
from careprint.cli import main
from careprint.content.project import Project
from careprint.errors import CareprintError, ErrorList, FitError
from careprint.translate import checks

HANDOUT = "handouts/overdose-risk"


def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _set_line(path, key, value):
    """Replace the whole line that starts with ``key:``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{key}:")
    path.write_text(text[:start] + f"{key}: {value}" + text[text.index("\n", start):], encoding="utf-8")


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _errors(exc: CareprintError) -> list[str]:
    return [str(e) for e in (exc.errors if isinstance(exc, ErrorList) else [exc])]


def _resolve_errors(content, lang="en", handout="overdose-risk") -> list[str]:
    project = Project(content)
    with pytest.raises(CareprintError) as info:
        project.resolve(handout, lang, project.clinic())
    return _errors(info.value)


def _check(content, capsys, *args) -> tuple[int, str]:
    code = main(["check", "--root", str(content), *args])
    return code, capsys.readouterr().err


def _layout_errors(content, name="handout") -> list[str]:
    loader = build.load_handout_layout if name == "handout" else build.load_card_layout
    with pytest.raises(CareprintError) as info:
        loader(content / "layouts" / f"{name}.yaml")
    return _errors(info.value)


# --- M4: a column or warning panel taller than a page -------------------------------------------------------


def test_m4_column_too_tall_is_a_fit_error_and_other_languages_still_build(content, capsys):
    path = content / HANDOUT / "es.yaml"
    # tell.where sits in the right-hand column of a two-column block (content 1.1)
    _replace(path, 'tell.where: "<b>Mi naloxona', 'tell.where: "' + "Los opioides no funcionan. " * 100 + "<b>Mi naloxona")
    out = content / "out"
    assert main(["build", "--root", str(content), "--handout", "overdose-risk", "--lang", "es", "--lang", "de",
                 "-o", str(out)]) == 1
    err = capsys.readouterr().err
    line = _line_of(path, "tell.where:")
    assert f"handouts/overdose-risk/es.yaml:{line}: tell.where [es]: the column is " in err
    assert "mm too tall for one letter page even at 12 pt body text; shorten the text" in err
    assert "Traceback" not in err and "LayoutError" not in err
    assert sorted(p.name for p in out.glob("*.pdf")) == ["overdose-risk.de.letter.pdf"]


def test_m4_warning_panel_too_tall_is_a_fit_error_that_check_lists(content, capsys):
    path = content / HANDOUT / "en.yaml"
    item = '    - "Your risk is also high after you miss a dose, and in the last week before your next shot is due."\n'
    _replace(path, item, item * 64)
    code, err = _check(content, capsys, "--lang", "en")
    assert code == 1
    line = _line_of(path, "warn.body:") + 1  # the first item's line
    assert (f"handouts/overdose-risk/en.yaml:{line}: warn.body [en]: the warning panel is " in err), err
    assert "too tall for one letter page even at 12 pt body text; shorten the text (letter)" in err
    assert "too tall for one a4 page" in err  # every paper is listed
    assert "Traceback" not in err


# --- M10, M14: numbers in layout and locale files are finite and in range ----------------------------------


@pytest.mark.parametrize("value, found", [(".inf", "inf"), ("1.0e+9", "1e+09"), (".nan", "nan"), ("-13", "-13")])
def test_m10_type_size_out_of_range_is_refused(content, value, found):
    path = content / "layouts/handout.yaml"
    _replace(path, "  body: 13 ", f"  body: {value} ")
    assert _layout_errors(content) == [
        f"layouts/handout.yaml:{_line_of(path, '  body:')}: type_pt.body: expected a size in pt from 12 to 40, found {found}"
    ]


def test_m14_nan_qr_size_on_handouts_is_refused(content):
    path = content / "layouts/handout.yaml"
    _replace(path, "size_mm: 22", "size_mm: .nan")
    assert _layout_errors(content) == [
        f"layouts/handout.yaml:{_line_of(path, 'size_mm')}: qr.size_mm: expected a QR code size in mm from 20 to 60, found nan"
    ]


def test_m14_nan_minimum_card_type_is_refused(content):
    path = content / "layouts/card.yaml"
    _replace(path, "\nmin_pt: 8.0 ", "\nmin_pt: .nan ")  # not key_min_pt, the line above it
    assert _layout_errors(content, "card") == [
        f"layouts/card.yaml:{_line_of(path, 'min_pt: .nan')}: min_pt: expected a size in pt from 6.5 to 20, found nan"
    ]


@pytest.mark.parametrize("pattern", ["{year:>100000000}", "{month.upper} {day.__class__.__mro__}", "{day.__class__}",
                                     "{months[0]}", "{0}", "{day!r}"])
def test_m10_m12_date_format_takes_named_fields_only(content, pattern):
    path = content / "locales/es.yaml"
    _set_line(path, "date_format", f'"{pattern}"')
    with pytest.raises(CareprintError) as info:
        Project(content).locale("es")
    [message] = _errors(info.value)
    assert message.startswith(f"locales/es.yaml:{_line_of(path, 'date_format')}: date_format [es]: date_format may "
                              "use {day} {dd} {month} {mm} {year} only, found {")


def test_m12_date_format_prints_only_its_fields(project):
    import datetime as dt

    locale = project.locale("en")
    assert locale.format_date(dt.date(2026, 11, 20)) == "November 20, 2026"


# --- M13, L15: empty lists, blank text and tabs are refused before rendering --------------------------------


def test_m13_empty_list_in_english_is_refused(content, capsys):
    path = content / HANDOUT / "en.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  signs.list:\n")
    end = text.index("\n  ", text.index("\n", start) + 1)
    while text[end + 3] == "-" or text[end + 3] == " ":
        end = text.index("\n  ", end + 1)
    path.write_text(text[:start] + "  signs.list: []" + text[end:], encoding="utf-8")
    expected = (f"handouts/overdose-risk/en.yaml:{_line_of(path, 'signs.list')}: signs.list [en]: expected a list of "
                "one or more texts, found an empty list")
    assert _resolve_errors(content) == [expected]
    code, err = _check(content, capsys, "--lang", "en", "--no-render")
    assert code == 1 and expected in err and "IndexError" not in err


@pytest.mark.parametrize("title", ['""', '"   "', '"\u00a0\u00a0"', '"<b> </b>"'])
def test_m13_blank_title_is_refused(content, title):
    path = content / HANDOUT / "en.yaml"
    _replace(path, 'title: "Naltrexone and overdose risk"', f"title: {title}")
    assert _resolve_errors(content) == [
        f"handouts/overdose-risk/en.yaml:{_line_of(path, '  title:')}: title [en]: text is empty (only spaces or "
        "markup); write the text, or remove the key"
    ]


def test_l15_tab_in_content_is_reported_by_check_without_rendering(content, capsys):
    path = content / HANDOUT / "es.yaml"
    _replace(path, 'pain.body: "Los medicamentos', 'pain.body: "Los\\tmedicamentos')
    code, err = _check(content, capsys, "--lang", "es", "--no-render")
    assert code == 1
    assert (f"handouts/overdose-risk/es.yaml:{_line_of(path, 'pain.body:')}: pain.body [es]: a tab (U+0009) cannot be "
            "printed; use a space") in err


def test_l15_status_of_an_empty_root_says_there_is_no_content(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["status", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "handouts: no content here: expected handouts/<id>/handout.yaml files (is --root right?)" in err


# --- M17: malformed YAML and files of the wrong kind -------------------------------------------------------


def test_m17_deep_nesting_is_refused_without_recursion_error(content):
    path = content / HANDOUT / "en.yaml"
    _replace(path, "strings:\n", "deep: " + "[" * 5000 + "]" * 5000 + "\nstrings:\n")
    [message] = _resolve_errors(content)
    assert message == (f"handouts/overdose-risk/en.yaml:{_line_of(path, 'deep:')}: [en]: YAML syntax error, column 26: "
                       "nested more than 20 levels deep")


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x7f"])
def test_m17_raw_control_character_in_a_file_is_refused(content, char):
    path = content / HANDOUT / "en.yaml"
    _replace(path, "Why your risk", f"Why{char}your risk")
    assert _resolve_errors(content) == [
        f"handouts/overdose-risk/en.yaml:{_line_of(path, 'why.title')}: [en]: control character U+{ord(char):04X} "
        "is not allowed in a YAML file; delete it (or use a space)"
    ]


@pytest.mark.parametrize("relative", [f"{HANDOUT}/en.yaml", f"{HANDOUT}/handout.yaml", "locales/es.yaml",
                                      "layouts/stock/avery-5371.yaml"])
def test_m17_a_folder_in_place_of_a_file_is_refused(content, capsys, relative):
    path = content / relative
    path.unlink()
    path.mkdir()
    code, err = _check(content, capsys, "--no-render")
    assert code == 1
    assert any(line.startswith(f"{relative}: ") and line.endswith(": expected a YAML file, found a folder")
               for line in err.splitlines()), err
    assert "IsADirectoryError" not in err


def test_m17_locale_without_fonts_is_refused(content):
    path = content / "locales/es.yaml"
    _set_line(path, "fonts", "[]")
    with pytest.raises(CareprintError) as info:
        Project(content).locale("es")
    assert _errors(info.value) == [
        f"locales/es.yaml:{_line_of(path, 'fonts:')}: fonts [es]: expected a list of one or more font family names"
    ]


def test_m17_card_colour_is_validated(content):
    path = content / "layouts/card.yaml"
    _replace(path, 'band: "#8c1d18"', 'band: "zzz"')
    assert _layout_errors(content, "card") == [
        f"layouts/card.yaml:{_line_of(path, 'band: ')}: colors.band: expected a colour like '#0b3a66', found 'zzz'"
    ]


def test_m17_paper_size_written_as_text_is_one_error(content):
    path = content / "layouts/handout.yaml"
    _replace(path, "letter: {width_mm: 215.9,", "letter: {width_mm: 1e300,")  # YAML 1.1: no dot, so text
    assert _layout_errors(content) == [
        f"layouts/handout.yaml:{_line_of(path, 'letter:')}: papers.letter.width_mm: expected a number, found text '1e300'"
    ]


@pytest.mark.parametrize("old, new, message", [
    ("card_mm: {width: 85.60", "card_mm: {width: -85.60", "card_mm.width: expected a width in mm from 40 to 120, found -85.6"),
    ("qr_mm: 20.0 ", "qr_mm: 500 ", "qr_mm: expected a QR code size in mm from 15 to 40, found 500"),
])
def test_m17_card_sizes_out_of_range_are_refused(content, old, new, message):
    path = content / "layouts/card.yaml"
    _replace(path, old, new)
    assert _layout_errors(content, "card") == [f"layouts/card.yaml:{_line_of(path, new.split(':')[0] + ':')}: {message}"]


# --- L9: check refuses every layout value build refuses ----------------------------------------------------


@pytest.mark.parametrize("old, new, message", [
    ("leading: 1.3 ", "leading: 0 ", "leading: expected a multiple of the type size from 1 to 2.5, found 0"),
    ("leading: 1.3 ", "leading: -5 ", "leading: expected a multiple of the type size from 1 to 2.5, found -5"),
    ("left: 18,", "left: -18,", "margins_mm.left: expected a margin in mm from 5 to 60, found -18"),
    ("{width_mm: 210.0, height_mm: 297.0}", "{width_mm: 100.0, height_mm: 297.0}",
     "margins_mm: the margins leave 64 × 259 mm for text on a4; at least 80 mm each way"),
    ('text: "#111111"', 'text: "#ffffff"',
     "colors.text: #ffffff on white paper has a contrast of 1.0:1; text needs at least 4.5:1 (WCAG AA)"),
])
def test_l9_check_without_rendering_refuses_bad_layout_values(content, capsys, old, new, message):
    path = content / "layouts/handout.yaml"
    _replace(path, old, new)
    line = _line_of(path, message.split(":")[0].split(".")[-1] + ":")
    code, err = _check(content, capsys, "--no-render")
    assert code == 1
    assert f"layouts/handout.yaml:{line}: {message}" in err, err


def test_l9_check_refuses_a_clinic_stock_that_build_refuses(content, capsys):
    _replace(content / "clinic/default.yaml", "default_stock: avery-5371", "default_stock: no-such-stock")
    code, err = _check(content, capsys, "--no-render")
    assert code == 1 and "unknown stock 'no-such-stock'" in err


# --- L11: symlinks out of the content root ------------------------------------------------------------------


def test_l11_symlink_outside_the_root_is_refused_without_quoting_it(content, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text("root:x:0:0:secret-value\n", encoding="utf-8")
    path = content / HANDOUT / "en.yaml"
    path.unlink()
    path.symlink_to(secret)
    [message] = _resolve_errors(content)
    assert message.endswith(f"overdose-risk/en.yaml: [en]: is a link to a file outside the content root {content}; "
                            "copy the file into the content folder instead")
    assert "root:x" not in message and "secret-value" not in message


# --- L12: a fit-cache entry is only a hint ------------------------------------------------------------------


@pytest.mark.parametrize("entry", ["12.0", "12.0 " + "0" * 64, "13.0 " + "0" * 64])
def test_l12_an_edited_fit_cache_entry_does_not_change_the_output(project, clinic, tmp_path, monkeypatch, entry):
    monkeypatch.setattr(build, "cache_dir", lambda: tmp_path)  # a private fit cache (fonts stay where they are)
    monkeypatch.setattr(build, "_FIT_SIZES", {})
    job = build.HandoutJob("overdose-risk", "en", "letter")
    first, _ = build.render_handout(project, clinic, job)
    [path] = (tmp_path / build.FIT_FOLDER).iterdir()
    assert path.read_text(encoding="ascii").startswith("13.0 ")  # this handout fits at the full 13 pt
    path.write_text(entry, encoding="ascii")  # in range, but not what the search chose (or not signed)
    monkeypatch.setattr(build, "_FIT_SIZES", {})  # a new process: only the cache folder remembers
    second, _ = build.render_handout(project, clinic, job)
    assert second == first
    assert path.read_text(encoding="ascii").startswith("13.0 ")  # rewritten by the search


# --- L13: stock templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("old, new, message", [
    ("rows: 5", "rows: 0", "rows: expected a count from 1 to 20, found 0"),
    ("columns: 2", "columns: -2", "columns: expected a count from 1 to 20, found -2"),
    ("origin_mm: {x: 19.05", "origin_mm: {x: -19.05", "origin_mm.x: expected a distance from the sheet edge in mm "
     "from 0 to 500, found -19.05"),
    ("card_mm: {width: 88.9", "card_mm: {width: 0", "card_mm.width: expected a card size in mm from 20 to 200, found 0"),
    ("pitch_mm: {x: 88.9", "pitch_mm: {x: 80", "pitch_mm: pitch x is smaller than the card width: cards would overlap"),
    ("origin_mm: {x: 19.05", "origin_mm: {x: 40", "origin_mm: the last column ends at 217.80 mm, past the sheet width"),
])
def test_l13_stock_geometry_is_range_checked(content, old, new, message):
    path = content / "layouts/stock/avery-5371.yaml"
    _replace(path, old, new)
    with pytest.raises(CareprintError) as info:
        build.load_stock(path, build.load_handout_layout(content / "layouts/handout.yaml").papers)
    assert _errors(info.value) == [f"layouts/stock/avery-5371.yaml:{_line_of(path, new.split(':')[0] + ':')}: {message}"]


# --- L14: size limits ---------------------------------------------------------------------------------------


def test_l14_a_file_over_the_size_limit_is_refused(content):
    path = content / HANDOUT / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * 1_000_000 + "\n", encoding="utf-8")
    assert _resolve_errors(content) == [
        "handouts/overdose-risk/en.yaml: [en]: file is larger than 1,000,000 bytes, the limit for one careprint file"
    ]


def test_l14_a_200000_word_paragraph_is_refused_before_layout(content, monkeypatch):
    from careprint.render import handout

    monkeypatch.setattr(handout, "_render_once", lambda *a: pytest.fail("laid out"))
    path = content / HANDOUT / "en.yaml"
    _replace(path, 'why.body: "Naltrexone blocks', 'why.body: "' + "a " * 200_000 + "Naltrexone blocks")
    [message] = _resolve_errors(content)
    assert message.startswith(f"handouts/overdose-risk/en.yaml:{_line_of(path, 'why.body')}: why.body [en]: text of 400,")
    assert message.endswith(" characters; at most 5,000 characters in one text: shorten it or split it")


def test_l14_errors_for_one_file_are_capped(content, capsys):
    path = content / HANDOUT / "en.yaml"
    _replace(path, "strings:\n", "strings:\n" + "".join(f"  extra{i}: x\n" for i in range(120)))
    more = "handouts/overdose-risk/en.yaml: [en]: ...and 70 more problems in this file (at most 50 are listed)"
    messages = _resolve_errors(content)
    assert len(messages) == 51 and messages[-1] == more
    code, err = _check(content, capsys, "--lang", "en", "--no-render")  # check caps again: the count survives
    lines = [line for line in err.splitlines() if line.startswith("handouts/overdose-risk/en.yaml")]
    assert code == 1 and len(lines) == 51 and lines[-1] == more


def test_l9_m4_check_reports_fit_errors_in_every_language(content, clinic):
    """check goes on after one language's column is too tall, as build does."""
    path = content / HANDOUT / "es.yaml"
    # tell.where sits in the right-hand column of a two-column block (content 1.1)
    _replace(path, 'tell.where: "<b>Mi naloxona', 'tell.where: "' + "Los opioides no funcionan. " * 100 + "<b>Mi naloxona")
    problems = checks.run(Project(content), clinic, ("es", "de"))
    fit = sorted(str(p) for p in problems if isinstance(p, FitError))
    assert len(fit) == 2 and all("tell.where [es]: the column is " in message for message in fit)
    assert fit[0].endswith("shorten the text (a4)") and fit[1].endswith("shorten the text (letter)")
