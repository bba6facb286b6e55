"""Run the extraction function in worker processes (the CPU-bound part of a batch).

The Prefect tasks run in threads (cheap orchestration); each hands its file to a shared
:class:`ExtractorPool` of ``processes`` workers, so a batch uses every core while a
thousand files cost one flow run, not a thousand process start-ups.

``extractor`` is a dotted path ``"module:function"`` (picklable, so workers import it):
the default is ``vanban.pipeline:extract_document``.

>>> outcome = run_extractor("vanban.pipeline:extract_document", "/tmp/missing.txt")
>>> outcome.error["code"]
'file_missing'
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_EXTRACTOR = "vanban.pipeline:extract_document"
START_METHOD = "forkserver"
"""Not "fork": the flow's process runs Prefect's threads and event loop."""
DEFAULT_FILE_TIMEOUT = 1800.0
"""Seconds one file may take (``VANBAN_FILE_TIMEOUT``; 0 = no limit). A 20-page scan
takes about a minute on two cores; a pathological PDF must not hold a worker forever."""


def file_timeout() -> float | None:
    """The per-file time limit from ``VANBAN_FILE_TIMEOUT`` (``None``: no limit)."""
    raw = os.environ.get("VANBAN_FILE_TIMEOUT", "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_FILE_TIMEOUT
    except ValueError:
        value = DEFAULT_FILE_TIMEOUT
    return value if value > 0 else None


@dataclass(frozen=True)
class Extracted:
    """What a worker returns: the Document JSON, or an error description."""

    doc_json: str | None
    error: dict[str, Any] | None = None


def _resolve(dotted: str) -> Any:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def run_extractor(dotted: str, path: str) -> Extracted:
    """Call the extractor on one file; every failure becomes an error dict (never raises)."""
    from pydantic import ValidationError

    from vanban.extract.errors import ExtractionError

    if not os.path.exists(path):
        return Extracted(None, _error("file_missing", "read", FileNotFoundError(path)))
    try:
        fn = _resolve(dotted)
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        return Extracted(None, _error("extractor_unavailable", "load", exc, tb=True))
    try:
        doc = fn(path)
    except ExtractionError as exc:
        return Extracted(None, _error(exc.code, exc.stage, exc))
    except ValidationError as exc:
        return Extracted(None, _error("invalid_document", "validate", exc))
    except MemoryError as exc:
        return Extracted(None, _error("out_of_memory", "parse", exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
        return Extracted(None, _error("internal_error", "parse", exc, tb=True))
    return Extracted(doc.model_dump_json(indent=2))


def _error(code: str, stage: str, exc: BaseException, *, tb: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": code,
        "stage": stage,
        "exception": type(exc).__name__,
        "message": str(exc),
    }
    if tb:
        out["traceback"] = traceback.format_exc(limit=8)
    return out


def _warm(dotted: str) -> None:
    """Start a worker: lead a process group of its own (so that a stop kills it and every
    process it starts, atomically), then import the extractor once (spaCy/pdfplumber
    imports are slow)."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    with contextlib.suppress(Exception):  # reported per file by run_extractor
        _resolve(dotted)


