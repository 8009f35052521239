"""Issue 14: the counter app in a real browser (Chromium via Playwright), with axe-core.

The app runs with uvicorn on a free local port. Screenshots of every page, at phone and desktop
size, go to tests/results/app/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import io
import socket
import threading
import time
from pathlib import Path

import pypdf
import pytest
import uvicorn
from browser import DESKTOP, PHONE, axe_violations, browser
from pdfcheck import decode_qr, page_texts, render

from careprint import build
from careprint.render import card
from careprint.web.app import Settings, create_app

RESULTS = Path(__file__).parent / "results" / "app"
CSV_ONE_BAD_ROW = ("language,name,form,last_dose,phone,contact,next_due\n"
                   "es,Rosa Ejemplo,injection,2026-11-18,555-0102,,2026-12-16\n"
                   "xx,Nadie Malo,pill,2026-02-30,555-0103,,\n"
                   "en,Alex Example,pill,2026-11-20,555-0100,,\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Run the app on a free port of 127.0.0.1; yield its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(host="127.0.0.1", port=port, batch_out=tmp_path_factory.mktemp("batches"))
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, access_log=False, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", settings
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def _page(chromium, viewport=DESKTOP, **options):
    context = chromium.new_context(viewport=viewport, accept_downloads=True, **options)
    return context, context.new_page()


def _wait_preview(page, after: int) -> int:
    """Wait until counter.js has shown a newer preview than `after` and is idle; return its number.

    Polled from Python: wait_for_function evaluates a string in the page, which the app's CSP forbids.
    """
    for _ in range(200):
        state = page.eval_on_selector(".preview", "e => [Number(e.dataset.updates || 0), e.classList.contains('busy')]")
        if state[0] > after and not state[1]:
            return state[0]
        page.wait_for_timeout(50)
    raise AssertionError("the preview did not update")


@pytest.mark.parametrize(("lang", "name"), [("es", "Rosa Ejemplo"), ("ar", "سارة مثال")])
def test_fill_the_counter_form_see_the_preview_change_and_print(chromium, server, project, lang, name):
    url, _ = server
    context, page = _page(chromium)
    page.goto(url + "/")
    page.select_option("#lang", lang)
    seen = _wait_preview(page, 0)
    before = page.get_attribute("#preview-front", "src")
    page.fill("#name", name)
    page.check("#form-injection")
    page.fill("#last_dose", "2026-11-18")
    page.fill("#next_due", "2026-12-16")
    _wait_preview(page, seen)
    after = page.get_attribute("#preview-front", "src")
    assert after.startswith("data:image/png;base64,") and after != before
    RESULTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=RESULTS / f"counter-{lang}-filled.png", full_page=True)
    # Print opens the PDF in the browser's own viewer (inline), where it prints at 100 %.
    # The bytes are taken as the browser receives them (a route that passes the answer through).
    printed = {}

    def keep(route):
        answer = route.fetch()
        printed.update(headers=answer.headers, body=answer.body())
        route.fulfill(response=answer)
    page.route(url + "/", lambda route: keep(route) if route.request.method == "POST" else route.continue_())
    page.click("button[value=print]")
    page.wait_for_load_state()
    assert printed["headers"]["content-type"] == "application/pdf"
    assert f'filename="naltrexone-card.{lang}.card.pdf"' in printed["headers"]["content-disposition"]
    pdf = printed["body"]
    # The printed PDF is byte for byte the engine's card with these values (its own tests check how a
    # name prints, in Arabic too, where extracted text comes out in shaped forms); in Spanish, read the name.
    personal = card.Personal(name, "injection", dt.date(2026, 11, 18), "", "", dt.date(2026, 12, 16))
    assert pdf == build.render_card(project, project.clinic(), build.CardJob("naltrexone-card", lang), personal)
    if lang == "es":
        assert name in page_texts(pdf)[0]
    codes = decode_qr(render(pdf, 1, dpi=300))  # the card has one code, on the back: the clinicians' page
    assert len(codes) == 1 and codes[0].startswith(project.clinic().base_url) and f"/{lang}/" in codes[0]
    assert name not in str(pypdf.PdfReader(io.BytesIO(pdf)).metadata)
    context.close()


def test_a_field_error_appears_next_to_its_field_as_you_type(chromium, server):
    url, _ = server
    context, page = _page(chromium)
    page.goto(url + "/")
    seen = 0
    page.fill("#name", "Maximiliana " * 12)
    _wait_preview(page, seen)
    message = page.text_content("#name-error")
    assert message.startswith("Name is too long for its line on the card: about")
    assert page.get_attribute("#name", "aria-invalid") == "true"
    page.screenshot(path=RESULTS / "counter-error.png", full_page=True)
    context.close()


def test_without_script_the_preview_button_works(chromium, server):
    url, _ = server
    context, page = _page(chromium, java_script_enabled=False)
    page.goto(url + "/")
    page.fill("#name", "Rosa Ejemplo")
    page.select_option("#lang", "es")
    page.click("#preview-button")
    assert page.get_attribute("#preview-front", "src").startswith("data:image/png;base64,")
    assert page.input_value("#name") == "Rosa Ejemplo"
    context.close()


def test_upload_a_csv_with_one_bad_row_follow_progress_and_download(chromium, server, tmp_path):
    url, settings = server
    csv = tmp_path / "patients.csv"
    csv.write_text(CSV_ONE_BAD_ROW, encoding="utf-8")
    context, page = _page(chromium, bypass_csp=True)  # bypass only to inject axe-core at the end
    page.goto(url + "/batch")
    page.set_input_files("#csv", str(csv))
    page.select_option("#batch-stock", "avery-5371")
    page.click("text=Print these cards")
    page.wait_for_url(f"{url}/batch/*")
    page.wait_for_selector("ul.files a", timeout=60_000)  # the page refreshes itself until the run is done
    text = page.text_content("main")
    assert "3 rows read, 2 cards printed, 1 rows refused" in text
    assert "line 3, column language, last_dose: not a known language code" in text and "not a real date" in text
    assert "Nadie" not in text and "555-0103" not in text and "2026-02-30" not in text
    page.screenshot(path=RESULTS / "batch-done.png", full_page=True)
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.click("ul.files a")
    pdf = Path(download.value.path()).read_bytes()
    texts = page_texts(pdf)
    assert any("Rosa Ejemplo" in t for t in texts) and any("Alex Example" in t for t in texts)
    made = {p.relative_to(settings.batch_out).parts[1:] for p in settings.batch_out.rglob("*") if p.is_file()}
    assert ("input", "patients.csv") in made and any(p[0] == "print" for p in made)
    context.close()


@pytest.mark.parametrize("path", ["/", "/batch", "/status"])
@pytest.mark.parametrize("ui", ["en", "es"])
def test_axe_finds_no_violation_on_any_app_page(chromium, server, path, ui):
    url, _ = server
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context, page = _page(chromium, viewport, bypass_csp=True, extra_http_headers={"accept-language": ui})
        page.goto(url + path)
        RESULTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=RESULTS / f"{path.strip('/') or 'counter'}-{ui}-{size}.png", full_page=True)
        found = axe_violations(page)
        context.close()
        assert found == [], (path, ui, size)


def test_axe_finds_no_violation_on_the_counter_page_with_errors(chromium, server):
    url, _ = server
    context, page = _page(chromium, bypass_csp=True)
    page.goto(url + "/")
    page.fill("#name", "x" * 300)
    page.click("button[value=print]")
    page.wait_for_selector(".error-summary")
    page.screenshot(path=RESULTS / "counter-error-summary.png", full_page=True)
    assert axe_violations(page) == []
    context.close()
