"""The CLI's progress bar for inbox batches (rich, a Prefect dependency).

Example::

    with BatchProgress() as hook:
        set_progress_hook(hook)
        run_batch(inbox, out)      # ━━━━━━━━━━ 12/40 Quyết định 329.pdf
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class BatchProgress:
    """A callable hook: ``("start", total)`` adds a bar, ``("file", outcome)`` advances it."""

    def __init__(self, enabled: bool | None = None) -> None:
        console = Console(file=sys.stderr)
        self.enabled = console.is_terminal if enabled is None else enabled
        self._progress = Progress(
            TextColumn("batch {task.fields[batch]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            console=console,
            disable=not self.enabled,
        )
        self._task: Any = None
        self._batches = 0

    def __call__(self, event: str, value: Any) -> None:
        if event == "start":
            self._batches += 1
            self._task = self._progress.add_task(
                "files", total=int(value), batch=self._batches, last=""
            )
        elif event == "file" and self._task is not None:
            self._progress.update(self._task, advance=1, last=f"{value.name} → {value.status}")

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()
