"""Batch figures: throughput, overhead against plain ReportLab, 10,000 personalised cards, a cold card.

    python bench/batch.py [--cards 10000] [--repeat 5]

Prints figures and asserts nothing (targets are in issue 6 and README):

(a) handouts per second and card sheets per second, one process and a pool
    of all cores (the batch runner, pool start-up included);
(b) careprint's render of a handout against the same handout drawn with
    plain ReportLab platypus (bench/plain_reportlab.py), warm caches;
(c) N personalised cards through ``generate.py batch``: wall time and the
    peak RSS of the largest process (parent or worker);
(d) a cold ``generate.py card`` (new process: imports, fonts, one card),
    with the font cache warm.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import plain_reportlab  # noqa: E402

from careprint import build  # noqa: E402
from careprint.content.project import Project  # noqa: E402
from careprint.text.fonts import family  # noqa: E402


def _measured(argv: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command in a fresh process; return (wall seconds, peak RSS in KB of its largest process, result).

    An intermediate Python process runs it, so the RSS is of this command's processes only.
    """
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
             "sys.stderr.write(r.stdout + r.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True)
    seconds, rss, code = done.stdout.split()
    return float(seconds), int(rss), subprocess.CompletedProcess(argv, int(code), "", done.stderr)


def _batch(tmp: Path, manifest_text: str, jobs: int) -> tuple[float, int, subprocess.CompletedProcess]:
    path = tmp / "batch.yaml"
    path.write_text(manifest_text + "out: out\n", encoding="utf-8")
    shutil.rmtree(tmp / "out", ignore_errors=True)
    return _measured([sys.executable, str(ROOT / "generate.py"), "batch", str(path), "--jobs", str(jobs)])


def throughput(cores: int) -> None:
    print("(a) throughput: python generate.py batch in a new process (start-up, all files and merged print files)")
    handouts = "handouts:\n  - handout: naltrexone-basics\n  - handout: overdose-risk\n"
    cards = "cards:\n  - stock: avery-5371\n"
    count = {"handouts": 2 * len(Project(ROOT).locale_codes), "card sheets": len(Project(ROOT).locale_codes)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("handouts", handouts), ("card sheets", cards)):
            for jobs in sorted({1, cores}):
                seconds, _, done = _batch(Path(tmp), text, jobs)
                assert done.returncode == 0, done.stderr
                print(f"    {name:12} {jobs} process{'es' if jobs > 1 else '  '}: {count[name]:3d} in {seconds:5.2f} s = "
                      f"{count[name] / seconds:6.1f} /s")


def overhead(repeat: int) -> None:
    print("(b) careprint against plain ReportLab, same handout, in memory, warm (median of runs)")
    project = Project(ROOT)
    clinic = project.clinic()
    fam = family("atkinson-hyperlegible")
    for handout in ("naltrexone-basics", "overdose-risk"):
        for lang in ("en", "es"):
            job = build.HandoutJob(handout, lang, "letter")
            doc = project.resolve(handout, lang, clinic)
            build.render_handout(project, clinic, job)
            ours = statistics.median(_timed(lambda job=job: build.render_handout(project, clinic, job))
                                     for _ in range(repeat))
            loading = statistics.median(_timed(lambda job=job: build.render_handout(Project(ROOT), clinic, job))
                                        for _ in range(repeat))
            cells = []
            for kind in ("widget", "matrix"):
                plain_reportlab.render(doc, fam.regular, fam.face(True, False), kind)
                plain = statistics.median(_timed(lambda doc=doc, kind=kind: plain_reportlab.render(
                    doc, fam.regular, fam.face(True, False), kind)) for _ in range(repeat))
                cells.append(f"plain ({kind} QR) {plain * 1000:5.1f} ms, ratio {ours / plain:4.2f}")
            print(f"    {handout:18} {lang}: careprint {ours * 1000:5.1f} ms ({loading * 1000:5.1f} ms reading the YAML "
                  "files too); " + "; ".join(cells))
    print("    careprint: resolve (markup, placeholders, checks against English) and render (fonts by coverage,\n"
          "    page-limit fit remembered from an earlier build of the same inputs); plain: render only")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def personal_cards(count: int, cores: int) -> None:
    print(f"(c) {count:,} personalised cards: python generate.py batch, {cores} processes")
    langs = ["en", "es", "zh-Hans", "vi", "ar", "ru", "ko", "tl"]
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "patients.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["language", "name", "form", "last_dose", "phone", "contact"])
            for i in range(count):
                writer.writerow([langs[i % len(langs)], f"Patient {i:05d}", ("pill", "injection")[i % 2],
                                 f"2026-11-{1 + i % 28:02d}", f"555-{i % 10000:04d}", ""])
        manifest = "personal:\n  csv: patients.csv\n  stock: avery-5371\n"
        seconds, rss, done = _batch(Path(tmp), manifest, cores)
        size = sum(p.stat().st_size for p in (Path(tmp) / "out/print").glob("personal.*.pdf")) / 1e6
        print(f"    exit {done.returncode}; wall {seconds:.1f} s ({count / seconds:,.0f} cards/s); peak RSS of the "
              f"largest process {rss / 1024:.0f} MB; print files {size:.1f} MB")


def cold_card(repeat: int) -> None:
    print("(d) cold single card: python generate.py card … (new process each time, font cache warm; median)")
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, str(ROOT / "generate.py"), "card", "--lang", "es", "--name", "Rosa Ejemplo",
                "--form", "pill", "--last-dose", "2026-11-20", "--phone", "555-0100", "-o", f"{tmp}/card.pdf"]
        subprocess.run(argv, capture_output=True, check=True)  # warm the OS file cache and the font cache
        times = [_timed(lambda: subprocess.run(argv, capture_output=True, check=True)) for _ in range(repeat)]
        imports = [_timed(lambda: subprocess.run([sys.executable, "-c", "import careprint.cli"], cwd=ROOT, check=True))
                   for _ in range(repeat)]
        print(f"    whole process {statistics.median(times):.2f} s (of which Python start-up and imports "
              f"{statistics.median(imports):.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=10_000, help="personalised cards for (c) (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing for (b) and (d) (default 5)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"careprint batch bench: {cores} cores, Python {sys.version.split()[0]}")
    throughput(cores)
    overhead(args.repeat)
    personal_cards(args.cards, cores)
    cold_card(args.repeat)
    shutil.rmtree(ROOT / "bench" / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
