"""Issue 15: `generate.py preview` writes PNG pages, even when text overflows, and highlights one key."""

from __future__ import annotations

import json
import re

import numpy as np
from PIL import Image

from careprint.cli import main

CARD = "naltrexone-card"
LONG_TITLE = ("Tomo naltrexona, un bloqueador de opioides que dura mucho tiempo en el cuerpo y bloquea "
              "los efectos de los opioides durante semanas, incluso después de la última inyección")


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _set(path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^  {re.escape(key)}: .*$", f"  {key}: {json.dumps(value, ensure_ascii=False)}", text,
                           count=1, flags=re.M), encoding="utf-8")


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def _pure_red(image: np.ndarray) -> np.ndarray:
    """The preview's outline colour; the card's band is a dark red (#8c1d18) that this does not match."""
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return (r >= 200) & (g <= 40) & (b <= 40)


def test_i15_preview_of_an_overflowing_card_key_outlines_it_in_red_and_build_still_refuses(content, capsys):
    plain, over = content / "plain", content / "over"
    code, out, _ = _run(capsys, "preview", "--root", str(content), "--handout", CARD, "--lang", "es",
                        "-o", str(plain), "--dpi", "100")
    assert code == 0 and not _pure_red(_pixels(plain / f"{CARD}.es.front.png")).any()  # nothing overflows yet

    _set(content / "handouts" / CARD / "es.yaml", "front.title", LONG_TITLE)
    code, out, _ = _run(capsys, "preview", "--root", str(content), "--handout", CARD, "--lang", "es",
                        "-o", str(over), "--dpi", "100")
    assert code == 0
    front, back = over / f"{CARD}.es.front.png", over / f"{CARD}.es.back.png"
    assert out.splitlines()[:2] == [str(front), str(back)]
    assert re.search(r"es\.yaml:\d+: front\.title \[es\]: does not fit the front title band panel even at 8 pt: "
                     r"needs [\d.]+ mm of height, has [\d.]+ mm \(\d+% too long\); shorten the text "
                     r"\(outlined in red in the preview\)$", out.splitlines()[2])
    red = _pure_red(_pixels(front))
    rows, cols = np.nonzero(red)
    height, width = red.shape
    # The outline runs across the card at the top (the title band) and reaches below the band: the overflow.
    assert red.sum() > 500 and cols.max() - cols.min() > width * 0.8
    band_px = 11 / 25.4 * 100
    assert rows.min() < band_px * 0.5 and rows.max() > band_px
    assert not _pure_red(_pixels(back)).any()

    code, _, err = _run(capsys, "build", "--root", str(content), "--handout", CARD, "--lang", "es",
                        "-o", str(content / "out"))
    assert code == 1 and "front.title [es]: does not fit the front title band panel even at 8 pt" in err
    assert not list((content / "out").glob("*.pdf"))


def test_i15_preview_key_highlights_where_the_key_prints(content, capsys):
    _run(capsys, "preview", "--root", str(content), "--handout", CARD, "--lang", "es", "-o", str(content / "a"))
    code, _, _ = _run(capsys, "preview", "--root", str(content), "--handout", CARD, "--lang", "es",
                      "-o", str(content / "b"), "--key", "front.cue")
    assert code == 0
    before, after = _pixels(content / "a" / f"{CARD}.es.front.png"), _pixels(content / "b" / f"{CARD}.es.front.png")
    changed = np.abs(after - before).sum(axis=2) > 30
    rows, cols = np.nonzero(changed)
    height, width = changed.shape
    # The cue prints in bold band-coloured type just above the bottom safe line: the highlight is there, and
    # holds the cue's text (dark red pixels in the plain preview).
    assert rows.min() > height * 0.75 and cols.max() - cols.min() > width * 0.5
    box = before[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    band = (np.abs(box - np.array([0x8C, 0x1D, 0x18])).sum(axis=2) < 60)
    assert band.sum() > 200
    # Nothing else on the face changed.
    assert not changed[: int(height * 0.75)].any()
    assert (content / "b" / f"{CARD}.es.back.png").read_bytes() == (content / "a" / f"{CARD}.es.back.png").read_bytes()


def test_i15_preview_key_highlights_a_handout_list(content, capsys):
    for folder, key in (("plain", []), ("keyed", ["--key", "signs.list"])):
        code, _, _ = _run(capsys, "preview", "--root", str(content), "--handout", "overdose-risk", "--lang", "en",
                          "-o", str(content / folder), "--dpi", "50", *key)
        assert code == 0

    def highlighted(page) -> np.ndarray:  # the translucent yellow over white paper: (255, 231, 145)
        p = _pixels(page)
        return (p[..., 0] > 240) & (abs(p[..., 1] - 231) < 12) & (abs(p[..., 2] - 145) < 25)

    pages = sorted((content / "keyed").glob("overdose-risk.en.p*.png"))
    counts = [int(highlighted(page).sum()) for page in pages]
    assert len(pages) >= 2 and sorted(counts)[-2:] == [0, max(counts)] and max(counts) > 1000  # on one page only
    page = pages[counts.index(max(counts))]
    rows, cols = np.nonzero(highlighted(page))
    plain = _pixels(content / "plain" / page.name)[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    assert (plain.sum(axis=2) < 450).sum() > 300  # the list's text (dark type) lies under the highlight


def test_i15_preview_refuses_an_unknown_key_with_a_suggestion(content, capsys):
    code, _, err = _run(capsys, "preview", "--root", str(content), "--handout", CARD, "--lang", "es",
                        "-o", str(content / "x"), "--key", "front.titel")
    assert code == 2
    assert err.strip() == "front.titel [es]: unknown key for naltrexone-card; did you mean front.title?"
    assert not (content / "x").exists()
