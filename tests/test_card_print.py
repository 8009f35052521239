"""Print safety of cards and QR codes (issue 11) and the card's content (issue 12).

Pixel tests render with pypdfium2: the 3 mm safe zone of every card face in
every locale on every card size, the 4-module quiet zone of every code, the
title band kept off neighbouring cards on abutting stock, module sizes.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pypdf
import pytest
import zxingcpp
from conftest import ROOT
from pdfcheck import fold, page_texts, render
from reportlab.pdfgen.canvas import Canvas

from careprint import build
from careprint.cli import main
from careprint.content.layouts import MM
from careprint.content.project import Project
from careprint.errors import ContentError
from careprint.render import card, qr, sheet

PROJECT = Project(ROOT)
LAYOUT = build.card_layout(ROOT)
BAND_RGB = np.array([0x8C, 0x1D, 0x18])
# The card sizes stocks print on: ID-1 (one-card PDF, plain stock), 3.5 × 2 in (Avery), 85 × 54 mm (Zweckform).
CARD_SIZES = sorted({build.stock(ROOT, s).card_pt for s in build.stock_ids(ROOT)} | {(LAYOUT.width_pt, LAYOUT.height_pt)})
QUIET_LANGS = ["en", "ar", "hi", "ja", "zh-Hans", "pl"]


def _face_pdf(doc, size: tuple[float, float]) -> bytes:
    """Draw a card's front and back at one card size, exactly as a sheet places them (no bleed)."""
    out = io.BytesIO()
    w, h = size
    canvas = Canvas(out, pagesize=size, invariant=1)
    fonts = card.card_fonts(doc)
    card.draw_front(canvas, doc, LAYOUT, fonts, w, h, card.Personal(name="Test Patient", phone="555-0123"))
    canvas.showPage()
    card.draw_back(canvas, doc, LAYOUT, fonts, w, h)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _not_band_ink(pixels: np.ndarray) -> np.ndarray:
    """Return a mask of ink that is neither white nor the band colour (anti-aliased edges of it included)."""
    rgb = pixels[..., :3].astype(float)
    t = (255 - rgb[..., 1]) / (255 - BAND_RGB[1])  # how far along white → band colour, from the green channel
    expected = 255 - t[..., None] * (255 - BAND_RGB)
    on_band_line = np.abs(rgb - expected).max(axis=-1) <= 30
    return (rgb.min(axis=-1) < 235) & ~on_band_line


@pytest.mark.parametrize("lang", PROJECT.locale_codes)
def test_i11_nothing_but_the_band_within_3_mm_of_the_trim(lang, clinic):
    doc = PROJECT.resolve("naltrexone-card", lang, clinic)
    dpi = 200
    band_px = int(3 * dpi / 25.4) - 1  # 3 mm less one pixel of anti-aliasing at the safe line
    for size in CARD_SIZES:
        pdf = _face_pdf(doc, size)
        for index, side in enumerate(("front", "back")):
            pixels = np.array(render(pdf, index, dpi=dpi).convert("RGB"))
            ink = _not_band_ink(pixels)
            ink[band_px:-band_px, band_px:-band_px] = False  # only the band along the trim is checked
            rows, cols = np.nonzero(ink)
            where = f"{side} at {size[0] / MM:.1f} × {size[1] / MM:.1f} mm"
            assert not len(rows), f"{lang} {where}: ink {len(rows)} px inside the safe zone, e.g. at px {rows[0], cols[0]}"


@pytest.mark.parametrize("duplex", ["long", "short"])
def test_i11_band_tolerates_1_mm_misregistration_on_abutting_stock(clinic, duplex):
    # Avery 5371 cards abut: a band printed to the trim would show as a red sliver on the neighbouring card
    # when the printer shifts the page by up to 1 mm. Nothing of the band may come within 1 mm of a card's edge.
    stock = build.stock(ROOT, "avery-5371")
    pdf = build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "en", stock.id, duplex))
    dpi = 150
    px = dpi / 72
    for index, side in enumerate(("front", "back")):
        pixels = np.array(render(pdf, index, dpi=dpi).convert("RGB")).astype(int)
        reddish = (pixels[..., 0] - pixels[..., 1] > 40)
        height = pixels.shape[0]
        for position in range(1, stock.positions + 1):
            x, y = sheet.position_pt(stock, position, side, duplex)
            w, h = stock.card_pt
            left, top = round(x * px), round(height - (y + h) * px)
            right, bottom = round((x + w) * px), round(height - y * px)
            ring = int(1 * MM * px)
            inner = reddish[top:bottom, left:right].copy()
            inner[ring:-ring, ring:-ring] = False
            assert not inner.any(), f"{side} position {position}: band within 1 mm of the trim"
            assert reddish[top:bottom, left:right].any()  # the band is there, inset


def _qr_boxes(image, dpi: float):
    """Yield (text, left, top, right, bottom) in pixels of each decoded code's symbol."""
    for result in zxingcpp.read_barcodes(image):
        p = result.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        yield result.text, min(xs), min(ys), max(xs) + 1, max(ys) + 1


