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
import threading
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

DEFAULT_EXTRACTOR = "vanban.pipeline:extract_document"
START_METHOD = "forkserver"
"""Not "fork": the flow's process runs Prefect's threads and event loop."""


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

    from extract.errors import ExtractionError

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
    """Import the extractor once per worker (spaCy/pdfplumber imports are slow)."""
    with contextlib.suppress(Exception):  # reported per file by run_extractor
        _resolve(dotted)


class ExtractorPool:
    """A process pool that survives a worker crash (segfault, OOM kill): the pool is
    replaced and every file it was running is retried alone in a process of its own; a file
    that crashes that process too is ``worker_crashed``."""

    def __init__(self, extractor: str = DEFAULT_EXTRACTOR, processes: int | None = None) -> None:
        self.extractor = extractor
        self.processes = processes or max(1, os.cpu_count() or 1)
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

    def submit(self, path: str) -> Future[Extracted]:
        return self._executor().submit(run_extractor, self.extractor, path)

    def extract(self, path: str) -> Extracted:
        pool = self._executor()
        try:
            return pool.submit(run_extractor, self.extractor, path).result()
        except BrokenProcessPool:
            self._restart(pool)
        # The pool broke under this file or under another one beside it. Retry alone, in a
        # process of its own, so that a crashing file cannot take an innocent one down twice.
        try:
            with ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context(START_METHOD),
                initializer=_warm,
                initargs=(self.extractor,),
            ) as solo:
                return solo.submit(run_extractor, self.extractor, path).result()
        except BrokenProcessPool as exc:
            return Extracted(None, _error("worker_crashed", "parse", exc))

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replace the pool once, however many threads saw it break."""
        with self._lock:
            if self._pool is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


_shared: dict[tuple[str, int | None], ExtractorPool] = {}
_shared_lock = threading.Lock()


def shared_pool(extractor: str = DEFAULT_EXTRACTOR, processes: int | None = None) -> ExtractorPool:
    """One warm pool per (extractor, size) for the life of the process: ``vanban watch``
    and repeated batches do not pay worker start-up (imports of spaCy, pdfplumber) again."""
    with _shared_lock:
        pool = _shared.get((extractor, processes))
        if pool is None:
            pool = _shared[(extractor, processes)] = ExtractorPool(extractor, processes)
            if len(_shared) == 1:
                atexit.register(close_shared_pools)
        return pool


def close_shared_pools() -> None:
    with _shared_lock:
        for pool in _shared.values():
            pool.close()
        _shared.clear()
