"""Scale-out end to end: a real Prefect server, PostgreSQL and two process workers.

Prefect's own database and the vanban store are two databases of one PostgreSQL cluster.

1. 100 generated plans dropped into a shared inbox, two flow runs of ``vanban-pool/inbox``
   (deployed from ``prefect.yaml`` with ``prefect deploy``), one on each worker: every
   file archived, stored and extracted exactly once, both workers did part of the work,
   and the corpus findings equal those of a single-machine ``vanban run`` (SQLite).
2. 100 more, extracted slowly; one worker (its whole process tree) is SIGKILLed in the
   middle of the batch; the other finishes the inbox, then takes over the dead worker's
   claims after the lease: nothing lost, nothing archived twice.

Skipped only when PostgreSQL cannot be started (``pg_server``, tests/scaleout/conftest.py).
About 2–3 minutes on 2 cores.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.scaleout_bench import (
    BIN,
    REPO,
    LocalCluster,
    create_database,
    local_cluster,
    write_documents,
)
from vanban.checks.incremental import check_all
from vanban.flows.deploy import CLAIMS
from vanban.store.postgres import PostgresStore
from vanban.store.sqlite import SQLiteStore

LEASE = 6.0
COUNTING = "tests.scaleout.counting:extract"
SLOW = "tests.scaleout.counting:slow_extract"


class Cluster:
    """The local cluster plus the extraction log written by ``tests.scaleout.counting``."""

    def __init__(self, local: LocalCluster, store_url: str) -> None:
        self.local, self.store_url = local, store_url
        self.inbox, self.out, self.env = local.inbox, local.out, local.env
        self.log = local.logs / "extract.log"

    def lines(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [line.split() for line in self.log.read_text().splitlines() if line]

    def extractions(self) -> Counter[str]:
        return Counter(sha for sha, _ in self.lines())

    def workers_seen(self) -> Counter[str]:
        return Counter(worker for _, worker in self.lines())


@pytest.fixture(scope="module")
def cluster(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Prefect server (its own database on PostgreSQL too) + deployment + workers A, B."""
    root = tmp_path_factory.mktemp("scaleout")
    store_url = create_database(pg_server, "scaleout")
    prefect_db = create_database(pg_server, "prefect").replace(
        "postgresql://", "postgresql+asyncpg://"
    )
    worker_env = {
        "VANBAN_STORE": store_url,
        "VANBAN_LEASE_SECONDS": str(LEASE),
        "VANBAN_TEST_EXTRACT_LOG": str(root / "logs" / "extract.log"),
        "VANBAN_TEST_DELAY": "0.4",
    }
    with local_cluster(root, prefect_db, **worker_env) as local:
        for name in ("A", "B"):
            local.add_worker(name, VANBAN_TEST_WORKER=name)
        yield Cluster(local, store_url)


def archived(out: Path) -> list[Path]:
    return sorted(p for p in (out / "archive").rglob("*") if p.is_file())


def live_claims(out: Path) -> list[Path]:
    root = out / CLAIMS
    if not root.exists():
        return []
    return [c for owner in root.iterdir() if owner.is_dir() for c in owner.iterdir() if c.is_dir()]


def single_machine_findings(files: list[Path], root: Path, env: dict[str, str]) -> list[Any]:
    """``vanban run`` on a copy of the same files, SQLite store, one process."""
    inbox, out = root / "inbox", root / "out"
    inbox.mkdir(parents=True)
    for f in files:
        shutil.copy2(f, inbox / f.name)
    done = subprocess.run(
        [
            str(BIN / "vanban"),
            "run",
            "--inbox",
            str(inbox),
            "--out",
            str(out),
            "--settle",
            "0",
            "--no-progress",
            "--json",
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)["processed"] == len(files)
    with SQLiteStore(out / "vanban.sqlite") as lite:
        return [f.model_dump(mode="json") for f in check_all(lite)]


def test_two_workers_each_file_once_and_same_findings(cluster: Cluster, tmp_path: Path) -> None:
    files = write_documents(tmp_path / "originals", 0, 100)
    expected = single_machine_findings(files, tmp_path / "single", cluster.env)
    assert {f["kind"] for f in expected} == {"date_mismatch"}

    for f in files:
        shutil.copy2(f, cluster.inbox / f.name)
    runs = [cluster.local.run(extractor=COUNTING, settle_seconds=0.5) for _ in range(2)]
    assert cluster.local.wait(runs) == ["COMPLETED", "COMPLETED"]

    assert list(cluster.inbox.iterdir()) == []
    assert len(archived(cluster.out)) == 100
    assert len(list((cluster.out / "json").glob("*.json"))) == 100
    assert not list((cluster.out / "quarantine").iterdir())
    assert live_claims(cluster.out) == []
    counts = cluster.extractions()
    assert len(counts) == 100 and set(counts.values()) == {1}  # each extracted once
    seen = cluster.workers_seen()
    assert set(seen) == {"A", "B"}, f"both workers must share the batch: {seen}"

    with PostgresStore(cluster.store_url) as pg:
        assert pg.count() == 100
        got = [f.model_dump(mode="json") for f in check_all(pg)]
        assert {r.sha256 for r in pg.iter_records()} == set(counts)
    assert got == expected
    per_run = list((cluster.out / "findings").glob("*.json"))
    assert len(per_run) == 2 and all(json.loads(p.read_text())["documents"] for p in per_run)


def test_killed_worker_loses_nothing(cluster: Cluster, tmp_path: Path) -> None:
    before = cluster.extractions()
    files = write_documents(tmp_path / "originals", 100, 100, seed=7)
    for f in files:
        shutil.copy2(f, cluster.inbox / f.name)
    runs = [cluster.local.run(extractor=SLOW, settle_seconds=0.5) for _ in range(2)]

    # wait until worker A is in the middle of the batch: files done, claims in flight
    done_by_a = cluster.workers_seen().get("A", 0)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if cluster.workers_seen().get("A", 0) - done_by_a >= 10 and live_claims(cluster.out):
            break
        time.sleep(0.2)
    assert len(archived(cluster.out)) < 200, "the batch finished before the kill"
    cluster.local.kill_worker("A")
    orphaned = live_claims(cluster.out)
    assert orphaned, "worker A held no claim when it was killed"

    deadline = time.monotonic() + 240  # worker B's run finishes; A's stays "running"
    while "COMPLETED" not in [cluster.local.state(r) for r in runs]:
        assert time.monotonic() < deadline, "worker B's flow run did not finish"
        time.sleep(1)
    assert list(cluster.inbox.iterdir()) == []  # B took what A had not claimed
    left = live_claims(cluster.out)
    assert left, "the killed worker's claims should be waiting for their lease to expire"
    assert {c.parent.name for c in left} <= {c.parent.name for c in orphaned}
    time.sleep(LEASE + 1)
    takeover = cluster.local.run(extractor=COUNTING, settle_seconds=0.5)
    assert cluster.local.wait([takeover]) == ["COMPLETED"]

    assert list(cluster.inbox.iterdir()) == []
    assert live_claims(cluster.out) == []
    assert len(archived(cluster.out)) == 200  # every original once, nothing lost
    assert len(list((cluster.out / "json").glob("*.json"))) == 200
    assert not list((cluster.out / "quarantine").iterdir())
    with PostgresStore(cluster.store_url) as pg:
        assert pg.count() == 200
    new = cluster.extractions() - before
    assert len(new) == 100
    # a file extracted twice was one the killed worker held when it died
    assert sum(n > 1 for n in new.values()) <= len(left)
