"""The init command: start a clinic's own editable content folder from the built-in content (issue 16)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from careprint.content.project import CLINIC_FILE, DEFAULT_EXAMPLES, DEFAULT_ROOT
from careprint.errors import UsageError

CONTENT_DIRS = ("handouts", "locales", "layouts", "clinic")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")

# The root's own clinic settings: every command run in the folder uses them unless --clinic names another file.
CLINIC_TEMPLATE = """\
# This folder's clinic settings. careprint uses them for every command run in this folder
# (or with --root or CAREPRINT_ROOT naming it), unless --clinic names another file.
# Fill them in, then: careprint check && careprint build

# Printed on every handout ("Questions? Call ...") and on the back of the wallet card.
# Left empty, handouts print a line to write them in.
name: ""                      # e.g. "Riverside Clinic"
phone: ""                     # e.g. "555-0100"

# ISO 3166-1 alpha-2 code from clinic/countries.yaml: it sets the emergency number printed on
# handouts and cards, and the default paper.
country: US

# Paper for handouts, letter or a4 (default: the country's). --paper overrides it.
# paper: a4

# Where the QR codes point: the address you publish out/site/ at (README: "The companion site").
# While this is the placeholder, builds warn and --strict refuses it.
base_url: "https://careprint.example/patient-info"

# Card stock for sheets of cards (careprint list shows them).
default_stock: avery-5371

# Per printer, read off the calibration sheet (careprint calibrate --stock avery-5371):
# calibration:
#   default:
#     front: {x_mm: 0.5, y_mm: -0.3}
#     back: {x_mm: 1.2, y_mm: 0.4}
"""


def add_parser(sub) -> argparse.ArgumentParser:
    """Add the init command's parser."""
    p = sub.add_parser("init", help="start your clinic's own content folder (a copy of the built-in content)")
    p.add_argument("folder", type=Path, help="a new or empty folder")
    return p


def cmd_init(args: argparse.Namespace) -> int:
    """Copy the built-in content into a new folder, write its clinic.yaml and say what to do next."""
    folder: Path = args.folder
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; init needs a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; init starts a content folder only in a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    # copyfile, not copy2: the installed files may be read-only, and the clinic must be able to edit its copy.
    for name in CONTENT_DIRS:
        shutil.copytree(DEFAULT_ROOT / name, folder / name, copy_function=shutil.copyfile, dirs_exist_ok=True,
                        ignore=_IGNORED)
    if DEFAULT_EXAMPLES.is_dir():
        shutil.copytree(DEFAULT_EXAMPLES, folder / "examples", copy_function=shutil.copyfile, dirs_exist_ok=True,
                        ignore=_IGNORED)
    (folder / CLINIC_FILE).write_text(CLINIC_TEMPLATE, encoding="utf-8")
    print(f"started a careprint content folder in {folder}: handouts/, locales/, layouts/, clinic/, examples/")
    print("next:")
    print(f"  1. fill in {folder / CLINIC_FILE} (your clinic's name, phone, country and base_url)")
    print(f"  2. cd {folder} && careprint check && careprint build    (or: python -m careprint build)")
    return 0