def _descendants(pid: int) -> list[int]:
    """Processes started by ``pid`` and theirs (OCR page workers), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_worker(pid: int) -> None:
    """SIGKILL a worker's process group (itself and every process it started, in one
    call: none can slip out between a look and a kill), then any descendant that left
    the group (a daemon that called ``setsid``)."""
    stray = _descendants(pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    for other in [*stray, *_descendants(pid), pid]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(other, signal.SIGKILL)


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """SIGKILL every worker of ``pool`` and what they started, then drop the pool."""
    procs = list(getattr(pool, "_processes", {}).values())  # CPython's pool keeps them there
    for proc in procs:
        kill_worker(proc.pid)
    pool.shutdown(wait=False, cancel_futures=True)


def _wait_started(future: Future[Extracted]) -> None:
    """Wait until a worker has taken the file (or the pool broke): the time limit counts
    the file's own extraction, not its wait behind other files or a worker's start-up."""
    while not future.running() and not future.done():
        time.sleep(0.05)


def _timed_out(seconds: float) -> Extracted:
    message = (
        f"extraction took longer than {seconds:g} s and was stopped "
        "(VANBAN_FILE_TIMEOUT sets the limit)"
    )
    return Extracted(
        None, {"code": "timeout", "stage": "parse", "exception": "TimeoutError", "message": message}
    )


class ExtractorPool:
    """A process pool that survives a worker crash (segfault, OOM kill): the pool is
    replaced and every file it was running is retried alone in a process of its own; a file
    that crashes that process too is ``worker_crashed``.

    A file that takes longer than ``timeout`` seconds (:func:`file_timeout`, counted from
    when a worker takes it) is stopped: each worker leads its own process group, and the
    groups are killed (the worker and every process it started, OCR or LibreOffice), the
    file gets ``timeout``, and the files that were running beside it are retried alone."""

    def __init__(
        self,
        extractor: str = DEFAULT_EXTRACTOR,
        processes: int | None = None,
        timeout: float | None = None,
    ) -> None:
        self.extractor = extractor
        self.processes = processes or max(1, os.cpu_count() or 1)
        self.timeout = timeout if timeout is not None else file_timeout()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context(START_METHOD),
                    initializer=_warm,
                    initargs=(self.extractor,),
                )
            return self._pool

    def extract(self, path: str) -> Extracted:
        pool = self._executor()
        try:
            future = pool.submit(run_extractor, self.extractor, path)
            _wait_started(future)
            return future.result(self.timeout)
        except FutureTimeout:
            self._restart(pool, kill=True)
            assert self.timeout is not None
            return _timed_out(self.timeout)
        except BrokenProcessPool:
            self._restart(pool)
        # The pool broke under this file or under another one beside it. Retry alone, in a
        # process of its own, so that a crashing file cannot take an innocent one down twice.
        solo = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context(START_METHOD),
            initializer=_warm,
            initargs=(self.extractor,),
        )
        try:
            future = solo.submit(run_extractor, self.extractor, path)
            _wait_started(future)
            return future.result(self.timeout)
        except FutureTimeout:
            _kill_pool(solo)
            assert self.timeout is not None
            return _timed_out(self.timeout)
        except BrokenProcessPool as exc:
            return Extracted(None, _error("worker_crashed", "parse", exc))
        finally:
            solo.shutdown(wait=False, cancel_futures=True)

    def _restart(self, broken: ProcessPoolExecutor, *, kill: bool = False) -> None:
        """Replace the pool once, however many threads saw it break; ``kill``: its workers
        are stuck on a file that ran out of time."""
        with self._lock:
            if self._pool is broken:
                if kill:
                    _kill_pool(broken)
                else:
                    broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers: let them finish (``kill=False``) or kill their groups."""
        with self._lock:
            if self._pool is not None:
                if kill:
                    _kill_pool(self._pool)
                else:
                    self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


_shared: dict[tuple[str, int | None, float | None], ExtractorPool] = {}
_shared_lock = threading.Lock()


def shared_pool(extractor: str = DEFAULT_EXTRACTOR, processes: int | None = None) -> ExtractorPool:
    """One warm pool per (extractor, size, time limit) for the life of the process:
    ``vanban watch`` and repeated batches do not pay worker start-up (imports of spaCy,
    pdfplumber) again."""
    timeout = file_timeout()
    with _shared_lock:
        pool = _shared.get((extractor, processes, timeout))
        if pool is None:
            pool = ExtractorPool(extractor, processes, timeout)
            _shared[(extractor, processes, timeout)] = pool
            if len(_shared) == 1:
                atexit.register(close_shared_pools)
        return pool


def close_shared_pools(*, kill: bool = False) -> None:
    """Stop every shared pool's workers (``kill``: at once, with what they started)."""
    with _shared_lock:
        for pool in _shared.values():
            pool.close(kill=kill)
        _shared.clear()
