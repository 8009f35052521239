"""Personal values print as typed or are refused naming the field, never the value (issue 11).

Item ids (H1, H4, M1-M3, L1-L4, L7) are those of the robustness report of
2026-11-30; "RTL" is the print review's item 2 (a phone number after an
Arabic name printed reversed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdfcheck import page_texts

from careprint import build
from careprint.batch import personal
from careprint.cli import main
from careprint.content import values
from careprint.content.project import Project
from careprint.errors import ContentError, GlyphError, Where
from careprint.render import card
from careprint.text.bidi import RtlParagraph
from careprint.text.fonts import FontSet

HEADER = "language,name,form,last_dose,phone,contact\n"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _batch(tmp_path: Path, capsys, rows: str, *extra: str) -> tuple[int, str, str]:
    """Run a batch of personalised cards from a CSV holding rows; return (exit code, stdout, stderr)."""
    (tmp_path / "patients.csv").write_text(rows, encoding="utf-8", newline="")
    manifest = tmp_path / "batch.yaml"
    manifest.write_text("out: out\npersonal:\n  csv: patients.csv\n  stock: avery-5371\n", encoding="utf-8")
    return _run(capsys, "batch", str(manifest), "--jobs", "1", *extra)


def _printed(tmp_path: Path) -> str:
    return "\n".join(page_texts(tmp_path / "out/print/personal.avery-5371.long.001.pdf"))


# H1: whitespace controls never crash; M3: a newline in a value is refused, not deleted.
@pytest.mark.parametrize(("char", "what"), [("\t", "a tab (U+0009)"), ("\x0b", "a line break (U+000B)"),
                                            ("\x0c", "a line break (U+000C)"), ("\n", "a line break (U+000A)"),
                                            ("\x1f", "a control character (U+001F)")])
def test_h1_m3_whitespace_controls_in_a_card_value_are_refused_naming_the_field(capsys, tmp_path, char, what):
    code, _, err = _run(capsys, "card", "--lang", "en", "--contact", f"Sam{char}Quuxworth", "-o", str(tmp_path / "c.pdf"))
    assert code == 1
    assert f"--contact [en]: this value holds {what}" in err
    assert "Quuxworth" not in err and not (tmp_path / "c.pdf").exists()


def test_h1_ideographic_space_prints_as_a_space_on_a_latin_card(capsys, tmp_path):
    out = tmp_path / "c.pdf"
    assert _run(capsys, "card", "--lang", "en", "--name", "Alex\u3000Example", "-o", str(out))[0] == 0
    assert "Alex Example" in page_texts(out)[0]


def test_h1_a_tab_in_a_csv_cell_refuses_that_row_and_the_others_print(tmp_path, capsys):
    rows = HEADER + "en,Ann Quux,pill,,,\nen,Bob Quux,pill,,555-0100,Sam\t555\nen,Cat Quux,pill,,,\n"
    code, out, err = _batch(tmp_path, capsys, rows)
    assert code == 1
    assert "patients.csv:3: contact: this cell holds a tab (U+0009): use a space" in err
    assert "personalised cards: 3 CSV rows, 2 printed, 1 failed" in out
    printed = _printed(tmp_path)
    assert "Ann Quux" in printed and "Cat Quux" in printed and "Bob Quux" not in printed
    assert "Bob" not in out + err and "Sam" not in out + err


# H4: a CSV error never repeats a cell.
def test_h4_a_csv_without_its_header_row_is_refused_without_echoing_the_first_patient(tmp_path, capsys):
    code, out, err = _batch(tmp_path, capsys, "en,Zebediah Quuxworth,pill,2026-11-20,555-0199,\n")
    assert code == 1
    assert ("patients.csv:1: columns 1, 2, 3, 4, 5, 6 of the first line are not known column names "
            "(is the header row missing?); expected a header row with: language, name, form, last_dose, phone, "
            "contact") in err
    assert "Zebediah" not in out + err and "555-0199" not in out + err


def test_h4_a_name_shifted_into_language_is_not_echoed(tmp_path, capsys):
    code, out, err = _batch(tmp_path, capsys, HEADER + "Zebediah Quuxworth,pill,2026-11-20,555-0199,,\n")
    assert code == 1
    assert "patients.csv:2: language, form, last_dose: not a known language code; expected one of: am, ar, de, en," in err
    assert "Zebediah" not in out + err


def test_h4_a_misspelt_header_column_gets_a_suggestion_from_the_known_names(tmp_path, capsys):
    code, _, err = _batch(tmp_path, capsys, "langauge,name\nen,Ann\n")
    assert code == 1
    assert ("patients.csv:1: column 1 of the first line is not a known column name "
            "(column 1: did you mean 'language'?)") in err


# M1: private-use characters are not covered by any font.
def test_m1_private_use_characters_in_a_card_value_are_refused(capsys, tmp_path):
    code, _, err = _run(capsys, "card", "--lang", "en", "--phone", "555-\ue001\ue002", "-o", str(tmp_path / "c.pdf"))
    assert code == 1
    assert "--phone [en]: this value holds a private-use character (U+E001) that no font prints; remove it" in err


def test_m1_the_fonts_internal_private_use_codes_are_not_coverage():
    fonts = FontSet(("atkinson-hyperlegible", "noto-sans"), "en")
    assert not any(values_code in fam.cmap for fam in fonts.families for values_code in (0xE000, 0xE001, 0xE002))
    with pytest.raises(GlyphError) as info:
        fonts.check("Hello \ue000 world", Where("x.yaml", 3, "why.body", "en"))
    assert str(info.value).startswith("x.yaml:3: why.body [en]: character '\\ue000' (U+E000) at position 7 is not "
                                      "covered by any font for this language")


def test_m1_a_private_use_character_in_content_is_a_glyph_error_naming_file_key_and_language(content):
    path = content / "handouts/overdose-risk/en.yaml"
    text = path.read_text(encoding="utf-8")
    assert "When you stop it" in text
    path.write_text(text.replace("When you stop it", "When \ue000 you stop it"), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  why.body:"))
    project = Project(content)
    job = next(j for j in build.handout_jobs(project, project.clinic(), langs=["en"]) if j.handout == "overdose-risk")
    with pytest.raises(GlyphError) as info:
        build.build_handout(project, project.clinic(), job, content / "out")
    assert str(info.value).startswith(f"handouts/overdose-risk/en.yaml:{line}: why.body [en]: character '\\ue000' (U+E000)")


# M2: bidi controls would reorder or hide what prints.
@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                     "\u2069", "\u200e", "\u200f", "\u061c"])
def test_m2_bidi_controls_in_a_card_value_are_refused(control):
    with pytest.raises(GlyphError) as info:
        _arabic_card(card.Personal(phone=f"{control}555-0100"))
    assert str(info.value) == (f"--phone [ar]: this value holds a bidi control (U+{ord(control):04X}) that would reorder "
                               "or hide characters; remove it (careprint keeps numbers in order itself)")


def test_m2_a_bidi_override_in_a_csv_cell_refuses_that_row(tmp_path, capsys):
    code, out, err = _batch(tmp_path, capsys, HEADER + "ar,Ann,pill,,\u202e555-0100,\nen,Cat Quux,pill,,,\n")
    assert code == 1
    assert "patients.csv:2: phone: this cell holds a bidi control (U+202E)" in err
    assert "personalised cards: 2 CSV rows, 1 printed, 1 failed" in out


# M3: a line break inside a content string is a space between words.
def test_m3_a_line_break_in_a_content_block_is_a_space_between_words(content):
    path = content / "handouts/overdose-risk/en.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  title: "Naltrexone and overdose risk"\n', "  title: |\n    Naltrexone\n"
                                 "    and overdose risk\n"), encoding="utf-8")
    project = Project(content)
    job = next(j for j in build.handout_jobs(project, project.clinic(), langs=["en"]) if j.handout == "overdose-risk")
    first_page = page_texts(build.build_handout(project, project.clinic(), job, content / "out").path)[0]
    assert "Naltrexoneand" not in first_page
    assert "Naltrexone and overdose risk" in " ".join(first_page.split())


# L1, L2, L3: the shape of the CSV file.
def test_l1_a_duplicated_header_column_is_refused_naming_the_column(tmp_path, capsys):
    code, out, err = _batch(tmp_path, capsys, "language,name,name,form\nen,Ann Quux,Other Person,pill\n")
    assert code == 1
    assert "patients.csv:1: column 'name' appears more than once in the header (columns 2, 3); keep one" in err
    assert "Other Person" not in out + err and not (tmp_path / "out/print").exists()


def test_l2_an_unclosed_quote_never_puts_two_patients_on_one_card(tmp_path, capsys):
    rows = HEADER + 'en,"Ann Quux,pill,,,\nen,Bob Quux",pill,,,\nen,Cat Quux,pill,,,\n'
    code, out, err = _batch(tmp_path, capsys, rows)
    assert code == 1
    assert ('patients.csv:2: name: this row runs over lines 2 to 3: a quote (") is not closed, or a cell holds a '
            "line break; each row must be one line") in err
    assert "personalised cards: 2 CSV rows, 1 printed, 1 failed" in out
    printed = _printed(tmp_path)
    assert "Cat Quux" in printed and "Ann" not in printed and "Bob" not in printed


def test_l3_a_cell_over_the_csv_modules_limit_is_that_rows_error(tmp_path, capsys):
    rows = HEADER + "en,Ann Quux,pill,,,\n" + "en," + "x" * 140_000 + ",pill,,,\nen,Cat Quux,pill,,,\n"
    code, out, err = _batch(tmp_path, capsys, rows)
    assert code == 1
    assert ("patients.csv:3: this row cannot be read: a cell is longer than 131072 characters "
            "(the limit for a cell is 500)") in err
    printed = _printed(tmp_path)
    assert "Ann Quux" in printed and "Cat Quux" in printed


def test_l3_a_cell_over_the_cell_limit_is_that_rows_error(tmp_path, capsys):
    code, _, err = _batch(tmp_path, capsys, HEADER + "en," + "Quux " * 200 + ",pill,,,\nen,Cat Quux,pill,,,\n")
    assert code == 1
    assert "patients.csv:2: name: more than 500 characters (the limit for a cell)" in err


def test_l3_csv_file_size_and_row_count_are_bounded(project, tmp_path, monkeypatch):
    # Like csv: /dev/zero, which the old code read without end (10 GB in 30 s); a file keeps a regression finite.
    monkeypatch.setattr(personal, "MAX_CSV_BYTES", 2**20)
    path = tmp_path / "p.csv"
    path.write_bytes(b"\0" * (2**20 + 1))
    with pytest.raises(ContentError) as info:
        personal.read(path, project)
    assert str(info.value).endswith("p.csv: the CSV file is larger than 1 MB (the limit); split it into smaller files")
    monkeypatch.setattr(personal, "MAX_ROWS", 2)
    path.write_text(HEADER + "en,A,,,,\nen,B,,,,\nen,C,,,,\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        personal.read(path, project)
    assert str(info.value).endswith("p.csv:4: more than 2 rows (the limit for one CSV file); split it into smaller files")


def test_l3_a_binary_manifest_is_refused_before_parsing(tmp_path, capsys):
    manifest = tmp_path / "batch.yaml"
    manifest.write_bytes(b"out: out\n\x00\x9f\x10" * 10)
    code, _, err = _run(capsys, "batch", str(manifest))
    assert code == 1 and "batch.yaml: not a text file (it holds NUL bytes)" in err
    manifest.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    code, _, err = _run(capsys, "batch", str(manifest))
    assert code == 1 and "batch.yaml: larger than 1024 KB (the limit for a manifest)" in err


# L4: dates are YYYY-MM-DD in a plausible range, at the counter and in the CSV.
@pytest.mark.parametrize(("text", "message"), [
    ("20261120", "not a real date: expected YYYY-MM-DD"),
    ("2026-W47-5", "not a real date: expected YYYY-MM-DD"),
    ("2026-02-30", "not a real date: expected YYYY-MM-DD"),
    ("0001-01-01", "not a plausible date: expected one from 1900-01-01 to "),
    ("2999-12-31", "not a plausible date: expected one from 1900-01-01 to "),
])
def test_l4_last_dose_is_a_plausible_yyyy_mm_dd_date(capsys, tmp_path, text, message):
    code, _, err = _run(capsys, "card", "--lang", "en", "--last-dose", text, "-o", str(tmp_path / "c.pdf"))
    assert code == 2 and f"argument --last-dose: {message}" in err
    code, _, err = _batch(tmp_path, capsys, HEADER + f"en,Ann,pill,{text},,\n")
    assert code == 1 and f"patients.csv:2: last_dose: {message}" in err


def test_l4_the_latest_date_is_five_years_ahead_and_named():
    assert values.latest_date(dt.date(2026, 11, 30)) == dt.date(2031, 11, 30)
    assert values.latest_date(dt.date(2028, 2, 29)) == dt.date(2033, 2, 28)
    with pytest.raises(ValueError, match=f"to {values.latest_date().isoformat()}$"):
        values.parse_date((values.latest_date() + dt.timedelta(days=1)).isoformat())
    assert values.parse_date(" 1900-01-01 ") == dt.date(1900, 1, 1)


# L7: a language with a locale but no card translation is that row's error.
def test_l7_a_row_in_a_language_without_a_card_translation_is_that_rows_error(content, capsys):
    (content / "handouts/naltrexone-card/de.yaml").unlink()
    code, out, err = _batch(content, capsys, HEADER + "de,Ann Quux,pill,,,\nen,Cat Quux,pill,,,\n",
                            "--root", str(content))
    assert code == 1
    assert ("patients.csv:2: language: the card has no translation in this language "
            "(no handouts/naltrexone-card/de.yaml); choose another language for this row") in err
    assert "personalised cards: 2 CSV rows, 1 printed, 1 failed" in out
    assert "Cat Quux" in _printed(content)


# Right-to-left values keep their order: a phone number after an Arabic word prints left to right.
def _arabic_card(person: card.Personal, project: Project | None = None) -> None:
    project = project or Project()
    build.render_card(project, project.clinic(), build.CardJob("naltrexone-card", "ar"), personal=person)


def _drawn_numbers(monkeypatch) -> dict[str, str]:
    """Record the RTL paragraphs drawn; return, per value's digits, the digits and hyphens as seen left to right."""
    drawn: list[RtlParagraph] = []
    original = RtlParagraph.draw

    def recording_draw(self):
        drawn.append(self)
        original(self)

    monkeypatch.setattr(RtlParagraph, "draw", recording_draw)

    def seen() -> dict[str, str]:
        out = {}
        for para in drawn:
            logical = "".join(ch for span in para.spans for ch in span.text if ch.isdigit() or ch == "-")
            visual = "".join(ch for line in para.lines for run in line for ch in run.text if ch.isdigit() or ch == "-")
            out[logical] = visual
        return out

    return seen


