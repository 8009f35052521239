"""Safe, line-aware YAML loading for content files.

PyYAML's safe loader still expands aliases (a "billion laughs" file grows
without bound) and silently keeps the last of two equal keys. This loader
refuses anchors, aliases and custom tags, reports duplicate keys, NFC-normalises
every string, and remembers the line of every mapping key and list item so that
errors can say ``path:line: key``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from careprint.errors import ContentError, Where

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


class _RefusingLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases before they can expand."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (& and *) are not allowed in careprint files; "
                "write the text out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def load(path: Path, lang: str | None = None) -> Any:
    """Load one YAML file into LDict/LList/scalars, or raise ContentError naming the place."""
    where = Where(path, None, None, lang)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ContentError("file not found", where) from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", where) from None
    loader = _RefusingLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        hint = ""
        if isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError)):  # not careprint's own refusals
            hint = (" (look at this line and the ones just above it: a missing quote, a missing space after "
                    "':' or '-', or a wrong indent)")
        raise ContentError(f"YAML syntax error{col}: {exc.problem or exc.context}{hint}", where.at(line=line)) from None
    finally:
        loader.dispose()
    if node is None:
        return LDict()
    return _build(node, loader, where)


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
        return unicodedata.normalize("NFC", value)
    return value


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
        out[key] = _build(value_node, loader, where)
        out.lines[key] = key_line
    return out
