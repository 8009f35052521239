"""Side by side: careprint, plain ReportLab (with rl_accel) and Typst make the same documents.

    python bench/compare.py [--rounds 7] [--careprint DIR ...] [--no-typst]

Documents: the overdose-risk handout (Letter; English, and for careprint also
Arabic and Hindi), and a 10-card sheet of the wallet card on Avery 5371,
blank and personalised (ten patients). Plain ReportLab draws them with
bench/plain_reportlab.py, Typst from markup written by bench/typst_side.py;
both take the document careprint resolved, so all three print the same words
in the same static TTFs (the cached instances), and both encode their QR codes
with qrcode on every document.

Fresh documents, fair to all three: every measurement runs in a new process
(interleaved: each round runs every document on every engine before the next
round). In it, the engine is imported and its fonts are loaded (careprint
registers the families; plain ReportLab registers the TTFs; Typst compiles a
one-line document in the same fonts), untimed; then one document is made in
memory and timed. So no engine reuses anything from an earlier document of the
same kind: careprint's per-process caches (QR matrices, shaping, layouts,
YAML), ReportLab's and Typst's own memoisation all start empty. A fresh process
is used rather than clearing careprint's caches because Typst memoises across
compilations in a process and offers no way to clear it. What stays warm is
what stays warm on a clinic's machine after its first build: the on-disk caches
(font instances; careprint's fit sizes and QR matrices) and the OS file cache.
careprint's time includes reading its YAML and resolving the document; the
others start from the resolved document.

Last, the whole ``careprint card`` command in a new process (median), with
Python's bytecode cache warm (this environment sets PYTHONDONTWRITEBYTECODE;
the bench gives the runs a private pycache instead, as an installed copy has).

``--careprint DIR`` (repeatable) measures other careprint checkouts in the same
interleaved run, e.g. the code before a change; ratios use the first one.
Prints figures and asserts nothing; targets are in issue 16.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
HANDOUT = "overdose-risk"
CARD = "naltrexone-card"
STOCK = "avery-5371"
DOCS = ("handout-en", "handout-ar", "handout-hi", "sheet-blank", "sheet-personal")
PATIENT_NAMES = ("Rosa Ejemplo", "Ana Lima", "John Sample", "Mei Chen", "Omar Haddad", "Lena Vogel", "Tran Van An",
                 "Priya Nair", "Jan Kowalski", "Marie Dubois")


# ---------------------------------------------------------------- the worker (one measurement per process)

def _patients(doc) -> list:
    import datetime as dt

    from careprint.render import card

    return [card.Personal(name, ("pill", "injection")[n % 2], dt.date(2026, 11, 1 + n), f"555-01{n:02d}",
                          "", dt.date(2026, 12, 1 + n)) for n, name in enumerate(PATIENT_NAMES)]


def _as_fields(personal) -> dict[str, str]:
    """A patient's values by card key, as plain text (for the plain and Typst sides)."""
    return {"front.name": personal.name, "front.last_dose": personal.last_dose.isoformat(),
            "front.next_due": personal.next_due.isoformat(), "front.phone": personal.phone}


def _careprint(project, clinic, doc_name: str):
    """Return (setup, timed) for careprint: fonts registered in setup; the document made in timed."""
    import io

    from careprint import build
    from careprint.batch import personal as batch_personal
    from careprint.text.fonts import family

    lang = doc_name.split("-")[1] if doc_name.startswith("handout") else "en"
    doc_id = HANDOUT if doc_name.startswith("handout") else CARD

    def setup():
        for name in project.locale(lang).fonts:
            family(name)

    def timed():
        if doc_name.startswith("handout"):
            return build.render_handout(project, clinic, build.HandoutJob(HANDOUT, lang, "letter"))
        if doc_name == "sheet-blank":
            return build.render_card(project, clinic, build.CardJob(CARD, lang, STOCK)), 2
        doc = project.resolve(doc_id, lang, clinic)
        rows = [batch_personal.Row(n + 2, lang, p) for n, p in enumerate(_patients(doc))]
        out = io.BytesIO()
        batch_personal.render(out, project, clinic, CARD, rows, build.card_layout(project.root),
                              build.stock(project.root, STOCK), "long", build.offsets(clinic, None), Path("bench.csv"))
        return out.getvalue(), 2

    return setup, timed


