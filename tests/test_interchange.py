"""Issue 15, interchange: ``locale export`` (PO, XLIFF 1.2) and ``locale import`` for CAT tools.

Each test works on a private copy of the content (the ``content`` fixture).
The XLIFF 1.2 XSD is not shipped with any package this project can install,
so exports are held to a structural check of what the strict schema requires
(see ``_assert_xliff_1_2``).
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import polib
import pytest

from careprint.cli import main
from careprint.content import state as translation
from careprint.content.project import Project
from careprint.translate import importing, interchange, po, xliff

NS = "{urn:oasis:names:tc:xliff:document:1.2}"
# XLIFF 1.2, section "state": the values a <target> may carry.
XLIFF_STATES = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation", "needs-review-l10n",
                "needs-review-translation", "needs-translation", "new", "signed-off", "translated"}
FORMATS = {"po": ".po", "xliff": ".xlf"}
FORMATS_MODULES = {"po": po, "xliff": xliff}


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _export(capsys, content, lang, fmt, *extra):
    path = content / f"{lang}{FORMATS[fmt]}"
    code, _, err = _run(capsys, "locale", "export", lang, "--format", fmt, "--root", str(content), "-o", str(path), *extra)
    assert code == 0, err
    return path


def _import(capsys, content, lang, path, *extra):
    return _run(capsys, "locale", "import", lang, str(path), "--root", str(content), *extra)


def _snapshot(content) -> dict[str, bytes]:
    files = [p for folder in ("handouts", "locales") for p in (content / folder).rglob("*") if p.is_file()]
    return {str(p.relative_to(content)): p.read_bytes() for p in files}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _po_edit(path, changes: dict[str, dict]) -> None:
    """Change PO entries by msgctxt, as a translator's tool would, and save."""
    catalog = polib.pofile(str(path))
    for entry in catalog:
        for name, value in changes.get(entry.msgctxt, {}).items():
            if name == "fuzzy":
                entry.flags = [f for f in entry.flags if f != "fuzzy"] + (["fuzzy"] if value else [])
            else:
                setattr(entry, name, value)
    for ctxt in set(changes) - {e.msgctxt for e in catalog}:
        catalog.append(polib.POEntry(msgctxt=ctxt, **changes[ctxt]))
    catalog.save(str(path))


@pytest.mark.parametrize("fmt", FORMATS)
def test_i15_round_trip_of_every_shipped_locale_leaves_every_file_byte_identical(content, fmt):
    before = _snapshot(content)
    project = Project(content)  # one project: English is parsed once (the CLI path is tested below)
    module = FORMATS_MODULES[fmt]
    for lang in project.locale_codes:
        if lang == "en":
            continue
        path = content / f"{lang}{FORMATS[fmt]}"
        path.write_text(module.write(interchange.units(project, lang), lang, content), encoding="utf-8")
        done = importing.apply(project, lang, path, module.read(path, lang), accept_stale=False)
        assert (done.lines, done.refused) == ([], []), lang
        path.unlink()
    assert _snapshot(content) == before


def test_i15_round_trip_through_the_command_line(content, capsys):
    before = _snapshot(content)
    for fmt in FORMATS:
        code, out, err = _import(capsys, content, "ar", _export(capsys, content, "ar", fmt))
        assert (code, out, err) == (0, "nothing to change: every unit is as the YAML files have it\n", "")
    assert _snapshot(content) == before


def test_i15_units_carry_key_source_note_place_budget_state_and_hash(content):
    budget = "fits about 40 characters at 8 pt in the card's front title band"
    units = {u.id: u for u in interchange.units(Project(content), "es",
                                                 budgets={"naltrexone-card:front.title": budget})}
    item = units["overdose-risk:steps.list[2]"]
    assert item.source.startswith("Give naloxone, the rescue nasal spray.")
    assert item.target.startswith("Dele naloxona")
    assert (item.reference(content), item.line) == ("handouts/overdose-risk/es.yaml", 19)
    assert item.prints_as == "a numbered list of steps"
    assert (item.state, item.made_from) == ("translated", "67defbea")
    card = units["naltrexone-card:front.title"]
    assert card.budget == budget
    assert card.notes[0].startswith("FRONT: for the patient and anyone who finds them.")
    assert units["locale:labels.page_of"].notes == ('Handout footer: "Page 1 of 2"',)


