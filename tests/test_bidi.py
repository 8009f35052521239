"""Tests for careprint.text.bidi: RTL layout, fonts, bidi controls, mirroring, splitting, rendering."""

from __future__ import annotations

import shutil
from collections import Counter
from itertools import pairwise
from types import SimpleNamespace

import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import SimpleDocTemplate

from careprint.text import _bidi_runs
from careprint.text.bidi import RtlParagraph, VisualRun, layout_lines, run_glyphs
from careprint.text.fonts import family
from careprint.text.markup import Span

LRI, PDI = "\u2066", "\u2069"
SAMPLE = (
    "النالتريكسون دواء يمنع تأثير المواد الأفيونية. إذا توقفت عن تناوله، قد تسبب جرعتك "
    "المعتادة جرعة زائدة قاتلة. في حالة الطوارئ اتصل بالرقم \u2066911\u2069 فوراً (ولا تنتظر)."
)
CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
SIZE_PT = 12.0
EPS_PT = 1e-6


@pytest.fixture(scope="session")
def fonts():
    """careprint's Noto Sans Arabic and Noto Sans (regular, bold); Arabic letters in the Arabic font."""
    arabic, latin = family("noto-sans-arabic"), family("noto-sans")

    def font_for(char: str, bold: bool, italic: bool) -> str:
        code = ord(char)
        chosen = arabic if code in arabic.cmap and code not in latin.cmap else latin
        return chosen.face(bold, False)

    return SimpleNamespace(
        arabic=arabic.regular, arabic_bold=arabic.face(True, False),
        latin=latin.regular, latin_bold=latin.face(True, False), font_for=font_for,
    )


def _layout(fonts, text_or_spans, width_pt=400.0, **kwargs):
    spans = [Span(text_or_spans)] if isinstance(text_or_spans, str) else text_or_spans
    return layout_lines(spans, width_pt, font_for=fonts.font_for, font_size_pt=SIZE_PT, **kwargs)


def _runs_with(lines, fragment):
    return [run for line in lines for run in line if fragment in run.text]


def _gid(font_name, char):
    return pdfmetrics.getFont(font_name).face.charToGlyph[ord(char)]


def _logical_words(run):
    text = _bidi_runs.mirror(run.text) if run.level % 2 else run.text
    return text.split()


def test_lines_read_top_down_and_right_to_left(fonts):
    text = SAMPLE.replace("النالتريكسون", "النالتريكسون Naltrexone", 1)
    width_pt = 150.0
    lines = _layout(fonts, text, width_pt)
    assert len(lines) >= 3
    first = lines[0]
    first_word_run = next(run for run in first if run.text.startswith("النالتريكسون"))
    latin_run = next(run for run in first if run.text == "Naltrexone")
    assert first_word_run.x_pt == max(run.x_pt for run in first)
    assert latin_run.x_pt < first_word_run.x_pt
    assert any("تنتظر" in run.text for run in lines[-1])
    assert [line.start for line in lines] == sorted({line.start for line in lines})
    for line in lines:
        assert line[0].x_pt >= -EPS_PT
        right_pt = line[-1].x_pt + line[-1].width_pt
        assert right_pt == pytest.approx(width_pt)  # right-aligned, flush with the edge
        for left, right in pairwise(line):
            assert left.x_pt + left.width_pt == pytest.approx(right.x_pt)


def test_first_line_indent_is_on_the_right(fonts):
    lines = _layout(fonts, SAMPLE, 150.0, first_line_indent_pt=20.0)
    assert lines[0][-1].x_pt + lines[0][-1].width_pt == pytest.approx(130.0)
    assert lines[1][-1].x_pt + lines[1][-1].width_pt == pytest.approx(150.0)


def test_latin_word_gets_latin_font_and_arabic_gets_arabic_font(fonts):
    lines = _layout(fonts, "خذ Naltrexone مرتين")
    (latin,) = _runs_with(lines, "Naltrexone")
    assert latin.text == "Naltrexone" and latin.font_name == fonts.latin
    assert latin.level == 2
    for fragment in ("خذ", "مرتين"):
        (run,) = _runs_with(lines, fragment)
        assert run.font_name == fonts.arabic and run.level == 1
    # The visual order is right to left: first word rightmost, last word leftmost.
    xs = [_runs_with(lines, fragment)[0].x_pt for fragment in ("مرتين", "Naltrexone", "خذ")]
    assert xs == sorted(xs)


