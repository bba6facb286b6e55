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
from html import escape
from typing import Any

from vanban.review.diff import citation_label, task_path
from vanban.review.render import PageImage

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


# --- small renderers -----------------------------------------------------------------


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _list(values: Iterable[Any]) -> str:
    items = [f"<li>{_e(v)}</li>" for v in values if v not in (None, "")]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _timeframe(tf: Record | None) -> str:
    if not tf:
        return ""
    meaning = " – ".join(x for x in (tf.get("start"), tf.get("end")) if x)
    extra = meaning or tf.get("recurrence") or ""
    return _e(tf.get("raw")) + (f'<div class="norm">{_e(extra)}</div>' if extra else "")


def _marks_html(marks: Iterable[str]) -> str:
    names = {
        "changed": "changed",
        "finding": "finding",
        "reviewed": "reviewed ✓",
        "unplaced": "no box",
    }
    return "".join(f'<span class="mark mark-{m}">{names.get(m, m)}</span>' for m in marks)


def correction_path(section: str, index: int, record: Record) -> str:
    """The path a reviewer writes in a corrections file for this record: by its number
    when it has one (survives re-extraction), else by position."""
    for key in ("no", "number"):
        value = record.get(key)
        if value and "]" not in str(value):
            return f"{section}[{key}={value}]"
    return f"{section}[{index}]"


def _row_attrs(ref: str, classes: list[str], marks: list[str], path: str) -> str:
    cls = " ".join(classes + [f"is-{m}" for m in marks])
    return (
        f'id="rec-{ref}" data-ref="{ref}" data-path="{_e(path)}" '
        f'title="correction path: {_e(path)}" class="{cls}"'
    )


def _header_section(inp: ReviewInput, boxed: set[str], changed: list[str]) -> str:
    doc = inp.doc
    reviewed = [str(r.get("field")) for r in inp.reviewed]
    doc_name = (doc.get("source") or {}).get("filename")
    rows = []
    for name, label in HEADER_FIELDS:
        value = doc.get(name)
        if name == "number" and isinstance(value, dict):
            shown = _e(value.get("canonical"))
            raw = value.get("raw")
        elif isinstance(value, list):
            shown, raw = _list(value), None
        else:
            shown = _e(value)
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
        raw_html = f'<div class="raw">{_e(raw)}</div>' if raw and raw != value else ""
        rows.append(
            f"<tr {_row_attrs(f'hdr-{name}', ['hdr-row'], marks, name)}><th>{label}</th>"
            f"<td>{shown}{raw_html}{_marks_html(marks)}</td></tr>"
        )
    return (
        '<section id="header"><h2>Header</h2><table class="kv">'
        + "".join(rows)
        + "</table></section>"
    )


def _citation_section(
    inp: ReviewInput, key: str, prefix: str, title: str, boxed: set[str], changed: list[str]
) -> str:
    doc = inp.doc
    citations = doc.get(key) or []
    reviewed = [str(r.get("field")) for r in inp.reviewed]
    doc_name = (doc.get("source") or {}).get("filename")
    rows = []
    for i, c in enumerate(citations):
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
        ident = " · ".join(
            _e(x) for x in (c.get("doc_type"), c.get("number") or c.get("name")) if x
        )
        rows.append(
            f"<tr {_row_attrs(f'{prefix}-{i}', ['cit-row'], marks, correction_path(key, i, c))}>"
            f"<td>{_e(c.get('verb'))}</td><td><b>{ident}</b><div class='raw'>{_e(c.get('raw'))}</div>"
            f"{_marks_html(marks)}</td><td>{_e(c.get('date'))}</td><td>{_e(c.get('issuer'))}</td>"
            f"<td>{_e(c.get('page'))}</td></tr>"
        )
    head = "<tr><th>Verb</th><th>Cited</th><th>Date</th><th>Issuer</th><th>Tr.</th></tr>"
    body = "".join(rows) or '<tr><td colspan="5" class="empty">none</td></tr>'
    return (
        f'<section id="{key.replace("_", "-")}"><h2>{title} <small>({len(citations)})</small></h2>'
        f'<table class="grid">{head}{body}</table></section>'
    )


