"""Fonts are prepared only when a document uses them, in parallel, and trusted by a stamp (issue 16, "First run").

Each test here uses a private, empty or copied CAREPRINT_CACHE_DIR under tmp_path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from careprint.text import fontcache, fonts

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cache: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CAREPRINT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def test_i16_an_english_card_on_an_empty_cache_instances_no_font(tmp_path):
    # Atkinson Hyperlegible covers the English card; its Noto Sans fallback is never instanced.
    done = _run(["card", "--lang", "en", "-o", "c.pdf"], tmp_path / "cache", tmp_path)
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "cache" / "fonts").glob("*.ttf")) == []
    assert "preparing" not in done.stderr


def test_i16_an_arabic_card_prepares_only_its_own_faces_and_says_so(tmp_path):
    done = _run(["card", "--lang", "ar", "-o", "c.pdf"], tmp_path / "cache", tmp_path)
    assert done.returncode == 0, done.stderr
    made = sorted(p.name.split("-")[0] + "-" + p.name.split("-")[2] for p in (tmp_path / "cache" / "fonts").glob("*.ttf"))
    assert made == ["NotoSansArabic-wght400", "NotoSansArabic-wght700"]
    lines = [line for line in done.stderr.splitlines() if line.startswith("preparing")]
    assert lines == ["preparing Noto Sans Arabic regular for ar, once", "preparing Noto Sans Arabic bold for ar, once"]
    again = _run(["card", "--lang", "ar", "-o", "c2.pdf"], tmp_path / "cache", tmp_path)
    assert "preparing" not in again.stderr  # once
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "c2.pdf").read_bytes()


def test_i16_character_map_is_the_one_reportlab_reads_from_the_face(tmp_path):
    # Coverage comes from the source font without instancing it: it must equal what the registered face maps.
    from reportlab.pdfbase import pdfmetrics

    for name in ("atkinson-hyperlegible", "noto-sans", "noto-sans-arabic", "noto-sans-devanagari"):
        fam = fonts.family(name)
        registered = pdfmetrics.getFont(fam.regular).face.charToGlyph
        # ReportLab also reads the 0xFFFF end marker of a format-4 subtable as a character; it is none.
        assert fam.cmap == {c for c in registered if not fonts.is_private_use(c)} - {0xFFFF}, name


@pytest.fixture
def stamped(tmp_path, monkeypatch) -> Path:
    """A private cache holding a copy of the Arabic regular instance, aged past the stamp's race window."""
    face = fonts.registry().families["noto-sans-arabic"].faces["regular"]
    shared = fontcache.static_instance(fonts._package_dir("noto-sans-arabic") / face.path, face.axes)
    folder = tmp_path / "cache" / "fonts"
    folder.mkdir(parents=True)
    copy = folder / shared.name
    shutil.copyfile(shared, copy)
    shutil.copyfile(fontcache._checksum_path(shared), fontcache._checksum_path(copy))
    for path in (copy, fontcache._checksum_path(copy)):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    return copy


def test_i16_a_checked_font_is_trusted_by_its_stamp_without_hashing_again(stamped, monkeypatch):
    assert fontcache._intact(stamped)  # the full SHA-256 check, which writes the stamp
    monkeypatch.setattr(fontcache, "_sha256", lambda path: pytest.fail("hashed again"))
    assert fontcache._intact(stamped)


def test_i16_a_font_changed_after_its_stamp_is_hashed_again(stamped):
    assert fontcache._intact(stamped)
    data = bytearray(stamped.read_bytes())
    data[5000] ^= 0xFF
    stamped.write_bytes(bytes(data))  # same size, new time: the stamp no longer matches
    assert not fontcache._intact(stamped)


def test_i16_a_fresh_file_is_not_stamped(tmp_path, monkeypatch):
    # Within the race window a second write could keep the same size and time: such a file is always hashed.
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path))
    target = tmp_path / "x.ttf"
    target.write_bytes(b"font")
    fontcache._write_text_atomic(fontcache._checksum_path(target), fontcache._sha256(target) + "\n")
    assert fontcache._intact(target)
    assert not target.with_name("x.ttf.ok").exists()
