"""Build review pages: one HTML per document plus ``index.html`` (``vanban review``).

Inputs may be source files (extracted on the spot), extracted JSON files, or output
folders of the inbox flow (``json/``, ``archive/``, ``findings.json``, ``corrections/``).
For a JSON, the source file is looked for beside it (``source.filename``) and in the
flow's ``archive/<sha[:2]>/<sha256>.<ext>``; without it the page shows records only.

>>> build_review([Path("samples/seed000/seed000.pdf")], Path("review-out"))  # doctest: +SKIP
[PosixPath('review-out/seed000.html'), PosixPath('review-out/index.html')]
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vanban.review.corrections import FOLDER as CORRECTIONS_FOLDER
from vanban.review.corrections import apply_saved_corrections
from vanban.review.history import is_document_json, load_diff
from vanban.review.html import (
    IndexEntry,
    ReviewInput,
    findings_for,
    index_entry,
    render_index,
    render_register,
    render_review_page,
)
from vanban.review.locate import borrow_positions
from vanban.review.render import DEFAULT_DPI, RenderError, render_source

Record = dict[str, Any]
STORE_NAME = "vanban.sqlite"
"""The inbox flow's corpus store in an output folder: the review adds the citation graph
around each document and a register page when it is there."""
SOURCE_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".html", ".htm", ".md", ".txt"})


@dataclass
class Item:
    """One document to review: its JSON (as a dict) and where things around it are."""

    doc: Record
    name: str
    source: Path | None = None
    json_path: Path | None = None
    findings: list[Record] = field(default_factory=list)
    corrections_dir: Path | None = None
    previous: Path | None = None


def find_source(json_path: Path, doc: Record) -> Path | None:
    """The original file of an extracted JSON: beside it, one folder up, or archived."""
    source = doc.get("source") or {}
    filename, sha = source.get("filename"), source.get("sha256")
    folders = [json_path.parent, json_path.parent.parent]
    for folder in folders:
        if filename and (folder / filename).is_file():
            return folder / filename
    for folder in folders:
        archive = folder / "archive"
        if sha and archive.is_dir():
            for candidate in sorted((archive / sha[:2]).glob(f"{sha}.*")):
                return candidate
    return None


def load_findings(path: Path) -> list[Record]:
    """``findings.json`` of the flow: {"findings": [...]} (a bare list is accepted too)."""
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    findings = data.get("findings", []) if isinstance(data, dict) else data
    return [f for f in findings if isinstance(f, dict)]


def collect_items(
    inputs: list[Path],
    *,
    source: Path | None = None,
    findings_path: Path | None = None,
    corrections_dir: Path | None = None,
    previous: Path | None = None,
) -> list[Item]:
    """Expand files and folders into the documents to review (extracting sources)."""
    items: list[Item] = []
    extra_findings = load_findings(findings_path) if findings_path else []
    for path in inputs:
        if path.is_dir():
            json_dir = path / "json" if (path / "json").is_dir() else path
            findings = load_findings(path / "findings.json") + extra_findings
            corr = corrections_dir or path / CORRECTIONS_FOLDER
            for jp in sorted(json_dir.glob("*.json")):
                if not is_document_json(jp) or jp.name == "findings.json":
                    continue
                doc = _read_json(jp)
                if doc is None or "source" not in doc:
                    continue
                items.append(Item(doc, jp.stem, find_source(jp, doc), jp, findings, corr))
        elif path.suffix.lower() == ".json":
            doc = _read_json(path)
            if doc is None:
                raise ValueError(f"{path}: not a JSON document")
            findings = load_findings(path.parent / "findings.json") + extra_findings
            src = source or find_source(path, doc)
            items.append(Item(doc, path.stem, src, path, findings, corrections_dir, previous))
        else:
            from vanban.pipeline import extract_document

            doc = json.loads(extract_document(path).model_dump_json())
            items.append(
                Item(doc, path.name, path, None, extra_findings, corrections_dir, previous)
            )
    return items


def _read_json(path: Path) -> Record | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def review_input(item: Item, work_dir: Path, *, dpi: int = DEFAULT_DPI) -> ReviewInput:
    """Everything the page of ``item`` shows: images, boxes, findings, diff, corrections."""
    doc = item.doc
    notes: list[str] = []
    reviewed: list[Record] = [r for r in doc.get("reviewed") or [] if isinstance(r, dict)]
    failed: list[Record] = []
    if item.corrections_dir is not None and not reviewed:
        result = apply_saved_corrections(item.corrections_dir, doc)
        doc = result.document
        reviewed = [r.model_dump(mode="json") for r in result.reviewed]
        failed = list(result.failed)
    diff = None
    if item.previous is not None:
        from vanban.review.diff import diff_documents

        old = json.loads(item.previous.read_text(encoding="utf-8"))
        diff = diff_documents(old, doc, old_name=item.previous.name, new_name=item.name).to_dict()
    elif item.json_path is not None:
        diff = load_diff(item.json_path)
    pages = []
    text: str | None = None
    if item.source is None:
        notes.append("The source file was not found: no page images.")
    else:
        try:
            rendered = render_source(item.source, work_dir, dpi=dpi)
            pages = rendered.pages
            if rendered.note:
                notes.append(rendered.note)
            if not pages:
                text = _document_text(item.source)
                if text is not None:
                    notes.append(
                        "The document text (vanban text); marked: header fields, citations."
                    )
            if rendered.converted and rendered.pdf is not None:
                doc, placed = _locate_on_pdf(doc, rendered.pdf)
                notes.append(
                    f"{item.source.suffix.lstrip('.').upper()} has no page geometry: the pages are "
                    f"LibreOffice's rendering and {placed} boxes were located by extracting it again."
                )
        except RenderError as exc:
            notes.append(str(exc))
    return ReviewInput(
        doc=doc,
        pages=pages,
        findings=findings_for(doc, item.findings),
        diff=diff,
        reviewed=reviewed,
        failed_corrections=failed,
        notes=notes,
        index_href="index.html",
        text=text,
    )


def _document_text(path: Path) -> str | None:
    """The text the spans point into (``vanban text``), or None if it cannot be read."""
    from vanban.extract import read_document, sniff
    from vanban.extract.errors import ExtractionError
    from vanban.parsers.textview import TextView

    try:
        return TextView.build(read_document(path, sniff(path))).text
    except (ExtractionError, OSError):
        return None


def _locate_on_pdf(doc: Record, pdf: Path) -> tuple[Record, int]:
    from vanban.extract.errors import ExtractionError
    from vanban.pipeline import extract_document

    try:
        located = json.loads(extract_document(pdf).model_dump_json())
    except (ExtractionError, OSError):
        return doc, 0
    return borrow_positions(doc, located)


def quarantined_entries(folder: Path) -> list[IndexEntry]:
    """Index lines for the files ``vanban run`` refused (``quarantine/*.error.json``)."""
    entries = []
    for path in sorted((folder / "quarantine").glob("*.error.json")):
        report = _read_json(path)
        if report is None:
            continue
        name = str(report.get("original_name") or report.get("file") or path.name)
        reason = f"quarantined: {report.get('code', '?')}: {report.get('message', '')}"
        entries.append(IndexEntry(href=None, filename=name, error=reason))
    return entries


def _page_name(item: Item, taken: set[str]) -> str:
    base = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in item.name) or "document"
    name, n = f"{base}.html", 2
    while name in taken or name == "index.html":
        name, n = f"{base}-{n}.html", n + 1
    taken.add(name)
    return name


def build_review(
    inputs: list[Path],
    out_dir: Path,
    *,
    dpi: int = DEFAULT_DPI,
    source: Path | None = None,
    findings_path: Path | None = None,
    corrections_dir: Path | None = None,
    previous: Path | None = None,
) -> list[Path]:
    """Write a page per document and ``index.html`` into ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    items = collect_items(
        inputs,
        source=source,
        findings_path=findings_path,
        corrections_dir=corrections_dir,
        previous=previous,
    )
    written: list[Path] = []
    entries: list[IndexEntry] = []
    taken: set[str] = set()
    names = [_page_name(item, taken) for item in items]
    pages_by_sha = {
        str((item.doc.get("source") or {}).get("sha256")): name
        for item, name in zip(items, names, strict=True)
    }
    store_path = next(
        (p / STORE_NAME for p in inputs if p.is_dir() and (p / STORE_NAME).is_file()), None
    )
    graph = graph_links(store_path, pages_by_sha) if store_path is not None else None
    for item, name in zip(items, names, strict=True):
        with tempfile.TemporaryDirectory(prefix="vanban_review_") as work:
            inp = review_input(item, Path(work), dpi=dpi)
        if graph is not None:
            sha = str((item.doc.get("source") or {}).get("sha256"))
            inp.links = {"cites": graph[0].get(sha, []), "cited_by": graph[1].get(sha, [])}
        target = out_dir / name
        target.write_text(render_review_page(inp), encoding="utf-8")
        written.append(target)
        entries.append(index_entry(name, inp))
    for path in inputs:
        if path.is_dir():
            entries.extend(quarantined_entries(path))
    register_href = None
    if store_path is not None:
        register = out_dir / "register.html"
        register.write_text(register_page(store_path, pages_by_sha), encoding="utf-8")
        written.append(register)
        register_href = register.name
    index = out_dir / "index.html"
    index.write_text(render_index(entries, register_href=register_href), encoding="utf-8")
    written.append(index)
    return written


Links = dict[str, list[Record]]


def graph_links(store_path: Path, pages: dict[str, str]) -> tuple[Links, Links]:
    """(cites, cited by) of every document of the store, each a list of {relation, label,
    href, page}, one per (document, relation) pair; ``href`` when the other document has a
    page in this review."""
    from vanban.register.graph import RELATION_RANK, edges
    from vanban.register.tasks import RegisterDoc
    from vanban.store.sqlite import SQLiteStore

    cites: Links = {}
    cited_by: Links = {}
    seen: set[tuple[str, str, str, str]] = set()
    with SQLiteStore(store_path) as store:
        all_edges = edges(store)
    for e in all_edges:
        label = " ".join(p for p in (e.doc_type, e.number) if p) or e.raw[:120]
        targets: list[RegisterDoc | None] = list(e.cited) or [None]
        for d in targets:
            key = ("cites", e.source.sha256, e.relation, d.sha256 if d else e.target)
            if key not in seen:
                seen.add(key)
                shown = d.label() if d else label
                cites.setdefault(e.source.sha256, []).append(
                    {
                        "relation": e.relation,
                        "label": shown,
                        "href": pages.get(d.sha256) if d else None,
                        "page": e.page,
                    }  # fmt: skip
                )
            if d is None:
                continue
            back = ("by", d.sha256, e.relation, e.source.sha256)
            if back not in seen:
                seen.add(back)
                cited_by.setdefault(d.sha256, []).append(
                    {
                        "relation": e.relation,
                        "label": e.source.label(),
                        "href": pages.get(e.source.sha256),
                        "page": e.page,
                    }  # fmt: skip
                )
    for table in (cites, cited_by):
        for rows in table.values():
            rows.sort(key=lambda r: (RELATION_RANK[r["relation"]], r["label"]))
    return cites, cited_by


def register_page(store_path: Path, pages: dict[str, str]) -> str:
    """The register page: every task under each body named on it (``vanban tasks
    --by-agency``), linked to its document's page."""
    import datetime as dt

    from vanban.register.aliases import ALIASES_FILE, Aliases
    from vanban.register.tasks import TaskQuery, by_agency, register
    from vanban.store.sqlite import SQLiteStore

    today = dt.date.today()
    aliases = Aliases.load(store_path.parent / ALIASES_FILE)
    with SQLiteStore(store_path) as store:
        entries = by_agency(
            store, register(store, TaskQuery(as_of=today, aliases=aliases)), aliases
        )
    rows = [
        {
            "agency": e.agency,
            "role": e.agency_role,
            "document": e.document.label(),
            "href": pages.get(e.document.sha256),
            "no": e.no or e.id,
            "content": e.content,
            "timeframe": e.timeframe,
            "status": e.status,
            "status_date": e.status_date.isoformat() if e.status_date else None,
        }  # fmt: skip
        for e in entries
    ]
    return render_register(rows, as_of=today.isoformat())
