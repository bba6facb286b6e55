"""Write one sample as a DOCX laid out the way Vietnamese offices type them (NĐ 30/2020).

A4, margins 20/20/30/15 mm, Times New Roman 14 pt body (13 pt header, 12 pt tables).
Header: a borderless two-column table (left: issuing bodies in bold capitals, "*" under
Party bodies, "Số: …"; right: the national motto or "ĐẢNG CỘNG SẢN VIỆT NAM", then the
italic place-and-date line). Then the centred bold type name and title, the body, the task
table (a real Word table with borders, header row repeated on each page, rows allowed to
break across pages), the signature blocks side by side in a borderless table, and the
"Nơi nhận:" list below them.

>>> write_docx(parts, SPECS["seed000"], Path("seed000.docx"), Layout())  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from samples.sample_specs import PARTY_MOTTO, STATE_MOTTO, SampleSpec
from samples.seed_text import Paragraph, SeedParts, TaskTable, italic_runs

FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # 210 - 30 (left) - 15 (right)
TASK_COL_MM = (10, 45, 20, 23, 23, 23, 21)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Layout:
    """Spacing knobs; the builder picks ``table_before_pt`` (space above the heading that
    introduces the task table) so that seed 000's row 11 breaks across a page."""

    body_size_pt: float = 14
    body_after_pt: float = 6
    body_line_spacing: float = 1.3
    table_before_pt: float = 0
    table_size_pt: float = 12


def _font(run_or_style: object, size: float | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: float = 0,
    indent_mm: float | None = None,
    markdown_italics: bool = False,
    line_spacing: float = 1.0,
) -> DocxParagraph:
    p = container.add_paragraph()
    pieces = italic_runs(text) if markdown_italics else [(text, False)]
    for piece, it in pieces:
        run = p.add_run(piece)
        _font(run, size)
        run.bold = bold or None
        run.italic = (italic or it) or None
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line_spacing
    if align is not None:
        p.alignment = align
    if indent_mm is not None:
        fmt.first_line_indent = Mm(indent_mm)
    return p


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table: Table, widths_mm: tuple[float, ...]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def _first_empty(cell: _Cell) -> None:
    """python-docx cells start with one empty paragraph: drop it once content was added."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._element.getparent().remove(first._element)


def _header(doc: DocxDocument, spec: SampleSpec, number_line: str) -> None:
    h = spec.header
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (70, TEXT_WIDTH_MM - 70))
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    for body in h.bodies:
        _para(left, body, size=13, bold=True, align=center)
    if h.party:
        _para(left, "*", size=13, align=center)
    _para(left, number_line, size=13, align=center)
    motto = PARTY_MOTTO if h.party else STATE_MOTTO
    for i, line in enumerate(motto):
        p = _para(right, line, size=13 if i == 0 else 14, bold=True, align=center)
        if line == motto[-1]:
            for run in p.runs:
                run.underline = True
    _para(right, "", size=13)
    _para(right, h.place_date, size=14, italic=True, align=center)
    _first_empty(left)
    _first_empty(right)


def _repeat_header(row_el: object) -> None:
    tr_pr = row_el.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _task_table(doc: DocxDocument, table: TaskTable, layout: Layout) -> None:
    out = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    out.style = doc.styles["Table Grid"]
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(out, TASK_COL_MM)
    _repeat_header(out.rows[0]._tr)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for c, text in enumerate(table.header):
        cell = out.rows[0].cells[c]
        _para(cell, text, size=layout.table_size_pt, bold=True, align=center)
        _first_empty(cell)
    for r, row in enumerate(table.rows, start=1):
        for c, text in enumerate(row):
            cell = out.rows[r].cells[c]
            align = center if c in (0, 2) else WD_ALIGN_PARAGRAPH.LEFT
            _para(cell, text, size=layout.table_size_pt, align=align)
            _first_empty(cell)


def _signatures(doc: DocxDocument, spec: SampleSpec) -> None:
    blocks = spec.signatures
    table = doc.add_table(rows=1, cols=len(blocks))
    _no_borders(table)
    half = TEXT_WIDTH_MM / len(blocks)
    _widths(table, tuple(half for _ in blocks))
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, block in zip(table.rows[0].cells, blocks, strict=True):
        *top, name = block
        for line in top:
            if line.italic:
                _para(cell, "", size=14)
            _para(cell, line.text, size=14, bold=line.bold, italic=line.italic, align=center)
        for _ in range(3):
            _para(cell, "", size=14)
        _para(cell, name.text, size=14, bold=True, align=center)
        _first_empty(cell)


def _recipients(doc: DocxDocument, parts: SeedParts) -> None:
    _para(doc, "", size=12)
    _para(doc, parts.recipients_heading, size=12, bold=True, italic=True)
    for item, note in parts.recipient_lines:
        p = _para(doc, f"{item}\t{note}" if note else item, size=11)
        if note:
            p.paragraph_format.tab_stops.add_tab_stop(Mm(110), WD_TAB_ALIGNMENT.LEFT)


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)


def build_document(parts: SeedParts, spec: SampleSpec, layout: Layout) -> DocxDocument:
    """The whole sample as a python-docx Document (not yet saved)."""
    doc = new_docx()
    _page_setup(doc)
    number_line = spec.header.number_line or parts.number_line or ""
    _header(doc, spec, number_line)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "", size=14)
    _para(doc, parts.type_line, size=14, bold=True, align=center)
    title = _para(doc, "", size=14, bold=True, align=center, after=12)
    for i, line in enumerate(parts.title_lines):
        run = title.add_run(line)
        _font(run, 14)
        run.bold = True
        if i < len(parts.title_lines) - 1:
            run.add_break()
    for i, item in enumerate(parts.body):
        if isinstance(item, TaskTable):
            _task_table(doc, item, layout)
            _para(doc, "", size=layout.body_size_pt)
            continue
        assert isinstance(item, Paragraph)
        before_table = i + 1 < len(parts.body) and isinstance(parts.body[i + 1], TaskTable)
        p = _para(
            doc,
            item.text,
            size=layout.body_size_pt,
            bold=item.bold,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=layout.body_after_pt,
            indent_mm=10,
            markdown_italics=True,
            line_spacing=layout.body_line_spacing,
        )
        if before_table:
            p.paragraph_format.space_before = Pt(layout.table_before_pt)
    _signatures(doc, spec)
    _recipients(doc, parts)
    return doc


def save_deterministic(doc: DocxDocument, path: Path, when: dt.datetime) -> None:
    """Save with fixed core-property dates and fixed zip entry times (same bytes each run)."""
    props = doc.core_properties
    props.created = props.modified = when
    props.last_printed = when
    props.author = props.last_modified_by = "vanban samples"
    props.revision = 1
    tmp = path.with_suffix(".tmp.docx")
    doc.save(str(tmp))
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    tmp.unlink()
