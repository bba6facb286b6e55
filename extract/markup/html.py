"""HTML reader for vbpl.vn document pages (and plain HTML documents).

A vbpl.vn page is a 1–1.5 MB web application; the legal text sits in one container
(``<div data-vbpl-content-root>``, class ``preview-content``) among menus, tabs,
toolbars, related-document lists and footers. Only that container is read
(:data:`CONTENT_ROOT_XPATHS`, then a fallback to ``<body>`` without the site chrome).

* block elements (``p``, ``h1``–``h6``, ``li``, leaf ``div``) → Blocks; ``<br>`` splits
  lines; whitespace is collapsed as a browser does;
* bold/italic from ``b``/``strong``/``th`` and ``i``/``em`` and inline
  ``font-weight``/``font-style``; alignment from ``align=`` or ``text-align``;
  ``font-size`` in pt becomes the size (px sizes are the site's display, not print);
* tables → Table with ``colspan``/``rowspan`` as spans; the header table (no borders
  drawn, or a two-column table with the Quốc hiệu / "Nơi nhận") is ``borderless``;
  nested tables are flattened into their cell;
* ``page-break-before/after`` start a new logical page.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.html"
>>> _ = p.write_text("<html><body><p align=center><b>QUYẾT ĐỊNH</b></p></body></html>", "utf-8")
>>> b = read(p).pages[0].items[0]
>>> (b.text, b.style.bold, b.style.align)
('QUYẾT ĐỊNH', True, 'center')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.html
from lxml import etree

from vanban.extract.cells import all_bold, cell_from_lines
from vanban.extract.errors import CorruptFile, EmptyFile, read_bounded
from vanban.extract.markup.common import (
    PageBuilder,
    Span,
    is_layout_table,
    make_block,
    spans_to_lines,
)
from vanban.models.layout import BlockStyle, Cell, LayoutDocument, Line, Table

MAX_HTML_BYTES = 50 * 1024 * 1024
"""Refuse HTML files larger than this (50 MB; vbpl.vn pages are about 1.5 MB)."""

CONTENT_ROOT_XPATHS: tuple[str, ...] = (
    "//*[@data-vbpl-content-root]",
    '//div[contains(concat(" ", normalize-space(@class), " "), " preview-content ")]',
    '//*[contains(@id, "panel-toan-van")]',
    '//div[@id="toanvancontent" or @class="toanvancontent" or @id="divContentDoc"]',
)
"""Where the document text lives, tried in order (vbpl.vn's current and older layouts)."""

SITE_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "button", "menu"})
"""Skipped when no content container is found and the whole ``<body>`` is read."""

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "head", "title"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
     "table", "tr", "td", "th", "section", "article", "main", "center", "dl", "dt", "dd",
     "tbody", "thead", "tfoot", "caption", "figure", "hr", "address"}
)  # fmt: skip
_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "center", "ul", "ol", "blockquote", "body", "dl",
     "figure", "form", "tbody"}
)  # fmt: skip
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "address"}
)
_BOLD_TAGS = frozenset({"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
_ITALIC_TAGS = frozenset({"i", "em", "cite", "var", "dfn"})
_WS = re.compile(r"[ \t\n\r\f]+")
_STYLE_PROP = re.compile(r"([a-z-]+)\s*:\s*([^;]+)", re.I)
_ALIGN = {"left": "left", "start": "left", "center": "center", "middle": "center", "right": "right",
          "end": "right", "justify": "justify"}  # fmt: skip


FORMATS: tuple[str, ...] = ("html",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path) -> LayoutDocument:
    """Read an HTML file; only the document container of a vbpl.vn page is read."""
    path = Path(path)
    data = read_bounded(path, MAX_HTML_BYTES, "HTML")
    try:
        root = lxml.html.document_fromstring(data, parser=_parser(data))
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFile(f"cannot parse the HTML: {exc}") from exc
    container, how = find_content(root)
    reader = _HtmlReader(whole_body=how == "body")
    reader.walk(container, _Ctx())
    reader.flush()
    if not any(page.items for page in reader.builder.pages):
        raise EmptyFile("the HTML page holds no document text")
    return reader.builder.document("html", {"content_root": how})


def _parser(data: bytes) -> lxml.html.HTMLParser:
    head = data[:4096].lower()
    declared = re.search(rb"charset=[\"']?([a-z0-9_-]+)", head)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    return lxml.html.HTMLParser(encoding=encoding, remove_comments=True, no_network=True)


def find_content(root: etree._Element) -> tuple[etree._Element, str]:
    """The document container and how it was found (the XPath, or "body")."""
    for xpath in CONTENT_ROOT_XPATHS:
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda el: len(el.text_content())), xpath
    body = root.find("body")
    return (body if body is not None else root), "body"


# -- style context ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ctx:
    bold: bool = False
    italic: bool = False
    size: float | None = None
    align: str | None = None


def _css(el: etree._Element) -> dict[str, str]:
    style = el.get("style")
    if not style:
        return {}
    return {k.lower(): v.strip().lower() for k, v in _STYLE_PROP.findall(style)}


def _hidden(el: etree._Element, css: dict[str, str]) -> bool:
    return (
        css.get("display", "").startswith("none")
        or css.get("visibility", "") == "hidden"
        or el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        and el.tag not in _PARAGRAPHS
    )


def _enter(el: etree._Element, ctx: _Ctx, css: dict[str, str]) -> _Ctx:
    tag = el.tag
    bold, italic, size, align = ctx.bold, ctx.italic, ctx.size, ctx.align
    if tag in _BOLD_TAGS:
        bold = True
    if tag in _ITALIC_TAGS:
        italic = True
    weight = css.get("font-weight")
    if weight:
        bold = weight.startswith(("bold", "bolder")) or (
            weight[:3].isdigit() and int(weight[:3]) >= 600
        )
    font_style = css.get("font-style")
    if font_style:
        italic = font_style.startswith(("italic", "oblique"))
    font_size = css.get("font-size", "")
    if re.fullmatch(r"\d+(?:\.\d+)?pt", font_size):
        size = float(font_size[:-2])
    own_align = _ALIGN.get((css.get("text-align") or el.get("align") or "").strip().lower())
    if own_align:
        align = own_align
    if (bold, italic, size, align) == (ctx.bold, ctx.italic, ctx.size, ctx.align):
        return ctx
    return replace(ctx, bold=bold, italic=italic, size=size, align=align)


def _page_break(css: dict[str, str], side: str) -> bool:
    return css.get(f"page-break-{side}", "") == "always" or css.get(f"break-{side}", "") == "page"


# -- inline text ------------------------------------------------------------------------------


class _Inline:
    """Collects spans with browser-like whitespace collapsing; block edges are "\\n"."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self._last = "\n"

    def text(self, raw: str | None, ctx: _Ctx) -> None:
        if not raw:
            return
        text = _WS.sub(" ", raw)
        if text.startswith(" ") and self._last in " \n":
            text = text[1:]
        if not text:
            return
        self.spans.append(Span(text, bold=ctx.bold, italic=ctx.italic, size=ctx.size))
        self._last = text[-1]

    def newline(self, ctx: _Ctx) -> None:
        if self._last != "\n":
            self.spans.append(Span("\n", bold=ctx.bold, italic=ctx.italic))
            self._last = "\n"

    def hard_break(self, ctx: _Ctx) -> None:
        """``<br>``: always a line end (an empty line is dropped later)."""
        self.spans.append(Span("\n", bold=ctx.bold, italic=ctx.italic))
        self._last = "\n"

    def collect(self, el: etree._Element, ctx: _Ctx) -> None:
        """Text inside ``el`` (its tail is the caller's business)."""
        for child in _children(el):
            if isinstance(child, str):
                self.text(child, ctx)
            else:
                self.node(child, ctx)

    def node(self, child: etree._Element, ctx: _Ctx) -> None:
        """One element and its content (not its tail)."""
        tag = child.tag
        if tag in _SKIP_TAGS:
            return
        css = _css(child)
        if _hidden(child, css):
            return
        if tag == "br":
            self.hard_break(ctx)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.newline(ctx)
        self.collect(child, _enter(child, ctx, css))
        if block:
            self.newline(ctx)


def _children(el: etree._Element) -> Iterator[etree._Element | str]:
    """Text and element children in order: el.text, child, child.tail, …"""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield child
        if child.tail:
            yield child.tail


# -- block walking ----------------------------------------------------------------------------


class _HtmlReader:
    def __init__(self, *, whole_body: bool) -> None:
        self.builder = PageBuilder()
        self.whole_body = whole_body
        self.loose = _Inline()
        self.loose_ctx = _Ctx()
        self._css_tail: tuple[Table, etree._Element] | None = None

    def flush(self) -> None:
        """Text standing directly in a container (outside any paragraph) becomes a Block."""
        if self.loose.spans:
            self._add_block(self.loose.spans, self.loose_ctx, None)
            self.loose = _Inline()

    def walk(self, el: etree._Element, ctx: _Ctx) -> None:
        for child in _children(el):
            if isinstance(child, str):
                if child.strip():
                    if not self.loose.spans:
                        self.loose_ctx = ctx
                    self.loose.text(child, ctx)
                continue
            tag = child.tag
            if tag in _SKIP_TAGS or (self.whole_body and tag in SITE_CHROME_TAGS):
                continue
            css = _css(child)
            if _hidden(child, css):
                continue
            inner = _enter(child, ctx, css)
            if tag == "br":
                if _page_break(css, "before") or _page_break(css, "after"):
                    self.flush()
                    self.builder.page_break()
                else:
                    self.loose.hard_break(ctx)
                continue
            if tag not in _BLOCK_TAGS:
                if not self.loose.spans:
                    self.loose_ctx = ctx
                self.loose.node(child, ctx)
                continue
            self.flush()
            if _page_break(css, "before"):
                self.builder.page_break()
            if tag == "table":
                table = self._table(child, inner)
                if table is not None:
                    self.builder.add(table)
            elif css.get("display") == "table":
                self._css_table(child, inner, el)
            elif tag in _CONTAINERS and _has_block_child(child):
                self.walk(child, inner)
                self.flush()
            elif tag != "hr":
                collector = _Inline()
                collector.collect(child, inner)
                heading = int(tag[1]) if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} else 0
                self._add_block(collector.spans, inner, f"Heading {heading}" if heading else None)
            if _page_break(css, "after"):
                self.builder.page_break()

    def _add_block(self, spans: list[Span], ctx: _Ctx, style_name: str | None) -> None:
        lines = spans_to_lines(spans)
        if not lines:
            return
        visible = [s for s in spans if s.text.strip()]
        style = BlockStyle(
            bold=all(bool(s.bold) for s in visible),
            italic=all(bool(s.italic) for s in visible),
            align=ctx.align,
            size=_main_size(visible),
            style_name=style_name,
        )
        self.builder.add(
            make_block(lines, page=self.builder.page, section=self.builder.section, style=style)
        )

    # tables -----------------------------------------------------------------------------------
    def _table(self, table: etree._Element, ctx: _Ctx) -> Table | None:
        rows = [
            [td for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
            for tr in _rows(table)
        ]
        unruled = all(_css(td).get("border", "").startswith("none") for row in rows for td in row)
        return self._grid(rows, ctx, unruled=unruled)

    def _css_table(self, el: etree._Element, ctx: _Ctx, parent: etree._Element) -> None:
        """``display: table`` divs (the header of newer vbpl.vn pages); consecutive ones
        with the same column count in the same parent are one table."""
        rows: list[list[etree._Element]] = []
        implicit: list[etree._Element] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            display = _css(child).get("display", "")
            if display == "table-row":
                rows.append(
                    [
                        c
                        for c in child
                        if isinstance(c.tag, str) and _css(c).get("display") == "table-cell"
                    ]
                )
            elif display == "table-cell":
                implicit.append(child)
        if implicit:
            rows.append(implicit)
        unruled = not _draws_border(_css(el)) and not any(
            _draws_border(_css(td)) for row in rows for td in row
        )
        table = self._grid(rows, ctx, unruled=unruled)
        if table is None:
            return
        items = self.builder.pages[-1].items
        previous = self._css_tail
        if (
            previous is not None
            and items
            and items[-1] is previous[0]
            and previous[1] is parent
            and previous[0].n_cols == table.n_cols
        ):
            merged = previous[0]
            for cell in table.cells:
                cell.row += merged.n_rows
            merged.cells.extend(table.cells)
            merged.n_rows += table.n_rows
            merged.borderless = merged.borderless and table.borderless
            return
        self.builder.add(table)
        self._css_tail = (table, parent)

    def _grid(self, rows: list[list[etree._Element]], ctx: _Ctx, *, unruled: bool) -> Table | None:
        """Cells anchored with rowspan/colspan. ``borderless`` when the markup says no
        border is drawn (``unruled``) or the table is the header/signature layout table;
        the ``border`` attribute is not trusted (vbpl.vn data tables carry ``border="0"``
        and are drawn with rules by the site's stylesheet)."""
        cells: list[Cell] = []
        taken: set[tuple[int, int]] = set()
        n_cols = 0
        for row_index, row in enumerate(rows):
            col = 0
            for td in row:
                css = _css(td)
                if _hidden(td, css):
                    continue
                while (row_index, col) in taken:
                    col += 1
                row_span = _span(td.get("rowspan"))
                col_span = _span(td.get("colspan"))
                for r in range(row_index, row_index + row_span):
                    for k in range(col, col + col_span):
                        taken.add((r, k))
                cells.append(
                    self._cell(td, _enter(td, ctx, css), row_index, col, row_span, col_span)
                )
                col += col_span
            n_cols = max(n_cols, col)
        if not cells:
            return None
        n_rows = len(rows)
        n_cols = max(n_cols, max(k + 1 for r, k in taken if r < n_rows))
        for c in cells:  # a rowspan past the last row (common in exported HTML) is clipped
            c.row_span = min(c.row_span, n_rows - c.row)
        result = Table(
            page=self.builder.page,
            n_rows=n_rows,
            n_cols=n_cols,
            cells=cells,
            finder="markup",
            section=self.builder.section,
        )
        result.borderless = unruled or is_layout_table(result)
        return result

    def _cell(
        self, td: etree._Element, ctx: _Ctx, row: int, col: int, row_span: int, col_span: int
    ) -> Cell:
        collector = _Inline()
        collector.collect(td, ctx)
        lines: list[Line] = spans_to_lines(collector.spans)
        return cell_from_lines(
            row,
            col,
            lines,
            row_span=row_span,
            col_span=col_span,
            bold=all_bold(collector.spans),
        )


def _has_block_child(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iter() if c is not el)


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    """Rows of this table only (not of nested tables), thead/tbody/tfoot looked through."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


def _draws_border(css: dict[str, str]) -> bool:
    for key in ("border", "border-top", "border-bottom", "border-left", "border-right"):
        value = css.get(key)
        if value and not value.startswith(("none", "0", "hidden")) and "none" not in value:
            return True
    return False


def _main_size(spans: list[Span]) -> float | None:
    sizes = [s.size for s in spans if s.size is not None]
    return max(set(sizes), key=sizes.count) if sizes else None
