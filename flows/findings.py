"""After each batch: the cross-document checks (``vanban.checks.incremental``) on what changed.

Writes ``<out>/findings.json`` atomically: the batch's documents (sha256) and the
findings the checks returned for them, e.g.::

    {"generated_at": "2026-11-22T01:40:00+00:00", "documents": ["9f2c…"],
     "findings": [{"code": "cites_unknown_document", ...}]}
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.checks.incremental import check_batch
from vanban.flows.folders import OutDirs, write_json_atomic
from vanban.models.document import Document
from vanban.store.base import CorpusStore

if TYPE_CHECKING:
    from vanban.flows.process import Outcome


def processed_documents(store: CorpusStore, outcomes: Iterable[Outcome]) -> list[Document]:
    """The stored documents of a batch's processed files (what the checks look at)."""
    docs = (store.get(o.sha256) for o in outcomes if o.status == "processed" and o.sha256)
    return [d for d in docs if d is not None]


def check_and_write(store: CorpusStore, docs: list[Document], path: Path, **extra: Any) -> int:
    """Run the checks on ``docs`` (already stored), write ``path`` atomically, return the
    number of findings. ``extra`` keys (e.g. the worker's ``owner``) go into the report."""
    findings = check_batch(store, docs)
    write_json_atomic(
        path,
        {
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **extra,
            "documents": [d.source.sha256 for d in docs],
            "findings": [f.model_dump(mode="json") for f in findings],
        },
    )
    return len(findings)


def run_checks(store: CorpusStore, docs: list[Document], dirs: OutDirs) -> int:
    """The single-machine flow's report: ``<out>/findings.json``."""
    return check_and_write(store, docs, dirs.findings)
