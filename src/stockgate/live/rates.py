"""``--rate -2/s`` is a (wrong) value, not an unknown option: argparse reads ``-2/s`` as a flag otherwise."""

from __future__ import annotations

import argparse
import re

# argparse treats an argument starting with '-' as an option unless it looks like a negative number (its
# parser's ``_negative_number_matcher``, -2 or -0.5); -2/s does not, so `--rate -2/s` ended in "expected one
# argument" instead of the rate check's "expected more than 0". The parser has no option that looks like a
# negative number, so widening the matcher changes nothing else.
_NEGATIVE = re.compile(r"^-\d+(?:\.\d+)?(?:/s)?$|^-\.\d+(?:/s)?$")


def negative_rate_is_a_value(parser: argparse.ArgumentParser) -> None:
    """Let ``-2/s`` and ``-0.5`` reach ``--rate``'s own check (which refuses them with a clear line)."""
    parser._negative_number_matcher = _NEGATIVE  # argparse has no public hook for this
