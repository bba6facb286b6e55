"""DOCX reader: WordprocessingML → logical pages of Blocks and Tables.

The parts are read straight from the zip with lxml (bounded reads, no DTDs, no
entities, no network), so nothing is loaded that the reader does not use:

* body children in document order: paragraphs, tables, content controls
  (``w:sdt``), custom XML; text boxes (``w:txbxContent``) become their own Blocks
  after the paragraph that anchors them;
* a paragraph is a :class:`Block` (lines split on ``w:br``; empty paragraphs
  dropped) with its style facts resolved through the style chain (direct
  formatting → character style → paragraph style → ``basedOn`` … → document
  defaults): bold/italic when all visible runs are, alignment, size, style name;
  automatic list numbers ("1.", "a)") are printed, so they are put before the text;
* tables keep Word's grid: cells anchored at (row, grid column) with
  ``gridBefore``/``gridSpan``/``vMerge`` as spans, so a merged cell appears once;
  nested tables are flattened into the parent cell; ``borderless`` when no border
  is drawn (the header and signature layout tables);
* ``w:br w:type="page"``, ``w:pageBreakBefore`` and section breaks start a new
  logical page; runs in ".Vn*"/"VNI-*" fonts are converted to Unicode.

Refused (limits shared with :mod:`vanban.extract.safety`): zip bombs, DOCTYPE/ENTITY declarations,
oversized XML → ``UnsafeFile``;
not a zip or no ``word/document.xml`` → ``CorruptFile``.

Example (Nghị định 30/2020/NĐ-CP)::

    >>> doc = read(Path("30_2020_ND_CP.docx"))          # doctest: +SKIP
    >>> header = doc.pages[0].items[0]                   # doctest: +SKIP
    >>> header.borderless, header.grid()[1][0].text      # doctest: +SKIP
    (True, 'Số: 30/2020/NĐ-CP')
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from vanban.extract.cells import all_bold, cell_from_lines
from vanban.extract.errors import CorruptFile, EmptyFile
from vanban.extract.markup.common import (
    PageBuilder,
    Span,
    convert_legacy_font,
    is_uppercase,
    spans_to_lines,
)
from vanban.extract.safety import LIMITS, Limits, check_zip
from vanban.models.layout import BlockStyle, Cell, LayoutDocument, Line, Table

# -- XML names --------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W_NS}}}"


def _w(tag: str) -> str:
    return _W + tag


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_PPR, _RPR, _VAL = _w("pPr"), _w("rPr"), _w("val")
_TXBX = _w("txbxContent")
_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_CHOICE = f"{{{MC_NS}}}Choice"
_FALLBACK = f"{{{MC_NS}}}Fallback"
# Run containers whose runs are printed (insertions, links, fields, smart tags).
_RUN_CONTAINERS = {
    _w(t)
    for t in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "moveTo", "dir", "bdo")
}
_SKIPPED = {_w(t) for t in ("del", "moveFrom", "instrText", "delText", "pPr", "rPr", "tcPr")}

_ALIGN = {
    "left": "left",
    "start": "left",
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
    "lowKashida": "justify",
    "mediumKashida": "justify",
    "highKashida": "justify",
    "thaiDistribute": "justify",
}
_OFF = {"0", "false", "off", "none"}
_NO_BORDER = {"none", "nil"}
_BORDER_SIDES = ("top", "left", "bottom", "right", "start", "end", "insideH", "insideV")


FORMATS: tuple[str, ...] = ("docx",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path, *, limits: Limits = LIMITS) -> LayoutDocument:
    """Read a .docx file (see the module docstring for what comes out)."""
    parts = _read_parts(Path(path), limits)
    return DocxReader(parts).read()


# -- safe part reading ------------------------------------------------------------------------


def _read_parts(path: Path, limits: Limits = LIMITS) -> dict[str, etree._Element]:
    """document.xml (required), styles.xml and numbering.xml (optional), parsed safely.

    The archive is checked by :func:`vanban.extract.safety.check_zip` first (declared and
    inflated sizes, ratios, DOCTYPE/ENTITY in any XML part: the same limits as every other
    entry point), so the reader is safe when called on its own too."""
    if path.stat().st_size == 0:
        raise EmptyFile("the file is empty (0 bytes)")
    check_zip(path, limits)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise CorruptFile("not a DOCX: the zip has no word/document.xml")
        return {
            name: _parse_xml(name, zf.read(name))
            for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml")
            if name in names
        }


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def _parse_xml(name: str, data: bytes) -> etree._Element:
    """Parse one part (already checked for DOCTYPE/ENTITY by ``check_zip``); the parser
    resolves no entity and loads no DTD either way."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(f"{name} is not well-formed XML: {exc}") from exc


