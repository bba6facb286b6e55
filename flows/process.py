"""One claimed file through the folder protocol (no Prefect here, no parsing either).

``process_claim`` hashes the file, recognises bytes already in the store (duplicate:
no extraction), otherwise extracts, writes ``json/<name>.json`` atomically, records the
document, and moves the original to ``archive/``; on failure it writes
``quarantine/<name>.error.json`` and moves the file beside it. Order of effects, so that a
crash at any point is resumed without loss or double output (docs/inbox.md):

1. JSON ``json/<name>.json`` (atomic rename) → 2. store row → 3. original to archive → 4. claim released.

Across workers (docs/scale-out.md) the store arbitrates two races: the sha256 is reserved
(``store.reserve_extraction``, a lease) before extracting, so identical bytes dropped on
two machines at once are extracted once; and ``json/<name>.json`` is reserved
(``store.reserve_json_name``, insert-if-absent) before it is written, so two different
files of one name never share a JSON.

Example::

    outcome = process_claim(claim, ctx)
    outcome.status, outcome.json_path   # ('processed', 'json/Kế hoạch 115.docx.json')
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from vanban.codes import NOT_OFFICIAL
from vanban.flows.claims import Claim, release
from vanban.flows.extractor import Extracted
from vanban.flows.folders import (
    NotARegularFile,
    OutDirs,
    entry_kind,
    file_sha256,
    free_name,
    is_regular_file,
    move,
    move_verified,
    write_atomic,
    write_json_atomic,
)
from vanban.models.document import Document
from vanban.review.hooks import decision_entry, finish_extraction, previous_version
from vanban.store.base import CorpusStore, QuarantineRecord, StoredRecord

Status = Literal["processed", "duplicate", "quarantined", "vanished", "failed"]

LEASE_ENV = "VANBAN_LEASE_SECONDS"
DEFAULT_LEASE = 120.0
"""Seconds a worker holds a sha256 it extracts (longer than the longest extraction)."""


def new_worker_id() -> str:
    """``<host>-<pid>-<random>``: who holds a reservation in the store."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def extraction_lease() -> float:
    return float(os.environ.get(LEASE_ENV) or DEFAULT_LEASE)


@dataclass
class Outcome:
    """What happened to one file (a Prefect task's return value, JSON-friendly)."""

    name: str
    status: Status
    sha256: str | None = None
    json_path: str | None = None
    archive_path: str | None = None
    quarantine_path: str | None = None
    error: dict[str, Any] | None = None
    resumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BatchContext:
    """What every file of a batch shares: folders, store, extractor, locks."""

    dirs: OutDirs
    store: CorpusStore
    extract: Callable[[str], Extracted]
    extractor_version: str
    strict: bool = False
    """Quarantine a file that is not an official document (``not_an_official_document``)
    instead of storing it (``vanban run --strict``)."""
    worker: str = field(default_factory=new_worker_id)
    lease: float = field(default_factory=extraction_lease)
    _names_lock: threading.Lock = field(default_factory=threading.Lock)
    _sha_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _sha_guard: threading.Lock = field(default_factory=threading.Lock)

    def sha_lock(self, sha: str) -> threading.Lock:
        """Same bytes twice in one batch: the second waits and is then a duplicate."""
        with self._sha_guard:
            return self._sha_locks.setdefault(sha, threading.Lock())


def process_claim(claim: Claim, ctx: BatchContext) -> Outcome:
    """Take one claimed file to archive/ (with its JSON) or quarantine/."""
    if not claim.payload.exists() and not claim.payload.is_symlink():
        release(claim)
        return Outcome(claim.name, "vanished")
    if not is_regular_file(claim.payload):
        return quarantine(claim, None, _not_regular(claim), ctx)
    try:
        sha = file_sha256(claim.payload)
    except NotARegularFile:  # replaced between the check and the open
        return quarantine(claim, None, _not_regular(claim), ctx)
    with ctx.sha_lock(sha):
        return _process(claim, sha, ctx)


