"""Typed-PDF reader: pdfplumber glyphs → the layout model (blocks, tables, pages).

One pass per page over ``page.chars`` (plus one ``find_tables`` when the page has
ruling lines):

1. glyphs → words (split on printed spaces and on gaps) → line *fragments* (a
   baseline cut where the gap is wide enough to separate columns);
2. ruling tables (``finder="ruling"``): cells mapped onto the table's distinct x and
   y edges, so merged cells get ``row_span``/``col_span``; their glyphs leave the
   text flow;
3. borderless two-column regions (the header "ỦY BAN NHÂN DÂN | CỘNG HÒA …" and the
   signature / "Nơi nhận:" block): ``Table(finder="text", borderless=True)``, one
   cell per column, so the columns are never interleaved line by line;
4. the remaining fragments → paragraphs (``Block``) split on vertical gaps, indents,
   list markers, alignment, size and bold/italic changes.

Pages without a usable text layer get ``needs_ocr=True`` and an ``ocr_reason``:
"image-only", "signature-only" (the only text in the file is a VGCA / Cổng TTĐT
signature stamp, kept in ``metadata["signature_stamp"]``), "vector-glyphs" (text
drawn as outlines), "garbage-text" (mostly non-Vietnamese characters).

Legacy fonts (".VnTime", "VNI-Times") are converted by :mod:`extract.legacy_fonts`;
every word goes through :func:`extract.hygiene.clean_text`; words split by glyph
gaps inside a line (no space printed) are rejoined when
:func:`extract.hygiene.fragments_join` says they form one syllable ("B Ộ" → "BỘ").

>>> doc = read(Path("55 ND_CP_21072023_2_signed.pdf"))  # doctest: +SKIP
>>> doc.pages[0].items[0].cells[0].text                  # doctest: +SKIP
'CHÍNH PHỦ\\n_______\\nSố: 55/2023/NĐ-CP'
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extract.errors import CorruptFile, EmptyFile, EncryptedFile, ExtractionError
from extract.hygiene import clean_text, fragments_join
from extract.legacy_fonts import convert_legacy, legacy_encoding_of_font
from models.layout import (
    BBox,
    Block,
    BlockStyle,
    Cell,
    LayoutDocument,
    LayoutWarning,
    Line,
    Page,
    Table,
    Word,
)


@dataclass(frozen=True)
class PdfSettings:
    """Every threshold of the reader, in one place (sizes are multiples of font size)."""

    word_gap: float = 0.2
    """A gap wider than this × size between glyphs ends a word."""
    column_gap: float = 1.4
    """A gap wider than this × size (and ``column_gap_min`` points) cuts a line in two."""
    column_gap_min: float = 15.0
    baseline_tolerance: float = 0.3
    """Glyphs whose bottoms differ by less than this × size share a baseline."""
    indent_min: float = 8.0
    """Points a line must start right of the text column to count as indented."""
    text_table_max_gap: float = 2.6
    """Rows of a two-column region are at most this × line height apart …"""
    text_table_full_row_gap: float = 5.0
    """… or this × line height for a row with a line in every column (names under the
    blank space left for signatures)."""
    stamp_max_chars: int = 400
    """A stamp-only page has at most this many glyphs …"""
    stamp_other_max_chars: int = 30
    """… and at most this many on lines that are not stamp lines (name, date wrap)."""
    garbage_min_chars: int = 20
    garbage_max_share: float = 0.4
    vector_glyph_min_curves: int = 200


SETTINGS = PdfSettings()

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique|,it\b|-it\b", re.IGNORECASE)
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_LIST_MARKER = re.compile(
    r"^(?:[-–—+•*]\s|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s|\(?[a-zđ]\)\s|[IVXLC]{1,6}[.\-–]\s"
    r"|Điều\s+\d|Chương\s+[IVXLC\d]|Mục\s+\d|Phần\s+[IVXLC\d]|Căn cứ\s|Nơi nhận)"
)
_STAMP = re.compile(
    r"Ký bởi|Người ký|Thời gian ký|Cơ quan:|Email:|VGCA|Cổng Thông tin điện tử|SAO Y",
    re.IGNORECASE,
)
_GOOD_CHAR = re.compile(
    r"[A-Za-z0-9ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9"
    r"\s.,;:!?%()\[\]/\\\-–—_'\"“”‘’…*+=<>&#@§°|]"
)


# --------------------------------------------------------------------------- words


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font: str
    size: float
    bold: bool
    italic: bool
    gap_split: bool  # separated from the previous word by a gap only, no printed space

    def to_model(self) -> Word:
        return Word(
            text=self.text,
            bbox=_r((self.x0, self.top, self.x1, self.bottom)),
            font=self.font,
            size=round(self.size, 2),
            bold=self.bold,
            italic=self.italic,
        )


@dataclass(slots=True)
class _Frag:
    """A line fragment: words on one baseline with no column-wide gap."""

    words: list[_Word]
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    text: str = ""

    def finish(self) -> _Frag:
        ws = self.words
        self.x0 = min(w.x0 for w in ws)
        self.x1 = max(w.x1 for w in ws)
        self.top = min(w.top for w in ws)
        self.bottom = max(w.bottom for w in ws)
        self.size = statistics.median(w.size for w in ws)
        weight = sum(len(w.text) for w in ws) or 1
        self.bold = sum(len(w.text) for w in ws if w.bold) * 2 > weight
        self.italic = sum(len(w.text) for w in ws if w.italic) * 2 > weight
        self.text = " ".join(w.text for w in ws)
        return self

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def to_line(self) -> Line:
        return Line(
            text=self.text,
            bbox=_r((self.x0, self.top, self.x1, self.bottom)),
            words=[w.to_model() for w in self.words],
        )


def _r(b: tuple[float, float, float, float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def _font_style(font: str) -> tuple[bool, bool]:
    name = _SUBSET.sub("", font)
    return bool(_BOLD.search(name)), bool(_ITALIC.search(name))


def _word_text(chars: Sequence[dict[str, Any]]) -> str:
    """Glyph texts joined, legacy-font runs converted, hygiene applied."""
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for c in chars:
        font = c.get("fontname") or ""
        if font != run_font and run:
            parts.append(_convert_run("".join(run), run_font))
            run = []
        run_font = font
        run.append(c["text"])
    if run:
        parts.append(_convert_run("".join(run), run_font))
    return clean_text("".join(parts))


def _convert_run(text: str, font: str | None) -> str:
    converted = convert_legacy(text, font) if font else None
    return text if converted is None else converted


def _make_word(chars: list[dict[str, Any]], gap_split: bool) -> _Word:
    font = chars[0].get("fontname") or ""
    size = float(chars[0].get("size") or 0.0)
    bold, italic = _font_style(font)
    return _Word(
        text=_word_text(chars),
        x0=min(c["x0"] for c in chars),
        top=min(c["top"] for c in chars),
        x1=max(c["x1"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        font=_SUBSET.sub("", font),
        size=size,
        bold=bold,
        italic=italic,
        gap_split=gap_split,
    )


def _words_of_baseline(chars: list[dict[str, Any]]) -> list[_Word]:
    """Glyphs of one baseline (any order) → words left to right."""
    chars.sort(key=lambda c: c["x0"])
    words: list[_Word] = []
    current: list[dict[str, Any]] = []
    by_gap = False  # how the word being built was separated from the previous one
    for c in chars:
        text = c["text"]
        if not text or text.isspace():
            if current:
                words.append(_make_word(current, by_gap))
                current = []
            by_gap = False
            continue
        if current:
            size = float(current[-1].get("size") or 10.0)
            if c["x0"] - current[-1]["x1"] > SETTINGS.word_gap * size:
                words.append(_make_word(current, by_gap))
                current = []
                by_gap = True
        current.append(c)
    if current:
        words.append(_make_word(current, by_gap))
    return [w for w in words if w.text]


_NAMELESS_FONT = re.compile(r"^[0-9A-F]{8,}$")


def _inherit_style(words: list[_Word]) -> None:
    """Words in nameless subset fonts ("FEF2C385A35") take the style of a named neighbour."""
    known = [w for w in words if not _NAMELESS_FONT.match(w.font)]
    if not known or len(known) == len(words):
        return
    last: _Word | None = None
    for w in words:
        if _NAMELESS_FONT.match(w.font):
            ref = last or known[0]
            w.bold, w.italic = ref.bold, ref.italic
        else:
            last = w


def _rejoin(words: list[_Word]) -> list[_Word]:
    """Merge gap-split neighbours that are one syllable ("B" + "Ộ" → "BỘ")."""
    for _ in range(3):  # "Th" "ươ" "ng" → "Th" "ương" → "Thương"
        before = len(words)
        words = _rejoin_pass(words)
        if len(words) == before:
            break
    return words


def _rejoin_pass(words: list[_Word]) -> list[_Word]:
    out: list[_Word] = []
    joined = False
    for w in words:
        if out and w.gap_split and fragments_join(out[-1].text, w.text, left_is_joined=joined):
            prev = out[-1]
            prev.text += w.text
            prev.x1 = max(prev.x1, w.x1)
            prev.top = min(prev.top, w.top)
            prev.bottom = max(prev.bottom, w.bottom)
            joined = True
            continue
        out.append(w)
        joined = False
    return out


def _baselines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group glyphs that share a baseline: bottoms chained within a tolerance.

    Chaining (each glyph compared with the previous one) keeps glyphs of another
    font with a slightly lower bottom ("CH" + "Ủ" from a second subset font) on the line.
    """
    groups: list[list[dict[str, Any]]] = []
    ref = -1e9
    for c in sorted(chars, key=lambda c: c["bottom"]):
        tol = max(1.5, SETTINGS.baseline_tolerance * float(c.get("size") or 10.0))
        if groups and c["bottom"] - ref <= tol:
            groups[-1].append(c)
        else:
            groups.append([c])
        ref = c["bottom"]
    return groups


