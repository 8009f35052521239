"""Personalised wallet cards from a CSV file: one row per patient, imposed on sheets of card stock.

The CSV has a header row with the columns ``language, name, form,
last_dose, phone, contact, next_due`` (only ``language`` is required; ``form``
is pill or injection; ``last_dose`` and ``next_due`` are YYYY-MM-DD, from 1900 to five years ahead).
A bad row is reported with its CSV line number and the column at fault,
never with the patient's values, and the other rows still print. A cell is
one line of text that prints as typed (``careprint.content.values``); a row that runs
over several lines (an unclosed quote) is refused. The file (MAX_CSV_BYTES),
its rows (MAX_ROWS) and each cell (MAX_CELL_CHARS) have limits, each named in
its error. Values go into page content only: never into file names, logs or
PDF metadata.

Cards follow the CSV order, filling each sheet row by row. Each language's
back face, and the part of its front every card shares, are fitted once and
drawn once per file as form XObjects; a card adds only its own tick and values.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from reportlab.pdfgen.canvas import Canvas

from careprint.content import values
from careprint.content.layouts import CardLayout, Stock
from careprint.content.model import Clinic, Document
from careprint.content.project import Project
from careprint.errors import CareprintError, ContentError, Where
from careprint.render import card, sheet

COLUMNS = ("language", "name", "form", "last_dose", "phone", "contact", "next_due")
MAX_CSV_BYTES = 32 * 2**20  # about 400,000 rows of typical length
MAX_ROWS = 200_000
MAX_CELL_CHARS = 500  # far more than any card line holds


class _Languages(NamedTuple):
    """The locale codes, and those the card is translated into (None: not checked), looked up once per file."""

    known: tuple[str, ...]
    card_id: str | None
    card_langs: frozenset[str] | None


@dataclass(frozen=True)
class Row:
    """One patient's card: the CSV line it came from, its language and values."""

    line: int
    lang: str
    personal: card.Personal


def read(path: Path, project: Project, card_id: str | None = None) -> tuple[list[Row], list[CareprintError]]:
    """Read and check every row; return the good rows and an error per bad row (values never echoed).

    With card_id, a row whose language has no translation of that card is that row's error.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)  # bounded: the path may be a device or a huge file
    except OSError as exc:
        raise ContentError(f"cannot read the CSV file ({exc.strerror})", Where(path)) from None
    if len(data) > MAX_CSV_BYTES:
        raise ContentError(f"the CSV file is larger than {MAX_CSV_BYTES // 2**20} MB (the limit); "
                           "split it into smaller files", Where(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError("not UTF-8 text: save the file as 'CSV UTF-8' (in Excel: Save As, CSV UTF-8)",
                           Where(path)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    languages = _Languages(project.locale_codes, card_id, frozenset(project.languages(card_id)) if card_id else None)
    header = _header(next(_records(reader), (1, 1, None))[2], path)
    rows: list[Row] = []
    errors: list[CareprintError] = []
    for count, (line, last_line, cells) in enumerate(_records(reader), 1):
        if count > MAX_ROWS:
            raise ContentError(f"more than {MAX_ROWS} rows (the limit for one CSV file); split it into smaller files",
                               Where(path, line))
        row_errors = _check(header, cells, (line, last_line), path, languages)
        if row_errors:  # one error per row, so the summary counts rows
            errors.append(row_errors[0] if len(row_errors) == 1 else _combined(row_errors))
        else:
            record = dict(zip(header, cells, strict=False))
            rows.append(Row(line, record["language"].strip(), _personal(record)))
    return rows, errors


def _combined(problems: list[CareprintError]) -> ContentError:
    """Join a row's problems into one error naming each column."""
    keys = ", ".join(dict.fromkeys(p.where.key for p in problems if p.where.key))
    return ContentError("; ".join(p.message for p in problems), problems[0].where.at(keys or None))


def _records(reader) -> Iterator[tuple[int, int, list[str] | None]]:
    """Yield (first line, last line, cells) per non-blank record; cells is None for one csv cannot read."""
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a cell over csv's own limit: this record only
            cells = None
        if cells is None or any(cell.strip() for cell in cells):
            yield line, max(line, reader.line_num), cells


def _header(cells: list[str] | None, path: Path) -> list[str]:
    """Return the header's column names, or raise naming columns by number (a header-less file starts with a patient)."""
    header = [name.strip() for name in cells or []]
    expected = f"expected a header row with: {', '.join(COLUMNS)}"
    unknown = [n for n, name in enumerate(header, 1) if name not in COLUMNS]
    if unknown:
        hints = [f"column {n}: did you mean {close[0]!r}?" for n in unknown
                 if (close := difflib.get_close_matches(header[n - 1].lower(), COLUMNS, 1, 0.75))]
        numbers = ", ".join(str(n) for n in unknown)
        raise ContentError(f"column{'s' if len(unknown) > 1 else ''} {numbers} of the first line "
                           f"{'are not known column names' if len(unknown) > 1 else 'is not a known column name'}"
                           f" ({'; '.join(hints) or 'is the header row missing?'}); {expected}", Where(path, 1))
    for name in COLUMNS:
        where = [str(n) for n, column in enumerate(header, 1) if column == name]
        if len(where) > 1:
            raise ContentError(f"column {name!r} appears more than once in the header (columns {', '.join(where)}); "
                               "keep one", Where(path, 1))
    if "language" not in header:
        raise ContentError(f"no 'language' column; {expected}", Where(path, 1))
    return header


