"""Tasks of a document: rows of task tables (:mod:`vanban.parsers.tables`) and numbered prose items.

:func:`parse_tasks` is the entry point. Table tasks come from :mod:`vanban.parsers.tables`
(where ``lead``, ``partners``, … are read from columns named in
``parsers/data/task_columns.json``). Prose tasks are read here from the numbered items
of task sections, in reading order:

* a task section is a Roman-numbered heading ("II. NỘI DUNG PHỐI HỢP", "III. NHIỆM VỤ
  PHỐI HỢP", "IV. TỔ CHỨC THỰC HIỆN", …: ``task_sections`` in the data file) that is not
  a purpose section ("I. MỤC ĐÍCH, YÊU CẦU": ``non_task_sections``) and holds no task
  table; it ends at the next Roman heading, an unnumbered all-capitals line (a signature
  block), "Nơi nhận", "PHỤ LỤC", a borderless table, or a closing paragraph: an
  unnumbered, unbulleted paragraph that opens with a closing formula ("Trên đây …",
  "Trong quá trình thực hiện nếu có khó khăn, vướng mắc …": :data:`CLOSING_OPENERS`).
  Such a sentence speaks of the whole programme, not of the last item, so it is not
  that item's text (an item's other paragraphs are, whatever they say). A part heading
  "B. NỘI DUNG, NHIỆM VỤ …" makes the Roman sections under it task sections (their ``no``
  starts "B.I"); "C."/"D." after "B." are parts, not Roman 100/500;
* every item of a task section is a task, in a tree (docs/tasks.md): numbered items
  "1.", "1.1.", "(1)", lettered "a)"/"a.", and bullets "-", "+", "*", "•" (with the
  look-alikes fonts and OCR print: "–", "—", "·", "●" …; on scanned pages "I." / "l." for
  "1.", "§." for "8.", ``no_raw`` keeping what OCR read: ``parsers/data/prose_markers.json``).
  A bullet nests under the innermost open item; another symbol under a bullet nests
  under it ("+" under "-"); the same symbol again is a sibling. A mere label over lettered
  items ("1. Nội dung, biện pháp") is not a task: its items sit where it stood;
* ``no`` is hierarchical and unique among the prose tasks of a document: the section's
  numeral, then the item's numbers ("II.1", "II.1.2" for "1.2.", "III.1.a"), a bullet
  its position among the bullets under the same parent ("III.1.a.2" = the second dash
  under "a)"); a number met twice (a section printed twice) takes "#2". ``id`` is the
  ``no``; ``parent`` is the id of the item above (``None`` at the top), ``level`` its
  depth (1 = top); ``group`` the heading line of the item above (the section heading at
  the top). Table tasks get ids "T<table>.<Stt>" (:func:`vanban.parsers.tables.table_task_ids`);
* ``content`` is the item's own text after its marker: its line and its own paragraphs,
  never its children's (a line break between paragraphs; a paragraph cut by a page break
  rejoins with a space); spaces inside a line are kept as printed ("Trung tâm  Văn hóa"),
  only the layout's line breaks inside a paragraph become one space; a page number line is
  skipped;
* "a) Cơ quan chủ trì: …", "b) Cơ quan phối hợp: …", "c) Thời gian thực hiện: …" (labels
  from the column vocabulary, the whole label matching) are fields, not items, and are
  not repeated in ``content``; a field item applies to the tasks of what holds it: under
  an item, to that item and the items under it; at item level ("2. Cơ quan chủ trì, phối
  hợp" / "a) Cơ quan chủ trì" / "- Bộ Quốc phòng." … "3. Thời gian thực hiện: …"), to
  every task of its section; an unnumbered field line speaks of the numbered item it
  follows. Fields close their item's text;
* owners (:mod:`vanban.parsers.task_owners`): stated in the item's sentence or labelled
  field (``lead_source`` "stated"); else named by the item itself or an item above that is
  only a body ("1. Sở Thông tin và Truyền thông" over its dashes: "heading"); else taken
  from the item above that has one ("inherited"). "Hai bên", "các bên ký kết" stand for
  the document's ``issuers``;
* deadlines, timeframes and reports in the sentence: :mod:`vanban.parsers.task_times`.

>>> from vanban.models.layout import Block, LayoutDocument, Page
>>> doc = LayoutDocument(format="txt", pages=[Page(number=1, items=[
...     Block(page=1, text="III. TỔ CHỨC THỰC HIỆN"),
...     Block(page=1, text="1. Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ triển khai.")])])
>>> tasks, _ = parse_tasks(doc, TextView.build(doc), doc_year=2026)
>>> (tasks[0].no, tasks[0].group, tasks[0].lead, tasks[0].partners)
('III.1', 'III. TỔ CHỨC THỰC HIỆN', ['Sở Tư pháp'], ['Sở Nội vụ'])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from vanban.extract.hygiene import squash_spaces
from vanban.models.document import LeadSource, Task, Timeframe, Warning
from vanban.models.layout import LayoutDocument, Table
from vanban.parsers.agencies import split_bodies
from vanban.parsers.alternation import longest_first
from vanban.parsers.row_numbers import repair_roman, roman_value
from vanban.parsers.tables import (
    COLUMNS_FILE,
    DETAIL_ROLES,
    ROMAN_NUMERAL,
    column_role,
    find_task_tables,
    header_key,
    join_wrapped,
    resolve_task_refs,
    split_lead_and_partners,
    split_outputs,
    table_tasks,
)
from vanban.parsers.task_owners import body_list, sentence_roles, starts_like_body
from vanban.parsers.task_times import SentenceTimes, sentence_times
from vanban.parsers.textview import TextView
from vanban.parsers.timeframes import parse_timeframe

__all__ = ["is_task_section", "parse_tasks", "prose_tasks", "starts_like_body"]

_SECTION = re.compile(r"^\s*(?P<n>[IVXLC]{1,6})\s*[.\-–)/:]\s*(?P<t>\S.*?)\s*$")
_NUM = re.compile(
    r"^\s*(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$)|^\s*(?P<m>\d{1,2})\s*[.)\-–](?!\d)\s*"
)
_PAREN = re.compile(r"^\s*\((?P<n>\d{1,2})\)\s*[-–.:]?\s*")
_LETTER = re.compile(r"^\s*(?P<n>[a-zđ])\s*\)\s*|^\s*(?P<m>[a-zđ])\.\s+")
_BULLET = re.compile(r"^\s*(?P<b>[-–—−‒+•·●▪◦*\uf0b7\uf0a7\uf02d])(?P<sp>\s+)?")
MARKERS_FILE = Path(__file__).parent / "data" / "prose_markers.json"
_MARKERS = json.loads(MARKERS_FILE.read_text(encoding="utf-8"))
BULLET_CLASSES: dict[str, str] = dict(_MARKERS["bullet_classes"])
SCAN_DIGIT_LOOKALIKES: dict[str, str] = dict(_MARKERS["scan_digit_lookalikes"])
"""Bullet symbols OCR and fonts print for one another, folded to one class."""
_LABEL = re.compile(r"^\s*(?P<label>[^:;.]{3,60}?)\s*:\s*(?P<value>.*)$")
_STOP = re.compile(r"^\s*(?:Nơi nhận|Trên đây|PHỤ LỤC|Phụ lục\s+[IVX\d])", re.IGNORECASE)
CLOSING_OPENERS: tuple[str, ...] = (
    "Trên đây",
    "Trong quá trình thực hiện",
    "Trong quá trình tổ chức thực hiện",
    "Trong quá trình triển khai",
    "Quá trình thực hiện",
    "Quá trình tổ chức thực hiện",
    "Quá trình triển khai",
)
"""Openers of the closing sentence that follows the last item ("Trong quá trình thực
hiện nếu có khó khăn, vướng mắc …"); see :func:`_is_closing`."""
_CLOSING = re.compile(r"^\s*(?:" + longest_first(CLOSING_OPENERS, wrap_spaces=True) + r")(?!\w)")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_SENTENCE_END = re.compile(r"[.;:!?…]\s*$|^\s*$")


@cache
def _section_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = json.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    return (
        tuple(header_key(s) for s in raw["task_sections"]),
        tuple(header_key(s) for s in raw["non_task_sections"]),
    )


def is_non_task_section(title: str) -> bool:
    """'MỤC ĐÍCH, YÊU CẦU', 'KINH PHÍ THỰC HIỆN': sections that never hold tasks."""
    key = header_key(title)
    return any(key.startswith(k) for k in _section_vocabulary()[1])


def is_task_section(title: str) -> bool:
    """Whether a section title announces tasks.

    >>> is_task_section("NỘI DUNG PHỐI HỢP"), is_task_section("MỤC ĐÍCH, YÊU CẦU")
    (True, False)
    """
    if is_non_task_section(title):
        return False
    key = header_key(title)
    return any(k in key for k in _section_vocabulary()[0])


# -- lines of the running text ------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    text: str
    start: int
    end: int
    block: int
    first_in_block: bool
    scanned: bool = False


@dataclass(slots=True)
class _Node:
    """An item of a task section: numbered ("1.", "1.1."), lettered ("a)") or bulleted."""

    no: str
    label: str
    kind: str
    """"num", "letter" or "bullet"."""
    depth: int
    head: _Line
    marker_end: int
    sym: str = ""
    """The bullet's symbol class ("-", "+", "•", "*"); empty for numbered items."""
    read: str | None = None
    """The number as OCR read it, when it was a look-alike ("I" for "1")."""
    closed: bool = False
    """Labelled fields were read for it: its own text is over (a later paragraph, such as
    a footnote OCR read at the foot of the page, is not its text)."""
    lines: list[_Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Section:
    numeral: str
    heading: str
    is_task: bool
    numeral_read: str | None = None
    """What OCR read, when the numeral was repaired from the one before it."""
    page_start: int = 0
    has_table: bool = False
    nodes: list[_Node] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def _lines(
    view: TextView, task_tables: set[int], scanned_pages: frozenset[int] = frozenset()
) -> list[_Line | str]:
    """Lines of blocks in reading order; tables appear as markers "TASK_TABLE"/"TABLE"/"BORDERLESS".
    Lines of pages in ``scanned_pages`` (read by OCR) are marked ``scanned``."""
    out: list[_Line | str] = []
    for it in view.items:
        if isinstance(it.item, Table):
            if id(it.item) in task_tables:
                out.append("TASK_TABLE")
            else:
                out.append("BORDERLESS" if it.item.borderless else "TABLE")
            continue
        pos = it.start
        scanned = getattr(it.item, "page", None) in scanned_pages
        for i, text in enumerate(view.text[it.start : it.end].split("\n")):
            out.append(_Line(text, pos, pos + len(text), it.index, i == 0, scanned))
            pos += len(text) + 1
    return out


_SCANNED_SECTION = re.compile(r"^\s*(?P<n>[IVXLCHl1|]{1,6})\s*[.\-–)/:]\s*(?P<t>\S.*?)\s*$")


def _repaired_section(text: str, previous: int) -> tuple[str, str] | None:
    """A scanned section heading whose numeral OCR misread ("IH. NỘI DUNG PHỐI HỢP"
    after "I. …"): (the text with the numeral repaired, the numeral as read)."""
    m = _SCANNED_SECTION.match(text)
    if m is None or previous < 1 or not _is_upper_line(m.group("t")):
        return None
    fixed = repair_roman(m.group("n"), previous)
    if fixed is None:
        return None
    return text[: m.start("n")] + fixed + text[m.end("n") :], m.group("n")


def _marker(text: str) -> tuple[str, str, int] | None:
    """(kind, label, marker length) of a numbered line: kind "num" (label "1.2"), "letter"."""
    m = _NUM.match(text)
    if m:
        return "num", m.group("n") or m.group("m"), m.end()
    m = _PAREN.match(text)
    if m:
        return "num", m.group("n"), m.end()
    m = _LETTER.match(text)
    if m:
        return "letter", m.group("n") or m.group("m"), m.end()
    return None


def _field_of(text: str) -> tuple[str, str, str] | None:
    """A labelled field: 'Cơ quan chủ trì: Sở Nội vụ' → ('lead', 'Sở Nội vụ', label); a bare
    label line ('Cơ quan chủ trì', its bodies in the bullets below) → ('lead', '', label)."""
    m = _LABEL.match(text)
    label, value = (m.group("label"), m.group("value").strip()) if m else (text.strip(), "")
    if len(label.split()) > 8 or (not m and len(label) > 60):
        return None
    role = column_role(label, whole=True)
    return (role, value, label.strip()) if role in DETAIL_ROLES else None


def _store_field(owner: _Node | _Section, fld: tuple[str, str, str]) -> str:
    """Store a field on what it describes; its key. A second label of a role already
    stated ("a) Cơ quan chủ trì" … then "b) Đơn vị thực hiện: Các Đội chuyên trách") is
    kept as printed under "extra:<label>" (it becomes ``extra``), not over the first."""
    role, value, label = fld
    key = role
    if owner.fields.get(role) and role in ("lead", "partners"):
        key = f"extra:{label}"
    owner.fields[key] = value
    if isinstance(owner, _Node):
        owner.closed = True
    return key


def _is_upper_line(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


_SUPER = re.compile(r"^\s*(?P<n>[A-ZĐ])\s*[.\-–)]\s+(?P<t>\S.*\S)\s*$")


def _is_part_letter(letter: str, part: tuple[str, bool] | None) -> bool:
    """'C', 'D', 'L', 'M' alone, or the letter after the current part ("B" → "C"), head a
    part ("A. …", "B. …"), not a Roman-numbered section."""
    if len(letter) != 1:
        return False
    return letter in "CDLM" or (part is not None and ord(letter) == ord(part[0]) + 1)


def _is_closing(ln: _Line, prev: _Line | None) -> bool:
    """An unnumbered, unbulleted paragraph that opens with a closing formula
    (:data:`CLOSING_OPENERS`): it closes the section; it is not the last item's text.
    A paragraph starts a block, or a line after one that ended a sentence (text files
    put paragraphs on lines of one block); a numbered item "3. Trong quá trình thực
    hiện, …" is an item, and a wrapped line inside a sentence is not a paragraph."""
    if not _CLOSING.match(ln.text) or _marker(ln.text) is not None or _bullet(ln.text):
        return False
    return ln.first_in_block or prev is None or _SENTENCE_END.search(prev.text) is not None


def _bullet(text: str) -> tuple[str, int] | None:
    """(symbol class, marker length) of a bulleted line, OCR look-alikes folded:
    "–", "—", "−" are "-"; "·", "●", "▪", "◦", "" are "•".

    >>> _bullet("– Sơ kết 6 tháng"), _bullet("+ Tổng kết"), _bullet("-Thường xuyên")
    (('-', 2), ('+', 2), ('-', 1))
    >>> _bullet("-5 điểm") is None
    True
    """
    m = _BULLET.match(text)
    if m is None:
        return None
    rest = text[m.end() :]
    if not m.group("sp") and not rest[:1].isupper():
        return None  # "-5", "-ông": a hyphen, not a bullet
    return BULLET_CLASSES.get(m.group("b"), m.group("b")), m.end()


_SCAN_ITEM = re.compile(r"^(?P<pad>\s*)(?P<n>\S)\s*\.\s+(?P<t>\S.*)$")


def _scan_item_number(text: str, numeral: int) -> tuple[str, str] | None:
    """An item number OCR read as a look-alike (:data:`SCAN_DIGIT_LOOKALIKES`): "I. Tăng
    cường …" under section II is item "1."; "§. Chủ động …" is "8.". (text repaired, as read).

    >>> _scan_item_number("I. Tăng cường sự lãnh đạo", 2)
    ('1. Tăng cường sự lãnh đạo', 'I')
    >>> _scan_item_number("I. MỤC ĐÍCH, YÊU CẦU", 0) is None
    True
    """
    m = _SCAN_ITEM.match(text)
    if m is None or m.group("n") not in SCAN_DIGIT_LOOKALIKES or _is_upper_line(m.group("t")):
        return None
    if m.group("n") == "I" and numeral < 1:
        return None  # "I. …" opening the body: a section
    if not m.group("t")[:1].isupper():
        return None
    fixed = text[: m.start("n")] + SCAN_DIGIT_LOOKALIKES[m.group("n")] + text[m.end("n") :]
    return fixed, m.group("n")


def _attach(sec: _Section, stack: list[_Node], node: _Node) -> None:
    parent = stack[-1] if stack else None
    node.parent = parent
    (parent.children if parent is not None else sec.nodes).append(node)
    stack.append(node)


def _bullet_node(sec: _Section, stack: list[_Node], ln: _Line, sym: str, length: int) -> None:
    """A bullet: the sibling of the open bullet with the same symbol, else a child of the
    innermost open item ("-" under "1.", "+" under "-")."""
    same = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].sym == sym), None)
    if same is not None:
        del stack[same:]
    parent = stack[-1] if stack else None
    siblings = parent.children if parent is not None else sec.nodes
    index = 1 + sum(1 for n in siblings if n.kind == "bullet")
    base = parent.no if parent is not None else sec.numeral
    indent = len(ln.text) - len(ln.text.lstrip())
    node = _Node(
        f"{base}.{index}", str(index), "bullet", len(stack) + 1, ln,
        ln.start + indent + length, sym, lines=[ln],
    )  # fmt: skip
    _attach(sec, stack, node)


