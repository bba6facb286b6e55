"""The inbox flow: one Prefect flow run per batch, one task run per file.

``inbox_batch(inbox, out)`` resumes claims left by a crashed run, claims the ready inbox
files (``vanban.flows.scan``), processes each in a task (threads; the extraction itself runs in
a process pool, ``vanban.flows.extractor``), runs the corpus checks on the batch and returns a
summary. Works with Prefect's ephemeral API (no configuration) and with
``PREFECT_API_URL`` pointing at a server.

Example::

    summary = run_batch(Path("inbox"), Path("out"))
    summary["processed"], summary["duplicates"], summary["quarantined"]   # (3, 1, 2)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from vanban.flows.claims import Claim, claim_file, folder_lock, pending_claims
from vanban.flows.extractor import DEFAULT_EXTRACTOR, shared_pool
from vanban.flows.findings import processed_documents, run_checks
from vanban.flows.folders import OutDirs, drop_stale_temps
from vanban.flows.process import BatchContext, Outcome, process_claim
from vanban.flows.scan import InboxScanner
from vanban.store import open_store

ProgressHook = Callable[[str, Any], None]
"""Called as ``hook("start", total)`` then ``hook("file", Outcome)`` per file."""

_progress: ProgressHook | None = None
_context: BatchContext | None = None


def set_progress_hook(hook: ProgressHook | None) -> None:
    """The CLI's progress bar (module-level: hooks are not flow parameters)."""
    global _progress
    _progress = hook


def _notify(event: str, value: Any) -> None:
    if _progress is not None:
        _progress(event, value)


@task(name="process-file", task_run_name="{name}", cache_policy=NO_CACHE, persist_result=False)
def process_file(folder: str, name: str, inbox_rel: str) -> dict[str, Any]:
    """One claimed file → archive/ + json/, or quarantine/."""
    assert _context is not None, "process_file runs inside inbox_batch"
    outcome = process_claim(Claim(Path(folder), name, inbox_rel), _context)
    logger = get_run_logger()
    if outcome.status == "quarantined":
        err = outcome.error or {}
        logger.warning(
            "%s: quarantined (%s at %s: %s)",
            name,
            err.get("code"),
            err.get("stage"),
            err.get("message"),
        )
    else:
        logger.info("%s: %s %s", name, outcome.status, outcome.json_path or "")
    _notify("file", outcome)
    return outcome.to_dict()


@flow(name="vanban-inbox", persist_result=False)
def inbox_batch(
    inbox: str,
    out: str,
    settle_seconds: float = 2.0,
    settle_empty_seconds: float = 10.0,
    max_files: int = 1000,
    extractor: str = DEFAULT_EXTRACTOR,
    processes: int | None = None,
    strict: bool = False,
) -> dict[str, Any]:
    """Process what is ready in ``inbox`` (at most ``max_files``) into ``out``;
    ``strict``: quarantine files that are not official documents."""
    global _context
    from vanban import EXTRACTOR_VERSION

    logger = get_run_logger()
    inbox_dir, dirs = Path(inbox), OutDirs(Path(out))
    check_inbox(inbox_dir)
    if dirs.out.resolve().is_relative_to(inbox_dir.resolve()):
        raise ValueError(f"the output folder {dirs.out} must not be inside the inbox {inbox_dir}")
    dirs.make()
    with folder_lock(dirs):
        store = open_store(out=dirs.out)
        pool = shared_pool(extractor, processes)
        try:
            resumed = pending_claims(dirs)
            for stale in drop_stale_temps(dirs):  # half-written by a killed run
                logger.info("removed %s, left by a killed run", dirs.rel(stale))
            scanner = InboxScanner(inbox_dir, settle_seconds, settle_empty_seconds)
            ready, waiting = scanner.wait_ready()
            claims: list[Claim] = list(resumed)
            vanished = 0
            for path in ready[: max(0, max_files - len(claims))]:
                claim = claim_file(path, inbox_dir, dirs)
                if claim is None:
                    vanished += 1
                    logger.info("%s: removed from the inbox while queued", path.name)
                else:
                    claims.append(claim)
            more = max(0, len(ready) - max(0, max_files - len(resumed)))
            if resumed:
                logger.warning("resuming %d file(s) claimed by an interrupted run", len(resumed))
            _context = BatchContext(dirs, store, pool.extract, EXTRACTOR_VERSION, strict=strict)
            _notify("start", len(claims))
            futures = [process_file.submit(str(c.folder), c.name, c.inbox_rel) for c in claims]
            outcomes = [_outcome(f, c) for f, c in zip(futures, claims, strict=True)]
            docs = processed_documents(store, outcomes)
            findings = run_checks(store, docs, dirs) if docs else None
        finally:
            _context = None
            store.close()
    summary = summarize(outcomes, vanished=vanished, waiting=len(waiting) + more)
    summary["findings"] = findings
    logger.info(summary_line(summary))
    return summary


class InboxMissing(FileNotFoundError):
    """The inbox folder does not exist (a typo is refused, never created)."""


def check_inbox(inbox: Path) -> None:
    """Refuse an inbox that is missing or not a folder: processing nothing silently
    because of a typo in a path is worse than an error."""
    if not inbox.is_dir():
        what = "does not exist" if not inbox.exists() else "is not a folder"
        raise InboxMissing(f"inbox {inbox} {what}")


def _outcome(future: Any, claim: Claim) -> Outcome:
    """The task's outcome; a task that raised leaves its file claimed for the next run."""
    result = future.result(raise_on_failure=False)
    if isinstance(result, dict):
        return Outcome(**result)
    message = str(result) if isinstance(result, BaseException) else "task failed"
    get_run_logger().error("%s: left in .work/ for the next run (%s)", claim.name, message)
    return Outcome(claim.name, "failed", error={"code": "task_failed", "message": message})


def summarize(outcomes: list[Outcome], *, vanished: int = 0, waiting: int = 0) -> dict[str, Any]:
    statuses = ("processed", "duplicate", "quarantined", "failed")
    count = {s: sum(o.status == s for o in outcomes) for s in statuses}
    return {
        "processed": count["processed"],
        "duplicates": count["duplicate"],
        "quarantined": count["quarantined"],
        "failed": count["failed"],
        "vanished": vanished + sum(o.status == "vanished" for o in outcomes),
        "resumed": sum(o.resumed for o in outcomes),
        "waiting": waiting,
        "files": [o.to_dict() for o in outcomes],
    }


def summary_line(summary: dict[str, Any]) -> str:
    """``processed 3, skipped as duplicates 1, quarantined 2`` (+ vanished/waiting if any)."""
    line = (
        f"processed {summary['processed']}, skipped as duplicates {summary['duplicates']}, "
        f"quarantined {summary['quarantined']}"
    )
    for key in ("failed", "vanished", "waiting", "resumed"):
        if summary.get(key):
            line += f", {key} {summary[key]}"
    return line


def run_batch(
    inbox: Path, out: Path, *, threads: int | None = None, **params: Any
) -> dict[str, Any]:
    """Call the flow with a thread pool sized for the process pool (2 threads a worker)."""
    processes = params.get("processes") or max(1, os.cpu_count() or 1)
    runner: Any = ThreadPoolTaskRunner(max_workers=threads or 2 * processes + 2)
    result: dict[str, Any] = inbox_batch.with_options(task_runner=runner)(
        str(inbox), str(out), **params
    )
    return result