def test_isolated_phone_number_keeps_its_order(fonts):
    lines = _layout(fonts, f"اتصل بالرقم {LRI}555-0123{PDI} الآن")
    (phone,) = _runs_with(lines, "555")
    assert phone.text == "555-0123"
    assert phone.level % 2 == 0 and phone.font_name == fonts.latin
    expected = [_gid(fonts.latin, char) for char in "555-0123"]
    assert list(run_glyphs(phone, SIZE_PT).glyph_ids) == expected
    assert not any(CONTROLS & set(run.text) for line in lines for run in line)
    before, after = _runs_with(lines, "اتصل")[0], _runs_with(lines, "الآن")[0]
    assert after.x_pt < phone.x_pt < before.x_pt


def test_bare_number_is_reordered_by_bidi(fonts):
    """Without LRI...PDI, W2 makes the digits Arabic numbers and the hyphen R: 555-0123 shows as 0123-555."""
    (line,) = _layout(fonts, "اتصل بالرقم 555-0123 الآن")
    number_runs = [run for run in line if run.text.strip() and set(run.text) <= set("0123456789-")]
    assert [run.text for run in number_runs] == ["0123", "-", "555"]
    assert [run.level for run in number_runs] == [2, 1, 2]


def test_brackets_are_mirrored_in_rtl_runs_only(fonts):
    lines = _layout(fonts, f"خذ الدواء (مرتين يومياً) مع الطعام {LRI}(500 mg){PDI}")
    (rtl,) = _runs_with(lines, "مرتين")
    assert rtl.level == 1
    assert ")مرتين يومياً(" in rtl.text
    glyphs = list(run_glyphs(rtl, SIZE_PT).glyph_ids)
    open_gid, close_gid = _gid(rtl.font_name, "("), _gid(rtl.font_name, ")")
    # Visually, left to right, the parenthetical must read "( ... )".
    assert glyphs.index(open_gid) < glyphs.index(close_gid)
    (ltr,) = _runs_with(lines, "500")
    assert ltr.text == "(500 mg)" and ltr.level == 2


def test_neutral_only_rtl_run_is_shaped_right_to_left(fonts):
    """Script-less runs (brackets only) must not fall back to HarfBuzz's guessed LTR direction."""
    run = VisualRun(0.0, _bidi_runs.mirror("(["), fonts.latin, 1, 0.0)  # logical "([" at level 1
    glyphs = list(run_glyphs(run, SIZE_PT).glyph_ids)
    assert glyphs == [_gid(fonts.latin, "]"), _gid(fonts.latin, ")")]


def test_arabic_is_shaped_into_joining_forms(fonts):
    (line,) = _layout(fonts, "شكرا")
    (run,) = line
    sheen, kaf, reh, alef = (_gid(fonts.arabic, char) for char in "شكرا")
    shaped = list(run_glyphs(run, SIZE_PT).glyph_ids)
    assert shaped[0] == alef  # alef is leftmost: the word runs right to left
    # Sheen (initial) and kaf (medial) must not use their isolated cmap glyphs.
    assert sheen not in shaped and kaf not in shaped


def test_bold_span_uses_the_bold_font(fonts):
    spans = [Span("خذ "), Span("قرصاً واحداً", bold=True), Span(" من Naltrexone "), Span("Naltrexone", bold=True)]
    lines = _layout(fonts, spans)
    (bold_ar,) = _runs_with(lines, "قرصاً")
    assert bold_ar.font_name == fonts.arabic_bold
    assert _runs_with(lines, "خذ")[0].font_name == fonts.arabic
    latin_fonts = sorted(run.font_name for run in _runs_with(lines, "Naltrexone"))
    assert latin_fonts == sorted([fonts.latin, fonts.latin_bold])
    (regular,) = _layout(fonts, "قرصاً واحداً")
    assert bold_ar.width_pt > regular[0].width_pt  # really a heavier face, not the same one


def test_overlong_word_breaks_by_characters_or_raises(fonts):
    word = "Naltrexonehydrochloride"
    lines = _layout(fonts, word, 40.0)
    assert len(lines) >= 2
    assert "".join(run.text for line in lines for run in line) == word
    assert all(run.x_pt >= -EPS_PT and run.width_pt <= 40.0 + EPS_PT for line in lines for run in line)
    with pytest.raises(ValueError, match=word):
        _layout(fonts, word, 2.0)


def test_layout_is_deterministic_and_cached(fonts):
    spans = [Span(SAMPLE[:40]), Span(SAMPLE[40:70], bold=True), Span(SAMPLE[70:])]
    _bidi_runs.shape_text.cache_clear()
    first = _layout(fonts, spans, 180.0)
    misses = _bidi_runs.shape_text.cache_info().misses
    second = _layout(fonts, spans, 180.0)
    assert first == second
    assert [(line.start, line.end) for line in first] == [(line.start, line.end) for line in second]
    assert _bidi_runs.shape_text.cache_info().misses == misses