def _collect(lines: list[_Line | str]) -> list[_Section]:
    """Sections with their item trees; fields are stored on the item (or section) they
    describe; a letter heading "B. NỘI DUNG, NHIỆM VỤ …" makes its Roman sections task sections."""
    sections: list[_Section] = []
    sec: _Section | None = None
    part: tuple[str, bool] | None = None  # ("B", is a task part)
    stack: list[_Node] = []
    last_field: tuple[_Node | _Section, str] | None = None
    prev_line: _Line | None = None
    numeral = 0  # value of the last Roman section numeral (of this part)
    for ln in lines:
        prev, prev_line = prev_line, (ln if not isinstance(ln, str) else None)
        if isinstance(ln, str):
            if sec is not None and ln == "TASK_TABLE":
                sec.has_table = True
            elif sec is not None and ln == "BORDERLESS":
                sec, stack = None, []
            continue
        text = ln.text.strip()
        if not text:
            continue
        read: str | None = None
        repaired = _repaired_section(text, numeral) if ln.scanned else None
        if repaired is not None:
            text, read = repaired
        item_read: str | None = None
        if ln.scanned and sec is not None and repaired is None:
            digit = _scan_item_number(text, numeral)
            if digit is not None:
                text, item_read = digit
        m = _SECTION.match(text)
        if m and _is_part_letter(m.group("n"), part):
            m = None  # "C. MỘT SỐ NỘI DUNG …" after "B. …": a part, not section 100
        if m and ROMAN_NUMERAL.match(m.group("n")) and m.group("t")[:1].isupper():
            title = m.group("t")
            task = is_task_section(title) or bool(
                part and part[1] and not is_non_task_section(title)
            )
            label = f"{part[0]}.{m.group('n')}" if part else m.group("n")
            sec = _Section(label, squash_spaces(text), task, read, ln.start)
            sections.append(sec)
            numeral = roman_value(m.group("n")) or numeral
            stack, last_field = [], None
            continue
        sup = _SUPER.match(text)
        if sup and _is_upper_line(sup.group("t")) and len(sup.group("t").split()) >= 2:
            numeral = 0  # "B. …": its sections are numbered from I again
            part = (sup.group("n"), is_task_section(sup.group("t")))
            sec = _Section(sup.group("n"), squash_spaces(text), part[1])
            sections.append(sec)
            stack, last_field = [], None
            continue
        if sec is None:
            continue
        if _STOP.match(text) or _is_closing(ln, prev):
            sec, stack = None, []
            continue
        mk = _marker(text)
        bullet = _bullet(text) if mk is None else None
        if mk is None and bullet is None and _is_upper_line(text):
            sec, stack = None, []  # a signature block or a new unnumbered heading
            continue
        if mk is not None:
            kind, label, length = mk
            while stack and stack[-1].kind == "bullet":
                stack.pop()
            if kind == "num":
                depth = label.count(".") + 1
                while stack and (stack[-1].depth >= depth or stack[-1].kind == "letter"):
                    stack.pop()
            else:
                while stack and stack[-1].kind == "letter":
                    stack.pop()
                depth = (stack[-1].depth if stack else 0) + 1
            parent = stack[-1] if stack else None
            last_field = None
            fld = _field_of(text[length:])
            if fld is not None:
                owner: _Node | _Section = parent if parent is not None else sec
                last_field = (owner, _store_field(owner, fld))
                continue
            if kind == "num" and "." in label:
                no = f"{sec.numeral}.{label}"
            elif parent is not None:
                no = f"{parent.no}.{label}"
            else:
                no = f"{sec.numeral}.{label}"
            indent = len(ln.text) - len(ln.text.lstrip())
            node = _Node(
                no, label, kind, depth, ln, ln.start + indent + length, lines=[ln], read=item_read
            )
            _attach(sec, stack, node)
            continue
        if _PAGE_NUMBER.match(text):
            continue  # a page number printed between two pages of an item
        fld = _field_of(text[bullet[1] :] if bullet else text)
        if last_field is not None and (fld is None or not fld[1]):
            owner, role = last_field
            value = owner.fields[role]
            if bullet or not value or not _SENTENCE_END.search(value):
                sep = "\n" if bullet else " "
                owner.fields[role] = f"{value}{sep}{text}".strip()
                continue
            last_field = None  # "a) Cơ quan chủ trì: Sở Nội vụ;" is closed: a paragraph
        if fld is not None and fld[1]:
            # an unnumbered field line speaks of the numbered item it follows ("1. … cụ
            # thể:" / "a) …" / "b) …" / "Cơ quan thực hiện: …"), not of its last letter
            owner = next((n for n in reversed(stack) if n.kind == "num"), None) or sec
            last_field = (owner, _store_field(owner, fld))
            continue
        if bullet is not None:
            _bullet_node(sec, stack, ln, *bullet)
            continue
        if stack and not stack[-1].closed:
            stack[-1].lines.append(ln)
    return sections


