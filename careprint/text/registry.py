"""The font registry: ``careprint/text/fonts.yaml``, the families careprint prints with, as data.

Each family names the PyPI distribution that ships it, the importable module,
each face's file inside that package (with axis values for a variable font),
and the scripts it is made for; ``defaults`` gives a new locale's families by
script. A bad entry is one line ``careprint/text/fonts.yaml:LINE: families.X.faces.bold: …``.

The file is read with PyYAML's composer, which keeps every node's line. It is
not read with ``careprint.content.yamlio``: fonts sit on a lower floor than
content (CONTRIBUTING.md, "Shape of the code"), and this file is engine
package data, not content.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

import yaml

from careprint.errors import Collector, ContentError, Where

REGISTRY_PATH = Path(__file__).with_name("fonts.yaml")
STYLES = ("regular", "bold", "italic", "bolditalic")
REQUIRED_STYLES = ("regular", "bold")
HOWTO = "TRANSLATING.md § Adding a script's font"

_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SCRIPT_RE = re.compile(r"^[A-Z][a-z]{3}$")  # ISO 15924, as locales write it (Latn, Ethi)
_MODULE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_DISTRIBUTION_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")  # PEP 508 names
_LICENSE_RE = re.compile(r"^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$")  # SPDX expressions
_FILE_RE = re.compile(r"^[^\\]+\.(ttf|otf)$")
_AXIS_RE = re.compile(r"^[a-z]{4}$")  # registered OpenType axes (wght, wdth, opsz, ital, slnt)
_AXIS_RANGE = (-1000.0, 1000.0)
_FAMILY_KEYS = ("distribution", "module", "license", "scripts", "faces")
# libyaml's parser keeps lines too and is ten times faster: every build reads this file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


@dataclass(frozen=True)
class FaceSource:
    """One face: a file inside a package, and axis values (in file order) if it is variable."""

    path: str
    axes: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class FamilySource:
    """Where a family's faces come from: a PyPI distribution, its module, and files inside it."""

    distribution: str
    module: str
    faces: dict[str, FaceSource]
    scripts: tuple[str, ...] = ()
    line: int | None = None  # of its entry in the registry, for errors


@dataclass(frozen=True)
class Registry:
    """Every family by name, and the families a new locale starts with by script."""

    path: Path
    families: dict[str, FamilySource]
    defaults: dict[str, tuple[str, ...]]

    def where(self, name: str) -> Where:
        """Return the place of a family's entry (``path:line`` in messages)."""
        return Where(self.path, self.families[name].line)

    def covering(self, script: str) -> list[str]:
        """Return the families made for a script."""
        return [name for name, source in self.families.items() if script in source.scripts]


@cache
def registry() -> Registry:
    """Return the installed registry (read once per process)."""
    return load(REGISTRY_PATH)