def _paragraph(fonts, text, **kwargs):
    options = dict(font_for=fonts.font_for, font_size_pt=SIZE_PT, leading_pt=20.0)
    return RtlParagraph([Span(text)], **{**options, **kwargs})


def test_split_returns_nothing_when_no_line_fits(fonts):
    paragraph = _paragraph(fonts, SAMPLE)
    assert paragraph.split(200.0, 19.0) == []
    assert paragraph.split(200.0, 1000.0) == [paragraph]
    head, tail = paragraph.split(200.0, 45.0)
    head.wrap(200.0, 45.0)
    assert len(head.lines) == 2


def test_split_across_pages_shows_every_word_once(fonts, tmp_path, monkeypatch):
    drawn = []
    original_draw = RtlParagraph.draw

    def recording_draw(self):
        drawn.append(self)
        original_draw(self)

    monkeypatch.setattr(RtlParagraph, "draw", recording_draw)
    text = " ".join([SAMPLE] * 3)
    path = tmp_path / "split.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=(220, 160), leftMargin=15, rightMargin=15,
                            topMargin=15, bottomMargin=15)
    doc.build([_paragraph(fonts, text, first_line_indent_pt=18.0, space_before_pt=4.0, space_after_pt=6.0)])
    assert len(PdfReader(str(path)).pages) >= 2
    assert len(drawn) >= 2
    shown = Counter(word for part in drawn for line in part.lines for run in line for word in _logical_words(run))
    expected = Counter("".join(ch for ch in text if ch not in CONTROLS).split())
    assert shown == expected
    assert "".join(span.text for part in drawn for span in part.spans) == text
    assert [part.first_line_indent_pt for part in drawn] == [18.0] + [0.0] * (len(drawn) - 1)
    assert drawn[0].getSpaceBefore() == 4.0 and drawn[-1].getSpaceAfter() == 6.0
    assert drawn[0].getSpaceAfter() == 0.0 and drawn[-1].getSpaceBefore() == 0.0


def _ink_by_line(image, top_pt, leading_pt, lines, scale, threshold=128):
    """Return (min_x, max_x) in pixels of dark pixels in each line slot of a paragraph."""
    gray = image.convert("L")
    pixels = gray.load()
    extents = []
    for number in range(lines):
        y0, y1 = (round((top_pt + k * leading_pt) * scale) for k in (number, number + 1))
        xs = [x for y in range(y0, y1) for x in range(gray.width) if pixels[x, y] < threshold]
        extents.append((min(xs), max(xs)) if xs else None)
    return extents


def test_rendered_page_is_joined_right_aligned_text(fonts, tmp_path):
    path = tmp_path / "render.pdf"
    page_pt, margin_pt, padding_pt, leading_pt, scale = (300, 260), 20, 6, 26.0, 150 / 72
    doc = SimpleDocTemplate(str(path), pagesize=page_pt, leftMargin=margin_pt, rightMargin=margin_pt,
                            topMargin=margin_pt, bottomMargin=margin_pt)
    paragraph = _paragraph(fonts, SAMPLE, font_size_pt=14.0, leading_pt=leading_pt)
    doc.build([paragraph])
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        image = pdf[0].render(scale=scale).to_pil()
    finally:
        pdf.close()
    png = tmp_path / "render.png"
    image.save(png)
    shutil.copyfile(png, "/tmp/rtl_check.png")
    lines = len(paragraph.lines)
    assert lines >= 3
    extents = _ink_by_line(image, margin_pt + padding_pt, leading_pt, lines + 1, scale)
    assert all(extents[:lines]) and extents[lines] is None  # ink on every line, none below
    right_px = (page_pt[0] - margin_pt - padding_pt) * scale
    left_px = (margin_pt + padding_pt) * scale
    for left, right in extents[:lines]:
        assert abs(right - right_px) < 3 and left >= left_px - 3  # flush right, inside the frame
    last_left, _ = extents[lines - 1]
    assert last_left > left_px + 0.2 * (right_px - left_px)  # the short last line hangs right
    extracted = PdfReader(str(path)).pages[0].extract_text()
    assert "911" in extracted
    # Joined Arabic is drawn as contextual glyphs: presentation forms or private-use stand-ins, not base letters.
    assert any(0xFB50 <= ord(ch) <= 0xFEFF or 0xE000 <= ord(ch) <= 0xF8FF for ch in extracted)