def _restore_tcvn3_u_horn(chars: list[dict[str, Any]]) -> None:
    """TCVN3 puts "ư" at 0xAD, which WinAnsi decoding turns into a space glyph.

    A "space" of a TCVN3 font as wide as a letter (not a space: about 0.25 em) is the
    ư glyph; its text is set back to the TCVN3 code so conversion yields "ư".
    """
    fonts: dict[str, bool] = {}
    for c in chars:
        if c["text"] != " ":
            continue
        font = c.get("fontname") or ""
        is_tcvn3 = fonts.get(font)
        if is_tcvn3 is None:
            is_tcvn3 = fonts[font] = legacy_encoding_of_font(_SUBSET.sub("", font)) == "tcvn3"
        if is_tcvn3 and c["x1"] - c["x0"] > 0.4 * float(c.get("size") or 10.0):
            c["text"] = "\xad"


def _fragments(chars: list[dict[str, Any]], *, split_columns: bool = True) -> list[_Frag]:
    """Glyphs → line fragments, top to bottom, left to right."""
    _restore_tcvn3_u_horn(chars)
    frags: list[_Frag] = []
    for group in _baselines(chars):
        words = _rejoin(_words_of_baseline(group))
        if not words:
            continue
        _inherit_style(words)
        current: list[_Word] = [words[0]]
        for w in words[1:]:
            gap = w.x0 - current[-1].x1
            wide = max(SETTINGS.column_gap_min, SETTINGS.column_gap * max(w.size, 1.0))
            if split_columns and gap > wide:
                frags.append(_Frag(current).finish())
                current = [w]
            else:
                current.append(w)
        frags.append(_Frag(current).finish())
    frags.sort(key=lambda f: (round(f.top), f.x0))
    return frags


