"""``stockgate contracts copy DIR``: the contracts in use copied to a folder pulls can be added to (issue 20).

An installed stockgate's shipped contracts are read-only and live inside site-packages; the README's first
step (`cp -r contracts my-contracts`) only worked in a checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stockgate.contracts import load_index
from tests.live.conftest import in_process


def test_copy_makes_a_contracts_folder_pull_can_write_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-contracts"
    code, out, err = in_process(monkeypatch, capsys, "contracts", "copy", str(target))
    assert code == 0, err
    copied, shipped = load_index(target), load_index()
    assert [str(r) for r in copied.refs()] == [str(r) for r in shipped.refs()]
    assert (target / "magento" / "2.4.8" / "openapi.yaml").read_bytes() == \
        (shipped.root / "magento" / "2.4.8" / "openapi.yaml").read_bytes()
    assert f"{len(shipped.refs())} platform versions" in out and "contracts pull magento" in out
    assert "--contracts-dir" in out and str(target.name) in out


@pytest.mark.parametrize("prepare", ["file", "non-empty"])
def test_copy_never_writes_into_something_that_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], prepare: str) -> None:
    target = tmp_path / "my-contracts"
    if prepare == "file":
        target.write_text("mine")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    code, _, err = in_process(monkeypatch, capsys, "contracts", "copy", str(target))
    says = "is a file, not a folder" if prepare == "file" else "already exists"
    assert code == 2 and err.count("\n") == 1 and says in err and "new folder" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-contracts"]  # nothing half-written beside it
    assert (target.read_text() if prepare == "file" else (target / "notes.txt").read_text()) == "mine"


def test_an_empty_folder_is_filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    code, _, err = in_process(monkeypatch, capsys, "contracts", "copy", str(target))
    assert code == 0, err
    assert (target / "index.toml").exists()


def test_pull_into_the_installed_package_names_the_copy_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from stockgate.errors import UsageError
    from stockgate.live import pull

    monkeypatch.setattr(pull, "PACKAGE", load_index().root.resolve().parent)
    with pytest.raises(UsageError, match="stockgate contracts copy my-contracts"):
        pull.contracts_root(None)