@pytest.mark.parametrize("field", ["name", "phone", "contact"])
def test_rtl_a_number_after_an_arabic_word_keeps_its_order_in_every_field(monkeypatch, field):
    seen = _drawn_numbers(monkeypatch)
    _arabic_card(card.Personal(**{field: "أحمد 555-0199"}))
    assert seen()["555-0199"] == "555-0199"  # before the fix: 0199-555


def test_rtl_numbers_in_a_csv_contact_keep_their_order(monkeypatch, tmp_path, capsys):
    seen = _drawn_numbers(monkeypatch)
    code, _, _ = _batch(tmp_path, capsys, HEADER + "ar,سارة 555-0104,pill,,+1 555 0123,أحمد (أخ) 555-0199\n")
    assert code == 0
    numbers = seen()
    assert numbers["555-0104"] == "555-0104" and numbers["555-0199"] == "555-0199" and numbers["15550123"] == "15550123"


def test_a_row_with_several_problems_is_one_failed_row(tmp_path, capsys):
    code, out, err = _batch(tmp_path, capsys, HEADER + "xx,Ann\tQuux,tablet,20261120,,\nen,Cat Quux,pill,,,\n")
    assert code == 1
    assert ("patients.csv:2: name, language, form, last_dose: this cell holds a tab (U+0009): use a space (a tab "
            "usually means the columns have slipped); not a known language code; expected one of: am, ar,") in err
    assert "personalised cards: 2 CSV rows, 1 printed, 1 failed" in out
