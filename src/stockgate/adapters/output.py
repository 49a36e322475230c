"""A connector's own output, kept bounded: the latest :data:`OUTPUT_LIMIT` bytes, credentials scrubbed.

A connector may print megabytes per tick; stockgate keeps only the tail (what it said last is what
explains a failure) and says how much it dropped. The cut never leaves a fragment of a credential:
the tail is read with a margin as long as the longest credential form, scrubbed whole, and the
margin dropped after scrubbing. :func:`transcript` keeps a scenario's ticks within the same bound.
"""

from __future__ import annotations

from collections.abc import Callable

OUTPUT_LIMIT = 64 * 1024  # bytes of a connector's output kept per tick and per scenario result (the latest)


class Tail:
    """The last ``limit`` bytes written, and how many earlier bytes were dropped (memory stays bounded)."""

    def __init__(self, limit: int = OUTPUT_LIMIT) -> None:
        """Empty, keeping at most ``limit`` bytes."""
        self.limit = limit
        self.data = bytearray()
        self.dropped = 0

    def add(self, chunk: bytes) -> None:
        """Append ``chunk``; drop the oldest bytes past the limit."""
        if len(chunk) >= self.limit:
            self.dropped += len(self.data) + len(chunk) - self.limit
            self.data = bytearray(chunk[-self.limit:])
            return
        self.data += chunk
        excess = len(self.data) - self.limit
        if excess > 0:
            del self.data[:excess]
            self.dropped += excess

    def take(self, scrub: Callable[[str], str], margin: int = 0) -> str:
        """What was kept as text, scrubbed, with a first line naming what was dropped; then empty again.

        ``margin``: how many bytes beyond :data:`OUTPUT_LIMIT` this tail was given room for (the longest
        credential form): when anything was dropped they are removed after scrubbing, so no credential
        cut in half by the drop survives.
        """
        text = scrub(self.data.decode("utf-8", "replace"))
        dropped = self.dropped
        self.data, self.dropped = bytearray(), 0
        if not dropped:
            return text
        cut = margin
        newline = text.find("\n", cut)
        if 0 <= newline < cut + 200:  # start on a whole line when one starts soon
            cut = newline + 1
        dropped += len(text[:cut].encode())
        head = f"[{dropped:,} earlier bytes of output not kept: stockgate keeps the last {OUTPUT_LIMIT:,}]"
        return f"{head}\n{text[cut:]}"


def margin_for(forms: tuple[str, ...]) -> int:
    """The room a tail needs beyond the limit so that scrubbing sees every credential whole."""
    return max((len(form.encode()) for form in forms), default=0)


TRANSCRIPT_MARK = "[output of earlier ticks not kept: "


def transcript(entries: list[str], new: str, limit: int = OUTPUT_LIMIT) -> None:
    """Append a tick's ``new`` output (already scrubbed) to a scenario's, dropping the oldest past ``limit`` bytes.

    A first entry starting with :data:`TRANSCRIPT_MARK` counts the bytes dropped so far.
    """
    dropped = 0
    if entries and entries[0].startswith(TRANSCRIPT_MARK):
        dropped = int(entries.pop(0)[len(TRANSCRIPT_MARK):].split(" ", 1)[0].replace(",", ""))
    entries.append(new)
    total = sum(len(entry.encode()) for entry in entries)
    while total > limit and len(entries) > 1:
        size = len(entries.pop(0).encode())
        dropped, total = dropped + size, total - size
    if total > limit:  # one tick's report alone is over: its tail (scrubbed already, so any cut is safe)
        kept = entries[0].encode()[total - limit:].decode("utf-8", "ignore")
        dropped += total - len(kept.encode())
        entries[0] = kept
    if dropped:
        entries.insert(0, f"{TRANSCRIPT_MARK}{dropped:,} bytes; stockgate keeps the last {limit:,}]")