# -- styles -----------------------------------------------------------------------------------


def _flag(el: etree._Element | None) -> bool | None:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``): True/False, None if absent."""
    if el is None:
        return None
    return el.get(_VAL, "true").lower() not in _OFF


@dataclass(slots=True)
class RunProps:
    """Run formatting; ``None`` = not set at this level (inherit)."""

    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    hidden: bool | None = None
    size: float | None = None
    font: str | None = None
    color: str | None = None
    shaded: bool | None = None

    @property
    def invisible(self) -> bool:
        """Hidden (``w:vanish``) or white on no shading (placeholders such as "[")."""
        return bool(self.hidden) or (self.color == "FFFFFF" and not self.shaded)

    @classmethod
    def of(cls, rpr: etree._Element | None) -> RunProps:
        if rpr is None:
            return cls()
        size = None
        sz = rpr.find(_w("sz"))
        if sz is not None and (sz.get(_VAL) or "").isdigit():
            size = int(sz.get(_VAL, "0")) / 2
        fonts = rpr.find(_w("rFonts"))
        font = None
        if fonts is not None:
            font = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi")) or fonts.get(_w("cs"))
        color_el = rpr.find(_w("color"))
        shd = rpr.find(_w("shd"))
        shaded = rpr.find(_w("highlight")) is not None or (
            shd is not None and shd.get(_w("fill"), "auto").lower() not in {"auto", "ffffff"}
        )
        return cls(
            color=(color_el.get(_VAL) or "").upper() or None if color_el is not None else None,
            shaded=shaded or None,
            bold=_flag(rpr.find(_w("b"))),
            italic=_flag(rpr.find(_w("i"))),
            caps=_flag(rpr.find(_w("caps"))),
            hidden=_flag(rpr.find(_w("vanish"))),
            size=size,
            font=font,
        )

    def over(self, base: RunProps) -> RunProps:
        """These properties with ``base`` filling what is unset."""
        return RunProps(
            bold=self.bold if self.bold is not None else base.bold,
            italic=self.italic if self.italic is not None else base.italic,
            caps=self.caps if self.caps is not None else base.caps,
            hidden=self.hidden if self.hidden is not None else base.hidden,
            size=self.size if self.size is not None else base.size,
            font=self.font if self.font is not None else base.font,
            color=self.color if self.color is not None else base.color,
            shaded=self.shaded if self.shaded is not None else base.shaded,
        )


@dataclass(slots=True)
class _Style:
    style_id: str
    name: str
    kind: str
    based_on: str | None
    run: RunProps
    align: str | None
    page_break_before: bool | None
    num: tuple[str, int] | None
    borders: bool | None


@dataclass
class StyleSheet:
    """styles.xml: styles by id, with inheritance resolved on demand (cached)."""

    styles: dict[str, _Style] = field(default_factory=dict)
    defaults: RunProps = field(default_factory=RunProps)
    default_ids: dict[str, str] = field(default_factory=dict)
    _run_cache: dict[str, RunProps] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> StyleSheet:
        sheet = cls()
        if root is None:
            return sheet
        rpr_default = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_RPR}")
        sheet.defaults = RunProps.of(rpr_default)
        for el in root.iter(_w("style")):
            style_id = el.get(_w("styleId"), "")
            kind = el.get(_w("type"), "paragraph")
            name_el, based_el = el.find(_w("name")), el.find(_w("basedOn"))
            ppr = el.find(_PPR)
            sheet.styles[style_id] = _Style(
                style_id=style_id,
                name=name_el.get(_VAL, style_id) if name_el is not None else style_id,
                kind=kind,
                based_on=based_el.get(_VAL) if based_el is not None else None,
                run=RunProps.of(el.find(_RPR)),
                align=_jc(ppr),
                page_break_before=_flag(ppr.find(_w("pageBreakBefore")))
                if ppr is not None
                else None,
                num=_num_pr(ppr),
                borders=_borders_drawn(el.find(f"{_w('tblPr')}/{_w('tblBorders')}")),
            )
            if _flag(el.find(_w("default"))) or el.get(_w("default")) in {"1", "true", "on"}:
                sheet.default_ids.setdefault(kind, style_id)
        return sheet

    def chain(self, style_id: str | None, kind: str) -> list[_Style]:
        """The style and its ancestors (nearest first); the default style if none."""
        if style_id is None or style_id not in self.styles:
            style_id = self.default_ids.get(kind)
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            style_id = style.based_on
        return out

    def run_props(self, style_id: str | None, kind: str) -> RunProps:
        key = f"{kind}:{style_id}"
        cached = self._run_cache.get(key)
        if cached is None:
            cached = RunProps()
            for style in self.chain(style_id, kind):
                cached = cached.over(style.run)
            self._run_cache[key] = cached
        return cached

    def first(self, style_id: str | None, kind: str, attr: str) -> object | None:
        for style in self.chain(style_id, kind):
            value = getattr(style, attr)
            if value is not None:
                return value
        return None


def _jc(ppr: etree._Element | None) -> str | None:
    if ppr is None:
        return None
    jc = ppr.find(_w("jc"))
    return _ALIGN.get(jc.get(_VAL, "")) if jc is not None else None


def _num_pr(ppr: etree._Element | None) -> tuple[str, int] | None:
    if ppr is None:
        return None
    num = ppr.find(_w("numPr"))
    if num is None:
        return None
    num_id, ilvl = num.find(_w("numId")), num.find(_w("ilvl"))
    if num_id is None:
        return None
    level = ilvl.get(_VAL, "0") if ilvl is not None else "0"
    return num_id.get(_VAL, "0"), int(level) if level.isdigit() else 0


def _borders_drawn(borders: etree._Element | None) -> bool | None:
    """True if some side draws a line, False if all listed sides are none/nil, None if absent."""
    if borders is None:
        return None
    sides = [borders.find(_w(s)) for s in _BORDER_SIDES]
    listed = [s for s in sides if s is not None]
    return any(s.get(_VAL, "single") not in _NO_BORDER for s in listed)


def ui_style_name(name: str) -> str:
    """Word's built-in names as Word shows them: "heading 3" → "Heading 3".

    >>> ui_style_name("heading 3"), ui_style_name("Body Text Indent 2")
    ('Heading 3', 'Body Text Indent 2')
    """
    return name[:1].upper() + name[1:] if name[:1].islower() else name


# -- automatic numbering ----------------------------------------------------------------------

_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's formats.

    >>> format_number(4, "upperRoman"), format_number(2, "lowerLetter"), format_number(3, "decimal")
    ('IV', 'b', '3')
    """
    if fmt in {"lowerRoman", "upperRoman"}:
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in {"none", "bullet"}:
        return ""
    return str(n)