def test_i15_po_is_read_by_polib_and_passes_msgfmt_check(content, capsys):
    budget = {"naltrexone-card:front.title": "fits about 40 characters at 8 pt"}
    text = po.write(interchange.units(Project(content), "es", budgets=budget), "es", content)
    path = content / "es.po"
    path.write_text(text, encoding="utf-8")
    entry = next(e for e in polib.pofile(str(path)) if e.msgctxt == "naltrexone-card:front.title")
    assert entry.occurrences == [("handouts/naltrexone-card/es.yaml", "7")]
    assert "Length: fits about 40 characters at 8 pt" in entry.comment
    assert "Prints as the wallet card (it must fit its panel: keep it short)." in entry.comment
    assert "State: translated; made from English #77e8f6d8" in entry.comment
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr


def test_i15_changed_po_translation_lands_in_the_yaml_with_comments_kept(content, capsys):
    yaml_path = content / "handouts/overdose-risk/es.yaml"
    _edit(yaml_path, '  steps.title: "Si', '  # Keep this short: it is a heading.\n  steps.title: "Si')
    original = yaml_path.read_text(encoding="utf-8")
    path = _export(capsys, content, "es", "po")
    _po_edit(path, {"overdose-risk:steps.title": {"msgstr": "Si alguien tuvo una sobredosis"}})
    code, out, err = _import(capsys, content, "es", path)
    assert (code, err) == (0, "")
    assert out == "handouts/overdose-risk/es.yaml: wrote steps.title\n"
    english = Project(content).strings("overdose-risk", "en")["strings"]["steps.title"]
    expected = original.replace('  steps.title: "Si alguien pudo haber tenido una sobredosis"',
                                '  steps.title: "Si alguien tuvo una sobredosis"')
    expected = expected.replace('  steps.title: "fc836390 ba3f1721"',
                                f'  steps.title: "{translation.made_entry(english, "Si alguien tuvo una sobredosis")}"')
    assert yaml_path.read_text(encoding="utf-8") == expected
    assert Project(content).state("overdose-risk", "es").warnings == ()


def test_i15_xliff_inline_codes_come_back_as_markup(content, capsys):
    path = _export(capsys, content, "es", "xliff")
    text = path.read_text(encoding="utf-8")
    old = ('<target state="translated">La naloxona <g id="1" ctype="bold">no</g> es lo mismo que la naltrexona. '
           "La naltrexona no sirve en una sobredosis.</target>")
    assert old in text
    path.write_text(text.replace(old, old.replace("no sirve", "no ayuda")), encoding="utf-8")
    code, out, err = _import(capsys, content, "es", path)
    assert (code, err) == (0, "")
    assert out == "handouts/overdose-risk/es.yaml: wrote naloxone.body[1]\n"
    yaml_text = (content / "handouts/overdose-risk/es.yaml").read_text(encoding="utf-8")
    assert '    - "La naloxona <b>no</b> es lo mismo que la naltrexona. La naltrexona no ayuda en una sobredosis."' in yaml_text


