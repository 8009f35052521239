"""Value rules for the clinic settings and ``clinic/countries.yaml``.

Each rule returns a message (what was expected, what was found) or None, so
``careprint.settings`` can collect every problem in a file before raising.
A clinic file holds no patient data, so a message may quote the bad value
(``repr``, which shows control and bidi characters as escapes).
"""

from __future__ import annotations

import ipaddress
import math
import re
from urllib.parse import urlsplit

# An emergency number is dialled, not read: ASCII digits, optionally grouped by
# single spaces or hyphens ("112", "000", "1-1-2"), at most 15 characters, the
# longest number ITU-T E.164 allows.
EMERGENCY_MAX_CHARS = 15
_EMERGENCY_RE = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
EMERGENCY_RULE = (f"digits, optionally grouped by single spaces or hyphens, 1 to {EMERGENCY_MAX_CHARS} characters "
                  "(e.g. 911, 112, 000)")

# Calibration moves cards to meet the printer's misregistration, a few millimetres
# at most; anything larger is a typo (or cm) and would put cards off the sheet.
CALIBRATION_LIMIT_MM = 10.0

# A QR code's size grows with its URL; the longest handout path adds about 30
# characters, so 200 keeps every code far below QR version 40's capacity.
BASE_URL_MAX_CHARS = 200
# RFC 3986, section 2: the characters a URL may hold (anything else must be %-encoded).
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def emergency_number(value: str) -> str | None:
    """Check an emergency number (clinic override or country table)."""
    if len(value) <= EMERGENCY_MAX_CHARS and _EMERGENCY_RE.fullmatch(value):
        return None
    return f"expected an emergency number: {EMERGENCY_RULE}; found {value[:40]!r}"


def calibration_mm(value: float) -> str | None:
    """Check one calibration offset in millimetres."""
    if math.isfinite(value) and abs(value) <= CALIBRATION_LIMIT_MM:
        return None
    limit = f"{CALIBRATION_LIMIT_MM:g}"
    return f"expected an offset from -{limit} to {limit} mm, found {value!r}"


def one_of(kind: str, value: str, allowed: tuple[str, ...]) -> str | None:
    """Check a name against the values that exist (papers, stocks)."""
    if value in allowed:
        return None
    return f"unknown {kind} {value[:40]!r}; expected one of: {', '.join(allowed)}"


def base_url(url: str) -> str | None:
    """Check the base URL every QR code starts with: a plain http(s) address QR codes can carry."""
    if len(url) > BASE_URL_MAX_CHARS:
        return (f"expected at most {BASE_URL_MAX_CHARS} characters (a longer address makes QR codes "
                f"too dense to scan), found {len(url)}")
    if not _URL_CHARS.fullmatch(url):
        i, char = next((i, ch) for i, ch in enumerate(url) if not _URL_CHARS.fullmatch(ch))
        what = "a space" if char == " " else f"character {char!r} (U+{ord(char):04X})"
        return (f"expected an address of plain ASCII characters (percent-encode others, e.g. %20 for a space; "
                f"an international domain in its xn-- form), found {what} at position {i + 1}")
    if _PERCENT.search(url):
        return "expected % only as the start of a %XX escape (two hexadecimal digits)"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        return f"expected an http(s) URL such as https://clinic.example.org/info, found {url[:40]!r}"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "expected no ? or # (QR codes add /{lang}/{handout}/ to the end of the address)"
    return _host_problem(parts)


def _host_problem(parts) -> str | None:
    """Check the host and port part of a split URL."""
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        return f"expected a port number from 1 to 65535 after the host, found {parts.netloc!r}"
    if port == 0:
        return "expected a port number from 1 to 65535 after the host, found 0"
    if not host:
        return f"expected a host name after {parts.scheme}://, such as clinic.example.org"
    if "@" in parts.netloc:
        return "expected no user name or password before @ (they would print under every QR code)"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        return f"expected a host name of letters, digits, hyphens and dots, found {host!r}"
    return None
