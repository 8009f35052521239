"""Personalised wallet cards from a CSV file: one row per patient, imposed on sheets of card stock.

The CSV has a header row with the columns ``language, name, form,
last_dose, phone, contact, next_due`` (only ``language`` is required; ``form``
is pill or injection; ``last_dose`` and ``next_due`` are YYYY-MM-DD). A bad row is reported with its
CSV line number and the column at fault, never with the patient's values,
and the other rows still print. Values go into page content only: never into
file names, logs or PDF metadata.

Cards follow the CSV order, filling each sheet row by row; each language's
back face is drawn once as a form XObject and placed behind every card of
that language.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from careprint.content import Project
from careprint.errors import CareprintError, ContentError, Where
from careprint.layouts import CardLayout, Stock
from careprint.model import Clinic, Document
from careprint.render import card, sheet

COLUMNS = ("language", "name", "form", "last_dose", "phone", "contact", "next_due")


@dataclass(frozen=True)
class Row:
    """One patient's card: the CSV line it came from, its language and values."""

    line: int
    lang: str
    personal: card.Personal


def read(path: Path, project: Project) -> tuple[list[Row], list[CareprintError]]:
    """Read and check every row; return the good rows and an error per bad row (values never echoed)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ContentError(f"cannot read the CSV file ({exc.strerror})", Where(path)) from None
    with handle:
        try:
            return _read_rows(csv.DictReader(handle), path, project)
        except UnicodeDecodeError:
            raise ContentError("not UTF-8 text: save the file as 'CSV UTF-8' (in Excel: Save As, CSV UTF-8)",
                               Where(path)) from None


def _read_rows(reader: csv.DictReader, path: Path, project: Project) -> tuple[list[Row], list[CareprintError]]:
    """Check the header, then each row in turn."""
    rows: list[Row] = []
    errors: list[CareprintError] = []
    header = [name.strip() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    if "language" not in header or unknown:
        message = f"unknown column {', '.join(unknown)}; " if unknown else "no 'language' column; "
        raise ContentError(message + f"expected a header row with: {', '.join(COLUMNS)}", Where(path, 1))
    reader.fieldnames = header
    line = 1
    for record in reader:
        line_start, line = line + 1, reader.line_num
        row_errors = _check(record, path, line_start, project)
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(Row(line_start, record["language"].strip(), _personal(record)))
    return rows, errors


def _check(record: dict, path: Path, line: int, project: Project) -> list[CareprintError]:
    """Return the problems of one row, each naming the column (never the value, which may be personal)."""
    problems = []
    if None in record:  # more cells than columns
        problems.append(ContentError(f"more cells than the {len(COLUMNS)} columns of the header", Where(path, line)))
    lang = (record.get("language") or "").strip()
    if lang not in project.locale_codes:
        problems.append(ContentError(f"unknown language {lang!r}; known: {', '.join(project.locale_codes)}",
                                     Where(path, line, "language")))
    form = (record.get("form") or "").strip()
    if form and form not in card.FORMS:
        problems.append(ContentError(f"expected {' or '.join(card.FORMS)} (or empty)", Where(path, line, "form")))
    for column in ("last_dose", "next_due"):
        day = (record.get(column) or "").strip()
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                problems.append(ContentError("not a real date: expected YYYY-MM-DD", Where(path, line, column)))
    return problems


def _personal(record: dict) -> card.Personal:
    def cell(name: str) -> str:
        return (record.get(name) or "").strip()

    def day(name: str) -> dt.date | None:
        return dt.date.fromisoformat(cell(name)) if cell(name) else None

    return card.Personal(cell("name"), cell("form") or None, day("last_dose"), cell("phone"), cell("contact"),
                         day("next_due"))


def render(out: BinaryIO, project: Project, clinic: Clinic, card_id: str, rows: list[Row], layout: CardLayout,
           stock: Stock, duplex: str, offsets: sheet.Offsets, csv_path: Path, start: int = 1) -> tuple[int, list[CareprintError]]:
    """Draw the rows' cards on sheets (front page, back page per sheet); return (sheets, errors of rows that failed).

    A row whose text does not fit its card is taken off the page again and
    its position goes to the next row.
    """
    if duplex == "foldover":
        raise CareprintError("personalised cards need duplex long or short (fold-over is for blank cards)")
    docs: dict[str, tuple[Document, object]] = {}  # per language: the resolved card and its font set
    w, h = stock.card_pt
    errors: list[CareprintError] = []
    canvas: Canvas | None = None
    placed: list[tuple[int, str]] = []  # (position, lang) on the current sheet
    sheets = 0
    position = start

    def finish_sheet() -> None:
        nonlocal sheets
        canvas.showPage()  # fronts done: the back page puts each language's back behind its card
        for pos, lang in placed:
            x, y = sheet.position_pt(stock, pos, "back", duplex, offsets)
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm(f"back-{lang}")
            canvas.restoreState()
        canvas.showPage()
        placed.clear()
        sheets += 1

    for row in rows:
        if row.lang not in docs:
            doc = project.resolve(card_id, row.lang, clinic)
            docs[row.lang] = doc, card.card_fonts(doc)
        doc, fonts = docs[row.lang]
        if canvas is None:
            canvas = sheet.new_canvas(out, doc, stock, duplex)
        if not canvas.hasForm(f"back-{row.lang}"):
            canvas.beginForm(f"back-{row.lang}", 0, 0, w, h)
            card.draw_back(canvas, doc, layout, fonts, w, h)
            canvas.endForm()
        x, y = sheet.position_pt(stock, position, "front", duplex, offsets)
        canvas.saveState()
        mark = len(canvas._code)  # ReportLab internals (minor version pinned): undo a card that fails
        try:
            canvas.translate(x, y)
            card.draw_front(canvas, doc, layout, fonts, w, h, row.personal)
        except CareprintError as exc:
            del canvas._code[mark:]
            canvas.restoreState()
            errors.append(CareprintError(f"{exc.message} (column {exc.where.key.lstrip('-').replace('-', '_')})"
                                         if exc.where.key else exc.message, Where(csv_path, row.line, None, row.lang)))
            continue
        canvas.restoreState()
        placed.append((position, row.lang))
        position += 1
        if position > stock.positions:
            finish_sheet()
            position = 1
    if canvas is None:
        return 0, errors
    if placed:
        finish_sheet()
    canvas.save()
    return sheets, errors
