"""The staff interface's words, from ``locales/app/<lang>.yaml`` (English and Spanish to start).

These files are apart from ``locales/<lang>.yaml``, whose labels every card and handout prints and
which ``check`` requires in full: a language with no app file here, or a key it leaves out, shows
the English. The patient's card language is chosen separately, on the counter form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from careprint.content.project import DEFAULT_ROOT

SOURCE = "en"
COOKIE = "careprint_ui"


@dataclass(frozen=True)
class Labels:
    """One staff language's labels, English where it has none."""

    lang: str
    direction: str
    texts: dict[str, str]

    def __call__(self, key: str, **values) -> str:
        text = self.texts[key]
        return text.format(**values) if values else text


@lru_cache(maxsize=8)
def languages(root: Path) -> dict[str, str]:
    """Return the staff languages: code → native name."""
    return {code: _read(root, code).get("native_name", code) for code in _codes(root)}


@lru_cache(maxsize=16)
def load(root: Path, lang: str) -> Labels:
    """Return the labels of one staff language (English for a language with no file)."""
    english = _read(root, SOURCE)
    data = _read(root, lang) if lang in _codes(root) else english
    texts = {**english["labels"], **{k: v for k, v in (data.get("labels") or {}).items() if isinstance(v, str)}}
    return Labels(data.get("language", SOURCE), data.get("direction", "ltr"), texts)


def choose(root: Path, cookie: str | None, accept_language: str) -> str:
    """Pick the staff language: the cookie the language links set, else the browser's first known language."""
    codes = _codes(root)
    if cookie in codes:
        return cookie
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in codes:
                return candidate
    return SOURCE


def _folder(root: Path) -> Path:
    """Return the app's label folder: the content root's, or this checkout's for a root that has none."""
    folder = root / "locales" / "app"
    return folder if (folder / f"{SOURCE}.yaml").exists() else DEFAULT_ROOT / "locales" / "app"


def _codes(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in _folder(root).glob("*.yaml")))


def _read(root: Path, lang: str) -> dict:
    with open(_folder(root) / f"{lang}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
