r"""The extraction pipeline: file → layout (extract/) → records (parsers/) → Document.

This is the one function everything else calls (the CLI, the Prefect flows, the
benchmarks). It holds no parsing logic of its own: it decides the order.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "quyết định.txt").write_text(
...     "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nSố: 41/QĐ-UBND\nSơn La, ngày 02 tháng 3 năm 2026\n"
...     "QUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\n", encoding="utf-8")
>>> doc = extract_document(folder / "quyết định.txt")
>>> doc.doc_type, doc.number.canonical, doc.date
('Quyết định', '41/QĐ-UBND', '2026-03-02')
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from vanban import EXTRACTOR_VERSION
from vanban.codes import NOT_OFFICIAL
from vanban.enrich import field_warnings
from vanban.extract import read_document, sniff
from vanban.models.document import Document, SourceInfo, Warning
from vanban.models.layout import Format, LayoutDocument
from vanban.parsers.agreement import outvote_named
from vanban.parsers.confidence import attach_confidence
from vanban.parsers.header import parse_header
from vanban.parsers.implements import implemented
from vanban.parsers.legal_basis import parse_legal_basis
from vanban.parsers.relations import attach_relations
from vanban.parsers.signers import issuers_from_signers, parse_recipients, parse_signers
from vanban.parsers.tasks import parse_tasks
from vanban.parsers.textview import TextView


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def extract_document(path: str | Path, *, fmt: Format | None = None) -> Document:
    """Read one file and return the validated :class:`Document`.

    Raises :class:`vanban.extract.errors.ExtractionError` for files that cannot be read.
    """
    path = Path(path)
    fmt = fmt or sniff(path)
    layout = read_document(path, fmt)
    source = SourceInfo(
        filename=path.name,
        sha256=file_sha256(path),
        format=fmt,
        pages=len(layout.pages),
        ocr=any(p.text_source == "ocr" for p in layout.pages),
        size_bytes=path.stat().st_size,
        pages_needing_ocr=[p.number for p in layout.pages if p.needs_ocr],
    )
    return parse_layout(layout, source)


def parse_layout(layout: LayoutDocument, source: SourceInfo) -> Document:
    """Run every parser over a layout and assemble the document."""
    view = TextView.build(layout)
    warnings: list[Warning] = [
        Warning(code=w.code, message=w.message, page=w.page) for w in layout.warnings
    ]
    for page in layout.pages:
        if page.needs_ocr:
            warnings.append(
                Warning(
                    code="needs_ocr",
                    message=f"page {page.number} has no usable text layer ({page.ocr_reason})",
                    page=page.number,
                )
            )

    header = parse_header(layout, view)
    warnings += header.warnings
    signers, signer_warnings = parse_signers(layout, view)
    issuers_from_signers(header, signers)  # the issuer when the header prints none
    legal_basis, references, cite_warnings = parse_legal_basis(
        view,
        body_start=header.body_start,
        doc_date=header.date,
        doc_number=header.number,
        doc_type=header.doc_type,
    )
    warnings += cite_warnings
    year = int(header.date[:4]) if header.date else None
    tasks, task_warnings = parse_tasks(layout, view, doc_year=year, issuers=header.issuers)
    warnings += task_warnings
    warnings += signer_warnings
    recipients, recipients_source, recipient_warnings = parse_recipients(layout, view)
    warnings += recipient_warnings

    sources = dict(header.sources)
    implements = implemented(
        legal_basis, title=header.title, title_source=sources.get("title"), view=view
    )
    if recipients_source is not None:
        sources["recipients"] = recipients_source
    attach_relations(view.text, legal_basis, implements, references, doc_type=header.doc_type)

    doc = Document(
        extractor_version=EXTRACTOR_VERSION,
        source=source,
        doc_type=header.doc_type,
        doc_type_raw=header.doc_type_raw,
        number=header.number,
        place=header.place,
        date=header.date,
        date_raw=header.date_raw,
        title=header.title,
        issuers=header.issuers,
        issuer_parent=header.issuer_parent,
        legal_basis=legal_basis,
        implements=implements,
        references=references,
        tasks=tasks,
        signers=signers,
        recipients=recipients,
        warnings=warnings,
        sources=sources,
    )
    attach_confidence(doc, layout, view)
    doc.warnings += outvote_named(
        [(f"legal_basis[{i}]", c) for i, c in enumerate(doc.legal_basis)]
        + [(f"references[{i}]", c) for i, c in enumerate(doc.references)]
    )
    if any(p.text_source == "ocr" for p in layout.pages):
        doc.warnings += field_warnings(layout, doc)
    if not_an_official_document(doc):
        doc.warnings.append(
            Warning(
                code=NOT_OFFICIAL,
                message="no type, number, date or signature: not an official document "
                "(kept out of the cross-document checks; vanban run --strict quarantines it)",
            )
        )
    return doc


def not_an_official_document(doc: Document) -> bool:
    """Nothing of an official document was found: no type, no number, no date and no
    signature (a text file of notes, /etc/passwd dropped by mistake).

    >>> from vanban.models.document import SourceInfo
    >>> src = SourceInfo(filename="ghi chú.txt", sha256="0" * 64, format="txt", pages=1, ocr=False)
    >>> not_an_official_document(Document(source=src, extractor_version="x"))
    True
    >>> not_an_official_document(Document(source=src, extractor_version="x", doc_type="Kế hoạch"))
    False
    """
    return not (doc.doc_type or doc.number or doc.date or doc.date_raw or doc.signers)
