"""Markdown reader (thuvienphapluat.vn scrapes, vnmasterplan transcriptions).

* A first line holding only the source URL ("*Source: https://…*") goes to
  ``metadata["source_url"]``; on such scraped pages the site's ``# title`` line that
  follows is the site's caption, not print: it goes to ``metadata["page_title"]``.
* ``#`` headings are their own Block (``style_name="Heading N"``, bold);
  ``**bold**``, ``__bold__``, ``*italic*`` set style and the markers are removed.
  A ``*``/``+`` list item is a printed bullet: its marker becomes "- " (the dash
  Vietnamese documents print), unless the item carries its own printed label
  ("*   **a) Tại Trung ương:**", "*   (4) Xây dựng …"), which is kept alone; a printed
  dash "- " is kept; block-quote ``>`` is removed. Backslash escapes (``\\*``) are
  unescaped; ``---`` rules dropped.
* Paragraphs are split on blank lines, each source line a Line.
* Pipe tables → :class:`Table` (the alignment row skipped, ``<br>`` → line break);
  a two-column table holding the Quốc hiệu/Đảng banner or "Nơi nhận" is a layout
  table: ``borderless=True``.
* Extraction noise in the source ("B Ộ LAO ĐỘNG") is kept as printed.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.md"
>>> _ = p.write_text("| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\\n|---|---|\\n"
...                  "| Số: 378/QĐ-UBND | Hà Giang, ngày 18 tháng 3 năm 2022 |\\n", "utf-8")
>>> t = read(p).pages[0].items[0]
>>> (t.n_rows, t.n_cols, t.borderless, t.cells[2].text)
(2, 2, True, 'Số: 378/QĐ-UBND')
"""

from __future__ import annotations

import re
from pathlib import Path

from vanban.extract.cells import all_bold, cell_from_lines
from vanban.extract.errors import EmptyFile, read_bounded
from vanban.extract.markup.common import (
    PageBuilder,
    Span,
    is_layout_table,
    make_block,
    parse_emphasis,
    spans_to_lines,
)
from vanban.extract.markup.text import decode_text
from vanban.models.layout import BlockStyle, Cell, LayoutDocument, Table

MAX_MARKDOWN_BYTES = 50 * 1024 * 1024
"""Refuse Markdown files larger than this (50 MB)."""


