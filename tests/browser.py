"""A real browser for tests: Debian's Chromium driven by Playwright, with axe-core for accessibility.

`.ci/run` installs Chromium (apt) and the test extras install Playwright and
axe-core (the ``axe-playwright-python`` package bundles ``axe.min.js``). A test
that needs the browser skips with the reason when either is missing.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a headless browser as root on a machine with no network but the local one.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def axe_script() -> Path:
    """Return the path of axe-core's browser script."""
    return Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))


@contextmanager
def browser():
    """Yield a Playwright browser, or skip the test with the reason it cannot run."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
    pytest.importorskip("axe_playwright_python", reason="axe-core is not installed (pip install '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does this)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page at WCAG 2.2 AA and return its violations."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("(tags) => axe.run({runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]]
