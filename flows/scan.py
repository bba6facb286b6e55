"""Which inbox files are ready: complete (size and mtime unchanged over the settle time)
and not named like a copy in progress.

>>> is_partial_name("Kế hoạch 115.docx.part"), is_partial_name("~$Kế hoạch.docx")
(True, True)
>>> is_partial_name("Kế hoạch 115 (bản sửa).docx")
False
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".download", ".filepart", ".swp")
PARTIAL_PREFIXES = ("~$", ".~lock.", ".")


def is_partial_name(name: str) -> bool:
    """Names of files still being written (browsers, Office lock files, rsync, hidden)."""
    lower = name.lower()
    return lower.startswith(PARTIAL_PREFIXES) or lower.endswith(PARTIAL_SUFFIXES)


@dataclass
class InboxScanner:
    """Remembers (size, mtime) of each inbox file; a file is ready once unchanged for
    ``settle`` seconds. Zero-byte files must stay empty for ``settle_empty`` seconds."""

    inbox: Path
    settle: float = 2.0
    settle_empty: float = 10.0
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)

    def candidates(self) -> list[Path]:
        """Every entry a run takes: files in the inbox and its folders (not hidden, not
        partial), and symlinks to folders, which are never followed (they are quarantined
        as ``not_a_regular_file``, like links to files, FIFOs, sockets and devices)."""
        out: list[Path] = []
        for root, dirs, files in os.walk(self.inbox):
            linked = [d for d in dirs if os.path.islink(os.path.join(root, d))]
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
            names = sorted([*files, *linked])
            out += [Path(root) / f for f in names if not is_partial_name(f)]
        return out

    def observe(self, now: float | None = None) -> tuple[list[Path], list[Path]]:
        """(ready, waiting) after one look at the inbox."""
        now = time.monotonic() if now is None else now
        ready: list[Path] = []
        waiting: list[Path] = []
        current: dict[Path, tuple[int, int, float]] = {}
        for path in self.candidates():
            try:
                st = path.lstat()
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(st.st_mode):  # nothing to settle: never opened
                ready.append(path)
                continue
            prev = self._seen.get(path)
            since = prev[2] if prev and prev[:2] == (st.st_size, st.st_mtime_ns) else now
            current[path] = (st.st_size, st.st_mtime_ns, since)
            needed = self.settle_empty if st.st_size == 0 else self.settle
            (ready if now - since >= needed else waiting).append(path)
        self._seen = current
        return ready, waiting

    def wait_ready(self) -> tuple[list[Path], list[Path]]:
        """Look, wait ``settle`` seconds, look again: for one-shot runs."""
        first, _ = self.observe()
        if not self._seen:  # nothing to settle: no regular file, only special entries
            return first, []
        any_empty = any(size == 0 for size, _, _ in self._seen.values())
        time.sleep(max(self.settle, self.settle_empty if any_empty else 0.0))
        return self.observe()
