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


def _group_members(pgid: int) -> list[int]:
    """Live processes whose process group is ``pgid`` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def test_a_hanging_file_is_stopped_and_quarantined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic under load: the limit counts from when a worker takes the file (not
    the worker's start-up), the hung extractor starts its child first thing, and the
    worker's whole process group is killed at once (no child can slip out)."""
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "10")
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
    assert elapsed < 200  # the 300 s sleep was cut short, not waited out
    child, group = (int(x) for x in pid_file.read_text().split())
    assert group != os.getpgid(0)  # the worker led a group of its own
    deadline = time.monotonic() + 10
    while (_alive(child) or _group_members(group)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)  # the hung worker's own child process was killed too
    assert _group_members(group) == []  # and nothing else of its group is left


def test_file_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANBAN_FILE_TIMEOUT", raising=False)
    assert file_timeout() == DEFAULT_FILE_TIMEOUT
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "0")
    assert file_timeout() is None
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "12.5")
    assert file_timeout() == 12.5
    monkeypatch.setenv("VANBAN_FILE_TIMEOUT", "soon")
    assert file_timeout() == DEFAULT_FILE_TIMEOUT
