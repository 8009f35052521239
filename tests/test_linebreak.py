"""Line breaking by each language's rules (issue 12 "Reading and layout", print review 9 and 13)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from linemeasure import _line_texts
from reportlab.pdfgen.canvas import Canvas

from careprint import build
from careprint.content.model import Text
from careprint.errors import Where
from careprint.render.text import TextMaker
from careprint.text.fonts import FontSet
from careprint.text.linebreak import NO_END, NO_START, bind_short_words
from careprint.text.markup import Span


def _lines(project, lang: str, text: str, width_pt: float, bold_from: int | None = None) -> list[str]:
    """Return the lines a handout paragraph of ``text`` is set in at ``width_pt`` (13 pt type)."""
    locale = project.locale(lang)
    maker = TextMaker(FontSet(locale.fonts, lang, text), locale, bind_short_words=True)  # as handouts do
    spans = (Span(text),) if bold_from is None else (Span(text[:bold_from]), Span(text[bold_from:], bold=True))
    para = maker.paragraph(Text(spans, Where(key="test", lang=lang)), maker.style("body", fontSize=13, leading=17))
    para.wrapOn(Canvas(io.BytesIO()), width_pt, 10_000)
    return [line.rstrip() for line in _line_texts(para)]


# Crafted so that some width puts each mark at a line edge: the print review's zh-Hans "，或肚子疼" line
# and ja "気分が高まる「" line end, plus 》！？：；） and opening （《『【.
CJK_SAMPLES = {
    "zh-Hans": "尿色很深，或肚子疼。请读《用药指南》！为什么？注意：别喝酒；（很重要）【提示】「一」『二』",
    "zh-Hant": "尿色很深，或肚子疼。請讀《用藥指南》！為什麼？注意：別喝酒；（很重要）【提示】「一」『二』",
    "ja": "気分が高まる「ハイ」にはなりません。『注意』（重要）：お酒は飲まないで！なぜ？【大切】",
}


@pytest.mark.parametrize("lang", sorted(CJK_SAMPLES))
def test_i9_cjk_lines_never_start_with_closing_or_end_with_opening_punctuation(project, lang):
    text = CJK_SAMPLES[lang]
    for width_pt in range(40, 260, 3):  # every break position in the sample comes up at some width
        for bold_from in (None, 7):  # one font run, and a bold run (several fragments)
            lines = _lines(project, lang, text, width_pt, bold_from)
            assert "".join(lines) == text  # nothing lost or added
            for before, after in zip(lines, lines[1:], strict=False):
                assert after[0] not in NO_START, f"{lang} at {width_pt} pt: {before!r} / {after!r}"
                assert before[-1] not in NO_END, f"{lang} at {width_pt} pt: {before!r} / {after!r}"


def test_i9_latin_words_inside_cjk_text_are_not_split(project):
    text = "请问您的医生naltrexone和naloxone的区别。"
    for width_pt in range(80, 200, 4):  # wider than the longest word
        for line in _lines(project, "zh-Hans", text, width_pt):
            assert not re.match(r"[a-z]", line) or re.match(r"(naltrexone|naloxone)", line), line


# One-letter words and "не" where a plain break would leave them at a line end (print review 13).
SHORT_WORD_SAMPLES = {
    "ru": "Обезболивающие могут не помочь, и опиоидные анальгетики могут не действовать вместе с алкоголем к вечеру",
    "pl": "Zadzwoń pod numer alarmowy lub z monitorowaniem oddechu i w razie potrzeby u lekarza o pomoc",
}


@pytest.mark.parametrize("lang", sorted(SHORT_WORD_SAMPLES))
def test_i13_one_letter_words_and_ne_never_end_a_line(project, lang):
    for width_pt in range(150, 400, 5):  # wider than any bound pair ("z monitorowaniem")
        lines = _lines(project, lang, SHORT_WORD_SAMPLES[lang], width_pt)
        for line in lines[:-1]:
            last = line.replace("\u00a0", " ").split(" ")[-1]
            assert len(last) > 1 and last.lower() != "не", f"{lang} at {width_pt} pt: line ends {line!r}"


def test_i13_binding_happens_at_layout_time_not_in_the_content(project, clinic):
    assert bind_short_words("могут не помочь, и в доме") == "могут не\u00a0помочь, и\u00a0в\u00a0доме"
    assert bind_short_words("Zadzwoń lub z monitorowaniem") == "Zadzwoń lub z\u00a0monitorowaniem"
    assert bind_short_words("витамин C12 и 5 мг") == "витамин C12 и\u00a05 мг"  # "C12" is not a one-letter word
    doc = project.resolve("overdose-risk", "ru", clinic)
    assert "\u00a0" not in doc.strings["pain.title"].plain  # the resolved content is as written


def test_i13_russian_heading_keeps_ne_with_its_verb(project, clinic):
    # "Обезболивающие могут не / помочь" was the heading on the Russian overdose handout.
    data, _ = build.render_handout(project, clinic, build.HandoutJob("overdose-risk", "ru", "letter"))
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for line in page.extract_text().splitlines():
            words = line.replace("\u00a0", " ").split()
            assert not words or (words[-1].lower() != "не" and (len(words[-1]) > 1 or not words[-1].isalpha())), line
