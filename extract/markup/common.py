"""Helpers shared by the readers of formats without geometry (DOCX, HTML, Markdown, text).

What lives here:

* :class:`Span` — a piece of printed text with its bold/italic facts; readers turn
  their runs (DOCX ``w:r``, HTML inline elements, ``**bold**`` markup) into spans.
* :func:`spans_to_lines` — spans → :class:`~models.layout.Line` objects split on "\\n",
  after :func:`vanban.extract.hygiene.clean_text`; a line whose runs differ in style
  ("**Điều 1.** Phạm vi") carries its words with their style, a uniformly styled
  line has no words (its Block/Cell style holds the facts; 50 000 Word objects for a
  long decree would cost a second).
* :func:`parse_emphasis` — ``**bold**`` / ``*italic*`` markers → spans, markers removed.
* :class:`PageBuilder` — collects items into logical pages (``physical=False``).
* :func:`convert_legacy_font` / :func:`convert_legacy_text` — the lazy hook into
  ``vanban.extract.markup.legacy_fonts`` (TCVN3 ".Vn*" and VNI fonts → Unicode).

>>> lines = spans_to_lines([Span("Điều 1. ", bold=True), Span("Phạm vi")])
>>> [(w.text, w.bold) for w in lines[0].words]
[('Điều', True), ('1.', True), ('Phạm', False), ('vi', False)]
>>> [s.text for s in parse_emphasis("**QUYẾT ĐỊNH:**")], parse_emphasis("**A**")[0].bold
(['QUYẾT ĐỊNH:'], True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vanban.extract.hygiene import clean_text, strip_diacritics
from vanban.extract.markup import legacy_fonts
from vanban.models.layout import (
    Block,
    BlockStyle,
    Format,
    LayoutDocument,
    LayoutWarning,
    Line,
    Page,
    Table,
    Word,
)

LAYOUT_TABLE_MARKERS: tuple[str, ...] = (
    "cong hoa xa hoi chu nghia viet nam",
    "dang cong san viet nam",
    "doc lap - tu do - hanh phuc",
    "noi nhan",
)
"""Text (diacritics folded) that marks a small two-column table as the header or the
signature/"Nơi nhận" layout table of a document."""

SIGNER_AUTHORITY = re.compile(r"^(?:KT|TM|TL|TUQ|Q|T/M|K/T)\.?\s+\S")
"""A cell starting with a signing-authority prefix ("KT. THỦ TƯỚNG", "TM. ỦY BAN …")."""

LEGACY_FONT_PREFIXES: tuple[str, ...] = (".vn", "vni-", "vni ")
"""Font names (lower case) whose text is in a legacy 8-bit Vietnamese encoding."""

LEGACY_SAMPLE_FONT: dict[str, str] = {"tcvn3": ".VnTime", "abc": ".VnTime", "vni": "VNI-Times"}
"""A representative font for each encoding name ``detect_legacy_encoding`` may return."""


@dataclass(slots=True)
class Span:
    """Printed text with what the source says about its style (``None`` = unknown)."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    font: str | None = None
    size: float | None = None


# -- legacy fonts -----------------------------------------------------------------------------


def is_legacy_font(font_name: str | None) -> bool:
    """True for ".VnTime", ".VnTimeH", "VNI-Times" …

    >>> is_legacy_font(".VnTimeH"), is_legacy_font("Times New Roman")
    (True, False)
    """
    return bool(font_name) and font_name.strip().lower().startswith(LEGACY_FONT_PREFIXES)  # type: ignore[union-attr]


def convert_legacy_font(text: str, font_name: str | None) -> str:
    """Text of a run in a legacy font converted to Unicode (unchanged if not possible)."""
    if not text or not is_legacy_font(font_name):
        return text
    converted = legacy_fonts.convert_legacy(text, font_name)
    return converted if isinstance(converted, str) else text


