"""The font cache is verified and rebuilt when damaged; a missing font package is one clear line (issue 11: M11, L10).

Tests that damage a cache use a private CAREPRINT_CACHE_DIR under tmp_path
holding a copy of the one instance they need, never the shared cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from careprint import cli
from careprint.errors import BuildError
from careprint.text import fontcache, fonts
from careprint.text.registry import registry

ROOT = Path(__file__).resolve().parent.parent
ARABIC = "noto-sans-arabic"


def _arabic_regular() -> tuple[Path, tuple[tuple[str, float], ...]]:
    """Return the Arabic variable font and the axes of its regular face."""
    face = registry().families[ARABIC].faces["regular"]
    return fonts._package_dir(ARABIC) / face.path, face.axes


@pytest.fixture
def private_cache(tmp_path, monkeypatch) -> tuple[Path, bytes]:
    """A cache folder holding a copy of the Arabic regular instance and its checksum; return (copy, good bytes)."""
    source, axes = _arabic_regular()
    shared = fontcache.static_instance(source, axes)  # made once in the usual cache if it is not there yet
    folder = tmp_path / "cache" / "fonts"
    folder.mkdir(parents=True)
    copy = folder / shared.name
    shutil.copyfile(shared, copy)
    shutil.copyfile(fontcache._checksum_path(shared), fontcache._checksum_path(copy))
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    return copy, shared.read_bytes()


def _damage_every_997th_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(2000, len(data), 997):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_m11_damaged_font_cache_is_rebuilt_with_a_notice(private_cache, capsys):
    copy, good = private_cache
    _damage_every_997th_byte(copy)  # the report's repro: ReportLab's parser spun at 6.8 GB on this file
    assert fontcache.static_instance(*_arabic_regular()) == copy
    assert capsys.readouterr().err == f"font cache: {copy} failed its SHA-256 check; rebuilding it\n"
    assert copy.read_bytes() == good  # instancing is deterministic, so the rebuilt file is the one that was cached
    assert fontcache._intact(copy)


@pytest.mark.parametrize("damage", [
    _damage_every_997th_byte,
    lambda path: path.write_bytes(path.read_bytes()[:5000]),  # truncated: struct.error in ReportLab
    lambda path: path.write_bytes(b""),  # zero length: TTFError
    lambda path: fontcache._checksum_path(path).unlink(),  # no checksum: cannot be trusted
    lambda path: fontcache._checksum_path(path).write_bytes(b"\xff\xfe"),  # checksum file is garbage
], ids=["overwritten", "truncated", "empty", "no-checksum", "bad-checksum"])
def test_m11_damaged_font_cache_fails_its_check(private_cache, damage):
    copy, _ = private_cache
    assert fontcache._intact(copy)
    damage(copy)
    assert not fontcache._intact(copy)  # so static_instance rebuilds it (above) instead of handing it to ReportLab


def test_m11_intact_font_cache_is_used_without_rebuilding(private_cache, capsys):
    copy, _ = private_cache
    before = copy.stat().st_mtime_ns
    assert fontcache.static_instance(*_arabic_regular()) == copy
    assert copy.stat().st_mtime_ns == before
    assert capsys.readouterr().err == ""


def test_m11_cache_dir_that_is_a_file_is_one_clear_error(tmp_path, monkeypatch):
    afile = tmp_path / "cache"
    afile.write_text("not a folder")
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(afile))
    with pytest.raises(BuildError) as exc:
        fontcache.static_instance(*_arabic_regular())
    assert str(exc.value) == (f"CAREPRINT_CACHE_DIR {afile} is not a folder (or holds a file named fonts); "
                              "set CAREPRINT_CACHE_DIR to a writable folder")


def test_m11_cache_dir_that_is_a_file_gives_no_traceback_from_the_command_line(tmp_path):
    afile = tmp_path / "cache"
    afile.write_text("not a folder")
    env = {**os.environ, "CAREPRINT_CACHE_DIR": str(afile), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "card", "--lang", "ar", "-o", str(tmp_path / "c.pdf")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (f"[ar]: CAREPRINT_CACHE_DIR {afile} is not a folder (or holds a file "
                                            "named fonts); set CAREPRINT_CACHE_DIR to a writable folder")
    assert "Traceback" not in done.stderr


@pytest.fixture
def arabic_package_missing(monkeypatch):
    """Make ``import fontpkg_noto_sans_arabic`` fail as it does when the package is not installed."""
    monkeypatch.setitem(sys.modules, "fontpkg_noto_sans_arabic", None)  # None in sys.modules: ImportError
    monkeypatch.setattr(fonts, "_installed", lambda distribution: False)  # and no such distribution either
    fonts.family.cache_clear()
    yield
    fonts.family.cache_clear()


MISSING = ("[ar]: font package fontpkg-noto-sans-arabic is not installed (font family noto-sans-arabic); "
           "pip install fontpkg-noto-sans-arabic")


def test_l10_missing_font_package_is_one_line_and_other_languages_build(arabic_package_missing, capsys, tmp_path):
    code = cli.main(["build", "--handout", "overdose-risk", "--lang", "ar", "--lang", "es", "-o", str(tmp_path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[-1] == MISSING
    assert "Traceback" not in "\n".join(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overdose-risk.es.letter.pdf"]


def test_l10_missing_font_package_in_card_and_check(arabic_package_missing, capsys, tmp_path):
    assert cli.main(["card", "--lang", "ar", "-o", str(tmp_path / "c.pdf")]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == MISSING
    assert cli.main(["check", "--lang", "ar"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert MISSING in err
    assert err.count(MISSING) == 1  # one line for the language, not one per handout and stock
