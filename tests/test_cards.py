"""Wallet cards and sheets of cards that print true (issue 3)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
from pdfcheck import decode_qr, fold, page_texts, render

from careprint import build
from careprint.cli import main
from careprint.content.layouts import MM
from careprint.content.project import Project
from careprint.errors import FitError
from careprint.render import card, sheet

PERSON = card.Personal(name="Zofia Quintanilla", form="injection", last_dose=dt.date(2026, 11, 20),
                       phone="555-0123", contact="Rosa 555-0199")


def _mm(point_pair):
    return tuple(round(v / MM, 2) for v in point_pair)


def test_avery_5371_positions_match_the_template(project):
    stock = build.stock(project.root, "avery-5371")
    # Template: x0 = 0.75 in = 19.05 mm, y0 = 0.5 in = 12.7 mm from the top-left; pitch 3.5 × 2 in.
    # PDF y is from the bottom: 279.4 (sheet) - 12.7 (top margin) - 50.8 (card) = 215.9 for row 1.
    assert _mm(sheet.position_pt(stock, 1, "front", "long")) == (19.05, 215.9)
    # Position 10 is column 2, row 5: x = 19.05 + 88.9; y = 279.4 - (12.7 + 4 × 50.8) - 50.8 = 12.7.
    assert _mm(sheet.position_pt(stock, 10, "front", "long")) == (107.95, 12.7)


def test_zweckform_c32011_positions_match_the_template(project):
    stock = build.stock(project.root, "zweckform-c32011")
    # Template: x0 15 mm, y0 13.5 mm, dx 95, dy 54 on A4 (297 mm high): row 1 y = 297 - 13.5 - 54 = 229.5.
    assert _mm(sheet.position_pt(stock, 1, "front", "long")) == (15.0, 229.5)
    # Position 4 is column 2, row 2: x = 15 + 95 = 110; y = 297 - (13.5 + 54) - 54 = 175.5.
    assert _mm(sheet.position_pt(stock, 4, "front", "long")) == (110.0, 175.5)


@pytest.mark.parametrize("stock_id", build.stock_ids(Project().root))
@pytest.mark.parametrize("duplex", ["long", "short"])
def test_backs_land_behind_their_fronts(project, stock_id, duplex):
    stock = build.stock(project.root, stock_id)
    sheet_w, sheet_h = stock.sheet_pt
    card_w, card_h = stock.card_pt
    offsets = sheet.Offsets(front_x_mm=0.4, front_y_mm=-0.2, back_x_mm=1.1, back_y_mm=0.7)
    for position in range(1, stock.positions + 1):
        fx, fy = sheet.position_pt(stock, position, "front", duplex)
        bx, by = sheet.position_pt(stock, position, "back", duplex)
        # Turning the sheet over maps a point (x, y) of the back page to (W - x, y) on the long edge,
        # or (x, H - y) on the short edge; the card's back must then cover its front exactly.
        turned = (sheet_w - bx - card_w, by) if duplex == "long" else (bx, sheet_h - by - card_h)
        assert turned == pytest.approx((fx, fy))
        # Calibration moves each side by its own offsets (+x right, +y down the paper).
        cx, cy = sheet.position_pt(stock, position, "back", duplex, offsets)
        assert (cx - bx, cy - by) == pytest.approx((1.1 * MM, -0.7 * MM))
        cx, cy = sheet.position_pt(stock, position, "front", duplex, offsets)
        assert (cx - fx, cy - fy) == pytest.approx((0.4 * MM, 0.2 * MM))


def test_every_qr_code_on_a_full_sheet_decodes(project, clinic, tmp_path):
    job = build.CardJob("naltrexone-card", "en", "avery-5371")
    path = build.build_card(project, clinic, job, tmp_path).path
    import zxingcpp

    results = zxingcpp.read_barcodes(render(path, 1, dpi=150))
    urls = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    # One code per card, opening the page for emergency clinicians (the card's own path, "clinician").
    assert urls == ["https://careprint.example/patient-info/en/clinician/"] * 10


def test_single_card_is_true_size_with_print_hints(project, clinic):
    data = build.render_card(project, clinic, build.CardJob("naltrexone-card", "es"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert _mm(page.mediabox.upper_right) == (85.6, 53.98)  # ISO/IEC 7810 ID-1
        assert _mm(page.trimbox.upper_right) == (85.6, 53.98)
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None" and prefs["/Duplex"] == "/DuplexFlipShortEdge"
    assert decode_qr(render(data, 1, dpi=300)) == ["https://careprint.example/patient-info/es/clinician/"]


@pytest.mark.parametrize(("duplex", "hint"), [("long", "/DuplexFlipLongEdge"), ("short", "/DuplexFlipShortEdge")])
def test_sheet_carries_duplex_hint_and_draws_the_face_once(project, clinic, duplex, hint):
    data = build.render_card(project, clinic, build.CardJob("naltrexone-card", "en", "avery-5371", duplex))
    reader = pypdf.PdfReader(io.BytesIO(data))
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None" and prefs["/Duplex"] == hint
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        assert len(re.findall(r"/\S+ Do", content)) == 10  # one form XObject placed at each of 10 positions
        assert len(page["/Resources"]["/XObject"]) >= 1


def test_cut_marks_only_on_stock_that_is_cut(project, clinic):
    def strokes(stock_id):
        data = build.render_card(project, clinic, build.CardJob("naltrexone-card", "en", stock_id))
        content = pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
        return len(re.findall(r" l\s+S", content))

    assert strokes("plain-letter-id1") > strokes("avery-5371")


def test_personal_values_reach_the_page_only(project, clinic, tmp_path):
    out = tmp_path / "card.pdf"
    assert main(["card", "--lang", "es", "--name", PERSON.name, "--form", "injection", "--last-dose", "2026-11-20",
                 "--phone", PERSON.phone, "--contact", PERSON.contact, "-o", str(out)]) == 0
    text = page_texts(out)[0]
    assert "Zofia Quintanilla" in text and "20 de noviembre de 2026" in text and "555-0123" in text
    reader = pypdf.PdfReader(out)
    metadata = " ".join(str(v) for v in reader.metadata.values())
    raw = out.read_bytes()
    assert "Zofia" not in metadata and "Quintanilla" not in metadata
    assert b"Zofia" not in raw.split(b"stream")[0]  # nothing in the document header objects before the first stream


def test_personalised_card_on_a_sheet_position(project, clinic):
    job = build.CardJob("naltrexone-card", "en", "avery-5371", "long", start=4)
    data = build.render_card(project, clinic, job, personal=PERSON)
    texts = page_texts(data)
    assert fold(texts[0]).count("I take naltrexone") == 1 and "Zofia Quintanilla" in texts[0]


def test_text_that_does_not_fit_names_locale_key_panel_and_shortfall(content):
    path = content / "handouts/naltrexone-card/es.yaml"
    text = path.read_text(encoding="utf-8")
    assert "y analgesia no opioide." in text
    text = text.replace("y analgesia no opioide.", "y analgesia no opioide " + "y mucho más texto " * 20 + ".")
    path.write_text(text, encoding="utf-8")
    project = Project(content)
    with pytest.raises(FitError) as info:
        build.render_card(project, project.clinic(), build.CardJob("naltrexone-card", "es"))
    message = str(info.value)
    assert message.startswith("handouts/naltrexone-card/es.yaml:")
    assert "back.pain, back.opioids, back.risk [es]: does not fit the back text panel even at 8 pt: needs " in message
    assert "% too long); shorten the text" in message


def test_bad_date_is_a_usage_error(capsys):
    assert main(["card", "--lang", "en", "--last-dose", "2026-02-30"]) == 2
    assert "argument --last-dose: not a real date: expected YYYY-MM-DD" in capsys.readouterr().err


def test_calibration_sheet_has_front_and_back(project, tmp_path):
    out = tmp_path / "cal.pdf"
    assert main(["calibrate", "--stock", "zweckform-c32011", "--lang", "es", "-o", str(out)]) == 0
    texts = page_texts(out)
    assert len(texts) == 2
    assert "Calibración de la impresora: Avery Zweckform C32011-10, anverso" in texts[0]
    assert "Calibración de la impresora: Avery Zweckform C32011-10, reverso (doble cara)" in texts[1]


def test_bleed_adds_a_bleed_box_around_the_trim(tmp_path):
    out = tmp_path / "bleed.pdf"
    assert main(["card", "--lang", "en", "--bleed", "3", "-o", str(out)]) == 0
    page = pypdf.PdfReader(out).pages[0]
    assert _mm(page.mediabox.upper_right) == (91.6, 59.98)  # 85.60 + 2 × 3, 53.98 + 2 × 3
    assert _mm(page.trimbox.lower_left) == (3.0, 3.0) and _mm(page.trimbox.upper_right) == (88.6, 56.98)
    assert _mm(page.bleedbox.upper_right) == (91.6, 59.98)


def test_title_band_runs_into_the_bleed(tmp_path):
    out = tmp_path / "bleed.pdf"
    assert main(["card", "--lang", "en", "--bleed", "3", "-o", str(out)]) == 0
    image = render(out, 0, dpi=150)
    px_per_mm = 150 / 25.4
    # 1 mm from the top-left page corner lies in the bleed, outside the trim: it must carry the band colour
    # (#8c1d18), or a cut that drifts outward shows a white sliver.
    red, green, blue = image.getpixel((round(1 * px_per_mm), round(1 * px_per_mm)))[:3]
    assert red > 110 and green < 60 and blue < 60


def test_stock_sheet_must_match_its_paper(content):
    path = content / "layouts/stock/avery-5371.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("paper: letter", "paper: a4"), encoding="utf-8")
    with pytest.raises(Exception) as info:
        build.stock(Project(content).root, "avery-5371")
    assert str(info.value).endswith("sheet_mm: sheet is 215.9 × 279.4 mm but paper a4 is 210 × 297 mm")


def test_default_build_of_cards_only(content, capsys):
    # Regression: the summary line read a paper size from the first job, which a card job lacks.
    import shutil

    for handout in ("naltrexone-basics", "overdose-risk"):
        shutil.rmtree(content / "handouts" / handout)
    assert main(["build", "--root", str(content), "-o", str(content / "out")]) == 0
    # Each language gives a one-card PDF and a sheet of cards.
    expected = 2 * len(Project(content).languages("naltrexone-card"))
    assert f"{expected} PDFs in" in capsys.readouterr().out
