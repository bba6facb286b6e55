"""What the register's commands share: writing their output and reporting a failure."""

from __future__ import annotations

import sys
from pathlib import Path

from vanban.atomic import write_bytes_atomic


def emit(data: str | bytes, out: Path | None) -> int:
    """Write ``data`` to ``out`` (atomically) or to stdout; exit status 0."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
        return 0
    write_bytes_atomic(out, raw)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def fail(command: str, problem: object) -> int:
    """One line on stderr, exit status 2."""
    print(f"vanban {command}: {problem}", file=sys.stderr)
    return 2
