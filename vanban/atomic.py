"""Durable, atomic file writes: a reader never sees a half-written file.

>>> from pathlib import Path; import tempfile
>>> target = Path(tempfile.mkdtemp()) / "json" / "Kế hoạch 115.json"
>>> write_atomic(target, '{"doc_type": "Kế hoạch"}\\n')
>>> target.read_text(encoding="utf-8")
'{"doc_type": "Kế hoạch"}\\n'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temp file in the same folder, fsync, then rename over ``path``."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """:func:`write_atomic` for bytes (an XLSX workbook, an ICS calendar)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
