"""The self-contained review page of one document, and the index of an output folder.

One HTML file per document, readable from disk with no server and no external asset:
CSS and JS inline, page images as ``data:`` URIs. Left: the source pages with a box
where each task row, citation, header field and signer was read. Right: the extracted
records; hovering or clicking a record lights up its box and the other way round.
Warnings, cross-document findings, the diff against the previous extraction and the
fields a reviewer corrected are shown at the top and marked on the records.

>>> page = render_review_page(ReviewInput(doc={"tasks": [{"no": "1", "content": "Tuyên truyền"}]}))
>>> 'class="task-row' in page and "Tuyên truyền" in page
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vanban.review.diff import citation_label, task_path
from vanban.review.edits import citation_selector, task_selector
from vanban.review.render import PageImage
from vanban.review.templates import render_template

Record = dict[str, Any]

HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("issuers", "Cơ quan ban hành"),
    ("number", "Số ký hiệu"),
    ("place", "Địa danh"),
    ("date", "Ngày"),
    ("doc_type", "Loại văn bản"),
    ("title", "Trích yếu"),
    ("recipients", "Nơi nhận"),
)
TASK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "TT"),
    ("content", "Nội dung"),
    ("timeframe", "Thời gian"),
    ("lead", "Chủ trì"),
    ("partners", "Phối hợp"),
    ("focal_units", "Đầu mối"),
    ("outputs", "Sản phẩm"),
    ("page", "Tr."),
)
BOX_KINDS: tuple[tuple[str, str], ...] = (
    ("header", "Header fields"),
    ("citation", "Citations"),
    ("task", "Tasks"),
    ("signer", "Signers"),
)


@dataclass
class Box:
    """A box to draw over page ``page``: ``ref`` links it to its record on the right."""

    ref: str
    kind: str
    page: int
    bbox: list[float]
    label: str
    marks: list[str] = field(default_factory=list)


@dataclass
class ReviewInput:
    """Everything one review page shows."""

    doc: Record
    pages: list[PageImage] = field(default_factory=list)
    findings: list[Record] = field(default_factory=list)
    diff: Record | None = None
    reviewed: list[Record] = field(default_factory=list)
    failed_corrections: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    index_href: str | None = None
    text: str | None = None
    """The document text (``vanban text``) for formats without pages: spans are marked."""
    links: Record | None = None
    """The citation graph around the document (a store was at hand): ``{"cites": […],
    "cited_by": […]}``, each {relation, label, href or None, page} (``review/build.py``)."""


# --- which records carry which marks -----------------------------------------------


def _changed_paths(diff: Record | None) -> list[str]:
    if not diff:
        return []
    return [str(c.get("path", "")) for c in diff.get("changes", [])]


def _touches(paths: Iterable[str], prefix: str) -> bool:
    """Does a change or correction path fall on the record or field at ``prefix``?"""
    for path in paths:
        if path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "["):
            return True
    return False


def record_paths(section: str, index: int, record: Record) -> list[str]:
    """Paths that name one record, in the diff's and the corrections' forms:
    'tasks[3]', 'tasks[no=4]', 'legal_basis[number=329-QĐ/TW]', 'legal_basis[329-QĐ/TW]'."""
    paths = [f"{section}[{index}]"]
    for key in ("no", "number", "name"):
        if record.get(key):
            paths.append(f"{section}[{key}={record[key]}]")
    if section == "tasks":
        paths.append(task_path(record))
    elif section in ("legal_basis", "references"):
        paths.append(f"{section}[{citation_label(record)}]")
    elif section == "signers":
        paths.append(f"signers[{record.get('name') or record.get('position') or '?'}]")
    return paths


def _touches_record(paths: Iterable[str], section: str, index: int, record: Record) -> bool:
    wanted = list(paths)
    return any(_touches(wanted, p) for p in record_paths(section, index, record))


def findings_for(doc: Record, findings: Iterable[Record]) -> list[Record]:
    """The findings that name this document (by file name or SHA-256)."""
    source = doc.get("source") or {}
    names = {n for n in (source.get("filename"), source.get("sha256")) if n}
    out = []
    for f in findings:
        docs = set(f.get("documents") or [])
        docs |= {e.get("document") for e in f.get("evidence") or [] if isinstance(e, dict)}
        if names & docs:
            out.append(f)
    return out


def _v(value: Any) -> str:
    """None as nothing, anything else as text (escaping is the templates')."""
    return "" if value is None else str(value)


def _finding_hits(citation: Record, findings: list[Record], doc_name: str | None) -> bool:
    number = str(citation.get("number") or "")
    raw = str(citation.get("raw") or "")
    for f in findings:
        for e in f.get("evidence") or []:
            if doc_name and e.get("document") not in (None, doc_name):
                continue
            if e.get("role") == "header":
                continue
            text = str(e.get("text") or "")
            if text and (
                text in raw or (number and number.replace(" ", "") in text.replace(" ", ""))
            ):
                return True
    return False


def _header_finding(findings: list[Record], doc_name: str | None) -> bool:
    return any(
        e.get("role") == "header" and (not doc_name or e.get("document") == doc_name)
        for f in findings
        for e in f.get("evidence") or []
    )


# --- boxes ---------------------------------------------------------------------------


def collect_boxes(doc: Record) -> list[Box]:
    """A box for every record and header field the JSON places on a page."""
    boxes: list[Box] = []
    sources = doc.get("sources") or {}
    for name, label in HEADER_FIELDS:
        ref = sources.get(name) or (doc.get(name) if name == "number" else None) or {}
        if isinstance(ref, dict) and ref.get("page") and ref.get("bbox"):
            boxes.append(Box(f"hdr-{name}", "header", int(ref["page"]), ref["bbox"], label))
    for key, prefix in (("legal_basis", "lb"), ("references", "ref")):
        for i, c in enumerate(doc.get(key) or []):
            if c.get("page") and c.get("bbox"):
                boxes.append(
                    Box(f"{prefix}-{i}", "citation", int(c["page"]), c["bbox"], citation_label(c))
                )
    for i, t in enumerate(doc.get("tasks") or []):
        if t.get("page") and t.get("bbox"):
            label = f"Nhiệm vụ {t.get('no') or i + 1}"
            boxes.append(Box(f"task-{i}", "task", int(t["page"]), t["bbox"], label))
    for i, s in enumerate(doc.get("signers") or []):
        if s.get("page") and s.get("bbox"):
            label = str(s.get("name") or s.get("position") or "Người ký")
            boxes.append(Box(f"signer-{i}", "signer", int(s["page"]), s["bbox"], label))
    return boxes


# --- view models: what the templates (review/templates/) show --------------------------


def correction_path(section: str, index: int, record: Record) -> str:
    """The path a reviewer writes in a corrections file for this record: by its number
    when it has one (survives re-extraction), else by position."""
    for key in ("no", "number"):
        value = record.get(key)
        if value and "]" not in str(value):
            return f"{section}[{key}={value}]"
    return f"{section}[{index}]"


def _row(ref: str, classes: list[str], marks: list[str], path: str, **extra: Any) -> Record:
    """A record's row: its box reference, correction path, CSS classes and marks; ``edit``:
    the path the review server's inline editor writes to (as its edit form does)."""
    cls = " ".join(classes + [f"is-{m}" for m in marks])
    return {"ref": ref, "path": path, "cls": cls, "marks": marks, "edit": path, **extra}


def header_rows(inp: ReviewInput, boxed: set[str], changed: list[str]) -> list[Record]:
    doc = inp.doc
    reviewed = [str(r.get("field")) for r in inp.reviewed]
    doc_name = (doc.get("source") or {}).get("filename")
    rows = []
    for name, label in HEADER_FIELDS:
        value = doc.get(name)
        items: list[Any] | None = None
        shown: Any = None
        if name == "number" and isinstance(value, dict):
            shown = value.get("canonical")
            raw = value.get("raw")
        elif isinstance(value, list):
            items, raw = value, None
        else:
            shown = value
            raw = doc.get(f"{name}_raw")
        if name == "date" and doc.get("date_raw"):
            raw = doc.get("date_raw")
        marks = []
        if _touches(changed, name):
            marks.append("changed")
        if _touches(reviewed, name):
            marks.append("reviewed")
        if name == "number" and _header_finding(inp.findings, doc_name):
            marks.append("finding")
        if value not in (None, [], "") and f"hdr-{name}" not in boxed and (inp.pages or inp.text):
            marks.append("unplaced")
        rows.append(
            _row(
                f"hdr-{name}",
                ["hdr-row"],
                marks,
                name,
                label=label,
                shown=shown,
                listed=items,
                raw=raw if raw and raw != value else None,
            )  # fmt: skip
        )
    return rows


def citation_section(
    inp: ReviewInput, key: str, prefix: str, title: str, boxed: set[str], changed: list[str]
) -> Record:
    doc = inp.doc
    reviewed = [str(r.get("field")) for r in inp.reviewed]
    doc_name = (doc.get("source") or {}).get("filename")
    rows = []
    for i, c in enumerate(doc.get(key) or []):
        path = f"{key}[{citation_label(c)}]"
        marks = []
        if _touches(changed, path):
            marks.append("changed")
        if _touches_record(reviewed, key, i, c):
            marks.append("reviewed")
        if _finding_hits(c, inp.findings, doc_name):
            marks.append("finding")
        if f"{prefix}-{i}" not in boxed and (inp.pages or inp.text):
            marks.append("unplaced")
        ident = [x for x in (c.get("doc_type"), c.get("number") or c.get("name")) if x]
        rows.append(
            _row(
                f"{prefix}-{i}",
                ["cit-row"],
                marks,
                correction_path(key, i, c),
                c=c,
                ident=ident,
                edit=citation_selector(key, c, i),
            )  # fmt: skip
        )
    return {"anchor": key.replace("_", "-"), "title": title, "rows": rows}


def task_rows(inp: ReviewInput, boxed: set[str], changed: list[str]) -> list[Record]:
    """Task rows, with a group row before each new ``group``."""
    reviewed = [str(r.get("field")) for r in inp.reviewed]
    rows: list[Record] = []
    group = None
    for i, t in enumerate(inp.doc.get("tasks") or []):
        if t.get("group") and t.get("group") != group:
            group = t.get("group")
            rows.append({"group": group})
        marks = []
        if _touches(changed, task_path(t)):
            marks.append("changed")
        if _touches_record(reviewed, "tasks", i, t):
            marks.append("reviewed")
        if f"task-{i}" not in boxed and inp.pages:
            marks.append("unplaced")
        path = correction_path("tasks", i, t)
        rows.append(
            _row(
                f"task-{i}", ["task-row"], marks, path, group=None, task=t, edit=task_selector(t, i)
            )
        )
    return rows


def signer_rows(inp: ReviewInput, boxed: set[str], changed: list[str]) -> list[Record]:
    rows = []
    for i, s in enumerate(inp.doc.get("signers") or []):
        marks = ["changed"] if _touches_record(changed, "signers", i, s) else []
        if f"signer-{i}" not in boxed and inp.pages:
            marks.append("unplaced")
        authority = s.get("authority_raw") or s.get("authority")
        rows.append(
            _row(f"signer-{i}", ["signer-row"], marks, f"signers[{i}]", s=s, authority=authority)
        )
    return rows


def _reading(e: Record) -> str:
    """An evidence's printed text; for an OCR reading, how sure it is, what is unsure
    and where (page, box: the crop to compare side by side)."""
    text = str(e.get("text") or "")
    if e.get("confidence") is None and not e.get("unsure"):
        return text
    where = f"p. {e.get('page')}" + (
        " [" + ", ".join(f"{v:.0f}" for v in e["bbox"]) + "]" if e.get("bbox") else ""
    )
    unsure = ", ".join(e.get("unsure") or []) or "—"
    return f"{text} (OCR {e.get('confidence') or 0:.2f}; unsure: {unsure}; {where})"


def finding_views(findings: list[Record]) -> list[Record]:
    return [{**f, "readings": [_reading(e) for e in f.get("evidence") or []]} for f in findings]


def corrections_template(doc: Record) -> str:
    """A ready-to-edit corrections file for this document (docs/review.md)."""
    from vanban.review.corrections import Correction, template_for

    template = template_for(doc)
    template.corrections = [Correction(field="date", value=doc.get("date"), note="…")]
    return json.dumps(
        template.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2
    )


DIFF_SIGNS = {"added": "+", "removed": "−", "changed": "~"}


def diff_view(diff: Record) -> Record:
    changes = diff.get("changes") or []

    def line(c: Record, cls: str) -> Record:
        kind = str(c.get("kind"))
        if kind == "changed":
            value = f"{_short(c.get('old'))} → {_short(c.get('new'))}"
        else:
            value = _short(c.get("new") if kind == "added" else c.get("old"))
        return {"kind": kind, "cls": cls, "sign": DIFF_SIGNS.get(kind, "?"),
                "path": c.get("path"), "value": value}  # fmt: skip

    lines = [line(c, "") for c in changes] + [line(c, "d-meta") for c in diff.get("meta") or []]
    state = (
        "no changes" if not changes else f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
    )
    return {"old": diff.get("old"), "state": state, "lines": lines}


def _short(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("content") or value.get("raw") or json.dumps(value, ensure_ascii=False)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:119] + "…"


def collect_spans(doc: Record) -> list[tuple[int, int, str, str]]:
    """(start, end, ref, kind) of every header field and citation with a text span."""
    spans: list[tuple[int, int, str, str]] = []
    for name, _label in HEADER_FIELDS:
        ref = (doc.get("sources") or {}).get(name) or {}
        if isinstance(ref, dict) and ref.get("span"):
            spans.append((int(ref["span"][0]), int(ref["span"][1]), f"hdr-{name}", "header"))
    for key, prefix in (("legal_basis", "lb"), ("references", "ref")):
        for i, c in enumerate(doc.get(key) or []):
            if c.get("span"):
                spans.append((int(c["span"][0]), int(c["span"][1]), f"{prefix}-{i}", "citation"))
    return sorted(spans)


def text_runs(text: str, spans: list[tuple[int, int, str, str]]) -> list[Record]:
    """The text cut into runs, a span's run carrying its ref and kind (overlapping spans:
    the first wins)."""
    out: list[Record] = []
    pos = 0
    for start, end, ref, kind in spans:
        if start < pos or end <= start or end > len(text):
            continue
        out.append({"text": text[pos:start], "ref": None})
        out.append({"text": text[start:end], "ref": ref, "kind": kind})
        pos = end
    out.append({"text": text[pos:], "ref": None})
    return out


def page_views(inp: ReviewInput, boxes: list[Box]) -> list[Record]:
    by_page: dict[int, list[Box]] = {}
    for b in boxes:
        by_page.setdefault(b.page, []).append(b)
    views = []
    for p in inp.pages:
        placed = []
        for b in by_page.get(p.number, []):
            left, top, width, height = p.percent(b.bbox)
            placed.append({"ref": b.ref, "kind": b.kind, "label": b.label, "left": left,
                           "top": top, "width": width, "height": height})  # fmt: skip
        views.append({"number": p.number, "src": p.data_uri(), "width": p.width_px,
                      "height": p.height_px, "boxes": placed})  # fmt: skip
    return views


def document_title(doc: Record) -> str:
    """'Chương trình phối hợp 15-CTr/BTGDVTU-UBMTTQ' (or the file name)."""
    number = (
        (doc.get("number") or {}).get("canonical") if isinstance(doc.get("number"), dict) else None
    )
    parts = [p for p in (doc.get("doc_type"), number) if p]
    return " ".join(parts) or str((doc.get("source") or {}).get("filename") or "document")


def render_review_page(
    inp: ReviewInput,
    *,
    inline_assets: bool = True,
    static_prefix: str = "static/",
    server: Record | None = None,
) -> str:
    """The whole page as one HTML string (``review/templates/document.html``);
    ``inline_assets``: CSS and JS inside the page (a file opened from disk), else linked
    under ``static_prefix``; ``server``: the review server's panel (edit form, decision,
    findings to dismiss; ``review/server.py``)."""
    doc = inp.doc
    boxes = collect_boxes(doc)
    boxed = {b.ref for b in boxes if any(p.number == b.page for p in inp.pages)}
    if not inp.pages and inp.text:
        boxed = {ref for start, end, ref, _k in collect_spans(doc) if end <= len(inp.text)}
    changed = _changed_paths(inp.diff)
    source = doc.get("source") or {}
    counts = [
        ("tasks", len(doc.get("tasks") or [])),
        ("citations", len(doc.get("legal_basis") or []) + len(doc.get("references") or [])),
        ("warnings", len(doc.get("warnings") or [])),
        ("findings", len(inp.findings)),
        ("boxes", len(boxed)),
    ]
    if inp.diff is not None:
        counts.append(("changes", len(inp.diff.get("changes") or [])))
    if inp.reviewed:
        counts.append(("reviewed", len(inp.reviewed)))
    badges = [
        {"name": name, "count": n, "hot": bool(n) and name in ("warnings", "findings", "changes")}
        for name, n in counts
    ]
    meta = (
        f"{_v(source.get('filename'))} · {_v(source.get('format'))} · {_v(source.get('pages'))} pages"
        f"{' · OCR' if source.get('ocr') else ''} · extractor {_v(doc.get('extractor_version'))}"
    )
    return render_template(
        "document.html",
        inline_assets=inline_assets,
        static_prefix=static_prefix,
        server=server,
        doc=doc,
        title=document_title(doc),
        index_href=inp.index_href,
        meta=meta,
        badges=badges,
        pages=page_views(inp, boxes),
        notes=inp.notes,
        text_runs=text_runs(inp.text, collect_spans(doc)) if inp.text and not inp.pages else None,
        box_kinds=BOX_KINDS,
        warnings=doc.get("warnings") or [],
        findings=finding_views(inp.findings),
        failed_corrections=inp.failed_corrections,
        reviewed=inp.reviewed,
        diff=diff_view(inp.diff) if inp.diff is not None else None,
        header_rows=header_rows(inp, boxed, changed),
        citation_sections=[
            citation_section(inp, "legal_basis", "lb", "Legal basis", boxed, changed),
            citation_section(inp, "references", "ref", "References", boxed, changed),
        ],
        task_columns=TASK_COLUMNS,
        task_rows=task_rows(inp, boxed, changed),
        task_count=len(doc.get("tasks") or []),
        signer_rows=signer_rows(inp, boxed, changed),
        corrections_template=corrections_template(doc),
        links=inp.links,
    )


# --- index ---------------------------------------------------------------------------


@dataclass
class IndexEntry:
    """One line of the index: a document and its counts (``error`` when it failed)."""

    href: str | None
    filename: str
    title: str = ""
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    pages: int | None = None
    tasks: int = 0
    citations: int = 0
    warnings: int = 0
    findings: int = 0
    changes: int | None = None
    reviewed: int = 0
    error: str | None = None


def index_entry(href: str | None, inp: ReviewInput) -> IndexEntry:
    doc = inp.doc
    source = doc.get("source") or {}
    number = doc.get("number")
    return IndexEntry(
        href=href,
        filename=str(source.get("filename") or href or "?"),
        title=str(doc.get("title") or ""),
        doc_type=doc.get("doc_type"),
        number=number.get("canonical") if isinstance(number, dict) else None,
        date=doc.get("date"),
        pages=source.get("pages"),
        tasks=len(doc.get("tasks") or []),
        citations=len(doc.get("legal_basis") or []) + len(doc.get("references") or []),
        warnings=len(doc.get("warnings") or []),
        findings=len(inp.findings),
        changes=None if inp.diff is None else len(inp.diff.get("changes") or []),
        reviewed=len(inp.reviewed),
    )


def render_index(
    entries: list[IndexEntry],
    *,
    title: str = "vanban review",
    inline_assets: bool = True,
    register_href: str | None = None,
) -> str:
    """The index page (``review/templates/index.html``): one row per document with its
    counts and a link to its page."""
    totals = (
        f"{len(entries)} documents · {sum(e.tasks for e in entries)} tasks · "
        f"{sum(e.citations for e in entries)} citations · {sum(e.warnings for e in entries)} warnings · "
        f"{sum(e.findings for e in entries)} findings"
    )
    return render_template(
        "index.html", inline_assets=inline_assets, entries=entries, title=title, totals=totals,
        register_href=register_href,
    )  # fmt: skip


def render_register(rows: list[Record], *, as_of: str, title: str = "Task register",
                    inline_assets: bool = True) -> str:  # fmt: skip
    """The register page (``review/templates/register.html``): every task under each body
    named on it, with its status as of ``as_of`` and a link to its document's page."""
    return render_template(
        "register.html", inline_assets=inline_assets, rows=rows, as_of=as_of, title=title
    )
