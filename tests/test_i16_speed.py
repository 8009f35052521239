"""Issue 16 (speed): the caches and loaders that make fresh documents fast give the same results.

No test here times anything (speed is measured by bench/compare.py); each
checks that a faster path is taken and changes nothing a user sees.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careprint.content import yamlio
from careprint.errors import ContentError
from careprint.render import qr, qrcache

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = "https://careprint.example/patient-info/en/overdose-risk/"


def _tree(value):
    """Return a loaded YAML value with every remembered line, for comparing two loaders."""
    if isinstance(value, dict):
        return value.line, value.lines, {k: _tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return value.line, value.lines, [_tree(v) for v in value]
    return value


def test_i16_yaml_c_loader_keeps_every_line(monkeypatch):
    assert yamlio.CParser is not None, "PyYAML without libyaml: the C loader cannot be tested here"
    files = sorted(ROOT.glob("handouts/*/*.yaml")) + sorted(ROOT.glob("locales/*.yaml")) + sorted(ROOT.glob("layouts/*.yaml"))
    fast = [_tree(yamlio.load(path)) for path in files]
    monkeypatch.setattr(yamlio, "CParser", None)  # the pure-Python loader
    assert fast == [_tree(yamlio.load(path)) for path in files]


def test_i16_yaml_c_loader_is_used(monkeypatch, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(yamlio, "_RefusingLoader", None)  # the pure-Python loader would fail if it were used
    assert yamlio.load(path) == {"a": 1}


@pytest.mark.parametrize("text, message", [
    ("a: 1\nb: &x 2\nc: *x\n", "a.yaml:2: YAML syntax error, column 4: anchors and aliases (& and *) are not allowed "
                               "in careprint files; write the text out in full"),
    ("a: 1\nb: [1, 2\nc: 3\n", "a.yaml:3: YAML syntax error, column 2: expected ',' or ']', but got ':' "
                               "(look at this line and the ones just above it: a missing quote, a missing space after "
                               "':' or '-', or a wrong indent)"),
    ("a: 1\nb: é\x07\n", "a.yaml:2: control character U+0007 is not allowed in a YAML file; delete it (or use a space)"),
])
def test_i16_yaml_c_loader_errors_name_the_same_line(tmp_path, monkeypatch, text, message):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as fast:
        yamlio.load(Path("a.yaml"))
    monkeypatch.setattr(yamlio, "CParser", None)
    with pytest.raises(ContentError) as slow:
        yamlio.load(Path("a.yaml"))
    assert str(fast.value) == str(slow.value) == message


@pytest.fixture
def qr_cache(tmp_path, monkeypatch) -> Path:
    """A private, empty cache folder for QR entries."""
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    qr.matrix_rects.cache_clear()
    yield tmp_path / "cache" / qrcache.FOLDER
    qr.matrix_rects.cache_clear()


def _no_encoding(payload):
    raise AssertionError("encoded again: the disk cache was not used")


def test_i16_qr_disk_cache_is_reused_by_a_second_process(qr_cache):
    env = {**os.environ, "CAREPRINT_CACHE_DIR": str(qr_cache.parent), "PYTHONPATH": str(ROOT)}
    code = ("import sys; from careprint.render import qr; "
            "sys.argv[1:] == ['forbid'] and setattr(qr, '_matrix_rects', None); "
            f"print(repr(qr.matrix_rects({PAYLOAD!r})))")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert len(list(qr_cache.iterdir())) == 1
    second = subprocess.run([sys.executable, "-c", code, "forbid"], env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout == repr(qr._matrix_rects(PAYLOAD)) + "\n"


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # truncated
    lambda text: text.replace(";", ";9,9,1,1;", 1),  # a module added, seal unchanged
    lambda text: "",
    lambda text: "\x00\xff garbage",
])
def test_i16_damaged_qr_cache_entry_is_rebuilt(qr_cache, damage):
    expected = qr._matrix_rects(PAYLOAD)
    assert qr.matrix_rects(PAYLOAD) == expected
    (entry,) = qr_cache.iterdir()
    entry.write_text(damage(entry.read_text(encoding="ascii")), encoding="latin-1")
    qr.matrix_rects.cache_clear()
    assert qr.matrix_rects(PAYLOAD) == expected
    assert qrcache._read(entry, f"{qrcache._FORMAT}\n{qr._QR_PARAMS}\n{PAYLOAD}") == expected  # rewritten whole


def test_i16_qr_cache_read_only_only_costs_speed(qr_cache):
    qr_cache.parent.mkdir(parents=True)
    qr_cache.write_text("a file where the folder should be", encoding="utf-8")
    assert qr.matrix_rects(PAYLOAD) == qr._matrix_rects(PAYLOAD)


def _fill(args):
    folder, worker = args
    os.environ["CAREPRINT_CACHE_DIR"] = folder
    from careprint.render import qr as qr_module

    return [qr_module.matrix_rects(f"https://careprint.example/{n}") for n in range(12)]


def test_i16_qr_cache_concurrent_writers_leave_whole_entries(qr_cache):
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        results = pool.map(_fill, [(str(qr_cache.parent), n) for n in range(4)])
    expected = [qr._matrix_rects(f"https://careprint.example/{n}") for n in range(12)]
    assert all(result == expected for result in results)
    entries = sorted(qr_cache.iterdir())
    assert len(entries) == 12  # no temporary file left behind
    for n in range(12):
        key = f"{qrcache._FORMAT}\n{qr._QR_PARAMS}\nhttps://careprint.example/{n}"
        assert qrcache._read(qrcache._path(key), key) == expected[n]


# What a counter card never needs: the app, batch merging, font instancing, QR encoding (cached on disk),
# the translator checks, and the HTTP stack xml.sax.saxutils drags in. Importing them cost start-up time.
NOT_AT_START = ("starlette", "uvicorn", "pypdf", "pypdfium2", "fontTools", "multipart", "careprint.web",
                "careprint.batch", "careprint.translate.checks", "qrcode", "urllib.request", "multiprocessing")


def test_i16_command_line_imports_no_heavy_modules_at_start():
    code = ("import sys, careprint.cli; "
            f"print(' '.join(m for m in {NOT_AT_START!r} if any(k == m or k.startswith(m + '.') for k in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


ARABIC = "اتصل بالرقم 911 (فورًا) إذا لم يتنفس الشخص، ثم اتصل بالطبيب."


def test_i16_font_choice_is_made_once_per_character_and_style():
    from careprint.text import _bidi_runs
    from careprint.text.fonts import family

    arabic, latin = family("noto-sans-arabic"), family("atkinson-hyperlegible")
    asked: list[tuple[str, bool, bool]] = []

    def font_for(char: str, bold: bool, italic: bool) -> str:
        asked.append((char, bold, italic))
        return (arabic if ord(char) in arabic.cmap and not char.isdigit() else latin).face(bold, italic)

    text = ARABIC * 3
    levels = _bidi_runs.embedding_levels(text)
    styles = [(False, False)] * len(text)
    fonts = _bidi_runs.assign_fonts(text, levels, styles, font_for)
    assert len(asked) == len(set(asked)) <= len(set(text))  # each distinct character asked at most once, not per use
    assert fonts[: len(ARABIC)] == fonts[len(ARABIC): 2 * len(ARABIC)]
    assert fonts[0] == arabic.regular and fonts[ARABIC.index("9")] == latin.regular


def test_i16_shaped_run_keeps_reportlab_scaling_and_glyph_codes():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    from careprint.text import _bidi_runs
    from careprint.text.fonts import family

    name = family("noto-sans-arabic").regular
    _bidi_runs.shaped_str.cache_clear()
    shaped = _bidi_runs.shaped_str(ARABIC, name, 12.5, True)
    ttf = pdfmetrics.getFont(name)
    raw = _bidi_runs.shape_uncached(ARABIC, name, 12.5, True)
    codes = [ttf.face.glyphToChar[g][0] for g in raw.glyph_ids]  # every glyph has a code once registered
    data = [ShapeData(cluster, *(ttf.pdfScale(v) for v in pos), ttf.face.charWidths.get(code, 0))
            for cluster, pos, code in zip(raw.clusters, raw.positions, codes, strict=True)]
    expected = ShapedStr("".join(map(chr, codes)), shapeData=data)  # ReportLab's own scaling, glyph by glyph
    assert (str(shaped), shaped.__shapeData__) == (str(expected), expected.__shapeData__)