def _task_section(inp: ReviewInput, boxed: set[str], changed: list[str]) -> str:
    tasks = inp.doc.get("tasks") or []
    reviewed = [str(r.get("field")) for r in inp.reviewed]
    head = "".join(f"<th>{label}</th>" for _k, label in TASK_COLUMNS)
    rows = []
    group = None
    for i, t in enumerate(tasks):
        if t.get("group") and t.get("group") != group:
            group = t.get("group")
            rows.append(
                f'<tr class="group-row"><td colspan="{len(TASK_COLUMNS)}">{_e(group)}</td></tr>'
            )
        marks = []
        if _touches(changed, task_path(t)):
            marks.append("changed")
        if _touches_record(reviewed, "tasks", i, t):
            marks.append("reviewed")
        if f"task-{i}" not in boxed and inp.pages:
            marks.append("unplaced")
        cells = []
        for key, _label in TASK_COLUMNS:
            value = t.get(key)
            if key in ("timeframe",):
                cell = _timeframe(value) + (
                    f'<div class="norm">hạn: {_timeframe(t.get("deadline"))}</div>'
                    if t.get("deadline")
                    else ""
                )
            elif isinstance(value, list):
                cell = _list(value)
            elif key == "content":
                cell = _e(value) + _marks_html(marks)
            else:
                cell = _e(value)
            cells.append(f'<td class="c-{key}">{cell}</td>')
        rows.append(
            f"<tr {_row_attrs(f'task-{i}', ['task-row'], marks, correction_path('tasks', i, t))}>{''.join(cells)}</tr>"
        )
    body = "".join(rows) or f'<tr><td colspan="{len(TASK_COLUMNS)}" class="empty">none</td></tr>'
    return (
        f'<section id="tasks"><h2>Tasks <small>({len(tasks)})</small></h2>'
        f'<table class="grid" id="task-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></section>"
    )


def _signer_section(inp: ReviewInput, boxed: set[str], changed: list[str]) -> str:
    signers = inp.doc.get("signers") or []
    rows = []
    for i, s in enumerate(signers):
        marks = ["changed"] if _touches_record(changed, "signers", i, s) else []
        if f"signer-{i}" not in boxed and inp.pages:
            marks.append("unplaced")
        authority = s.get("authority_raw") or s.get("authority")
        rows.append(
            f"<tr {_row_attrs(f'signer-{i}', ['signer-row'], marks, f'signers[{i}]')}><td>{_e(authority)}</td>"
            f"<td>{_e(s.get('position'))}</td><td><b>{_e(s.get('name'))}</b>{_marks_html(marks)}</td>"
            f"<td>{_e(s.get('organization'))}</td><td>{_e(s.get('page'))}</td></tr>"
        )
    head = "<tr><th>Quyền</th><th>Chức vụ</th><th>Họ tên</th><th>Cơ quan</th><th>Tr.</th></tr>"
    body = "".join(rows) or '<tr><td colspan="5" class="empty">none</td></tr>'
    return (
        f'<section id="signers"><h2>Signers <small>({len(signers)})</small></h2>'
        f'<table class="grid">{head}{body}</table></section>'
    )


def _alerts_section(inp: ReviewInput) -> str:
    parts = []
    warnings = inp.doc.get("warnings") or []
    if warnings:
        parts.append(_alert("warn", "warnings", "Warnings", [_warning_item(w) for w in warnings]))
    if inp.findings:
        items = [
            f"<li class='sev-{_e(f.get('severity'))}'><code>{_e(f.get('kind'))}</code> "
            f"{_suspected(f)}<b>{_e(f.get('severity'))}</b> {_e(f.get('message'))}"
            f"{_list(_reading(e) for e in f.get('evidence') or [])}</li>"
            for f in inp.findings
        ]
        parts.append(_alert("finding", "findings", "Cross-document findings", items))
    if inp.failed_corrections:
        items = [
            f"<li><code>{_e(c.get('field'))}</code> {_e(c.get('reason'))}</li>"
            for c in inp.failed_corrections
        ]
        parts.append(
            _alert("warn", "failed-corrections", "Corrections that no longer apply", items)
        )
    if inp.reviewed:
        items = [
            f"<li><code>{_e(r.get('field'))}</code> {_e(r.get('by') or '')} {_e(r.get('at') or '')}"
            f"{' — ' + _e(r.get('note')) if r.get('note') else ''}</li>"
            for r in inp.reviewed
        ]
        parts.append(_alert("ok", "reviewed", "Reviewed fields", items))
    if inp.diff is not None:
        parts.append(_diff_section(inp.diff))
    return "".join(parts)