def test_i15_import_reports_unknown_unit_stale_source_and_broken_placeholder_by_key(content, capsys):
    path = _export(capsys, content, "es", "po")
    _po_edit(path, {
        "overdose-risk:steps.list[0]": {"msgstr": "Llame al 911 de inmediato."},
        "overdose-risk:signs.title": {"msgid": "Signs of overdose", "msgstr": "Señales de sobredosis"},
        "overdose-risk:nope": {"msgid": "x", "msgstr": "y"},
        "overdose-risk:why.title": {"msgstr": "Por qué sube su riesgo"},
    })
    before = (content / "handouts/overdose-risk/es.yaml").read_text(encoding="utf-8")
    code, out, err = _import(capsys, content, "es", path)
    assert code == 1
    assert out == "handouts/overdose-risk/es.yaml: wrote why.title\n"
    unknown_line = next(e.linenum for e in polib.pofile(str(path)) if e.msgctxt == "overdose-risk:nope")
    assert err.splitlines() == [
        "handouts/overdose-risk/es.yaml:17: steps.list[0] [es]: placeholder {number} missing (present in en); not applied",
        'handouts/overdose-risk/es.yaml:28: signs.title [es]: stale source: this file was translated from English that '
        'has changed since; the English now reads: "Signs of an overdose"; export again, or pass --accept-stale to '
        "apply it anyway (it stays marked stale)",
        f"es.po:{unknown_line}: overdose-risk:nope [es]: unknown unit: no such key in today's English, or no es file "
        "for it; not applied",
        "3 units not applied (listed above); the others were.",
    ]
    after = (content / "handouts/overdose-risk/es.yaml").read_text(encoding="utf-8")
    assert "Por qué sube su riesgo" in after and "Señales de sobredosis" not in after
    assert after.count("\n") == before.count("\n")


def test_i15_accept_stale_applies_the_text_and_leaves_the_key_stale(content, capsys):
    path = _export(capsys, content, "es", "po")
    _po_edit(path, {"overdose-risk:signs.title": {"msgid": "Signs of overdose", "msgstr": "Señales de sobredosis"}})
    code, out, _ = _import(capsys, content, "es", path, "--accept-stale")
    assert (code, out) == (0, "handouts/overdose-risk/es.yaml: wrote signs.title\n")
    assert Project(content).strings("overdose-risk", "es")["strings"]["signs.title"] == "Señales de sobredosis"


def _make_stale(content) -> None:
    """Change the English of signs.title after es was translated; es.yaml shows the English it came from."""
    _edit(content / "handouts/overdose-risk/es.yaml", '  signs.title: "Señales',
          '  # English: Signs of an overdose\n  signs.title: "Señales')
    _edit(content / "handouts/overdose-risk/en.yaml", '"Signs of an overdose"', '"Signs of an opioid overdose"')


def test_i15_stale_unit_is_fuzzy_with_the_previous_english(content, capsys):
    _make_stale(content)
    entry = next(e for e in polib.pofile(str(_export(capsys, content, "es", "po")))
                 if e.msgctxt == "overdose-risk:signs.title")
    assert "fuzzy" in entry.flags
    assert (entry.msgid, entry.previous_msgid) == ("Signs of an opioid overdose", "Signs of an overdose")
    assert "State: needs-review; made from English #3ec7f968" in entry.comment
    unit = ET.parse(_export(capsys, content, "es", "xliff")).find(f".//{NS}trans-unit[@id='overdose-risk:signs.title']")
    assert unit.find(f"{NS}target").get("state") == "needs-review-translation"


def test_i15_clearing_fuzzy_confirms_a_stale_key_and_keeping_it_does_not(content, capsys):
    _make_stale(content)
    path = _export(capsys, content, "es", "po")
    code, out, _ = _import(capsys, content, "es", path)
    assert (code, out) == (0, "nothing to change: every unit is as the YAML files have it\n")
    assert "signs.title" in Project(content).state("overdose-risk", "es").stale
    _po_edit(path, {"overdose-risk:signs.title": {"fuzzy": False}})
    code, out, _ = _import(capsys, content, "es", path)
    assert (code, out) == (0, "handouts/overdose-risk/es.yaml: confirmed signs.title\n")
    assert Project(content).state("overdose-risk", "es").stale == ()
    assert "  # English: Signs of an opioid overdose\n" in (content / "handouts/overdose-risk/es.yaml").read_text("utf-8")