def convert_legacy_text(text: str) -> tuple[str, str | None]:
    """Whole text in TCVN3/VNI (no font known): ``(converted, encoding)`` or ``(text, None)``."""
    if not text:
        return text, None
    encoding = legacy_fonts.detect_legacy_encoding(text)
    if not encoding:
        return text, None
    name = str(getattr(encoding, "value", encoding))
    font = LEGACY_SAMPLE_FONT.get(name.lower(), name)
    converted = legacy_fonts.convert_legacy(text, font)
    if not isinstance(converted, str) or converted == text:
        return text, None
    return converted, name


# -- spans → lines ----------------------------------------------------------------------------


def spans_to_lines(spans: Iterable[Span], *, strip: bool = True) -> list[Line]:
    """Split spans on "\\n" into Lines (hygiene applied), words carrying their style.

    A word is bold when all of its characters are bold. Lines that are empty after
    stripping surrounding whitespace are dropped.
    """
    lines: list[Line] = []
    parts: list[str] = []
    runs: list[tuple[int, int, Span]] = []
    pos = 0

    def flush() -> None:
        nonlocal pos
        line = _make_line("".join(parts), runs, strip=strip)
        if line is not None:
            lines.append(line)
        parts.clear()
        runs.clear()
        pos = 0

    for span in spans:
        for i, piece in enumerate(clean_text(span.text).split("\n")):
            if i:
                flush()
            if piece:
                runs.append((pos, pos + len(piece), span))
                parts.append(piece)
                pos += len(piece)
    flush()
    return lines


def _make_line(raw: str, runs: list[tuple[int, int, Span]], *, strip: bool) -> Line | None:
    text = raw.replace("\t", " ")
    start, end = 0, len(text)
    if strip:
        end = len(text.rstrip())
        start = end - len(text[:end].lstrip())
    if start >= end:
        return None
    uniform = len({(r[2].bold, r[2].italic, r[2].font, r[2].size) for r in runs}) <= 1
    if uniform:
        # One style for the whole line: the Block (or Cell) style says it all.
        return Line.model_construct(text=text[start:end], bbox=None, words=[])
    words: list[Word] = []
    k = 0
    for m in _NON_SPACE.finditer(text, start, end):
        w_start, w_end = m.span()
        while k < len(runs) and runs[k][1] <= w_start:
            k += 1
        covering = []
        j = k
        while j < len(runs) and runs[j][0] < w_end:
            covering.append(runs[j][2])
            j += 1
        if len(covering) == 1:
            s = covering[0]
            font, size, bold, italic = s.font, s.size, bool(s.bold), bool(s.italic)
        else:
            font, size = _common(s.font for s in covering), _common(s.size for s in covering)
            bold = all(bool(s.bold) for s in covering)
            italic = all(bool(s.italic) for s in covering)
        words.append(
            Word.model_construct(
                text=m.group(), bbox=None, font=font, size=size, bold=bold, italic=italic, conf=None
            )
        )
    return Line.model_construct(text=text[start:end], bbox=None, words=words)


_NON_SPACE = re.compile(r"\S+")


def _common(values: Iterable[Any]) -> Any:
    seen = set(values)
    return seen.pop() if len(seen) == 1 else None


def all_words(lines: Sequence[Line], attr: str) -> bool | None:
    """True when every word has ``attr`` set, False when some do not, None without words."""
    words = [w for line in lines for w in line.words]
    if not words:
        return None
    return all(getattr(w, attr) for w in words)


