"""The on-disk cache of static font instances, each verified by a SHA-256 beside it.

Variable fonts are instanced to static faces with fontTools once and cached
outside the repo (``$CAREPRINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/careprint``,
else ``~/.cache/careprint``), keyed by the source file's SHA-256 and the axis
values. A damaged instance can hang ReportLab's parser at gigabytes of memory,
so each instance is checked against its hash before use (once per process per
face) and rebuilt, with a one-line notice, when it does not match.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

from careprint.errors import BuildError


def cache_dir() -> Path:
    """Return the on-disk cache folder (outside the repo)."""
    if os.environ.get("CAREPRINT_CACHE_DIR"):
        return Path(os.environ["CAREPRINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "careprint"


@cache
def _file_hash(path: Path) -> str:
    return _sha256(path)[:16]


def static_instance(source: Path, axes: tuple[tuple[str, float], ...]) -> Path:
    """Return the cached static instance of a variable font at these axis values, making it if need be."""
    axes_tag = "-".join(f"{tag}{value:g}" for tag, value in axes)
    # v3: each instance has a SHA-256 beside it (v2: own PostScript name; older files had none).
    target = _font_folder() / f"{source.stem.split('[')[0]}-{_file_hash(source)}-{axes_tag}-v3.ttf"
    if target.exists() and not _intact(target):
        # A damaged instance can hang ReportLab's parser at gigabytes of memory: never open one.
        print(f"font cache: {target} failed its SHA-256 check; rebuilding it", file=sys.stderr)
    elif target.exists():
        return target
    try:
        _instance(source, dict(axes), target)
    except OSError as exc:
        raise BuildError(f"cannot write the font cache {target.parent} ({exc.strerror or exc}); "
                         f"{_cache_hint()}") from None
    return target


def _cache_hint() -> str:
    if os.environ.get("CAREPRINT_CACHE_DIR"):
        return "set CAREPRINT_CACHE_DIR to a writable folder"
    return "make it writable, or set CAREPRINT_CACHE_DIR to a writable folder"


def _font_folder() -> Path:
    """Return the font cache folder, created if need be; one clear error if it cannot be."""
    folder = cache_dir() / "fonts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        name = "CAREPRINT_CACHE_DIR" if os.environ.get("CAREPRINT_CACHE_DIR") else "the cache folder"
        raise BuildError(f"{name} {cache_dir()} is not a folder (or holds a file named fonts); "
                         f"{_cache_hint()}") from None
    except OSError as exc:
        raise BuildError(f"cannot create the font cache {folder} ({exc.strerror or exc}); {_cache_hint()}") from None
    return folder


def _checksum_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _intact(target: Path) -> bool:
    """Return whether a cached instance matches the SHA-256 written beside it (read once per process per face)."""
    try:
        return _checksum_path(target).read_text(encoding="ascii").strip() == _sha256(target)
    except (OSError, UnicodeDecodeError):
        return False


def _instance(source: Path, axes: dict[str, float], target: Path) -> None:
    """Write a static instance of a variable font and its SHA-256, atomically."""
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = instancer.instantiateVariableFont(FTFont(source), axes, inplace=False)
    font.recalcTimestamp = False  # keep the source's date: the same instance has the same bytes (and hash)
    # Each instance keeps the variable font's PostScript name; ReportLab treats
    # faces with one name as one font, so bold would print as regular. Rename.
    postscript = f"{source.stem.split('[')[0]}-" + "-".join(f"{t}{v:g}" for t, v in sorted(axes.items()))
    font["name"].setName(postscript, 6, 3, 1, 0x409)
    font["name"].setName(postscript, 6, 1, 0, 0)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        _write_text_atomic(_checksum_path(target), _sha256(Path(tmp)) + "\n")
        os.replace(tmp, target)  # after the checksum: an instance is never newer than its hash
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
