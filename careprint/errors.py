"""Errors that reach the user: each names where (file, line, key, language) and what was expected.

Raised anywhere in the engine, caught only in ``careprint.cli``, which prints
``path:line: key: message`` and maps the class to an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Where:
    """A place in a content file: path, 1-based line, dotted key and language."""

    path: Path | str | None = None
    line: int | None = None
    key: str | None = None
    lang: str | None = None

    def at(self, key: str | None = None, line: int | None = None) -> Where:
        """Return this place narrowed to a key and line."""
        return Where(self.path, line if line is not None else self.line, key or self.key, self.lang)

    def prefix(self) -> str:
        """Format as ``path:line: key [lang]`` (parts that are unknown are left out)."""
        parts = []
        if self.path is not None:
            parts.append(f"{_rel(self.path)}:{self.line}" if self.line else f"{_rel(self.path)}")
        label = self.key or ""
        if self.lang:
            label = f"{label} [{self.lang}]" if label else f"[{self.lang}]"
        if label:
            parts.append(label)
        return ": ".join(parts)


def _rel(path: Path | str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class CareprintError(Exception):
    """Base of every error a user can cause; carries where it happened."""

    exit_code = 1

    def __init__(self, message: str, where: Where | None = None):
        super().__init__(message)
        self.message = message
        self.where = where or Where()

    def __str__(self) -> str:
        prefix = self.where.prefix()
        return f"{prefix}: {self.message}" if prefix else self.message


class ContentWarning(CareprintError):
    """A problem that does not stop a build (``check --strict`` makes it an error)."""

    def __str__(self) -> str:
        prefix = self.where.prefix()
        return f"{prefix}: warning: {self.message}" if prefix else f"warning: {self.message}"


class ContentError(CareprintError):
    """A content, locale, layout or settings file is malformed or inconsistent."""


class FitError(CareprintError):
    """Text does not fit its panel even at the minimum type size."""


class GlyphError(CareprintError):
    """A character is not covered by any font configured for the language."""


class BuildError(CareprintError):
    """A build could not be completed (output not writable, unknown target)."""


class UsageError(CareprintError):
    """The command line asked for something that does not exist."""

    exit_code = 2


def unique(errors: list[CareprintError]) -> list[CareprintError]:
    """Drop repeats: a file that is loaded again for another job fails again with the same message."""
    return list({str(e): e for e in errors}.values())


# At most this many errors are listed for one file; a file with thousands of mistakes gets a count instead.
MAX_ERRORS_PER_FILE = 50


def capped(errors: list[CareprintError]) -> list[CareprintError]:
    """Keep the first MAX_ERRORS_PER_FILE errors of each file and add "...and N more" for the rest."""
    shown: dict[object, int] = {}
    hidden: dict[object, tuple[int, CareprintError]] = {}
    out: list[CareprintError] = []
    for error in errors:
        path = error.where.path
        more = getattr(error, "more", 0)  # a count made by an earlier cap
        shown[path] = shown.get(path, 0) + (0 if more else 1)
        if path is not None and (more or shown[path] > MAX_ERRORS_PER_FILE):
            hidden[path] = (hidden.get(path, (0, error))[0] + (more or 1), error)
        else:
            out.append(error)
    return out + [_more(count, error) for count, error in hidden.values()]


def _more(count: int, error: CareprintError) -> CareprintError:
    """Return the line that stands for ``count`` errors left out of one file's list."""
    s = "s" if count > 1 else ""
    more = type(error)(f"...and {count:,} more problem{s} in this file (at most {MAX_ERRORS_PER_FILE} are listed)",
                       Where(error.where.path, None, None, error.where.lang))
    more.more = count
    return more


class ErrorList(CareprintError):
    """Several errors found in one pass; all are reported together, each once."""

    def __init__(self, errors: list[CareprintError]):
        self.errors = capped(unique(errors))
        super().__init__(f"{len(self.errors)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class Collector:
    """Collect errors during validation, then raise them all at once."""

    def __init__(self) -> None:
        self.errors: list[CareprintError] = []
        self._per_file: dict[object, int] = {}
        self._hidden: dict[object, tuple[int, CareprintError]] = {}

    def add(self, message: str, where: Where, cls: type[CareprintError] = ContentError) -> None:
        """Record one problem (past MAX_ERRORS_PER_FILE in one file, only count it)."""
        count = self._per_file[where.path] = self._per_file.get(where.path, 0) + 1
        if count <= MAX_ERRORS_PER_FILE or where.path is None:
            self.errors.append(cls(message, where))
        else:
            self._hidden[where.path] = (self._hidden.get(where.path, (0, None))[0] + 1, cls("", where))

    def extend(self, errors: list[CareprintError]) -> None:
        """Record problems found elsewhere."""
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        """Raise the single error, or an ErrorList, if anything was recorded."""
        errors = self.errors + [_more(count, error) for count, error in self._hidden.values()]
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ErrorList(errors)
