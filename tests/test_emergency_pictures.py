"""The overdose action panel and the pictograms (issue 12 "Reading and layout", print review D2).

The shipped overdose handout (content 1.1) leads with both blocks; the drawing
tests read it as shipped, and the tests of ``check`` put their own variants of
the two blocks in its place in a private copy of the content (the ``content``
fixture).
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from conftest import ROOT
from pdfcheck import page_texts, render

from careprint import build
from careprint.cli import main
from careprint.content import yamlio
from careprint.content.model import PICTOGRAMS
from careprint.content.project import Project
from careprint.render import pictograms

BLOCKS = """blocks:
  - emergency: {title: act.title, steps: act.steps}
  - pictures:
      - {name: rescue-breaths, caption: pic.breaths}
      - {name: recovery-position, caption: pic.recovery}
      - {name: nasal-naloxone, caption: pic.naloxone}
"""
STRINGS = """  act.title: "If someone may have overdosed"
  act.steps:
    - "<b>Call {number}</b> right away."
    - "<b>Give naloxone.</b> Spray it into one nostril. No answer in 2 to 3 minutes? Give a second dose."
    - "<b>Give rescue breaths</b> if they are not breathing."
    - "<b>Once they breathe,</b> lay them on their side. <b>Stay with them</b> until help arrives."
  pic.breaths: "Rescue breaths"
  pic.recovery: "Recovery position"
  pic.naloxone: "Nasal naloxone"
"""


def _add_blocks(content, blocks: str = BLOCKS) -> Project:
    """Put these panel and pictures blocks first in the overdose handout of a content copy, in place of its own."""
    structure = content / "handouts/overdose-risk/handout.yaml"
    text = structure.read_text(encoding="utf-8")
    shipped = re.search(r"blocks:\n  - emergency: .*\n  - pictures:\n(?:      - .*\n)+", text)
    assert shipped, f"no emergency and pictures blocks first in {structure}"
    structure.write_text(text.replace(shipped.group(0), blocks), encoding="utf-8")
    english = content / "handouts/overdose-risk/en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + STRINGS, encoding="utf-8")
    return Project(content)


def _runs(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """Return (text, font size, x) for every text run drawn on a page, in drawing order."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), size * tm[0], tm[4] * cm[0] + cm[4]))

    pypdf.PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return runs


def _render(project: Project, lang: str) -> bytes:
    data, _ = build.render_handout(project, project.clinic(), build.HandoutJob("overdose-risk", lang, "letter"))
    return data


def _english() -> dict:
    return yamlio.load(ROOT / "handouts/overdose-risk/en.yaml")["strings"]


def _numbers(steps: list) -> set[str]:
    return {str(n) for n in range(1, len(steps) + 1)}


def test_d2_emergency_steps_come_first_with_big_numbers(content):
    data = _render(Project(content), "en")
    text = page_texts(data)[0]
    assert text.index("An overdose can kill.") < text.index("If someone may have overdosed") < text.index(
        "Call 911 right away.") < text.index("Spray naloxone into")  # first after the title, before the pictures
    assert "Why your risk goes up" in " ".join(page_texts(data)[1:])
    steps = _english()["steps.list"]
    assert len(steps) == 7
    runs = _runs(data)
    numbers = [size for word, size, _ in runs if word in _numbers(steps)]
    assert len(numbers) == len(steps) and min(numbers) >= 20  # big step numbers
    step_sizes = [size for word, size, _ in runs if word.startswith(("Call 911 right away", "Lay the person",
                                                                     "Give naloxone, the rescue"))]
    assert len(step_sizes) == 3 and min(step_sizes) >= 13  # the steps themselves


def test_d2_emergency_panel_mirrors_for_right_to_left(content):
    project = Project(content)
    width = build.handout_layout(project.root).page_size("letter")[0]
    numbers = _numbers(_english()["steps.list"])
    for lang, right in (("en", False), ("ar", True)):
        xs = [x for word, size, x in _runs(_render(project, lang)) if size >= 20 and word in numbers]
        assert len(xs) == len(numbers), lang
        assert all((x > width / 2) == right for x in xs), f"{lang}: numbers at {xs}"


def test_d2_pictograms_are_drawn_as_vectors_with_captions_under_them(content):
    data = _render(Project(content), "en")
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert "/XObject" not in page["/Resources"]  # no bitmap
    strings = _english()
    captions = [strings[f"pictures.{key}"] for key in ("naloxone", "rescue", "recovery")]  # the handout's order
    squashed = re.sub(r"\s+", " ", page_texts(data)[0])
    assert squashed.index(captions[0]) < squashed.index(captions[1]) < squashed.index(captions[2])
    # Each caption (every line of it) is centred in its third of the row, in reading order.
    width = build.handout_layout(Project(content).root).page_size("letter")[0]
    runs = _runs(data)
    for third, caption in enumerate(captions):
        lines = [(word, x) for word, _, x in runs if word in caption]
        assert " ".join(word for word, _ in lines) == caption
        assert [int(x // (width / 3)) for _, x in lines] == [third] * len(lines), caption


@pytest.mark.parametrize("name", PICTOGRAMS)
def test_d2_each_pictogram_is_clear_at_30_mm(name):
    # Drawn alone at 30 mm and rendered at 300 dpi: ink stays inside its square, is neither a speck nor a blot.
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    from careprint.content.layouts import MM

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(40 * MM, 40 * MM))
    pictograms.draw(canvas, name, 5 * MM, 5 * MM, 30 * MM, HexColor("#111111"))
    canvas.save()
    image = render(buffer.getvalue(), 0, dpi=300).convert("L")
    box = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    margin_px = 5 * 300 / 25.4
    assert box[0] >= margin_px - 3 and box[1] >= margin_px - 3
    assert box[2] <= image.width - margin_px + 3 and box[3] <= image.height - margin_px + 3
    ink = sum(image.crop(box).histogram()[:128]) / ((box[2] - box[0]) * (box[3] - box[1]))
    assert 0.10 < ink < 0.6, f"{name}: {ink:.0%} ink"
    assert pictograms.DRAW[name].__doc__  # says what it shows


def test_d2_every_pictogram_name_has_a_drawing():
    assert set(pictograms.DRAW) == set(PICTOGRAMS)


def test_d2_unknown_pictogram_is_refused(content, capsys):
    _add_blocks(content, BLOCKS.replace("name: nasal-naloxone", "name: nasal-spray"))
    code = main(["check", "--root", str(content), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(r"handouts/overdose-risk/handout.yaml:\d+: blocks\[1\]\.pictures\[2\]: unknown pictogram 'nasal-spray'; "
                     r"known: rescue-breaths, recovery-position, nasal-naloxone", err)


def test_d2_emergency_block_needs_title_and_steps(content, capsys):
    _add_blocks(content, BLOCKS.replace("{title: act.title, steps: act.steps}", "{title: act.title}"))
    code = main(["check", "--root", str(content), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "blocks[0].emergency.steps: missing required key" in err
