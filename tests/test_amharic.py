"""Issue 15: Amharic (am, Ethiopic script), added with a font registry entry and no Python change, card only, draft."""

from __future__ import annotations

import re

import pdfcheck
import pytest
from conftest import ROOT

from careprint import build
from careprint.content.project import Project
from careprint.content.structure import web_only_keys
from careprint.render import card
from careprint.text.registry import registry

PROJECT = Project(ROOT)
ETHIOPIC = re.compile("[\u1200-\u139f]")


@pytest.fixture(scope="module")
def card_pdf(clinic) -> bytes:
    return build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "am"))


def test_i15_amharic_is_a_draft_set_in_noto_sans_ethiopic(clinic):
    locale = PROJECT.locale("am")
    assert (locale.native_name, locale.script, locale.direction) == ("አማርኛ", "Ethi", "ltr")
    assert locale.fonts == registry().defaults["Ethi"] == ("noto-sans-ethiopic", "noto-sans")
    assert PROJECT.status("naltrexone-card", "am") == "draft"
    doc = PROJECT.resolve("naltrexone-card", "am", clinic)
    assert card.card_fonts(doc).families[0].name == "noto-sans-ethiopic"


def test_i15_amharic_ships_the_card_only():
    assert [h for h in PROJECT.handout_ids if "am" in PROJECT.languages(h)] == ["naltrexone-card"]


def test_i15_amharic_card_builds_and_every_printed_text_extracts(card_pdf, clinic):
    doc = PROJECT.resolve("naltrexone-card", "am", clinic)
    printed = _squash(" ".join(pdfcheck.page_texts(card_pdf)))
    web_only = web_only_keys(PROJECT.structure("naltrexone-card"))
    texts = [value for key, value in doc.strings.items() if key not in web_only]
    assert len(texts) == 14  # every key the card prints
    for text in texts:
        assert ETHIOPIC.search(text.plain), f"{text.where.key} is not translated"
        assert _squash(text.plain) in printed, text.where.key
    assert "ትርጉሙገናአልተገመገመም/Translationnotyetreviewed" in printed  # the draft notice, in Amharic and English


def test_i15_amharic_lines_break_only_at_spaces(card_pdf, clinic):
    # Amharic separates words with spaces: no line may end inside a word. Each extracted line of the
    # back's text must then be whole words of the source, in order.
    doc = PROJECT.resolve("naltrexone-card", "am", clinic)
    words = set()
    for key in ("back.pain", "back.opioids", "back.risk"):
        words.update(doc.strings[key].plain.split())
    back_lines = _lines(card_pdf, 1)
    # The three texts are drawn after the title band and the draft notice.
    text_lines = back_lines[next(i for i, line in enumerate(back_lines) if "Translation" in line) + 1:]
    assert len(text_lines) >= 6  # three texts of two or more lines each
    for line in text_lines:
        assert set(line.split()) <= words, line
    assert " ".join(" ".join(text_lines).split()) == " ".join(
        doc.strings[key].plain for key in ("back.pain", "back.opioids", "back.risk"))


def _lines(pdf: bytes, page_index: int) -> list[str]:
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[page_index].extract_text().splitlines()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
