"""After each batch: the cross-document checks (``checks.incremental``) on what changed.

Writes ``<out>/findings.json`` atomically: the batch's documents (sha256) and the
findings the checks returned for them, e.g.::

    {"generated_at": "2026-11-22T01:40:00+00:00", "documents": ["9f2c…"],
     "findings": [{"code": "cites_unknown_document", ...}]}
"""

from __future__ import annotations

from datetime import UTC, datetime

from checks.incremental import check_batch
from flows.folders import OutDirs, write_json_atomic
from models.document import Document
from store.base import CorpusStore


def run_checks(store: CorpusStore, docs: list[Document], dirs: OutDirs) -> int:
    """Run the checks on ``docs`` (already stored), write findings.json, return the count."""
    findings = check_batch(store, docs)
    write_json_atomic(
        dirs.findings,
        {
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "documents": [d.source.sha256 for d in docs],
            "findings": [f.model_dump(mode="json") for f in findings],
        },
    )
    return len(findings)
