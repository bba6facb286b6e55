"""Scale-out: the inbox flow as a deployment of the process work pool ``vanban``.

Any number of ``prefect worker start --pool vanban`` processes, on machines that all see
the same inbox and output folder, run flow runs of ``vanban-pool/inbox``. Each flow run
is one *owner* (``<host>-<pid>-<random>``) with its claim folder ``out/.claims/<owner>/``:

1. **claim**: a file is taken by one ``rename`` from the inbox into the owner's claim
   folder (``vanban.flows.claims.claim_file``): of two workers racing for a file exactly one
   rename succeeds; the other sees the file gone and moves on. A run claims the next
   file only when one of its task slots is free, so the others find the rest;
2. **lease**: while the flow run lives, a thread touches ``.claims/<owner>/heartbeat``
   every ``lease/4`` seconds;
3. **take-over**: a run that finds an owner whose heartbeat is older than the lease
   renames that owner's claim folders into its own (again one rename: one taker wins)
   and resumes them with the crash-journal rules of docs/inbox.md (a JSON already
   written is read back, a stored document is only archived).

The store is whatever ``VANBAN_STORE`` names (``postgresql://…`` for several machines).
Each flow run writes the checks' findings for its own documents to
``out/findings/<stamp>-<owner>.json``. No ``.work/lock``: several runs share the folder.

Deploy (``prefect.yaml`` at the repository root, or from Python)::

    python -m vanban.flows.deploy --inbox /srv/inbox --out /srv/out      # = deploy_pool(...)
    prefect worker start --pool vanban --limit 1                   # on every machine
    prefect deployment run vanban-pool/inbox                       # or the schedule
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectConcurrentFuture
from prefect.task_runners import ThreadPoolTaskRunner

from vanban.flows.claims import Claim, claim_file, pending_claims
from vanban.flows.extractor import DEFAULT_EXTRACTOR, shared_pool
from vanban.flows.findings import check_and_write, processed_documents
from vanban.flows.folders import OutDirs, same_filesystem
from vanban.flows.inbox import summarize, summary_line
from vanban.flows.process import BatchContext, Outcome, process_claim
from vanban.flows.scan import InboxScanner
from vanban.store import open_store

REPO = Path(__file__).resolve().parents[1]
POOL = "vanban"
FLOW_NAME = "vanban-pool"
DEPLOYMENT = "inbox"
CLAIMS = ".claims"
HEARTBEAT = "heartbeat"
LEASE_ENV = "VANBAN_LEASE_SECONDS"
DEFAULT_LEASE = 120.0
"""Seconds without a heartbeat after which an owner's claims are taken over."""


def new_owner() -> str:
    """``<host>-<pid>-<random>``: unique per flow run, readable in ``.claims/``."""
    host = "".join(c if c.isalnum() or c in "-_" else "_" for c in socket.gethostname())
    return f"{host or 'host'}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def lease_seconds(value: float | None = None) -> float:
    return float(value or os.environ.get(LEASE_ENV) or DEFAULT_LEASE)


@dataclass(frozen=True)
class WorkerDirs(OutDirs):
    """The output folder as one owner sees it: claims go to ``.claims/<owner>/``."""

    owner: str = "local"

    @property
    def claims_root(self) -> Path:
        return self.out / CLAIMS

    @property
    def work(self) -> Path:
        return self.claims_root / self.owner


class Lease:
    """Keep ``.claims/<owner>/heartbeat`` fresh while the flow run works."""

    def __init__(self, dirs: WorkerDirs, seconds: float) -> None:
        self.dirs, self.seconds = dirs, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vanban-lease", daemon=True)

    @property
    def path(self) -> Path:
        return self.dirs.work / HEARTBEAT

    def beat(self) -> None:
        self.dirs.work.mkdir(parents=True, exist_ok=True)
        info = {"owner": self.dirs.owner, "pid": os.getpid(), "lease_seconds": self.seconds}
        self.path.write_text(json.dumps(info | {"at": time.time()}), encoding="utf-8")

    def _run(self) -> None:
        while not self._stop.wait(self.seconds / 4):
            try:
                self.beat()
            except OSError:  # a shared folder hiccup: the next beat retries
                continue

    def __enter__(self) -> Lease:
        self.beat()
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        drop_owner_folder(self.dirs.work)


