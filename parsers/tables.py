"""Task tables: recognise them, give each column a role, stitch pages, read rows into tasks.

This is where ``tasks[].lead``, ``partners``, ``focal_units``, ``outputs``,
``timeframe``, ``deadline``, ``group`` and ``no`` come from when a document lays its
tasks out as a table. The header vocabulary (printed header → role) is data:
``parsers/data/task_columns.json``.

Stages, each a function:

1. :func:`column_role` / :func:`read_header` — a header row (one or two rows when cells
   are merged) → one :class:`Column` per grid column with its role ("no", "content",
   "group", "timeframe", "deadline", "lead", "partners", "lead_and_partners",
   "focal_units", "outputs") or ``None`` (kept in ``Task.extra`` under its printed header).
2. :func:`find_task_tables` — tables whose header names a content column and at least one
   of the who/when/what-comes-out columns; a table that continues on the next page
   (same column count, compatible x-positions, with or without a repeated header or
   column-number row "(1) (2) (3)") is stitched into one :class:`TaskTable`.
3. :func:`table_tasks` — one task per row, with section rows ("I", "A.", or one heading
   spanning the columns) becoming the ``group`` of the rows below, vertically merged
   cells shared by the rows they span, and continuation rows (empty Stt cell continuing
   the row above, e.g. a row split by a page break) joined into the row above with one
   space.

Conventions (decided here, documented once):

* "Đơn vị chủ trì/phối hợp" (one column for both): bodies marked "(chủ trì)" are the
  lead; else the part before a top-level "/" is the lead and the rest partners; else the
  first body listed is the lead and the others are partners.
* Lists: lead/partners/focal units via :func:`vanban.parsers.agencies.split_bodies`; outputs are
  split on ";" only.
* A section row numbered "I" with its heading in the content cell gives the group
  "I. <heading>" (the number, ". ", the heading); a spanning heading cell is used as printed.
* Cell text: a cell's line breaks are layout, so lines are joined with one space, except
  a line starting with a list marker ("-", "+", "•", "a)") which keeps its line break.
* A row whose Stt cell is empty continues the row above only in a numbered table: as the
  first row of a part on a new page, or (inside one part) when it leaves empty a cell the
  row above had filled and its content is not a list item. ``page`` is the first page,
  ``pages`` all of them, ``bbox`` the row's box on its first page (``Table.row_bboxes``,
  else the union of the boxes of the cells anchored in the row); ``table`` counts
  stitched task tables from 0.
* Odd source data is kept as printed and reported (``Warning.code``): ``empty_lead``,
  ``cell_repeats_column`` (two role columns print the same text), ``numbering_gap``
  (1, 2, 4), ``numbering_repeat`` (3, 3), ``numbering_out_of_order`` (5 after 7);
  numbers are compared under one parent ("1.1" after "1.2") and group.

>>> from vanban.models.layout import Cell, LayoutDocument, Page, Table
>>> t = Table(page=1, n_rows=2, n_cols=3, cells=[
...     Cell(row=0, col=0, text="TT"), Cell(row=0, col=1, text="Nội dung"),
...     Cell(row=0, col=2, text="Cơ quan chủ trì"), Cell(row=1, col=0, text="1"),
...     Cell(row=1, col=1, text="Tuyên truyền"), Cell(row=1, col=2, text="Sở Tư pháp")])
>>> tasks, _ = table_tasks(find_task_tables(LayoutDocument(format="txt",
...     pages=[Page(number=1, items=[t])]))[0])
>>> (tasks[0].no, tasks[0].content, tasks[0].lead)
('1', 'Tuyên truyền', ['Sở Tư pháp'])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from vanban.extract.hygiene import squash_spaces, strip_diacritics
from vanban.models.document import Confidences, Task, Warning
from vanban.models.layout import BBox, Block, Cell, LayoutDocument, Table
from vanban.parsers.agencies import split_bodies
from vanban.parsers.confidence import cell_words, text_confidence, token_confidence
from vanban.parsers.row_numbers import repair_numbers
from vanban.parsers.textview import union
from vanban.parsers.timeframes import parse_timeframe

COLUMNS_FILE = Path(__file__).parent / "data" / "task_columns.json"

CONTENT_ROLES = ("content",)
"""A task table must have one of these columns …"""
DETAIL_ROLES = (
    "lead",
    "partners",
    "lead_and_partners",
    "focal_units",
    "timeframe",
    "deadline",
    "outputs",
)
"""… and at least one of these (TTHC lists and numeric annexes have neither). The same
roles are the task details a prose label ("Cơ quan chủ trì:") may set."""

BODY_ROLES = ("lead", "partners", "focal_units")

ROMAN_NUMERAL = re.compile(
    r"^(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$"
)
"""A whole Roman numeral ("IV", "XII"): section numbers of task tables and prose."""
_SECTION_NO = re.compile(r"^\s*(?P<n>[IVXLC]+|[A-ZĐ])\s*[.)\-–:]?\s*$")
_ARABIC_NO = re.compile(r"^\s*\(?(?P<n>\d{1,3}(?:\.\d{1,3})*)\)?\s*[.)\-–]?\s*$")
_COLUMN_NUMBER = re.compile(r"^\s*\(?\s*(\d{1,2})\s*\)?\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:trang\s*)?\d{1,4}(?:\s*[-–])?\s*$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:[-+•–]\s|[a-zđ]\)\s|\d{1,2}[.)]\s)")
_HEADING_MARK = re.compile(r"^\s*(?:[IVXLC]+|[A-ZĐ])\s*[.)\-–]\s+\S")
_ATTACHED_HYPHEN = re.compile(r"\w[-‐]$")
_LEAD_MARK = re.compile(r"\(\s*chủ\s+trì\s*\)", re.IGNORECASE)


def header_key(text: str) -> str:
    """Comparison key of a header: no diacritics, case, spaces or punctuation.

    >>> header_key("Sản\\nphẩm/Kế\\nt quả")
    'sanphamketqua'
    """
    return re.sub(r"[^a-z0-9]", "", strip_diacritics(text))


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    exact: dict[str, str]
    prefixes: list[tuple[str, str]]


@cache
def _vocabulary() -> _Vocabulary:
    raw = json.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for role, phrases in raw["roles"].items():
        for phrase in phrases.get("exact", []):
            exact.setdefault(header_key(phrase), role)
        for phrase in phrases.get("prefix", []):
            prefixes.append((header_key(phrase), role))
    prefixes.sort(key=lambda p: len(p[0]), reverse=True)
    return _Vocabulary(exact, prefixes)


def column_role(header: str, *, whole: bool = False, ocr: bool = False) -> str | None:
    """Role of a column from its printed header, or ``None`` when it is not in the vocabulary.
    With ``whole`` the text must be a phrase of the vocabulary, not only start with one
    (prose labels: "Phối hợp" is a label, "Phối hợp tuyên truyền …" is a task).

    >>> column_role("Thời gian\\nhoàn thành"), column_role("Đơn vị chủ trì/phối hợp")
    ('deadline', 'lead_and_partners')
    >>> column_role("Ghi chú") is None, column_role("Phối hợp tuyên truyền", whole=True) is None
    (True, True)

    With ``ocr`` (a scanned table's header) a longer phrase read with one letter in
    eight wrong wins over the shorter phrase it extends: "Đơn vị chủ trì/phối\nbụp"
    (a bold "hợp" misread) is "Đơn vị chủ trì/phối hợp", not "Đơn vị chủ trì".

    >>> column_role("Đơn vị chủ trì/phối bụp"), column_role("Đơn vị chủ trì/phối bụp", ocr=True)
    ('lead', 'lead_and_partners')
    """
    key = header_key(header)
    if not key:
        return None
    role = _role_of_key(key, whole)
    words = header.split()
    if role is None and not whole and len(words) > 2 and len(header_key(words[0])) <= 1:
        key = header_key(" ".join(words[1:]))  # OCR speck: "v Tên văn bản"
        role = _role_of_key(key, whole)
    if ocr and not whole:
        role = _nearly_longer(key, role) or role
    return role


MISREAD_LETTERS = 8
"""A misread header may differ from a vocabulary phrase by one letter in this many."""


def _nearly_longer(key: str, role: str | None) -> str | None:
    """The role of the longest vocabulary phrase that the whole ``key`` nearly spells and
    that is longer than the phrase matched exactly (and extends it), if any."""
    vocab = _vocabulary()
    matched = ""
    if key in vocab.exact:
        return None
    for phrase, r in vocab.prefixes:
        if key.startswith(phrase) and r == role:
            matched = phrase
            break
    best: tuple[int, int, str] | None = None
    phrases = [(p, r, False) for p, r in vocab.exact.items()]
    phrases += [(p, r, True) for p, r in vocab.prefixes]
    for phrase, r, is_prefix in phrases:
        if len(phrase) <= len(matched) or not phrase.startswith(matched):
            continue
        allowed = len(phrase) // MISREAD_LETTERS
        head = key[: len(phrase)] if is_prefix else key
        dist = Levenshtein.distance(head, phrase, score_cutoff=allowed)
        if dist <= allowed and (best is None or (len(phrase), -dist) > best[:2]):
            best = (len(phrase), -dist, r)
    return best[2] if best else None


def _role_of_key(key: str, whole: bool) -> str | None:
    vocab = _vocabulary()
    best: tuple[int, int, str] | None = None
    if key in vocab.exact:
        best = (len(key), 1, vocab.exact[key])
    for phrase, role in vocab.prefixes:
        if whole and phrase != key:
            continue
        if key.startswith(phrase) and (best is None or (len(phrase), 0) > best[:2]):
            best = (len(phrase), 0, role)
            break  # prefixes are sorted longest first
    return best[2] if best else None


@dataclass(slots=True)
class Column:
    """One grid column of a task table: its printed header and role (``None`` = extra)."""

    index: int
    header: str
    role: str | None


@dataclass(slots=True)
class Header:
    """Where the header sits in a table (rows ``start`` … ``end - 1``) and its columns."""

    start: int
    end: int
    columns: list[Column]

    def roles(self) -> dict[str, int]:
        return {c.role: c.index for c in self.columns if c.role is not None}

    def is_task_header(self) -> bool:
        roles = self.roles()
        return any(r in roles for r in CONTENT_ROLES) and any(r in roles for r in DETAIL_ROLES)


def _text(cell: Cell | None) -> str:
    return squash_spaces(cell.text) if cell is not None else ""


def _header_columns(
    grid: list[list[Cell | None]], start: int, end: int, n_cols: int, *, ocr: bool = False
) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    for c in range(n_cols):
        texts: list[str] = []
        seen: list[int] = []
        for r in range(start, end):
            cell = grid[r][c]
            if cell is None or id(cell) in seen or not _text(cell):
                continue
            seen.append(id(cell))
            texts.append(_text(cell))
        header = " / ".join(texts)
        role: str | None = None
        for candidate in [texts[-1], " ".join(texts), texts[0]] if texts else []:
            role = column_role(candidate, ocr=ocr)
            if role is not None:
                break
        if role is not None and role in taken:
            role = None  # a second column with the same role is kept in extra
        if role is not None:
            taken.add(role)
        columns.append(Column(c, header, role))
    return columns


def _row_is_header_like(row: list[Cell | None]) -> bool:
    texts = [_text(c) for c in row if c is not None and _text(c)]
    return bool(texts) and all(column_role(t) is not None for t in texts)


def read_header(table: Table, *, max_start: int = 3) -> Header | None:
    """The header of a task table: the first of the top rows whose columns name a content
    column and a detail column. Two-row headers (merged cells, or a second row naming
    sub-columns such as "Chủ trì" / "Phối hợp") are read as one."""
    grid = table.grid()
    for start in range(min(max_start, table.n_rows)):
        row = grid[start]
        span = max((c.row + c.row_span - start for c in row if c is not None), default=1)
        end = min(max(start + 1, span), table.n_rows)
        if end < table.n_rows and _row_is_header_like(grid[end]) and end - start < 3:
            end += 1
        columns = _header_columns(grid, start, end, table.n_cols, ocr=table.finder == "ocr")
        header = Header(start, end, columns)
        if header.is_task_header():
            return header
    return None


def is_column_number_row(row: list[Cell | None]) -> bool:
    """ "(1) (2) (3) …" or "1 2 3 …" under a header: column numbers, not data."""
    values: list[int] = []
    seen: set[int] = set()
    for cell in row:
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        text = _text(cell)
        if not text:
            continue
        m = _COLUMN_NUMBER.match(text)
        if not m:
            return False
        values.append(int(m.group(1)))
    return len(values) >= 3 and values == list(range(values[0], values[0] + len(values)))


# -- stitching ------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One data row of a stitched table: the grid row's cells, its page and box."""

    cells: list[Cell | None]
    page: int
    bbox: BBox | None
    part: int
    first_of_part: bool
    no_raw: str | None = None
    """The Stt cell as OCR read it, when the number was repaired (:func:`_repair_ocr_numbers`)."""


@dataclass(slots=True)
class TaskTable:
    """A task table, stitched across pages: ``index`` counts task tables in the document."""

    index: int
    header: Header
    parts: list[Table]
    rows: list[Row] = field(default_factory=list)


def _x_edges(table: Table) -> tuple[float, float] | None:
    return (table.bbox[0], table.bbox[2]) if table.bbox is not None else None


def _compatible(prev: Table, nxt: Table, header: Header) -> bool:
    if nxt.n_cols != prev.n_cols or (nxt.borderless and not prev.borderless):
        return False
    a, b = _x_edges(prev), _x_edges(nxt)
    if a is not None and b is not None and not _same_columns(prev, nxt, a, b):
        return False
    own = read_header(nxt)
    return own is None or _repeats_header(own, header, ocr=nxt.finder == "ocr")


def _repeats_header(own: Header, header: Header, *, ocr: bool) -> bool:
    """The continuation's own header row is the first part's header repeated. On a scan a
    misread header cell ("Cơ quân phốhợẹp") has no role: it may stand for any role, as
    long as no column changes to another one."""
    mine = [c.role for c in own.columns]
    theirs = [c.role for c in header.columns]
    if not ocr:
        return mine == theirs
    return len(mine) == len(theirs) and all(
        a is None or a == b for a, b in zip(mine, theirs, strict=True)
    )


def _same_columns(prev: Table, nxt: Table, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Both parts span the same x-range (within 20 pt). Scanned pages shift by more than
    that from page to page, so two OCR parts only need the same width (within 3%)."""
    if abs(a[0] - b[0]) <= 20 and abs(a[1] - b[1]) <= 20:
        return True
    if prev.finder == "ocr" and nxt.finder == "ocr":
        wa, wb = a[1] - a[0], b[1] - b[0]
        return abs(wa - wb) <= 0.03 * max(wa, wb)
    return False


def _trivial(item: Block | Table) -> bool:
    """Items that may sit between two parts of one table: page numbers, and blocks with no
    letter or digit (empty, or an OCR speck such as "\\" or "'" off a scanned margin)."""
    return isinstance(item, Block) and (
        not any(ch.isalnum() for ch in item.text) or bool(_PAGE_NUMBER.match(item.text))
    )


def _data_rows(table: Table, start: int, part: int) -> list[Row]:
    grid = table.grid()
    rows: list[Row] = []
    first = True
    for r in range(start, table.n_rows):
        cells = grid[r]
        if first and is_column_number_row(cells):
            continue
        box = table.row_bboxes[r] if r < len(table.row_bboxes) else None
        if box is None:
            box = union([c.bbox for c in cells if c is not None and c.row == r and c.bbox])
        rows.append(Row(cells, table.page, box, part, first))
        first = False
    return rows


def find_task_tables(layout: LayoutDocument) -> list[TaskTable]:
    """Task tables in reading order, each stitched with its continuations on later pages.

    A part continues the previous one when nothing but page numbers lies between them,
    it has the same column count (and x-extent within 20 pt when boxes are known), and
    it has either no header or the same header (which is then skipped).
    """
    items = [it for _, it in layout.items()]
    out: list[TaskTable] = []
    i = 0
    while i < len(items):
        item = items[i]
        header = read_header(item) if isinstance(item, Table) else None
        if not isinstance(item, Table) or header is None:
            i += 1
            continue
        tt = TaskTable(len(out), header, [item])
        tt.rows.extend(_data_rows(item, header.end, 0))
        j = i + 1
        while j < len(items):
            k = j
            while k < len(items) and _trivial(items[k]):
                k += 1
            nxt = items[k] if k < len(items) else None
            prev = tt.parts[-1]
            if not (
                isinstance(nxt, Table)
                and nxt.page in (prev.page, prev.page + 1)
                and _compatible(prev, nxt, header)
            ):
                break
            own = read_header(nxt)
            tt.parts.append(nxt)
            tt.rows.extend(_data_rows(nxt, own.end if own else 0, len(tt.parts) - 1))
            j = k + 1
        out.append(tt)
        i = j
    return out


# -- rows → tasks ---------------------------------------------------------------------------


def cell_text(text: str) -> str:
    """A cell's printed text with layout line breaks joined by one space; a line that
    starts with a list marker keeps its break.

    >>> cell_text("Ban Tuyên giáo và\\nDân vận Tỉnh ủy")
    'Ban Tuyên giáo và Dân vận Tỉnh ủy'
    >>> cell_text("Tuyên truyền:\\n- Hội nghị")
    'Tuyên truyền:\\n- Hội nghị'
    >>> cell_text("Phòng Tuyên truyền, Báo chí-\\nXuất bản")
    'Phòng Tuyên truyền, Báo chí-Xuất bản'
    """
    out = ""
    for line in text.split("\n"):
        line = squash_spaces(line)
        if not line:
            continue
        if not out:
            out = line
        elif _LIST_MARKER.match(line):
            out += "\n" + line
        else:
            out = join_wrapped(out, line)
    return out


def join_wrapped(before: str, after: str) -> str:
    """Two pieces of one text cut by layout: one space between them, none after a hyphen
    attached to its word ("Báo chí-" + "Xuất bản" → "Báo chí-Xuất bản").

    >>> join_wrapped("tuyên giáo,", "dân vận")
    'tuyên giáo, dân vận'
    """
    if _ATTACHED_HYPHEN.search(before):
        return before + after
    return f"{before} {after}"


def split_outputs(text: str) -> list[str]:
    """Outputs are split on ";" only (a comma stays inside one output).

    >>> split_outputs("Kế hoạch tuyên truyền; tin, bài, tài liệu tuyên truyền")
    ['Kế hoạch tuyên truyền', 'tin, bài, tài liệu tuyên truyền']
    """
    parts = (squash_spaces(p).strip().rstrip(".").strip() for p in text.split(";"))
    return [p for p in parts if p]


def split_lead_and_partners(text: str) -> tuple[list[str], list[str]]:
    """One cell for both: see the module's conventions.

    >>> split_lead_and_partners("Phòng Đào tạo/Các khoa, Phòng Tài chính")
    (['Phòng Đào tạo'], ['Các khoa', 'Phòng Tài chính'])
    >>> split_lead_and_partners("Phòng Đào tạo; Các khoa")
    (['Phòng Đào tạo'], ['Các khoa'])
    """
    bodies = split_bodies(text)
    marked = [b for b in bodies if _LEAD_MARK.search(b)]
    if marked:
        return marked, [b for b in bodies if b not in marked]
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "/" and depth == 0:
            return split_bodies(text[:i]), split_bodies(text[i + 1 :])
    return bodies[:1], bodies[1:]


@dataclass(slots=True)
class _Draft:
    """A task being assembled from one row plus its continuation rows."""

    row: Row
    texts: dict[int, str]
    anchors: dict[int, int]
    pages: list[int]
    group: str | None
    cells: dict[int, list[tuple[int, Cell]]] = field(default_factory=dict)
    """Column → (page, cell) of every cell read into it (for the confidence)."""
    ocr: bool = False


def _anchor_texts(row: Row) -> tuple[dict[int, str], dict[int, int]]:
    texts: dict[int, str] = {}
    anchors: dict[int, int] = {}
    for c, cell in enumerate(row.cells):
        if cell is None:
            continue
        texts[c] = cell_text(cell.text)
        anchors[c] = id(cell)
    return texts, anchors


def _distinct_filled(row: Row) -> list[tuple[int, Cell]]:
    out: list[tuple[int, Cell]] = []
    seen: set[int] = set()
    for c, cell in enumerate(row.cells):
        if cell is None or id(cell) in seen or not _text(cell):
            continue
        seen.add(id(cell))
        out.append((c, cell))
    return out


def _is_upper_heading(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _section_heading(row: Row, roles: dict[str, int], prev_row: Row | None) -> str | None:
    """The heading a section row states, or ``None`` for an ordinary row."""
    filled = _distinct_filled(row)
    if not filled:
        return None
    no_col, content_col = roles.get("no"), roles.get("content")
    if len(filled) == 1:
        c, cell = filled[0]
        text = cell_text(cell.text)
        spans_row = cell.col_span >= 2 or (row.cells.count(cell) >= 2)
        vertical = prev_row is not None and c < len(prev_row.cells) and prev_row.cells[c] is cell
        if vertical:
            return None
        if spans_row or _HEADING_MARK.match(text) or _is_upper_heading(text) or cell.bold:
            return text
        if c == no_col and _SECTION_NO.match(text):
            return text
        return None
    cols = {c for c, _ in filled}
    if no_col is None or content_col is None or not {no_col, content_col} <= cols:
        return None
    if any(
        _text(row.cells[roles[r]]) for r in ("lead", "partners", "lead_and_partners") if r in roles
    ):
        return None
    no_text = _text(row.cells[no_col])
    m = _SECTION_NO.match(no_text)
    if m and (ROMAN_NUMERAL.match(m.group("n")) or len(m.group("n")) == 1):
        heading = cell_text(row.cells[content_col].text)  # type: ignore[union-attr]
        sep = " " if no_text.rstrip()[-1:] in ".)-–:" else ". "
        return f"{no_text.strip()}{sep}{heading}"
    return None


def _is_sub_heading(row: Row, nxt: Row | None, roles: dict[str, int]) -> bool:
    """An arabic-numbered row ("1") with only a title, whose next row is numbered under it
    ("1.1"): a group heading inside a section, not a task."""
    no_col, content_col = roles.get("no"), roles.get("content")
    if no_col is None or content_col is None or nxt is None:
        return False
    filled = {c for c, _ in _distinct_filled(row)}
    if filled != {no_col, content_col}:
        return False
    no_text, next_no = _text(row.cells[no_col]).rstrip(". "), _text(nxt.cells[no_col])
    return bool(no_text) and next_no.startswith(no_text + ".")


def _is_continuation(row: Row, prev: _Draft | None, roles: dict[str, int]) -> bool:
    """An empty Stt cell continuing the row above: the first row of a part on a new page,
    or, inside one part, a row that leaves empty some cell the row above had filled."""
    no_col = roles.get("no")
    if prev is None or no_col is None or not prev.texts.get(no_col):
        return False  # only a numbered table shows a continuation by an empty Stt cell
    cell = row.cells[no_col]
    if cell is not None and (_text(cell) or id(cell) == prev.anchors.get(no_col)):
        return False
    filled = _distinct_filled(row)
    if not filled:
        return False
    if row.first_of_part and row.part > 0:
        return True
    content_col = roles.get("content")
    if content_col is not None and _LIST_MARKER.match(_text(row.cells[content_col])):
        return False
    return any(
        prev.texts.get(c) and not _text(row.cells[c]) and c != no_col for c in range(len(row.cells))
    )


def _numbering_warnings(tasks: list[Task], shared: list[bool], table_index: int) -> list[Warning]:
    """Gaps (1, 2, 4) and repeats (3, 3) among numbers under one parent and group;
    ``shared`` marks tasks whose Stt cell is the previous task's merged cell."""
    warnings: list[Warning] = []
    last: dict[tuple[str | None, str], int] = {}
    for t, same_cell in zip(tasks, shared, strict=True):
        if t.no is None or same_cell:
            continue
        m = _ARABIC_NO.match(t.no)
        if not m:
            continue
        parts = m.group("n").split(".")
        key = (t.group, ".".join(parts[:-1]))
        n = int(parts[-1])
        seen = last.get(key)
        if seen is not None and n == seen:
            warnings.append(
                Warning(
                    code="numbering_repeat",
                    page=t.page,
                    field=task_ref(t, "no"),
                    message=f"table {table_index}: number {t.no} repeats",
                )
            )
        elif seen is not None and n > seen + 1:
            warnings.append(
                Warning(
                    code="numbering_gap",
                    page=t.page,
                    field=task_ref(t, "no"),
                    message=f"table {table_index}: {t.no} follows {seen}",
                )
            )
        elif seen is not None and n < seen:
            warnings.append(
                Warning(
                    code="numbering_out_of_order",
                    page=t.page,
                    field=task_ref(t, "no"),
                    message=f"table {table_index}: {t.no} follows {seen}",
                )
            )
        last[key] = n
    return warnings


_TASK_REF = re.compile(r"tasks\[@(\d+)\]")


def task_ref(task: Task, field: str) -> str:
    """A provisional ``Warning.field`` for a task that has no ``id`` yet:
    :func:`resolve_task_refs` turns it into ``tasks[id=T1.5].lead`` once ids are set."""
    return f"tasks[@{id(task)}].{field}"


def resolve_task_refs(warnings: list[Warning], tasks: list[Task]) -> None:
    """Provisional task references → the corrections path syntax (``tasks[id=…].field``):
    a reviewer's correction file can name the same field."""
    by_ref = {id(t): t for t in tasks}
    for w in warnings:
        if w.field and w.field.startswith("tasks[@"):
            m = _TASK_REF.match(w.field)
            task = by_ref.get(int(m.group(1))) if m else None
            if m is not None and task is not None and task.id:
                w.field = f"tasks[id={task.id}]" + w.field[m.end() :]
            elif m is not None:
                w.field = "tasks" + w.field[m.end() :]


def _to_task(d: _Draft, tt: TaskTable, doc_year: int | None) -> tuple[Task, list[Warning]]:
    cols = tt.header.columns
    roles = tt.header.roles()
    warnings: list[Warning] = []
    page = d.pages[0]

    def text(role: str) -> str:
        c = roles.get(role)
        return d.texts.get(c, "") if c is not None else ""

    lead = split_bodies(text("lead"))
    partners = split_bodies(text("partners"))
    if "lead_and_partners" in roles:
        more_lead, more_partners = split_lead_and_partners(text("lead_and_partners"))
        lead, partners = lead + more_lead, partners + more_partners
    extra = {
        c.header or f"column {c.index + 1}": d.texts[c.index]
        for c in cols
        if c.role is None and d.texts.get(c.index)
    }
    group = text("group") or d.group
    timeframe = text("timeframe")
    deadline = text("deadline")
    task = Task(
        no=text("no") or None,
        group=group or None,
        content=text("content"),
        timeframe=parse_timeframe(timeframe, year=doc_year) if timeframe else None,
        deadline=parse_timeframe(deadline, year=doc_year) if deadline else None,
        lead=lead,
        partners=partners,
        focal_units=split_bodies(text("focal_units")),
        outputs=split_outputs(text("outputs")),
        extra=extra,
        page=page,
        pages=d.pages,
        bbox=d.row.bbox,
        source="table",
        table=tt.index,
    )
    task.confidence = _cell_confidences(d, roles)
    if d.row.no_raw is not None:
        task.no_raw = d.row.no_raw
        warnings.append(
            Warning(
                code="ocr_number_repaired",
                page=page,
                field=task_ref(task, "no"),
                message=f"table {tt.index}: Stt read {d.row.no_raw!r} by OCR, repaired to "
                f"{task.no!r} from the numbering around it",
            )
        )
    if ("lead" in roles or "lead_and_partners" in roles) and not task.lead:
        warnings.append(
            Warning(
                code="empty_lead",
                page=page,
                field=task_ref(task, "lead"),
                message=f"table {tt.index}, task {task.no}: lead cell is empty",
            )
        )
    filled = [(c.role, d.texts.get(c.index, "")) for c in cols if c.role not in (None, "no")]
    for i, (role_a, text_a) in enumerate(filled):
        for role_b, text_b in filled[i + 1 :]:
            if text_a and header_key(text_a) == header_key(text_b):
                warnings.append(
                    Warning(
                        code="cell_repeats_column",
                        page=page,
                        field=task_ref(task, role_b),
                        message=f"table {tt.index}, task {task.no}: {role_b} repeats {role_a}: "
                        f"{text_b!r}",
                    )
                )
    return task, warnings


TEXT_ROLES = frozenset({"content", "outputs"})
"""Columns of running text (judged by similarity): mean confidence; the others
(numbers, bodies, timeframes) are tokens: their weakest word."""


def _cell_confidences(d: _Draft, roles: dict[str, int]) -> Confidences:
    """Column role → how sure the cells read into it are (``vanban.parsers.confidence``)."""
    out: Confidences = {}
    for role, col in roles.items():
        cells = [(p, c) for p, c in d.cells.get(col, []) if c.text.strip()]
        if not cells:
            continue
        words = cell_words(cells)
        if role in TEXT_ROLES:
            out[role] = text_confidence(words, ocr=d.ocr)
        else:
            out[role] = token_confidence(
                words, ocr=d.ocr, digits_only=role in ("no", "timeframe", "deadline")
            )
    return out


def _repair_ocr_numbers(tt: TaskTable, no_col: int | None) -> list[Row]:
    """The rows, with Stt cells of scanned parts that OCR misread repaired from the
    numbering around them (:func:`vanban.parsers.row_numbers.repair_numbers`). The layout is
    not touched: a repaired row gets a copy of its cell and keeps the reading in
    ``no_raw``. Typed parts are never changed (a printed number is what it is)."""
    if no_col is None or not any(p.finder == "ocr" for p in tt.parts):
        return tt.rows
    texts: list[str | None] = []
    above: Cell | None = None
    for row in tt.rows:
        cell = row.cells[no_col]
        own = cell is not None and cell is not above and not is_column_number_row(row.cells)
        texts.append(_text(cell) if own else None)
        above = cell
    rows: list[Row] = []
    for row, read, fixed in zip(tt.rows, texts, repair_numbers(texts), strict=True):
        cell = row.cells[no_col]
        if fixed == read or cell is None or tt.parts[row.part].finder != "ocr":
            rows.append(row)
            continue
        copy = cell.model_copy(update={"text": fixed})
        cells = [copy if c is cell else c for c in row.cells]
        rows.append(replace(row, cells=cells, no_raw=read))
    return rows


def table_task_ids(tasks: list[Task]) -> None:
    """Ids of table tasks: "T" + the table's number (1-based) + "." + Stt; rows sharing a
    merged Stt cell take "#2", "#3" …; rows without Stt their position in the table ("T1.r7").

    >>> ts = [Task(no="1", content="a", table=0), Task(no="1", content="b", table=0)]
    >>> table_task_ids(ts); [t.id for t in ts]
    ['T1.1', 'T1.1#2']
    """
    seen: dict[str, int] = {}
    for i, t in enumerate(tasks):
        table = (t.table or 0) + 1
        no = "".join((t.no or "").split()).rstrip(".")
        base = f"T{table}.{no}" if no else f"T{table}.r{i + 1}"
        seen[base] = seen.get(base, 0) + 1
        t.id = base if seen[base] == 1 else f"{base}#{seen[base]}"


def table_tasks(tt: TaskTable, *, doc_year: int | None = None) -> tuple[list[Task], list[Warning]]:
    """One task per data row of a stitched task table (see the module's conventions)."""
    roles = tt.header.roles()
    drafts: list[_Draft] = []
    section: str | None = None
    sub_heading: str | None = None
    prev_row: Row | None = None
    table_rows = _repair_ocr_numbers(tt, roles.get("no"))
    for i, row in enumerate(table_rows):
        nxt = table_rows[i + 1] if i + 1 < len(table_rows) else None
        prev = drafts[-1] if drafts else None
        if is_column_number_row(row.cells) or not _distinct_filled(row):
            prev_row = row
            continue
        if _is_continuation(row, prev, roles) and prev is not None:
            for c, cell in enumerate(row.cells):
                if cell is None or id(cell) == prev.anchors.get(c):
                    continue
                add = cell_text(cell.text)
                prev.cells.setdefault(c, []).append((row.page, cell))
                prev.ocr = prev.ocr or tt.parts[row.part].finder == "ocr"
                if add:
                    old = prev.texts.get(c, "")
                    prev.texts[c] = join_wrapped(old, add) if old else add
                prev.anchors[c] = id(cell)
            if row.page not in prev.pages:
                prev.pages.append(row.page)
            prev_row = row
            continue
        heading = _section_heading(row, roles, prev_row)
        if heading is not None:
            section, sub_heading = heading, None
            prev_row = row
            continue
        if _is_sub_heading(row, nxt, roles):
            no_text = _text(row.cells[roles["no"]])
            title = cell_text(row.cells[roles["content"]].text)  # type: ignore[union-attr]
            sep = " " if no_text.rstrip()[-1:] in ".)-–:" else ". "
            sub_heading = f"{no_text}{sep}{title}"
            prev_row = row
            continue
        texts, anchors = _anchor_texts(row)
        cells = {c: [(row.page, cell)] for c, cell in enumerate(row.cells) if cell is not None}
        ocr = tt.parts[row.part].finder == "ocr"
        drafts.append(_Draft(row, texts, anchors, [row.page], sub_heading or section, cells, ocr))
        prev_row = row
    tasks: list[Task] = []
    warnings: list[Warning] = []
    shared: list[bool] = []
    no_col = roles.get("no")
    for i, d in enumerate(drafts):
        task, w = _to_task(d, tt, doc_year)
        tasks.append(task)
        warnings.extend(w)
        shared.append(
            i > 0
            and no_col is not None
            and d.anchors.get(no_col) is not None
            and d.anchors.get(no_col) == drafts[i - 1].anchors.get(no_col)
        )
    warnings.extend(_numbering_warnings(tasks, shared, tt.index))
    table_task_ids(tasks)
    resolve_task_refs(warnings, tasks)
    return tasks, warnings