def _quiet_zone_ink(image, dpi: float) -> list[str]:
    """Return, per code, how many dark pixels lie in its 4-module quiet zone (should be none)."""
    grey = np.array(image.convert("L"))
    found = []
    for text, left, top, right, bottom in _qr_boxes(image, dpi):
        module = (right - left) / qr.modules(text)
        quiet = int(qr.QUIET_ZONE_MODULES * module) - 1
        zone = grey[top - quiet:bottom + quiet, left - quiet:right + quiet] < 160
        zone[quiet - 1:1 - quiet, quiet - 1:1 - quiet] = False  # the symbol itself (and one pixel of anti-aliasing)
        found.append(f"{text}: {int(zone.sum())} dark px")
    return found


@pytest.mark.parametrize("lang", QUIET_LANGS)
def test_i11_quiet_zone_is_free_of_ink_on_cards_and_handouts(lang, clinic):
    pdf = build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", lang))
    found = _quiet_zone_ink(render(pdf, 1, dpi=300), 300)
    for handout in ("naltrexone-basics", "overdose-risk"):
        data, _ = build.render_handout(PROJECT, clinic, build.HandoutJob(handout, lang, "letter"))
        for index in range(len(pypdf.PdfReader(io.BytesIO(data)).pages)):
            found += _quiet_zone_ink(render(data, index, dpi=200), 200)
    assert len(found) == 5 and all(f.endswith(": 0 dark px") for f in found), found  # 1 on the card, 2 per handout


def _module_mm(image, dpi: float) -> dict[str, float]:
    return {text: (right - left) / dpi * 25.4 / qr.modules(text) for text, left, _, right, _ in _qr_boxes(image, dpi)}


def _clinic_file(tmp_path, base_url: str, extra: str = ""):
    path = tmp_path / "clinic.yaml"
    path.write_text(f'country: US\nbase_url: "{base_url}"\n{extra}', encoding="utf-8")
    return path


def test_i11_modules_are_at_least_half_a_millimetre_on_cards_and_0_6_on_handouts(tmp_path):
    # A long (but allowed) base URL: 0.6 mm handout modules make the code grow; the card's code keeps 0.5 mm.
    base = "https://clinic.example.org/" + "p" * 30
    clinic = PROJECT.clinic(_clinic_file(tmp_path, base))
    pdf = build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "zh-Hans"))
    card_modules = _module_mm(render(pdf, 1, dpi=600), 600)
    data, _ = build.render_handout(PROJECT, clinic, build.HandoutJob("overdose-risk", "zh-Hans", "letter"))
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)  # the QR row sits where the content puts it
    handout_modules = {k: v for page in range(pages) for k, v in _module_mm(render(data, page, dpi=300), 300).items()}
    assert len(card_modules) == 1 and min(card_modules.values()) >= 0.5 - 0.02, card_modules
    assert len(handout_modules) == 2 and min(handout_modules.values()) >= 0.6 - 0.02, handout_modules


def test_i11_base_url_too_long_for_a_card_code_names_the_longest_that_fits(tmp_path, capsys):
    room_modules = int(LAYOUT.qr_symbol_pt / (qr.CARD_MIN_MODULE_MM * MM) + 1e-6)
    suffix = len("/en/clinician/")
    longest = qr.max_payload_bytes(room_modules) - suffix
    fits = "https://clinic.example.org/" + "a" * (longest - len("https://clinic.example.org/"))
    assert main(["card", "--lang", "en", "--clinic", str(_clinic_file(tmp_path, fits)),
                 "-o", str(tmp_path / "ok.pdf")]) == 0
    too_long = fits + "b"
    capsys.readouterr()
    assert main(["card", "--lang", "en", "--clinic", str(_clinic_file(tmp_path, too_long)),
                 "-o", str(tmp_path / "no.pdf")]) == 1
    assert capsys.readouterr().err.strip().endswith(
        f"clinic.yaml:2: base_url [en]: {len(too_long)} characters is too long for a card QR code with modules of "
        f"at least 0.5 mm; the longest that fits is {longest} characters")


def test_i11_codes_open_short_stable_paths(project, clinic):
    assert project.paths() == {"naltrexone-basics": "naltrexone", "naltrexone-card": "clinician",
                               "overdose-risk": "overdose"}
    doc = project.resolve("overdose-risk", "zh-Hans", clinic)
    assert [c.url for c in doc.codes] == ["https://careprint.example/patient-info/zh-Hans/naltrexone/",
                                          "https://careprint.example/patient-info/zh-Hans/overdose/"]


def test_i11_a_path_must_be_short_and_web_safe(content):
    path = content / "handouts/overdose-risk/handout.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("path: overdose", "path: Overdose_Risk"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        Project(content).structure("overdose-risk")
    assert str(info.value) == ("handouts/overdose-risk/handout.yaml:3: path: expected a short web path of a-z, 0-9 and "
                               "single hyphens (such as overdose), found 'Overdose_Risk'")


def test_i11_two_handouts_cannot_share_a_path(content):
    path = content / "handouts/overdose-risk/handout.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("path: overdose", "path: naltrexone"), encoding="utf-8")
    project = Project(content)
    with pytest.raises(ContentError) as info:
        project.resolve("overdose-risk", "en", project.clinic())
    assert str(info.value) == ("handouts/overdose-risk/handout.yaml:3: path: path 'naltrexone' is already the path "
                               "of naltrexone-basics; each handout needs its own")