@dataclass(slots=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """numbering.xml: list levels and running counters, to print automatic numbers."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)
    abstract_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for el in root.iter(_w("abstractNum")):
            abstract[el.get(_w("abstractNumId"), "")] = _levels(el)
        for num in root.iter(_w("num")):
            num_id = num.get(_w("numId"), "")
            ref = num.find(_w("abstractNumId"))
            abstract_id = ref.get(_VAL, "") if ref is not None else ""
            levels = dict(abstract.get(abstract_id, {}))
            for override in num.iter(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels.update(_levels(override))
                start = override.find(_w("startOverride"))
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(base.fmt, base.text, int(start.get(_VAL, "1")))
            numbering.levels[num_id] = levels
            # Instances of one abstract list continue its counting unless they restart it.
            restarts = num.find(f"{_w('lvlOverride')}/{_w('startOverride')}") is not None
            numbering.abstract_of[num_id] = f"num:{num_id}" if restarts else abstract_id
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and return the printed label ("1.", "a)")."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counts = self.counters.setdefault(key, [0] * 10)
        level = levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        if level.fmt == "bullet":
            return _bullet(level.text)

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            value = counts[k] or (lv.start if lv else 1)
            return format_number(value, lv.fmt if lv else "decimal")

        return re.sub(r"%(\d)", sub, level.text)


def _bullet(text: str) -> str:
    """Bullets drawn with symbol-font glyphs become "-" (the dash Vietnamese documents print)."""
    if text in {"-", "–", "—", "+", "*", "•"}:
        return text
    return "-" if text else ""


def _levels(el: etree._Element) -> dict[int, _Level]:
    out: dict[int, _Level] = {}
    for lvl in el.findall(_w("lvl")):
        ilvl = int(lvl.get(_w("ilvl"), "0"))
        fmt_el, text_el, start_el = (
            lvl.find(_w("numFmt")),
            lvl.find(_w("lvlText")),
            lvl.find(_w("start")),
        )
        out[ilvl] = _Level(
            fmt=fmt_el.get(_VAL, "decimal") if fmt_el is not None else "decimal",
            text=text_el.get(_VAL, "") if text_el is not None else "",
            start=int(start_el.get(_VAL, "1")) if start_el is not None else 1,
        )
    return out


# -- the reader -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Para:
    """What one paragraph yields: line groups separated by page breaks, text boxes."""

    pieces: list[list[Span]]
    breaks_after: list[bool]
    text_boxes: list[etree._Element]
    caps: bool


class DocxReader:
    """Walks ``word/document.xml`` into a :class:`PageBuilder`."""

    def __init__(self, parts: dict[str, etree._Element]) -> None:
        self.root = parts["word/document.xml"]
        self.styles = StyleSheet.parse(parts.get("word/styles.xml"))
        self.numbering = Numbering.parse(parts.get("word/numbering.xml"))
        self.builder = PageBuilder()

    def read(self) -> LayoutDocument:
        body = self.root.find(_w("body"))
        if body is None:
            raise CorruptFile("word/document.xml has no w:body")
        for el in _content(body):
            if el.tag == _P:
                self._paragraph(el)
            elif el.tag == _TBL:
                self._table(el)
        if not any(page.items for page in self.builder.pages):
            raise EmptyFile("the DOCX holds no text")
        return self.builder.document("docx")

    # paragraphs --------------------------------------------------------------------------
    def _paragraph(self, p: etree._Element) -> None:
        ppr = p.find(_PPR)
        style_id = _pstyle(ppr)
        direct_break = _flag(ppr.find(_w("pageBreakBefore"))) if ppr is not None else None
        break_before = (
            direct_break
            if direct_break is not None
            else self.styles.first(style_id, "paragraph", "page_break_before")
        )
        if break_before:
            self.builder.page_break()
        para = self._runs(p, style_id)
        style = self._block_style(ppr, style_id)
        for i, spans in enumerate(para.pieces):
            lines = spans_to_lines(spans)
            if lines:
                visible = [s for s in spans if s.text.strip()]
                block_style = style.model_copy()
                block_style.bold = all(bool(s.bold) for s in visible)
                block_style.italic = all(bool(s.italic) for s in visible)
                block_style.size = _main_size(visible)
                text = "\n".join(line.text for line in lines)
                block_style.uppercase = True if para.caps else is_uppercase(text)
                self.builder.add_block(lines, block_style)
            if para.breaks_after[i]:
                self.builder.page_break()
        for box in para.text_boxes:
            for el in _content(box):
                if el.tag == _P:
                    self._paragraph(el)
                elif el.tag == _TBL:
                    self._table(el)
        if ppr is not None and ppr.find(_w("sectPr")) is not None:
            self.builder.section_break()

    def _block_style(self, ppr: etree._Element | None, style_id: str | None) -> BlockStyle:
        align = _jc(ppr)
        if align is None:
            found = self.styles.first(style_id, "paragraph", "align")
            align = found if isinstance(found, str) else None
        chain = self.styles.chain(style_id, "paragraph")
        return BlockStyle(
            align=align,
            style_name=ui_style_name(chain[0].name) if chain else None,
        )

    def _runs(self, p: etree._Element, style_id: str | None) -> _Para:
        """Spans of a paragraph, split at page breaks; list label first."""
        para_props = self.styles.run_props(style_id, "paragraph").over(self.styles.defaults)
        para = _Para(pieces=[[]], breaks_after=[False], text_boxes=[], caps=False)
        label = self._list_label(p.find(_PPR), style_id)
        if label:
            para.pieces[0].append(
                Span(
                    label + " ",
                    bold=para_props.bold,
                    italic=para_props.italic,
                    size=para_props.size,
                )
            )
        caps_chars = 0
        letters = 0
        for run in _runs(p, para.text_boxes):
            rpr = run.find(_RPR)
            rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
            props = RunProps.of(rpr)
            if rstyle is not None:
                props = props.over(self.styles.run_props(rstyle.get(_VAL), "character"))
            props = props.over(para_props)
            if props.invisible:
                continue
            for piece, page_break in _run_text(run):
                if page_break:
                    para.breaks_after[-1] = True
                    para.pieces.append([])
                    para.breaks_after.append(False)
                    continue
                text = convert_legacy_font(piece, props.font)
                n_letters = sum(1 for c in text if c.isalpha())
                letters += n_letters
                if props.caps:
                    caps_chars += n_letters
                para.pieces[-1].append(
                    Span(
                        text, bold=props.bold, italic=props.italic, font=props.font, size=props.size
                    )
                )
        para.caps = letters > 0 and caps_chars == letters
        return para

    def _list_label(self, ppr: etree._Element | None, style_id: str | None) -> str:
        num = _num_pr(ppr)
        if num is None:
            found = self.styles.first(style_id, "paragraph", "num")
            num = found if isinstance(found, tuple) else None
        if num is None:
            return ""
        return self.numbering.label(*num)

    # tables ------------------------------------------------------------------------------
    def _table(self, tbl: etree._Element) -> None:
        table = self._build_table(tbl)
        if table is not None:
            self.builder.add(table)

    def _build_table(self, tbl: etree._Element) -> Table | None:
        grid_cols = len(tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}"))
        cells: list[Cell] = []
        open_merge: dict[int, Cell] = {}
        row_index = 0
        n_cols = grid_cols
        cell_borders = 0
        cell_count = 0
        for tr in _rows(tbl):
            trpr = tr.find(_w("trPr"))
            col = _int_val(trpr, "gridBefore")
            for tc in _cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = max(_int_val(tcpr, "gridSpan"), 1)
                merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                h_merge = tcpr.find(_w("hMerge")) if tcpr is not None else None
                cell_count += 1
                if tcpr is not None and _borders_drawn(tcpr.find(_w("tcBorders"))):
                    cell_borders += 1
                if h_merge is not None and h_merge.get(_VAL, "continue") == "continue" and cells:
                    last = cells[-1]
                    if last.row == row_index and last.col + last.col_span == col:
                        last.col_span += span
                        col += span
                        continue
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    anchor = open_merge.get(col)
                    if anchor is not None:
                        anchor.row_span = row_index - anchor.row + 1
                        col += span
                        continue
                cell = self._cell(tc, row_index, col, span)
                cells.append(cell)
                for k in range(col, col + span):
                    open_merge.pop(k, None)
                if merge is not None:
                    open_merge[col] = cell
                col += span
            n_cols = max(n_cols, col)
            row_index += 1
        if row_index == 0:
            return None
        style_id = _tstyle(tbl)
        borders = _borders_drawn(tbl.find(f"{_w('tblPr')}/{_w('tblBorders')}"))
        if borders is None:
            found = self.styles.first(style_id, "table", "borders")
            borders = bool(found) if found is not None else False
        borderless = not borders and cell_borders * 2 < max(cell_count, 1)
        return Table(
            page=self.builder.page,
            n_rows=row_index,
            n_cols=n_cols,
            cells=cells,
            finder="markup",
            borderless=borderless,
            section=self.builder.section,
        )

    def _cell(self, tc: etree._Element, row: int, col: int, span: int) -> Cell:
        lines: list[Line] = []
        spans_all: list[Span] = []
        for p in _cell_paragraphs(tc):
            ppr = p.find(_PPR)
            para = self._runs(p, _pstyle(ppr))
            spans = [s for piece in para.pieces for s in piece]
            lines.extend(spans_to_lines(spans))
            spans_all.extend(spans)
        return cell_from_lines(row, col, lines, col_span=span, bold=all_bold(spans_all))


# -- element walking --------------------------------------------------------------------------


def _content(parent: etree._Element) -> Iterator[etree._Element]:
    """Block-level children (w:p, w:tbl) in order, looking through sdt/customXml wrappers."""
    for el in parent:
        if el.tag in (_P, _TBL):
            yield el
        elif el.tag == _SDT:
            inner = el.find(_SDT_CONTENT)
            if inner is not None:
                yield from _content(inner)
        elif el.tag == _CUSTOM_XML or el.tag == _ALTERNATE:
            yield from _content(_choice(el) if el.tag == _ALTERNATE else el)


def _choice(alternate: etree._Element) -> etree._Element:
    choice = alternate.find(_CHOICE)
    return choice if choice is not None else alternate


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    return _children(tbl, _TR)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    return _children(tr, _TC)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The ``tag`` children of ``parent`` (rows of a table, cells of a row), looking
    through content controls (``w:sdt``) and custom XML that wrap them."""
    for el in parent:
        if el.tag == tag:
            yield el
        elif el.tag in (_SDT, _CUSTOM_XML):
            inner = el.find(_SDT_CONTENT) if el.tag == _SDT else el
            if inner is not None:
                yield from _children(inner, tag)


def _cell_paragraphs(tc: etree._Element) -> Iterator[etree._Element]:
    """The cell's paragraphs in order, nested tables flattened (their paragraphs in order)."""
    for el in _content(tc):
        if el.tag == _P:
            yield el
        else:
            for tr in _rows(el):
                for inner in _cells(tr):
                    yield from _cell_paragraphs(inner)


def _runs(p: etree._Element, text_boxes: list[etree._Element]) -> Iterator[etree._Element]:
    """The printed runs of a paragraph in order; text boxes found in them are collected."""
    for el in p:
        tag = el.tag
        if tag == _R:
            for box in el.iter(_TXBX):
                if not any(anc.tag == _FALLBACK for anc in box.iterancestors()):
                    text_boxes.append(box)
            yield el
        elif tag in _RUN_CONTAINERS:
            yield from _runs(el, text_boxes)
        elif tag == _SDT:
            inner = el.find(_SDT_CONTENT)
            if inner is not None:
                yield from _runs(inner, text_boxes)
        elif tag == _ALTERNATE:
            yield from _runs(_choice(el), text_boxes)


_BR, _CR, _TAB = _w("br"), _w("cr"), _w("tab")
_NB_HYPHEN, _SYM = _w("noBreakHyphen"), _w("sym")


def _run_text(run: etree._Element) -> Iterator[tuple[str, bool]]:
    """(text, is_page_break) pieces of a run; line breaks are "\\n"."""
    for el in run:
        tag = el.tag
        if tag == _T:
            yield el.text or "", False
        elif tag == _TAB:
            yield "\t", False
        elif tag in (_BR, _CR):
            kind = el.get(_w("type"), "textWrapping")
            if kind == "page":
                yield "", True
            else:
                yield "\n", False
        elif tag == _NB_HYPHEN:
            yield "-", False
        elif tag == _SYM:
            char = el.get(_w("char"), "")
            try:
                code = int(char, 16)
            except ValueError:
                continue
            if code >= 0xF000:
                code -= 0xF000
            if 0x20 <= code < 0x7F:
                yield chr(code), False


def _pstyle(ppr: etree._Element | None) -> str | None:
    if ppr is None:
        return None
    el = ppr.find(_w("pStyle"))
    return el.get(_VAL) if el is not None else None


def _tstyle(tbl: etree._Element) -> str | None:
    el = tbl.find(f"{_w('tblPr')}/{_w('tblStyle')}")
    return el.get(_VAL) if el is not None else None


def _int_val(props: etree._Element | None, tag: str) -> int:
    if props is None:
        return 0
    el = props.find(_w(tag))
    if el is None:
        return 0
    value = el.get(_VAL, "0")
    return int(value) if value.isdigit() else 0


def _main_size(spans: list[Span]) -> float | None:
    """The size most characters are set in."""
    sizes: Counter[float] = Counter()
    for s in spans:
        if s.size is not None:
            sizes[s.size] += len(s.text.strip())
    return sizes.most_common(1)[0][0] if sizes else None
