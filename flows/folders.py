"""The output folder's layout and the file operations of the folder protocol.

Everything under ``--out DIR`` (see docs/inbox.md)::

    json/<name>.json              the extracted documents (written atomically)
    archive/<sha[:2]>/<sha>.<ext> the originals, moved there (never copied then deleted)
    quarantine/<name>             refused files, beside <name>.error.json
    .work/<claim>/                files claimed by a run (the crash journal)
    vanban.sqlite                 the corpus store;  findings.json  the corpus checks

>>> OutDirs(Path("out")).archive_path("9f2c" + "0" * 60, "Quyết định.PDF").as_posix()
'out/archive/9f/9f2c000000000000000000000000000000000000000000000000000000000000.pdf'
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanban.atomic import fsync_dir, write_atomic  # noqa: F401 - re-exported for flows


@dataclass(frozen=True)
class OutDirs:
    """Paths inside the output folder."""

    out: Path

    @property
    def json(self) -> Path:
        return self.out / "json"

    @property
    def archive(self) -> Path:
        return self.out / "archive"

    @property
    def quarantine(self) -> Path:
        return self.out / "quarantine"

    @property
    def work(self) -> Path:
        return self.out / ".work"

    @property
    def findings(self) -> Path:
        return self.out / "findings.json"

    def make(self) -> None:
        for d in (self.json, self.archive, self.quarantine, self.work):
            d.mkdir(parents=True, exist_ok=True)

    def archive_path(self, sha256: str, name: str) -> Path:
        return self.archive / sha256[:2] / f"{sha256}{Path(name).suffix.lower()}"

    def rel(self, path: Path) -> str:
        return path.relative_to(self.out).as_posix()


def write_json_atomic(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def move(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst`` (same file system; replaces ``dst``), durably."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)
    fsync_dir(dst.parent)
    fsync_dir(src.parent)


def free_name(folder: Path, name: str, tag: str) -> Path:
    """``folder/name`` if free, else ``folder/<stem>.<tag><ext>``, else with a counter."""
    first = folder / name
    if not first.exists():
        return first
    stem, ext = Path(name).stem, Path(name).suffix
    for n in range(0, 10_000):
        candidate = folder / (f"{stem}.{tag}{ext}" if n == 0 else f"{stem}.{tag}-{n}{ext}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"no free name for {name} in {folder}")


class NotARegularFile(OSError):
    """An inbox entry that is a symlink, a FIFO, a socket, a device or a directory."""


def entry_kind(path: Path) -> str:
    """What the directory entry itself is (a symlink is never followed).

    >>> entry_kind(Path("/dev/null")), entry_kind(Path("/"))
    ('character device', 'directory')
    """
    mode = os.lstat(path).st_mode
    for test, name in (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def is_regular_file(path: Path) -> bool:
    """A regular file as the directory entry says, not through a symlink."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def open_regular(path: Path) -> int:
    """A read-only descriptor of ``path``, refused unless it is a regular file.

    ``O_NOFOLLOW`` refuses a symlink at the last component, ``O_NONBLOCK`` keeps a FIFO
    from blocking the open; ``fstat`` on the open descriptor then decides (no race with
    a rename between a check and the open)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotARegularFile(errno.ELOOP, "symbolic link", str(path)) from exc
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotARegularFile(errno.EINVAL, entry_kind(path), str(path))
    return fd


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a regular file, read in 1 MiB chunks (a symlink is refused)."""
    h = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class ArchiveMismatch(OSError):
    """The archived copy does not hash to the claimed file's SHA-256."""


def move_verified(src: Path, dst: Path, sha256: str) -> None:
    """Move ``src`` to ``dst`` (:func:`move`) and check that ``dst`` hashes to ``sha256``;
    on a mismatch the bytes go back to ``src`` and :class:`ArchiveMismatch` is raised."""
    move(src, dst)
    got = file_sha256(dst)
    if got != sha256:
        move(dst, src)
        raise ArchiveMismatch(f"{dst} hashes to {got}, expected {sha256}")


def copy_durably(src: Path, dst: Path) -> str:
    """Copy a regular file's bytes to ``dst`` (fsync'd, then its folder); returns their
    SHA-256. Used when the inbox is on another file system than the output folder."""
    h = hashlib.sha256()
    tmp = dst.with_name(f".{dst.name}.copy.tmp")
    with os.fdopen(open_regular(src), "rb") as fin, open(tmp, "wb") as fout:
        while chunk := fin.read(1 << 20):
            h.update(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    os.replace(tmp, dst)
    fsync_dir(dst.parent)
    return h.hexdigest()


def drop_stale_temps(dirs: OutDirs) -> list[Path]:
    """Remove the ``.<name>.*.tmp`` files a killed run left in ``json/`` and ``out/``
    (``write_atomic`` writes there, then renames). Only call it while holding the folder
    lock: then no other writer is live. Returns what was removed."""
    stale = [p for folder in (dirs.json, dirs.out) for p in folder.glob(".*.tmp") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def same_filesystem(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev
