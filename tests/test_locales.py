"""Every locale: every handout and the card build with every character drawn from a font that has it.

Text that extracts cleanly (Latin, Cyrillic, CJK) must match the content;
Arabic, Hindi and Chinese cards are compared with reference PNGs that were
checked by eye (tests/reference/, regenerate with tools/references.py and
look at them before committing).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfcheck
import pytest
from conftest import ROOT
from reportlab.pdfbase.ttfonts import TTFont

from careprint import build
from careprint.content.model import Text
from careprint.content.project import Project
from careprint.content.structure import web_only_keys
from careprint.render import card

PROJECT = Project(ROOT)
LOCALES = PROJECT.locale_codes
CLEAN_SCRIPTS = ("Latn", "Cyrl", "Hans", "Hant", "Jpan", "Kore")
REFERENCE = ROOT / "tests" / "reference"
PERSONAL = card.Personal(name="Test Patient", form="pill", phone="555-0123")


def test_the_sixteen_locales_a_us_clinic_needs_are_present():
    wanted = {"en", "es", "zh-Hans", "tl", "fr", "vi", "de", "ko", "ru", "ar", "it", "pt", "ht", "pl", "hi", "ja"}
    assert wanted <= set(LOCALES)


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[str, str]]:
    """Record every (font, character) ReportLab maps to .notdef, i.e. a character its font lacks."""
    missing: list[tuple[str, str]] = []
    original = TTFont.splitString

    def split_string(self, text, doc, encoding="utf-8"):
        for char in str(text):
            if ord(char) != 0xA0 and ord(char) not in self.face.charToGlyph:
                missing.append((self.fontName, char))
        return original(self, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", split_string)
    return missing


@pytest.mark.parametrize("lang", LOCALES)
def test_every_document_builds_with_no_missing_glyph(lang, clinic, drawn):
    for handout_id in (h for h in PROJECT.handout_ids if lang in PROJECT.languages(h)):  # am: the card only
        if PROJECT.structure(handout_id)["kind"] == "card":
            job = build.CardJob(handout_id, lang)
            build.render_card(PROJECT, clinic, job, PERSONAL)
            build.render_card(PROJECT, clinic, build.CardJob(handout_id, lang, stock="avery-5371"))
        else:
            for paper in ("letter", "a4"):
                build.render_handout(PROJECT, clinic, build.HandoutJob(handout_id, lang, paper))
    assert drawn == []


def _squash(text: str) -> str:
    """Compare text without whitespace and bidi controls (line breaks move words)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00a0\u2066-\u2069\u00ad]+", "", text)


def _content_texts(doc) -> list[Text]:
    """Return every text the document prints on paper (web-only keys, handout.yaml ``more:``, print only on the site)."""
    web_only = web_only_keys(PROJECT.structure(doc.id))
    texts = [doc.title] + ([doc.subtitle] if doc.subtitle else [])
    for key, value in doc.strings.items():
        if key not in web_only:
            texts.extend(value if isinstance(value, tuple) else (value,))
    return texts


@pytest.mark.parametrize("lang", [code for code in LOCALES if PROJECT.locale(code).script in CLEAN_SCRIPTS])
def test_extracted_text_matches_the_content(lang, clinic):
    for handout_id in (h for h in PROJECT.handout_ids if lang in PROJECT.languages(h)):
        doc = PROJECT.resolve(handout_id, lang, clinic)
        if doc.kind == "card":
            pdf = build.render_card(PROJECT, clinic, build.CardJob(handout_id, lang))
            printed = _squash(" ".join(pdfcheck.page_texts(pdf)))
        else:
            pdf, _ = build.render_handout(PROJECT, clinic, build.HandoutJob(handout_id, lang, "letter"))
            printed = "".join(_without_footer(page, doc) for page in pdfcheck.page_texts(pdf))
        for text in _content_texts(doc):
            assert _squash(text.plain) in printed, f"{handout_id} {lang} {text.where.key}: {text.plain!r}"
        if doc.is_draft:
            assert _squash(doc.locale.draft_notice().plain) in _squash(" ".join(pdfcheck.page_texts(pdf)))