def _suspected(f: Record) -> str:
    return f"<code>({_e(f['suspected'])}?)</code> " if f.get("suspected") else ""


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


def _alert(kind: str, anchor: str, title: str, items: list[str]) -> str:
    """A titled box of ``<li>`` items: ``_alert("warn", "warnings", "Warnings", […])`` →
    ``<div class="alert warn" id="warnings"><h3>Warnings (2)</h3><ul>…</ul></div>``."""
    return (
        f'<div class="alert {kind}" id="{anchor}"><h3>{title} ({len(items)})</h3>'
        f"<ul>{''.join(items)}</ul></div>"
    )


def _warning_item(w: Record) -> str:
    where = f" <small>(trang {_e(w['page'])})</small>" if w.get("page") else ""
    fld = f" <small>[{_e(w['field'])}]</small>" if w.get("field") else ""
    return f"<li><code>{_e(w.get('code'))}</code> {_e(w.get('message'))}{where}{fld}</li>"


def _corrections_help(doc: Record) -> str:
    """A ready-to-edit corrections file for this document (docs/review.md)."""
    from vanban.review.corrections import Correction, template_for

    template = template_for(doc)
    template.corrections = [Correction(field="date", value=doc.get("date"), note="…")]
    text = json.dumps(
        template.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2
    )
    return (
        '<section id="corrections"><details><summary>Correct a value</summary>'
        "<p>Save as <code>&lt;out&gt;/corrections/&lt;name&gt;.corrections.json</code>; every later "
        "extraction applies it. A record's path shows when the pointer rests on it.</p>"
        f"<pre>{_e(text)}</pre></details></section>"
    )


def _diff_section(diff: Record) -> str:
    changes = diff.get("changes") or []
    meta = diff.get("meta") or []
    signs = {"added": "+", "removed": "−", "changed": "~"}

    def line(c: Record, cls: str) -> str:
        kind = str(c.get("kind"))
        if kind == "changed":
            value = f"{_short(c.get('old'))} → {_short(c.get('new'))}"
        else:
            value = _short(c.get("new") if kind == "added" else c.get("old"))
        return (
            f'<li class="d-{kind} {cls}"><span class="sign">{signs.get(kind, "?")}</span> '
            f"<code>{_e(c.get('path'))}</code> {_e(value)}</li>"
        )

    body = "".join(line(c, "") for c in changes) + "".join(line(c, "d-meta") for c in meta)
    state = (
        "no changes" if not changes else f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
    )
    old = f" against {_e(diff.get('old'))}" if diff.get("old") else ""
    return (
        f'<div class="alert diff" id="diff"><h3>Diff with the previous extraction{old}: {state}</h3>'
        f"<ul>{body}</ul></div>"
    )


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