# -------------------------------------------------------------------- ruling tables


def _cluster(values: Iterable[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], v: float, tol: float = 1.5) -> int:
    i = bisect.bisect_left(edges, v - tol)
    return min(i, len(edges) - 1)


@dataclass(slots=True)
class _RulingTable:
    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int, tuple[float, float, float, float]]]
    chars: dict[tuple[int, int], list[dict[str, Any]]] = field(default_factory=dict)


def _ruling_tables(page: Any) -> list[_RulingTable]:
    found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    out: list[_RulingTable] = []
    for t in found:
        boxes = [tuple(c) for c in t.cells]
        if not boxes:
            continue
        xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
        ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
        if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
            continue  # a single framed box is not a table
        cells = []
        for b in boxes:
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            r0, r1 = _index(ys, b[1]), _index(ys, b[3])
            if c1 <= c0 or r1 <= r0:
                continue
            cells.append((r0, c0, r1 - r0, c1 - c0, b))
        out.append(_RulingTable(bbox=tuple(t.bbox), xs=xs, ys=ys, cells=cells))
    return out


def _assign_table_chars(
    tables: list[_RulingTable], chars: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Give each table its glyphs (by grid position); return the glyphs left outside."""
    if not tables:
        return chars
    rest: list[dict[str, Any]] = []
    anchors: list[dict[tuple[int, int], tuple[int, int]]] = []
    for t in tables:
        grid: dict[tuple[int, int], tuple[int, int]] = {}
        for r, c, rs, cs, _ in t.cells:
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    grid[(rr, cc)] = (r, c)
        anchors.append(grid)
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for t, grid in zip(tables, anchors, strict=True):
            x0, top, x1, bottom = t.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                col = bisect.bisect_right(t.xs, cx) - 1
                row = bisect.bisect_right(t.ys, cy) - 1
                key = grid.get((row, col))
                if key is not None:
                    t.chars.setdefault(key, []).append(ch)
                break
        else:
            rest.append(ch)
    return rest


def _table_model(t: _RulingTable, number: int) -> Table:
    cells: list[Cell] = []
    for r, c, rs, cs, b in sorted(t.cells, key=lambda x: (x[0], x[1])):
        frags = _fragments(t.chars.get((r, c), []), split_columns=False)
        weight = sum(len(f.text) for f in frags) or 1
        cells.append(
            Cell(
                row=r,
                col=c,
                row_span=rs,
                col_span=cs,
                text="\n".join(f.text for f in frags),
                lines=[f.to_line() for f in frags],
                bbox=_r(b),
                bold=(sum(len(f.text) for f in frags if f.bold) * 2 > weight) if frags else None,
            )
        )
    x0, _, x1, _ = t.bbox
    return Table(
        page=number,
        n_rows=len(t.ys) - 1,
        n_cols=len(t.xs) - 1,
        cells=cells,
        bbox=_r(t.bbox),
        finder="ruling",
        row_bboxes=[_r((x0, t.ys[i], x1, t.ys[i + 1])) for i in range(len(t.ys) - 1)],
    )


# ------------------------------------------------------- borderless two-column regions


@dataclass(slots=True)
class _Row:
    frags: list[_Frag]
    top: float
    bottom: float


def _rows(frags: list[_Frag]) -> list[_Row]:
    """Fragments whose vertical extents overlap form one row (left to right)."""
    rows: list[_Row] = []
    for f in sorted(frags, key=lambda f: f.top):
        if rows:
            row = rows[-1]
            overlap = min(row.bottom, f.bottom) - max(row.top, f.top)
            if overlap > 0.5 * min(row.bottom - row.top, f.bottom - f.top):
                row.frags.append(f)
                row.bottom = max(row.bottom, f.bottom)
                continue
        rows.append(_Row([f], f.top, f.bottom))
    for row in rows:
        row.frags.sort(key=lambda f: f.x0)
    return rows


@dataclass(slots=True)
class _Column:
    frags: list[_Frag]
    x0: float = 0.0
    x1: float = 0.0

    def add(self, f: _Frag) -> None:
        self.x0 = min(self.x0, f.x0) if self.frags else f.x0
        self.x1 = max(self.x1, f.x1) if self.frags else f.x1
        self.frags.append(f)

    def pauses_before(self, f: _Frag, height: float) -> bool:
        """A wider gap than the column's own line spacing opens before ``f``."""
        last = self.frags[-1]
        usual = last.top - self.frags[-2].bottom if len(self.frags) >= 2 else 0.0
        return f.top - last.bottom > max(0.9 * height, usual + 0.5 * height)

    def accepts(self, f: _Frag) -> bool:
        """A lone fragment belongs here when it is aligned with or centred in the column."""
        if abs(f.x0 - self.x0) < 4:
            return True
        width = max(self.x1 - self.x0, 1.0)
        if f.x0 < self.x0 - 0.25 * width or f.x1 > self.x1 + 0.25 * width:
            return False
        centre = statistics.fmean(g.center for g in self.frags)
        return abs(f.center - centre) < 0.2 * width


@dataclass(slots=True)
class _Region:
    rows: list[_Row]
    columns: list[_Column]
    row_breaks: list[int]  # indexes into rows where a new table row starts


def _fits(columns: list[_Column], c: int, f: _Frag) -> bool:
    """``f`` stays clear of the neighbouring columns of column ``c``."""
    if c > 0 and f.x0 < columns[c - 1].x1 + 2:
        return False
    return not (c < len(columns) - 1 and f.x1 > columns[c + 1].x0 - 2)


def _assign_row(row: _Row, columns: list[_Column]) -> list[int] | None:
    """Column index of each fragment of ``row``; None when the row does not fit.

    Fragments of one row that land in the same column (a draft's blanks:
    "Số:      /QĐ-UBND") are merged into one fragment.
    """
    if len(row.frags) == len(columns):
        cols = list(range(len(columns)))
        if all(_fits(columns, c, f) for c, f in zip(cols, row.frags, strict=True)):
            return cols
    out: list[int] = []
    for f in row.frags:
        choices = [c for c in range(len(columns)) if _fits(columns, c, f)]
        if not choices:
            return None
        out.append(min(choices, key=lambda c: abs(columns[c].x0 - f.x0)))
    if out != sorted(out):
        return None
    if len(set(out)) != len(out):
        merged: list[_Frag] = []
        merged_cols: list[int] = []
        for f, c in zip(row.frags, out, strict=True):
            if merged_cols and merged_cols[-1] == c:
                merged[-1] = _Frag(merged[-1].words + f.words).finish()
            else:
                merged.append(f)
                merged_cols.append(c)
        row.frags[:] = merged
        out = merged_cols
    if len(out) == 1 and not columns[out[0]].accepts(row.frags[0]):
        return None
    return out


def _text_regions(rows: list[_Row]) -> list[_Region]:
    """Runs of rows laid out in two (or more) columns that never cross each other.

    A run needs two rows, or one row at the top or bottom of the page (a header, or a
    signature block cut by the page break).
    """
    regions: list[_Region] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row.frags) < 2:
            i += 1
            continue
        columns = [_Column([]) for _ in row.frags]
        for col, f in zip(columns, row.frags, strict=True):
            col.add(f)
        members = [row]
        breaks = [0]
        height = max(row.bottom - row.top, 1.0)
        prev = row
        j = i + 1
        while j < len(rows):
            nxt = rows[j]
            gap = nxt.top - prev.bottom
            limit = (
                SETTINGS.text_table_full_row_gap
                if len(nxt.frags) == len(columns)
                else SETTINGS.text_table_max_gap
            )
            if gap > limit * height:
                break
            cols = _assign_row(nxt, columns)
            if cols is None:
                break
            if len(nxt.frags) >= 2 and all(
                columns[c].pauses_before(f, height) for f, c in zip(nxt.frags, cols, strict=True)
            ):
                breaks.append(len(members))  # every column paused: a new table row
            for f, c in zip(nxt.frags, cols, strict=True):
                columns[c].add(f)
            members.append(nxt)
            prev = nxt
            j += 1
        at_page_edge = i == 0 or j == len(rows)
        if len(members) >= 2 or at_page_edge:
            regions.append(_Region(members, columns, breaks))
            i = j
        else:
            i += 1
    return regions


