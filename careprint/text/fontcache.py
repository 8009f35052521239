"""The on-disk cache of static font instances, each verified by a SHA-256 beside it.

Variable fonts are instanced to static faces with fontTools once and cached
outside the repo (``$CAREPRINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/careprint``,
else ``~/.cache/careprint``), keyed by the source file's SHA-256 and the axis
values. A damaged instance can hang ReportLab's parser at gigabytes of memory,
so each instance is checked against its hash before first use and rebuilt,
with a one-line notice, when it does not match.

Hashing every font in every process cost more than the work itself, so a
file that has passed its check gets a stamp of its size and modification
time, and later processes trust a file whose stamp still matches (as git
trusts its index). A file changed within the last two seconds is never
stamped: its time may not yet tell one write from the next. The same stamp
keys the source fonts' hashes and their character maps, which are read
without instancing, so a family costs nothing until a document uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

from careprint.errors import BuildError


def cache_dir() -> Path:
    """Return the on-disk cache folder (outside the repo)."""
    if os.environ.get("CAREPRINT_CACHE_DIR"):
        return Path(os.environ["CAREPRINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "careprint"


_RACY_S = 2.0  # a file younger than this is never stamped (timestamps are coarse)


def _stamp(path: Path) -> str:
    """Return the size and modification time of a file, as a key that changes when the file does."""
    st = path.stat()
    return f"{st.st_size}-{st.st_mtime_ns}"


def _settled(path: Path) -> bool:
    return time.time() - path.stat().st_mtime > _RACY_S


@cache
def _file_hash(path: Path) -> str:
    """Return a source font's hash, read from a note keyed by its size and time when there is one."""
    note = _font_folder() / "sources" / f"{path.name}-{_stamp(path)}.sha256"
    try:
        return note.read_text(encoding="ascii").strip()[:16]
    except (OSError, UnicodeDecodeError):
        pass
    digest = _sha256(path)[:16]
    _write_note(note, digest)
    return digest


@cache
def cmap(source: Path) -> frozenset[int]:
    """Return the code points a font file maps, from a note on disk when it is there (no instancing)."""
    try:
        note = _font_folder() / "cmaps" / f"{source.name}-{_stamp(source)}.json"
        ranges = json.loads(note.read_text(encoding="ascii"))
        return frozenset(code for first, last in ranges for code in range(first, last + 1))
    except (OSError, ValueError, TypeError, BuildError):  # no note yet, or no usable cache: read the font
        note = None
    from fontTools.ttLib import TTFont as FTFont

    with FTFont(source, lazy=True) as font:  # reads the cmap table only
        codes = sorted(font["cmap"].getBestCmap())
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    if note is not None:
        _write_note(note, json.dumps(ranges, separators=(",", ":")))
    return frozenset(codes)


def _write_note(note: Path, text: str) -> None:
    """Write a small cache note atomically; a cache that cannot be written is only slower."""
    try:
        note.parent.mkdir(exist_ok=True)
        _write_text_atomic(note, text + "\n")
    except OSError:
        pass


def instance_path(source: Path, axes: tuple[tuple[str, float], ...]) -> Path:
    """Return where the static instance of a variable font at these axis values is cached."""
    axes_tag = "-".join(f"{tag}{value:g}" for tag, value in axes)
    # v3: each instance has a SHA-256 beside it (v2: own PostScript name; older files had none).
    return _font_folder() / f"{source.stem.split('[')[0]}-{_file_hash(source)}-{axes_tag}-v3.ttf"


def ready(source: Path, axes: tuple[tuple[str, float], ...]) -> bool:
    """Tell whether an intact instance is cached already (so using it costs no instancing)."""
    target = instance_path(source, axes)
    return target.exists() and _intact(target)


def static_instance(source: Path, axes: tuple[tuple[str, float], ...], why: str = "") -> Path:
    """Return the cached static instance of a variable font at these axis values, making it if need be.

    Making one takes seconds (a minute for a CJK font), so a line on stderr
    says what is being prepared and why (``why``: "Noto Sans JP bold for ja").
    """
    target = instance_path(source, axes)
    if target.exists() and not _intact(target):
        # A damaged instance can hang ReportLab's parser at gigabytes of memory: never open one.
        print(f"font cache: {target} failed its SHA-256 check; rebuilding it", file=sys.stderr)
    elif target.exists():
        return target
    if why:
        print(f"preparing {why}, once", file=sys.stderr, flush=True)
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
    """Return whether a cached instance matches the SHA-256 written beside it.

    A file whose stamp (size and time, with its checksum's) matches the one
    written when it last passed is trusted without hashing it again.
    """
    checksum = _checksum_path(target)
    stamp_file = target.with_name(target.name + ".ok")
    try:
        stamp = f"{_stamp(target)} {_stamp(checksum)}"
        if stamp_file.read_text(encoding="ascii").strip() == stamp:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    try:
        good = checksum.read_text(encoding="ascii").strip() == _sha256(target)
    except (OSError, UnicodeDecodeError):
        return False
    if good and _settled(target) and _settled(checksum):
        _write_note(stamp_file, stamp)
    return good


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


def prepare(requests: list[tuple[Path, tuple[tuple[str, float], ...], str]]) -> None:
    """Make the missing instances among (source, axes, why) requests, in parallel across cores.

    Instancing is CPU-bound fontTools work, one face per process; each is
    written atomically, so processes (or another careprint running at the
    same time) that make the same face only repeat work, never corrupt it.
    """
    wanted: dict[tuple[Path, tuple[tuple[str, float], ...]], str] = {}
    for source, axes, why in requests:
        wanted.setdefault((source, axes), why)  # a face two languages share is made once
    todo = [(source, axes, why) for (source, axes), why in wanted.items() if not ready(source, axes)]
    if len(todo) < 2 or (os.cpu_count() or 1) < 2:
        for source, axes, why in todo:
            static_instance(source, axes, why)
        return
    from concurrent.futures import ProcessPoolExecutor

    for _, _, why in todo:
        print(f"preparing {why}, once", file=sys.stderr, flush=True)
    with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
        for future in [pool.submit(static_instance, source, axes) for source, axes, _ in todo]:
            future.result()  # a failure (disk full, read-only cache) surfaces here as the BuildError it is
