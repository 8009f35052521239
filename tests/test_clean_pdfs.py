"""Clean PDFs (issue 11, print review 17, ecosystem A4): embedded fonts only, a content date, print hints."""

from __future__ import annotations

import io

import pypdf
import pytest

from careprint import build
from careprint.render import calibration


def _unembedded_fonts(data: bytes) -> set[str]:
    """Return the base names of fonts listed in any page's resources without an embedded font file."""
    missing = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if "/DescendantFonts" in font:  # Type0 (TrueType subset): the descriptor is on the descendant
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


def _every_kind_of_pdf(project, clinic, lang: str) -> dict[str, bytes]:
    """Return a handout, a one-card PDF, a sheet of cards and a calibration sheet in one language."""
    pdfs = {}
    for handout in ("overdose-risk", "naltrexone-basics"):
        pdfs[handout], _ = build.render_handout(project, clinic, build.HandoutJob(handout, lang, "letter"))
    pdfs["card"] = build.render_card(project, clinic, build.CardJob("naltrexone-card", lang))
    pdfs["sheet"] = build.render_card(project, clinic, build.CardJob("naltrexone-card", lang, "avery-5371"))
    buffer = io.BytesIO()
    calibration.render(buffer, project.locale(lang), build.stock(project.root, "avery-5371"))
    pdfs["calibration"] = buffer.getvalue()
    return pdfs


@pytest.mark.parametrize("lang", ["en", "ar", "ja"])
def test_i17_no_pdf_lists_an_unembedded_font(project, clinic, lang):
    # ReportLab's initial "BT /F1 12 Tf ET" and Table cells default to Helvetica, never embedded.
    for kind, data in _every_kind_of_pdf(project, clinic, lang).items():
        assert _unembedded_fonts(data) == set(), f"{kind} [{lang}]"


def test_i11_creation_date_is_the_content_date(project, clinic, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    job = build.HandoutJob("overdose-risk", "en", "letter")
    data, _ = build.render_handout(project, clinic, job)
    day = project.structure("overdose-risk")["updated"]
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert info["/CreationDate"] == f"D:{day:%Y%m%d}000000+00'00'"
    assert info["/ModDate"] == info["/CreationDate"]
    card = build.render_card(project, clinic, build.CardJob("naltrexone-card", "en"))
    card_day = project.structure("naltrexone-card")["updated"]
    assert pypdf.PdfReader(io.BytesIO(card)).metadata["/CreationDate"] == f"D:{card_day:%Y%m%d}000000+00'00'"
    assert build.render_handout(project, clinic, job)[0] == data  # still byte-identical


def test_i11_source_date_epoch_wins(project, clinic, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    data, _ = build.render_handout(project, clinic, build.HandoutJob("overdose-risk", "en", "letter"))
    assert pypdf.PdfReader(io.BytesIO(data)).metadata["/CreationDate"] == "D:20260101000000+00'00'"


def test_i11_handouts_carry_print_scaling_none(built_handouts):
    for key, path in built_handouts.items():
        prefs = pypdf.PdfReader(path).trailer["/Root"]["/ViewerPreferences"]
        assert prefs["/PrintScaling"] == "/None", key
