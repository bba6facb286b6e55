"""The header of a document: issuing body, number, place and date, type, title.

Read from the first items of the document (a borderless two-column table in DOCX
and PDF, plain lines in text and Markdown), line by line:

* left column, capitals, above the number: the issuing body. Lines are joined when
  one continues the other ("ỦY BAN NHÂN DÂN" + "TỈNH SƠN LA"); a line that starts a new
  body under a parent committee ("TỈNH ỦY ĐIỆN BIÊN" above "BAN TUYÊN GIÁO VÀ DÂN VẬN")
  makes the parent ``issuer_parent`` and the lower body the issuer; two bodies of
  equal rank (no parent committee) are both issuers (a joint document);
* "Số:", "Số", "Nghị quyết số:" …: the number (:func:`vanban.parsers.numbers.parse_number`;
  a blank draft number gives ``None`` and the warning ``number_blank``);
* the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh
  phúc", "ĐẢNG CỘNG SẢN VIỆT NAM") and rules ("*", "-----") are skipped;
* "Sơn La, ngày 23 tháng 6 năm 2026": place and date (blank day or month: date
  ``None`` and ``date_blank``; an impossible date: ``invalid_date``; never invented);
* a line of capitals that starts with a type word of ``parsers/data/doc_types.json``
  ("NGHỊ QUYẾT", "CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC"): ``doc_type`` (sentence case) and
  ``doc_type_raw`` (printed); the lines after it, up to the first preamble or body
  line, are the title (joined with single spaces).

Lines before the header block are not read: when the first items hold the national
motto and lines that are not header lines (mixed case, not "Số …") come before it, the
header starts at the issuer lines just above the motto (:func:`header_start`; text
saved from vbpl.vn starts with the site's menu and breadcrumb).

Rules when the header is incomplete (each documented in README "Header"):

* no type line, but "V/v …" under the number: a Công văn; the "V/v" lines are the
  title and ``doc_type`` is "Công văn" when the number has no type code;
* no type line, number with a type code: ``doc_type`` from the code
  ("21-NQ/TU" → "Nghị quyết");
* no issuer lines: a title "giữa X với Y" names the issuers (bodies found by
  :func:`vanban.parsers.agencies.find_agencies` in the title); failing that, the
  organizations of the signature blocks.

>>> from vanban.models.layout import Block, LayoutDocument, Page
>>> doc = LayoutDocument(format="txt", pages=[Page(number=1, items=[
...     Block(page=1, text="Số: 21-NQ/TU"), Block(page=1, text="NGHỊ QUYẾT\\nvề công tác dân vận"),
...     Block(page=1, text="Căn cứ Điều lệ Đảng;")])])
>>> h = parse_header(doc, TextView.build(doc))
>>> (h.doc_type, h.number.canonical, h.title)
('Nghị quyết', '21-NQ/TU', 'về công tác dân vận')
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from vanban.extract.hygiene import squash_spaces, text_key
from vanban.models.document import DocNumber, SourceRef, Warning
from vanban.models.layout import BBox, Block, LayoutDocument, Line, Table
from vanban.parsers.agencies import BODY_STARTS
from vanban.parsers.alternation import longest_first
from vanban.parsers.dates import parse_date
from vanban.parsers.numbers import (
    doc_types,
    parse_number,
    parse_number_template,
    type_name_for_code,
)
from vanban.parsers.textview import ItemSpan, TextView, union

MAX_HEADER_ITEMS = 16
"""The header, type and title lie within the first items of a document."""

MAX_TITLE_LINES = 8

COLUMN_GAP = 20.0
"""Points between two words of one PDF line that make them two columns."""

MOTTO_KEYS: tuple[str, ...] = tuple(
    text_key(m)
    for m in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    )
)

PREAMBLE_STARTS: tuple[str, ...] = (
    "Căn cứ",
    "Thực hiện",
    "Theo đề nghị",
    "Theo",
    "Để",
    "Xét",
    "Kính gửi",
    "Trên cơ sở",
    "Nhằm",
    "Sau khi",
    "Qua",
    "Ngày",
    "Hôm nay",
    "Thi hành",
    "Triển khai thực hiện",
    "Trong những năm",
    "Trong thời gian",
    "Thời gian qua",
    "Nhằm mục đích",
)
"""Words that open a preamble or body paragraph: the title ends before them."""

_PREAMBLE_WORDS_RE = re.compile(r"^(?:" + longest_first(PREAMBLE_STARTS) + r")(?!\w)")
_PREAMBLE_RE = re.compile(
    _PREAMBLE_WORDS_RE.pattern + r"|^(?:[IVXLC]+|\d+(?:\.\d+)*)\s*[.\-)/]\s"
    r"|^(?:Điều|ĐIỀU)\s+\d"
    r"|^(?:PHẦN|Phần|CHƯƠNG)\s+(?:[IVXLC]+|\d+|THỨ)\b"
)
_RULE_AFTER = re.compile(r"(?:\s*[-_=—–*]{3,}[ \t]*(?=\n|$))+")
_APPENDIX_START = re.compile(r"^(?:PHỤ LỤC|PHỤ BIỂU|Phụ lục|DANH MỤC|Biểu)(?!\w)")
_RULE_RE = re.compile(r"^[\s*\-_=—–.…~•+]*$")
_KINH_GUI_RE = re.compile(r"^\s*K[íi]nh\s+g[ửu]i\b", re.IGNORECASE)
_VV_RE = re.compile(r"^\s*(?:V/v|V/V|v/v|Về việc)\b")
_NUMBER_LINE_RE = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,3}?[Ss][ốỐ]\b")
_PLACE_DATE_RE = re.compile(
    r"^\s*(?P<place>[^\W\d_][^,.\n]{0,50}?)\s*[,.]\s*(?=ngày\b|ngày\s|Ngày\b)", re.IGNORECASE
)
"""The place before ", ngày" (a scan may read the comma as a full stop)."""
_DATE_LINE_RE = re.compile(r"\bngày\b", re.IGNORECASE)
_COLUMN_SPLIT = re.compile(r"\t| {3,}")
_LEVEL_START = re.compile(
    r"^(?:TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|VIỆT NAM|TRUNG ƯƠNG|VN"
    r"|QUỐC HỘI|CHÍNH PHỦ|NHÂN DÂN|MẶT TRẬN|NHÀ NƯỚC)(?!\w)"
    r"(?!\s+(?:ỦY|UỶ)\b)"
)
AUTHORITY_LINE_STARTS: tuple[str, ...] = (
    "CHỦ TỊCH",
    "BỘ TRƯỞNG",
    "THỦ TƯỚNG",
    "CHÍNH PHỦ",
    "QUỐC HỘI",
    "ỦY BAN THƯỜNG VỤ",
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
    "HỘI ĐỒNG NHÂN DÂN",
    "ỦY BAN NHÂN DÂN",
    "TỔNG KIỂM TOÁN",
    "CHÁNH ÁN",
    "VIỆN TRƯỞNG",
    "THỐNG ĐỐC",
    "TỔNG CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "GIÁM ĐỐC",
    "BAN BÍ THƯ",
    "BỘ CHÍNH TRỊ",
)
"""A line of capitals starting with these, printed on its own after the title, names the
body or official that decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "ỦY BAN THƯỜNG VỤ QUỐC
HỘI"): the title ends before it."""

