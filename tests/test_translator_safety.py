"""Issue 11, "Translator safety": checks a translator relies on must not confirm or report the wrong thing.

Each test works on a private copy of the content (the ``content`` fixture).
Reports: ../shared/reports/translator-trial-2026-11-30.md (F-fit, the --all
footgun, item 6 <keep>) and the issue text.
"""

from __future__ import annotations

from test_translating import _edit, _line, _run

from careprint import translation, yamlio


def _made(path, key) -> str | None:
    return (yamlio.load(path, "es").get(translation.MADE_FROM) or {}).get(key)


# --- locale update --all never confirms a stale key nobody touched -------------------------------------------

def test_i11_update_all_leaves_an_untouched_stale_key_and_names_it(content, capsys):
    root = ["--root", str(content)]
    en, es = content / "handouts/overdose-risk/en.yaml", content / "handouts/overdose-risk/es.yaml"
    assert _run(capsys, "locale", "update", "es", "signs.title", *root)[0] == 0  # records the translation too
    before = _made(es, "signs.title")
    assert before == translation.made_entry("Signs of an overdose", "Señales de una sobredosis")
    _edit(en, '"Signs of an overdose"', '"Signs of an opioid overdose"')
    code, out, err = _run(capsys, "locale", "update", "es", "--all", *root)
    assert code == 1  # scripts notice that something was left
    assert "confirmed signs.title" not in out
    assert (f"handouts/overdose-risk/es.yaml:{_line(es, '  signs.title:')}: signs.title [es]: not confirmed: the "
            "English changed since this was translated, and the translation has not been edited since it was last "
            'confirmed; the English now reads: "Signs of an opioid overdose"; check the translation against it, '
            "update it if needed, then run: python generate.py locale update es signs.title --handout overdose-risk"
            ) in err
    assert "1 stale key not confirmed: --all confirms only new translations" in err
    assert _made(es, "signs.title") == before
    assert "signs.title [es]: warning: stale" in _run(capsys, "check", "--lang", "es", "--no-render", *root)[2]
    # The translator updates the translation: now --all confirms it.
    _edit(es, '"Señales de una sobredosis"', '"Señales de una sobredosis de opioides"')
    code, out, err = _run(capsys, "locale", "update", "es", "--all", *root)
    assert code == 0 and "handouts/overdose-risk/es.yaml: confirmed signs.title" in out and err == ""
    assert _made(es, "signs.title") == translation.made_entry("Signs of an opioid overdose",
                                                               "Señales de una sobredosis de opioides")


def test_i11_update_all_leaves_a_stale_key_from_an_older_file_with_no_translation_hash(content, capsys):
    root = ["--root", str(content)]
    es = content / "handouts/overdose-risk/es.yaml"
    assert translation.made_parts(_made(es, "signs.title"))[1] is None  # shipped files predate the second hash
    _edit(content / "handouts/overdose-risk/en.yaml", '"Signs of an overdose"', '"Signs of an opioid overdose"')
    code, _, err = _run(capsys, "locale", "update", "es", "--all", *root)
    assert code == 1
    assert ("signs.title [es]: not confirmed: the English changed since this was translated, and there is no record "
            "of the translation as it was last confirmed, so careprint cannot tell whether it was updated") in err
    code, out, _ = _run(capsys, "locale", "update", "es", "signs.title", *root)  # by name, after checking
    assert code == 0 and "confirmed signs.title" in out
    assert _run(capsys, "locale", "update", "es", "--all", *root)[0] == 0


def test_i11_update_all_still_confirms_new_translations(content, capsys):
    root = ["--root", str(content)]
    assert _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", *root)[0] == 0
    path = content / "handouts/overdose-risk/so.yaml"
    _edit(path, "  signs.title: null", '  signs.title: "Calaamadaha qaadashada xad-dhaafka ah"')
    code, out, err = _run(capsys, "locale", "update", "so", "--all", *root)
    assert code == 0 and err == ""
    assert "handouts/overdose-risk/so.yaml: confirmed signs.title" in out
    made = yamlio.load(path, "so")[translation.MADE_FROM]
    assert made["signs.title"] == translation.made_entry("Signs of an overdose", "Calaamadaha qaadashada xad-dhaafka ah")


# --- check --lang xx --strict judges that language's content, not the clinic's deployment settings ----------

def test_i11_check_strict_judges_content_not_the_placeholder_base_url(capsys, tmp_path):
    code, out, err = _run(capsys, "check", "--lang", "es", "--strict", "--no-render")  # the built-in clinic
    assert code == 0, err
    assert out.startswith("ok: ")
    assert ("note: QR codes point to the placeholder https://careprint.example/patient-info; set base_url in a clinic "
            "settings file and pass it with --clinic (a clinic setting: build --strict refuses it; check does not "
            "count it)") in err
    # build --strict still refuses it, and nothing is written.
    code, _, err = _run(capsys, "build", "--strict", "--lang", "es", "--handout", "overdose-risk", "-o", str(tmp_path))
    assert code == 2 and "(refused by --strict)" in err
    assert not list(tmp_path.iterdir())


def test_i11_check_strict_still_counts_the_languages_own_warnings(content, capsys):
    _edit(content / "handouts/overdose-risk/es.yaml", '  signs.title: "Señales de una sobredosis"', "  signs.title: null")
    code, _, err = _run(capsys, "check", "--root", str(content), "--lang", "es", "--strict", "--no-render")
    assert code == 1
    assert "signs.title [es]: warning: not translated yet" in err
    assert "0 errors, 1 warning (--strict: warnings count as errors)." in err
