"""Output folders and files: one run per folder at a time, and no file that looks current but is not.

``lock_folder`` holds an fcntl lock file in an output folder for one run; ``remove_stale``
removes an older output whose new build failed; ``remove_leftover_temps`` and
``remove_other_files`` delete only files whose names this tool makes (its temporary
``.NAME.XXXXXXXX.part`` files, its print files), never anything else a user keeps there.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from careprint import build
from careprint.errors import BuildError

# One run at a time per output folder: the lock file, and how long a second run waits for it.
LOCK_FILE = ".careprint.lock"
LOCK_WAIT_S = 5.0


def remove_stale(path: Path) -> bool:
    """Remove an older output file that a failed build would otherwise leave looking current; say if one was there."""
    try:
        if path.is_file():
            path.unlink()
            return True
    except OSError:
        pass
    return False


@contextmanager
def lock_folder(folder: Path, wait_s: float | None = None):
    """Hold an exclusive lock on an output folder (a lock file in it) for one run; wait briefly, then refuse."""
    wait_s = LOCK_WAIT_S if wait_s is None else wait_s
    path = folder / LOCK_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(f"cannot use the output folder {folder}: {build.why_not_written(exc, folder)}") from exc
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildError(f"another careprint run is writing to {folder} (it holds {path}); "
                                     "wait for it to finish, or choose another output folder") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the lock file stays (removing it would race a waiting run)


# tempfile.mkstemp's random part: 8 characters of [a-z0-9_] (tempfile._RandomNameSequence).
_TEMP_SUFFIX = r"\.[a-z0-9_]{8}\.part"


def remove_leftover_temps(targets: Iterable[Path]) -> None:
    """Delete the temporary files ``build.write_atomic`` may have left for these targets (a killed run).

    Only the exact names it makes, ``.<target name>.XXXXXXXX.part`` beside each target: never
    another program's or the user's ``.*.part`` files. Call it while holding the folder's lock.
    """
    by_folder: dict[Path, set[str]] = {}
    for target in targets:
        by_folder.setdefault(target.parent, set()).add(target.name)
    for folder, names in by_folder.items():
        if not folder.is_dir():
            continue
        pattern = re.compile(r"\.(" + "|".join(re.escape(n) for n in sorted(names)) + ")" + _TEMP_SUFFIX + r"\Z")
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False) and pattern.match(entry.name):
                os.unlink(entry.path)


def remove_other_files(folder: Path, pattern: str, keep: Iterable[str]) -> list[str]:
    """Delete the files in one folder whose names match this tool's ``pattern`` but are not in ``keep``; return them."""
    if not folder.is_dir():
        return []
    keep, name_re, removed = set(keep), re.compile(pattern + r"\Z"), []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name not in keep and name_re.match(entry.name) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)
            removed.append(entry.name)
    return removed