def _geometry(project):
    from careprint import build
    from careprint.render import sheet

    stock = build.stock(project.root, STOCK)
    fronts = [sheet.position_pt(stock, n, "front", "long") for n in range(1, stock.positions + 1)]
    backs = [sheet.position_pt(stock, n, "back", "long") for n in range(1, stock.positions + 1)]
    return fronts, backs, stock.card_pt, stock.sheet_pt


def _plain(project, clinic, doc_name: str):
    """Return (setup, timed) for plain ReportLab: TTFs registered in setup."""
    import plain_reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from careprint.text.fonts import face_file

    doc_id = HANDOUT if doc_name.startswith("handout") else CARD
    doc = project.resolve(doc_id, "en", clinic)
    geometry = _geometry(project)
    fields = [_as_fields(p) for p in _patients(doc)] if doc_name == "sheet-personal" else None

    def setup():
        for name, bold in (("plain-regular", False), ("plain-bold", True)):
            pdfmetrics.registerFont(TTFont(name, str(face_file("atkinson-hyperlegible", bold))))

    def timed():
        if doc_name.startswith("handout"):
            data = plain_reportlab.render(doc, "plain-regular", "plain-bold", "matrix")
            return data, _pages(data)
        return plain_reportlab.sheet(doc, "plain-regular", "plain-bold", *geometry, personal=fields), 2

    return setup, timed


def _typst(project, clinic, doc_name: str):
    """Return (setup, timed) for Typst: the fonts loaded by a one-line document in setup."""
    import typst
    import typst_side

    from careprint.text.fonts import face_file

    doc_id = HANDOUT if doc_name.startswith("handout") else CARD
    doc = project.resolve(doc_id, "en", clinic)
    geometry = _geometry(project)
    fields = [_as_fields(p) for p in _patients(doc)] if doc_name == "sheet-personal" else None
    folder = tempfile.TemporaryDirectory(prefix="careprint-typst-fonts-")  # removed when the worker exits
    for bold in (False, True):
        path = face_file("atkinson-hyperlegible", bold)
        os.symlink(path, Path(folder.name) / path.name)
    compiler = typst.Compiler(font_paths=[folder.name], ignore_system_fonts=True)

    def setup():
        compiler.compile(input=b'#set text(font: "Atkinson Hyperlegible")\nAa *Bb*', format="pdf")
        setup.folder = folder  # kept alive until the document is made

    def timed():
        if doc_name.startswith("handout"):
            source = typst_side.handout(doc, "atkinson-hyperlegible")
        else:
            source = typst_side.sheet(doc, "atkinson-hyperlegible", *geometry, personal=fields)
        data = compiler.compile(input=source.encode("utf-8"), format="pdf")
        return data, _pages(data)

    return setup, timed


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def worker(engine: str, doc_name: str) -> None:
    """Make one document in this fresh process and print {"seconds", "pages", "bytes"} as JSON."""
    sys.path[:0] = [str(BENCH)]
    from careprint.content.project import Project

    project = Project(Path(os.environ["CAREPRINT_BENCH_CONTENT"]))
    clinic = project.clinic()
    setup, timed = {"careprint": _careprint, "plain": _plain, "typst": _typst}[engine](project, clinic, doc_name)
    setup()
    start = time.perf_counter()
    data, pages = timed()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "pages": pages, "bytes": len(data)}))


# ---------------------------------------------------------------- the harness

