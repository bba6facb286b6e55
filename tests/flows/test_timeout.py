"""A file that takes too long is stopped (with the processes it started), quarantined
with ``timeout``, and the rest of the batch goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.flows import badfiles as bad
from vanban.flows.extractor import DEFAULT_FILE_TIMEOUT, file_timeout
from vanban.flows.inbox import run_batch

pytestmark = pytest.mark.usefixtures("prefect_server")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def test_a_hanging_file_is_stopped_and_quarantined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "3")
    inbox, out = tmp_path / "in", tmp_path / "out"
    pid_file = tmp_path / "child.pid"
    bad.write(inbox, "hang forever.txt", str(pid_file).encode())
    bad.write(inbox, "bình thường.txt", "Kế hoạch\n".encode())
    start = time.monotonic()
    summary = run_batch(
        inbox,
        out,
        settle_seconds=0.0,
        settle_empty_seconds=0.0,
        extractor="tests.flows.extractors:hang",
        processes=2,
    )
    elapsed = time.monotonic() - start
    by_name = {f["name"]: f for f in summary["files"]}
    assert by_name["bình thường.txt"]["status"] == "processed"
    assert by_name["hang forever.txt"]["status"] == "quarantined"
    error = by_name["hang forever.txt"]["error"]
    assert error["code"] == "timeout" and "VANBAN_FILE_TIMEOUT" in error["message"]
    assert (out / "quarantine" / "hang forever.txt").exists()
    assert elapsed < 120  # the 300 s sleep was cut short, not waited out
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)  # the hung worker's own child process was killed too


def test_file_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANBAN_FILE_TIMEOUT", raising=False)
    assert file_timeout() == DEFAULT_FILE_TIMEOUT
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "0")
    assert file_timeout() is None
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "12.5")
    assert file_timeout() == 12.5
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "soon")
    assert file_timeout() == DEFAULT_FILE_TIMEOUT
