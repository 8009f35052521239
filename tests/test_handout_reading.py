"""Handouts a low-literacy or low-vision reader can use (issue 12 "Reading and layout", print review 7, 11, 16)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from conftest import ENGINE_LANGS
from linemeasure import full_line_lengths
from pdfcheck import page_texts

from careprint import build
from careprint.cli import main
from careprint.content.project import Project


@pytest.mark.parametrize("lang", ENGINE_LANGS)
def test_i7_body_lines_hold_55_to_75_characters(project, clinic, lang):
    # Every line but a paragraph's last, in single-column body text of both handouts (print review 7:
    # 85-96 characters on the full 180 mm measure before).
    lengths = [n for h in ("naltrexone-basics", "overdose-risk") for n in full_line_lengths(project, clinic, h, lang)]
    average = sum(lengths) / len(lengths)
    assert len(lengths) >= 15, lang
    assert 55 <= average <= 75, f"{lang}: {average:.1f} characters per line"


def _font_sizes(data: bytes) -> list[float]:
    """Return the size of every font selection (Tf) that draws text, read from the content streams."""
    sizes = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for block in re.findall(r"BT(.*?)ET", stream, re.S):
            if re.search(r"\)\s*Tj|\]\s*TJ|>\s*Tj", block):  # the block draws text
                sizes += [float(s) for s in re.findall(r"/\S+ ([\d.]+) Tf", block)]
    return sizes


@pytest.mark.parametrize("lang", ["en", "es", "fr", "ar"])
def test_i11_nothing_on_a_handout_is_below_10_pt(project, clinic, lang):
    # Footer, disclaimer, draft notice, URLs under the QR codes, captions and sources were 8.3-9 pt.
    for handout in ("overdose-risk", "naltrexone-basics"):
        data, _ = build.render_handout(project, clinic, build.HandoutJob(handout, lang, "letter"))
        sizes = _font_sizes(data)
        assert sizes and min(sizes) >= 10, f"{handout} [{lang}]: {min(sizes)} pt"


def test_i16_handout_prints_the_clinic_name_and_phone(content, tmp_path, capsys):
    clinic_file = content / "clinic" / "riverside.yaml"
    clinic_file.write_text('name: "Riverside Clinic"\nphone: "555-0199"\ncountry: US\n'
                           'base_url: "https://clinic.example.org/info"\n', encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "--root", str(content), "--clinic", str(clinic_file), "--lang", "en", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    for handout in ("overdose-risk", "naltrexone-basics"):
        text = " ".join(page_texts(out / f"{handout}.en.letter.pdf"))
        assert "Questions? Call Riverside Clinic at 555-0199." in text, handout
        assert "call your care team: ___" not in text


def test_i16_without_clinic_details_the_handout_has_a_write_in_line(built_handouts):
    for key, path in built_handouts.items():
        text = " ".join(page_texts(path))
        expected = {"en": "Questions? Call your care team: ________________",
                    "es": "¿Preguntas? Llame a su equipo de atención: ________________"}[key[1]]  # ENGINE_LANGS
        assert expected in text, key
        assert "Riverside" not in text


def test_i16_untranslated_contact_label_prints_in_english_with_a_warning(content, capsys, tmp_path):
    locale = content / "locales/fr.yaml"
    text = locale.read_text(encoding="utf-8")
    locale.write_text(re.sub(r"\n  contact_write_in: .*", "", text, count=1), encoding="utf-8")
    code = main(["build", "--root", str(content), "--handout", "overdose-risk", "--lang", "fr", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 0
    assert "labels.contact_write_in [fr]: warning: missing key: prints the English text" in err
    assert "Questions? Call your care team" in " ".join(page_texts(tmp_path / "overdose-risk.fr.letter.pdf"))


def test_i7_measure_is_a_layout_setting(content):
    # The measure is data (layouts/handout.yaml), in ems so it holds at every body size.
    layout_file = content / "layouts" / "handout.yaml"
    text = layout_file.read_text(encoding="utf-8")
    assert re.search(r"^measure_em: 32\b", text, re.M)
    layout_file.write_text(text.replace("measure_em: 32", "measure_em: 20"), encoding="utf-8")
    build.handout_layout.cache_clear()
    try:
        layout = build.handout_layout(Path(content).resolve())
        assert layout.measure_pt == pytest.approx(20 * 13)
        assert Project(content).root == Path(content).resolve()
    finally:
        build.handout_layout.cache_clear()
