"""A careless external connector: it prints every credential it was given, then its whole environment.

It syncs nothing. Its first line says "error", so the gate quotes it in its reports as what the
connector said; with a path argument it also writes its environment there as JSON, for the test.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

CREDENTIALS = ("STOCKGATE_MAGENTO_TOKEN", "STOCKGATE_MAGENTO_CONSUMER_KEY", "STOCKGATE_MAGENTO_CONSUMER_SECRET",
               "STOCKGATE_MAGENTO_TOKEN_SECRET", "STOCKGATE_LIGHTSPEED_TOKEN")


def main() -> int:
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(dict(os.environ)), encoding="utf-8")
    given = " ".join(os.environ.get(name, "-") for name in CREDENTIALS)
    print(f"error: synced nothing; my credentials are {given}")
    for name, value in sorted(os.environ.items()):
        print(f"{name}={value}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
