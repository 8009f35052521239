"""Issue 13: the engine's concern folders, and the rule that keeps them readable.

Imports go down the floors only (CONTRIBUTING.md, "Shape of the code"): no module imports one on a
higher floor, and no import runs in a circle. Imports under ``if TYPE_CHECKING:`` (annotations only)
do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "careprint"
# Lowest first; a module may import from its own floor's folder and from the floors below.
FLOORS = {"errors": 0, "text": 1, "content": 2, "render": 3, "build": 4, "outputs": 5, "translate": 5, "batch": 5,
          "web": 6, "cli": 7, "__main__": 8}


def _concern(module: str) -> str:
    return module.split(".")[1] if "." in module else "careprint"


def _imports(path: Path) -> set[str]:
    """Return the careprint modules a file imports at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("careprint"):
            found.update(f"{node.module}.{a.name}" if (PACKAGE.parent / node.module.replace(".", "/") / a.name).exists()
                         or (PACKAGE.parent / f"{node.module.replace('.', '/')}/{a.name}.py").exists()
                         else node.module for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("careprint"))
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = _imports(path)
    return graph


def test_every_module_sits_in_a_known_folder():
    assert {_concern(m) for m in _graph()} - {"careprint"} <= set(FLOORS)


def test_imports_never_go_up_a_floor():
    upward = [(m, t) for m, targets in _graph().items() for t in targets
              if _concern(m) in FLOORS and _concern(t) in FLOORS and FLOORS[_concern(t)] > FLOORS[_concern(m)]]
    assert upward == []


def test_no_import_runs_in_a_circle():
    graph = _graph()
    concerns: dict[str, set[str]] = {}
    for module, targets in graph.items():
        concerns.setdefault(_concern(module), set()).update(_concern(t) for t in targets if _concern(t) != _concern(module))

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in concerns.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert [c for c in concerns if reaches(c, c, {c})] == []