def _text_with_spans(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text, escaped, with a <mark> per span (overlapping spans: the first wins)."""
    out, pos = [], 0
    for start, end, ref, kind in spans:
        if start < pos or end <= start or end > len(text):
            continue
        out.append(_e(text[pos:start]))
        out.append(
            f'<mark id="box-{ref}" class="box span box-{kind}" data-ref="{ref}" '
            f'data-kind="{kind}">{_e(text[start:end])}</mark>'
        )
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _pages_section(inp: ReviewInput, boxes: list[Box]) -> str:
    if not inp.pages:
        notes = "".join(f"<p>{_e(n)}</p>" for n in inp.notes) or "<p>No page images.</p>"
        text = ""
        if inp.text:
            marked = _text_with_spans(inp.text, collect_spans(inp.doc))
            text = f'<pre class="doc-text">{marked}</pre>'
        return f'<section id="pages" class="pages no-images">{notes}{text}</section>'
    by_page: dict[int, list[Box]] = {}
    for b in boxes:
        by_page.setdefault(b.page, []).append(b)
    figures = []
    for p in inp.pages:
        divs = []
        for b in by_page.get(p.number, []):
            left, top, width, height = p.percent(b.bbox)
            divs.append(
                f'<div id="box-{b.ref}" class="box box-{b.kind}" data-ref="{b.ref}" '
                f'data-kind="{b.kind}" title="{_e(b.label)}" '
                f'style="left:{left}%;top:{top}%;width:{width}%;height:{height}%"></div>'
            )
        figures.append(
            f'<figure class="page" id="page-{p.number}" data-page="{p.number}">'
            f'<div class="sheet"><img src="{p.data_uri()}" alt="Trang {p.number}" '
            f'width="{p.width_px}" height="{p.height_px}">{"".join(divs)}</div>'
            f"<figcaption>Trang {p.number} / {len(inp.pages)}</figcaption></figure>"
        )
    toggles = "".join(
        f'<label class="toggle t-{k}"><input type="checkbox" checked data-kind="{k}"> {label}</label>'
        for k, label in BOX_KINDS
    )
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in inp.notes)
    return (
        f'<section id="pages" class="pages"><div class="toggles">{toggles}</div>{notes}'
        + "".join(figures)
        + "</section>"
    )


def document_title(doc: Record) -> str:
    """'Chương trình phối hợp 15-CTr/BTGDVTU-UBMTTQ' (or the file name)."""
    number = (
        (doc.get("number") or {}).get("canonical") if isinstance(doc.get("number"), dict) else None
    )
    parts = [p for p in (doc.get("doc_type"), number) if p]
    return " ".join(parts) or str((doc.get("source") or {}).get("filename") or "document")


def render_review_page(inp: ReviewInput) -> str:
    """The whole page as one HTML string."""
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
    badges = "".join(
        f'<span class="badge b-{name}{" hot-badge" if n and name in ("warnings", "findings", "changes") else ""}">'
        f"{name} <b>{n}</b></span>"
        for name, n in counts
    )
    back = f'<a class="back" href="{_e(inp.index_href)}">← index</a>' if inp.index_href else ""
    records = (
        _alerts_section(inp)
        + _header_section(inp, boxed, changed)
        + _citation_section(inp, "legal_basis", "lb", "Legal basis", boxed, changed)
        + _citation_section(inp, "references", "ref", "References", boxed, changed)
        + _task_section(inp, boxed, changed)
        + _signer_section(inp, boxed, changed)
        + _corrections_help(doc)
    )
    meta = (
        f"{_e(source.get('filename'))} · {_e(source.get('format'))} · {_e(source.get('pages'))} pages"
        f"{' · OCR' if source.get('ocr') else ''} · extractor {_e(doc.get('extractor_version'))}"
    )
    title = document_title(doc)
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Review: {_e(title)}</title><style>{PAGE_CSS}</style></head><body class="review">'
        f'<header class="top">{back}<h1>{_e(title)}</h1><div class="sub">{_e(doc.get("title"))}</div>'
        f'<div class="meta">{meta}</div><div class="badges">{badges}</div></header>'
        f'<main class="split">{_pages_section(inp, boxes)}<section id="records" class="records">'
        f"{records}</section></main><script>{PAGE_JS}</script></body></html>\n"
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


def render_index(entries: list[IndexEntry], *, title: str = "vanban review") -> str:
    """The index page: one row per document with its counts and a link to its page."""
    rows = []
    for e in entries:
        name = f'<a href="{_e(e.href)}">{_e(e.filename)}</a>' if e.href else _e(e.filename)
        if e.error:
            rows.append(
                f'<tr class="doc-row is-error"><td>{name}</td><td colspan="10">{_e(e.error)}</td></tr>'
            )
            continue
        hot = ' class="hot-cell"'
        rows.append(
            '<tr class="doc-row">'
            f"<td>{name}<div class='raw'>{_e(e.title[:140])}</div></td><td>{_e(e.doc_type)}</td>"
            f"<td>{_e(e.number)}</td><td>{_e(e.date)}</td><td class='n'>{_e(e.pages)}</td>"
            f"<td class='n c-tasks'>{e.tasks}</td><td class='n c-citations'>{e.citations}</td>"
            f"<td class='n c-warnings'{hot if e.warnings else ''}>{e.warnings}</td>"
            f"<td class='n c-findings'{hot if e.findings else ''}>{e.findings}</td>"
            f"<td class='n c-changes'{hot if e.changes else ''}>{'' if e.changes is None else e.changes}</td>"
            f"<td class='n c-reviewed'>{e.reviewed or ''}</td></tr>"
        )
    head = (
        "<tr><th>Document</th><th>Type</th><th>Number</th><th>Date</th><th>Pages</th>"
        "<th>Tasks</th><th>Citations</th><th>Warnings</th><th>Findings</th><th>Changes</th>"
        "<th>Reviewed</th></tr>"
    )
    totals = (
        f"{len(entries)} documents · {sum(e.tasks for e in entries)} tasks · "
        f"{sum(e.citations for e in entries)} citations · {sum(e.warnings for e in entries)} warnings · "
        f"{sum(e.findings for e in entries)} findings"
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f'<title>{_e(title)}</title><style>{PAGE_CSS}</style></head><body class="index">'
        f'<header class="top"><h1>{_e(title)}</h1><div class="meta">{totals}</div>'
        '<input id="filter" type="search" placeholder="filter…" aria-label="filter"></header>'
        f'<main><table class="grid" id="doc-table"><thead>{head}</thead><tbody>{"".join(rows)}'
        f"</tbody></table></main><script>{INDEX_JS}</script></body></html>\n"
    )


PAGE_CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2330;background:#f3f4f7}
header.top{padding:10px 16px;background:#1f3a5f;color:#fff}header.top h1{margin:0;font-size:19px}
header.top .sub{opacity:.9;margin-top:2px}header.top .meta{opacity:.75;font-size:12px;margin-top:4px}
header.top a.back{color:#cfe0ff;float:right}
.badges{margin-top:6px}.badge{display:inline-block;background:#ffffff22;border-radius:10px;padding:1px 9px;margin-right:6px;font-size:12px}
.badge.hot-badge{background:#d9822b}
body.review{display:flex;flex-direction:column;height:100vh;overflow:hidden}
.split{flex:1;min-height:0;display:grid;grid-template-columns:minmax(320px,44%) 1fr}
.pages{overflow:auto;min-height:0;padding:10px;background:#596273}.pages.no-images{color:#fff}
.toggles{position:sticky;top:0;z-index:5;background:#596273;color:#fff;padding:4px 0 8px;font-size:12px}
.toggle{margin-right:10px;cursor:pointer}.note{color:#ffe9b0;font-size:12px;margin:0 0 8px}
figure.page{margin:0 0 14px}figure.page figcaption{color:#e6e8ee;font-size:12px;text-align:center}
.sheet{position:relative;background:#fff;box-shadow:0 1px 4px #0006}.sheet img{display:block;width:100%;height:auto}
.box{position:absolute;border:2px solid;border-radius:2px;cursor:pointer;transition:background .15s}
.box-task{border-color:#2f6fd6;background:#2f6fd614}.box-citation{border-color:#1d9a5b;background:#1d9a5b14}
.box-header{border-color:#8a3fd1;background:#8a3fd114}.box-signer{border-color:#d9822b;background:#d9822b14}
.box.hot,.box.flash{background:#ffd84d66;border-color:#c99700;z-index:3}
body.hide-task .box-task,body.hide-citation .box-citation,body.hide-header .box-header,body.hide-signer .box-signer{display:none}
.records{overflow:auto;min-height:0;padding:10px 16px}
.records h2{font-size:16px;margin:18px 0 6px;color:#1f3a5f}.records h2 small{color:#778}
table.grid,table.kv{border-collapse:collapse;width:100%;background:#fff}
table.grid th,table.grid td,table.kv th,table.kv td{border:1px solid #dfe2e8;padding:4px 6px;vertical-align:top;text-align:left}
table.grid th{background:#eef1f6;font-size:12px}table.kv th{width:130px;background:#eef1f6;font-weight:600}
td ul{margin:0;padding-left:16px}.raw{color:#6a7283;font-size:12px}.norm{color:#1d6f42;font-size:11px}
td.c-content{min-width:220px}td.c-no,td.c-page,td.n{white-space:nowrap;text-align:right}
tr.group-row td{background:#f7f0dd;font-weight:600}
tr[data-ref]{cursor:pointer}tr.hot td,tr.flash td{background:#fff4c2}
tr.is-changed td{box-shadow:inset 3px 0 #d9822b}tr.is-finding td{background:#fde8e8}
tr.is-reviewed td:first-child{box-shadow:inset 3px 0 #1d9a5b}
.mark{display:inline-block;font-size:10px;border-radius:8px;padding:0 6px;margin-left:4px;vertical-align:middle}
.mark-changed{background:#d9822b;color:#fff}.mark-finding{background:#c62828;color:#fff}
.mark-reviewed{background:#1d9a5b;color:#fff}.mark-unplaced{background:#c9ced8;color:#333}
.alert{border-radius:6px;padding:6px 12px;margin:10px 0;border:1px solid}.alert h3{margin:2px 0 4px;font-size:14px}
.alert ul{margin:0;padding-left:18px}.warn{background:#fff6e0;border-color:#e7b85a}
.finding{background:#fdecec;border-color:#e08a8a}.ok{background:#e9f7ef;border-color:#8fd1ab}
.diff{background:#eef3fb;border-color:#9db5dd}.d-added .sign{color:#1d9a5b}.d-removed .sign{color:#c62828}
.d-changed .sign{color:#d9822b}.d-meta{opacity:.6}.sign{font-weight:700;display:inline-block;width:12px}
.empty{color:#999;font-style:italic}
pre.doc-text{background:#fff;color:#1d2330;padding:12px;white-space:pre-wrap;font:13px/1.5 "DejaVu Serif",Georgia,serif}
mark.span{position:static;border-width:0 0 2px;border-radius:0;color:inherit}
#corrections{margin:18px 0}#corrections pre{background:#fff;border:1px solid #dfe2e8;padding:8px;overflow:auto;font-size:12px}
body.index main{padding:12px 16px}#filter{margin-top:6px;padding:3px 8px;width:260px}
td.hot-cell{background:#fff0d6;font-weight:700}tr.is-error td{background:#fde8e8}
"""

PAGE_JS = """
(function(){
  function all(ref){return document.querySelectorAll('[data-ref="'+ref+'"]');}
  function flash(el){el.classList.add('flash');setTimeout(function(){el.classList.remove('flash');},1400);}
  document.querySelectorAll('[data-ref]').forEach(function(el){
    var ref=el.getAttribute('data-ref');
    el.addEventListener('mouseenter',function(){all(ref).forEach(function(x){x.classList.add('hot');});});
    el.addEventListener('mouseleave',function(){all(ref).forEach(function(x){x.classList.remove('hot');});});
    el.addEventListener('click',function(){
      var target=document.getElementById((el.classList.contains('box')?'rec-':'box-')+ref);
      if(target){target.scrollIntoView({behavior:'smooth',block:'center'});flash(target);}
    });
  });
  document.querySelectorAll('.toggle input').forEach(function(cb){
    cb.addEventListener('change',function(){
      document.body.classList.toggle('hide-'+cb.getAttribute('data-kind'),!cb.checked);
    });
  });
})();
"""

INDEX_JS = """
(function(){
  var box=document.getElementById('filter');
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    document.querySelectorAll('#doc-table tbody tr').forEach(function(tr){
      tr.style.display=tr.textContent.toLowerCase().indexOf(q)>=0?'':'none';
    });
  });
})();
"""