# -- nodes → tasks --------------------------------------------------------------------------


def _join(view: TextView, lines: list[_Line], first_start: int) -> str:
    """Text of lines: one space inside a block, a line break between blocks (a space when
    the next block starts in lower case: a paragraph cut by a page break); each line's
    own spacing is kept as printed."""
    out = ""
    prev: _Line | None = None
    for ln in lines:
        start = first_start if prev is None else ln.start
        piece = view.text[start : ln.end].strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif prev is not None and (
            (ln.block == prev.block and not _bullet(piece) and not _marker(piece))
            or (ln.block != prev.block and piece[:1].islower())
        ):
            out = join_wrapped(out, piece)
        else:
            out += "\n" + piece
        prev = ln
    return out


def _wrapped(view: TextView, line: _Line, nxt: _Line) -> bool:
    """Whether ``nxt`` continues ``line`` as a visual wrap of one paragraph: same block and,
    with geometry, ``line`` reaching the block's right edge; without it, ``nxt`` in lower case."""
    if nxt.block != line.block:
        return False
    block = view.items[line.block].item
    _, box = view.locate(line.start, line.end)
    if box is not None and block.bbox is not None:
        return box[2] >= block.bbox[2] - 20
    return nxt.text.strip()[:1].islower()


def _body_heading(node: _Node, view: TextView) -> str | None:
    """The body an item is headed by ("1. Sở Thông tin và Truyền thông"), else ``None``."""
    if len(node.lines) > 1 and _wrapped(view, node.head, node.lines[1]):
        return None  # the line is only the start of a sentence wrapped by layout
    printed = squash_spaces(view.text[node.marker_end : node.head.end])
    head = printed.rstrip(":; ")
    if not head or head.endswith(".") or not starts_like_body(head) or len(head.split()) > 24:
        return None
    if re.search(r"\b(?:chủ trì|phối hợp với|thực hiện|triển khai)\b", head):
        return None
    return head