_AUTHORITY_KEYS = tuple(text_key(w) for w in AUTHORITY_LINE_STARTS)

_INCOMPLETE_END = re.compile(
    r"(?:\bVÀ|\bVỚI|\bCỦA|\b[ỦU][YỶ] BAN|\bBAN|\bTHÀNH|\bTHỊ|\bHỘI ĐỒNG|,|-|&)\s*$"
)
"""A header line ending like this continues on the next line ("… ỦY BAN" / "MTTQ …")."""

_PARENT_KEYS: tuple[str, ...] = tuple(
    text_key(w)
    for w in (
        "TỈNH ỦY",
        "THÀNH ỦY",
        "HUYỆN ỦY",
        "QUẬN ỦY",
        "THỊ ỦY",
        "ĐẢNG ỦY",
        "ĐẢNG BỘ",
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "BAN CHẤP HÀNH",
        "ỦY BAN NHÂN DÂN",
        "UBND",
        "HỘI ĐỒNG NHÂN DÂN",
        "HĐND",
        "BỘ",
        "ĐẢNG ĐOÀN",
        "BAN CÁN SỰ ĐẢNG",
        "ĐOÀN ĐẠI BIỂU QUỐC HỘI",
        "ỦY BAN MẶT TRẬN TỔ QUỐC",
        "ỦY BAN MTTQ",
        "UBMTTQ",
        "TỔNG CỤC",
        "CHÍNH PHỦ",
        "QUỐC HỘI",
    )
)
"""Bodies that stand above a unit in a header ("TỈNH ỦY ĐIỆN BIÊN" over "BAN …")."""

_BODY_START_UPPER = tuple(sorted({s.upper() for s in BODY_STARTS}, key=len, reverse=True)) + (
    "CỤC",
    "VỤ",
    "CHI CỤC",
    "TRƯỜNG",
    "ỦY BAN",
    "UỶ BAN",
)


@dataclass(slots=True)
class TextLine:
    """One printed line of the layout with its place in the text view.

    ``col`` is the table column (or the column of a tab/space-separated part of a
    plain line); ``None`` when the line is not in columns.
    """

    text: str
    start: int
    end: int
    page: int
    bbox: BBox | None
    item: int
    col: int | None = None
    cell: tuple[int, int] | None = None
    bold: bool | None = None
    align: str | None = None


@dataclass
class Header:
    """What :func:`parse_header` found; printed text in ``*_raw``/``title``/``issuers``."""

    doc_type: str | None = None
    doc_type_raw: str | None = None
    number: DocNumber | None = None
    place: str | None = None
    date: str | None = None
    date_raw: str | None = None
    title: str | None = None
    issuers: list[str] = field(default_factory=list)
    issuer_parent: str | None = None
    sources: dict[str, SourceRef] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)
    body_start: int = 0
    scanned_pages: frozenset[int] = frozenset()
    """Pages read by OCR: a blank there is a handwritten field not read, not a draft's gap."""


# -- lines of the layout ---------------------------------------------------------


