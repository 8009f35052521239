"""Issue 15, "fonts without code": the font registry careprint/text/fonts.yaml and the messages that point to it.

Broken registries are private copies of the real file under tmp_path; the
working directory is tmp_path, so messages show ``fonts.yaml:LINE``.
"""

from __future__ import annotations

import shutil

import pytest

from careprint.cli import main
from careprint.content.project import Project
from careprint.errors import BuildError, CareprintError, ContentError, GlyphError, Where
from careprint.text import fonts, registry

HOWTO = "TRANSLATING.md § Adding a script's font"
KNOWN = ("atkinson-hyperlegible, noto-sans, noto-sans-arabic, noto-sans-devanagari, noto-sans-ethiopic, "
         "noto-sans-sc, noto-sans-tc, noto-sans-jp, noto-sans-kr")


def _line(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture
def registry_copy(tmp_path, monkeypatch):
    """A private copy of the registry, in the working directory; return an editor (old, new) -> path."""
    path = tmp_path / "fonts.yaml"
    shutil.copyfile(registry.REGISTRY_PATH, path)
    monkeypatch.chdir(tmp_path)

    def edit(old: str, new: str):
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in the registry"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return edit


@pytest.fixture
def use_registry(monkeypatch):
    """Make fonts read a given registry file (no family registered from the real one is reused)."""
    def use(path):
        loaded = registry.load(path)
        monkeypatch.setattr(fonts, "registry", lambda: loaded)
        return loaded

    fonts.family.cache_clear()
    yield use
    fonts.family.cache_clear()


def test_i15_registry_holds_every_family_and_the_defaults_by_script():
    loaded = registry.registry()
    assert ", ".join(loaded.families) == KNOWN
    ethiopic = loaded.families["noto-sans-ethiopic"]
    assert (ethiopic.distribution, ethiopic.module, ethiopic.scripts) == ("justmytype-intl-africa", "justmytype_intl_africa",
                                                                          ("Ethi",))
    # The instancing axes keep their order (wght, then wdth): the font cache names its files by them.
    assert ethiopic.faces["bold"].axes == (("wght", 700.0), ("wdth", 100.0))
    assert loaded.defaults["Ethi"] == ("noto-sans-ethiopic", "noto-sans")
    assert loaded.defaults["Deva"] == ("noto-sans-devanagari", "atkinson-hyperlegible", "noto-sans")


def test_i15_registry_is_package_data():
    text = (registry.REGISTRY_PATH.parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"careprint.text" = ["fonts.yaml"]' in text


def test_i15_bad_registry_entry_is_one_line_naming_its_place(registry_copy):
    path = registry_copy('bold: {file: "files/NotoSans[wdth,wght].ttf", axes: {wght: 700, wdth: 100}}',
                         'bold: {file: "files/NotoSans[wdth,wght].ttf", axes: {wght: heavy, wdth: 100}}')
    line = _line(path, "wght: heavy")
    with pytest.raises(ContentError) as info:
        registry.load(path)
    assert str(info.value) == (f"fonts.yaml:{line}: families.noto-sans.faces.bold.axes.wght: "
                               "expected a number from -1000 to 1000, found 'heavy'")


def test_i15_registry_entry_without_a_regular_face_and_with_an_unknown_key(registry_copy):
    registry_copy("    license: OFL-1.1\n    scripts: [Arab]", "    licence: OFL-1.1\n    scripts: [Arab]")
    path = registry_copy('      regular: {file: "files/NotoSansArabic[wdth,wght].ttf", axes: {wght: 400, wdth: 100}}\n', "")
    with pytest.raises(CareprintError) as info:
        registry.load(path)
    arabic = _line(path, "noto-sans-arabic:")  # its keys follow: distribution, module, licence, scripts, faces
    assert str(info.value).splitlines() == [
        f"fonts.yaml:{arabic + 3}: families.noto-sans-arabic.licence: unknown key; expected one of: "
        "distribution, module, license, scripts, faces",
        f"fonts.yaml:{arabic + 5}: families.noto-sans-arabic.faces.regular: missing required key",
    ]


def test_i15_default_naming_an_unknown_family_is_refused(registry_copy):
    path = registry_copy("Ethi: [noto-sans-ethiopic, noto-sans]", "Ethi: [noto-sans-ethiopik, noto-sans]")
    with pytest.raises(ContentError) as info:
        registry.load(path)
    known = ", ".join(sorted(KNOWN.split(", ")))
    assert str(info.value) == (f"fonts.yaml:{_line(path, 'Ethi:')}: defaults.Ethi: "
                               f"unknown font family noto-sans-ethiopik; known: {known}")


def test_i15_unknown_module_is_named_with_its_registry_line(registry_copy, use_registry):
    path = registry_copy("module: justmytype_intl_africa", "module: justmytype_intl_afrika")
    use_registry(path)
    with pytest.raises(BuildError) as info:
        fonts.family("noto-sans-ethiopic")
    assert str(info.value) == ("font family noto-sans-ethiopic: no module 'justmytype_intl_afrika' in the installed package "
                               f"justmytype-intl-africa; correct `module:` at fonts.yaml:{_line(path, 'noto-sans-ethiopic:')}")


def test_i15_package_not_installed_says_pip_install_its_distribution(registry_copy, use_registry):
    path = registry_copy("distribution: justmytype-intl-africa\n    module: justmytype_intl_africa",
                         "distribution: careprint-no-such-font\n    module: careprint_no_such_font")
    use_registry(path)
    with pytest.raises(BuildError) as info:
        fonts.family("noto-sans-ethiopic")
    assert str(info.value) == ("font package careprint-no-such-font is not installed (font family noto-sans-ethiopic); "
                               "pip install careprint-no-such-font")


def test_i15_face_file_missing_from_its_package(registry_copy, use_registry):
    path = registry_copy("files/AtkinsonHyperlegible-Bold.ttf", "files/AtkinsonHyperlegible-Heavy.ttf")
    use_registry(path)
    with pytest.raises(BuildError) as info:
        fonts.face_file("atkinson-hyperlegible", bold=True)  # family() skips faces ReportLab already has
    assert str(info.value) == ("font family atkinson-hyperlegible: no file files/AtkinsonHyperlegible-Heavy.ttf in the package "
                               f"fontpkg-atkinson-hyperlegible; correct it at fonts.yaml:{_line(path, 'atkinson-hyperlegible:')}")


def test_i15_uncovered_character_names_the_registry_and_the_doc_section():
    font_set = fonts.FontSet(("noto-sans",), "am")
    with pytest.raises(GlyphError) as info:
        font_set.check("በዚህ", Where("locales/am.yaml", 26, "labels.qr_info", "am"))
    assert str(info.value) == (
        "locales/am.yaml:26: labels.qr_info [am]: character 'በ' (U+1260) at position 1 is not covered by any font for "
        "this language (noto-sans); add a family from careprint/text/fonts.yaml to locales/am.yaml `fonts:`, "
        f"or add one: {HOWTO}")


def test_i15_unknown_family_in_a_locale_names_its_fonts_line(content, capsys):
    path = content / "locales/es.yaml"
    text = path.read_text(encoding="utf-8")
    old = "fonts: [atkinson-hyperlegible, noto-sans]"
    assert old in text
    path.write_text(text.replace(old, "fonts: [atkinson-hyperlegible, noto-sans-ethiopik]"), encoding="utf-8")
    message = (f"locales/es.yaml:{_line(path, 'fonts:')}: fonts [es]: unknown font family 'noto-sans-ethiopik'; "
               f"known (careprint/text/fonts.yaml): {KNOWN}; to add one: {HOWTO}")
    with pytest.raises(ContentError) as info:
        Project(content).locale("es")
    assert str(info.value) == message
    assert main(["check", "--lang", "es", "--root", str(content)]) == 1
    assert message in capsys.readouterr().err.splitlines()


def _new_locale(capsys, content, *argv) -> tuple[int, str]:
    code = main(["locale", "new", "am", "--name", "Amharic", "--native-name", "አማርኛ", *argv, "--root", str(content)])
    return code, capsys.readouterr().err


def _remove_amharic(content) -> None:
    for path in [content / "locales/am.yaml", *content.glob("handouts/*/am.yaml")]:
        path.unlink(missing_ok=True)


def test_i15_locale_new_refuses_fonts_that_cannot_print_the_native_name(content, capsys):
    _remove_amharic(content)
    code, err = _new_locale(capsys, content, "--script", "Ethi", "--fonts", "noto-sans")
    assert code == 2
    assert err.splitlines()[-1] == ("--fonts noto-sans cannot print the native name 'አማርኛ': no family has 'አ' (U+12A0); "
                                    "families made for Ethi: noto-sans-ethiopic; nothing was written")
    assert not (content / "locales/am.yaml").exists()


def test_i15_locale_new_refuses_an_unknown_family_before_writing(content, capsys):
    _remove_amharic(content)
    code, err = _new_locale(capsys, content, "--script", "Ethi", "--fonts", "noto-sans-ethiopik,noto-sans")
    assert code == 2
    assert err.splitlines()[-1] == (f"unknown font family noto-sans-ethiopik; known (careprint/text/fonts.yaml): {KNOWN}; "
                                    f"to add one: {HOWTO}")
    assert list(content.glob("**/am.yaml")) == []


def test_i15_locale_new_for_a_script_without_a_default_says_what_the_registry_needs(content, capsys):
    code = main(["locale", "new", "bn", "--name", "Bengali", "--native-name", "বাংলা", "--script", "Beng",
                 "--root", str(content)])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "no default fonts for script 'Beng': careprint/text/fonts.yaml has no `defaults: Beng:` entry; "
        f"pass --fonts with families from: {KNOWN}, or add a font for it: {HOWTO}")
    assert list(content.glob("**/bn.yaml")) == []


def test_i15_locale_new_takes_the_registry_default_for_ethiopic(content, capsys):
    _remove_amharic(content)
    code, _ = _new_locale(capsys, content, "--script", "Ethi")
    assert code == 0
    assert "fonts: [noto-sans-ethiopic, noto-sans]\n" in (content / "locales/am.yaml").read_text(encoding="utf-8")
