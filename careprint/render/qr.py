"""Vector QR codes (ISO/IEC 18004): error correction M, 4-module quiet zone.

Modules are at least 0.5 mm on cards and 0.6 mm on handouts, so a worn or
laminated print still scans: a code's size follows its module count
(``symbol_pt``), and a payload too long for the room a layout has is refused
by the layout with the longest payload that fits (``max_payload_bytes``).

The ``qrcode`` package computes the module matrix; it is drawn as merged
rectangles in a single filled path, so the code stays sharp at any printer
resolution and adds a few hundred bytes to the page. Finding a symbol's mask
is most of the time of a fresh handout, so the merged rectangles are cached
per payload in the process and on disk (``qrcache``), so a new process reuses
them.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

from careprint.render import qrcache

QUIET_ZONE_MODULES = 4  # ISO/IEC 18004:2015 section 6.3.8: at least 4 modules wide
CARD_MIN_MODULE_MM = 0.5  # below this, blur and specks on a worn card stop a phone reading it (bench/wear.py)
HANDOUT_MIN_MODULE_MM = 0.6


@lru_cache(maxsize=512)
def matrix_rects(payload: str) -> tuple[int, tuple[tuple[int, int, int, int], ...]]:
    """Return (symbol width in modules, dark rectangles as (col, row, width, height)).

    Rows count from the top; the quiet zone is not included.
    """
    return qrcache.cached(payload, _QR_PARAMS, _matrix_rects)


def _encoder_stamp() -> str:
    """Name the installed qrcode encoder (its file's size and time): another release re-encodes.

    Found without importing qrcode (and Pillow through it): a cached code needs neither.
    """
    main = Path(importlib.util.find_spec("qrcode").origin).with_name("main.py")
    stat = os.stat(main)
    return f"{main}:{stat.st_size}:{stat.st_mtime_ns}"


# Everything besides the payload that decides the matrix and its rectangles: a change re-encodes.
_QR_PARAMS = f"ecc=M border=0 fit=True merge=rows-v1 qrcode={_encoder_stamp()}"


def _matrix_rects(payload: str) -> tuple[int, tuple[tuple[int, int, int, int], ...]]:
    """Encode a payload and merge its dark modules into rectangles (no cache)."""
    import qrcode  # here, not at the top: with the disk cache warm, a process never needs it
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    rows = code.get_matrix()
    merged: list[list[int]] = []
    open_runs: dict[tuple[int, int], list[int]] = {}
    for y, row in enumerate(rows):
        runs = _runs(row)
        still_open: dict[tuple[int, int], list[int]] = {}
        for run in runs:
            rect = open_runs.get(run)
            if rect is not None and rect[1] + rect[3] == y:
                rect[3] += 1  # the same run continues from the row above
            else:
                rect = [run[0], y, run[1] - run[0], 1]
                merged.append(rect)
            still_open[run] = rect
        open_runs = still_open
    return len(rows), tuple(tuple(r) for r in merged)


def _runs(row: list[bool]) -> list[tuple[int, int]]:
    """Return the [start, end) column ranges of dark modules in one row."""
    runs, start = [], None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x))
            start = None
    return runs


def modules(payload: str) -> int:
    """Return the width of a payload's symbol in modules (quiet zone not included)."""
    return matrix_rects(payload)[0]


def symbol_pt(payload: str, min_module_pt: float, at_least_pt: float = 0.0) -> float:
    """Return a symbol size whose modules are at least min_module_pt, and not smaller than at_least_pt."""
    return max(at_least_pt, modules(payload) * min_module_pt)


def quiet_pt(payload: str, symbol_pt: float) -> float:
    """Return the width of the quiet zone around a symbol of this size."""
    return QUIET_ZONE_MODULES * symbol_pt / modules(payload)


def max_payload_bytes(max_modules: int) -> int:
    """Return how many bytes the largest symbol of at most max_modules holds (byte mode, error correction M)."""
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.util import BIT_LIMIT_TABLE

    version = min((max_modules - 17) // 4, 40)  # version v is 17 + 4v modules wide (ISO/IEC 18004 5.3.1)
    if version < 1:
        return 0
    count_bits = 8 if version < 10 else 16  # the character count indicator (table 3)
    return (BIT_LIMIT_TABLE[ERROR_CORRECT_M][version] - 4 - count_bits) // 8


def outer_size(symbol_pt: float, payload: str) -> float:
    """Return the width of a code including its quiet zone."""
    modules, _ = matrix_rects(payload)
    return symbol_pt * (modules + 2 * QUIET_ZONE_MODULES) / modules


def render(canvas: Canvas, payload: str, x_pt: float, y_pt: float, symbol_pt: float) -> None:
    """Draw a code whose quiet zone's bottom-left corner is at (x_pt, y_pt)."""
    modules, rects = matrix_rects(payload)
    module_pt = symbol_pt / modules
    outer_pt = module_pt * (modules + 2 * QUIET_ZONE_MODULES)
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x_pt, y_pt, outer_pt, outer_pt, stroke=0, fill=1)  # the quiet zone stays light on any panel
    canvas.setFillColor(black)
    path = canvas.beginPath()
    top_pt = y_pt + outer_pt - QUIET_ZONE_MODULES * module_pt
    left_pt = x_pt + QUIET_ZONE_MODULES * module_pt
    for col, row, width, height in rects:
        path.rect(left_pt + col * module_pt, top_pt - (row + height) * module_pt, width * module_pt, height * module_pt)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