def _region_table(region: _Region, number: int) -> Table:
    rows_of: dict[int, int] = {}
    table_row = -1
    for k, row in enumerate(region.rows):
        if k in region.row_breaks:
            table_row += 1
        for f in row.frags:
            rows_of[id(f)] = table_row
    n_rows = table_row + 1
    cells: list[Cell] = []
    row_boxes: list[BBox | None] = []
    for r in range(n_rows):
        in_row = [f for c in region.columns for f in c.frags if rows_of[id(f)] == r]
        row_boxes.append(
            _r(
                (
                    min(f.x0 for f in in_row),
                    min(f.top for f in in_row),
                    max(f.x1 for f in in_row),
                    max(f.bottom for f in in_row),
                )
            )
        )
        for ci, col in enumerate(region.columns):
            frags = [f for f in col.frags if rows_of[id(f)] == r]
            if not frags:
                continue
            weight = sum(len(f.text) for f in frags) or 1
            cells.append(
                Cell(
                    row=r,
                    col=ci,
                    text="\n".join(f.text for f in frags),
                    lines=[f.to_line() for f in frags],
                    bbox=_r(
                        (
                            min(f.x0 for f in frags),
                            min(f.top for f in frags),
                            max(f.x1 for f in frags),
                            max(f.bottom for f in frags),
                        )
                    ),
                    bold=sum(len(f.text) for f in frags if f.bold) * 2 > weight,
                )
            )
    allf = [f for c in region.columns for f in c.frags]
    bbox = (
        min(f.x0 for f in allf),
        min(f.top for f in allf),
        max(f.x1 for f in allf),
        max(f.bottom for f in allf),
    )
    return Table(
        page=number,
        n_rows=n_rows,
        n_cols=len(region.columns),
        cells=cells,
        bbox=_r(bbox),
        finder="text",
        borderless=True,
        row_bboxes=row_boxes,
    )


