"""Weight and build time of the companion site (issue 13): what a phone downloads for the emergency page.

    python bench/site.py            # every locale, into a temporary folder

Prints, per locale, the emergency page's HTML + CSS bytes (budget 30 KB) and the total with its web fonts
(budget 120 KB), and the time to write the whole site. No test asserts a time; tests/test_site.py checks
the weight budgets for a few locales.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from careprint.content.project import Project  # noqa: E402
from careprint.web import site  # noqa: E402


def weight(page: Path) -> tuple[int, int]:
    """Return (HTML and CSS bytes, bytes with fonts) that a browser loads for a page."""
    html = page.read_text(encoding="utf-8")
    css = [(page.parent / href).resolve() for href in re.findall(r'rel="stylesheet" href="([^"]+)"', html)]
    fonts = [(c.parent / u).resolve() for c in css for u in re.findall(r'url\("([^"]+)"\)', c.read_text(encoding="utf-8"))]
    base = page.stat().st_size + sum(c.stat().st_size for c in css)
    return base, base + sum(f.stat().st_size for f in fonts)


def main() -> None:
    project = Project()
    clinic = project.clinic()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        pages, errors = site.plan(project, clinic)
        result = site.write(project, clinic, Path(folder), pages)
        seconds = time.perf_counter() - start
        emergency = site.page_path(project, project.structure("naltrexone-basics")["qr"]["emergency"])
        print(f"site: {len(result.pages)} pages, {len(result.files)} files in {seconds:.1f} s ({len(errors)} errors)")
        print(f"emergency page /{{lang}}/{emergency}/   budget: 30 KB without fonts, 120 KB with")
        print(f"{'locale':9}{'HTML+CSS':>10}{'with fonts':>12}")
        for lang in project.locale_codes:
            base, total = weight(Path(folder) / lang / emergency / "index.html")
            flag = "" if base <= 30 * 1024 and total <= 120 * 1024 else "  OVER BUDGET"
            print(f"{lang:9}{base / 1024:>8.1f} KB{total / 1024:>10.1f} KB{flag}")


if __name__ == "__main__":
    main()
