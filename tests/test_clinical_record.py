"""Issue 12: the clinical review record, honest sources, and country-dependent text.

"Reviewed" prints only with a named clinician who approved this exact content;
otherwise the handout says when it was last updated. Each test works on a
private copy of the content (the ``content`` fixture).
"""

from __future__ import annotations

from pdfcheck import page_texts

from careprint.cli import main
from careprint.content.project import Project

NAME = "Dr. A. Example, PharmD"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _build_en(capsys, content, *extra) -> tuple[int, str, str]:
    return _run(capsys, "build", "--root", str(content), "--handout", "overdose-risk", "--lang", "en",
                "-o", str(content / "out"), *extra)


def _text(content) -> str:
    return " ".join(page_texts(content / "out" / "overdose-risk.en.letter.pdf"))


def test_footer_says_updated_until_a_clinician_reviews(content, capsys):
    updated = Project(content).structure("overdose-risk")["updated"]
    assert _build_en(capsys, content)[0] == 0
    text = _text(content)
    assert f"Updated {updated:%B} {updated.day}, {updated.year}" in text
    assert "Reviewed" not in text


def test_review_command_records_the_clinician_and_the_footer_names_them(content, capsys):
    path = content / "handouts" / "overdose-risk" / "handout.yaml"
    before = path.read_text(encoding="utf-8")
    code, out, _ = _run(capsys, "review", "overdose-risk", "--by", NAME, "--on", "2026-12-01", "--root", str(content))
    assert code == 0 and f"overdose-risk: reviewed by {NAME}, 2026-12-01" in out
    after = path.read_text(encoding="utf-8")
    assert [line for line in before.splitlines() if line.startswith("#")] == \
        [line for line in after.splitlines() if line.startswith("#")]  # comments kept
    assert _build_en(capsys, content)[0] == 0
    assert f"Reviewed by {NAME}, December 1, 2026" in _text(content)
    code, out, _ = _run(capsys, "status", "--root", str(content), "--lang", "es")
    assert f"overdose-risk         reviewed by {NAME}, 2026-12-01" in out
    assert "naltrexone-basics     not reviewed by a clinician" in out


def test_review_is_void_once_the_english_changes(content, capsys):
    _run(capsys, "review", "overdose-risk", "--by", NAME, "--on", "2026-12-01", "--root", str(content))
    english = content / "handouts" / "overdose-risk" / "en.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("title: ", "title: New ", 1), encoding="utf-8")
    code, _, err = _build_en(capsys, content)
    assert code == 0
    assert f"the content changed after {NAME} reviewed it on 2026-12-01" in err
    assert "Reviewed by" not in _text(content)
    code, _, err = _build_en(capsys, content, "--reviewed-only")
    assert code == 2 and "no clinician has reviewed this version of the content" in err


def test_reviewed_only_needs_the_clinical_review_even_in_english(content, capsys):
    code, _, err = _build_en(capsys, content, "--reviewed-only")
    assert code == 2
    assert "overdose-risk: no clinician has reviewed this version of the content; --reviewed-only refuses it" in err
    _run(capsys, "review", "overdose-risk", "--by", NAME, "--root", str(content))
    assert _build_en(capsys, content, "--reviewed-only")[0] == 0


def test_review_name_with_a_line_break_is_refused_and_nothing_is_written(content, capsys):
    path = content / "handouts" / "overdose-risk" / "handout.yaml"
    before = path.read_bytes()
    code, _, err = _run(capsys, "review", "overdose-risk", "--by", "Dr X\nstatus: reviewed", "--root", str(content))
    assert code == 2 and "--by: the name holds a control character" in err
    assert path.read_bytes() == before


def test_sources_are_authoritative_with_dates_and_addresses(project, built_handouts):
    for (handout, lang), pdf in built_handouts.items():
        text = " ".join(page_texts(pdf))
        assert "Curednation" not in text and "careprint editors" not in text and "README" not in text
        for source in project.structure(handout)["sources"]:
            assert source["date"] in text, (handout, lang, source["title"])
        if lang != "en":
            assert "Estas fuentes están en inglés." in text


def _country(content, line: str, code: str = "ZZ") -> None:
    path = content / "clinic" / "countries.yaml"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    clinic = content / "clinic" / f"{code.lower()}.yaml"
    clinic.write_text(f'country: {code}\nbase_url: "https://clinic.example.org/info"\n', encoding="utf-8")


def _add_block(content, block: str, key: str, text: str) -> None:
    structure = content / "handouts" / "overdose-risk" / "handout.yaml"
    blocks = structure.read_text(encoding="utf-8")  # first among the printed blocks (web-only ones follow 'more:')
    structure.write_text(blocks.replace("blocks:\n", f"blocks:\n  - {block}\n", 1), encoding="utf-8")
    english = content / "handouts" / "overdose-risk" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + f'  {key}: "{text}"\n', encoding="utf-8")


def test_a_block_marked_when_prints_only_where_the_country_says_yes(content, capsys):
    _add_block(content, "{paragraph: law.body, when: good_samaritan}", "law.body", "A law protects people who call.")
    _country(content, 'ZY: {name: Yesland, emergency: "112", paper: a4, good_samaritan: yes}', "ZY")
    _country(content, 'ZZ: {name: Testland, emergency: "112", paper: a4, good_samaritan: unknown}')
    project = Project(content)
    for code, prints in (("zy", True), ("zz", False)):
        doc = project.resolve("overdose-risk", "en", project.clinic(content / "clinic" / f"{code}.yaml"))
        printed = {b.texts[0].plain for b in doc.blocks if b.kind == "paragraph"}
        assert ("A law protects people who call." in printed) is prints, code


def test_crisis_line_outside_a_when_block_is_an_error_where_none_is_known(content, capsys):
    _add_block(content, "{paragraph: crisis.body}", "crisis.body", "Call or text {crisis}.")
    _country(content, 'ZZ: {name: Testland, emergency: "112", paper: a4, crisis: unknown}')
    code, _, err = _run(capsys, "check", "--no-render", "--lang", "en", "--root", str(content),
                        "--clinic", str(content / "clinic" / "zz.yaml"))
    assert code == 1
    assert ("crisis.body [en]: uses {crisis}, but clinic/countries.yaml knows no crisis line for Testland; "
            "put this text in a block marked 'when: crisis_line'") in err


def test_unknown_country_fact_value_is_refused(content, capsys):
    _country(content, 'ZZ: {name: Testland, emergency: "112", paper: a4, naloxone_otc: maybe}')
    code, _, err = _run(capsys, "check", "--no-render", "--lang", "en", "--root", str(content))
    assert code == 1 and "ZZ.naloxone_otc: expected yes, no or unknown" in err
