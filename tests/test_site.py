"""Issue 13: the companion site, the pages the QR codes open.

Static checks on the HTML here; tests/test_site_browser.py looks at the pages
in a real browser (axe-core, phone and desktop sizes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from careprint.cli import main
from careprint.web import site

SITE_LANGS = ["en", "es", "ar", "zh-Hans", "hi"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    argv = ["site", "-o", str(out)]
    for lang in SITE_LANGS:
        argv += ["--lang", lang]
    assert main(argv) == 0
    return out


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("index.html"))


def test_every_handout_has_a_page_in_every_language_at_its_short_path(project, built_site):
    for lang in SITE_LANGS:
        assert (built_site / lang / "index.html").exists()
        for handout_id in project.handout_ids:
            assert (built_site / lang / site.page_path(project, handout_id) / "index.html").exists(), (lang, handout_id)
    assert (built_site / "index.html").exists() and (built_site / "sitemap.xml").exists()


def test_pages_declare_language_direction_and_alternates(built_site):
    for page in _pages(built_site):
        text = page.read_text(encoding="utf-8")
        lang = page.relative_to(built_site).parts[0] if len(page.relative_to(built_site).parts) > 1 else "en"
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in text, page
        assert '<meta http-equiv="Content-Security-Policy"' in text
        for other in SITE_LANGS:
            assert f'hreflang="{other}"' in text, (page, other)


def test_no_script_and_no_request_to_another_host(built_site):
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".css"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and "@import" not in text, path
        # Only links (<a href>) and the canonical/alternate addresses may name a host; nothing is loaded from one.
        loaded = re.findall(r'(?:src|href)="([^"]+)"', re.sub(r'<(?:a|link rel="(?:canonical|alternate)")[^>]*>', "", text))
        assert not [u for u in loaded if "://" in u or u.startswith("//")], (path, loaded)
        assert not re.search(r"url\((?!\"?[\w.-]+\"?\))", text), path  # fonts are files beside the CSS


def test_emergency_page_puts_the_steps_first_and_calls_the_emergency_number(built_site, project, clinic):
    path = site.page_path(project, project.structure("naltrexone-basics")["qr"]["emergency"])
    text = (built_site / "en" / path / "index.html").read_text(encoding="utf-8")
    main_html = text.split('<main id="main">', 1)[1]
    first_two = re.findall(r"<(h1|section|p|h2|ul|ol)\b", main_html)[:2]
    assert first_two == ["h1", "section"], first_two  # nothing between the title and the steps
    assert '<section class="emergency"' in main_html.split("</section>")[0]
    assert f'href="tel:{clinic.emergency_number}"' in main_html.split("</section>")[0]
    for phrase in ("rescue breath", "second dose", "Stay with them"):
        assert phrase in main_html


def test_draft_translations_say_so_and_english_does_not(built_site):
    es = (built_site / "es" / "index.html").parent
    for page in es.rglob("index.html"):
        if page.parent == es:
            continue
        assert "Translation not yet reviewed" in page.read_text(encoding="utf-8"), page
    for page in (built_site / "en").rglob("index.html"):
        assert "not yet reviewed" not in page.read_text(encoding="utf-8")


def test_content_text_is_escaped(content, tmp_path, capsys):
    english = content / "handouts" / "overdose-risk" / "en.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace('why.title: "', 'why.title: "1 < 2 & 3 > 0 ', 1), encoding="utf-8")
    assert main(["site", "--root", str(content), "--lang", "en", "-o", str(tmp_path / "s")]) == 0
    capsys.readouterr()
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "s" / "en").glob("*/index.html")]
    assert any("1 &lt; 2 &amp; 3 &gt; 0 " in p for p in pages)


def test_site_is_byte_identical_for_the_same_inputs(tmp_path, capsys):
    for name in ("a", "b"):
        assert main(["site", "--lang", "en", "--lang", "ar", "-o", str(tmp_path / name)]) == 0
    capsys.readouterr()
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b


def _weight(root: Path, page: Path) -> tuple[int, int]:
    """Return (bytes of HTML and CSS, bytes with fonts) that a browser loads for a page."""
    html = page.read_text(encoding="utf-8")
    css_files = [(page.parent / href).resolve() for href in re.findall(r'rel="stylesheet" href="([^"]+)"', html)]
    fonts = [(css.parent / u).resolve() for css in css_files
             for u in re.findall(r'url\("([^"]+)"\)', css.read_text(encoding="utf-8"))]
    base = len(page.read_bytes()) + sum(c.stat().st_size for c in css_files)
    return base, base + sum(f.stat().st_size for f in fonts)


@pytest.mark.parametrize("lang", SITE_LANGS)
def test_emergency_page_weight_is_within_budget(built_site, project, lang):
    path = site.page_path(project, project.structure("naltrexone-basics")["qr"]["emergency"])
    base, total = _weight(built_site, built_site / lang / path / "index.html")
    assert base <= 30 * 1024, f"{lang}: {base} bytes of HTML and CSS (budget 30 KB)"
    assert total <= 120 * 1024, f"{lang}: {total} bytes with fonts (budget 120 KB)"


def test_every_qr_code_in_a_default_build_opens_a_page_of_the_built_site(tmp_path, capsys):
    """Decode every code in every PDF of the default build (with a real base URL) and find its page in the site."""
    from pdfcheck import decode_qr, render

    base = "https://clinic.example.org/info"
    clinic_file = tmp_path / "clinic.yaml"
    clinic_file.write_text(f'country: US\nbase_url: "{base}"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--clinic", str(clinic_file), "build", "-o", str(out)]) == 0
    capsys.readouterr()
    seen = set()
    for pdf in sorted(out.glob("*.pdf")):
        pages = len(pypdf.PdfReader(pdf).pages)
        dpi = 300 if ".card." in pdf.name else 150  # card modules are 0.5 mm
        for page in range(pages):
            for url in decode_qr(render(pdf, page, dpi=dpi)):
                assert url.startswith(base + "/"), (pdf.name, url)
                target = out / "site" / url[len(base) + 1:] / "index.html"
                assert target.exists(), (pdf.name, url)
                seen.add(url.split("/")[-2])
    assert seen == {"naltrexone", "overdose", "clinician"}, seen


def test_web_only_blocks_show_on_the_site_and_never_on_paper(project, clinic, tmp_path, capsys):
    """Issue 13: handout.yaml ``more:`` blocks (how to give the spray, questions, the clinician page) are web only."""
    from pdfcheck import page_texts

    from careprint import build

    step = "Press the plunger firmly. This gives the dose."
    clinician = "Give opioids only with close monitoring by trained staff, in a setting equipped for CPR."
    pdf, _ = build.render_handout(project, clinic, build.HandoutJob("overdose-risk", "en", "letter"))
    card = build.render_card(project, clinic, build.CardJob("naltrexone-card", "en"))
    assert step not in " ".join(page_texts(pdf)) and "CPR" not in " ".join(page_texts(card))
    assert main(["site", "--lang", "en", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    overdose = (tmp_path / "en" / site.page_path(project, "overdose-risk") / "index.html").read_text(encoding="utf-8")
    assert step in overdose and overdose.index(step) > overdose.index("</section>")  # after the emergency steps
    assert clinician in (tmp_path / "en" / "clinician" / "index.html").read_text(encoding="utf-8")


def test_web_only_keys_go_through_the_translator_workflow(content, capsys):
    english = content / "handouts" / "overdose-risk" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("Press the plunger firmly.", "Press the plunger hard."),
                       encoding="utf-8")
    assert main(["check", "--no-render", "--lang", "es", "--root", str(content)]) == 0
    err = capsys.readouterr().err
    assert "more.naloxone.steps [es]: warning: stale" in err
    assert main(["locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", "--root", str(content)]) == 0
    scaffold = (content / "handouts" / "overdose-risk" / "so.yaml").read_text(encoding="utf-8")
    assert "# Prints as the companion web page only (not on paper): 7 items, keep the count." in scaffold
