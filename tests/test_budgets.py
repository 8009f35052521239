"""Issue 15: length budgets measured before writing, and the room check --room reports.

Each budget is checked the way a translator meets it: the key is written into
the content at the budgeted length and built as `build` and `check` do (every
card size), and about 10 % more must no longer fit.
"""

from __future__ import annotations

import json
import re

import pytest

from careprint import build
from careprint.content.project import Project
from careprint.errors import FitError
from careprint.translate import budgets

CARD = "naltrexone-card"


def _markup(text) -> str:
    """Return a resolved text as content markup (bold spans in <b>), for writing back into a YAML file."""
    return "".join(f"<b>{s.text}</b>" if s.bold else s.text for s in text.spans if s.text)


def _set(path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = re.compile(rf"^  {re.escape(key)}: .*$", re.M)
    assert line.search(text), key
    path.write_text(line.sub(lambda _: f"  {key}: {json.dumps(value, ensure_ascii=False)}", text, count=1),
                    encoding="utf-8")


def _card_builds(root, lang: str) -> list[str]:
    """Build the card at true size and on every stock, as check does; return the fit errors."""
    project, errors = Project(root), []
    clinic = project.clinic(None)
    for stock in (None, *build.stock_ids(root)):
        try:
            build.render_card(project, clinic, build.CardJob(CARD, lang, stock))
        except FitError as exc:
            errors.append(exc.message)
    return errors


@pytest.mark.parametrize(("lang", "key", "panel"), [
    ("en", "front.title", "front title band"),   # Latin
    ("ar", "front.title", "front title band"),   # Arabic, right to left
    ("hi", "back.title", "back title band"),     # Devanagari, shaped
    ("zh-Hans", "front.title", "front title band"),  # Chinese, broken between characters
    ("en", "back.risk", "back text"),            # the shared back panel, with bold (English: no markup to match)
])
def test_i15_card_budget_matches_the_measured_fit(content, lang, key, panel):
    project = Project(content)
    budget = budgets.budgets(project, lang, CARD, keys=(key,))[key]
    assert budget.note() == f"fits about {budget.chars} characters at 8 pt in the {panel} panel"
    own = project.resolve(CARD, lang, project.clinic(None)).strings[key]
    path = content / "handouts" / CARD / f"{lang}.yaml"

    _set(path, key, _markup(budgets.cut(own, budget.chars)).strip())
    assert _card_builds(content, lang) == []

    _set(path, key, _markup(budgets.cut(own, int(budget.chars * 1.1) + 2)).strip())
    errors = _card_builds(content, lang)
    assert errors and all(f"does not fit the {panel} panel even at 8 pt" in e for e in errors)


def test_i15_handout_room_matches_the_measured_fit_and_room_says_the_type_stepped_down(content):
    project = Project(content)
    doc = project.resolve("overdose-risk", "en", project.clinic(None))
    room = budgets.handout_room(project, doc)
    assert room.note() == (f"about {room.chars} characters left on this 3-page handout at 12 pt "
                           "(shared by all its text)")
    assert room.chars > 100
    # The room is measured on the longest paragraph: fill that one.
    paragraph = max((b.texts[0] for b in doc.blocks if b.kind == "paragraph"), key=lambda t: len(t.plain))
    path = content / "handouts" / "overdose-risk" / "en.yaml"
    original = path.read_text(encoding="utf-8")
    english = project.strings("overdose-risk", "en")["strings"][paragraph.where.key]

    def fill(extra: int) -> list[str]:
        path.write_text(original, encoding="utf-8")
        _set(path, paragraph.where.key, english + " " + _markup(budgets.cut(paragraph, extra)).strip())
        fresh, errors = Project(content), []
        for paper in ("letter", "a4"):
            try:
                build.render_handout(fresh, fresh.clinic(None), build.HandoutJob("overdose-risk", "en", paper))
            except FitError as exc:
                errors.append(exc.message)
        return errors

    assert fill(room.chars) == []
    # Filled to its room at 12 pt, the handout no longer fits at 13 pt: check --room says the type stepped down.
    lines = budgets.room_lines(Project(content), Project(content).clinic(None), "overdose-risk", "en")
    assert any(re.search(r"overdose-risk/en\.yaml:1: \[en\]: room: the body type stepped down from 13 to 1[23](\.5)? pt "
                         r"to keep within 3 pages on (letter|a4)$", line) for line in lines), lines
    assert re.search(r"room: about \d+ characters left on this 3-page handout at 12 pt", lines[-1])

    errors = fill(int(room.chars * 1.1))
    assert errors and "at most 3 allowed (handout.yaml max_pages)" in errors[0]


def test_i15_room_says_what_fits_with_room_left_and_when_type_shrank(content):
    path = content / "handouts" / CARD / "es.yaml"
    _set(path, "front.title", "Tomo naltrexona")  # short: fits at the title's start size
    project = Project(content)
    budget = budgets.budgets(project, "es", CARD, keys=("back.title",))["back.title"]
    long_title = "Para el personal de emergencias y de urgencias, y sus médicos y enfermeras"
    assert len(long_title) < budget.chars  # it fits at 8 pt, but not at the start size
    _set(path, "back.title", long_title)
    lines = budgets.room_lines(Project(content), Project(content).clinic(None), CARD, "es", ("front.title", "back.title"))
    title = next(line for line in lines if "front.title [es]" in line)
    front = budgets.budgets(Project(content), "es", CARD, keys=("front.title",))["front.title"]
    left = round((front.chars - 15) / front.chars * 100)
    assert re.search(rf"es\.yaml:\d+: front\.title \[es\]: room: fits at 10\.5 pt, {left}% room left \(15 characters; "
                     r"fits about \d+ characters at 8 pt in the front title band panel\)$", title)
    back = next(line for line in lines if "back.title [es]" in line)
    shrunk = re.search(r"room: type shrank to ([\d.]+) pt \(from 10\.5\) to fit, \d+% room left", back)
    assert shrunk and 8 <= float(shrunk.group(1)) < 10.5