def is_uppercase(text: str) -> bool | None:
    """True when the letters are all capitals ("QUYẾT ĐỊNH:"), None without letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    return all(c.isupper() for c in letters)


def make_block(
    lines: list[Line],
    *,
    page: int,
    section: int = 0,
    style: BlockStyle | None = None,
    infer_emphasis: bool = True,
) -> Block:
    """A Block from lines; uppercase (and, with ``infer_emphasis``, bold/italic from the
    words) filled in when not given."""
    style = style.model_copy() if style is not None else BlockStyle()
    text = "\n".join(line.text for line in lines)
    if infer_emphasis and style.bold is None:
        style.bold = all_words(lines, "bold")
    if infer_emphasis and style.italic is None:
        style.italic = all_words(lines, "italic")
    if style.uppercase is None:
        style.uppercase = is_uppercase(text)
    return Block(text=text, lines=lines, page=page, section=section, style=style)


# -- emphasis markup (**bold**, *italic*) ---------------------------------------------------------

_BOLD_ITALIC = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", re.S)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__", re.S)
_ITALIC = re.compile(r"(?<![\*\w])\*(?=[^\s*)\]])(.+?)(?<=[^\s*(\[])\*(?![\*\w])", re.S)
"""``*italic*``; footnote marks "(*)" and "[*]" are print, never an italic pair."""


def parse_emphasis(text: str, *, italic: bool = False) -> list[Span]:
    """``**bold**`` (and ``__bold__``; ``*italic*`` when ``italic``) → spans without markers.

    Unmatched markers stay as printed text.

    >>> [(s.text, s.bold) for s in parse_emphasis("Điều 1. **Phạm vi**")]
    [('Điều 1. ', False), ('Phạm vi', True)]
    """
    rules: list[tuple[re.Pattern[str], bool, bool]] = []
    if italic:
        rules.append((_BOLD_ITALIC, True, True))
    rules.append((_BOLD, True, False))
    if italic:
        rules.append((_ITALIC, False, True))
    spans = [Span(text, bold=False, italic=False)]
    for pattern, bold, ital in rules:
        spans = [piece for span in spans for piece in _split_span(span, pattern, bold, ital)]
    return [s for s in spans if s.text]


def _split_span(span: Span, pattern: re.Pattern[str], bold: bool, italic: bool) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in pattern.finditer(span.text):
        inner = next(g for g in m.groups() if g is not None)
        out.append(Span(span.text[pos : m.start()], bold=span.bold, italic=span.italic))
        out.append(Span(inner, bold=span.bold or bold, italic=span.italic or italic))
        pos = m.end()
    out.append(Span(span.text[pos:], bold=span.bold, italic=span.italic))
    return out


# -- pages ----------------------------------------------------------------------------------------


@dataclass
class PageBuilder:
    """Items into logical pages: :meth:`page_break` starts a new page when the current
    one has items; :meth:`section_break` also advances the section index."""

    pages: list[Page] = field(default_factory=lambda: [Page(number=1, physical=False)])
    section: int = 0
    warnings: list[LayoutWarning] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.pages[-1].number

    def add(self, item: Block | Table) -> None:
        self.pages[-1].items.append(item)

    def add_block(self, lines: list[Line], style: BlockStyle | None = None) -> Block | None:
        if not lines:
            return None
        block = make_block(lines, page=self.page, section=self.section, style=style)
        self.add(block)
        return block

    def page_break(self) -> None:
        if self.pages[-1].items:
            self.pages.append(Page(number=self.page + 1, physical=False))

    def section_break(self) -> None:
        self.page_break()
        self.section += 1

    def document(self, fmt: Format, metadata: dict[str, str] | None = None) -> LayoutDocument:
        pages = self.pages
        if len(pages) > 1 and not pages[-1].items:
            pages = pages[:-1]
        return LayoutDocument(
            format=fmt, pages=pages, warnings=self.warnings, metadata=metadata or {}
        )


def is_layout_table(table: Table) -> bool:
    """A small two-column table holding the Quốc hiệu, the Party banner or "Nơi nhận".

    >>> from vanban.models.layout import Cell
    >>> is_layout_table(Table(page=1, n_rows=1, n_cols=2, cells=[
    ...     Cell(row=0, col=0, text="BỘ TÀI CHÍNH"), Cell(row=0, col=1, text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]))
    True
    """
    if table.n_cols != 2 or table.n_rows > 6:
        return False
    folded = " ".join(strip_diacritics(" ".join(c.text for c in table.cells)).split())
    if any(marker in folded for marker in LAYOUT_TABLE_MARKERS):
        return True
    return any(SIGNER_AUTHORITY.match(c.text.strip()) for c in table.cells)
