"""The one writer: reports, results, matrix outputs, diff and surface files, cassettes.

A file is written to a temporary file beside it and renamed over it, so a reader never sees half of
it and a failed write leaves nothing behind; a symbolic link at the destination is replaced, never
followed (a ``results.json`` linked to a file elsewhere stays a link no more, and the file elsewhere
is untouched). ``within`` refuses a destination whose folder resolves outside a root (a cassette
folder linked to another place). Folders and files named on the command line are checked before any
work starts (:func:`writable_dir`, :func:`writable_file`). Every refusal is one
:class:`~stockgate.errors.UsageError` line naming the path.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from stockgate.errors import UsageError

REPORT_MODE = 0o644  # reports are published as they are (CI artifacts, web servers): readable whatever the umask


def write_atomic(path: Path, text: str, *, within: Path | None = None, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, replacing a link there; ``within``: refuse outside it.

    The file gets ``mode`` (e.g. :data:`REPORT_MODE`), else what the umask leaves of 0666.
    """
    if within is not None:
        inside(path, within)
    if path.is_dir() and not path.is_symlink():
        raise UsageError(f"cannot write {path}: it is a folder (name a file)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_reason(exc)} (choose a writable place)") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~_umask() if mode is None else mode)  # not mkstemp's 0600
            fh.write(text)
        Path(tmp).replace(path)  # renames over a link: the link goes, its target stays as it was
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {_reason(exc)} (choose a writable place)") from None
        raise


def inside(path: Path, root: Path) -> None:
    """Refuse ``path`` unless it lies under ``root`` with every existing folder on the way, links followed."""
    root = Path(os.path.normpath(root))
    folder = Path(os.path.normpath(path)).parent
    if not folder.is_relative_to(root):
        raise UsageError(f"cannot write {path}: outside {root}")
    while folder != root and not folder.exists():
        folder = folder.parent  # the folders still to be made are made inside the deepest existing one
    if folder.exists() and not folder.resolve().is_relative_to(root.resolve()):
        raise UsageError(f"cannot write {path}: {folder} resolves to {folder.resolve()}, outside {root} (a symbolic "
                         "link leads out of it); remove the link or choose another folder")


def writable_dir(path: Path, option: str) -> None:
    """Refuse up front the folder an option names when it cannot hold files; create nothing (writes do)."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: a file, not a folder (name a folder; it is created when missing)")
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # the folders still missing are made in here when the results are written
    if not existing.is_dir():
        raise UsageError(f"{option} {path}: cannot create it: {existing} is a file (choose another folder)")
    try:
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".tmp-probe-")
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write there: {_reason(exc)} (choose a writable folder)") from None
    os.close(fd)
    Path(probe).unlink()


def writable_file(path: Path, option: str) -> None:
    """The file an option names: not a folder, in a folder that can hold it (checked before any work)."""
    if path.is_dir() and not path.is_symlink():
        raise UsageError(f"{option} {path}: a folder, not a file (name a file in it, e.g. {path / 'report.md'})")
    writable_dir(path.parent, option)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _umask() -> int:
    """The process's umask (read by setting it: there is no other way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
