"""The on-disk cache of QR matrices: merged module rectangles per payload, shared by processes.

Choosing a symbol's mask (ISO/IEC 18004 7.8) tries all eight and is most of
the time of a fresh handout, yet the payloads (the content's web addresses)
hardly change. An entry lives in ``<cache dir>/qr/<sha256 of key>``; its
first line is a SHA-256 over the key and the rest, so a damaged, truncated or
foreign file is never used: it is computed again and rewritten. Entries are
written to a temporary file and renamed, so concurrent processes only ever
see whole entries (the last writer wins, with the same bytes). A cache that
cannot be written only costs speed. Payloads are addresses from the content
and the clinic settings, never a patient's values.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from careprint.text.fontcache import cache_dir

FOLDER = "qr"
_FORMAT = "careprint-qr-v1"
Rects = tuple[tuple[int, int, int, int], ...]


def _path(key: str) -> Path:
    return cache_dir() / FOLDER / hashlib.sha256(key.encode("utf-8")).hexdigest()


def _body(modules: int, rects: Rects) -> str:
    return f"{modules}\n" + ";".join(",".join(map(str, rect)) for rect in rects)


def _seal(key: str, body: str) -> str:
    return hashlib.sha256(f"{key}\n{body}".encode()).hexdigest()


def _read(path: Path, key: str) -> tuple[int, Rects] | None:
    """Return a verified entry, or None if it is missing or damaged."""
    try:
        seal, body = path.read_text(encoding="ascii").split("\n", 1)
        if seal != _seal(key, body):
            return None
        count, cells = body.split("\n", 1)
        rects = tuple(tuple(int(v) for v in cell.split(",")) for cell in cells.split(";")) if cells else ()
        if any(len(rect) != 4 for rect in rects):
            return None
        return int(count), rects  # type: ignore[return-value]
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _write(path: Path, key: str, modules: int, rects: Rects) -> None:
    """Write an entry atomically; give up quietly if the cache is not writable."""
    body = _body(modules, rects)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{_seal(key, body)}\n{body}")
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # read-only or full cache: the next process encodes again
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def cached(payload: str, params: str, compute: Callable[[str], tuple[int, Rects]]) -> tuple[int, Rects]:
    """Return compute(payload) from the disk cache, computing and storing it on a miss."""
    key = f"{_FORMAT}\n{params}\n{payload}"
    path = _path(key)
    hit = _read(path, key)
    if hit is not None:
        return hit
    modules, rects = compute(payload)
    _write(path, key, modules, rects)
    return modules, rects