def _assert_xliff_1_2(path, lang) -> None:
    """Hold an export to what the XLIFF 1.2 strict schema requires of the elements careprint writes."""
    root = ET.parse(path).getroot()
    assert (root.tag, root.get("version")) == (f"{NS}xliff", "1.2")
    ids: set[str] = set()
    for file in root.findall(f"{NS}file"):
        assert {"original", "source-language", "target-language", "datatype"} <= set(file.attrib)
        assert (file.get("source-language"), file.get("target-language"), file.get("datatype")) == ("en", lang, "plaintext")
        assert [child.tag for child in file] == [f"{NS}header", f"{NS}body"]
        for unit in file.find(f"{NS}body"):
            assert unit.tag == f"{NS}trans-unit" and unit.get("id") not in ids
            ids.add(unit.get("id"))
            assert [c.tag for c in unit][:2] == [f"{NS}source", f"{NS}target"]
            assert unit.find(f"{NS}target").get("state") in XLIFF_STATES
            assert unit.get("approved") in ("yes", "no")
            for segment in (unit.find(f"{NS}source"), unit.find(f"{NS}target")):
                inline = [el for el in segment.iter() if el is not segment]
                assert {el.tag for el in inline} <= {f"{NS}g", f"{NS}ph"}
                assert all(el.get("id") and el.get("ctype") in ("bold", "italic", "x-keep", "x-placeholder", "x-tag")
                           for el in inline)
                assert len({el.get("id") for el in inline}) == len(inline)


@pytest.mark.parametrize("lang", ["es", "ar", "zh-Hans", "hi"])
def test_i15_xliff_export_has_the_structure_xliff_1_2_requires(content, capsys, lang):
    _assert_xliff_1_2(_export(capsys, content, lang, "xliff"), lang)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.xlf", '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file>\n</xliff>',
     "bad.xlf:3: [es]: not well-formed XML: mismatched tag (column 3)"),
    ("bad.xlf", '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>',
     "bad.xlf:1: [es]: expected an XLIFF 1.2 document (<xliff> in the namespace urn:oasis:names:tc:xliff:document:1.2), "
     "found <xliff> in urn:oasis:names:tc:xliff:document:2.0"),
    ("bad.xlf", '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
     '<file original="x" source-language="en" datatype="plaintext"><body/></file></xliff>',
     "bad.xlf:2: [es]: <file> has no target-language attribute (required)"),
    ("bad.xlf", '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
     '<file original="x" source-language="en" target-language="es" datatype="plaintext"><body>\n'
     "<trans-unit><source>Hi</source></trans-unit></body></file></xliff>",
     "bad.xlf:3: [es]: <trans-unit> has no id attribute (required)"),
    ("bad.po", 'msgid "a"\nmsgstr "b"\nnot po\n',
     "bad.po:3: [es]: not a PO file: a syntax error on this line; save it from your tool as PO again"),
    ("bad.po", 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n',
     "bad.po:1: [es]: this PO file is for 'fr' (its Language header), not 'es'"),
])
def test_i15_a_file_that_cannot_be_applied_is_refused_in_one_line_and_nothing_changes(content, capsys, name, text,
                                                                                       message):
    (content / name).write_text(text, encoding="utf-8")
    before = _snapshot(content)
    code, _, err = _import(capsys, content, "es", content / name)
    assert (code, err) == (1, message + "\n")
    assert _snapshot(content) == before


def test_i15_export_writes_lang_po_here_and_never_overwrites_it(content, capsys):
    code, out, _ = _run(capsys, "locale", "export", "es", "--format", "po", "--root", str(content),
                        "--handout", "naltrexone-card")
    english = Project(content).strings("naltrexone-card", "en")["strings"].values()
    texts = sum(len(v) if isinstance(v, list) else 1 for v in english)  # one unit per text and per list item
    assert (code, out) == (0, f"wrote es.po: {texts} units; translate it, then run python generate.py locale import es es.po\n")
    assert all(e.msgctxt.startswith("naltrexone-card:") for e in polib.pofile(str(content / "es.po")))
    code, _, err = _run(capsys, "locale", "export", "es", "--format", "po", "--root", str(content))
    assert (code, err) == (2, "es.po exists (import it first if it holds work); pass -o es.po to replace it\n")