@dataclass(frozen=True, slots=True)
class _Above:
    """What an item passes to the items under it: its id, group text, owner and fields."""

    task: Task | None
    group: str
    lead: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    source: str | None = None
    fields: tuple[tuple[str, str], ...] = ()


def _task(
    view: TextView,
    node: _Node,
    above: _Above,
    *,
    doc_year: int | None,
    issuers: list[str],
) -> tuple[Task, _Above]:
    """The task of one item (its own text only) and what it passes to its children."""
    lines = node.lines
    content = _join(view, lines, node.marker_end)
    page, bbox = view.locate(node.marker_end, lines[-1].end)
    pages: list[int] = []
    for ln in lines:
        p = view.page_at(ln.start)
        if p is not None and p not in pages:
            pages.append(p)
    own = {k: v for k, v in node.fields.items() if v}
    fields = {**dict(above.fields), **own}
    roles = sentence_roles(content, issuers=issuers)
    body = _body_heading(node, view)
    lead = split_bodies(own.get("lead", "")) or roles.get("lead", [])
    partners = split_bodies(own.get("partners", "")) or roles.get("partners", [])
    if own.get("lead_and_partners"):
        more_lead, more_partners = split_lead_and_partners(own["lead_and_partners"])
        lead, partners = lead + more_lead, partners + more_partners
    source: LeadSource | None = "stated" if lead else None
    if not lead and body:
        lead, source = body_list(body) or [body], "heading"
    if not lead and above.lead:
        lead = list(above.lead)
        source = "heading" if above.source == "heading" else "inherited"
        partners = partners or list(above.partners)
    times = sentence_times(content, year=doc_year)
    tf, dl = fields.get("timeframe"), fields.get("deadline")
    task = Task(
        no=node.no,
        no_raw=node.read,
        group=above.group,
        content=content,
        timeframe=parse_timeframe(tf, year=doc_year) if tf else times.timeframe,
        deadline=parse_timeframe(dl, year=doc_year) if dl else _deadline_in(tf, doc_year, times),
        lead=lead,
        partners=partners,
        focal_units=split_bodies(own.get("focal_units", "")) or roles.get("focal_units", []),
        outputs=split_outputs(fields.get("outputs", "")) or times.outputs,
        extra={
            **({"report_to": times.report_to} if times.report_to else {}),
            **{k[6:]: squash_spaces(v) for k, v in fields.items() if k.startswith("extra:")},
        },
        page=page,
        pages=pages or ([page] if page is not None else []),
        bbox=bbox,
        source="prose",
        table=None,
        lead_source=source,
    )
    heading = squash_spaces(view.text[node.head.start : node.head.end])
    passed_source = "heading" if source == "heading" else ("inherited" if lead else None)
    below = _Above(
        task,
        heading,
        tuple(lead),
        tuple(partners),
        passed_source,
        tuple(fields.items()),
    )
    return task, below