def drop_owner_folder(folder: Path) -> None:
    """Remove an owner's folder once it holds no claim (heartbeat alone or nothing)."""
    try:
        if any(p.is_dir() for p in folder.iterdir()):
            return
    except FileNotFoundError:
        return
    (folder / HEARTBEAT).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # a claim appeared meanwhile: the owner lives
        folder.rmdir()


def last_beat(folder: Path) -> float:
    """When the owner last proved alive (its heartbeat, else the folder's own mtime)."""
    for path in (folder / HEARTBEAT, folder):
        try:
            return path.stat().st_mtime
        except FileNotFoundError:
            continue
    return 0.0


def expired_owners(dirs: WorkerDirs, lease: float, now: float | None = None) -> list[Path]:
    """Other owners' folders whose heartbeat is older than ``lease`` seconds."""
    now = time.time() if now is None else now
    if not dirs.claims_root.exists():
        return []
    return [
        folder
        for folder in sorted(dirs.claims_root.iterdir())
        if folder.is_dir() and folder.name != dirs.owner and now - last_beat(folder) > lease
    ]


def take_over(dirs: WorkerDirs, lease: float, now: float | None = None) -> list[Claim]:
    """Move the claims of dead owners into ours (one rename each: one taker wins)."""
    dirs.work.mkdir(parents=True, exist_ok=True)
    for owner in expired_owners(dirs, lease, now):
        try:
            folders = sorted(p for p in owner.iterdir() if p.is_dir())
        except FileNotFoundError:  # another worker emptied and removed it
            continue
        for folder in folders:
            try:
                os.rename(folder, dirs.work / folder.name)
            except OSError:  # another worker took it first
                continue
        drop_owner_folder(owner)
    return pending_claims(dirs)


@dataclass
class RunState:
    """What the tasks of one flow run share (tasks take only strings as parameters)."""

    inbox: Path
    dirs: WorkerDirs
    batch: BatchContext


_state: RunState | None = None
WINDOW = 2 * (os.cpu_count() or 1) + 2
"""Files a flow run holds claimed and unfinished: two per extraction process (+2)."""
THREADS: Any = ThreadPoolTaskRunner(max_workers=WINDOW)


@task(name="process-file", task_run_name="{name}", cache_policy=NO_CACHE, persist_result=False)
def process_claimed(folder: str, name: str, inbox_rel: str) -> dict[str, Any]:
    """One file this flow run has claimed → archive/ + json/, or quarantine/."""
    assert _state is not None, "process_claimed runs inside pool_batch"
    outcome = process_claim(Claim(Path(folder), name, inbox_rel), _state.batch)
    get_run_logger().info("%s: %s %s", name, outcome.status, outcome.json_path or "")
    return outcome.to_dict()


def claim_as_slots_free(paths: list[Path], state: RunState, window: int) -> tuple[list[Any], int]:
    """Claim the next ready file only when a task slot is free (at most ``window`` claimed
    and unfinished), so the other workers find the rest still in the inbox. Returns the
    task futures and how many files another worker had claimed first."""
    futures: list[Any] = []
    in_flight: set[Future[Any]] = set()
    elsewhere = 0
    queue = list(reversed(paths))
    while queue:
        while queue and len(in_flight) < window:
            claim = claim_file(queue.pop(), state.inbox, state.dirs)
            if claim is None:
                elsewhere += 1
                continue
            future = process_claimed.submit(str(claim.folder), claim.name, claim.inbox_rel)
            futures.append(future)
            if isinstance(future, PrefectConcurrentFuture):
                in_flight.add(future.wrapped_future)
            else:  # another task runner: wait for this one
                future.wait()
        if in_flight:
            _done, pending = wait_futures(in_flight, return_when=FIRST_COMPLETED)
            in_flight = set(pending)
    return futures, elsewhere


@task(name="resume-claim", task_run_name="{name}", cache_policy=NO_CACHE, persist_result=False)
def resume_claim(folder: str, name: str, inbox_rel: str) -> dict[str, Any]:
    """Finish a claim taken over from a dead owner."""
    assert _state is not None, "resume_claim runs inside pool_batch"
    outcome = process_claim(Claim(Path(folder), name, inbox_rel), _state.batch)
    get_run_logger().warning("%s: taken over, %s", name, outcome.status)
    outcome.resumed = True
    return outcome.to_dict()


