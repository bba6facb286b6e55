"""Keep the previous extraction and the diff beside a re-extracted document.

When a document is extracted again (a new version of its file, or a new extractor), the
flow calls :func:`keep_history` before it replaces ``json/<name>.json``; beside it appear

* ``json/<name>.previous.json``: the JSON as it was (byte for byte);
* ``json/<name>.diff.json``: ``vanban.review.diff`` of previous → new (``DocumentDiff.to_dict``).

Both are written through a temporary file and a rename, like the JSON itself. Readers
of ``json/`` that want documents only skip them with :func:`is_document_json`.

>>> same_identity({"number": {"canonical": "15-CTr/BTGDVTU-UBMTTQ"}, "issuers": ["A"]},
...               {"number": {"canonical": "15 -CTr/BTGDVTU-UBMTTQ"}, "issuers": ["A"]})
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vanban.atomic import write_atomic
from vanban.review.diff import DocumentDiff, diff_documents, norm_text

PREVIOUS_SUFFIX = ".previous.json"
DIFF_SUFFIX = ".diff.json"
SIDE_SUFFIXES = (PREVIOUS_SUFFIX, DIFF_SUFFIX, ".corrections.json", ".error.json")


def is_document_json(path: Path) -> bool:
    """True for ``x.json``; False for the history, diff, corrections and error files."""
    name = path.name
    return name.endswith(".json") and not name.endswith(SIDE_SUFFIXES)


def _stem(json_path: Path) -> str:
    return json_path.name[: -len(".json")] if json_path.name.endswith(".json") else json_path.name


def previous_path(json_path: Path) -> Path:
    return json_path.with_name(_stem(json_path) + PREVIOUS_SUFFIX)


def diff_path(json_path: Path) -> Path:
    return json_path.with_name(_stem(json_path) + DIFF_SUFFIX)


def _number(doc: dict[str, Any]) -> str | None:
    number = doc.get("number")
    if isinstance(number, dict) and number.get("canonical"):
        return "".join(str(number["canonical"]).split()).upper()
    return None


def same_identity(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two extractions of one document: same number and an issuer in common, or (when
    neither has a number) the same source file name."""
    na, nb = _number(a), _number(b)
    if na and nb:
        if na != nb:
            return False
        ia = {norm_text(x).lower() for x in a.get("issuers") or []}
        ib = {norm_text(x).lower() for x in b.get("issuers") or []}
        return not ia or not ib or bool(ia & ib)
    if na or nb:
        return False
    fa = (a.get("source") or {}).get("filename")
    return bool(fa) and fa == (b.get("source") or {}).get("filename")


def keep_history(json_path: Path, previous_text: str, new_doc: dict[str, Any]) -> DocumentDiff:
    """Store ``previous_text`` as ``<name>.previous.json`` and the diff to ``new_doc``
    as ``<name>.diff.json`` beside ``json_path``; return the diff."""
    previous = json.loads(previous_text)
    diff = diff_documents(
        previous, new_doc, old_name=previous_path(json_path).name, new_name=json_path.name
    )
    write_atomic(previous_path(json_path), previous_text)
    write_atomic(
        diff_path(json_path), json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    )
    return diff


def load_diff(json_path: Path) -> dict[str, Any] | None:
    """The stored diff beside ``json_path``, else one computed from a stored previous."""
    stored = diff_path(json_path)
    if stored.exists():
        data: dict[str, Any] = json.loads(stored.read_text(encoding="utf-8"))
        return data
    prev = previous_path(json_path)
    if prev.exists() and json_path.exists():
        old = json.loads(prev.read_text(encoding="utf-8"))
        new = json.loads(json_path.read_text(encoding="utf-8"))
        return diff_documents(old, new, old_name=prev.name, new_name=json_path.name).to_dict()
    return None
