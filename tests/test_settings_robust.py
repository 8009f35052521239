"""Clinic settings and clinic/countries.yaml refuse values that would print wrong (issue 11: M5, M14, M15, L9).

Each bad value is refused when the settings load, so ``check`` and ``build``
both refuse it, with one line naming the file, line, key and the accepted range.
"""

from __future__ import annotations

import json

import pytest

from careprint import cli
from careprint.content.project import Project, qr_url
from careprint.render import qr

GOOD_URL = "https://clinic.example.org/info"
EMERGENCY_RULE = "digits, optionally grouped by single spaces or hyphens, 1 to 15 characters (e.g. 911, 112, 000)"


def _clinic(content, extra: str = "", base_url: str = GOOD_URL) -> str:
    """Write clinic settings (base_url on line 2, extra lines from line 3); return the file name."""
    path = content / "c.yaml"
    path.write_text(f"country: US\nbase_url: {json.dumps(base_url)}\n{extra}", encoding="utf-8")
    return path.name


def _run(capsys, *argv: str) -> tuple[int, list[str]]:
    """Run the command line in-process; return the exit code and the lines on stderr."""
    code = cli.main(list(argv))
    return code, capsys.readouterr().err.splitlines()


def _check(capsys, content, clinic: str) -> tuple[int, list[str]]:
    return _run(capsys, "check", "--no-render", "--lang", "en", "--root", str(content), "--clinic", clinic)


@pytest.mark.parametrize("number", ["", "call your doctor <b>now</b>", "9\u202e11", "1234567890123456", "9--11",
                                    " 911", "９１１"])
def test_m5_empty_or_arbitrary_emergency_number_is_refused(capsys, content, number):
    code, err = _check(capsys, content, _clinic(content, f"emergency_number: {json.dumps(number)}\n"))
    assert code == 1
    assert err == [f"c.yaml:3: emergency_number: expected an emergency number: {EMERGENCY_RULE}; found {number!r}"]


@pytest.mark.parametrize("number", ["112", "000", "1-1-2", "0 800 112 112", "123456789012345"])
def test_m5_plain_emergency_numbers_are_accepted(content, number):
    _clinic(content, f"emergency_number: {json.dumps(number)}\n")
    assert Project(content).clinic(content / "c.yaml").emergency_number == number


def test_m5_empty_emergency_number_in_countries_yaml_is_refused(capsys, content):
    countries = content / "clinic" / "countries.yaml"
    text = countries.read_text(encoding="utf-8").replace('ES: {name: Spain, emergency: "112"', 'ES: {name: Spain, emergency: ""')
    countries.write_text(text, encoding="utf-8")
    line = text.splitlines().index(
        'ES: {name: Spain, emergency: "", paper: a4, crisis: "024", naloxone_otc: unknown, good_samaritan: unknown}') + 1
    code, err = _check(capsys, content, _clinic(content))
    assert code == 1
    assert err == [f"clinic/countries.yaml:{line}: ES.emergency: expected an emergency number: {EMERGENCY_RULE}; found ''"]


@pytest.mark.parametrize("value, shown", [(".nan", "nan"), (".inf", "inf"), ("500", "500"), ("-10.5", "-10.5")])
def test_m14_calibration_offset_out_of_range_is_refused(capsys, content, value, shown):
    extra = f"calibration:\n  default:\n    front: {{x_mm: 0.5, y_mm: 0}}\n    back:\n      x_mm: {value}\n      y_mm: 0\n"
    code, err = _check(capsys, content, _clinic(content, extra))
    assert code == 1
    assert err == [f"c.yaml:7: calibration.default.back.x_mm: expected an offset from -10 to 10 mm, found {shown}"]


def test_m14_calibration_within_range_is_accepted(content):
    _clinic(content, "calibration:\n  default:\n    front: {x_mm: -10, y_mm: 10}\n    back: {x_mm: 1.2, y_mm: 0}\n")
    assert Project(content).clinic(content / "c.yaml").calibration["default"]["front"]["x_mm"] == -10


