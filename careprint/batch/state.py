"""A batch output folder's state: the state file, which files are intact and current, and print/.

The state file (``.careprint-batch.json``) maps each output to the hash of its inputs, its size
in bytes and its pages (a PDF made since pages were recorded). Entries of any other shape are ignored (the file is
rebuilt), and a file counts as up to date only when it still has the recorded size, a PDF header
and an end marker. ``print/`` holds exactly one run's print files: others are removed, by
this tool's own names only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from careprint import build, outputs
from careprint.batch.manifest import STATE_FILE, Plan, PrintFile
from careprint.errors import BuildError

# Files this tool names in print/ and .parts/ (where earlier versions kept personal parts): the only ones removed there.
PRINT_NAMES = r"(handouts|cards|personal)\..+\.pdf"
PART_NAMES = r"personal\..+\.\d{4}\.pdf"


def merge_key(pf: PrintFile, keys: dict[str, str]) -> str:
    """Return the key of a print file: its parts' keys and copies, in printing order (its job's, if written directly)."""
    if pf.direct:
        return keys.get(pf.output)
    return "+".join(f"{keys.get(name)}×{copies}" for name, copies in pf.parts)


def current_prints(plan: Plan, state: dict) -> list[PrintFile]:
    """Return the print files that are intact and made from exactly today's parts (as far as the state knows)."""
    keys = {job.output: job.key for job in plan.jobs}
    current = []
    for pf in plan.prints.values():
        entry = state.get(pf.output)
        stated = {name: (state.get(name) or {}).get("key") for name, _ in pf.parts}
        if (entry and entry["key"] == merge_key(pf, keys) and stated == {n: keys[n] for n, _ in pf.parts}
                and intact(plan.out / pf.output, entry)):
            current.append(pf)
    return current


def start_print_folder(plan: Plan, state: dict) -> tuple[set[str], list[str]]:
    """Remove every print file that is not current, before the run starts (H3).

    So an interrupted run leaves none that looks current. Return the parts in ``.parts/`` that need
    not exist any more (left by an earlier version that merged personalised cards; handouts and card
    sheets stay, and are checked themselves) and the print files removed.
    """
    current = current_prints(plan, state)
    removed = outputs.remove_other_files(plan.out / "print", PRINT_NAMES, {Path(pf.output).name for pf in current})
    for name in removed:
        state.pop(f"print/{name}", None)
    merged = {name for pf in current for name, _ in pf.parts if name.startswith(".parts/")}
    return merged, [f"print/{name}" for name in removed]


def tidy(out: Path, prints: list[dict], state: dict, removed_at_start: list[str]) -> list[str]:
    """Leave in print/ exactly this run's print files (H3) and remove .parts/ (an earlier version's).

    Return the print files an earlier run left that this one did not make again.
    """
    made = {row["file"] for row in prints if row["pages"]}
    removed = outputs.remove_other_files(out / "print", PRINT_NAMES, {Path(name).name for name in made})
    for name in removed:
        state.pop(f"print/{name}", None)
    outputs.remove_other_files(out / ".parts", PART_NAMES, ())  # a second copy of patients' cards is not kept
    try:
        (out / ".parts").rmdir()
    except OSError:
        pass  # absent, or holds something that is not ours
    return sorted(set(removed_at_start) - made | {f"print/{name}" for name in removed})


def state_path(out: Path) -> Path:
    return out / STATE_FILE


def load_state(out: Path) -> dict:
    """Read the state file; keep only well-formed entries (output → {key, bytes[, pages]}) (M16)."""
    path = state_path(out)
    if path.is_dir():
        raise BuildError(f"{path} is a folder; expected careprint's batch state file (remove the folder and run again)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {name: entry for name, entry in data.items()
            if isinstance(entry, dict) and isinstance(entry.get("key"), str)
            and isinstance(entry.get("bytes"), int) and not isinstance(entry.get("bytes"), bool)}


def intact(path: Path, entry: dict) -> bool:
    """Cheap check that a file is the PDF a run finished: the size recorded, a PDF header and an end marker."""
    try:
        if not path.is_file() or path.stat().st_size != entry["bytes"] or entry["bytes"] < 64:
            return False
        with path.open("rb") as fh:
            head = fh.read(8)
            fh.seek(-64, os.SEEK_END)
            tail = fh.read()
    except OSError:
        return False
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def save_state(out: Path, state: dict) -> None:
    build.write_atomic(state_path(out), json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))