def test_i11_web_addresses_never_break_at_a_hyphen():
    from careprint.render.flowables import UrlLines
    from careprint.text.fonts import family

    text = "careprint.example/patient-info/zh-Hans/naltrexone/"
    lines = UrlLines(text, family("atkinson-hyperlegible").regular, 9, 11, "black")
    for width_pt in range(60, 240, 4):
        lines.wrap(width_pt, 100)
        assert not any(line.endswith("-") for line in lines.lines[:-1]), (width_pt, lines.lines)


def test_m6_front_gives_a_finder_the_overdose_cue(tmp_path):
    clinic = _clinic_file(tmp_path, "https://clinic.test/info").with_name("es.yaml")
    clinic.write_text('country: ES\nbase_url: "https://clinic.test/info"\n', encoding="utf-8")
    front = fold(page_texts(build.render_card(PROJECT, PROJECT.clinic(clinic), build.CardJob("naltrexone-card", "en")))[0])
    assert "Can't wake me? Give naloxone. Call 112." in front


def test_m5_back_tells_clinicians_what_the_label_says(clinic):
    back = fold(page_texts(build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "en")))[1])
    for line in ("Prefer regional anesthesia and non-opioid pain relief.",
                 "Opioid doses high enough to work can stop breathing.", "Monitor closely.", "Naloxone works.",
                 "For clinicians", "Version 1.1", "2026-11-30"):
        assert line in back, line


def test_m10_card_prints_its_content_version_and_date(clinic):
    doc = PROJECT.resolve("naltrexone-card", "es", clinic)
    back = fold(page_texts(build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "es")))[1])
    assert doc.version in back and card.content_date(doc).isoformat() in back


def test_u5_card_prints_the_clinic_phone_only_when_set(tmp_path, clinic):
    settings = _clinic_file(tmp_path, "https://clinic.test/info", 'name: "Riverside Clinic"\nphone: "555-0199"\n')
    # On the front's "Prescriber or pharmacy" line, so even a blank card from a sheet carries it (a typed phone wins).
    front = fold(page_texts(build.render_card(PROJECT, PROJECT.clinic(settings), build.CardJob("naltrexone-card", "en")))[0])
    assert "Riverside Clinic, 555-0199" in front
    typed = card.Personal(name="A", phone="555-0100")
    front = fold(page_texts(build.render_card(PROJECT, PROJECT.clinic(settings), build.CardJob("naltrexone-card", "en"),
                                              typed))[0])
    assert "555-0100" in front and "555-0199" not in front
    plain = build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "en"))
    assert "Riverside" not in fold(" ".join(page_texts(plain)))


def test_u5_a_draft_card_with_the_clinic_phone_fits_in_every_language(tmp_path):
    settings = PROJECT.clinic(_clinic_file(tmp_path, "https://clinic.test/info", 'name: "Riverside Clinic"\nphone: "555-0199"\n'))
    for lang in PROJECT.languages("naltrexone-card"):
        build.render_card(PROJECT, settings, build.CardJob("naltrexone-card", lang, "avery-5371"))  # FitError if not


def test_i12_next_shot_due_from_the_counter(tmp_path):
    out = tmp_path / "card.pdf"
    assert main(["card", "--lang", "en", "--last-dose", "2026-11-20", "--next-due", "2026-12-18", "-o", str(out)]) == 0
    front = page_texts(out)[0]
    assert "Date of last dose or shot" in front and "Next shot due" in front
    assert "November 20, 2026" in front and "December 18, 2026" in front


def test_i12_next_due_csv_column_is_checked_by_name(tmp_path):
    from careprint.batch import personal

    path = tmp_path / "patients.csv"
    path.write_text("language,name,next_due\nen,A,2026-12-18\nen,B,2026-13-01\n", encoding="utf-8")
    rows, errors = personal.read(path, PROJECT)
    assert [row.personal.next_due for row in rows] == [dt.date(2026, 12, 18)]
    assert [str(e) for e in errors] == [f"{path}:3: next_due: not a real date: expected YYYY-MM-DD"]


def test_i12_no_card_text_a_patient_reads_is_below_8_pt(clinic):
    pdf = build.render_card(PROJECT, clinic, build.CardJob("naltrexone-card", "de"))
    small: list[str] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip() and size * tm[3] < 8 - 1e-6:
                small.append(text.strip())
        page.extract_text(visitor_text=visit)
    # Only the content version and date (for staff recognising an outdated card) are set smaller.
    doc = PROJECT.resolve("naltrexone-card", "de", clinic)
    assert small and " ".join(small).replace(" ", "") == "".join(t.plain for t in card._version_lines(doc)).replace(" ", "")


def test_i12_layout_refuses_card_type_below_8_pt(content):
    path = content / "layouts/card.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_pt: 8.0", "min_pt: 6.5"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build.card_layout(content)
    assert str(info.value).endswith("min_pt: min_pt must be at least 8")
