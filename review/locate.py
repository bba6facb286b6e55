"""Boxes for documents whose reader has no geometry (DOCX, DOC): borrowed from a PDF.

A DOCX has no page coordinates, so its records carry no ``bbox``. The review page
renders the DOCX through LibreOffice anyway; extracting that PDF gives the same records
*with* boxes. Records are paired with the matchers of ``vanban.review.diff`` (tasks by content
and number, citations by identity key) and the positions are copied onto a copy of the
document, for display only: the JSON on disk is never touched.

>>> doc = {"tasks": [{"no": "1", "content": "Tuyên truyền", "page": 1, "bbox": None}]}
>>> pdf = {"tasks": [{"no": "1", "content": "Tuyên truyền", "page": 2, "bbox": [1, 2, 3, 4]}]}
>>> shown, placed = borrow_positions(doc, pdf)
>>> shown["tasks"][0]["page"], shown["tasks"][0]["bbox"], placed
(2, [1, 2, 3, 4], 1)
"""

from __future__ import annotations

import copy
from typing import Any

from vanban.review.diff import match_citations, match_tasks, norm_text, signer_key

Record = dict[str, Any]
POSITION = ("page", "pages", "bbox")


def _copy_positions(target: Record, source: Record) -> bool:
    if target.get("bbox") or not source.get("bbox"):
        return False
    for key in POSITION:
        if key in source:
            target[key] = copy.deepcopy(source[key])
    return True


def _header_value(doc: Record, name: str) -> Any:
    value = doc.get(name)
    if name == "number" and isinstance(value, dict):
        return "".join(str(value.get("canonical") or "").split())
    if isinstance(value, str):
        return norm_text(value)
    if isinstance(value, list):
        return sorted(norm_text(str(v)) for v in value)
    return value


def borrow_positions(doc: Record, located: Record) -> tuple[Record, int]:
    """A copy of ``doc`` with page/bbox taken from ``located`` where records pair up;
    also the number of records and header fields that received a box."""
    shown = copy.deepcopy(doc)
    placed = 0
    tasks, other = shown.get("tasks") or [], located.get("tasks") or []
    for i, j in match_tasks(tasks, other).pairs:
        placed += _copy_positions(tasks[i], other[j])
    for key in ("legal_basis", "references"):
        mine, theirs = shown.get(key) or [], located.get(key) or []
        for i, j in match_citations(mine, theirs).pairs:
            placed += _copy_positions(mine[i], theirs[j])
    theirs_by_key = {signer_key(s): s for s in located.get("signers") or []}
    for signer in shown.get("signers") or []:
        match = theirs_by_key.get(signer_key(signer))
        if match is not None:
            placed += _copy_positions(signer, match)
    sources = shown.setdefault("sources", {})
    for name, ref in (located.get("sources") or {}).items():
        if not isinstance(ref, dict) or not ref.get("bbox"):
            continue
        if _header_value(shown, name) != _header_value(located, name):
            continue
        mine_ref = sources.get(name) or {}
        if mine_ref.get("bbox"):
            continue
        sources[name] = {**mine_ref, "page": ref.get("page"), "bbox": ref["bbox"]}
        placed += 1
    return shown, placed
