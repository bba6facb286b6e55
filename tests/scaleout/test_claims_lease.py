"""vanban.flows.deploy: per-owner claim folders, heartbeats and take-over (no Prefect here)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from vanban.flows.claims import claim_file
from vanban.flows.deploy import HEARTBEAT, Lease, WorkerDirs, expired_owners, take_over


def drop(inbox: Path, n: int) -> list[Path]:
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = inbox / f"Kế hoạch {i:03d}.txt"
        p.write_text(f"KẾ HOẠCH số {i}-KH/TU\n", encoding="utf-8")
        paths.append(p)
    return paths


def test_two_owners_racing_claim_each_file_once(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    paths = drop(inbox, 60)
    owners = [WorkerDirs(out, "máy-A"), WorkerDirs(out, "máy-B")]
    got: dict[str, list[str]] = {o.owner: [] for o in owners}

    def race(dirs: WorkerDirs) -> None:
        for p in paths:  # same order on both: every file is contested
            claim = claim_file(p, inbox, dirs)
            if claim is not None:
                got[dirs.owner].append(claim.name)

    threads = [threading.Thread(target=race, args=(o,)) for o in owners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    both = got["máy-A"] + got["máy-B"]
    assert sorted(both) == sorted(p.name for p in paths)
    assert len(set(both)) == len(both)
    assert not list(inbox.iterdir())
    for o in owners:  # every claim sits in its owner's folder
        assert len([p for p in o.work.iterdir() if p.is_dir()]) == len(got[o.owner])


def test_lease_heartbeat_and_cleanup(tmp_path: Path) -> None:
    dirs = WorkerDirs(tmp_path / "out", "máy-A")
    with Lease(dirs, 0.2) as lease:
        first = lease.path.stat().st_mtime_ns
        time.sleep(0.25)
        assert lease.path.stat().st_mtime_ns > first
        assert expired_owners(WorkerDirs(dirs.out, "máy-B"), 1.0) == []
    assert not dirs.work.exists()  # no claim left: the owner folder is gone


def test_take_over_only_expired_owners(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    paths = drop(inbox, 6)
    dead, alive = WorkerDirs(out, "máy-chết"), WorkerDirs(out, "máy-sống")
    for p in paths[:4]:
        assert claim_file(p, inbox, dead) is not None
    for p in paths[4:]:
        assert claim_file(p, inbox, alive) is not None
    for d in (dead, alive):
        (d.work / HEARTBEAT).write_text("{}", encoding="utf-8")
    past = time.time() - 600
    os.utime(dead.work / HEARTBEAT, (past, past))
    me = WorkerDirs(out, "máy-mới")
    assert [p.name for p in expired_owners(me, 60)] == ["máy-chết"]
    taken = take_over(me, 60)
    assert sorted(c.name for c in taken) == sorted(p.name for p in paths[:4])
    assert all(c.payload.exists() and c.folder.parent == me.work for c in taken)
    assert not dead.work.exists()  # emptied and removed
    assert len([p for p in alive.work.iterdir() if p.is_dir()]) == 2  # untouched


def test_concurrent_take_over_one_winner_per_claim(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    paths = drop(inbox, 40)
    dead = WorkerDirs(out, "máy-chết")
    for p in paths:
        claim_file(p, inbox, dead)
    past = time.time() - 600
    os.utime(dead.work, (past, past))  # no heartbeat file: the folder's age counts
    takers = [WorkerDirs(out, f"máy-{i}") for i in range(3)]
    for t in takers:
        t.work.mkdir(parents=True)
        (t.work / HEARTBEAT).write_text("{}", encoding="utf-8")
    results: dict[str, list[str]] = {}

    def grab(dirs: WorkerDirs) -> None:
        results[dirs.owner] = [c.name for c in take_over(dirs, 60)]

    threads = [threading.Thread(target=grab, args=(t,)) for t in takers]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    names = [n for r in results.values() for n in r]
    assert sorted(names) == sorted(p.name for p in paths)
