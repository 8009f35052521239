"""Issue 15, glossary: ``glossary:`` in locales/<lang>.yaml, checked by ``check``; and the Persian letter lint.

Each rule breaks one thing in a private copy of the content and asserts the
exact line ``check`` prints.
"""

from __future__ import annotations

import pytest

from careprint.content.project import Project
from careprint.errors import ContentError, ContentWarning
from careprint.translate import checks, glossary


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _found(content, lang: str) -> list[tuple[type, str]]:
    """Return check's glossary and lint findings for one language (no rendering: these rules read text)."""
    project = Project(content)
    return [(type(p), str(p)) for p in checks.run(project, project.clinic(), (lang,), render=False)
            if "glossary" in str(p) or "Arabic letter" in str(p)]


def _line(path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


def test_i15_shipped_drafts_pass_their_glossaries():
    project = Project()
    codes = [c for c in project.locale_codes if c != "en"]
    assert all(glossary.load(project, code)[0] is not None for code in codes)  # every draft has a glossary
    assert [str(p) for code in codes for p in glossary.check_language(project, code)] == []


def test_i15_english_term_left_in_a_translation_warns(content):
    handout = content / "handouts" / "overdose-risk" / "es.yaml"
    _edit(handout, 'naloxone.title: "La naloxona salva vidas"', 'naloxone.title: "La naloxone salva vidas"')
    line = _line(content / "locales" / "es.yaml", "  naloxone:")
    assert _found(content, "es") == [(ContentWarning, (
        f"handouts/overdose-risk/es.yaml:9: naloxone.title [es]: warning: uses the English term 'naloxone'; "
        f"the glossary (locales/es.yaml:{line}) translates it as 'naloxona'"))]


def test_i15_english_term_inside_keep_or_a_form_that_equals_english_is_not_flagged(content):
    handout = content / "handouts" / "overdose-risk" / "es.yaml"
    _edit(handout, 'naloxone.title: "La naloxona salva vidas"',
          'naloxone.title: "La naloxona (<keep>naloxone</keep>) salva vidas"')
    assert _found(content, "es") == []
    # French writes naloxone like English: its glossary says so, and nothing is flagged.
    assert [str(p) for p in glossary.check_language(Project(content), "fr")] == []


def test_i15_term_with_none_of_its_approved_forms_warns(content):
    handout = content / "handouts" / "overdose-risk" / "es.yaml"
    _edit(handout, 'title: "Naltrexona y riesgo de sobredosis"', 'title: "Naltrexona y riesgo de intoxicación"')
    line = _line(content / "locales" / "es.yaml", "  overdose:")
    assert _found(content, "es") == [(ContentWarning, (
        "handouts/overdose-risk/es.yaml:7: title [es]: warning: the English says 'overdose', but the text has none "
        f"of the glossary's forms for it: 'sobredosis' (locales/es.yaml:{line}); use one, or add the form this "
        "text uses to the glossary"))]


def test_i15_same_word_for_naloxone_and_naltrexone_is_an_error(content):
    locale = content / "locales" / "es.yaml"
    _edit(locale, "  naltrexone: naltrexona", "  naltrexone: [naltrexona, Naloxona]")
    line = _line(locale, "  naltrexone:")
    assert _found(content, "es") == [(ContentError, (
        f"locales/es.yaml:{line}: glossary.naltrexone [es]: naloxone and naltrexone both translate to 'naloxona': "
        "the two medicines need different words (a patient who confuses them can die)"))]


# Arabic attaches the article and prepositions (النالوكسون, بالنالوكسون): its forms match anywhere in a word.
@pytest.mark.parametrize(("lang", "title", "wrong", "form"), [
    ("es", "La naloxona salva vidas", "La naltrexona salva vidas", "naltrexona"),
    ("ar", "النالوكسون ينقذ الأرواح", "النالتريكسون ينقذ الأرواح", "نالتريكسون"),
])
def test_i15_naltrexone_word_where_the_english_says_only_naloxone_is_an_error(content, lang, title, wrong, form):
    _edit(content / "handouts" / "overdose-risk" / f"{lang}.yaml", f'naloxone.title: "{title}"', f'naloxone.title: "{wrong}"')
    line = _line(content / "locales" / f"{lang}.yaml", "  naltrexone:")
    assert (ContentError, (
        f"handouts/overdose-risk/{lang}.yaml:9: naloxone.title [{lang}]: the English names only naloxone, but the text "
        f"has '{form}', the glossary's word for naltrexone (locales/{lang}.yaml:{line}): the two medicines must not be "
        "confused")) in _found(content, lang)  # an error: check fails (exit 1), unlike the warnings


@pytest.mark.parametrize(("entry", "message"), [
    ("  Overdose: sobredosis", "expected an English term in lower case (letters, spaces, hyphens), found 'Overdose'"),
    ("  overdose: []", "expected the approved translation (text) or a list of one or more accepted forms, "
                       "found an empty list"),
    ("  overdose: 12", "expected the approved translation (text) or a list of one or more accepted forms, "
                       "found a whole number"),
])
def test_i15_glossary_of_the_wrong_shape_is_refused_with_its_line(content, entry, message):
    locale = content / "locales" / "es.yaml"
    _edit(locale, "  overdose: sobredosis", entry)
    line = _line(locale, entry.split(":")[0] + ":")
    key = entry.split(":")[0].strip()
    assert _found(content, "es") == [(ContentError, f"locales/es.yaml:{line}: glossary.{key} [es]: {message}")]


def _persian(content) -> None:
    """Add a Persian locale (the Arabic settings and labels, renamed) and a Persian label to test the lint with."""
    text = (content / "locales" / "ar.yaml").read_text(encoding="utf-8")
    text = text.replace("tag: ar", "tag: fa").replace("name: Arabic", "name: Persian")
    text = text.replace("native_name: العربية", "native_name: فارسی")
    text = text.replace('  sources: "المصادر"', '  sources: "منابع کتاب"')  # Persian ک (U+06A9): fine
    text = text.replace('  draft_notice: "ترجمة لم تُراجَع بعد"', '  draft_notice: "ترجمه هنوز بررسي نشده"')  # Arabic ي
    (content / "locales" / "fa.yaml").write_text(text.split("glossary:")[0], encoding="utf-8")


def test_i15_arabic_ye_and_kaf_in_persian_text_warn(content):
    _persian(content)
    path = content / "locales" / "fa.yaml"
    found = [message for _, message in _found(content, "fa")]
    line = _line(path, "  draft_notice:")
    assert (f"locales/fa.yaml:{line}: labels.draft_notice [fa]: warning: Arabic letter in Persian text: "
            "Arabic ي (U+064A): use Persian ی (U+06CC)") in found
    assert not any("labels.sources " in m for m in found)  # Persian letters only: no warning
    # Arabic itself uses ي and ك: the lint is for Persian only.
    assert not any("Arabic letter" in m for _, m in _found(content, "ar"))
