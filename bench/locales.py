"""Build time per locale: every handout and the card, in memory, warm caches.

    python bench/locales.py [--repeat 5] [--lang ar --lang en ...]

For each locale prints the median time to render each handout (Letter) and
the one-card PDF, handout pages per second, and at the end the throughput of
Arabic and Hindi relative to the mean of the Latin-script locales (the target
is at least 0.5: shaping may at most halve the speed). The first build of each
locale (font registration, first shaping) is reported separately as "first".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from careprint import build  # noqa: E402
from careprint.content.project import Project  # noqa: E402


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per document (default 5)")
    parser.add_argument("--lang", action="append", help="only these locales (default: all)")
    args = parser.parse_args()

    project = Project()
    clinic = project.clinic()
    langs = args.lang or list(project.locale_codes)
    handouts = [h for h in project.handout_ids if project.structure(h)["kind"] == "handout"]
    cards = [h for h in project.handout_ids if project.structure(h)["kind"] == "card"]
    print(f"{'locale':<8} {'script':<6} {'first s':>8} " + " ".join(f"{h[:18]:>18}" for h in handouts + cards)
          + f" {'pages/s':>8}")
    throughput: dict[str, float] = {}
    scripts: dict[str, str] = {}
    for lang in langs:
        scripts[lang] = project.locale(lang).script
        jobs = [build.HandoutJob(h, lang, "letter") for h in handouts if lang in project.languages(h)]
        card_jobs = [build.CardJob(h, lang) for h in cards if lang in project.languages(h)]
        first = _time(lambda jobs=jobs, card_jobs=card_jobs: [build.render_handout(project, clinic, j) for j in jobs]
                      + [build.render_card(project, clinic, j) for j in card_jobs])
        medians, pages = [], 0
        for job in jobs:
            runs = [_time(lambda job=job: build.render_handout(project, clinic, job)) for _ in range(args.repeat)]
            medians.append(statistics.median(runs))
            pages += build.render_handout(project, clinic, job)[1]
        card_medians = [statistics.median([_time(lambda job=job: build.render_card(project, clinic, job))
                                           for _ in range(args.repeat)]) for job in card_jobs]
        throughput[lang] = pages / sum(medians)
        cells = " ".join(f"{m * 1000:>15.0f} ms" for m in medians + card_medians)
        print(f"{lang:<8} {scripts[lang]:<6} {first:>8.2f} {cells} {throughput[lang]:>8.1f}", flush=True)
    latin = [throughput[lang] for lang in langs if scripts[lang] == "Latn"]
    if latin:
        base = statistics.mean(latin)
        print(f"\nLatin-script mean: {base:.1f} handout pages/s")
        for lang in langs:
            if scripts[lang] != "Latn":
                print(f"{lang:<8} {scripts[lang]:<6} throughput / Latin = {throughput[lang] / base:.2f}")


if __name__ == "__main__":
    main()
