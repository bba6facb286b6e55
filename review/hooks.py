"""What the inbox flow calls after each extraction: corrections, then history.

Two calls, both free of Prefect (``flows/`` stays thin)::

    prev = previous_version(store, doc, dirs.out, json_path)         # or None
    final = finish_extraction(dirs.out, doc, json_path=json_path, previous=prev)
    write_atomic(json_path, final.doc_json + "\\n")                 # final.document: the model

1. the reviewer corrections saved in ``<out>/corrections/`` for this document are
   applied (so a correction is never lost to a re-run);
2. when the document was extracted before (``vanban reprocess``: the JSON being
   replaced; a new version of the file: the stored document with the same number and
   issuer, or the same file name), the previous JSON is kept as
   ``<name>.previous.json`` and the diff written as ``<name>.diff.json`` beside the new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.review.corrections import FOLDER, apply_saved_corrections
from vanban.review.history import keep_history, same_identity

if TYPE_CHECKING:
    from vanban.models.document import Document
    from vanban.store.base import CorpusStore


@dataclass
class Finished:
    """The document after the review steps (the model, and its JSON serialised once),
    and what the steps did to it."""

    document: Document
    doc_json: str
    reviewed: list[str] = field(default_factory=list)
    failed_corrections: list[dict[str, str]] = field(default_factory=list)
    changes: int | None = None
    diff_path: Path | None = None


DECISION_FIELD = "document"
"""The ``reviewed`` entry that carries a reviewer's decision on the whole document
(``vanban serve``): ``{"field": "document", "by": …, "at": …, "note": "status: approved"}``."""


def decision_entry(store: object, sha256: str) -> dict[str, Any] | None:
    """The ``reviewed`` entry of the decision the store holds for ``sha256`` (None when the
    document was never decided, or the store keeps no decisions)."""
    decision = getattr(store, "decision", None)
    if decision is None:
        return None
    status, reviewer, at, _version, note = decision(sha256)
    if status == "new" or reviewer is None:
        return None
    text = f"status: {status}" + (f"; {note}" if note else "")
    return {"field": DECISION_FIELD, "by": reviewer, "at": at, "note": text}


def with_decision(
    reviewed: list[dict[str, Any]], entry: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """``reviewed`` with its decision entry replaced by ``entry``."""
    kept = [r for r in reviewed if r.get("field") != DECISION_FIELD]
    return kept + ([entry] if entry else [])


def finish_extraction(
    out: Path,
    doc: Document,
    *,
    json_path: Path,
    previous: Path | None = None,
    decision: dict[str, Any] | None = None,
) -> Finished:
    """Apply saved corrections to ``doc``; keep history when ``previous`` exists.

    The document is validated once more only when a correction changed it, and serialised
    once, here. ``previous`` may be ``json_path`` itself (a re-extraction in place): it is
    read before the caller replaces it. ``decision``: the reviewer's decision on the
    document (:func:`decision_entry`), kept in ``reviewed``.
    """
    from vanban.models.document import Document

    data: dict[str, Any] = doc.model_dump(mode="json")
    result = apply_saved_corrections(out / FOLDER, data)
    if decision is not None:  # the reviewer's decision (vanban serve) travels with the JSON
        result.document["reviewed"] = with_decision(result.document.get("reviewed") or [], decision)
    changed = bool(result.reviewed) or decision is not None
    final = Document.model_validate(result.document) if changed else doc
    finished = Finished(
        final,
        final.model_dump_json(indent=2),
        [r.field for r in result.reviewed],
        list(result.failed),
    )
    if previous is not None and previous.is_file():
        previous_text = previous.read_text(encoding="utf-8")
        new = result.document if changed else data
        diff = keep_history(json_path, previous_text, new)
        finished.changes = len(diff.changes)
        finished.diff_path = json_path.with_name(json_path.name[: -len(".json")] + ".diff.json")
    return finished


def previous_version(store: CorpusStore, doc: Document, out: Path, json_path: Path) -> Path | None:
    """The JSON of the latest earlier version of ``doc`` (other bytes, same identity).

    Same identity: same number and a common issuer (looked up by the header's identity
    key in the store), or, for documents without a number, the same file name.
    """
    new = json.loads(doc.model_dump_json())
    candidates: list[Document] = []
    if doc.number is not None:
        from vanban.checks.identity import base_key, identity_of_docnumber

        identity = identity_of_docnumber(doc.number)
        if identity is not None:
            # only documents headed by this identity, not every document citing it
            candidates = store.documents_for_keys([base_key(identity)], role="header")
    best: tuple[str, Path] | None = None
    for other in candidates:
        if other.source.sha256 == doc.source.sha256:
            continue
        if not same_identity(json.loads(other.model_dump_json()), new):
            continue
        rec = store.record(other.source.sha256)
        if rec is None or not rec.json_path:
            continue
        path = out / rec.json_path
        if path.is_file() and path != json_path and (best is None or rec.extracted_at > best[0]):
            best = (rec.extracted_at, path)
    if best is not None:
        return best[1]
    if doc.number is None:
        same_name = json_path.with_name(Path(doc.source.filename).stem + ".json")
        if same_name.is_file() and same_name != json_path:
            other_doc = json.loads(same_name.read_text(encoding="utf-8"))
            if other_doc.get("source", {}).get("sha256") != doc.source.sha256 and same_identity(
                other_doc, new
            ):
                return same_name
    return None
