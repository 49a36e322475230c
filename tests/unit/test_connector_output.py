"""A connector's output kept bounded: the tail of one tick, and a scenario's ticks within the same bound."""

from __future__ import annotations

from stockgate.adapters.output import TRANSCRIPT_MARK, Tail, transcript


def test_a_tail_keeps_the_last_bytes_and_counts_the_rest() -> None:
    tail = Tail(10)
    for chunk in (b"0123456789", b"abc", b"x" * 25, b"END"):
        tail.add(chunk)
    assert (bytes(tail.data), tail.dropped) == (b"xxxxxxxEND", 31)
    text = tail.take(str)
    assert text.splitlines() == ["[31 earlier bytes of output not kept: stockgate keeps the last 65,536]", "xxxxxxxEND"]
    assert (tail.take(str), tail.dropped) == ("", 0)  # taken: empty again


def test_the_margin_removes_what_a_cut_left_of_a_credential() -> None:
    secret = "s3cr3t-token-value"
    tail = Tail(20 + len(secret))
    tail.add(b"..." + secret.encode() + b"\n" + b"z" * (20 + len(secret) - 5))
    kept = tail.take(lambda text: text.replace(secret, "<scrubbed>"), margin=len(secret))
    assert "value" not in kept and "token" not in kept and kept.endswith("z" * 10)


def test_a_scenario_keeps_its_latest_ticks_within_the_limit() -> None:
    entries: list[str] = []
    for n in range(10):
        transcript(entries, f"tick {n} " + "y" * 40, limit=100)
    assert entries[0] == f"{TRANSCRIPT_MARK}376 bytes; stockgate keeps the last 100]"
    assert entries[1:] == [f"tick {n} " + "y" * 40 for n in (8, 9)]
    transcript(entries, "z" * 150, limit=100)  # one report alone over the limit: its tail
    assert entries[1:] == ["z" * 100] and entries[0].startswith(f"{TRANSCRIPT_MARK}520 bytes")


def test_small_outputs_are_kept_whole() -> None:
    entries: list[str] = []
    for text in ("exit 0\nposted 1", "exit 0\nposted 0"):
        transcript(entries, text)
    assert entries == ["exit 0\nposted 1", "exit 0\nposted 0"]