_SOURCE_LINE = re.compile(r"^[*_]*\s*(?:source|nguồn)\s*:\s*<?(https?://[^\s>*]+)>?\s*[*_]*$", re.I)
_BARE_URL = re.compile(r"^<?(https?://[^\s>]+)>?$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_ALIGN_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_QUOTE = re.compile(r"^>\s?")
_LIST_ITEM = re.compile(r"^[*+]\s+")
PRINTED_BULLET = "- "
"""What a Markdown list marker stands for in print (``*   Quán triệt …`` → ``- Quán triệt …``)."""
_OWN_LABEL = re.compile(
    r"^(?:\*\*|__|\*|_)?(?:[-–—+•]\s|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s|\(?[a-zđ]\)\s"
    r"|\([ivxlc]{1,6}\)\s|[IVXLC]{1,6}[.\-–]\s)"
)
"""An item that prints its own label ("a) ", "(4) ", "1.2. ", "II. ", "+ ") after the marker."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_BR = re.compile(r"<br\s*/?>", re.I)


FORMATS: tuple[str, ...] = ("md",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path) -> LayoutDocument:
    """Read a Markdown file into logical pages of Blocks and Tables."""
    path = Path(path)
    text, metadata = decode_text(read_bounded(path, MAX_MARKDOWN_BYTES, "Markdown"))
    lines = text.split("\n")
    start = _read_source_line(lines, metadata)
    builder = PageBuilder()
    _read_lines(builder, lines[start:])
    if not any(p.items for p in builder.pages):
        raise EmptyFile("the Markdown file holds no text")
    return builder.document("md", metadata)


def _read_source_line(lines: list[str], metadata: dict[str, str]) -> int:
    """Index of the first line of content, after a source-URL line and its site title."""
    i = _next_filled(lines, 0)
    if i >= len(lines):
        return i
    first = lines[i].strip()
    match = _SOURCE_LINE.match(first) or _BARE_URL.match(first)
    if not match:
        return 0
    metadata["source_url"] = match.group(1)
    j = _next_filled(lines, i + 1)
    if j < len(lines):
        heading = _HEADING.match(lines[j].strip())
        if heading and len(heading.group(1)) == 1:
            metadata["page_title"] = _unescape(heading.group(2))
            return j + 1
    return i + 1


def _next_filled(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _read_lines(builder: PageBuilder, lines: list[str]) -> None:
    paragraph: list[str] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("|"):
            _flush(builder, paragraph)
            j = i
            while j < len(lines) and lines[j].strip().startswith("|"):
                j += 1
            builder.add(_make_table(lines[i:j], builder.page, builder.section))
            i = j
            continue
        heading = _HEADING.match(stripped)
        if heading:
            _flush(builder, paragraph)
            _add_paragraph(builder, [heading.group(2)], heading_level=len(heading.group(1)))
        elif not stripped or _RULE.match(stripped):
            _flush(builder, paragraph)
        else:
            paragraph.append(_list_item(_QUOTE.sub("", stripped)))
        i += 1
    _flush(builder, paragraph)


def _list_item(line: str) -> str:
    """A ``*``/``+`` list item as printed: the marker → "- " unless the item has its own label.

    >>> _list_item("*   Quán triệt sâu sắc"), _list_item("*   **a) Tại Trung ương:**")
    ('- Quán triệt sâu sắc', '**a) Tại Trung ương:**')
    """
    marker = _LIST_ITEM.match(line)
    if marker is None:
        return line
    item = line[marker.end() :]
    return item if _OWN_LABEL.match(item) else PRINTED_BULLET + item


def _flush(builder: PageBuilder, paragraph: list[str]) -> None:
    if paragraph:
        _add_paragraph(builder, paragraph)
        paragraph.clear()


def _inline_spans(text: str) -> list[Span]:
    """Emphasis markers removed, then escapes; ``<br>`` becomes a line break."""
    spans = parse_emphasis(_BR.sub("\n", text), italic=True)
    for span in spans:
        span.text = _unescape(span.text)
    return spans


def _add_paragraph(builder: PageBuilder, lines: list[str], heading_level: int = 0) -> None:
    spans = _inline_spans("\n".join(lines))
    out = spans_to_lines(spans)
    if not out:
        return
    visible = [s for s in spans if s.text.strip()]
    style = BlockStyle(
        bold=True if heading_level or (visible and all(s.bold for s in visible)) else None,
        italic=True if visible and all(s.italic for s in visible) else None,
        style_name=f"Heading {heading_level}" if heading_level else None,
    )
    builder.add(
        make_block(
            out, page=builder.page, section=builder.section, style=style, infer_emphasis=False
        )
    )


def split_row(line: str) -> list[str]:
    r"""Cells of a pipe-table row; ``\|`` is a literal bar.

    >>> split_row("| Số: 01 | Hà Nội \\| ngày |")
    ['Số: 01', 'Hà Nội \\| ngày']
    """
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _make_table(lines: list[str], page: int, section: int) -> Table:
    rows = [split_row(line) for line in lines if not _ALIGN_ROW.match(line.strip())]
    n_cols = max((len(r) for r in rows), default=0)
    cells: list[Cell] = []
    for r_i, row in enumerate(rows):
        for c_i in range(n_cols):
            raw = row[c_i] if c_i < len(row) else ""
            spans = _inline_spans(raw)
            cell_lines = spans_to_lines(spans)
            cells.append(cell_from_lines(r_i, c_i, cell_lines, bold=all_bold(spans) or None))
    table = Table(
        page=page, n_rows=len(rows), n_cols=n_cols, cells=cells, finder="markup", section=section
    )
    table.borderless = is_layout_table(table)
    return table
