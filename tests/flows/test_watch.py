"""``watch``: files dropped while it runs are processed, each batch a flow run."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.flows import badfiles as bad
from vanban.flows.watch import watch

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_watch_processes_files_as_they_arrive(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    bad.write(inbox, "có sẵn.txt", "Có sẵn trước khi theo dõi\n".encode())
    summaries: list[dict[str, Any]] = []
    stop = threading.Event()
    params = {
        "settle_seconds": 0.3,
        "settle_empty_seconds": 0.3,
        "extractor": "tests.flows.extractors:layout_only",
        "processes": 1,
    }
    thread = threading.Thread(
        target=watch,
        args=(inbox, out),
        kwargs={"poll": 0.5, "params": params, "on_summary": summaries.append, "stop": stop},
    )
    thread.start()
    try:
        _wait_for(lambda: (out / "json" / "có sẵn.txt.json").exists())
        part = bad.write(inbox, "mới đến.txt.part", "Văn bản mới\n".encode())
        time.sleep(1.0)
        assert part.exists()  # still being copied
        part.rename(inbox / "mới đến.txt")
        _wait_for(lambda: (out / "json" / "mới đến.txt.json").exists())
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert sum(s["processed"] for s in summaries) == 2
    assert list(inbox.iterdir()) == []


def _wait_for(cond: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)
