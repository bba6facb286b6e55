"""Re-extract archived originals with the current extractor (``vanban reprocess``).

Dropping the same bytes again never re-extracts; a new extractor version does, on demand:
every stored document whose ``extractor_version`` differs from the current one (or every
document with ``everything=True``) is read again from ``archive/``, its JSON replaced
atomically in place and its store rows replaced. A failure keeps the previous JSON.

Example::

    run_reprocess(Path("out"))    # {"reprocessed": 12, "failed": 0, "current": 140}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from vanban.flows.claims import folder_lock
from vanban.flows.extractor import DEFAULT_EXTRACTOR, ExtractorPool, shared_pool
from vanban.flows.findings import run_checks
from vanban.flows.folders import OutDirs, write_atomic
from vanban.models.document import Document
from vanban.review.hooks import decision_entry, finish_extraction
from vanban.store import open_store
from vanban.store.sqlite import SQLiteStore

_state: dict[str, Any] = {}


@task(name="reprocess-file", task_run_name="{name}", cache_policy=NO_CACHE, persist_result=False)
def reprocess_file(sha256: str, name: str) -> dict[str, Any]:
    store: SQLiteStore = _state["store"]
    pool: ExtractorPool = _state["pool"]
    dirs: OutDirs = _state["dirs"]
    rec = store.record(sha256)
    assert rec is not None
    logger = get_run_logger()
    result = pool.extract(str(dirs.out / rec.archive_path))
    if result.doc_json is None:
        logger.warning("%s: re-extraction failed, previous JSON kept: %s", name, result.error)
        return {"sha256": sha256, "name": name, "ok": False, "error": result.error}
    doc = Document.model_validate_json(result.doc_json)
    doc.source.filename = rec.original_name  # the archive name is <sha>.<ext>
    json_rel = rec.json_path or f"json/{rec.original_name}.{sha256[:8]}.json"
    json_path = dirs.out / json_rel
    # review (issue 6): saved corrections; the replaced JSON kept with the diff beside it
    final = finish_extraction(
        dirs.out, doc, json_path=json_path, previous=json_path,
        decision=decision_entry(store, sha256),
    )  # fmt: skip
    doc = final.document
    if final.failed_corrections:
        logger.warning("%s: corrections no longer apply: %s", name, final.failed_corrections)
    write_atomic(json_path, final.doc_json + "\n")
    store.put(
        doc,
        original_name=rec.original_name,
        archive_path=rec.archive_path,
        extractor_version=doc.extractor_version,
        json_path=json_rel,
    )
    logger.info("%s: re-extracted with %s", name, doc.extractor_version)
    return {"sha256": sha256, "name": name, "ok": True}


@flow(name="vanban-reprocess", persist_result=False)
def reprocess_batch(
    out: str,
    everything: bool = False,
    extractor: str = DEFAULT_EXTRACTOR,
    processes: int | None = None,
) -> dict[str, Any]:
    """Re-extract stale (or all) stored documents from their archived originals."""
    from vanban import EXTRACTOR_VERSION

    dirs = OutDirs(Path(out))
    logger = get_run_logger()
    with folder_lock(dirs):
        store = open_store(out=dirs.out)
        pool = shared_pool(extractor, processes)
        try:
            records = list(store.iter_records())
            todo = [r for r in records if everything or r.extractor_version != EXTRACTOR_VERSION]
            _state.update(store=store, pool=pool, dirs=dirs)
            futures = [reprocess_file.submit(r.sha256, r.original_name) for r in todo]
            results = [f.result() for f in futures]
            docs = [d for r in results if r["ok"] for d in [store.get(r["sha256"])] if d]
            if docs:
                run_checks(store, docs, dirs)
        finally:
            _state.clear()
            store.close()
    summary = {
        "reprocessed": sum(r["ok"] for r in results),
        "failed": sum(not r["ok"] for r in results),
        "current": len(records) - len(todo),
        "failures": [r for r in results if not r["ok"]],
    }
    logger.info("reprocessed %(reprocessed)d, failed %(failed)d, up to date %(current)d", summary)
    return summary


def run_reprocess(out: Path, **params: Any) -> dict[str, Any]:
    processes = params.get("processes") or max(1, os.cpu_count() or 1)
    runner: Any = ThreadPoolTaskRunner(max_workers=2 * processes + 2)
    result: dict[str, Any] = reprocess_batch.with_options(task_runner=runner)(str(out), **params)
    return result
