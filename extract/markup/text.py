"""Plain-text reader (the seeds): paragraphs, tab-separated tables, ``**bold**`` markers.

* Paragraphs are split on blank lines; each source line is a :class:`Line`
  (surrounding spaces and tabs are layout, not print, and are stripped).
* A run of lines containing tabs whose first line has at least
  :data:`MIN_TABLE_CELLS` filled cells becomes a :class:`Table` (``finder="markup"``).
  Blank lines inside the run do not end it; a line starting with a tab with fewer
  filled cells (a cell wrapped onto the next line) is kept as its own row — rows are
  stitched by the task-table parser, not here.
* ``**bold**`` and ``*italic*`` markers set bold/italic (markers removed:
  "“*Đổi mới sáng tạo*”" → "“Đổi mới sáng tạo”", italic); ``\\f`` starts a new
  logical page.
* Encoding: UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), else Windows-1258;
  text in a legacy TCVN3/VNI encoding is converted (``metadata["legacy_encoding"]``).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("**QUYẾT ĐỊNH:**\\n\\nStt\\tNội dung\\tChủ trì\\n1\\tTuyên truyền\\tSở\\n", "utf-8")
>>> doc = read(p)
>>> [type(i).__name__ for i in doc.pages[0].items], doc.pages[0].items[0].style.bold
(['Block', 'Table'], True)
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from vanban.extract.cells import all_bold, cell_from_lines
from vanban.extract.errors import CorruptFile, EmptyFile, read_bounded
from vanban.extract.hygiene import clean_text
from vanban.extract.markup.common import (
    PageBuilder,
    Span,
    convert_legacy_text,
    make_block,
    parse_emphasis,
    spans_to_lines,
)
from vanban.models.layout import BlockStyle, Cell, LayoutDocument, Table

MAX_TEXT_BYTES = 50 * 1024 * 1024
"""Refuse text files larger than this (50 MB): no real document comes close."""

MIN_TABLE_CELLS = 3
"""A tab-separated line starts a table when it has at least this many filled cells."""


FORMATS: tuple[str, ...] = ("txt",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path) -> LayoutDocument:
    """Read a plain-text file into logical pages of Blocks and Tables."""
    path = Path(path)
    text, metadata = decode_text(read_bounded(path, MAX_TEXT_BYTES, "text"))
    if not text.strip():
        raise EmptyFile("the file holds only whitespace")
    builder = PageBuilder()
    read_text_into(builder, text)
    return builder.document("txt", metadata)


# -- decoding ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, dict[str, str]]:
    """Bytes → text and metadata (``encoding``, ``legacy_encoding`` when converted).

    >>> decode_text("Căn cứ".encode("utf-8"))[1]["encoding"]
    'utf-8'
    """
    encoding = _guess_encoding(data)
    legacy_source: str | None = None
    if encoding is None:
        # Not UTF-8/16: either an 8-bit legacy font encoding (TCVN3/VNI typed with a
        # Latin code page) or Windows-1258.
        latin = data.decode("cp1252", errors="replace")
        converted, legacy = convert_legacy_text(latin)
        if legacy is not None:
            text, encoding, legacy_source = converted, "cp1252", legacy
        else:
            text, encoding = data.decode("cp1258", errors="replace"), "cp1258"
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CorruptFile(f"text is not valid {encoding}: {exc}") from exc
        text, legacy_source = convert_legacy_text(text)
    metadata = {"encoding": encoding}
    if legacy_source:
        metadata["legacy_encoding"] = legacy_source
    return text.replace("\r\n", "\n").replace("\r", "\n"), metadata


def _guess_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        return "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


# -- structure --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    cells: list[str]
    line_no: int


def read_text_into(builder: PageBuilder, text: str) -> None:
    """Paragraphs and tab tables of ``text`` appended to ``builder`` (form feed = page)."""
    for p_index, page_text in enumerate(text.split("\f")):
        if p_index:
            builder.page_break()
        lines = page_text.split("\n")
        i = 0
        paragraph: list[str] = []
        while i < len(lines):
            line = lines[i]
            if _starts_table(line):
                _flush_paragraph(builder, paragraph)
                rows, i = _table_run(lines, i)
                builder.add(_make_table(rows, builder.page, builder.section))
                continue
            if line.strip():
                paragraph.append(line)
            else:
                _flush_paragraph(builder, paragraph)
            i += 1
        _flush_paragraph(builder, paragraph)


def _flush_paragraph(builder: PageBuilder, paragraph: list[str]) -> None:
    if not paragraph:
        return
    spans = parse_emphasis("\n".join(paragraph), italic=True)
    lines = spans_to_lines(spans)
    paragraph.clear()
    if not lines:
        return
    block = make_block(
        lines,
        page=builder.page,
        section=builder.section,
        style=_marked_style(spans),
        infer_emphasis=False,
    )
    builder.add(block)


def _marked_style(spans: list[Span]) -> BlockStyle:
    """Bold/italic are True when markup says so for all the text, otherwise unknown."""
    visible = [s for s in spans if s.text.strip()]
    bold = True if visible and all(s.bold for s in visible) else None
    italic = True if visible and all(s.italic for s in visible) else None
    return BlockStyle(bold=bold, italic=italic)


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _starts_table(line: str) -> bool:
    return "\t" in line and _filled(line.split("\t")) >= MIN_TABLE_CELLS


def _table_run(lines: list[str], start: int) -> tuple[list[_Row], int]:
    """Rows of the table starting at ``start`` and the index just after it."""
    rows = [_Row(lines[start].rstrip().split("\t"), start)]
    n_cols = len(rows[0].cells)
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _continues_table(lines[j], n_cols):
                i = j
                continue
            break
        if not _continues_table(line, n_cols):
            break
        rows.append(_Row(line.rstrip("\r\n ").split("\t"), i))
        i += 1
    return rows, i


def _continues_table(line: str, n_cols: int) -> bool:
    """A tab line with at most the header's column count (tabs are the only ruler)."""
    if "\t" not in line:
        return False
    cells = line.rstrip().split("\t")
    return len(cells) <= n_cols and (_filled(cells) >= 2 or line.startswith("\t"))


def _make_table(rows: list[_Row], page: int, section: int) -> Table:
    n_cols = max(len(r.cells) for r in rows)
    cells: list[Cell] = []
    for r_i, row in enumerate(rows):
        for c_i in range(n_cols):
            raw = row.cells[c_i] if c_i < len(row.cells) else ""
            spans = parse_emphasis(raw, italic=True)
            lines = spans_to_lines(spans)
            text = clean_text("\n".join(line.text for line in lines))
            cells.append(cell_from_lines(r_i, c_i, lines, text=text, bold=all_bold(spans) or None))
    return Table(
        page=page, n_rows=len(rows), n_cols=n_cols, cells=cells, finder="markup", section=section
    )
