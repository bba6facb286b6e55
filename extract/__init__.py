"""Readers: one per input format, all producing :class:`vanban.models.layout.LayoutDocument`.

``read_document(path)`` sniffs the format from the bytes and calls the reader:

=========  =====================  ==========================================
format     module                 notes
=========  =====================  ==========================================
pdf        ``vanban.extract.pdf.reader``        pdfplumber; pages without usable text → needs_ocr
docx       ``vanban.extract.markup.docx``       python-docx; merges as spans; borderless tables
doc        ``vanban.extract.markup.doc``        LibreOffice → DOCX, then ``vanban.extract.markup.docx``
html       ``vanban.extract.markup.html``       vbpl.vn pages; the header is an HTML table
md         ``vanban.extract.markup.markdown``   thuvienphapluat-style Markdown, pipe tables
txt        ``vanban.extract.markup.text``       plain text (seeds), tab-separated tables
image      ``vanban.extract.scan.image``      PNG/JPEG/TIFF → OCR (``vanban.extract.scan.ocr``); also PDF pages
                                  marked needs_ocr, unless ``VANBAN_OCR=0``
=========  =====================  ==========================================
"""

from __future__ import annotations

import os
from pathlib import Path

from vanban.extract.errors import ExtractionError, UnsupportedFormat
from vanban.extract.protocol import reader_for
from vanban.extract.safety import check_file
from vanban.extract.sniff import detect_format
from vanban.models.layout import Format, LayoutDocument

READERS: dict[str, str] = {
    "pdf": "vanban.extract.pdf.reader",
    "docx": "vanban.extract.markup.docx",
    "doc": "vanban.extract.markup.doc",
    "html": "vanban.extract.markup.html",
    "md": "vanban.extract.markup.markdown",
    "txt": "vanban.extract.markup.text",
    "image": "vanban.extract.scan.image",
}
"""Format → reader module, imported on first use (each module names its formats in
``FORMATS``; tests/test_architecture.py keeps the two in agreement)."""


def sniff(path: Path) -> Format:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    return detect_format(head, path.name, path)


def ocr_enabled(ocr: bool | None = None) -> bool:
    """OCR of pages without text: on unless ``ocr=False`` or ``VANBAN_OCR=0``."""
    if ocr is not None:
        return ocr
    return os.environ.get("VANBAN_OCR", "1").strip().lower() not in {"0", "false", "no", "off"}


def read_document(
    path: str | Path, fmt: Format | None = None, *, ocr: bool | None = None
) -> LayoutDocument:
    """Read any supported file into the layout model (raises :class:`ExtractionError`).

    PDF pages marked ``needs_ocr`` by the typed reader are OCRed (:mod:`vanban.extract.scan.ocr`)
    unless OCR is switched off (``ocr=False`` or ``VANBAN_OCR=0``).
    """
    path = Path(path)
    fmt = fmt or sniff(path)
    check_file(path, fmt)
    module_name = READERS.get(fmt)
    if module_name is None:
        raise UnsupportedFormat(f"no reader for format {fmt!r}")
    module = reader_for(fmt, READERS[fmt])
    layout: LayoutDocument = module.read(path)
    if fmt == "pdf" and ocr_enabled(ocr) and any(p.needs_ocr for p in layout.pages):
        from vanban.extract.scan.ocr import apply_ocr

        apply_ocr(path, layout.pages, layout.warnings)
    return layout


__all__ = ["ExtractionError", "read_document", "sniff"]
