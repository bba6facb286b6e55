"""``vanban watch`` stopped as a service manager stops it (SIGTERM) or by Ctrl-C (SIGINT):
the batch in progress finishes, the process exits 0, and nothing it started is left
(Prefect's embedded API server, the extraction workers, their children)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.flows import badfiles as bad

REPO = Path(__file__).resolve().parents[2]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_watch_stops_cleanly(tmp_path: Path, signum: int) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    env["PREFECT_LOGGING_LEVEL"] = "WARNING"
    cmd = [sys.executable, "-m", "vanban.cli", "watch", "--inbox", str(inbox), "--out", str(out)]
    cmd += ["--settle", "0", "--settle-empty", "0", "--poll", "1", "--processes", "1"]
    cmd += ["--extractor", "tests.flows.extractors:layout_only", "--no-progress"]
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        bad.write(inbox, "kế hoạch.txt", "Kế hoạch\n".encode())
        deadline = time.monotonic() + 240
        while not any(line.startswith("processed 1") for line in seen):
            assert time.monotonic() < deadline, "".join(seen)
            assert proc.poll() is None, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        started = _descendants(proc.pid)
        assert started, "the watch started no process (no API server, no worker?)"
        os.kill(proc.pid, signum)
        assert proc.wait(timeout=120) == 0, "".join(seen)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p for p in started if _alive(p)] == []
    assert (out / "json" / "kế hoạch.txt.json").exists()
    assert not (out / ".work").exists() or not any(p.is_dir() for p in (out / ".work").iterdir())
