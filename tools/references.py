"""Regenerate the reference PNGs the raster tests compare with: python tools/references.py.

Writes tests/reference/card.<lang>.<side>.png (100 dpi, greyscale) for the
right-to-left, shaped and CJK cards. Open every PNG and check it by eye
(words right to left, joined Arabic letters, Devanagari conjuncts, nothing
clipped) before committing: the test only proves the output has not changed
since someone looked.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pdfcheck  # noqa: E402
from test_locales import REFERENCE, _reference_pages  # noqa: E402


def main() -> None:
    REFERENCE.mkdir(exist_ok=True)
    for lang in sys.argv[1:] or ["ar", "hi", "zh-Hans"]:
        for name, pdf, index in _reference_pages(lang):
            image = pdfcheck.render(pdf, index, dpi=100).convert("L")
            image.save(REFERENCE / name, optimize=True)
            print(REFERENCE / name)


if __name__ == "__main__":
    main()
