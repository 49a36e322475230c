"""``python -m stockgate``."""

from stockgate.cli import run

run()
