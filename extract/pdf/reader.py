"""Typed-PDF reader: pdfplumber glyphs → the layout model (blocks, tables, pages).

One pass per page over ``page.chars`` (plus one ``find_tables`` when the page has
ruling lines); each step lives in its own module, this one opens the file and
orchestrates:

1. glyphs → words (split on printed spaces and on gaps) → line *fragments* (a
   baseline cut where the gap is wide enough to separate columns) — :mod:`vanban.extract.pdf.words`;
2. ruling tables (``finder="ruling"``): cells mapped onto the table's distinct x and
   y edges, so merged cells get ``row_span``/``col_span``; their glyphs leave the
   text flow — :mod:`vanban.extract.pdf.tables`;
3. unruled tables found from text alignment (≥ 3 column bands over ≥ 3 rows, a row's
   wrapped lines joined in its cells; ``Table(finder="text", borderless=False)``); a
   table that ends a page passes its column bands to the next page, whose first lines
   continue it — :func:`vanban.extract.pdf.tables.find_text_tables`;
4. borderless two-column regions (the header "ỦY BAN NHÂN DÂN | CỘNG HÒA …" and the
   signature / "Nơi nhận:" block): ``Table(finder="text", borderless=True)``, one
   cell per column, so the columns are never interleaved line by line —
   :mod:`vanban.extract.pdf.regions`;
5. the remaining fragments → paragraphs (``Block``) split on vertical gaps, indents,
   list markers, alignment, size and bold/italic changes; the fragments of one row
   outside the regions are one line ("- Ban công tác phía Nam MTTW;   Để b/cáo") —
   :mod:`vanban.extract.pdf.blocks`.

Page-number lines ("7", "- 7 -") at the top or bottom edge are not items: they are
kept in ``metadata["page_numbers"]``, a JSON list of ``{"page", "text", "bbox"}``
(``[{"page": 2, "text": "2", "bbox": [316.32, 26.85, 322.39, 39.0]}]``).

Pages without a usable text layer get ``needs_ocr=True`` and an ``ocr_reason``:
"image-only", "signature-only" (the only text in the file is a VGCA / Cổng TTĐT
signature stamp, kept in ``metadata["signature_stamp"]``), "vector-glyphs" (text
drawn as outlines), "garbage-text" (mostly non-Vietnamese characters) —
:mod:`vanban.extract.pdf.pages`. Thresholds: :mod:`vanban.extract.pdf.settings`.

Legacy fonts (".VnTime", "VNI-Times") are converted by :mod:`vanban.extract.markup.legacy_fonts`;
every word goes through :func:`vanban.extract.hygiene.clean_text`; words split by glyph
gaps inside a line (no space printed) are rejoined when
:func:`vanban.extract.hygiene.fragments_join` says they form one syllable ("B Ộ" → "BỘ").

>>> doc = read(Path("55 ND_CP_21072023_2_signed.pdf"))  # doctest: +SKIP
>>> doc.pages[0].items[0].cells[0].text                  # doctest: +SKIP
'CHÍNH PHỦ\\n_______\\nSố: 55/2023/NĐ-CP'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from vanban.extract.errors import CorruptFile, EmptyFile, EncryptedFile, ExtractionError
from vanban.extract.pdf.blocks import (
    assemble_items,
    page_number_rows,
    row_line,
)
from vanban.extract.pdf.pages import PageText, PdfiumSide, classify_empty, classify_page
from vanban.extract.pdf.regions import group_rows, region_table, text_regions
from vanban.extract.pdf.settings import SETTINGS as SETTINGS
from vanban.extract.pdf.tables import (
    Band,
    RulingTable,
    assign_table_chars,
    find_ruling_tables,
    find_text_tables,
    ruling_boxes,
    ruling_table_model,
    text_table_model,
)
from vanban.extract.pdf.words import Fragment, fragments, round_bbox
from vanban.models.layout import Block, LayoutDocument, LayoutWarning, Page, Table


def _layout_page(
    page: Any,
    number: int,
    chars: list[dict[str, Any]],
    page_numbers: list[dict[str, Any]] | None = None,
    carry: list[list[Band]] | None = None,
) -> list[Block | Table]:
    """Glyphs of a text page → items in reading order.

    Page-number lines leave the items; each is appended to ``page_numbers`` as
    ``{"page", "text", "bbox"}`` when a list is given. ``carry`` passes the column
    bands of a text table that ends the page on to the next page (``[bands]`` or ``[]``).
    """
    tables: list[RulingTable] = []
    if len(page.lines) + len(page.rects) >= 2:
        tables = find_ruling_tables(page)
    rest = assign_table_chars(tables, chars)
    frags = fragments(rest)
    rows = group_rows(frags)
    height = float(page.height)
    numbered = page_number_rows(rows, page_height=height)
    if numbered:
        rows = [r for r in rows if all(r is not n for n in numbered)]
        if page_numbers is not None:
            for row in numbered:
                f = row.frags[0]
                box = round_bbox((f.x0, f.top, f.x1, f.bottom))
                page_numbers.append({"page": number, "text": f.text, "bbox": list(box)})
    text_tables = find_text_tables(rows, carry=carry[0] if carry else None)
    if text_tables:
        in_table = {id(r) for t in text_tables for r in t.rows}
        rows = [r for r in rows if id(r) not in in_table]
    regions = text_regions(rows, page_height=height)
    in_region = {id(f) for reg in regions for row in reg.rows for f in row.frags}

    placed: list[tuple[float, int, Block | Table | Fragment]] = []
    for t in tables:
        placed.append((t.bbox[1], 0, ruling_table_model(t, number)))
    for tt in text_tables:
        placed.append((tt.rows[0].top, 0, text_table_model(tt, number)))
    for reg in regions:
        placed.append((reg.rows[0].top, 0, region_table(reg, number)))
    flow: list[Fragment] = []
    for row in rows:
        outside = [f for f in row.frags if id(f) not in in_region]
        if outside:
            line = row_line(outside)
            flow.append(line)
            placed.append((row.top, 1, line))
    placed.sort(key=lambda p: (p[0], p[1]))
    if carry is not None:
        last = placed[-1][2] if placed else None
        ends = isinstance(last, Table) and last.finder == "text" and not last.borderless
        carry[:] = [text_tables[-1].bands] if ends and text_tables else []

    return assemble_items(placed, flow, float(page.width), number)


def _open(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise CorruptFile(f"cannot read {path.name}: {e}") from e
    if size == 0:
        raise EmptyFile(f"{path.name} is empty")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF" not in head:
        raise CorruptFile(f"{path.name} is not a PDF (no %PDF header)")
    try:
        return pdfplumber.open(path)
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFile(f"{path.name} is encrypted (password required)") from e
        raise CorruptFile(f"{path.name} is not a readable PDF: {cause}") from e
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as e:
        raise CorruptFile(f"{path.name} is not a readable PDF: {e}") from e


FORMATS: tuple[str, ...] = ("pdf",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path) -> LayoutDocument:
    """Read a typed PDF into the layout model (see the module docstring)."""
    path = Path(path)
    pdf = _open(path)
    side = PdfiumSide(path)
    doc = LayoutDocument(format="pdf")
    stamp_texts: list[str] = []
    page_numbers: list[dict[str, Any]] = []
    carry: list[list[Band]] = []
    try:
        try:
            n_pages = len(pdf.pages)
        except Exception as e:  # noqa: BLE001 - pdfminer raises many types on bad files
            raise _corrupt(path, e) from e
        if n_pages == 0:
            raise CorruptFile(f"{path.name} has no pages (truncated or malformed)")
        for index in range(n_pages):
            try:
                page = pdf.pages[index]
                doc.pages.append(
                    _read_page(
                        page, index + 1, side, stamp_texts, doc.warnings, page_numbers, carry
                    )
                )
                page.close()
            except ExtractionError:
                raise
            except Exception as e:  # noqa: BLE001
                raise _corrupt(path, e, index + 1) from e
    finally:
        side.close()
        pdf.close()
    if page_numbers:
        doc.metadata["page_numbers"] = json.dumps(page_numbers, ensure_ascii=False)
    if stamp_texts:
        doc.metadata["signature_stamp"] = "\n\n".join(dict.fromkeys(stamp_texts))
        if not any(p.text_source == "native" and p.items for p in doc.pages):
            for p in doc.pages:
                if p.needs_ocr and p.ocr_reason == "image-only":
                    p.ocr_reason = "signature-only"
    for p in doc.pages:
        if p.needs_ocr:
            doc.warnings.append(
                LayoutWarning(
                    code="needs_ocr", message=f"no usable text: {p.ocr_reason}", page=p.number
                )
            )
    return doc


def _corrupt(path: Path, e: Exception, page: int | None = None) -> CorruptFile:
    where = f" (page {page})" if page else ""
    return CorruptFile(f"{path.name} is truncated or malformed{where}: {type(e).__name__}: {e}")


def _read_page(
    page: Any,
    number: int,
    side: PdfiumSide,
    stamp_texts: list[str],
    warnings: list[LayoutWarning],
    page_numbers: list[dict[str, Any]] | None = None,
    carry: list[list[Band]] | None = None,
) -> Page:
    out = Page(
        number=number,
        width=round(float(page.width), 2),
        height=round(float(page.height), 2),
        rotation=int(page.rotation or 0) % 360,
    )
    probe = side.probe(number - 1)
    if probe is not None and probe.chars == 0:
        chars: list[dict[str, Any]] = []
        status = classify_empty(probe.images, probe.paths)
    else:
        chars = _upright_chars(page, number, warnings)
        status = classify_page(page, chars)
    if not chars:
        annot = side.stamp(number - 1)
        if annot:
            stamp_texts.append(annot)
            if status.reason == "image-only" or status.reason is None:
                status = PageText("signature-only", annot)
    if carry and (status.reason is not None or not chars):
        carry.clear()  # a table continues only onto the next text page
    if status.reason is not None:
        out.needs_ocr = True
        out.ocr_reason = status.reason
        out.text_source = "none"
        if status.stamp and chars:
            stamp_texts.append(status.stamp)
        return out
    if not chars:
        out.text_source = "none"
        return out
    out.ruling_lines = ruling_boxes(page)
    out.items = _layout_page(page, number, chars, page_numbers, carry)
    return out


def _upright_chars(page: Any, number: int, warnings: list[LayoutWarning]) -> list[dict[str, Any]]:
    chars: list[dict[str, Any]] = page.chars
    upright = [c for c in chars if c.get("upright", True)]
    if len(upright) * 2 >= len(chars):
        return upright  # drop the odd vertical margin note
    warnings.append(
        LayoutWarning(
            code="sideways_text",
            message="most glyphs are not upright; reading order may be wrong",
            page=number,
        )
    )
    return chars