@flow(
    name=FLOW_NAME,
    persist_result=False,
    task_runner=THREADS,
)
def pool_batch(
    inbox: str,
    out: str,
    settle_seconds: float = 2.0,
    settle_empty_seconds: float = 10.0,
    max_files: int = 1000,
    extractor: str = DEFAULT_EXTRACTOR,
    processes: int | None = None,
    lease: float | None = None,
) -> dict[str, Any]:
    """One worker's share of the inbox: take over dead owners' claims, then claim files
    one at a time (in a random order, so workers rarely race for the same file)."""
    global _state
    from vanban import EXTRACTOR_VERSION

    logger = get_run_logger()
    inbox_dir, base = Path(inbox), OutDirs(Path(out))
    base.make()
    if not same_filesystem(inbox_dir, base.out):
        raise RuntimeError(f"{inbox_dir} and {base.out} must be on one file system (rename)")
    dirs = WorkerDirs(base.out, new_owner())
    seconds = lease_seconds(lease)
    store = open_store(out=base.out)
    try:
        with Lease(dirs, seconds):
            batch = BatchContext(
                base,
                store,
                shared_pool(extractor, processes).extract,
                EXTRACTOR_VERSION,
                worker=dirs.owner,  # a reservation names the worker its claims name
                lease=seconds,  # and ends with that worker's heartbeat lease
            )
            _state = RunState(inbox_dir, dirs, batch)
            taken = take_over(dirs, seconds)
            if taken:
                logger.warning("taking over %d claim(s) of stopped workers", len(taken))
            futures: list[Any] = [
                resume_claim.submit(str(c.folder), c.name, c.inbox_rel) for c in taken
            ]
            ready, waiting = InboxScanner(
                inbox_dir, settle_seconds, settle_empty_seconds
            ).wait_ready()
            random.Random(dirs.owner).shuffle(ready)
            chosen = ready[: max(0, max_files - len(taken))]
            claimed, elsewhere = claim_as_slots_free(chosen, _state, WINDOW)
            futures += claimed
            results = [f.result(raise_on_failure=False) for f in futures]
            outcomes = [Outcome(**r) for r in results if isinstance(r, dict)]
            failed = [r for r in results if isinstance(r, BaseException)]
            docs = processed_documents(store, outcomes)
            findings = write_findings(store, docs, dirs) if docs else None
    finally:
        _state = None
        store.close()
    summary = summarize(outcomes, waiting=len(waiting) + len(ready) - len(chosen))
    summary |= {
        "owner": dirs.owner,
        "taken_over": len(taken),
        "claimed_elsewhere": elsewhere,
        "failed": summary["failed"] + len(failed),
        "findings": findings,
    }
    logger.info("%s: %s", dirs.owner, summary_line(summary))
    return summary


def write_findings(store: Any, docs: list[Any], dirs: WorkerDirs) -> int:
    """``out/findings/<stamp>-<owner>.json``: this run's documents and their findings."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = dirs.out / "findings" / f"{stamp}-{dirs.owner}.json"
    return check_and_write(store, docs, path, owner=dirs.owner)


def deploy_pool(
    inbox: str,
    out: str,
    *,
    name: str = DEPLOYMENT,
    pool: str = POOL,
    interval: float | None = None,
    parameters: dict[str, Any] | None = None,
    job_env: dict[str, str] | None = None,
) -> str:
    """Register ``vanban-pool/<name>`` on the process work pool ``pool`` (created if
    missing); returns the deployment id. Workers run it from this repository folder."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def ensure_pool() -> None:
        async with get_client() as client:
            with contextlib.suppress(ObjectAlreadyExists):
                await client.create_work_pool(WorkPoolCreate(name=pool, type="process"))

    run_coro_as_sync(ensure_pool())
    source: Any = pool_batch.from_source(source=str(REPO), entrypoint="flows/deploy.py:pool_batch")
    deployment_id = source.deploy(
        name=name,
        work_pool_name=pool,
        parameters={"inbox": inbox, "out": out} | (parameters or {}),
        interval=interval,
        job_variables={"env": job_env or {}, "working_dir": str(REPO)},
        build=False,
        push=False,
        print_next_steps=False,
    )
    return str(deployment_id)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vanban.flows.deploy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--name", default=DEPLOYMENT)
    parser.add_argument("--pool", default=POOL)
    parser.add_argument("--interval", type=float, help="seconds between scheduled runs")
    args = parser.parse_args(list(argv) if argv is not None else None)
    dep = deploy_pool(args.inbox, args.out, name=args.name, pool=args.pool, interval=args.interval)
    print(f"{FLOW_NAME}/{args.name} ({dep}) on work pool {args.pool!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
