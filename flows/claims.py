"""The crash journal: a run *claims* an inbox file by renaming it into ``.work/<id>/``.

Claiming is one ``rename`` on the same file system, so a file is always in exactly one
place: the inbox, ``.work/``, ``archive/`` or ``quarantine/``. Across file systems the
bytes are copied, verified, and only then removed from the inbox. ``claim.json`` (written
before the rename) keeps the inbox-relative path. After a crash the next run resumes every
claim whose file is still in ``.work/`` and drops claims whose rename never happened (the
file is still in the inbox) or whose file already reached its destination.

A lock file (``.work/lock``, ``flock``) lets one run at a time own an output folder.

Example::

    claim = claim_file(Path("inbox/Kế hoạch 115.docx"), inbox, dirs)
    claim.payload   # out/.work/20261122T013501-3f9a…/Kế hoạch 115.docx
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vanban.flows.folders import (
    OutDirs,
    copy_durably,
    file_sha256,
    fsync_dir,
    is_regular_file,
    write_json_atomic,
)


class FolderBusy(RuntimeError):
    """Another run holds the output folder's lock."""


@dataclass(frozen=True)
class Claim:
    """One claimed file: ``folder`` is ``.work/<id>``, ``payload`` the file inside it."""

    folder: Path
    name: str
    inbox_rel: str

    @property
    def payload(self) -> Path:
        return self.folder / self.name


def claim_file(path: Path, inbox: Path, dirs: OutDirs) -> Claim | None:
    """Move ``path`` into a fresh claim folder; None if the file vanished meanwhile.

    The directory entry itself moves (a symlink stays a link, its target untouched). When
    the inbox is on another file system, a regular file's bytes are copied (fsync'd), the
    copy's SHA-256 checked against the original, and only then is the inbox entry removed;
    a symlink is recreated, other special files stay where they are (``None``)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = dirs.work / f"{stamp}-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    rel = path.relative_to(inbox).as_posix()
    write_json_atomic(folder / "claim.json", {"name": path.name, "inbox_rel": rel})
    claim = Claim(folder, path.name, rel)
    try:
        os.rename(path, claim.payload)
    except FileNotFoundError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    except OSError as exc:
        if exc.errno != errno.EXDEV or not _claim_across(path, claim.payload):
            shutil.rmtree(folder, ignore_errors=True)
            if exc.errno == errno.EXDEV:
                return None
            raise
    fsync_dir(folder)
    fsync_dir(path.parent)
    return claim


def _claim_across(path: Path, target: Path) -> bool:
    """Claim an entry of another file system: copy, verify, then remove the original."""
    if os.path.islink(path):
        os.symlink(os.readlink(path), target)
        os.unlink(path)
        return True
    if not is_regular_file(path):
        return False
    copied = copy_durably(path, target)
    if file_sha256(path) != copied:  # changed while copied: try again next run
        target.unlink(missing_ok=True)
        return False
    os.unlink(path)
    return True


def pending_claims(dirs: OutDirs) -> list[Claim]:
    """Claims left by an interrupted run whose file is still in ``.work/``; drop the rest."""
    found: list[Claim] = []
    if not dirs.work.exists():
        return found
    for folder in sorted(p for p in dirs.work.iterdir() if p.is_dir()):
        meta = folder / "claim.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = None
        if info is None:
            # Crashed before claim.json was complete: the rename had not happened yet,
            # unless a lone file is there (then keep it under its own name).
            files = [p for p in folder.iterdir() if not p.name.startswith(".claim")]
            files = [p for p in files if p.name != "claim.json"]
            if len(files) == 1:
                found.append(Claim(folder, files[0].name, files[0].name))
            else:
                shutil.rmtree(folder, ignore_errors=True)
            continue
        claim = Claim(folder, str(info["name"]), str(info["inbox_rel"]))
        if claim.payload.exists() or claim.payload.is_symlink():
            found.append(claim)
        else:
            release(claim)
    return found


def release(claim: Claim) -> None:
    """Forget a claim whose file has reached archive/ or quarantine/."""
    shutil.rmtree(claim.folder, ignore_errors=True)
    fsync_dir(claim.folder.parent)


@contextmanager
def folder_lock(dirs: OutDirs) -> Iterator[None]:
    """Hold ``.work/lock`` for the duration of a batch (raises :class:`FolderBusy`)."""
    dirs.work.mkdir(parents=True, exist_ok=True)
    fh = open(dirs.work / "lock", "a+")  # noqa: SIM115 - held for the block
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise FolderBusy(f"another vanban run is processing {dirs.out}") from exc
        yield
    finally:
        fh.close()
