"""The exception tree: messages and what crosses a process boundary."""

from __future__ import annotations

import pickle

from stockgate.errors import DataError


def test_a_data_error_survives_pickling_with_every_part() -> None:
    """A worker of `matrix --jobs 2` raised one; the parent could not unpickle it (BrokenProcessPool, exit 3)."""
    error = DataError("unknown key", where="profile.yaml:3", key="facts.x", expected="a, b", actual="c", hint="fix")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, DataError)
    assert str(copy) == str(error) and copy.key == "facts.x" and copy.hint == "fix"
