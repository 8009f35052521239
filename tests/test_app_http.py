"""Issue 14: the counter app at the HTTP level (Starlette's TestClient): each rule for patients' data alone.

no-store, the Host check, CSRF, the token rule, access-log lines without values, nothing written
to disk by a counter print, field errors in words (never a value, never a traceback), the serve
command's binding rule.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from careprint.cli import main
from careprint.text.fonts import cache_dir
from careprint.web.app import Settings, create_app, security

NAME = "Rosa Ejemplo Secreta"
TOKEN = "a-long-test-token-0123456789"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(Settings(batch_out=tmp_path_factory.mktemp("batches")))


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://localhost") as c:
        yield c


def csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)


def card(client, **fields) -> dict:
    return {"lang": "es", "name": NAME, "form": "injection", "last_dose": "2026-11-18", "next_due": "2026-12-16",
            "phone": "555-0102", "contact": "", "csrf": csrf(client), **fields}


# no-store: every answer that carries, or could carry, a patient's values

def test_every_page_and_pdf_is_no_store(client):
    answers = [client.get("/"), client.get("/batch"), client.get("/status"),
               client.post("/preview", data=card(client)), client.post("/", data=card(client, action="print")),
               client.post("/", data=card(client, action="preview")), client.post("/", data=card(client, name="x" * 300))]
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store", answer.request.url


def test_the_print_is_the_card_pdf_named_by_content_only(client):
    answer = client.post("/", data=card(client, action="print"))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert answer.headers["content-disposition"] == 'inline; filename="naltrexone-card.es.card.pdf"'
    assert NAME.split()[0].encode() not in answer.content  # compressed page content; metadata has no name either


def test_print_sheet_places_the_card_on_the_stock(client):
    answer = client.post("/", data=card(client, action="sheet", stock="avery-5371", position="4"))
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'inline; filename="naltrexone-card.es.avery-5371.long.pdf"'


def test_static_files_may_be_cached_but_have_the_csp(client):
    answer = client.get("/static/app.css")
    assert answer.status_code == 200 and "no-store" not in answer.headers.get("cache-control", "")
    assert answer.headers["content-security-policy"] == security.CSP


def test_the_csp_names_no_other_origin(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "http" not in policy and "*" not in policy
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


# Host check (DNS rebinding)

@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.2", "10.0.0.5:8000"])
def test_a_foreign_host_header_gets_400(client, host):
    answer = client.get("/", headers={"host": host})
    assert answer.status_code == 400 and "careprint" not in answer.text


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000"])
def test_the_bound_address_and_localhost_are_answered(client, host):
    assert client.get("/status", headers={"host": host}).status_code == 200


def test_host_names_drop_the_port():
    assert security.host_name("[::1]:8000") == "::1" and security.host_name("LocalHost:80") == "localhost"


# CSRF

@pytest.mark.parametrize("path", ["/", "/preview", "/batch"])
def test_a_post_without_the_csrf_token_gets_403(client, path):
    fields = card(client)
    del fields["csrf"]
    answer = client.post(path, data=fields)
    assert answer.status_code == 403 and NAME not in answer.text


def test_a_post_with_a_wrong_csrf_token_gets_403(client):
    assert client.post("/", data=card(client, csrf="forged")).status_code == 403


def test_a_multipart_post_carries_the_token_in_its_field(client):
    answer = client.post("/batch", data={"csrf": csrf(client), "kind": "csv", "stock": "no-such-stock"},
                         files={"csv": ("p.csv", b"language,name\n", "text/csv")})
    assert answer.status_code == 422  # past the CSRF check: the page refuses the unknown stock
    assert client.post("/batch", data={"kind": "csv"}, files={"csv": ("p.csv", b"x", "text/csv")}).status_code == 403


# The token rule (--host with --token)

def test_with_a_token_every_request_must_carry_it(tmp_path):
    app = create_app(Settings(host="192.0.2.10", token=TOKEN, batch_out=tmp_path))
    with TestClient(app, base_url="http://192.0.2.10") as client:
        assert client.get("/").status_code == 401
        assert client.get("/status", headers={"authorization": f"Bearer {TOKEN}x"}).status_code == 401
        assert client.get("/status", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        first = client.get(f"/status?token={TOKEN}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/status"  # the token leaves the address bar
        assert "httponly" in first.headers["set-cookie"].lower() and "samesite=strict" in first.headers["set-cookie"].lower()
        assert client.get("/").status_code == 200  # the cookie carries it now


def test_a_wrong_token_in_the_address_sets_nothing(tmp_path):
    with TestClient(create_app(Settings(token=TOKEN, batch_out=tmp_path)), base_url="http://localhost") as client:
        answer = client.get("/?token=guess", follow_redirects=False)
        assert answer.status_code == 401 and "set-cookie" not in answer.headers


@pytest.mark.parametrize("argv", [["--host", "0.0.0.0"], ["--host", "192.0.2.10"], ["--host", "0.0.0.0", "--token", "short"]])
def test_serve_refuses_another_interface_without_a_token(argv, capsys):
    assert main(["serve", "--no-browser", *argv]) == 2
    assert "--token" in capsys.readouterr().err


# Logs: method, path, status; never a query string, a form body or a value

def test_access_log_lines_hold_no_value(client, caplog):
    with caplog.at_level(logging.INFO, logger="careprint.app.access"):
        client.post("/", data=card(client, action="print"))
        client.post("/preview", data=card(client, name="x" * 300))
        client.get("/status?name=Rosa+Ejemplo")
    lines = [r.getMessage() for r in caplog.records if r.name == "careprint.app.access"]
    assert "POST / 200" in lines and "POST /preview 200" in lines and "GET /status 200" in lines
    for line in lines:
        assert re.fullmatch(r"(GET|POST) /\S* \d{3}", line), line
        assert "Rosa" not in line and "?" not in line and "555" not in line


# Nothing on disk: the working folder, the temporary folder and the cache hold nothing new after a print

def _listing(*folders: Path) -> set[tuple[str, int]]:
    found = set()
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d not in (".git", "__pycache__", ".pytest_cache", ".ruff_cache")]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    found.add((path, int(os.stat(path).st_mtime_ns)))
                except FileNotFoundError:
                    pass
    return found


def test_a_counter_print_writes_nothing_to_disk(client, tmp_path, monkeypatch):
    # The app's temporary and cache folders are fresh ones: the machine's /tmp and ~/.cache/careprint are
    # shared with other processes (other test runs write handout fit entries there).
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    fields = card(client)
    client.post("/", data={**fields, "action": "print"})  # warm: fonts and caches the engine keeps anyway
    client.post("/", data={**fields, "action": "sheet", "stock": "avery-5371", "position": "2"})
    folders = [Path.cwd(), private_tmp, cache_dir()]
    before = _listing(*folders)
    time.sleep(0.01)
    for action in ("preview", "print"):
        assert client.post("/", data={**fields, "action": action}).status_code == 200
    assert client.post("/preview", data=fields).status_code == 200
    assert client.post("/", data={**fields, "action": "sheet", "stock": "avery-5371", "position": "2"}).status_code == 200
    after = _listing(*folders)
    assert sorted(after - before) == []


# Bad input: a field error in words, never the value and never a traceback

def _error(answer, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', answer.text)
    return found.group(1) if found else ""


def test_a_10000_character_name_says_how_long(client):
    answer = client.post("/", data=card(client, name="x" * 10_000, action="print"))
    assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
    assert _error(answer, "name") == "Name is too long: 10000 characters, and at most 200 are accepted"
    assert answer.text.count("x" * 10_000) == 1  # only in the field itself, kept for the user to shorten
    assert f'value="{"x" * 10_000}"' in answer.text and "Traceback" not in answer.text


def test_a_name_too_long_for_its_line_says_by_how_much(client):
    answer = client.post("/preview", data=card(client, name="Maximiliana " * 12)).json()
    assert re.fullmatch(r"Name is too long for its line on the card: about \d+ characters too many", answer["errors"]["name"])
    assert "front" not in answer


def test_a_bidi_control_is_named_by_its_code(client):
    answer = client.post("/", data=card(client, name="Rosa\u202eEjemplo", action="print"))
    assert answer.status_code == 422
    assert _error(answer, "name").startswith("Name: holds a bidi control (U+202E)")
    assert "Rosa" not in _error(answer, "name")


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-02-30", "Last dose is not a real date: use the date picker, or write YYYY-MM-DD"),
    ("30/11/2026", "Last dose is not a real date: use the date picker, or write YYYY-MM-DD"),
    ("1800-01-01", "Last dose is not a plausible date: expected one from 1900-01-01 to "),
])
def test_an_impossible_date_is_a_field_error(client, value, expected):
    answer = client.post("/", data=card(client, last_dose=value, action="print"))
    assert answer.status_code == 422 and _error(answer, "last_dose").startswith(expected)
    assert value not in _error(answer, "last_dose")


def test_markup_in_a_name_prints_as_typed_and_is_escaped_on_the_page(client):
    # The engine prints a name exactly as typed (content/values.py): markup is text, never a tag.
    answer = client.post("/", data=card(client, name="<b>Rosa</b><script>x()</script>", action="preview"))
    assert answer.status_code == 200
    assert "<script>x()" not in answer.text and "&lt;script&gt;x()" in answer.text


def test_a_position_past_the_sheet_is_a_field_error(client):
    answer = client.post("/", data=card(client, stock="avery-5371", position="11", action="sheet"))
    assert _error(answer, "position") == "Position on the sheet must be a number from 1 to 10"


def test_spanish_staff_labels_and_english_for_a_language_without_them(client):
    assert "Imprimir la tarjeta de un paciente" in client.get("/", headers={"accept-language": "es-MX,es;q=0.9"}).text
    assert "Print a patient" in client.get("/", headers={"accept-language": "ar"}).text
    client.get("/ui/es")
    assert "Impresión por lotes" in client.get("/batch").text


def test_status_lists_every_language_by_its_own_name(client, project):
    text = client.get("/status").text
    for code in project.locale_codes:
        if code != "en":
            assert f"({code})</td>" in text