def _deadline_in(timeframe: str | None, year: int | None, times: SentenceTimes) -> Timeframe | None:
    """A labelled time that states a deadline ("Thời gian thực hiện: Hoàn thành trước ngày
    31 tháng 10 năm 2025") gives the deadline too; else the deadline read in the sentence."""
    if timeframe:
        found = sentence_times(timeframe, year=year).deadline
        if found is not None:
            return found
    return times.deadline


def _tree_tasks(
    view: TextView,
    nodes: list[_Node],
    above: _Above,
    out: list[tuple[int, Task, Task | None]],
    *,
    level: int,
    doc_year: int | None,
    issuers: list[str],
) -> None:
    """Tasks of items and, depth first, of the items under them."""
    for node in nodes:
        title = squash_spaces(view.text[node.marker_end : node.head.end])
        if node.children and len(node.lines) == 1 and column_role(title, whole=True) == "content":
            # "1. Nội dung, biện pháp": a label over tasks, not a task
            _tree_tasks(
                view, node.children, above, out, level=level, doc_year=doc_year, issuers=issuers
            )
            continue
        task, below = _task(view, node, above, doc_year=doc_year, issuers=issuers)
        task.level = level
        out.append((node.head.start, task, above.task))
        _tree_tasks(
            view, node.children, below, out, level=level + 1, doc_year=doc_year, issuers=issuers
        )