def _split_columns(line: TextLine) -> list[TextLine]:
    """A plain line printed as two columns ("ỦY BAN …      CỘNG HÒA …") → two lines."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^\t]+?(?=\t| {3,}|$)", line.text)]
    parts = [(a, b) for a, b in parts if line.text[a:b].strip()]
    if len(parts) < 2 or not _COLUMN_SPLIT.search(line.text.strip()):
        return [line]
    out = []
    for col, (a, b) in enumerate(parts):
        raw = line.text[a:b]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        s = line.start + a + lead
        out.append(
            TextLine(
                text, s, s + len(text), line.page, None, line.item, col, None, line.bold, line.align
            )
        )
    return out


_PIECE_SPLIT = re.compile(
    r"\s*[-_=—–*]{3,}\s*"
    r"|(?<=\S)\s+(?=CỘNG H[ÒO]A XÃ H[ỘO]I CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM)"
    r"|(?<=\w)\s+(?=V/[vV]\s)"
)


def split_pieces(line: TextLine) -> list[TextLine]:
    """A line that joins several printed lines (Markdown cells, flattened tables) →
    its pieces: cut at rules ("--------"), before the motto and before "V/v".

    >>> [p.text for p in split_pieces(TextLine("CHÍNH PHỦ -------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0, 52, 1, None, 0))]
    ['CHÍNH PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']
    """
    cuts = [(m.start(), m.end()) for m in _PIECE_SPLIT.finditer(line.text)]
    if not cuts:
        return [line]
    out: list[TextLine] = []
    pos = 0
    for a, b in [*cuts, (len(line.text), len(line.text))]:
        piece = sub_line(line, pos, a)
        if piece is not None:
            out.append(piece)
        pos = b
    return out or [line]


def sub_line(line: TextLine, a: int, b: int) -> TextLine | None:
    """Characters ``a:b`` of ``line``, stripped, as a line of their own (same page, box,
    cell and style); ``None`` when they are blank.

    >>> sub_line(TextLine("TM. BAN CHẤP HÀNH  Bí thư", 10, 35, 1, None, 0), 18, 25).text
    'Bí thư'
    """
    raw = line.text[a:b]
    if not raw.strip():
        return None
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = line.start + a + lead
    return TextLine(
        text,
        start,
        start + len(text),
        line.page,
        line.bbox,
        line.item,
        line.col,
        line.cell,
        line.bold,
        line.align,
    )


def _split_by_gaps(line: TextLine, seg_line: Line | None) -> list[TextLine]:
    """A PDF line whose words leave a wide horizontal gap (two columns printed on one
    baseline: "BAN THƯỜNG TRỰC ỦY BAN      CỘNG HÒA XÃ HỘI …") → one line per column;
    each piece gets the column number and the union of its word boxes."""
    if (
        seg_line is None
        or not seg_line.words
        or " ".join(w.text for w in seg_line.words) != line.text
    ):
        return [line]
    words = seg_line.words
    if any(w.bbox is None for w in words):
        return [line]
    groups: list[list[int]] = [[0]]
    for i in range(1, len(words)):
        prev, cur = words[i - 1].bbox, words[i].bbox
        assert prev is not None and cur is not None
        if cur[0] - prev[2] >= COLUMN_GAP:
            groups.append([i])
        else:
            groups[-1].append(i)
    if len(groups) == 1:
        return [line]
    offsets = []
    pos = line.start
    for w in words:
        offsets.append(pos)
        pos += len(w.text) + 1
    out = []
    for col, group in enumerate(groups):
        start = offsets[group[0]]
        end = offsets[group[-1]] + len(words[group[-1]].text)
        boxes = [b for i in group if (b := words[i].bbox) is not None]
        out.append(
            TextLine(
                line.text[start - line.start : end - line.start],
                start,
                end,
                line.page,
                union(boxes),
                line.item,
                col,
                None,
                line.bold,
                line.align,
            )
        )
    return out


def _col_from_geometry(line: TextLine, width: float | None) -> TextLine:
    """Column of a line from its box on the page: left half 0, right half 1."""
    if width is None or line.bbox is None or line.cell is not None:
        return line
    x0, _, x1, _ = line.bbox
    mid = width / 2
    col = 1 if x0 >= mid - 10 else 0 if x1 <= mid + 10 else None
    return TextLine(
        line.text,
        line.start,
        line.end,
        line.page,
        line.bbox,
        line.item,
        col,
        None,
        line.bold,
        line.align,
    )


def item_lines(
    view: TextView, span: ItemSpan, page_widths: dict[int, float] | None = None
) -> list[TextLine]:
    """The printed lines of one item, each with its span in ``view.text``.

    A table cell's lines are located inside the cell's flattened text (the text view
    joins a cell's lines with spaces). Lines outside tables are cut into columns: by
    wide gaps between word boxes (PDF), by tabs or runs of spaces (text); with
    ``page_widths`` a boxed line's column is the half of the page it lies in.
    """
    out: list[TextLine] = []
    item = span.item
    width = (page_widths or {}).get(span.page)
    for seg in view.segments:
        if seg.item != span.index:
            continue
        if seg.cell is None:
            style = item.style if isinstance(item, Block) else None
            pos = seg.start
            for raw in view.text[seg.start : seg.end].split("\n"):
                line = TextLine(
                    raw,
                    pos,
                    pos + len(raw),
                    seg.page,
                    seg.bbox,
                    span.index,
                    None,
                    None,
                    style.bold if style else None,
                    style.align if style else None,
                )
                pos += len(raw) + 1
                parts = _split_by_gaps(line, seg.line)
                if len(parts) == 1:
                    parts = _split_columns(parts[0])
                for part in parts:
                    for piece in split_pieces(part):
                        out.append(_col_from_geometry(piece, width) if part.col is None else piece)
            continue
        cell = seg.cell
        flat = view.text[seg.start : seg.end]
        pos = 0
        cell_lines = [ln for ln in cell.text.split("\n") if ln.strip()]
        boxes = [ln.bbox for ln in cell.lines] if len(cell.lines) == len(cell_lines) else []
        n_cols = item.n_cols if isinstance(item, Table) else 1
        for i, raw in enumerate(cell_lines):
            text = squash_spaces(raw)
            at = flat.find(text, pos)
            if at < 0:
                continue
            pos = at + len(text)
            bbox = boxes[i] if boxes else None
            if bbox is None:
                _, bbox = view.locate(seg.start + at, seg.start + pos)
            out.extend(
                split_pieces(
                    TextLine(
                        text,
                        seg.start + at,
                        seg.start + pos,
                        seg.page,
                        bbox,
                        span.index,
                        cell.col if n_cols > 1 else None,
                        (cell.row, cell.col),
                        cell.bold,
                        None,
                    )
                )
            )
    return out


def source_of(lines: list[TextLine]) -> SourceRef:
    """Page, box and span covering ``lines`` (all on the first line's page)."""
    page = lines[0].page
    boxes = [ln.bbox for ln in lines if ln.bbox is not None and ln.page == page]
    return SourceRef(page=page, bbox=union(boxes), span=(lines[0].start, lines[-1].end))


# -- line kinds ------------------------------------------------------------------


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_motto(text: str) -> bool:
    key = text_key(text)
    if not key:
        return False
    # Whole, or cut by a column break ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM").
    return any(
        key.startswith(m) or (len(key.split()) >= 4 and m.startswith(key)) for m in MOTTO_KEYS
    )


def _is_rule(text: str) -> bool:
    return bool(_RULE_RE.match(text))


def _type_word_keys() -> list[str]:
    """text_key of every type word of doc_types.json, longest first."""
    return sorted({text_key(w) for t in doc_types() for w in t["words"]}, key=len, reverse=True)


_TYPE_WORDS: list[str] = []


def match_type_line(text: str) -> tuple[str, str, str] | None:
    """A type line: (type in sentence case, printed type words, printed rest) or ``None``.

    The type words are the longest type word of doc_types.json the line starts with.

    >>> match_type_line("CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC")
    ('Chương trình phối hợp công tác', 'CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC', '')
    >>> match_type_line("QUYẾT ĐỊNH:") is None
    True
    """
    stripped = text.strip()
    if not _is_upper(stripped) or stripped.endswith(":"):
        return None
    if not _TYPE_WORDS:
        _TYPE_WORDS.extend(_type_word_keys())
    key = text_key(stripped)
    for word_key in _TYPE_WORDS:
        if key == word_key or key.startswith(word_key + " "):
            n = len(word_key.split())
            words = stripped.split()
            printed = " ".join(words[:n])
            return sentence_case(printed), printed, " ".join(words[n:])
    return None


def sentence_case(printed: str) -> str:
    """'CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC' → 'Chương trình phối hợp công tác'."""
    lower = printed.lower()
    return lower[:1].upper() + lower[1:]


def _starts_body(text: str) -> bool:
    t = text.strip().upper()
    return any(t == s or t.startswith(s + " ") for s in _BODY_START_UPPER)


def _is_parent(text: str) -> bool:
    key = text_key(text)
    return any(key == p or key.startswith(p + " ") for p in _PARENT_KEYS)


def group_issuer_lines(lines: list[str]) -> list[str]:
    """Issuer lines of a header → bodies (each printed lines joined by a space).

    >>> group_issuer_lines(["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA"])
    ['ỦY BAN NHÂN DÂN TỈNH SƠN LA']
    >>> group_issuer_lines(["TỈNH ỦY ĐIỆN BIÊN", "BAN TUYÊN GIÁO VÀ DÂN VẬN"])
    ['TỈNH ỦY ĐIỆN BIÊN', 'BAN TUYÊN GIÁO VÀ DÂN VẬN']
    """
    groups: list[list[str]] = []
    for line in lines:
        prev = groups[-1][-1] if groups else ""
        continues = (
            not groups
            or _LEVEL_START.match(line)
            or _INCOMPLETE_END.search(prev)
            or not _starts_body(line)
        )
        if groups and continues:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(g) for g in groups]


# -- the parser ------------------------------------------------------------------


_SO_LINE = re.compile(r"^\s*[Ss][ốỐ]\b")


def _header_like(text: str) -> bool:
    """A line of a header block: capitals, a rule, "*", "|", "Số: …", or nothing."""
    t = text.strip()
    return (
        not any(ch.isalpha() for ch in t)
        or _is_upper(t)
        or _is_rule(t)
        or _is_motto(t)
        or _SO_LINE.match(t) is not None
    )


def header_start(lines: Iterable[TextLine]) -> int:
    """Offset where the header block starts: 0, or, when lines that are not header lines
    come before the national motto, the first of the header lines (issuers, rules,
    "Số: …") just above the motto (0 too when no header line is just above it). Text saved from a web page (vbpl.vn) starts with the
    site's menu and breadcrumb ("Trang chủ", "Thông tư số 06/2026/TT-BXD Công bố …",
    "VĂN BẢN PHÁP LUẬT TRUNG ƯƠNG"): that is not the header.
    """
    seen: list[TextLine] = []
    for ln in lines:
        if _is_motto(ln.text.strip()):
            k = len(seen)
            while k > 0 and _header_like(seen[k - 1].text):
                k -= 1
            return seen[k].start if 0 < k < len(seen) else 0
        seen.append(ln)
    return 0


def _header_items(view: TextView) -> list[ItemSpan]:
    out: list[ItemSpan] = []
    for span in view.items[:MAX_HEADER_ITEMS]:
        item = span.item
        if isinstance(item, Table) and not item.borderless and item.n_cols > 2 and out:
            break
        out.append(span)
    return out


def _warn(header: Header, code: str, message: str, page: int | None, field_name: str) -> None:
    header.warnings.append(Warning(code=code, message=message, page=page, field=field_name))


def _take_number(header: Header, line: TextLine) -> bool:
    number = parse_number(line.text)
    if number is not None:
        at = line.text.find(number.raw)
        start = line.start + max(at, 0)
        number = number.model_copy(
            update={"page": line.page, "bbox": line.bbox, "span": (start, start + len(number.raw))}
        )
        header.number = number
        header.sources["number"] = SourceRef(page=line.page, bbox=line.bbox, span=number.span)
        return True
    template = parse_number_template(line.text)
    if template is not None or re.match(
        r"^\s*(?:[^\W\d_]+\s+){0,3}?[Ss]ố\s*:?[\s.…_/]*$", line.text
    ):
        header.sources["number"] = SourceRef(
            page=line.page, bbox=line.bbox, span=(line.start, line.end)
        )
        if line.page in header.scanned_pages:
            code, what = "number_unreadable", "the number was not read (handwritten?)"
        else:
            code, what = "number_blank", "the number is left blank"
        _warn(header, code, f"{what}: {line.text.strip()!r}", line.page, "number")
        return True
    return False


_CODE_ONLY = re.compile(r"[/\-]?[A-ZĐ][A-ZĐa-z]{0,7}(?:[-/][A-ZĐ][A-ZĐa-z]{0,9})+")


def _take_code_only(header: Header, line: TextLine) -> bool:
    """A scanned header line that is only a number's codes ("TB-VPCP" under "VĂN PHÒNG
    CHÍNH PHỦ": a stamp crossed out "Số: 153/"): the number line whose serial OCR lost,
    not a line of the issuer's name. The number is null with ``number_unreadable``."""
    text = line.text.strip()
    if not _CODE_ONLY.fullmatch(text):
        return False
    if parse_number_template("Số: …/" + text.lstrip("/-")) is None:
        return False
    header.sources["number"] = SourceRef(
        page=line.page, bbox=line.bbox, span=(line.start, line.end)
    )
    _warn(
        header,
        "number_unreadable",
        f"the number's serial was not read, only its codes: {text!r}",
        line.page,
        "number",
    )
    return True


def _take_place(header: Header, line: TextLine, m: re.Match[str]) -> None:
    """The place of a :data:`_PLACE_DATE_RE` match, with its span in the text view."""
    place = m.group("place").strip()
    p_start = line.start + m.start("place")
    header.place = place
    header.sources["place"] = SourceRef(
        page=line.page, bbox=line.bbox, span=(p_start, p_start + len(place))
    )


def _take_place_date(header: Header, line: TextLine) -> bool:
    if not _DATE_LINE_RE.search(line.text):
        return False
    d = parse_date(line.text)
    if d is None or not (d.full or d.blank):
        return _take_unreadable_date(header, line)
    m = _PLACE_DATE_RE.match(line.text)
    alone = re.match(r"^\s*[Nn]gày\b", line.text) and len(line.text.strip()) <= 45
    if m is None and not alone:
        return False  # a date inside a sentence is not the document's date
    if m is not None:
        _take_place(header, line, m)
    header.date_raw = d.raw
    header.date = d.iso
    header.sources["date"] = SourceRef(
        page=line.page, bbox=line.bbox, span=(line.start + d.start, line.start + d.end)
    )
    if d.blank and line.page in header.scanned_pages:
        _warn(
            header,
            "date_unreadable",
            f"day or month not read on a scan (handwritten?): {d.raw!r}",
            line.page,
            "date",
        )
    elif d.blank:
        _warn(header, "date_blank", f"day or month left blank: {d.raw!r}", line.page, "date")
    elif d.error:
        _warn(header, "invalid_date", f"impossible date: {d.raw!r}", line.page, "date")
    return True


_UNREADABLE_DATE_RE = re.compile(
    r"ngày\b[^\n]{0,12}?tháng\b[^\n]{0,12}?năm\b(?:\s*\d{4}\b)?", re.IGNORECASE
)


def _take_unreadable_date(header: Header, line: TextLine) -> bool:
    """ "Sơn La, ngày II tháng năm 2025": a place and a date line whose day or month is
    handwritten and was not read (OCR gives "II", or nothing). The place is kept; the
    date is ``None`` with a ``date_unreadable`` warning, never a guess."""
    m = _PLACE_DATE_RE.match(line.text)
    u = _UNREADABLE_DATE_RE.search(line.text, m.end()) if m is not None else None
    if m is None or u is None:
        return False
    _take_place(header, line, m)
    header.date_raw = u.group(0)
    header.sources["date"] = SourceRef(
        page=line.page, bbox=line.bbox, span=(line.start + u.start(), line.start + u.end())
    )
    _warn(
        header,
        "date_unreadable",
        f"day or month not readable (handwritten?): {u.group(0)!r}",
        line.page,
        "date",
    )
    return True


SCAN_TITLE_CENTRE = 0.03
"""A one-line block whose centre is within this share of the page width of the previous
title line's centre continues the title (on a scan; on a typed page when it is as bold as
the title)."""


def _centred_title_line(
    header: Header,
    line: TextLine,
    lines: list[TextLine],
    prev: TextLine,
    widths: dict[int, float],
    *,
    style: tuple[bool | None, str | None] | None,
    prev_style: tuple[bool | None, str | None] | None,
) -> bool:
    """The title's next line, printed as a block of its own and centred under the last.

    OCR gives each centred line its own block, and a line as wide as the text column
    reads as left-aligned ("Ban hành Danh mục …" / "văn bản quy định chi tiết …" in
    299-ttg). A typed PDF does the same when the first title line fills the column:
    "Triển khai Quy chế phối hợp … với Ủy" (full width, read as left-aligned) /
    "ban MTTQ Việt Nam tỉnh năm 2026" (centred) is one title when both are bold.
    """
    width = widths.get(line.page)
    if len(lines) != 1 or not width:
        return False
    if line.page not in header.scanned_pages and (
        style is None or prev_style is None or not style[0] or style[0] != prev_style[0]
    ):
        return False
    if line.bbox is None or prev.bbox is None or prev.page != line.page:
        return False
    centre = (line.bbox[0] + line.bbox[2]) / 2
    prev_centre = (prev.bbox[0] + prev.bbox[2]) / 2
    return abs(centre - prev_centre) <= SCAN_TITLE_CENTRE * width


def _bold_title_line(
    line: TextLine, title: list[TextLine], style: tuple[bool | None, str | None] | None
) -> bool:
    """The first line under the type name, printed bold and not justified, is the title
    even when it opens with a preamble's words: "Triển khai thực hiện Quy chế phối hợp …"
    is a title there (a preamble paragraph is justified and not bold). A line that fills
    the column reads as left-aligned in a PDF, so "left" counts as well as "center"; a
    numbered heading ("I.", "1.", "Điều 1") never does."""
    if title or style is None or style[0] is not True or style[1] == "justify":
        return False
    return bool(_PREAMBLE_WORDS_RE.match(line.text.strip()))


VV_LINE_GAP = 1.6
"""A line continues the V/v block when its top is within this many line heights of the
block's last line (the next printed line of the column, not a later paragraph)."""


def _continues_vv(line: TextLine, last: TextLine) -> bool:
    """The V/v block ("V/v triển khai Quy chế phối hợp với" / "Ủy ban MTTQ Việt Nam
    tỉnh") goes on while its lines stay in the header's left column, right under the last
    one, above "Kính gửi"; a DOCX cell keeps them together anyway."""
    text = line.text.strip()
    if _is_upper(text) or _KINH_GUI_RE.match(text) or _PREAMBLE_RE.match(text):
        return False
    if line.cell is not None and line.cell == last.cell:
        return True
    if line.col != 0 or last.col != 0 or line.bbox is None or last.bbox is None:
        return False
    if line.page != last.page:
        return False
    height = last.bbox[3] - last.bbox[1]
    below = 0 <= line.bbox[1] - last.bbox[1] <= VV_LINE_GAP * height
    overlaps = line.bbox[0] < last.bbox[2] and last.bbox[0] < line.bbox[2]
    return below and overlaps


SCAN_TITLE_UNDER_TYPE = 0.015
"""On a scan, a line whose centre is within this share of the page width of the type
name's centre is printed centred under it."""

SCAN_TITLE_SHORT_OF_MARGIN = 0.02
"""…and it stops at least this share of the page width short of the text's right edge
(a preamble paragraph's first line is indented, so nearly centred too, but justified to
the right edge)."""


def _centred_under_type(
    header: Header,
    line: TextLine,
    type_line: TextLine | None,
    widths: dict[int, float],
    right_edges: dict[int, float],
) -> bool:
    """A scanned line printed centred under the type name, short of both margins: the
    title's first line even when it opens with a preamble's words ("Thực hiện công tác
    dân vận …" under "KẾ HOẠCH"). A scan has no bold to tell (see :func:`_bold_title_line`);
    a preamble line ends with ";" or "," and runs to the right edge."""
    width = widths.get(line.page)
    right = right_edges.get(line.page)
    if (
        type_line is None
        or line.page not in header.scanned_pages
        or not width
        or right is None
        or line.bbox is None
        or type_line.bbox is None
        or type_line.page != line.page
        or line.text.rstrip().endswith((";", ",", ":"))
    ):
        return False
    centre = (line.bbox[0] + line.bbox[2]) / 2
    type_centre = (type_line.bbox[0] + type_line.bbox[2]) / 2
    return (
        abs(centre - type_centre) <= SCAN_TITLE_UNDER_TYPE * width
        and right - line.bbox[2] >= SCAN_TITLE_SHORT_OF_MARGIN * width
    )


def _title_stops(
    line: TextLine,
    title: list[TextLine],
    *,
    new_item: bool = False,
    style: tuple[bool | None, str | None] | None = None,
    centred: bool = False,
) -> bool:
    text = line.text.strip()
    key = text_key(text)
    if (
        title
        and new_item
        and _is_upper(text)
        and any(key == k or key.startswith(k + " ") for k in _AUTHORITY_KEYS)
    ):
        return True
    if text.endswith(":"):
        return True
    if (
        _PREAMBLE_RE.match(text)
        and not _bold_title_line(line, title, style)
        and not (centred and not title and _PREAMBLE_WORDS_RE.match(text))
    ):
        return True
    if title and _is_upper(text) and not _is_upper(title[0].text):
        return True  # the signing authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")
    if title and match_type_line(text) is not None:
        return True
    return len(text) > 400


_ENDS_WITH_DAY = re.compile(r"\bngày\W*$", re.IGNORECASE)
_OPENS_WITH_MONTH = re.compile(r"^\W*tháng\b", re.IGNORECASE)


def _join_blank_date(view: TextView, lines: list[TextLine]) -> list[TextLine]:
    """A place-and-date line whose blank day (left for a hand to fill) is so wide that the
    line was cut into two columns there ("Thành phố Hồ Chí Minh, ngày" | "tháng 6 năm 2026"):
    one line again, as printed."""
    out: list[TextLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page == line.page
            and _ENDS_WITH_DAY.search(prev.text)
            and _OPENS_WITH_MONTH.match(line.text)
        ):
            bbox = prev.bbox
            if prev.bbox is not None and line.bbox is not None:
                bbox = (
                    min(prev.bbox[0], line.bbox[0]),
                    min(prev.bbox[1], line.bbox[1]),
                    max(prev.bbox[2], line.bbox[2]),
                    max(prev.bbox[3], line.bbox[3]),
                )
            out[-1] = replace(
                prev, text=view.text[prev.start : line.end], end=line.end, bbox=bbox, col=None
            )
            continue
        out.append(line)
    return out


def _right_edges(layout: LayoutDocument) -> dict[int, float]:
    """The right edge of each page's text column: the median right of its long lines (a
    justified paragraph's lines end there; a note in the margin does not move it)."""
    out: dict[int, float] = {}
    for page in layout.pages:
        if not page.width:
            continue
        boxes = [
            box
            for item in page.items
            if isinstance(item, Block)
            for box in ([ln.bbox for ln in item.lines] or [item.bbox])
            if box is not None
        ]
        rights = [box[2] for box in boxes if box[2] - box[0] >= 0.6 * page.width]
        if rights:
            out[page.number] = statistics.median(rights)
    return out


def parse_header(layout: LayoutDocument, view: TextView) -> Header:
    """The header of ``layout`` (see the module docstring for the rules).

    ``body_start`` is the offset in ``view.text`` just after the title (after the
    header block when there is no title).
    """
    header = Header(
        scanned_pages=frozenset(p.number for p in layout.pages if p.text_source == "ocr")
    )
    issuer_lines: list[TextLine] = []
    vv_lines: list[TextLine] = []
    type_line: TextLine | None = None
    title: list[TextLine] = []
    last_used: TextLine | None = None
    title_done = False
    motto_seen = False
    prev_item = -1
    prev_style: tuple[bool | None, str | None] | None = None
    widths = {p.number: p.width for p in layout.pages if p.width}
    right_edges = _right_edges(layout)
    spans = [(span, item_lines(view, span, widths)) for span in _header_items(view)]
    header_from = header_start(ln for _, lines in spans for ln in lines)
    for span, all_lines in spans:
        if title_done:
            break
        lines = _join_blank_date(view, [ln for ln in all_lines if ln.start >= header_from])
        if not lines:
            continue
        item = span.item
        new_item = span.index != prev_item
        prev_item = span.index
        style = (item.style.bold, item.style.align) if isinstance(item, Block) else None
        for line in lines:
            text = line.text.strip()
            if not text:
                continue
            if type_line is not None:
                # Collecting the title.
                if _is_rule(text):
                    if title:
                        title_done = True
                        break
                    continue
                if (
                    title
                    and new_item
                    and line is lines[0]
                    and (style is None or style != prev_style or style == (None, None))
                    and not _centred_title_line(
                        header,
                        line,
                        lines,
                        title[-1],
                        widths,
                        style=style,
                        prev_style=prev_style,
                    )
                ):
                    title_done = True
                    break
                first_of_item = new_item and line is lines[0]
                centred = _centred_under_type(header, line, type_line, widths, right_edges)
                if (
                    _title_stops(line, title, new_item=first_of_item, style=style, centred=centred)
                    or len(title) >= MAX_TITLE_LINES
                ):
                    title_done = True
                    break
                title.append(line)
                continue
            if _is_rule(text) or _is_motto(text):
                motto_seen = motto_seen or _is_motto(text)
                last_used = line
                continue
            if _APPENDIX_START.match(text) and not issuer_lines and "number" not in header.sources:
                title_done = True  # an annex without a header of its own
                break
            if (
                "number" not in header.sources
                and _NUMBER_LINE_RE.match(text)
                and _take_number(header, line)
            ):
                last_used = line
                continue
            if header.date_raw is None and line.col != 0 and _take_place_date(header, line):
                last_used = line
                continue
            if _VV_RE.match(text) or (vv_lines and _continues_vv(line, vv_lines[-1])):
                vv_lines.append(line)
                last_used = line
                continue
            typ = match_type_line(text)
            if typ is not None and (line.col is None or "number" in header.sources or issuer_lines):
                type_line = line
                header.doc_type, header.doc_type_raw, rest = typ
                d_start = line.start + line.text.find(header.doc_type_raw)
                header.sources["doc_type"] = SourceRef(
                    page=line.page,
                    bbox=line.bbox,
                    span=(d_start, d_start + len(header.doc_type_raw)),
                )
                if rest:
                    r_start = line.start + line.text.rfind(rest)
                    title.append(
                        TextLine(
                            rest, r_start, r_start + len(rest), line.page, line.bbox, line.item
                        )
                    )
                new_item = False
                continue
            if (
                "number" not in header.sources
                and issuer_lines
                and line.page in header.scanned_pages
                and _take_code_only(header, line)
            ):
                last_used = line
                continue
            if (
                _is_upper(text)
                and line.col in (None, 0)
                and header.date_raw is None
                and not vv_lines
            ):
                issuer_lines.append(line)
                last_used = line
                continue
            if _PREAMBLE_RE.match(text) or len(text) > 200:
                title_done = True
                break
        prev_style = style

    if title:
        header.title = squash_spaces(" ".join(ln.text for ln in title))
        header.sources["title"] = source_of(title)
    elif vv_lines:
        header.title = squash_spaces(" ".join(ln.text for ln in vv_lines))
        header.sources["title"] = source_of(vv_lines)

    if type_line is not None and not title and not vv_lines:
        _warn(
            header,
            "title_not_found",
            f"no title found under the type name {header.doc_type_raw!r}",
            type_line.page,
            "title",
        )

    number = header.number
    if header.doc_type is None and number is not None:
        if vv_lines and (number.type_code is None or number.type_code == "CV"):
            header.doc_type = "Công văn"
        else:
            header.doc_type = type_name_for_code(number.type_code, number.system)
        if header.doc_type is not None:
            header.sources["doc_type"] = header.sources["number"]
    elif header.doc_type is None and vv_lines:
        header.doc_type = "Công văn"

    in_table = any(ln.col == 0 for ln in issuer_lines)
    has_header = motto_seen or in_table or "number" in header.sources or header.date_raw is not None
    _set_issuers(header, layout, view, issuer_lines if has_header else [])

    ends = [ln.end for ln in (title or vv_lines)]
    if type_line is not None:
        ends.append(type_line.end)
    if last_used is not None:
        ends.append(last_used.end)
    if vv_lines:
        item_end = next(s.end for s in view.items if s.index == vv_lines[-1].item)
        ends.append(item_end)
    body_start = max(ends) if ends else 0
    rule = _RULE_AFTER.match(view.text, body_start)
    header.body_start = rule.end() if rule is not None else body_start
    return header


def _set_issuers(
    header: Header, layout: LayoutDocument, view: TextView, issuer_lines: list[TextLine]
) -> None:
    if issuer_lines:
        groups = group_issuer_lines([ln.text.strip() for ln in issuer_lines])
        number = header.number
        joint_number = (
            number is not None
            and number.grammar == "party"
            and len((number.issuer_code or "").split("-")) == len(groups)
        )  # "15-CTr/BTGDVTU-UBMTTQ": one issuer code per body, a joint document
        if len(groups) > 1 and not joint_number and all(_is_parent(g) for g in groups[:-1]):
            header.issuer_parent = " ".join(groups[:-1])
            groups = groups[-1:]
        header.issuers = groups
        header.sources["issuers"] = source_of(issuer_lines)
        return
    title_src = header.sources.get("title")
    if header.title and re.match(r"^\s*[Gg]iữa\b", header.title):
        from vanban.parsers.agencies import find_agencies

        bodies = [m.text for m in find_agencies(header.title)]
        if len(bodies) >= 2:
            header.issuers = bodies
            if title_src is not None:
                header.sources["issuers"] = title_src
            return
    # No issuer lines and no "giữa X với Y" title: the pipeline falls back to the
    # organisations of the signature blocks (vanban.parsers.signers.issuers_from_signers),
    # which it parses anyway: signatures are parsed once per document.
