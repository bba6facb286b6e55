"""``vanban watch``: keep watching the inbox; each batch of ready files is one flow run.

A watchdog observer wakes the loop when something changes in the inbox (and a poll every
``poll`` seconds catches what events miss, e.g. network shares); once files have stayed
unchanged for the settle time, :func:`vanban.flows.inbox.run_batch` processes them.

With ``serve=True`` the flow is also served (``flow.serve``) as the deployment
``vanban-inbox/inbox`` so that batches can be started from the Prefect UI as well.

Example::

    watch(Path("inbox"), Path("out"), on_summary=print)   # until Ctrl-C or SIGTERM
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from vanban.flows.claims import FolderBusy
from vanban.flows.extractor import close_shared_pools
from vanban.flows.inbox import inbox_batch, run_batch
from vanban.flows.scan import InboxScanner

logger = logging.getLogger("vanban.watch")


class _Wake(FileSystemEventHandler):
    def __init__(self, event: threading.Event) -> None:
        self.event = event

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.event.set()


def watch(
    inbox: Path,
    out: Path,
    *,
    poll: float = 5.0,
    params: dict[str, Any] | None = None,
    on_summary: Callable[[dict[str, Any]], None] | None = None,
    stop: threading.Event | None = None,
    serve: bool = False,
) -> None:
    """Run batches whenever ready files appear, until ``stop`` is set (or Ctrl-C).

    With ``serve``, the loop runs in a thread and the main thread serves the flow
    (``flow.serve`` installs signal handlers, which only the main thread may do).
    """
    if serve:
        loop = threading.Thread(
            target=watch,
            args=(inbox, out),
            kwargs={"poll": poll, "params": params, "on_summary": on_summary, "stop": stop},
            name="vanban-watch",
            daemon=True,
        )
        loop.start()
        _serve(inbox, out, dict(params or {}))
        return
    params = dict(params or {})
    own_signals = stop is None and threading.current_thread() is threading.main_thread()
    stop = stop or threading.Event()
    wake = threading.Event()
    restore = stop_on_signals(stop, wake) if own_signals else {}
    observer = Observer()
    observer.schedule(_Wake(wake), str(inbox), recursive=True)
    observer.start()
    scanner = InboxScanner(
        inbox, params.get("settle_seconds", 2.0), params.get("settle_empty_seconds", 10.0)
    )
    try:
        wake.set()  # look once at start: files dropped while we were down
        while not stop.is_set():
            wake.wait(timeout=min(poll, scanner.settle or poll))
            wake.clear()
            ready, _waiting = scanner.observe()
            if ready or _has_claims(out):
                try:
                    summary = run_batch(inbox, out, **{**params, "settle_seconds": 0.0})
                except FolderBusy:  # a run started from the UI holds the folder
                    wake.set()
                    stop.wait(poll)
                    continue
                except Exception:  # noqa: BLE001 - keep watching; claims resume next batch
                    logger.exception("batch failed; its claimed files stay in .work/")
                    stop.wait(poll)
                    continue
                scanner = InboxScanner(inbox, scanner.settle, scanner.settle_empty)
                if on_summary is not None:
                    on_summary(summary)
    finally:
        observer.stop()
        observer.join(timeout=5)
        for signum, handler in restore.items():
            signal.signal(signum, handler)
        close_shared_pools()  # idle after the last batch: the workers exit


def stop_on_signals(stop: threading.Event, wake: threading.Event) -> dict[int, Any]:
    """SIGTERM (a service manager's stop) and SIGINT (Ctrl-C) end the watch cleanly: the
    batch in progress finishes (its files reach archive/ or quarantine/), then the loop
    exits and the process ends normally, so Prefect's embedded API server and the
    extraction workers are stopped by their exit handlers. A second signal stops at once
    (claimed files stay in .work/ and the next run resumes them). Returns the previous
    handlers."""

    def handle(signum: int, _frame: object) -> None:
        if stop.is_set():
            signal.signal(signum, signal.default_int_handler)
            raise KeyboardInterrupt
        logger.warning("signal %d: stopping after the batch in progress", signum)
        stop.set()
        wake.set()

    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.getsignal(signum)
        signal.signal(signum, handle)
    return previous


def _has_claims(out: Path) -> bool:
    work = out / ".work"
    return work.exists() and any(p.is_dir() for p in work.iterdir())


def _serve(inbox: Path, out: Path, params: dict[str, Any]) -> None:
    """Serve the flow so the Prefect UI can start a batch (``Run`` on the deployment)."""
    inbox_batch.serve(
        name="inbox",
        parameters={"inbox": str(inbox), "out": str(out), **params},
        print_starting_message=False,
    )
