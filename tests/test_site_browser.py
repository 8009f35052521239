"""Issue 13: the companion site in a real browser: accessibility (axe-core), phone size, zoom, RTL.

Screenshots go to tests/results/site/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, axe_violations, browser
from test_site import SITE_LANGS, built_site  # noqa: F401 - the fixture

from careprint.web import site

RESULTS = Path(__file__).parent / "results" / "site"


def _page_types(project) -> dict[str, str]:
    """Return {page type: path below a language folder} for every kind of page."""
    emergency = project.structure("naltrexone-basics")["qr"]["emergency"]
    card = next(h for h in project.handout_ids if project.structure(h)["kind"] == "card")
    return {"index": "", "handout": f"{site.page_path(project, 'naltrexone-basics')}/",
            "emergency": f"{site.page_path(project, emergency)}/", "clinician": f"{site.page_path(project, card)}/"}


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def _open(chromium, url: str, viewport: dict):
    context = chromium.new_context(viewport=viewport, bypass_csp=True)  # bypass only to inject axe-core
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("lang", SITE_LANGS)
def test_axe_finds_no_violation_on_any_page_type(chromium, built_site, project, lang):  # noqa: F811
    problems = {}
    pages = {"root": built_site / "index.html"} if lang == "en" else {}
    pages.update({kind: built_site / lang / path / "index.html" for kind, path in _page_types(project).items()})
    for kind, path in pages.items():
        context, page = _open(chromium, path.as_uri(), PHONE)
        RESULTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=RESULTS / f"{lang}-{kind}-phone.png", full_page=True)
        found = axe_violations(page)
        context.close()
        if found:
            problems[kind] = found
    assert not problems, problems


@pytest.mark.parametrize("lang", ["en", "ar", "hi"])
def test_no_sideways_scrolling_at_320_px_or_at_200_percent_zoom(chromium, built_site, project, lang):  # noqa: F811
    for kind, path in _page_types(project).items():
        for viewport in ({"width": 320, "height": 640}, {"width": DESKTOP["width"] // 2, "height": 450}):
            context, page = _open(chromium, (built_site / lang / path / "index.html").as_uri(), viewport)
            width = page.evaluate("document.documentElement.scrollWidth")
            context.close()
            assert width <= viewport["width"], (lang, kind, viewport, width)


def test_emergency_steps_are_on_the_first_phone_screen(chromium, built_site, project):  # noqa: F811
    path = _page_types(project)["emergency"]
    for lang in SITE_LANGS:
        context, page = _open(chromium, (built_site / lang / path / "index.html").as_uri(), PHONE)
        top = page.evaluate("document.querySelector('.steps li').getBoundingClientRect().top")
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.steps li')).fontSize)")
        page.screenshot(path=RESULTS / f"{lang}-emergency-first-screen.png")
        context.close()
        assert top < PHONE["height"] / 2, (lang, top)  # the first step shows without scrolling
        assert size >= 22, (lang, size)  # large type (body text is 18 px)


def test_arabic_is_laid_out_right_to_left(chromium, built_site, project):  # noqa: F811
    path = _page_types(project)["emergency"]
    context, page = _open(chromium, (built_site / "ar" / path / "index.html").as_uri(), DESKTOP)
    h1 = page.evaluate("(() => { const h = document.querySelector('h1'), m = document.querySelector('main');"
                       " return [h.getBoundingClientRect().right, m.getBoundingClientRect().right,"
                       " parseFloat(getComputedStyle(m).paddingRight), getComputedStyle(h).direction]; })()")
    number = page.evaluate("getComputedStyle(document.querySelector('.steps li'), '::before').right")
    page.screenshot(path=RESULTS / "ar-emergency-desktop.png", full_page=True)
    context.close()
    assert h1[3] == "rtl"
    assert abs(h1[0] - (h1[1] - h1[2])) < 2, h1  # the title starts at the right edge of the text column
    assert number == "0px"  # the step number sits on the right-hand side
