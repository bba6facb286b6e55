"""Reviewer corrections: small JSON files of field overrides, applied on every extraction.

A reviewer saves corrections for one document (format in docs/review.md)::

    {"format": "vanban-corrections/1",
     "document": {"number": "15-CTr/BTGDVTU-UBMTTQ", "sha256": "2ee4…", "filename": "seed000.pdf"},
     "reviewer": "Nguyễn Thị Lan", "date": "2026-11-22",
     "corrections": [
       {"field": "tasks[no=14].lead", "value": ["Ban Tuyên giáo và Dân vận Tỉnh ủy"],
        "note": "'Cơ quan được giao chủ trì' là Ban Tuyên giáo"},
       {"field": "legal_basis[number=720-QĐ/TU].date", "value": "2026-02-13"},
       {"field": "tasks[no=16]", "remove": true},
       {"field": "recipients[+]", "value": "Lưu: VT"}]}

A ``field`` is a path: names joined by dots, each optionally followed by a selector in
brackets: ``[3]`` (0-based position), ``[no=14]`` / ``[number=720-QĐ/TU]`` (the record
whose field has that value, whitespace-folded), ``[+]`` (append). Corrections follow
the document across re-extractions (they name records by content, not position), and
one that no longer finds its target is reported, never dropped silently.

>>> doc = {"date": "2026-02-26", "tasks": [{"no": "1", "content": "A", "lead": []}]}
>>> cf = CorrectionFile.model_validate({"corrections": [
...     {"field": "date", "value": "2026-02-25"}, {"field": "tasks[no=1].lead", "value": ["B"]}]})
>>> out = apply_corrections(doc, cf, validate=False)  # a full document validates
>>> out.document["date"], out.document["tasks"][0]["lead"], [r.field for r in out.reviewed]
('2026-02-25', ['B'], ['date', 'tasks[no=1].lead'])
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vanban.review.diff import norm_text

FORMAT = "vanban-corrections/1"
SUFFIX = ".corrections.json"
FOLDER = "corrections"
"""Where the flow looks for corrections: ``<out>/corrections/*.corrections.json``."""

_SEGMENT = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<sel>[^\]]*)\])?")


class CorrectionError(ValueError):
    """A correction whose path does not resolve on this document."""


class DocumentRef(BaseModel):
    """Which document the corrections belong to (any one field that matches suffices;
    ``number`` follows the document across new versions of its file)."""

    model_config = ConfigDict(extra="forbid")

    number: str | None = None
    sha256: str | None = None
    filename: str | None = None


class Correction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="Path: 'date', 'tasks[no=3].lead', 'legal_basis[1].date'")
    value: Any = None
    remove: bool = False
    note: str | None = None


class CorrectionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = FORMAT
    document: DocumentRef = Field(default_factory=DocumentRef)
    reviewer: str | None = None
    date: str | None = None
    corrections: list[Correction] = Field(default_factory=list)


class ReviewedField(BaseModel):
    """One field a reviewer set: what the extraction said before, and who decided."""

    model_config = ConfigDict(extra="forbid")

    field: str
    by: str | None = None
    at: str | None = None
    note: str | None = None
    extracted: Any = None


@dataclass
class CorrectionResult:
    document: dict[str, Any]
    reviewed: list[ReviewedField] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)


# --- paths ---------------------------------------------------------------------------


def parse_path(path: str) -> list[tuple[str, str | None]]:
    """'tasks[no=3].lead' → [('tasks', 'no=3'), ('lead', None)].

    >>> parse_path("legal_basis[number=720-QĐ/TU].date")
    [('legal_basis', 'number=720-QĐ/TU'), ('date', None)]
    """
    segments: list[tuple[str, str | None]] = []
    rest = path.strip()
    while rest:
        m = _SEGMENT.match(rest)
        if m is None:
            raise CorrectionError(f"bad path {path!r} at {rest!r}")
        segments.append((m["name"], m["sel"]))
        rest = rest[m.end() :]
        if rest.startswith("."):
            rest = rest[1:]
        elif rest:
            raise CorrectionError(f"bad path {path!r} at {rest!r}")
    if not segments:
        raise CorrectionError("empty path")
    return segments


def _select(items: list[Any], selector: str, path: str) -> int:
    """Index in ``items`` chosen by '3' or 'key=value' (exactly one match)."""
    if selector.isdigit():
        index = int(selector)
        if index >= len(items):
            raise CorrectionError(f"{path}: no item {index} (the list has {len(items)})")
        return index
    key, eq, wanted = selector.partition("=")
    if not eq:
        raise CorrectionError(f"{path}: selector {selector!r} is neither N nor key=value")
    wanted_n = norm_text(wanted)
    hits = [
        i
        for i, item in enumerate(items)
        if isinstance(item, dict)
        and item.get(key) is not None
        and norm_text(str(item[key])) == wanted_n
    ]
    if len(hits) != 1:
        found = "nothing" if not hits else f"{len(hits)} items"
        raise CorrectionError(f"{path}: [{selector}] matches {found}")
    return hits[0]


def _apply_one(doc: dict[str, Any], corr: Correction) -> Any:
    """Set (or remove) the value at ``corr.field``; return what was there before."""
    segments = parse_path(corr.field)
    node: Any = doc
    for depth, (name, sel) in enumerate(segments):
        last = depth == len(segments) - 1
        if not isinstance(node, dict):
            raise CorrectionError(f"{corr.field}: {name!r} is inside a value that is not a record")
        if sel is None:
            if last:
                before = node.get(name)
                if corr.remove:
                    node.pop(name, None)
                else:
                    node[name] = copy.deepcopy(corr.value)
                return before
            if node.get(name) is None:
                raise CorrectionError(f"{corr.field}: {name!r} is empty")
            node = node[name]
            continue
        items = node.get(name)
        if items is None and sel == "+":
            items = node[name] = []
        if not isinstance(items, list):
            raise CorrectionError(f"{corr.field}: {name!r} is not a list")
        if sel == "+":
            if not last or corr.remove:
                raise CorrectionError(f"{corr.field}: [+] only appends, at the end of a path")
            items.append(copy.deepcopy(corr.value))
            return None
        index = _select(items, sel, corr.field)
        if last:
            before = items[index]
            if corr.remove:
                del items[index]
            else:
                items[index] = copy.deepcopy(corr.value)
            return before
        node = items[index]
    raise CorrectionError(f"{corr.field}: nothing to set")  # pragma: no cover - loop returns


# --- applying ------------------------------------------------------------------------


def applies_to(cf: CorrectionFile, doc: dict[str, Any]) -> bool:
    """Same bytes, same number, or (for documents without a number) same file name."""
    ref = cf.document
    source = doc.get("source") or {}
    number = doc.get("number") if isinstance(doc.get("number"), dict) else None
    canonical = number.get("canonical") if number else None
    if ref.sha256 and ref.sha256 == source.get("sha256"):
        return True
    if ref.number and canonical:
        return "".join(ref.number.split()) == "".join(str(canonical).split())
    return bool(ref.filename and ref.filename == source.get("filename"))


def apply_corrections(
    doc: dict[str, Any], cf: CorrectionFile, *, validate: bool = True
) -> CorrectionResult:
    """The document with every correction applied, and which fields are now reviewed.

    Each correction is applied on its own: one that fails (its task is gone, its value
    breaks the contract) is listed in ``failed`` and the others still apply.
    """
    from vanban.models.document import Document

    current = copy.deepcopy(doc)
    result = CorrectionResult(current)
    for corr in cf.corrections:
        trial = copy.deepcopy(current)
        try:
            before = _apply_one(trial, corr)
            if validate:
                Document.model_validate(trial)
        except CorrectionError as exc:
            result.failed.append({"field": corr.field, "reason": str(exc)})
            continue
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            result.failed.append(
                {"field": corr.field, "reason": f"breaks the contract at {where}: {first['msg']}"}
            )
            continue
        current = trial
        result.reviewed.append(
            ReviewedField(
                field=corr.field, by=cf.reviewer, at=cf.date, note=corr.note, extracted=before
            )
        )
    result.document = current
    current["reviewed"] = [r.model_dump(mode="json") for r in result.reviewed]
    return result


# --- files ---------------------------------------------------------------------------


def load_corrections(path: Path) -> CorrectionFile:
    return CorrectionFile.model_validate(json.loads(path.read_text(encoding="utf-8")))


def find_corrections(folder: Path, doc: dict[str, Any]) -> list[tuple[Path, CorrectionFile]]:
    """Every ``*.corrections.json`` in ``folder`` that belongs to ``doc`` (sorted by name)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            cf = load_corrections(path)
        except (OSError, ValueError):
            continue
        if applies_to(cf, doc):
            found.append((path, cf))
    return found


def apply_saved_corrections(folder: Path, doc: dict[str, Any]) -> CorrectionResult:
    """What the flow calls after each extraction: every matching file, in name order."""
    result = CorrectionResult(doc)
    for _path, cf in find_corrections(folder, doc):
        step = apply_corrections(result.document, cf)
        result = CorrectionResult(
            step.document, result.reviewed + step.reviewed, result.failed + step.failed
        )
    if result.reviewed:
        result.document["reviewed"] = [r.model_dump(mode="json") for r in result.reviewed]
    return result


def template_for(doc: dict[str, Any], reviewer: str | None = None) -> CorrectionFile:
    """An empty corrections file that names ``doc``: what a reviewer starts from."""
    source = doc.get("source") or {}
    number = doc.get("number") if isinstance(doc.get("number"), dict) else None
    return CorrectionFile(
        document=DocumentRef(
            number=number.get("canonical") if number else None,
            sha256=source.get("sha256"),
            filename=source.get("filename"),
        ),
        reviewer=reviewer,
    )
