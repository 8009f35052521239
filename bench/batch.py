"""Batch figures: throughput, overhead against plain ReportLab, 10,000 personalised cards, a cold card.

    python bench/batch.py [--cards 1000,10000,100000] [--repeat 5] [--only c]

Prints figures and asserts nothing (targets are in issue 6 and README):

(a) handouts per second and card sheets per second, one process and a pool
    of all cores (the batch runner, pool start-up included);
(b) careprint's render of a handout against the same handout drawn with
    plain ReportLab platypus (bench/plain_reportlab.py), warm caches;
(c) N personalised cards through ``generate.py batch`` (N = 1,000, 10,000
    and 100,000 by default): wall time, time per 1,000 cards (linear in N?),
    the peak of the RSS summed over all its processes (sampled from /proc),
    the load average, and 1 process against all cores at 10,000 cards;
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


def _measured(argv: list[str]) -> tuple[float, tuple[int, int], subprocess.CompletedProcess]:
    """Run a command in a fresh process; return (wall seconds, peak (RSS, PSS) in KB summed over its processes, result).

    The sums (the command and every worker it starts) are sampled from /proc every 20 ms. RSS counts a page
    that processes share (a fork server's loaded modules) once per process; PSS divides it among them, so
    its sum is the memory the whole batch really holds. The result's
    ``cpu_s`` is the CPU time of all of them (user and system), a figure a busy machine disturbs less.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        peak = (0, 0)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = _tree_memory_kb(proc.pid)
            peak = (max(peak[0], now[0]), max(peak[1], now[1]))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    done = subprocess.CompletedProcess(argv, proc.returncode, "", output)
    done.cpu_s = usage.ru_utime + usage.ru_stime
    return seconds, peak, done


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """Return the RSS and PSS of a process and all its descendants, in KB (0 for one that has ended)."""
    rss, pss, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            rss += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            pss += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # ended while being read
    return rss, pss


def _batch(tmp: Path, manifest_text: str, jobs: int) -> tuple[float, tuple[int, int], subprocess.CompletedProcess]:
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


def personal_cards(counts: list[int], cores: int) -> None:
    print("(c) personalised cards: python generate.py batch (8 languages, avery-5371), load average before each run")
    langs = ["en", "es", "zh-Hans", "vi", "ar", "ru", "ko", "tl"]
    ref = counts[min(1, len(counts) - 1)]  # 1 process against all cores at 10,000 cards: start-up is small there
    runs = [(count, cores) for count in counts]
    if cores > 1 and len(counts) > 1:  # one N alone (--cards 100000): all cores only
        runs.insert(0, (ref, 1))
    walls = {}
    for count, jobs in runs:
        with tempfile.TemporaryDirectory() as tmp:
            with open(Path(tmp) / "patients.csv", "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["language", "name", "form", "last_dose", "phone", "contact"])
                for i in range(count):
                    writer.writerow([langs[i % len(langs)], f"Patient {i:06d}", ("pill", "injection")[i % 2],
                                     f"2026-11-{1 + i % 28:02d}", f"555-{i % 10000:04d}", ""])
            manifest = "personal:\n  csv: patients.csv\n  stock: avery-5371\n"
            load = os.getloadavg()[0]
            seconds, rss, done = _batch(Path(tmp), manifest, jobs)
            walls[(count, jobs)] = seconds
            size = sum(p.stat().st_size for p in (Path(tmp) / "out/print").glob("personal.*.pdf")) / 1e6
            print(f"    {count:7,} cards, {jobs} process{'es' if jobs > 1 else '  '}: exit {done.returncode}; wall "
                  f"{seconds:6.1f} s = {seconds / count * 1000:5.2f} s per 1,000 cards; peak summed over all "
                  f"processes: RSS {rss[0] / 1024:4.0f} MB, PSS {rss[1] / 1024:4.0f} MB; CPU {done.cpu_s:6.1f} s; "
                  f"print files {size:6.1f} MB; load average {load:.1f}")
    if (ref, 1) in walls:
        print(f"    {cores} processes vs 1 at {ref:,} cards: {walls[(ref, 1)] / walls[(ref, cores)]:.2f}×")


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
    parser.add_argument("--cards", default="1000,10000,100000",
                        help="numbers of personalised cards for (c), comma-separated (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing for (b) and (d) (default 5)")
    parser.add_argument("--only", default="abcd", help="which parts to run, e.g. c (default abcd)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"careprint batch bench: {cores} cores, Python {sys.version.split()[0]}")
    parts = {"a": lambda: throughput(cores), "b": lambda: overhead(args.repeat),
             "c": lambda: personal_cards([int(n) for n in args.cards.split(",")], cores),
             "d": lambda: cold_card(args.repeat)}
    for name in args.only:
        parts[name]()
    shutil.rmtree(ROOT / "bench" / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