def _prose(
    view: TextView,
    task_tables: set[int],
    doc_year: int | None,
    scanned_pages: frozenset[int] = frozenset(),
    warnings: list[Warning] | None = None,
    issuers: list[str] | None = None,
) -> list[tuple[int, Task]]:
    out: list[tuple[int, Task, Task | None]] = []
    for sec in _collect(_lines(view, task_tables, scanned_pages)):
        if sec.numeral_read is not None and warnings is not None:
            warnings.append(
                Warning(
                    code="ocr_number_repaired",
                    page=view.page_at(sec.page_start),
                    field="tasks",
                    message=f"section numeral read {sec.numeral_read!r} by OCR, repaired to "
                    f"{sec.numeral!r} from the section before it: {sec.heading!r}",
                )
            )
        if not sec.is_task or sec.has_table:
            continue
        fields = {k: v for k, v in sec.fields.items() if v}
        lead = split_bodies(fields.get("lead", ""))
        above = _Above(
            None,
            sec.heading,
            tuple(lead),
            tuple(split_bodies(fields.get("partners", ""))),
            "heading" if lead else None,
            tuple(fields.items()),
        )
        _tree_tasks(view, sec.nodes, above, out, level=1, doc_year=doc_year, issuers=issuers or [])
    _unique_numbers([t for _, t, _ in out])
    for _, task, parent in out:
        task.parent = parent.id if parent is not None else None
    return [(start, task) for start, task, _ in out]


