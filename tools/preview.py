"""Render PDF pages to PNG for looking at them: python tools/preview.py out/*.pdf [--dpi 100].

Writes <pdf stem>.p<N>.png beside each PDF in a preview/ folder. For one
handout or card by id (even when its text does not fit, with --key to
highlight a key), use `python generate.py preview` instead; this tool is for
PDFs already built, such as sheets of cards and batch print files.
"""

import argparse
from pathlib import Path

import pypdfium2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--dpi", type=float, default=100)
    parser.add_argument("--pages", default=None, help="comma-separated 1-based page numbers (default: all)")
    args = parser.parse_args()
    for pdf_path in args.pdfs:
        pdf = pypdfium2.PdfDocument(pdf_path)
        wanted = [int(p) - 1 for p in args.pages.split(",")] if args.pages else range(len(pdf))
        folder = pdf_path.parent / "preview"
        folder.mkdir(exist_ok=True)
        for index in wanted:
            target = folder / f"{pdf_path.stem}.p{index + 1}.png"
            pdf[index].render(scale=args.dpi / 72).to_pil().save(target)
            print(target)
        pdf.close()


if __name__ == "__main__":
    main()