def load(path: Path) -> Registry:
    """Read and validate a registry file; raise every problem at once (ContentError or ErrorList)."""
    where = Where(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"cannot read the font registry ({exc})", where) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError(f"YAML syntax error: {exc.problem or exc.context}",
                           where.at(line=mark.line + 1 if mark else None)) from None
    c = Collector()
    top = _mapping(c, root, where.at(line=1), {"families": True, "defaults": True})
    families_node = top.get("families", (0, None))[1]
    families = _families(c, families_node, where)
    declared = set(_mapping(Collector(), families_node, where))  # a broken entry is reported once, not as unknown too
    defaults = _defaults(c, top.get("defaults", (0, None))[1], where, declared)
    c.raise_if_any()
    return Registry(path, families, defaults)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(c: Collector, node: yaml.Node | None, where: Where,
             keys: dict[str, bool] | None = None) -> dict[str, tuple[int, yaml.Node]]:
    """Return a mapping node's entries as {key: (line, value node)}; with keys, check them (name: required)."""
    if not isinstance(node, yaml.MappingNode):
        if node is not None:
            c.add(f"expected a mapping (key: value lines), found {_found(node)}", where.at(line=_line(node)))
        return {}
    out: dict[str, tuple[int, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key, line = str(key_node.value), _line(key_node)
        here = where.at(_join(where.key, key), line)
        if key in out:
            c.add(f"duplicate key (first at line {out[key][0]})", here)
        elif keys is not None and key not in keys:
            c.add(f"unknown key; expected one of: {', '.join(keys)}", here)
        else:
            out[key] = (line, value_node)
    for key, required in (keys or {}).items():
        if required and key not in out:
            c.add("missing required key", where.at(_join(where.key, key), where.line or _line(node)))
    return out


def _join(prefix: str | None, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


def _text(c: Collector, node: yaml.Node, where: Where, pattern: re.Pattern, what: str) -> str | None:
    """Return a scalar's text if it matches pattern; else record what was expected."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and pattern.match(node.value):
        return node.value
    c.add(f"expected {what}, found {_found(node)}", where)
    return None


def _list(c: Collector, node: yaml.Node, where: Where, pattern: re.Pattern, what: str) -> tuple[str, ...]:
    """Return a non-empty list of texts matching pattern; else record what was expected."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        c.add(f"expected a list of one or more {what}s, found {_found(node)}", where)
        return ()
    items = [_text(c, item, where.at(line=_line(item)), pattern, what) for item in node.value]
    return tuple(item for item in items if item is not None)


def _families(c: Collector, node: yaml.Node | None, where: Where) -> dict[str, FamilySource]:
    families = {}
    for name, (line, value) in _mapping(c, node, where.at("families")).items():
        here = where.at(f"families.{name}", line)
        if not _NAME_RE.match(name):
            c.add("expected a family name of lowercase letters, digits and hyphens (noto-sans-ethiopic)", here)
            continue
        source = _family(c, value, here)
        if source is not None:
            families[name] = source
    return families


def _family(c: Collector, node: yaml.Node, where: Where) -> FamilySource | None:
    """Validate one family's entry; return it, or None if it is unusable."""
    entry = _mapping(c, node, where, {key: key != "license" for key in _FAMILY_KEYS})
    if not isinstance(node, yaml.MappingNode):
        return None
    got = {key: where.at(_join(where.key, key), line) for key, (line, _) in entry.items()}
    distribution = _text(c, entry["distribution"][1], got["distribution"], _DISTRIBUTION_RE,
                         "a PyPI package name (fontpkg-noto-sans)") if "distribution" in entry else None
    module = _text(c, entry["module"][1], got["module"], _MODULE_RE,
                   "an importable module name (fontpkg_noto_sans)") if "module" in entry else None
    if "license" in entry:
        _text(c, entry["license"][1], got["license"], _LICENSE_RE, "an SPDX licence (OFL-1.1)")
    scripts = _list(c, entry["scripts"][1], got["scripts"], _SCRIPT_RE,
                    "ISO 15924 script code (Latn, Ethi)") if "scripts" in entry else ()
    faces = _faces(c, entry["faces"][1], got["faces"]) if "faces" in entry else None
    if None in (distribution, module, faces):
        return None
    return FamilySource(distribution, module, faces, scripts, where.line)



def _faces(c: Collector, node: yaml.Node, where: Where) -> dict[str, FaceSource] | None:
    faces = {}
    for style, (line, value) in _mapping(c, node, where, {s: s in REQUIRED_STYLES for s in STYLES}).items():
        face = _face(c, value, where.at(f"{where.key}.{style}", line))
        if face is not None:
            faces[style] = face
    return faces if all(s in faces for s in REQUIRED_STYLES) else None


def _face(c: Collector, node: yaml.Node, where: Where) -> FaceSource | None:
    entry = _mapping(c, node, where, {"file": True, "axes": False})
    if "file" not in entry:
        return None
    line, value = entry["file"]
    path = _text(c, value, where.at(f"{where.key}.file", line), _FILE_RE,
                 "the path of a .ttf or .otf file inside the package")
    if path is not None and (PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts):
        c.add("expected a path inside the package (no leading / and no ..)", where.at(f"{where.key}.file", line))
        path = None
    axes: list[tuple[str, float]] = []
    if "axes" in entry:
        line, value = entry["axes"]
        for tag, (axis_line, axis_node) in _mapping(c, value, where.at(f"{where.key}.axes", line)).items():
            axis = _axis(c, tag, axis_node, where.at(f"{where.key}.axes.{tag}", axis_line))
            if axis is not None:
                axes.append(axis)
    return FaceSource(path, tuple(axes)) if path is not None else None


def _axis(c: Collector, tag: str, node: yaml.Node, where: Where) -> tuple[str, float] | None:
    if not _AXIS_RE.match(tag):
        c.add("expected a four-letter lowercase axis tag (wght, wdth)", where)
        return None
    low, high = _AXIS_RANGE
    value = float(node.value) if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS else math.nan
    if not (math.isfinite(value) and low <= value <= high):
        c.add(f"expected a number from {low:g} to {high:g}, found {_found(node)}", where)
        return None
    return tag, value


def _defaults(c: Collector, node: yaml.Node | None, where: Where, families: set[str]) -> dict[str, tuple[str, ...]]:
    defaults = {}
    for script, (line, value) in _mapping(c, node, where.at("defaults")).items():
        here = where.at(f"defaults.{script}", line)
        if not _SCRIPT_RE.match(script):
            c.add("expected an ISO 15924 script code (Latn, Ethi)", here)
            continue
        names = _list(c, value, here, _NAME_RE, "font family name")
        unknown = [n for n in names if n not in families]
        if unknown:
            c.add(f"unknown font family {', '.join(unknown)}; known: {', '.join(sorted(families))}", here)
        defaults[script] = names
    return defaults