def _run_worker(engine: str, doc_name: str, code: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code), "CAREPRINT_BENCH_CONTENT": str(code)}
    done = subprocess.run([sys.executable, __file__, "--worker", engine, doc_name], env=env, capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"{engine} {doc_name} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def _card_process(code: Path, pycache: str, rounds: int) -> float:
    """Return the median wall time of a whole ``careprint card`` process (bytecode cache warm)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(code), PYTHONPYCACHEPREFIX=pycache)
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "careprint", "card", "--lang", "es", "--name", "Rosa Ejemplo", "--form", "pill",
                "--last-dose", "2026-11-20", "--phone", "555-0100", "-o", f"{tmp}/card.pdf"]
        subprocess.run(argv, env=env, cwd=code, capture_output=True, check=True)  # warm the caches
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run(argv, env=env, cwd=code, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="rounds (median of these; default 7)")
    parser.add_argument("--careprint", type=Path, action="append", help="careprint checkout(s) to measure (default: this one)")
    parser.add_argument("--no-typst", action="store_true", help="leave Typst out")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker)
    codes = [path.resolve() for path in args.careprint or [ROOT]]
    engines = [(f"careprint:{n}", "careprint", code) for n, code in enumerate(codes)] + [("plain", "plain", codes[0])]
    engines += [] if args.no_typst else [("typst", "typst", codes[0])]
    results: dict[tuple[str, str], list[dict]] = {}
    print(f"compare: {args.rounds} rounds, {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          + "; ".join(f"careprint:{n} = {code}" for n, code in enumerate(codes)), flush=True)
    for round_no in range(args.rounds):
        for doc_name in DOCS:
            for label, engine, code in engines:
                if engine != "careprint" and doc_name in ("handout-ar", "handout-hi"):
                    continue  # plain ReportLab and the Typst side set English only
                results.setdefault((label, doc_name), []).append(_run_worker(engine, doc_name, code))
        print(f"  round {round_no + 1} done", flush=True)
    with tempfile.TemporaryDirectory() as pycache:
        card_process = {n: _card_process(code, pycache, args.rounds) for n, code in enumerate(codes)}
    _report(results, engines, card_process)


def _report(results, engines, card_process) -> None:
    def median(label, doc):
        runs = results.get((label, doc))
        return (statistics.median(r["seconds"] for r in runs), runs[0]["pages"]) if runs else (None, None)

    print(f"\n{'document':16}" + "".join(f"{label:>22}" for label, _, _ in engines))
    for doc in DOCS:
        cells = []
        for label, _, _ in engines:
            seconds, pages = median(label, doc)
            cells.append(f"{seconds * 1000:>12.1f} ms ({pages} p)" if seconds else f"{'-':>22}")
        print(f"{doc:16}" + "".join(cells))
    print("\nratios (careprint:0 unless named)                      target   measured")
    cp = [label for label, engine, _ in engines if engine == "careprint"]
    for label in cp:
        rows = _ratios(median, label)
        for name, target, value in rows:
            print(f"  {label:12} {name:40} {target:>8} {value:>9}")
        print(f"  {label:12} {'whole card process, warm':40} {'≤ 0.25 s':>8} {card_process[int(label.split(':')[1])]:>8.2f}s")


def _ratios(median, label):
    def ratio(a, b):
        return f"{a / b:.2f}" if a and b else "-"

    def throughput(engine_label, doc):
        seconds, pages = median(engine_label, doc)
        return pages / seconds if seconds else None

    hand, _ = median(label, "handout-en")
    en = throughput(label, "handout-en")
    return [
        ("handout ÷ plain ReportLab (time)", "≤ 1.2×", ratio(hand, median("plain", "handout-en")[0])),
        ("handout throughput ÷ Typst's", "≥ 1", ratio(en, throughput("typst", "handout-en"))),
        ("personalised sheet ÷ Typst (time)", "≤ 1.0×", ratio(median(label, "sheet-personal")[0],
                                                               median("typst", "sheet-personal")[0])),
        ("blank sheet ÷ Typst (time)", "", ratio(median(label, "sheet-blank")[0], median("typst", "sheet-blank")[0])),
        ("Arabic handout ÷ English (throughput)", "≥ 0.6", ratio(throughput(label, "handout-ar"), en)),
        ("Hindi handout ÷ English (throughput)", "≥ 0.6", ratio(throughput(label, "handout-hi"), en)),
    ]


if __name__ == "__main__":
    main()
