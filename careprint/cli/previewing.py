"""The preview command: a handout's or card's pages as PNG, even when text does not fit (careprint.render.preview)."""

from __future__ import annotations

import argparse
import difflib
import io
from pathlib import Path

from careprint import build
from careprint.cli.common import _require_file
from careprint.content.project import Project
from careprint.errors import UsageError, Where

DPI_RANGE = (30, 600)


def add_parser(sub) -> argparse.ArgumentParser:
    """Add the preview command's parser."""
    p = sub.add_parser("preview", help="a handout's or card's pages as PNG images, even when text does not fit")
    p.add_argument("--handout", required=True, help="handout or card id (see: list)")
    p.add_argument("--lang", required=True, help="language code")
    p.add_argument("-o", "--out", type=Path, default=Path("preview"), help="output folder (default: preview)")
    p.add_argument("--key", help="highlight where this key prints (a list key: every item; or one, e.g. signs.list[1])")
    p.add_argument("--dpi", type=_dpi, default=150, help=f"resolution, {DPI_RANGE[0]} to {DPI_RANGE[1]} (default: 150)")
    p.add_argument("--paper", help="letter or a4, for a handout (default: from the clinic's country)")
    return p


def cmd_preview(args: argparse.Namespace) -> int:
    """Render the pages, outline what overflows in red, highlight --key; print the PNG paths and the overflows."""
    from careprint.render import preview  # here: pypdfium2 and Pillow load only for this command

    _require_file(args.clinic, "--clinic", "a clinic settings YAML file")
    project = Project(args.root)
    project.require(handout_id=args.handout)
    project.require(lang=args.lang)
    clinic = project.clinic(args.clinic)
    doc = project.resolve(args.handout, args.lang, clinic)
    if args.key:
        _require_key(doc, args.key)
    with preview.traced() as trace:
        if doc.kind == "card":
            data = build.render_card(project, clinic, build.CardJob(args.handout, args.lang))
        else:
            paper = args.paper or clinic.paper
            data, _ = build.render_handout(project, clinic, build.HandoutJob(args.handout, args.lang, paper))
    images = preview.pages(data, trace, args.key, args.dpi)
    names = ["front", "back"] if doc.kind == "card" else [f"p{n}" for n in range(1, len(images) + 1)]
    for image, name in zip(images, names, strict=True):
        path = args.out / f"{args.handout}.{args.lang}.{name}.png"
        png = io.BytesIO()
        image.save(png, format="PNG")
        build.write_atomic(path, png.getvalue())
        print(path)
    for note in trace.overflows:
        key = note.keys[0]
        text = doc.strings.get(key.split("[")[0])
        where = (text[0] if isinstance(text, tuple) else text).where if text else doc.title.where
        red = "pages past the limit framed in red" if note.from_page else "outlined in red"
        print(f"{where.at(key=', '.join(note.keys)).prefix()}: {note.message} ({red} in the preview)")
    if args.key and not any(preview.key_matches(p.key, args.key) for p in trace.placed):
        print(f"{args.key} does not print on paper (it is for the companion web page only): nothing to highlight")
    return 0


def _require_key(doc, key: str) -> None:
    """Refuse a key the document does not have, suggesting the nearest."""
    known = list(doc.strings)
    known += [f"{k}[{i}]" for k, v in doc.strings.items() if isinstance(v, tuple) for i in range(len(v))]
    if key not in known:
        near = difflib.get_close_matches(key, known, n=1)
        guess = f"; did you mean {near[0]}?" if near else ""
        raise UsageError(f"{Where(key=key, lang=doc.lang).prefix()}: unknown key for {doc.id}{guess}")


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not DPI_RANGE[0] <= value <= DPI_RANGE[1]:
        raise argparse.ArgumentTypeError(f"expected a whole number from {DPI_RANGE[0]} to {DPI_RANGE[1]}, found {text[:20]!r}")
    return value