def test_i15_a_new_language_translated_in_a_cat_tool_imports_whole_and_confirmed(content, capsys):
    code, _, err = _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali",
                        "--root", str(content))
    assert code == 0, err
    scaffold = (content / "handouts/overdose-risk/so.yaml").read_text(encoding="utf-8")
    path = _export(capsys, content, "so", "po")
    catalog = polib.pofile(str(path))
    assert {e.msgstr for e in catalog} == {""}
    for entry in catalog:
        entry.msgstr = entry.msgid  # a stand-in translation with the English placeholders and tags
    catalog.save(str(path))
    code, _, err = _import(capsys, content, "so", path)
    assert (code, err) == (0, "")
    project = Project(content)
    for handout in project.handout_ids:
        assert project.state(handout, "so").warnings == (), handout
    assert project.locale_state("so").untranslated == ("months", "date_format")  # settings stay in the YAML
    after = (content / "handouts/overdose-risk/so.yaml").read_text(encoding="utf-8")
    comments = [line for line in scaffold.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")][:len(comments)] == comments


def test_i15_import_into_a_reviewed_file_makes_it_a_draft_again(content, capsys):
    code, _, err = _run(capsys, "locale", "review", "es", "--by", "Ana Ruiz", "--on", "2026-11-30", "--root", str(content))
    assert code == 0, err
    path = _export(capsys, content, "es", "xliff")
    unit = ET.parse(path).find(f".//{NS}trans-unit[@id='overdose-risk:why.title']")
    assert (unit.get("approved"), unit.find(f"{NS}target").get("state")) == ("yes", "signed-off")
    text = path.read_text(encoding="utf-8").replace(">Por qué aumenta su riesgo<", ">Por qué sube su riesgo<")
    path.write_text(text, encoding="utf-8")
    code, out, _ = _import(capsys, content, "es", path)
    assert (code, out) == (0, "handouts/overdose-risk/es.yaml: wrote why.title; it was reviewed, so it is a draft "
                              "again until reviewed\n")
    yaml_path = content / "handouts/overdose-risk/es.yaml"
    assert yaml_path.read_text(encoding="utf-8").splitlines()[:3] == [
        "# Spanish. Draft translation: not yet reviewed by a qualified medical translator.", "language: es",
        "status: draft"]
    assert Project(content).state("naltrexone-card", "es").status == "reviewed"  # the other files keep their review


def test_i15_a_value_written_over_several_lines_is_refused_not_cut(content, capsys):
    yaml_path = content / "handouts/overdose-risk/es.yaml"
    _edit(yaml_path, '  why.title: "Por qué aumenta su riesgo"', '  why.title: "Por qué aumenta\n    su riesgo"')
    before = yaml_path.read_bytes()
    path = _export(capsys, content, "es", "po")
    _po_edit(path, {"overdose-risk:why.title": {"msgstr": "Por qué sube su riesgo"}})
    code, _, err = _import(capsys, content, "es", path)
    assert code == 1
    assert err.splitlines()[0] == (
        "handouts/overdose-risk/es.yaml:42: why.title [es]: its value is not on one line of its own in the YAML "
        "(written over several lines, or inside [...]); edit it there (not applied)")
    assert yaml_path.read_bytes() == before



def test_i15_import_never_undoes_a_translation_changed_since_the_export(content, capsys):
    # Persian trial, item 5: an older export imported after a newer one silently put the old text back.
    yaml_path = content / "handouts/overdose-risk/es.yaml"
    path = _export(capsys, content, "es", "po")
    _edit(yaml_path, '  steps.title: "Si alguien pudo haber tenido una sobredosis"',
          '  steps.title: "Si alguien quizá tuvo una sobredosis"')  # someone edits the YAML after the export
    newer = yaml_path.read_text(encoding="utf-8")
    _po_edit(path, {"overdose-risk:steps.title": {"msgstr": "Si alguien tuvo una sobredosis"}})
    code, out, err = _import(capsys, content, "es", path)
    assert code == 1
    line = next(i for i, text in enumerate(newer.splitlines(), 1) if text.startswith("  steps.title:"))
    assert err.splitlines()[0] == (
        f"handouts/overdose-risk/es.yaml:{line}: steps.title [es]: changed in the YAML since this file was exported "
        '(it now reads: "Si alguien quizá tuvo una sobredosis"); export again and make this change there, or edit '
        "the YAML; not applied")
    assert yaml_path.read_text(encoding="utf-8") == newer