# ----------------------------------------------------------------------- paragraphs

Align = Literal["left", "center", "right", "justify"]


@dataclass(slots=True)
class _Column2:
    """The page's text column: left and right edges, and the usual first-line indents."""

    left: float
    right: float
    indents: tuple[float, ...] = ()

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


def _text_column(frags: list[_Frag], page_width: float) -> _Column2:
    if len(frags) < 3:
        return _Column2(
            min((f.x0 for f in frags), default=0.0), max((f.x1 for f in frags), default=page_width)
        )
    x0s = sorted(f.x0 for f in frags)
    x1s = sorted(f.x1 for f in frags)
    left, right = x0s[len(x0s) // 10], x1s[(len(x1s) * 9) // 10]
    counts: dict[int, int] = {}
    for f in frags:
        if SETTINGS.indent_min < f.x0 - left < 0.15 * (right - left):
            counts[round(f.x0)] = counts.get(round(f.x0), 0) + 1
    indents = tuple(float(x) for x, n in counts.items() if n >= 2)
    return _Column2(left, right, indents)


def _line_align(f: _Frag, col: _Column2) -> Align:
    """One line's alignment in the text column; a usual paragraph indent counts as left."""
    left_margin, right_margin = f.x0 - col.left, col.right - f.x1
    tol = max(6.0, 0.03 * col.width)
    indented = any(abs(f.x0 - x) < 2 for x in col.indents)
    centred = (
        left_margin > 4 and right_margin > 4 and abs(f.center - (col.left + col.right) / 2) <= tol
    )
    if centred and (not indented or abs(left_margin - right_margin) < 3):
        return "center"
    if right_margin <= 5 and left_margin > 0.3 * col.width:
        return "right"
    if right_margin <= 5:
        return "justify"
    return "left"


def _same_centre(a: _Frag, b: _Frag, col: _Column2) -> bool:
    """Both lines centred on the same axis, away from the column edges."""
    return (
        abs(a.center - b.center) < 4
        and min(a.x0, b.x0) - col.left > 2
        and col.right - max(a.x1, b.x1) > 2
    )


def _starts_block(prev: _Frag, f: _Frag, col: _Column2, gap_limit: float) -> bool:
    if f.top - prev.bottom > gap_limit:
        return True
    if abs(f.size - prev.size) > 0.6 or f.bold != prev.bold:
        return True
    if _is_upper(f.text) != _is_upper(prev.text):
        return True
    a_prev, a_cur = _line_align(prev, col), _line_align(f, col)
    if "center" in (a_prev, a_cur) and _same_centre(prev, f, col):
        return False  # a wide line of a centred title
    if (a_prev == "center") != (a_cur == "center"):
        return True
    if a_cur == "center":
        return False
    if a_prev == "right" or a_cur == "right":
        return a_prev != a_cur
    if _LIST_MARKER.match(f.text):
        return True
    if f.x0 - col.left > SETTINGS.indent_min and f.x0 > prev.x0 + 4:
        return True  # first-line indent
    first = f.words[0]
    room = col.right - prev.x1
    return room > (first.x1 - first.x0) + 0.3 * first.size + 2


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _block(frags: list[_Frag], number: int, col: _Column2) -> Block:
    aligns = [_line_align(f, col) for f in frags]
    align: Align
    if all(a == "center" for a in aligns) or (
        "center" in aligns and all(_same_centre(frags[0], f, col) for f in frags[1:])
    ):
        align = "center"
    elif all(a == "right" for a in aligns):
        align = "right"
    elif len(frags) > 1 and all(a == "justify" for a in aligns[:-1]):
        align = "justify"
    else:
        align = "left"
    text = "\n".join(f.text for f in frags)
    letters = [ch for ch in text if ch.isalpha()]
    weight = sum(len(f.text) for f in frags) or 1
    return Block(
        text=text,
        lines=[f.to_line() for f in frags],
        bbox=_r(
            (
                min(f.x0 for f in frags),
                min(f.top for f in frags),
                max(f.x1 for f in frags),
                max(f.bottom for f in frags),
            )
        ),
        page=number,
        style=BlockStyle(
            bold=sum(len(f.text) for f in frags if f.bold) * 2 > weight,
            italic=sum(len(f.text) for f in frags if f.italic) * 2 > weight,
            align=align,
            size=round(statistics.median(f.size for f in frags), 2),
            uppercase=len(letters) >= 2 and all(ch.isupper() for ch in letters),
        ),
    )


def _gap_limit(frags: list[_Frag]) -> float:
    gaps = [
        b.top - a.bottom
        for a, b in zip(frags, frags[1:], strict=False)
        if 0 <= b.top - a.bottom < 3 * max(a.size, 1.0)
    ]
    size = statistics.median(f.size for f in frags) if frags else 12.0
    base = statistics.median(gaps) if gaps else 0.3 * size
    return base + max(2.0, 0.3 * size)


# --------------------------------------------------------------------------- pages


def _usable_share(text: str) -> float:
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 1.0
    bad = text.count("(cid:") * 6
    good = sum(1 for ch in chars if _GOOD_CHAR.match(ch))
    return max(0.0, good - bad) / len(chars)


@dataclass(slots=True)
class _PageText:
    """What a page's glyphs say before layout: for the needs-OCR decision."""

    reason: str | None
    stamp: str | None


def _is_legacy(font: str) -> bool:
    return legacy_encoding_of_font(_SUBSET.sub("", font)) is not None


def _mixed_text(chars: list[dict[str, Any]], legacy: dict[str, bool]) -> str:
    plain = "".join(c["text"] for c in chars if not legacy[c.get("fontname") or ""])
    return plain + _word_text([c for c in chars if legacy[c.get("fontname") or ""]])


def _classify_empty(images: int, curves: int) -> _PageText:
    """A page without glyphs: a scan, outlined glyphs, or simply blank."""
    if images:
        return _PageText("image-only", None)
    if curves >= SETTINGS.vector_glyph_min_curves:
        return _PageText("vector-glyphs", None)
    return _PageText(None, None)


def _classify(page: Any, chars: list[dict[str, Any]]) -> _PageText:
    if not chars:
        return _classify_empty(len(page.images), len(page.curves))
    text = "".join(c["text"] for c in chars)
    # glyphs of legacy fonts are checked after conversion (their raw text is Latin-1)
    legacy = {f: _is_legacy(f) for f in {c.get("fontname") or "" for c in chars}}
    if any(legacy.values()):
        text = _word_text(chars) if all(legacy.values()) else _mixed_text(chars, legacy)
    if len(text) <= SETTINGS.stamp_max_chars and page.images and _STAMP.search(text):
        lines = [f.text for f in _fragments(chars, split_columns=False)]
        other = sum(len(t) for t in lines if not _STAMP.search(t))
        if other <= SETTINGS.stamp_other_max_chars:
            return _PageText("signature-only", "\n".join(lines))
    if (
        len(text) >= SETTINGS.garbage_min_chars
        and _usable_share(text) < 1 - SETTINGS.garbage_max_share
    ):
        return _PageText("garbage-text", None)
    return _PageText(None, None)


def _ruling_boxes(page: Any) -> list[BBox]:
    boxes: set[BBox] = set()
    for e in page.lines:
        boxes.add(_r((e["x0"], e["top"], e["x1"], e["bottom"])))
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 < 3 or bottom - top < 3:
            boxes.add(_r((x0, top, x1, bottom)))
        else:
            boxes.update(
                {
                    _r((x0, top, x1, top)),
                    _r((x0, bottom, x1, bottom)),
                    _r((x0, top, x0, bottom)),
                    _r((x1, top, x1, bottom)),
                }
            )
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _layout_page(page: Any, number: int, chars: list[dict[str, Any]]) -> list[Block | Table]:
    """Glyphs of a text page → items in reading order."""
    tables: list[_RulingTable] = []
    if len(page.lines) + len(page.rects) >= 2:
        tables = _ruling_tables(page)
    rest = _assign_table_chars(tables, chars)
    frags = _fragments(rest)
    rows = _rows(frags)
    regions = _text_regions(rows)
    in_region = {id(f) for reg in regions for row in reg.rows for f in row.frags}

    placed: list[tuple[float, int, Block | Table | _Frag]] = []
    for t in tables:
        placed.append((t.bbox[1], 0, _table_model(t, number)))
    for reg in regions:
        placed.append((reg.rows[0].top, 0, _region_table(reg, number)))
    flow: list[_Frag] = []
    for row in rows:
        for f in row.frags:
            if id(f) not in in_region:
                flow.append(f)
                placed.append((row.top, 1, f))
    placed.sort(key=lambda p: (p[0], p[1]))

    col = _text_column(flow, float(page.width))
    gap_limit = _gap_limit(flow)
    items: list[Block | Table] = []
    current: list[_Frag] = []

    def flush() -> None:
        if current:
            items.append(_block(current, number, col))
            current.clear()

    for _, _, obj in placed:
        if isinstance(obj, _Frag):
            if current and _starts_block(current[-1], obj, col, gap_limit):
                flush()
            current.append(obj)
        else:
            flush()
            items.append(obj)
    flush()
    return items


@dataclass(slots=True)
class _Probe:
    """What pdfium sees on a page: glyph, image and vector-path counts."""

    chars: int
    images: int
    paths: int


class _Pdfium:
    """pdfium on the side: a cheap look at text-less pages, and stamps in annotations.

    Pages pdfium finds no glyphs on are classified without pdfplumber, so a page of
    outlined glyphs (thousands of curves) is not parsed by pdfminer at all.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: Any = None
        self._failed = False

    def _document(self) -> Any:
        if self._doc is None and not self._failed:
            try:
                import pypdfium2 as pdfium

                self._doc = pdfium.PdfDocument(str(self.path))
            except Exception:  # noqa: BLE001 - pdfplumber stays the reader of record
                self._failed = True
        return self._doc

    def probe(self, index: int) -> _Probe | None:
        doc = self._document()
        if doc is None:
            return None
        try:
            import pypdfium2.raw as pdfium_c

            page = doc[index]
            textpage = page.get_textpage()
            chars = textpage.count_chars()
            textpage.close()
            images = paths = 0
            if chars == 0:
                for obj in page.get_objects():
                    if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                        images += 1
                    elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                        paths += 1
            page.close()
            return _Probe(chars, images, paths)
        except Exception:  # noqa: BLE001
            return None

    def stamp(self, index: int) -> str | None:
        """Signature-stamp text held in the page's widget annotations, if any."""
        doc = self._document()
        if doc is None:
            return None
        try:
            import pypdfium2.raw as pdfium_c

            page = doc[index]
            count = pdfium_c.FPDFPage_GetAnnotCount(page)
            if count > 0:
                pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
            if count == 0:
                return None
            page = doc[index]  # reloaded: the flattened stamp is now page text
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
        except Exception:  # noqa: BLE001 - a stamp we cannot read is just absent
            return None
        text = clean_text(text.replace("\r\n", "\n")).strip()
        return text if text and _STAMP.search(text) else None

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()


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


def read(path: Path) -> LayoutDocument:
    """Read a typed PDF into the layout model (see the module docstring)."""
    path = Path(path)
    pdf = _open(path)
    side = _Pdfium(path)
    doc = LayoutDocument(format="pdf")
    stamp_texts: list[str] = []
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
                doc.pages.append(_read_page(page, index + 1, side, stamp_texts, doc.warnings))
                page.close()
            except ExtractionError:
                raise
            except Exception as e:  # noqa: BLE001
                raise _corrupt(path, e, index + 1) from e
    finally:
        side.close()
        pdf.close()
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
    side: _Pdfium,
    stamp_texts: list[str],
    warnings: list[LayoutWarning],
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
        status = _classify_empty(probe.images, probe.paths)
    else:
        chars = _upright_chars(page, number, warnings)
        status = _classify(page, chars)
    if not chars:
        annot = side.stamp(number - 1)
        if annot:
            stamp_texts.append(annot)
            if status.reason == "image-only" or status.reason is None:
                status = _PageText("signature-only", annot)
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
    out.ruling_lines = _ruling_boxes(page)
    out.items = _layout_page(page, number, chars)
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
