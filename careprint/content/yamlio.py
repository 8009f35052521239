"""Safe, line-aware YAML loading for content files.

PyYAML's safe loader still expands aliases (a "billion laughs" file grows
without bound) and silently keeps the last of two equal keys. This loader
refuses anchors, aliases and custom tags, reports duplicate keys, NFC-normalises
every string, and remembers the line of every mapping key and list item so that
errors can say ``path:line: key``.

Input is bounded before it is parsed: a file of at most ``MAX_FILE_BYTES``,
mappings and lists nested at most ``MAX_DEPTH`` deep, and strings of at most
``MAX_STRING_CHARS`` characters, so a hostile or mistaken file gives one clear
error instead of a hang, a RecursionError or gigabytes of memory.

Speed: when PyYAML has libyaml, the C parser produces the events (marks
included) and only composition, with its refusals, runs in Python: about ten
times faster. A file the C parser rejects is read again with the pure-Python
loader, so every error message and line number is exactly the pure-Python one.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

from careprint.errors import ContentError, Where

# Limits, each named in its error. The longest line in today's content is under 500 characters.
MAX_FILE_BYTES = 1_000_000
MAX_STRING_CHARS = 5_000
MAX_DEPTH = 20
# C0 and C1 control characters other than the newline (M3 decides what a newline does).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class LDict(dict):
    """A mapping that remembers the 1-based line of each key (``lines``) and its own."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of ``key``, or of the mapping itself if the key is absent."""
        return self.lines.get(key, self.line)


class LList(list):
    """A list that remembers the 1-based line of each item (``lines``) and its own."""

    line: int = 0
    lines: list[int]


class _Refusing(Composer):
    """A composer that refuses anchors and aliases before they can expand, and deep nesting."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (& and *) are not allowed in careprint files; "
                "write the text out in full",
                problem_mark=event.start_mark,
            )
        if self._depth >= MAX_DEPTH:  # the composer recurses once per level: stop long before Python's limit
            raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _RefusingLoader(_Refusing, yaml.SafeLoader):
    """The pure-Python safe loader with the refusals."""


if CParser is not None:
    class _RefusingCLoader(_Refusing, CParser, SafeConstructor, Resolver):
        """libyaml's parser (events with marks) under the same Python composer and refusals."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


def _compose(text: str):
    """Compose a document's root node; return (node, loader), the loader still to be disposed."""
    if CParser is not None:
        loader = _RefusingCLoader(text)
        try:
            return loader.get_single_node(), loader
        except yaml.YAMLError:
            loader.dispose()  # read it again below: the pure-Python loader's message and line
    loader = _RefusingLoader(text)  # its reader refuses control characters here, before parsing
    try:
        return loader.get_single_node(), loader
    except BaseException:
        loader.dispose()
        raise


def inside(path: Path, root: Path, where: Where) -> None:
    """Refuse a file that is (or lies behind) a symlink pointing outside the content root."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        raise ContentError(f"is a link to a file outside the content root {root}; copy the file into "
                           "the content folder instead", where) from None


def read_text(path: Path, where: Where) -> str:
    """Read a content file as UTF-8 text of bounded size, or raise ContentError."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ContentError("file not found", where) from None
    except IsADirectoryError:
        raise ContentError("expected a YAML file, found a folder", where) from None
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", where) from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"file is larger than {MAX_FILE_BYTES:,} bytes, the limit for one careprint file", where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", where) from None


def load(path: Path, lang: str | None = None, root: Path | None = None) -> Any:
    """Load one YAML file into LDict/LList/scalars, or raise ContentError naming the place.

    With ``root``, a file that resolves outside it (a symlink) is refused before it is read.
    """
    where = Where(path, None, None, lang)
    if root is not None:
        inside(path, root, where)
    text = read_text(path, where)
    try:
        node, loader = _compose(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise ContentError(f"control character U+{exc.character:04X} is not allowed in a YAML file; "
                           "delete it (or use a space)", where.at(line=line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        hint = ""
        if isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError)):  # not careprint's own refusals
            hint = (" (look at this line and the ones just above it: a missing quote, a missing space after "
                    "':' or '-', or a wrong indent)")
        raise ContentError(f"YAML syntax error{col}: {exc.problem or exc.context}{hint}", where.at(line=line)) from None
    try:
        return LDict() if node is None else _build(node, loader, where)
    finally:
        loader.dispose()


def _build(node: yaml.Node, loader: yaml.SafeLoader, where: Where) -> Any:
    """Turn a composed node into plain values that remember their lines."""
    line = node.start_mark.line + 1
    if node.tag not in _STANDARD_TAGS:
        raise ContentError(f"YAML tag {node.tag!r} is not allowed", where.at(line=line))
    if isinstance(node, yaml.MappingNode):
        return _build_map(node, loader, where)
    if isinstance(node, yaml.SequenceNode):
        out = LList(_build(item, loader, where) for item in node.value)
        out.line, out.lines = line, [item.start_mark.line + 1 for item in node.value]
        return out
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str):
        _check_string(value, where.at(line=line))
        return unicodedata.normalize("NFC", value)
    return value


def _check_string(value: str, where: Where) -> None:
    """Refuse a string too long to be one text, or holding a tab or another control character."""
    if len(value) > MAX_STRING_CHARS:
        raise ContentError(f"text of {len(value):,} characters; at most {MAX_STRING_CHARS:,} characters in one "
                           "text: shorten it or split it", where)
    control = _CONTROL.search(value)
    if control:
        char = control.group()
        name = "a tab" if char == "\t" else "a control character"
        raise ContentError(f"{name} (U+{ord(char):04X}) cannot be printed; use a space", where)


def _build_map(node: yaml.MappingNode, loader: yaml.SafeLoader, where: Where) -> LDict:
    """Build a mapping, refusing duplicate and non-string keys."""
    out = LDict()
    out.line, out.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = _build(key_node, loader, where)
        key_line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise ContentError(f"key {key!r} must be text", where.at(line=key_line))
        if key in out:
            raise ContentError(
                f"duplicate key (first at line {out.lines[key]})", where.at(key=key, line=key_line)
            )
        value_where = where.at(key=key) if isinstance(value_node, yaml.ScalarNode) else where
        out[key] = _build(value_node, loader, value_where)
        out.lines[key] = key_line
    return out
