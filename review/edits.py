"""What a reviewer's edit form changes, as corrections, and how a save is written.

The document page's form names each field by its correction path (``date``,
``tasks[id=T1.5].lead``, ``legal_basis[number=720-QĐ/TU].date``: the same paths the
corrections files use). :func:`corrections_from_form` keeps only the values that differ
from the document; :func:`write_corrections` writes them as a new file of
``<out>/corrections/`` (one per save, named by document, reviewer and time, never
rewritten), so ``vanban reprocess`` applies them again; the JSON in ``json/`` is rewritten
atomically with them applied.

>>> doc = {"date": "2026-02-26", "tasks": [{"id": "1", "content": "A", "lead": ["X"]}]}
>>> [c.field for c in corrections_from_form(doc, {"date": "2026-02-25",
...      "tasks[id=1].lead": "X", "tasks[id=1].content": "A"})]
['date']
>>> corrections_from_form(doc, {"tasks[id=1].lead": "Y\\nZ"})[0].value
['Y', 'Z']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vanban.atomic import write_atomic
from vanban.review.corrections import (
    FOLDER,
    SUFFIX,
    Correction,
    CorrectionFile,
    CorrectionResult,
    apply_corrections,
    parse_path,
    template_for,
)

Record = dict[str, Any]

#: Header fields the form edits (lists are one body per line).
HEADER_FIELDS = ("doc_type", "place", "date", "title", "issuers", "recipients")
TASK_FIELDS = ("content", "lead", "partners", "focal_units", "outputs")
CITATION_FIELDS = ("number", "date", "issuer")
LIST_FIELDS = {"issuers", "recipients", "lead", "partners", "focal_units", "outputs"}


def task_selector(task: Record, index: int) -> str:
    return (
        f"tasks[id={task['id']}]"
        if task.get("id") and "]" not in str(task["id"])
        else f"tasks[{index}]"
    )


def citation_selector(section: str, c: Record, index: int) -> str:
    number = c.get("number")
    return (
        f"{section}[number={number}]"
        if number and "]" not in str(number)
        else f"{section}[{index}]"
    )


def editable_fields(doc: Record) -> dict[str, Any]:
    """Every path the form offers, with its current value."""
    out: dict[str, Any] = {name: doc.get(name) for name in HEADER_FIELDS}
    for i, t in enumerate(doc.get("tasks") or []):
        for f in TASK_FIELDS:
            out[f"{task_selector(t, i)}.{f}"] = t.get(f)
    for section in ("legal_basis", "references"):
        for i, c in enumerate(doc.get(section) or []):
            for f in CITATION_FIELDS:
                out[f"{citation_selector(section, c, i)}.{f}"] = c.get(f)
    return out


def _leaf(path: str) -> str:
    return parse_path(path)[-1][0]


def _parse_value(path: str, text: str) -> Any:
    text = text.replace("\r\n", "\n").strip()
    if _leaf(path) in LIST_FIELDS:
        return [line.strip() for line in text.split("\n") if line.strip()]
    return text or None


def corrections_from_form(
    doc: Record, form: Mapping[str, str], note: str | None = None
) -> list[Correction]:
    """The corrections a submitted form makes: changed fields, removed tasks
    (``remove:<task path>``), a new task (``new_task.content`` / ``new_task.lead``)."""
    fields = editable_fields(doc)
    out: list[Correction] = []
    for path, current in fields.items():
        if path not in form:
            continue
        value = _parse_value(path, form[path])
        if value != (
            current if current not in ("", []) else (None if _leaf(path) not in LIST_FIELDS else [])
        ):
            out.append(Correction(field=path, value=value, note=note))
    for key in form:
        if key.startswith("remove:") and key[len("remove:") :].startswith("tasks["):
            out.append(Correction(field=key[len("remove:") :], remove=True, note=note))
    content = (form.get("new_task.content") or "").strip()
    if content:
        added = sum(1 for t in doc.get("tasks") or [] if str(t.get("id", "")).startswith("R"))
        task = {"id": f"R{added + 1}", "no": None, "content": content, "source": "prose",
                "lead": _parse_value("x.lead", form.get("new_task.lead", ""))}  # fmt: skip
        out.append(Correction(field="tasks[+]", value=task, note=note))
    return out


def corrections_file_name(doc_id: str, reviewer: str, at: datetime) -> str:
    """'<document>.<reviewer>.<UTC time>.corrections.json': name order is time order."""
    return f"{doc_id}.{reviewer}.{at.strftime('%Y%m%dT%H%M%S%fZ')}{SUFFIX}"


def write_corrections(
    out: Path,
    json_path: Path,
    doc_id: str,
    doc: Record,
    corrections: list[Correction],
    reviewer: str,
) -> tuple[CorrectionResult, Path]:
    """Apply ``corrections`` to ``doc``, write them as a new corrections file and the JSON
    with them applied; (the result, the corrections file)."""
    at = datetime.now(UTC)
    cf = template_for(doc, reviewer)
    cf.date = at.date().isoformat()
    cf.corrections = corrections
    previous = [r for r in doc.get("reviewed") or [] if isinstance(r, dict)]
    result = apply_corrections(doc, cf)
    result.document["reviewed"] = previous + result.document.get("reviewed", [])
    folder = out / FOLDER
    path = folder / corrections_file_name(doc_id, reviewer, at)
    write_atomic(path, json.dumps(_dump(cf), ensure_ascii=False, indent=2) + "\n")
    write_atomic(json_path, json.dumps(result.document, ensure_ascii=False, indent=2) + "\n")
    return result, path


def _dump(cf: CorrectionFile) -> Record:
    data: Record = cf.model_dump(mode="json", exclude_none=True)
    for c in data["corrections"]:
        if not c.get("remove"):
            c.pop("remove", None)
    return data
