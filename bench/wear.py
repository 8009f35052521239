"""Worn-print benchmark: do the QR codes of a whole sheet of cards (and of handouts) still decode?

    python bench/wear.py [--lang en --lang ar ...] [--dpi 300] [--seed 7]

Renders an Avery 5371 sheet (10 cards, front and back pages) and page 1 of
each handout at 300 dpi with pypdfium2, wears each page the same way, and
decodes the whole page with zxing-cpp, as a phone would see a worn,
laminated card. The wear (``wear()``), fixed so runs compare:

- Gaussian blur of radius 2 px (ink spread, a soft focus);
- contrast cut to 60 % (faded toner, a scuffed laminate);
- 2 % salt-and-pepper noise: 2 % of the pixels, half turned white and half
  black (specks and scratches), from a fixed random seed.

Prints, per locale, "N/M codes decode (P %)" for the card sheet and for the
handouts, then the totals. Only codes that decode to the URL the page was
built with count. The goal for cards is at least 90 %.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pypdfium2  # noqa: E402
import zxingcpp  # noqa: E402
from PIL import Image, ImageEnhance, ImageFilter  # noqa: E402

from careprint import build  # noqa: E402
from careprint.content.project import Project  # noqa: E402

DEFAULT_LANGS = ["en", "de", "ar", "hi", "ja", "zh-Hans", "pl", "ru"]
BLUR_PX = 2.0
CONTRAST = 0.6
NOISE = 0.01  # of the pixels turned white, and as many turned black: 2 % in all


def wear(image: Image.Image, seed: int = 7) -> Image.Image:
    """Return a greyscale copy of a page worn by blur, a contrast cut and salt-and-pepper noise."""
    grey = image.convert("L").filter(ImageFilter.GaussianBlur(BLUR_PX))
    grey = ImageEnhance.Contrast(grey).enhance(CONTRAST)
    pixels = np.array(grey)
    rng = np.random.default_rng(seed)
    draw = rng.random(pixels.shape)
    pixels[draw < NOISE] = 255
    pixels[(draw >= NOISE) & (draw < 2 * NOISE)] = 0
    return Image.fromarray(pixels)


def decoded(pdf: bytes, dpi: float, seed: int) -> list[str]:
    """Return the texts of every QR code decoded from every worn page of a PDF."""
    texts: list[str] = []
    doc = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = wear(doc[index].render(scale=dpi / 72).to_pil(), seed + index)
            texts += [r.text for r in zxingcpp.read_barcodes(page) if r.format == zxingcpp.BarcodeFormat.QRCode]
    finally:
        doc.close()
    return texts


def _count(found: list[str], expected: list[str]) -> int:
    """Return how many expected codes were found (each found text counts once)."""
    pool = list(found)
    hits = 0
    for url in expected:
        if url in pool:
            pool.remove(url)
            hits += 1
    return hits


def _line(what: str, hits: int, total: int) -> str:
    return f"{what:<34} {hits}/{total} codes decode ({100 * hits / max(total, 1):.0f} %)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", action="append", help=f"locales (default: {' '.join(DEFAULT_LANGS)})")
    parser.add_argument("--dpi", type=float, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    project = Project()
    clinic = project.clinic()
    totals = {"card": [0, 0], "handout": [0, 0]}
    for lang in args.lang or DEFAULT_LANGS:
        for handout_id in project.handout_ids:
            doc = project.resolve(handout_id, lang, clinic)
            if doc.kind == "card":
                stock = build.stock(project.root, "avery-5371")
                pdf = build.render_card(project, clinic, build.CardJob(handout_id, lang, stock.id))
                expected = [code.url for code in doc.codes] * stock.positions
                kind, what = "card", f"{lang} card sheet (Avery 5371)"
            else:
                pdf, _ = build.render_handout(project, clinic, build.HandoutJob(handout_id, lang, "letter"))
                expected = [code.url for code in doc.codes]
                kind, what = "handout", f"{lang} {handout_id}"
            hits = _count(decoded(pdf, args.dpi, args.seed), expected)
            totals[kind][0] += hits
            totals[kind][1] += len(expected)
            print(_line(what, hits, len(expected)), flush=True)
    print(_line("all card sheets", *totals["card"]))
    print(_line("all handouts", *totals["handout"]))


if __name__ == "__main__":
    main()
