"""The one writer: atomic, never through a link, never outside its root, one line when it cannot (issue 14, 13)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from stockgate.errors import UsageError
from stockgate.safewrite import inside, writable_dir, writable_file, write_atomic


def test_a_symlink_at_the_destination_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    (tmp_path / "reports").mkdir()
    link = tmp_path / "reports" / "results.json"
    link.symlink_to(outside)
    write_atomic(link, "{}\n")
    assert outside.read_text() == "precious\n"
    assert not link.is_symlink() and link.read_text() == "{}\n"


def test_a_written_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644


def test_a_folder_is_no_destination(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"is a folder") as caught:
        write_atomic(tmp_path, "x")
    assert "\n" not in str(caught.value)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_atomic(tmp_path / "a.txt", "\ud800")
    assert list(tmp_path.iterdir()) == []


def test_a_path_through_a_link_out_of_its_root_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    root, outside = tmp_path / "cassettes", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "magento").symlink_to(outside)
    target = root / "magento" / "2.4.9" / "area" / "x.yaml"
    with pytest.raises(UsageError, match=r"outside") as caught:
        write_atomic(target, "x", within=root)
    assert "\n" not in str(caught.value)
    assert list(outside.iterdir()) == []
    with pytest.raises(UsageError, match=r"outside"):
        inside(target, root)
    inside(root / "lightspeed" / "2026-10" / "area" / "x.yaml", root)  # not there yet: fine
    inside(tmp_path / "new" / "magento" / "x.yaml", tmp_path / "new")  # nor is the root itself
    with pytest.raises(UsageError, match=r"outside"):
        inside(root / ".." / "elsewhere" / "x.yaml", root)


def test_an_output_folder_is_checked_before_any_work(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(UsageError, match=r"^--report-dir .*file: a file, not a folder"):
        writable_dir(a_file, "--report-dir")
    with pytest.raises(UsageError, match=r"^--report-dir .*cannot create"):
        writable_dir(a_file / "sub", "--report-dir")
    with pytest.raises(UsageError, match=r"^--report-dir /proc: cannot write there"):
        writable_dir(Path("/proc"), "--report-dir")  # unwritable even for root
    writable_dir(tmp_path / "new" / "reports", "--report-dir")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing made before the results are


def test_an_output_file_is_checked_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^--output .*: a folder, not a file"):
        writable_file(tmp_path, "--output")
    writable_file(tmp_path / "out" / "report.md", "--output")
