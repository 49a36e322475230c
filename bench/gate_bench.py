"""The gate for one upgrade pair (target < 20 s) and the full matrix, 5 Magento x 5 Lightspeed (target < 3 min).

Both run as users run them (`stockgate gate`, `stockgate matrix`, default jobs), into a temporary
report folder. Writes bench/results/gate.json; exit 1 when a target is missed or a run fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "gate.json"
TARGETS = {"gate": 20.0, "matrix": 180.0}


def timed(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and exit code of one command."""
    start = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "stockgate", *argv], check=False,
                          stdout=subprocess.DEVNULL).returncode
    return round(time.perf_counter() - start, 1), code


def main() -> int:
    """Time both, write the numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        gate = timed(["gate", "--from", "magento@2.4.8,lightspeed@2026-07", "--to", "magento@2.4.9,lightspeed@2026-10",
                      "--report-dir", f"{tmp}/gate"])
        matrix = timed(["matrix", "--report-dir", f"{tmp}/matrix"])
    results = {"gate_s": gate[0], "gate_exit": gate[1], "matrix_s": matrix[0], "matrix_exit": matrix[1],
               "targets_s": TARGETS}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    ok = gate[0] < TARGETS["gate"] and matrix[0] < TARGETS["matrix"] and gate[1] == 0 and matrix[1] == 0
    print(f"gate 2.4.8/2026-07 -> 2.4.9/2026-10: {gate[0]} s (exit {gate[1]}; target < {TARGETS['gate']:.0f} s)")
    print(f"matrix 5 x 5: {matrix[0]} s (exit {matrix[1]}; target < {TARGETS['matrix']:.0f} s): "
          f"{'ok' if ok else 'MISSED'}")
    print(f"written to {OUT}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
