"""Issue 16, speed of cards and batches: the shared card front is a form XObject drawn once per language,
each card's values still land on its own card, and workers write personalised print files themselves."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT
from pdfcheck import page_texts

from careprint import build
from careprint.batch import manifest as batch
from careprint.batch import personal
from careprint.cli import main
from careprint.content.layouts import MM
from careprint.render import card, sheet
from careprint.render.cardtext import Fitter

LANGS = ("en", "es")


def _rows(count: int) -> list[personal.Row]:
    return [personal.Row(i + 2, LANGS[i % 2], card.Personal(f"Patient {i:02d}", ("pill", "injection")[i % 2],
                                                             dt.date(2026, 11, 1 + i), f"555-01{i:02d}"))
            for i in range(count)]


def _sheets(project, clinic, rows) -> bytes:
    buffer = io.BytesIO()
    sheets, errors = personal.render(buffer, project, clinic, "naltrexone-card", rows, build.card_layout(ROOT),
                                     build.stock(ROOT, "avery-5371"), "long", sheet.Offsets(), Path("p.csv"))
    assert not errors and sheets == -(-len(rows) // 10)
    return buffer.getvalue()


def test_i16_the_shared_front_is_one_form_per_language_not_one_per_card(project, clinic):
    reader = pypdf.PdfReader(io.BytesIO(_sheets(project, clinic, _rows(20))))
    for front in (reader.pages[0], reader.pages[2]):  # two sheets: front, back, front, back
        forms = front["/Resources"]["/XObject"]
        names = {str(forms[name]["/Type"]) + str(forms[name]["/Subtype"]) for name in forms}
        assert len(forms) == 2 and names == {"/XObject/Form"}  # English and Spanish
        content = front.get_contents().get_data().decode("latin-1")
        assert content.count(" Do") == 10  # each of the ten cards places its language's front
    assert reader.pages[0]["/Resources"]["/XObject"] == reader.pages[2]["/Resources"]["/XObject"]  # the same forms


def test_i16_each_cards_values_are_drawn_on_that_card(project, clinic):
    rows = _rows(10)
    page = pypdf.PdfReader(io.BytesIO(_sheets(project, clinic, rows))).pages[0]
    stock = build.stock(ROOT, "avery-5371")
    w, h = stock.card_pt
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():  # values are page content (the shared front is in the forms): cm places the text
            found[text.strip()] = (cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3])

    page.extract_text(visitor_text=visit)
    for position, row in enumerate(rows, 1):
        x, y = sheet.position_pt(stock, position, "front", "long")
        day = project.resolve("naltrexone-card", row.lang, clinic).locale.format_date(row.personal.last_dose)
        for value in (row.personal.name, row.personal.phone, day):
            vx, vy = found[value]
            assert x <= vx <= x + w and y <= vy <= y + h, (value, position)
    assert page_texts(_sheets(project, clinic, rows))[0].count("I take naltrexone") == 5  # the forms' text extracts too


def test_i16_personalised_sheets_are_deterministic_across_the_files_a_worker_writes(project, clinic):
    rows = _rows(12)  # a worker reuses each language's laid-out front and back fit from one file to the next
    others = [personal.Row(row.line, {"en": "ar", "es": "hi"}[row.lang], row.personal) for row in _rows(4)]
    first = _sheets(project, clinic, rows)
    assert _sheets(project, clinic, others) != first
    assert _sheets(project, clinic, rows) == first


def test_i16_a_front_label_that_does_not_fit_fails_that_languages_rows_only(content, capsys):
    es = content / "handouts/naltrexone-card/es.yaml"
    es.write_text(es.read_text(encoding="utf-8").replace('front.form_pill: "Pastilla diaria, <keep>50 mg</keep>"',
                                                         'front.form_pill: "' + "Pastilla diaria " * 12 + '<keep>50 mg</keep>"'),
                  encoding="utf-8")
    (content / "patients.csv").write_text("language,name\nen,Alex Example\nes,Rosa Ejemplo\nen,Sam Example\n",
                                          encoding="utf-8")
    (content / "batch.yaml").write_text("out: out\npersonal:\n  csv: patients.csv\n  stock: avery-5371\n",
                                        encoding="utf-8")
    code = main(["--root", str(content), "batch", str(content / "batch.yaml"), "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "3 CSV rows, 2 printed, 1 failed" in out, err
    assert "patients.csv:3: [es]: does not fit the front form box panel even at 8 pt" in err
    fronts = page_texts(content / "out/print/personal.avery-5371.long.001.pdf")[0]
    assert "Alex Example" in fronts and "Sam Example" in fronts and "Rosa" not in fronts


def test_i16_personal_print_files_are_written_by_workers_without_a_merge(tmp_path, capsys, monkeypatch):
    def no_merge(*args, **kwargs):
        raise AssertionError("personalised print files are not merged")

    monkeypatch.setattr(pypdf, "PdfWriter", no_merge)
    monkeypatch.setattr(batch, "PERSONAL_FILE_CARDS", 10)
    rows = "".join(f"en,Patient {i:02d},pill,2026-11-01,,\n" for i in range(15))
    (tmp_path / "patients.csv").write_text("language,name,form,last_dose,phone,contact\n" + rows, encoding="utf-8")
    (tmp_path / "batch.yaml").write_text("out: out\npersonal:\n  csv: patients.csv\n  stock: avery-5371\n",
                                         encoding="utf-8")
    assert main(["batch", str(tmp_path / "batch.yaml"), "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "files: 2 written" in out and out.count("1 sheet of avery-5371") == 2
    files = sorted((tmp_path / "out/print").glob("personal.*.pdf"))
    assert [f.name for f in files] == ["personal.avery-5371.long.001.pdf", "personal.avery-5371.long.002.pdf"]
    assert [len(page_texts(f)) for f in files] == [2, 2]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".careprint-batch.json", ".careprint.lock", "print"]


@pytest.mark.parametrize("height_mm", [3.3, 3.6, 4.0, 7.0])
def test_i16_a_fit_that_skips_sizes_reaches_the_size_every_step_would(project, clinic, height_mm):
    doc = project.resolve("naltrexone-card", "es", clinic)
    layout = build.card_layout(ROOT)
    fit = Fitter(doc, layout, card.card_fonts(doc))
    texts, width, height = [doc.strings["front.name"]], 40 * MM, height_mm * MM
    size = layout.type_pt["title"]  # the reference: try every 0.25 pt step from the start down to the minimum
    while size > layout.min_pt and sum(p.wrap(width, height)[1]
                                       for p in fit.paragraphs(texts, size, "black")) > height + 0.01:
        size -= 0.25
    paras, _ = fit.fit(texts, (width, height), layout.type_pt["title"], layout.min_pt, "black", "test")
    assert paras[0].style.fontSize == size


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "hi", "ko", "vi", "ru"])
def test_i16_a_values_paragraph_reuses_a_parse_and_equals_a_fresh_one(project, clinic, lang):
    from careprint.content.model import Text
    from careprint.errors import Where
    from careprint.text.markup import Span

    doc = project.resolve("naltrexone-card", lang, clinic)
    fit = Fitter(doc, build.card_layout(ROOT), card.card_fonts(doc))
    where = Where(None, None, "--name", lang)
    for value in ("Patient 01", "Rosa María 555-0100", "李小龙 555", "Nguyễn Văn A", "Иван Петров", "राम शर्मा 555"):
        if any(fit.fonts.family_for(ch) is None for ch in value if ch != " "):
            continue  # not printable in this language's fonts (refused before any paragraph is made)
        fit.paragraphs([Text((Span("Patient 00"),), where)], 8.5, "black")  # the parse the next ones reuse
        text = Text((Span(value),), where)
        reused = fit.paragraphs([text], 8.5, "black")[0]
        fresh = fit.maker.paragraph(text, fit.maker.style("card", fontSize=8.5, leading=8.5 * 1.15, textColor="black",
                                                          spaceAfter=8.5 * 0.3, splitLongWords=int(fit.maker.cjk)))
        assert type(reused) is type(fresh)
        assert [f.__dict__ for f in reused.frags] == [f.__dict__ for f in fresh.frags], value
        assert reused.wrap(30 * MM, 20) == fresh.wrap(30 * MM, 20)
        assert value != "Patient 01" or reused.text == value  # made from the reused parse, not from markup
