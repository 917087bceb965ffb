"""`make bench`: run every bench/bench_*.py, print the figures, write bench/results.json.

Each module has `run() -> dict[str, dict]` mapping metric names (as the issues name them) to
figures such as {"p50_ms": ..., "p95_ms": ...}.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def main(only: list[str]) -> None:
    results: dict[str, dict] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        figures = importlib.import_module(f"bench.{path.stem}").run()
        for metric, values in figures.items():
            print(f"  {metric:32s} " + "  ".join(f"{k}={v}" for k, v in values.items()))
        print(f"  ({time.perf_counter() - started:.1f} s)")
        results.update(figures)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