@pytest.mark.parametrize("bleed", ["nan", "inf", "-inf", "-50", "-0.1", "5.5", "2mm"])
def test_m14_bleed_outside_0_to_5_mm_is_a_usage_error(capsys, tmp_path, bleed):
    code, err = _run(capsys, "card", "--lang", "en", f"--bleed={bleed}", "-o", str(tmp_path / "c.pdf"))
    assert code == 2
    assert err[-1] == ("python generate.py card: error: argument --bleed: "
                       f"expected a number of millimetres from 0 to 5, found {bleed!r}")
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize("url, message", [
    ("https://@", "expected a host name after https://, such as clinic.example.org"),
    ("https://:80", "expected a host name after https://, such as clinic.example.org"),
    ("https://clinic.example.org:99999/info", "expected a port number from 1 to 65535 after the host, "
                                              "found 'clinic.example.org:99999'"),
    ("https://clinic.example.org/patient info", "expected an address of plain ASCII characters (percent-encode "
     "others, e.g. %20 for a space; an international domain in its xn-- form), found a space at position 35"),
    ("https://user:pass@clinic.example.org", "expected no user name or password before @ "
                                             "(they would print under every QR code)"),
    ("https://clinic.example.org/info?lang=es", "expected no ? or # (QR codes add /{lang}/{handout}/ to the end "
                                                "of the address)"),
    ("https://clinic.example.org/100%", "expected % only as the start of a %XX escape (two hexadecimal digits)"),
    ("https://clinic_1.example.org", "expected a host name of letters, digits, hyphens and dots, "
                                     "found 'clinic_1.example.org'"),
    ("ftp://clinic.example.org", "expected an http(s) URL such as https://clinic.example.org/info, "
                                 "found 'ftp://clinic.example.org'"),
    ("https://clinic.example.org/" + "a" * 3000, "expected at most 200 characters (a longer address makes QR "
                                                 "codes too dense to scan), found 3027"),
])
def test_m15_bad_base_url_is_refused_with_a_clear_message(capsys, content, url, message):
    code, err = _check(capsys, content, _clinic(content, base_url=url))
    assert code == 1
    assert err == [f"c.yaml:2: base_url: {message}"]


def test_m15_longest_allowed_base_url_makes_a_qr_code(content):
    """No QR-version ValueError can escape: the longest base URL plus the longest path still fits a code."""
    url = "https://clinic.example.org/" + "a" * (200 - len("https://clinic.example.org/"))
    _clinic(content, base_url=url)
    project = Project(content)
    clinic = project.clinic(content / "c.yaml")
    longest = max((qr_url(clinic, lang, h) for h in project.handout_ids for lang in project.locale_codes), key=len)
    modules, _ = qr.matrix_rects(longest)
    assert modules <= 177  # QR version 40 is 177 modules wide (ISO/IEC 18004, table 1)


def test_l9_unknown_paper_is_refused_by_check_and_build(capsys, content, tmp_path):
    clinic = _clinic(content, "paper: tabloid\n")
    expected = ["c.yaml:3: paper: unknown paper 'tabloid'; expected one of: letter, a4"]
    assert _check(capsys, content, clinic) == (1, expected)
    code, err = _run(capsys, "build", "--root", str(content), "--clinic", clinic, "-o", str(tmp_path / "out"))
    assert (code, err) == (1, expected)
    assert not (tmp_path / "out").exists()


def test_l9_default_stock_must_be_a_known_stock(capsys, content):
    code, err = _check(capsys, content, _clinic(content, 'default_stock: "../../etc/passwd"\n'))
    assert code == 1
    assert len(err) == 1
    assert err[0].startswith("c.yaml:3: default_stock: unknown stock '../../etc/passwd'; expected one of: avery-5371, ")


def test_l9_country_paper_must_be_a_known_paper(capsys, content):
    countries = content / "clinic" / "countries.yaml"
    text = countries.read_text(encoding="utf-8").replace('US: {name: United States, emergency: "911", paper: letter,',
                                                         'US: {name: United States, emergency: "911", paper: tabloid,')
    countries.write_text(text, encoding="utf-8")
    line = text.splitlines().index('US: {name: United States, emergency: "911", paper: tabloid, crisis: "988", '
                                   'naloxone_otc: yes, good_samaritan: yes}') + 1
    code, err = _check(capsys, content, _clinic(content))
    assert code == 1
    assert err == [f"clinic/countries.yaml:{line}: US.paper: unknown paper 'tabloid'; expected one of: letter, a4"]
