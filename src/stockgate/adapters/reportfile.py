"""``STOCKGATE_REPORT``: how a ``command:`` connector reports what a merchant must see, and declares it does.

The variable names a file, empty at the start of a scenario, that the program appends JSON lines to
(one object a line, UTF-8)::

    {"reports": ["unmapped-outlet", "unmatched-product"]}     # the kinds it reports ("*": every kind)
    {"kind": "unmapped-outlet", "detail": "outlet Pop-up Store maps to no Magento source"}

A scenario's ``then.reported`` kinds are checked against the reports only when the program declared
those kinds (write the declaration on every run: it is read per scenario); otherwise they are listed
as not checked. After each tick stockgate reads what was appended; a line it cannot read is kept
as a problem (shown with the scenario's ``then.reported`` findings), never skipped silently.
Outside stockgate, ``${STOCKGATE_REPORT:-/dev/null}`` keeps the program quiet.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from stockgate.adapters.protocol import Reports

MAX_LINE = 4096  # characters of one line read; a longer one is a problem, not a report


class ReportFile:
    """The file behind ``STOCKGATE_REPORT`` for one scenario, read into ``reports`` after each tick."""

    def __init__(self, reports: Reports) -> None:
        """Not created yet; what is read goes to ``reports``."""
        self.reports = reports
        self.folder: Path | None = None
        self.path: Path | None = None
        self.offset = 0
        self.lines = 0

    def start(self) -> str:
        """Create the empty file in a private folder; its path (the value of ``STOCKGATE_REPORT``)."""
        self.folder = Path(tempfile.mkdtemp(prefix="stockgate-report-"))
        self.path = self.folder / "reports.jsonl"
        self.path.touch(mode=0o600)
        return str(self.path)

    def read(self, scrub: Callable[[str], str]) -> list[str]:
        """Read the whole lines appended since the last read; ``reported KIND: detail`` for each new report."""
        if self.path is None or not self.path.is_file():
            return []
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        end = data.rfind(b"\n") + 1  # a line still being written is read next time
        self.offset += end
        for raw in data[:end].decode("utf-8", "replace").splitlines():
            self.lines += 1
            if raw.strip():
                self._take(scrub(raw.strip()))
        return self.reports.new_lines()

    def _take(self, line: str) -> None:
        """One JSON line: a declaration, a report, or a problem naming the line."""
        where = f"STOCKGATE_REPORT line {self.lines}"
        try:
            value = json.loads(line[:MAX_LINE]) if len(line) <= MAX_LINE else None
        except ValueError:
            value = None
        if isinstance(value, dict) and set(value) == {"reports"} and isinstance(value["reports"], list) \
                and all(isinstance(kind, str) and kind.strip() for kind in value["reports"]):
            self.reports.declare(kind.strip() for kind in value["reports"])
        elif isinstance(value, dict) and isinstance(value.get("kind"), str) and value["kind"].strip() \
                and set(value) <= {"kind", "detail"} and isinstance(value.get("detail", ""), str):
            self.reports.add(value["kind"].strip(), value.get("detail", ""))
        else:
            self.reports.problems.append(f"{where}: expected {{\"kind\": \"...\", \"detail\": \"...\"}} or "
                                         f"{{\"reports\": [\"...\"]}}, got {line[:120]!r}")

    def stop(self) -> None:
        """Remove the file and its folder."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = self.path = None
