"""Helpers that look at PDFs as a reader would: text, metadata, rendered pixels, QR codes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2
import zxingcpp


def page_texts(pdf: Path | bytes) -> list[str]:
    """Return each page's extracted text with runs of whitespace folded to one space."""
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return [fold(page.extract_text()) for page in reader.pages]


def fold(text: str) -> str:
    """Fold whitespace (including no-break spaces) to single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def render(pdf: Path | bytes, page_index: int, dpi: float = 150):
    """Render one page (of a file or of PDF bytes) to a PIL image with pypdfium2."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return doc[page_index].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()


def decode_qr(image) -> list[str]:
    """Return the texts of all QR codes zxing-cpp finds in an image."""
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
