"""The twins against public real exchanges: per object, the share of the real key paths the twins' answers carry.

Issue 15's evidence (target: at least 95% for orders, order items, products simple and configurable, source
items, outlets, products, inventory, sales, returns and consignments). The fixtures and the comparison are the
suite's own (tests/data/real, tests/data/real_exchanges.py); this prints them and writes
bench/results/real_exchanges.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "results" / "real_exchanges.json"
TARGET = 95.0


def main() -> int:
    sys.path.insert(0, str(REPO))
    from tests.data.real_exchanges import compare_all, render, report

    start = time.perf_counter()
    results = compare_all()
    seconds = round(time.perf_counter() - start, 2)
    objects = report(results)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"target_percent": TARGET, "seconds": seconds, "objects": objects}, indent=2) + "\n",
                   encoding="utf-8")
    print(render(results, missing=10))
    below = [name for name, entry in objects.items() if entry["percent"] < TARGET]
    print(f"real exchanges: {len(objects) - len(below)}/{len(objects)} objects at or above {TARGET}% "
          f"({seconds} s); written to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
