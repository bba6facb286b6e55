"""Kill ``vanban run`` (SIGKILL) in the middle of a batch, run again: no file lost, none
processed twice, no half-written JSON."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO
from tests.flows import badfiles as bad
from tests.flows.conftest import prefect_env

N = 24


def vanban_run(
    inbox: Path, out: Path, env: dict[str, str], extractor: str
) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "vanban.cli", "run", "--inbox", str(inbox), "--out", str(out)]
    cmd += [
        "--settle",
        "0",
        "--no-progress",
        "--json",
        "--processes",
        "2",
        "--extractor",
        extractor,
    ]
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def test_kill_mid_batch_and_restart(tmp_path: Path) -> None:
    inbox, out = tmp_path / "hộp thư", tmp_path / "out"
    inbox.mkdir()
    originals = {
        f"Kế hoạch số {i}.txt": f"Kế hoạch số {i}\nNội dung {i}\n".encode() for i in range(N)
    }
    for name, data in originals.items():
        bad.write(inbox, name, data)
    env = prefect_env(tmp_path / "prefect") | {"VANBAN_TEST_DELAY": "0.5"}

    first = vanban_run(inbox, out, env, "tests.flows.extractors:slow")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        done = list((out / "json").glob("*.json")) if (out / "json").exists() else []
        if len(done) >= 3 or first.poll() is not None:
            break
        time.sleep(0.1)
    assert first.poll() is None, first.communicate()
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    claimed = [p for p in (out / ".work").iterdir() if p.is_dir()]
    assert claimed, "the kill should land in the middle of the batch"
    done_before = len(list((out / "json").glob("*.json")))
    archived_before = len([p for p in (out / "archive").rglob("*") if p.is_file()])
    assert archived_before < N

    second = vanban_run(inbox, out, env, "tests.flows.extractors:layout_only")
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stderr.decode()[-3000:]
    summary = json.loads(stdout)

    # every original is archived exactly once, byte for byte, nothing left behind
    assert list(inbox.rglob("*.*")) == []
    assert [p.name for p in (out / ".work").iterdir()] == ["lock"]
    archived = sorted(p.read_bytes() for p in (out / "archive").rglob("*") if p.is_file())
    assert archived == sorted(originals.values())
    assert not (out / "quarantine").exists() or list((out / "quarantine").iterdir()) == []
    # one JSON per file, each complete, no temp files
    jsons = sorted((out / "json").glob("*.json"))
    assert sorted(p.name for p in jsons) == sorted(f"{n}.json" for n in originals)
    for p in jsons:
        json.loads(p.read_text(encoding="utf-8"))
    assert not list(out.rglob("*.tmp"))
    # the second run did only what the first had not finished (none twice)
    assert summary["processed"] == N - archived_before
    assert summary["duplicates"] == 0
    assert done_before >= archived_before
