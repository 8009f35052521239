"""Issue 15, digits: a locale's ``digits:`` setting (and a clinic's override) sets the digit set of what careprint prints.

Page numbers, dates, the version, step numbers, the emergency number and the
clinic's phone print in the locale's digits; numbers inside content print as
the translator wrote them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careprint import build, cli
from careprint.content.project import Project
from careprint.render.text import TextMaker
from careprint.text.digits import SYSTEMS, to_digits
from careprint.translate import checks
from careprint.web import site
from tests.pdfcheck import page_texts

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


def _set_digits(content, lang: str, system: str) -> None:
    """Add ``digits: system`` to a locale file, after its direction."""
    path = content / "locales" / f"{lang}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(direction: .*)$", rf"\1\ndigits: {system}", text, count=1), encoding="utf-8")


def _bare(text: str) -> str:
    """Return text without the isolates careprint puts around filled-in values in right-to-left text."""
    return re.sub("[\u2066-\u2069]", "", text)


def _line_of(path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


def test_i15_to_digits_converts_ascii_digits_only():
    assert to_digits("Page 12 of 30 · 1.1", "arabext") == "Page ۱۲ of ۳۰ · ۱.۱"
    assert to_digits("911", "arab") == "٩١١"
    assert to_digits("2026", "deva") == "२०२६"
    assert to_digits("Page 12", "latn") == "Page 12"
    assert to_digits("۵۰ mg", "latn") == "۵۰ mg"  # digits already in another set are left alone


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """Record the plain text of every paragraph the renderers draw (Arabic digits share glyphs, so pypdf cannot tell
    ۱ from ١: the text is read where it is set)."""
    texts: list[str] = []
    original = TextMaker.paragraph

    def paragraph(self, text, style, bold=False):
        texts.append(_bare(text.plain))
        return original(self, text, style, bold)

    monkeypatch.setattr(TextMaker, "paragraph", paragraph)
    return texts


def test_i15_arabext_prints_persian_digits_in_what_careprint_formats(content, drawn):
    _set_digits(content, "ar", "arabext")
    project = Project(content)
    pdf, pages = build.render_handout(project, project.clinic(), build.HandoutJob("overdose-risk", "ar", "letter"))
    footer = next(t for t in reversed(drawn) if "overdose-risk" in t)
    assert footer == f"overdose-risk · الإصدار ۱.۱ · تاريخ التحديث: ۳۰ نوفمبر ۲۰۲۶ · صفحة {to_digits(str(pages), 'arabext')} " \
                     f"من {to_digits(str(pages), 'arabext')}"
    assert ["۱", "۲", "۳", "۴", "۵", "۶", "۷"] == [t for t in drawn if len(t) == 1 and t in PERSIAN][:7]  # step numbers
    step = next(t for t in drawn if t.startswith("اتصل بالرقم"))
    assert "۹۱۱" in step and "911" not in step  # the emergency number filled into the text
    assert any(re.search(r"30\s+إلى\s+90", t) for t in drawn)  # numbers the translator typed print as written
    printed = " ".join(page_texts(pdf))  # the glyphs in the PDF: ۹ and ٩ are one glyph, so they extract alike
    assert re.search("[۹٩][۱١][۱١]", printed) and "911" not in printed


def test_i15_digits_on_the_card_and_the_clinic_phone(content, drawn):
    _set_digits(content, "ar", "arabext")
    (content / "c.yaml").write_text('country: US\nbase_url: "https://clinic.example.org/info"\n'
                                    'name: "Clinic"\nphone: "555-0100"\n', encoding="utf-8")
    project = Project(content)
    build.render_card(project, project.clinic(content / "c.yaml"), build.CardJob("naltrexone-card", "ar", None))
    text = "\n".join(drawn)
    assert "۹۱۱" in text and "911" not in text  # the overdose cue's {number}
    assert "Clinic, ۵۵۵-۰۱۰۰" in text  # the clinic's phone on the pharmacy line
    assert "الإصدار ۱.۱" in text  # the version


def test_i15_clinic_overrides_a_languages_digits(content):
    (content / "c.yaml").write_text('country: US\nbase_url: "https://clinic.example.org/info"\n'
                                    "digits: {ar: arab}\n", encoding="utf-8")
    project = Project(content)
    doc = project.resolve("overdose-risk", "ar", project.clinic(content / "c.yaml"))
    assert doc.locale.digits == "arab"
    assert _bare(doc.locale.labels["page_of"](page=2, pages=3).plain) == "صفحة ٢ من ٣"
    assert "٩١١" in doc.strings["steps.list"][0].plain
    # Without the clinic's setting, Arabic keeps Latin digits (its locale has no digits: setting).
    assert _bare(project.resolve("overdose-risk", "ar", project.clinic()).locale.labels["page_of"](page=2, pages=3).plain) \
        == "صفحة 2 من 3"


def test_i15_unknown_digit_set_in_a_locale_is_refused_with_its_line(capsys, content):
    _set_digits(content, "ar", "persian")
    code = cli.main(["check", "--root", str(content), "--lang", "ar"])
    err = capsys.readouterr().err
    line = _line_of(content / "locales" / "ar.yaml", "digits:")
    assert code == 1
    assert (f"locales/ar.yaml:{line}: digits [ar]: expected a numbering system (latn, arab, arabext, deva, beng, "
            "guru, gujr, orya, tamldec, telu, knda, mlym, thai, laoo, tibt, mymr, khmr), found 'persian'") in err


def test_i15_unknown_digit_set_in_clinic_settings_is_refused_with_its_line(capsys, content):
    (content / "c.yaml").write_text('country: US\nbase_url: "https://clinic.example.org/info"\n'
                                    "digits:\n  ar: arab\n  fa: Persian\n", encoding="utf-8")
    code = cli.main(["check", "--root", str(content), "--clinic", "c.yaml", "--lang", "ar"])
    err = capsys.readouterr().err
    assert code == 1
    assert "c.yaml:5: digits.fa: expected a numbering system (latn, arab, arabext," in err
    assert "found 'Persian'" in err


@pytest.mark.parametrize("system", ["arab", "arabext"])
def test_i15_arabic_fonts_cover_both_arabic_digit_sets(content, system):
    """check renders every handout and the card: a digit no font covers would be a glyph error."""
    _set_digits(content, "ar", system)
    project = Project(content)
    problems = checks.run(project, project.clinic(), ("ar",))
    assert [str(p) for p in problems if "not covered" in str(p)] == []


def test_i15_a_digit_set_the_fonts_lack_is_a_glyph_error(content):
    _set_digits(content, "es", "arab")  # Spanish prints in Atkinson Hyperlegible and Noto Sans: no ٠-٩
    project = Project(content)
    problems = [str(p) for p in checks.run(project, project.clinic(), ("es",)) if "not covered" in str(p)]
    assert problems and "is not covered by any font for this language" in problems[0]


def test_i15_site_numbers_lists_and_the_call_button_in_the_locales_digits(content, tmp_path, capsys):
    _set_digits(content, "ar", "arabext")
    out = tmp_path / "site"
    assert cli.main(["site", "--root", str(content), "--lang", "ar", "-o", str(out)]) == 0
    capsys.readouterr()
    project = Project(content)
    page = (out / "ar" / site.page_path(project, "overdose-risk") / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl" data-digits="arabext">' in page  # site.css numbers its lists in Persian digits
    assert '<a href="tel:911">۹۱۱</a>' in page  # the number in the steps reads ۹۱۱ and calls 911
    css = (out / site.CSS_NAME).read_text(encoding="utf-8")
    assert "[data-digits=arabext] .steps li::before { content: counter(step, persian); }" in css


def test_i15_site_css_numbers_lists_in_every_digit_set():
    css = (Path(site.__file__).parent / site.CSS_NAME).read_text(encoding="utf-8")
    for name, (_, counter) in SYSTEMS.items():
        if name != "latn":
            assert f"[data-digits={name}] .steps li::before {{ content: counter(step, {counter}); }}" in css, name
            assert f"[data-digits={name}] ol:not(.steps, .sources) {{ list-style-type: {counter}; }}" in css, name
