"""Reservations through the store, between workers that share only the database.

Two ``BatchContext`` objects with a store object each ("two machines": no lock in
common but the database), one shared output folder: two different files of one name
never share a JSON; identical bytes dropped on both at once are extracted once; a
reservation whose worker died is taken over when its lease runs out.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from vanban.flows.claims import Claim, claim_file
from vanban.flows.extractor import Extracted
from vanban.flows.folders import OutDirs
from vanban.flows.process import BatchContext, Outcome, process_claim
from vanban.models.document import Document, SourceInfo
from vanban.store.postgres import PostgresStore
from vanban.store.sqlite import SQLiteStore

Store = SQLiteStore | PostgresStore


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[Store]]:
    """Two store objects (two workers' connections) on one database."""
    if request.param == "sqlite":
        stores: list[Store] = [SQLiteStore(tmp_path / "s.sqlite") for _ in range(2)]
    else:
        url = request.getfixturevalue("pg_url")
        stores = [PostgresStore(url) for _ in range(2)]
    yield stores
    for store in stores:
        store.close()


def fake_extract(path: str) -> Extracted:
    p = Path(path)
    doc = Document(
        extractor_version="test",
        source=SourceInfo(
            filename=p.name,
            sha256=hashlib.sha256(p.read_bytes()).hexdigest(),
            format="txt",
            pages=1,
            ocr=False,
        ),
        title=p.read_text(encoding="utf-8"),
    )
    return Extracted(doc.model_dump_json())


class Counting:
    """An extractor that counts its calls and takes ``seconds`` each."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.calls, self._lock = seconds, 0, threading.Lock()

    def __call__(self, path: str) -> Extracted:
        with self._lock:
            self.calls += 1
        time.sleep(self.seconds)
        return fake_extract(path)


def drop(inbox: Path, rel: str, text: str) -> Path:
    path = inbox / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_together(claims: list[Claim], ctxs: list[BatchContext]) -> list[Outcome]:
    with ThreadPoolExecutor(len(claims)) as pool:
        return list(pool.map(process_claim, claims, ctxs))


def contexts(
    out: OutDirs, stores: list[Any], extract: Callable[[str], Extracted], **kw: Any
) -> list[BatchContext]:
    return [BatchContext(out, s, extract, "test", **kw) for s in stores]


class NoReservations:
    """A store without the reservation methods (the protection before this change)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name in ("reserve_json_name", "reserve_extraction", "release_extraction"):
            raise AttributeError(name)
        return getattr(self._store, name)


def same_name_rounds(tmp_path: Path, stores: list[Any], rounds: int) -> list[list[Outcome]]:
    """Two different files named alike, one per worker, processed at the same instant."""
    out = OutDirs(tmp_path / "out")
    out.make()
    meet = threading.Barrier(2)

    def extract(path: str) -> Extracted:
        meet.wait(timeout=30)  # both extracted: now both choose a JSON name
        return fake_extract(path)

    ctxs = contexts(out, stores, extract)
    results = []
    for r in range(rounds):
        inbox = tmp_path / f"inbox{r}"
        name = f"Báo cáo {r}.txt"
        files = [drop(inbox, f"{w}/{name}", f"round {r} worker {w}") for w in "ab"]
        claims = [claim_file(f, inbox, out) for f in files]
        assert all(claims)
        results.append(run_together(claims, ctxs))  # type: ignore[arg-type]
    return results


def test_one_name_two_files_two_workers_never_share_a_json(
    tmp_path: Path, two_stores: list[Store]
) -> None:
    out = tmp_path / "out"
    for r, pair in enumerate(same_name_rounds(tmp_path, list(two_stores), rounds=25)):
        assert [o.status for o in pair] == ["processed", "processed"]
        paths = [o.json_path for o in pair]
        assert paths[0] != paths[1], f"round {r}: one JSON for both files"
        assert f"json/Báo cáo {r}.txt.json" in paths
        for o in pair:
            assert o.json_path is not None
            data = json.loads((out / o.json_path).read_text(encoding="utf-8"))
            assert data["source"]["sha256"] == o.sha256
    assert len(list((out / "json").iterdir())) == 50


def test_without_the_reservation_the_race_is_real(tmp_path: Path, two_stores: list[Store]) -> None:
    """The test above can fail: with a per-process lock only, the names collide."""
    rounds = same_name_rounds(tmp_path, [NoReservations(s) for s in two_stores], rounds=10)
    assert any(a.json_path == b.json_path for a, b in rounds)


def test_identical_bytes_on_two_workers_extracted_once(
    tmp_path: Path, two_stores: list[Store]
) -> None:
    out = OutDirs(tmp_path / "out")
    out.make()
    for r in range(3):
        slow = Counting(0.5)
        inbox = tmp_path / f"inbox{r}"
        files = [drop(inbox, f"{w}/copy {w}.txt", f"the same bytes {r}") for w in "ab"]
        claims = [claim_file(f, inbox, out) for f in files]
        outcomes = run_together(claims, contexts(out, list(two_stores), slow))  # type: ignore[arg-type]
        assert slow.calls == 1
        assert sorted(o.status for o in outcomes) == ["duplicate", "processed"]
        sha = outcomes[0].sha256
        assert sha is not None and outcomes[1].sha256 == sha
        assert sorted(two_stores[0].names(sha)) == ["copy a.txt", "copy b.txt"]
        assert not any(c is not None and c.folder.exists() for c in claims)
        assert (out.out / str(outcomes[0].archive_path)).exists()
    assert len(list(out.json.iterdir())) == 3


def test_without_the_reservation_both_extract(tmp_path: Path, two_stores: list[Store]) -> None:
    out = OutDirs(tmp_path / "out")
    out.make()
    slow = Counting(0.5)
    files = [drop(tmp_path / "inbox", f"{w}/copy.txt", "the same bytes") for w in "ab"]
    claims = [claim_file(f, tmp_path / "inbox", out) for f in files]
    stores = [NoReservations(s) for s in two_stores]
    run_together(claims, contexts(out, stores, slow))  # type: ignore[arg-type]
    assert slow.calls == 2


def test_reservation_of_a_dead_worker_is_taken_over(
    tmp_path: Path, two_stores: list[Store]
) -> None:
    out = OutDirs(tmp_path / "out")
    out.make()
    path = drop(tmp_path / "inbox", "x.txt", "bytes a dead worker had started")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    dead, alive = two_stores
    assert dead.reserve_extraction(sha, "host-1-dead", 1.5)  # then the worker died
    assert not alive.reserve_extraction(sha, "host-2-alive", 60)  # the lease is live
    slow = Counting(0.0)
    claim = claim_file(path, tmp_path / "inbox", out)
    assert claim is not None
    t0 = time.monotonic()
    outcome = process_claim(claim, BatchContext(out, alive, slow, "test", lease=60))
    waited = time.monotonic() - t0
    assert outcome.status == "processed" and slow.calls == 1
    assert 1.0 <= waited < 10, waited  # until the dead worker's lease ran out, not longer
    assert alive.has(sha)
    # released after storing: anyone may reserve again at once
    assert dead.reserve_extraction(sha, "host-3", 60)


def test_waiting_worker_gives_up_after_twice_the_lease(
    tmp_path: Path, two_stores: list[Store]
) -> None:
    """A holder that keeps renewing (alive but slow) is waited for at most 2 × lease."""
    out = OutDirs(tmp_path / "out")
    out.make()
    path = drop(tmp_path / "inbox", "y.txt", "bytes held by a slow worker")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    holder, waiter = two_stores
    stop, held = threading.Event(), threading.Event()

    def renew() -> None:
        while not stop.is_set():
            if holder.reserve_extraction(sha, "host-1-slow", 0.5):
                held.set()
            stop.wait(0.1)

    thread = threading.Thread(target=renew)
    thread.start()
    assert held.wait(10)  # the holder has its reservation before the waiter arrives
    try:
        claim = claim_file(path, tmp_path / "inbox", out)
        assert claim is not None
        slow = Counting(0.0)
        t0 = time.monotonic()
        outcome = process_claim(claim, BatchContext(out, waiter, slow, "test", lease=0.5))
        waited = time.monotonic() - t0
    finally:
        stop.set()
        thread.join()
    assert outcome.status == "processed" and slow.calls == 1
    assert 1.0 <= waited < 5, waited
