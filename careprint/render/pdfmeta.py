"""Clean PDF files for every renderer: no unembedded font, a date from the content.

ReportLab starts every page with ``BT /F1 12 Tf ET`` in its initial font,
Helvetica, which is then listed (never embedded) in every page's resources,
and preflight flags it. A canvas whose initial font is an embedded TrueType
font writes no such block. The creation date is the content's own date
(a handout's review date), or ``SOURCE_DATE_EPOCH`` when it is set, as
reproducible builds expect; the same inputs still give the same bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import time

from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas

from careprint.text.fonts import family

# Any embedded family will do: it is never drawn with unless a renderer sets it.
_INITIAL_FAMILY = "atkinson-hyperlegible"


def canvas_options() -> dict:
    """Return the Canvas (or DocTemplate) options every careprint PDF uses."""
    return {"invariant": 1, "initialFontName": family(_INITIAL_FAMILY).regular}


def stamp(canvas: Canvas, day: dt.date | None) -> None:
    """Date the PDF (CreationDate, ModDate) at midnight UTC of ``day``, unless SOURCE_DATE_EPOCH is set."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip() or day is None:
        return  # ReportLab's TimeStamp reads SOURCE_DATE_EPOCH itself
    ts = TimeStamp(1)
    ts.t = calendar.timegm(day.timetuple())
    ts.lt = time.gmtime(ts.t)
    ts.YMDhms = tuple(ts.lt)[:6]
    canvas._doc._timeStamp = ts  # noqa: SLF001 - ReportLab keeps the document date here
