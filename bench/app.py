"""Time the counter app (issue 14): a preview round trip and a card PDF, warm, through the app itself.

    PYTHONPATH=. python bench/app.py [--runs 20]

Targets on the 2-core build machine: a preview (form → two PNG images) at most 300 ms, a card PDF at
most 200 ms. The requests go through the whole app (middleware, form parsing, rendering, encoding)
with Starlette's TestClient; the browser's own time to decode the images is not included.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from careprint.web.app import Settings, create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as batches, \
            TestClient(create_app(Settings(batch_out=Path(batches))), base_url="http://localhost") as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)
        for lang in ("es", "ar", "zh-Hans"):
            fields = {"csrf": token, "lang": lang, "name": "Rosa Ejemplo", "form": "injection",
                      "last_dose": "2026-11-18", "next_due": "2026-12-16", "phone": "555-0102"}
            for _ in range(2):  # warm: fonts and shaping caches
                client.post("/preview", data=fields)
            results = {}
            for what, path, extra in (("preview round trip", "/preview", {}), ("card PDF", "/", {"action": "print"})):
                times = []
                for i in range(args.runs):
                    start = time.perf_counter()
                    answer = client.post(path, data={**fields, **extra, "name": f"Rosa Ejemplo {i}"})
                    times.append((time.perf_counter() - start) * 1000)
                    assert answer.status_code == 200
                results[what] = times
            for what, times in results.items():
                print(f"{lang:8} {what:20} median {statistics.median(times):6.1f} ms   "
                      f"max {max(times):6.1f} ms   ({args.runs} runs)")


if __name__ == "__main__":
    main()