def _not_regular(claim: Claim) -> dict[str, Any]:
    kind = entry_kind(claim.payload)
    return {
        "code": "not_a_regular_file",
        "stage": "read",
        "exception": "NotARegularFile",
        "message": f"{claim.inbox_rel} is a {kind}, not a regular file: it was not opened "
        "(a link is moved as a link, its target left untouched)",
    }


def _process(claim: Claim, sha: str, ctx: BatchContext) -> Outcome:
    rec = ctx.store.record(sha)
    if rec is not None:
        return _duplicate(claim, rec, ctx)
    reserved = reserve_extraction(sha, ctx)
    try:
        rec = ctx.store.record(sha)  # another worker stored it while we waited
        if rec is not None:
            return _duplicate(claim, rec, ctx)
        with renewed(sha, ctx) if reserved else contextlib.nullcontext():
            return _extract(claim, sha, ctx)
    finally:
        if reserved:
            ctx.store.release_extraction(sha, ctx.worker)


@contextlib.contextmanager
def renewed(sha: str, ctx: BatchContext) -> Iterator[None]:
    """Renew this worker's reservation of ``sha`` every third of the lease while the
    block runs: an extraction longer than the lease (a 300-page scan) is not taken over
    by another worker; a worker that dies stops renewing and is taken over."""
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ctx.lease / 3):
            try:
                ctx.store.reserve_extraction(sha, ctx.worker, ctx.lease)
            except Exception:  # noqa: BLE001 - a lost renewal only risks a second extraction
                continue

    thread = threading.Thread(target=renew, name=f"lease-{sha[:8]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def reserve_extraction(sha: str, ctx: BatchContext) -> bool:
    """Hold ``sha`` in the store while this worker extracts it; True once held.

    Another worker's live reservation is waited out (polling with backoff up to 2 s,
    at most twice the lease); an expired one (its worker died) is taken over. A store
    without reservations (a test double) gives False at once: extract anyway.
    """
    reserve = getattr(ctx.store, "reserve_extraction", None)
    if reserve is None:
        return False
    deadline = time.monotonic() + 2 * ctx.lease
    delay = 0.05
    while not reserve(sha, ctx.worker, ctx.lease):
        if time.monotonic() > deadline:
            return False  # bounded: at worst extracted twice, stored once (idempotent put)
        time.sleep(delay)
        delay = min(delay * 1.5, 2.0)
    return True


def _duplicate(claim: Claim, rec: StoredRecord, ctx: BatchContext) -> Outcome:
    """Bytes already stored: archive the file (or finish a crashed run's archiving)."""
    archived = ctx.dirs.out / rec.archive_path
    resumed = not archived.exists()  # crashed after the store row, before archiving
    if not resumed:
        ctx.store.add_name(rec.sha256, claim.name)
    move_verified(claim.payload, archived, rec.sha256)
    release(claim)
    return Outcome(
        claim.name,
        "processed" if resumed else "duplicate",
        rec.sha256,
        rec.json_path,
        rec.archive_path,
        resumed=resumed,
    )


def _extract(claim: Claim, sha: str, ctx: BatchContext) -> Outcome:
    dirs = ctx.dirs
    doc, json_path, resumed = _resume_json(claim, sha, ctx)
    if doc is None:
        result = ctx.extract(str(claim.payload))
        if result.doc_json is None:
            return quarantine(claim, sha, result.error or {}, ctx)
        try:
            doc = Document.model_validate_json(result.doc_json)
        except ValueError as exc:  # the worker and this process disagree on the contract
            error = {"code": "invalid_document", "stage": "validate"}
            error |= {"exception": type(exc).__name__, "message": str(exc)}
            return quarantine(claim, sha, error, ctx)
        if ctx.strict and any(w.code == NOT_OFFICIAL for w in doc.warnings):
            error = {"code": NOT_OFFICIAL, "stage": "validate"}
            error["message"] = (
                "no type, number, date or signature was found (--strict quarantines "
                "what is not an official document)"
            )
            return quarantine(claim, sha, error, ctx)
        with ctx._names_lock:
            json_path = _json_target(claim.name, sha, dirs, ctx.store)
            # review (issue 6): saved corrections, and history of an earlier version
            previous = previous_version(ctx.store, doc, dirs.out, json_path)
            final = finish_extraction(
                dirs.out, doc, json_path=json_path, previous=previous,
                decision=decision_entry(ctx.store, sha),
            )  # fmt: skip
            doc = final.document
            write_atomic(json_path, final.doc_json + "\n")
    assert json_path is not None
    archive = dirs.archive_path(sha, claim.name)
    ctx.store.put(
        doc,
        original_name=claim.name,
        archive_path=dirs.rel(archive),
        extractor_version=doc.extractor_version,
        json_path=dirs.rel(json_path),
    )
    move_verified(claim.payload, archive, sha)
    release(claim)
    return Outcome(
        claim.name, "processed", sha, dirs.rel(json_path), dirs.rel(archive), resumed=resumed
    )


def _json_target(name: str, sha: str, dirs: OutDirs, store: CorpusStore | None = None) -> Path:
    """``json/<name>.json``, or ``json/<name>.<sha8>.json`` when another file owns the name.

    The extension stays in the name: "Kế hoạch 115.pdf" and "Kế hoạch 115.docx" are
    often dropped together and must not compete for one JSON. A candidate is first
    reserved in the store (one owner per name across machines), then checked on disk
    (a JSON written before the reservations existed).
    """
    reserve = getattr(store, "reserve_json_name", None)
    for candidate in _json_candidates(name, sha, dirs):
        if reserve is not None and reserve(dirs.rel(candidate), sha) != sha:
            continue
        if not candidate.exists() or _json_sha(candidate) == sha:
            return candidate
    return free_name(dirs.json, f"{name}.json", sha[:8])


def _json_candidates(name: str, sha: str, dirs: OutDirs) -> tuple[Path, Path]:
    return dirs.json / f"{name}.json", dirs.json / f"{name}.{sha[:8]}.json"


def _json_sha(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["source"]["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _resume_json(
    claim: Claim, sha: str, ctx: BatchContext
) -> tuple[Document | None, Path | None, bool]:
    """A JSON for these bytes already written by a run that crashed before the store row."""
    for candidate in _json_candidates(claim.name, sha, ctx.dirs):
        if candidate.exists() and _json_sha(candidate) == sha:
            try:
                doc = Document.model_validate_json(candidate.read_text(encoding="utf-8"))
            except ValueError:
                return None, None, False
            if doc.extractor_version == ctx.extractor_version:
                return doc, candidate, True
    return None, None, False


def quarantine(claim: Claim, sha: str | None, error: dict[str, Any], ctx: BatchContext) -> Outcome:
    """Write ``<name>.error.json`` then move the file beside it; record the reason."""
    dirs = ctx.dirs
    with ctx._names_lock:
        target = free_name(dirs.quarantine, claim.name, (sha or "nosha")[:8])
        report = {
            "file": target.name,
            "original_name": claim.name,
            "inbox_path": claim.inbox_rel,
            "sha256": sha,
            "size_bytes": claim.payload.lstat().st_size if is_regular_file(claim.payload) else None,
            "code": error.get("code", "unknown"),
            "stage": error.get("stage", "unknown"),
            "exception": error.get("exception"),
            "message": error.get("message", ""),
            "extractor_version": ctx.extractor_version,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        if "traceback" in error:
            report["traceback"] = error["traceback"]
        write_json_atomic(target.with_name(target.name + ".error.json"), report)
        move(claim.payload, target)
    ctx.store.record_quarantine(
        QuarantineRecord(
            original_name=claim.name,
            quarantine_path=dirs.rel(target),
            code=str(report["code"]),
            stage=str(report["stage"]),
            message=str(report["message"]),
            extractor_version=ctx.extractor_version,
            sha256=sha,
        )
    )
    release(claim)
    return Outcome(claim.name, "quarantined", sha, quarantine_path=dirs.rel(target), error=error)