def _check(header: list[str], cells: list[str] | None, lines: tuple[int, int], path: Path,
           languages: _Languages) -> list[CareprintError]:
    """Return the problems of one row, each naming the column (never the value, which may be personal)."""
    line, last_line = lines
    if cells is None:
        return [ContentError(f"this row cannot be read: a cell is longer than {csv.field_size_limit()} characters "
                             f"(the limit for a cell is {MAX_CELL_CHARS})", Where(path, line))]
    if last_line > line:  # a quoted cell ran over line ends: never two patients on one card
        columns = [name for name, cell in zip(header, cells, strict=False) if "\n" in cell or "\r" in cell]
        return [ContentError(f"this row runs over lines {line} to {last_line}: a quote (\") is not closed, or a cell "
                             "holds a line break; each row must be one line", Where(path, line, ", ".join(columns)))]
    problems = []
    if len(cells) > len(header):
        problems.append(ContentError(f"more cells than the {len(header)} columns of the header", Where(path, line)))
    record = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
    for name, cell in record.items():
        if len(cell) > MAX_CELL_CHARS:
            problems.append(ContentError(f"more than {MAX_CELL_CHARS} characters (the limit for a cell)",
                                         Where(path, line, name)))
        elif problem := values.problem(cell):
            problems.append(ContentError(f"this cell holds {problem}", Where(path, line, name)))
    problems += _check_values(record, Where(path, line), languages)
    return problems


def _check_values(record: dict[str, str], where: Where, languages: _Languages) -> list[CareprintError]:
    """Check the language, form and date of a row."""
    problems = []
    lang = record.get("language", "")
    if lang not in languages.known:
        problems.append(ContentError(f"not a known language code; expected one of: {', '.join(languages.known)}",
                                     where.at("language")))
    elif languages.card_langs is not None and lang not in languages.card_langs:
        problems.append(ContentError(f"the card has no translation in this language (no handouts/{languages.card_id}/"
                                     f"{lang}.yaml); choose another language for this row", where.at("language")))
    form = record.get("form", "")
    if form and form not in card.FORMS:
        problems.append(ContentError(f"expected {' or '.join(card.FORMS)} (or empty)", where.at("form")))
    for column in ("last_dose", "next_due"):
        day = record.get(column, "")
        if day:
            try:
                values.parse_date(day)
            except ValueError as exc:
                problems.append(ContentError(str(exc), where.at(column)))
    return problems


def _personal(record: dict) -> card.Personal:
    def cell(name: str) -> str:
        return (record.get(name) or "").strip()

    def day(name: str) -> dt.date | None:
        return values.parse_date(cell(name)) if cell(name) else None

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
    docs: dict[str, tuple[Document, object, card.FrontFace | CareprintError]] = {}  # per language, made once
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
            docs[row.lang] = _language(project, clinic, card_id, row.lang, layout, w, h)
        doc, fonts, front = docs[row.lang]
        if canvas is None:
            canvas = sheet.new_canvas(out, doc, stock, duplex)
        _forms(canvas, row.lang, doc, fonts, front, layout, w, h)
        x, y = sheet.position_pt(stock, position, "front", duplex, offsets)
        canvas.saveState()
        mark = len(canvas._code)  # ReportLab internals (minor version pinned): undo a card that fails
        try:
            if isinstance(front, CareprintError):
                raise front  # the shared front does not fit: every card of the language fails, the others print
            canvas.translate(x, y)
            canvas.doForm(f"front-{row.lang}")
            front.draw_values(canvas, row.personal)
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


# A worker writes many print files for the same project, clinic and layout: each language's card is resolved and
# its front laid out once per process. Keyed by the objects' ids, which the entry keeps alive so none is reused.
_LANGUAGES: dict[tuple, tuple] = {}


def _language(project: Project, clinic: Clinic, card_id: str, lang: str, layout: CardLayout, w: float, h: float):
    """Return a language's resolved card, font set and front laid out once (or the error that stops its fit)."""
    key = (id(project), id(clinic), id(layout), card_id, lang, w, h)
    if key in _LANGUAGES:
        return _LANGUAGES[key][0]
    doc = project.resolve(card_id, lang, clinic)
    fonts = card.card_fonts(doc)
    try:
        front = card.FrontFace(doc, layout, fonts, w, h)
    except CareprintError as exc:
        front = exc
    if len(_LANGUAGES) > 64:
        _LANGUAGES.clear()
    _LANGUAGES[key] = (doc, fonts, front), (project, clinic, layout)
    return doc, fonts, front


def _forms(canvas: Canvas, lang: str, doc: Document, fonts, front, layout: CardLayout, w: float, h: float) -> None:
    """Draw a language's shared front and its back once per file, as form XObjects each card then places."""
    if not canvas.hasForm(f"back-{lang}"):
        canvas.beginForm(f"back-{lang}", 0, 0, w, h)
        card.draw_back(canvas, doc, layout, fonts, w, h)
        canvas.endForm()
    if not isinstance(front, CareprintError) and not canvas.hasForm(f"front-{lang}"):
        canvas.beginForm(f"front-{lang}", 0, 0, w, h)
        front.draw_static(canvas)
        canvas.endForm()
