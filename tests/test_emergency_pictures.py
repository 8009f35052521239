"""The overdose action panel and the pictograms (issue 12 "Reading and layout", print review D2).

The shipped English overdose text is rewritten on another branch; these tests
add the two block types to a private copy of the content (the ``content``
fixture), as the coordinator will do for ``overdose-risk``.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from pdfcheck import page_texts, render

from careprint import build
from careprint.cli import main
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
    """Put the panel and the pictures first in the overdose handout of a content copy."""
    structure = content / "handouts/overdose-risk/handout.yaml"
    structure.write_text(structure.read_text(encoding="utf-8").replace("blocks:\n", blocks), encoding="utf-8")
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


def test_d2_emergency_steps_come_first_with_big_numbers(content):
    data = _render(_add_blocks(content), "en")
    text = page_texts(data)[0]
    assert text.index("If someone may have overdosed") < text.index("Why your risk goes up")
    assert "Call 911 right away." in text
    runs = _runs(data)
    numbers = [size for word, size, _ in runs if word in {"1", "2", "3", "4"}]
    assert len(numbers) == 4 and min(numbers) >= 20  # big step numbers
    step_sizes = [size for word, size, _ in runs if word.startswith(("right away", "Spray it", "if they are"))]
    assert step_sizes and min(step_sizes) >= 13  # the steps themselves


def test_d2_emergency_panel_mirrors_for_right_to_left(content):
    project = _add_blocks(content)
    width = build.handout_layout(project.root).page_size("letter")[0]
    for lang, right in (("en", False), ("ar", True)):
        xs = [x for word, size, x in _runs(_render(project, lang)) if size >= 20 and word in {"1", "2", "3", "4"}]
        assert len(xs) == 4, lang
        assert all((x > width / 2) == right for x in xs), f"{lang}: numbers at {xs}"


def test_d2_pictograms_are_drawn_as_vectors_with_captions_under_them(content):
    data = _render(_add_blocks(content), "en")
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert "/XObject" not in page["/Resources"]  # no bitmap
    text = page_texts(data)[0]
    assert text.index("Rescue breaths") < text.index("Recovery position") < text.index("Nasal naloxone")
    # Each caption is centred in its third of the row, in reading order.
    width = build.handout_layout(Project(content).root).page_size("letter")[0]
    xs = [x for word, _, x in _runs(data) if word in ("Rescue breaths", "Recovery position", "Nasal naloxone")]
    assert [int(x // (width / 3)) for x in xs] == [0, 1, 2]


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
