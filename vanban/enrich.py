"""Enrich: warnings about a document that need both the assembled Document and the
layout it came from (Docling's build → assemble → enrich: readers build the layout,
the pipeline assembles the Document, this step adds what needs both).

``field_warnings``: an ``ocr_low_confidence`` warning for every located field that OCR
read with an unsure word ("number on page 1 read by OCR with confidence 41 (word
'2O1')").
"""

from __future__ import annotations

from vanban.models.document import Document
from vanban.models.document import Warning as DocWarning
from vanban.models.layout import BBox, Block, LayoutDocument, Word

FIELD_LOW_CONF = 70.0
"""A field whose least sure OCR word is below this gets an ``ocr_low_confidence`` warning."""


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def words_in(layout: LayoutDocument, page: int, bbox: BBox) -> list[Word]:
    """OCR words (with a confidence) of ``page`` whose boxes overlap ``bbox``."""
    out: list[Word] = []
    for p in layout.pages:
        if p.number != page or p.text_source != "ocr":
            continue
        for it in p.items:
            lines = it.lines if isinstance(it, Block) else [x for c in it.cells for x in c.lines]
            for ln in lines:
                out += [
                    w
                    for w in ln.words
                    if w.conf is not None and w.bbox is not None and _overlaps(w.bbox, bbox)
                ]
    return out


def field_warnings(layout: LayoutDocument, doc: Document) -> list[DocWarning]:
    """``ocr_low_confidence`` for every located field read by OCR with an unsure word.

    Fields checked: ``number``, each ``legal_basis[i]``, each ``tasks[i]``. The message
    names the field, the page and the lowest word confidence, so a reviewer knows
    where to look. (A handwritten number Tesseract cannot read is dropped before
    layout, so it is ``null`` with the parser's own warning, never a guess.)
    """
    located: list[tuple[str, int | None, BBox | None]] = []
    if doc.number is not None:
        located.append(("number", doc.number.page, doc.number.bbox))
    located += [(f"legal_basis[{i}]", c.page, c.bbox) for i, c in enumerate(doc.legal_basis)]
    located += [(f"tasks[{i}]", t.page, t.bbox) for i, t in enumerate(doc.tasks)]
    out: list[DocWarning] = []
    for name, page, bbox in located:
        if page is None or bbox is None:
            continue
        words = words_in(layout, page, bbox)
        if not words:
            continue
        low = min(words, key=lambda w: w.conf or 0.0)
        if (low.conf or 0.0) < FIELD_LOW_CONF:
            out.append(
                DocWarning(
                    code="ocr_low_confidence",
                    message=(
                        f"{name} on page {page} read by OCR with confidence {low.conf:.0f} "
                        f"(word {low.text!r}); check it against the scan"
                    ),
                    page=page,
                    field=name,
                )
            )
    return out