def _unique_numbers(tasks: list[Task]) -> None:
    """Prose ``no`` made unique, and each task's ``id`` set to it: a number met again (a
    bullet "II.1.1" beside an item "1.1.", a section printed twice) takes "#2", "#3" …

    >>> ts = [Task(no="II.1", content="a"), Task(no="II.1", content="b")]
    >>> _unique_numbers(ts); [(t.no, t.id) for t in ts]
    [('II.1', 'II.1'), ('II.1#2', 'II.1#2')]
    """
    seen: dict[str, int] = {}
    for t in tasks:
        no = t.no or ""
        seen[no] = seen.get(no, 0) + 1
        if seen[no] > 1:
            t.no = f"{no}#{seen[no]}"
        t.id = t.no or ""


def prose_tasks(
    view: TextView,
    *,
    task_tables: set[int] | None = None,
    doc_year: int | None = None,
    issuers: list[str] | None = None,
) -> list[Task]:
    """Tasks from the items of task sections (see the module's conventions);
    ``task_tables`` holds ``id()`` of the tables read as task tables."""
    return [t for _, t in _prose(view, task_tables or set(), doc_year, issuers=issuers)]


def parse_tasks(
    layout: LayoutDocument,
    view: TextView,
    *,
    doc_year: int | None,
    issuers: list[str] | None = None,
) -> tuple[list[Task], list[Warning]]:
    """Every task of a document, table rows and prose items, in reading order;
    ``issuers`` stand for "hai bên", "các bên ký kết" in prose owners."""
    tables = find_task_tables(layout)
    positions = {id(it.item): it.start for it in view.items}
    keyed: list[tuple[int, int, Task]] = []
    warnings: list[Warning] = []
    table_rows: list[Task] = []
    for tt in tables:
        found, w = table_tasks(tt, doc_year=doc_year)
        base = positions.get(id(tt.parts[0]), 0)
        keyed.extend((base, i, t) for i, t in enumerate(found))
        table_rows.extend(found)
        warnings.extend(w)
    in_tables = {id(p) for tt in tables for p in tt.parts}
    scanned = frozenset(p.number for p in layout.pages if p.text_source == "ocr")
    prose = _prose(view, in_tables, doc_year, scanned, warnings, issuers)
    keyed.extend((off, i, t) for i, (off, t) in enumerate(prose))
    keyed.sort(key=lambda k: (k[0], k[1]))
    tasks = [t for _, _, t in keyed]
    resolve_task_refs(warnings, tasks)
    return tasks, warnings