def _without_footer(page: str, doc) -> str:
    """Return a handout page's text without its footer, so a paragraph a page break splits reads whole."""
    first = doc.locale.draft_notice() if doc.is_draft else doc.locale.labels["disclaimer"](number=doc.clinic.emergency_number)
    text, footer = _squash(page), _squash(first.plain)
    assert footer in text, f"{doc.id} {doc.lang}: no footer on a page"
    return text[:text.rindex(footer)]


def _reference_pages(lang: str) -> list[tuple[str, bytes, int]]:
    pdf = build.render_card(PROJECT, PROJECT.clinic(), build.CardJob("naltrexone-card", lang), PERSONAL)
    return [(f"card.{lang}.{side}.png", pdf, index) for index, side in enumerate(("front", "back"))]


@pytest.mark.parametrize("lang", ["ar", "hi", "zh-Hans"])
def test_card_matches_the_reference_seen_by_eye(lang):
    from PIL import ImageChops

    for name, pdf, index in _reference_pages(lang):
        reference = REFERENCE / name
        assert reference.exists(), f"no reference {reference}: run tools/references.py and look at it"
        seen = pdfcheck.render(pdf, index, dpi=100).convert("L")
        want = _open(reference)
        assert seen.size == want.size
        diff = ImageChops.difference(seen, want).point(lambda v: 255 if v > 96 else 0)
        changed = sum(diff.histogram()[255:]) / (seen.size[0] * seen.size[1])
        assert changed < 0.003, f"{name}: {changed:.2%} of pixels differ from the reference"


def _open(path: Path):
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("L")


@pytest.mark.parametrize("lang", LOCALES)
def test_card_qr_codes_decode_in_every_locale(lang, clinic):
    # Right-to-left cards put the code on the left: it must still decode to the clinicians' page.
    pdf = build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", lang))
    found = pdfcheck.decode_qr(pdfcheck.render(pdf, 1, dpi=300))
    assert found == [f"https://careprint.example/patient-info/{lang}/clinician/"]


@pytest.mark.parametrize(("lang", "family"), [("en", "atkinson-hyperlegible"), ("vi", "noto-sans"),
                                              ("ru", "noto-sans"), ("ar", "noto-sans-arabic")])
def test_a_document_is_set_in_the_first_family_that_covers_all_of_it(lang, family, clinic):
    # Atkinson Hyperlegible lacks Vietnamese dot-below letters and Cyrillic: those documents use Noto Sans
    # throughout instead of switching designs per word. Arabic text needs a second family for Latin runs.
    doc = PROJECT.resolve("overdose-risk", lang, clinic)
    assert card.card_fonts(doc).families[0].name == family


def test_decomposed_vietnamese_is_normalised_on_load(content):
    # "Trường" typed with combining marks (as some keyboards and editors produce) must match the composed form.
    path = content / "handouts/overdose-risk/vi.yaml"
    text = path.read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    path.write_text(decomposed, encoding="utf-8")
    doc = Project(content).resolve("overdose-risk", "vi", Project(content).clinic())
    assert doc.title.plain == unicodedata.normalize("NFC", doc.title.plain)
    assert doc.title.plain == PROJECT.resolve("overdose-risk", "vi", PROJECT.clinic()).title.plain


@pytest.mark.parametrize("lang", ["hi", "ar"])
def test_shaping_and_layout_caches_do_not_change_the_bytes(lang, clinic, monkeypatch):
    from reportlab.platypus import paragraph

    from careprint.text import _bidi_runs, bidi, shapecache

    job = build.HandoutJob("naltrexone-basics", lang, "letter")
    warm, _ = build.render_handout(PROJECT, clinic, job)  # caches filled by earlier builds and this one
    again, _ = build.render_handout(PROJECT, clinic, job)
    monkeypatch.setattr(paragraph, "shapeFragWord", shapecache._shape_frag_word.original)  # no word cache
    monkeypatch.setattr(bidi, "_PREPARED", {})
    bidi._layout.cache_clear()
    bidi.widest_word_pt.cache_clear()
    _bidi_runs.shaped_str.cache_clear()
    cold, _ = build.render_handout(PROJECT, clinic, job)
    assert warm == again == cold
