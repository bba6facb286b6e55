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
* items are "1.", "1.1.", "(1)", "a)"; ``no`` joins the section's numeral and the item's
  ("II.1", "II.1.2", "III.1.a"); an item with numbered children is a heading: it is not a
  task and becomes the ``group`` of its children (a mere label such as "1. Nội dung, biện
  pháp" does not); other tasks have the section heading as ``group``;
* ``content`` is the item's text after its marker, with its paragraphs up to the next
  item (a line break between paragraphs; a paragraph cut by a page break rejoins with a
  space); spaces inside a line are kept as printed ("Trung tâm  Văn hóa"), only the
  layout's line breaks inside a paragraph become one space;
* "a) Cơ quan chủ trì: …", "b) Cơ quan phối hợp: …", "c) Thời gian thực hiện: …" (labels
  from the column vocabulary, the whole label matching) are fields, not sub-items, and are
  not repeated in ``content``; a field item applies to the tasks of what holds it: under
  an item, to that item; at item level ("2. Cơ quan chủ trì, phối hợp" / "a) Cơ quan chủ
  trì" / "- Bộ Quốc phòng." … "3. Thời gian thực hiện: …"), to every task of its section;
* without labels the item's text is read: "Sở Tư pháp: Phối hợp với …" (a body before a
  colon), "Giao Sở X chủ trì …", "Sở X chủ trì, phối hợp với Sở Y …", "Sở X phối hợp với
  Sở Y …", "Giao X là đầu mối …" (focal unit); partners end at a verb or punctuation
  outside parentheses;
* "-"/"+"/"•" bullets are part of the item they follow, except under an item headed by a
  body alone ("1. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"): there each bullet is a task
  with that body as ``lead``, sharing the item's ``no`` (as rows sharing a merged Stt cell do).

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

from vanban.extract.hygiene import squash_spaces
from vanban.models.document import Task, Warning
from vanban.models.layout import LayoutDocument, Table
from vanban.parsers.agencies import BODY_STARTS, split_bodies
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
    split_lead_and_partners,
    split_outputs,
    table_tasks,
)
from vanban.parsers.textview import TextView
from vanban.parsers.timeframes import parse_timeframe

EXTRA_BODY_STARTS: tuple[str, ...] = ("Tổ đảng", "Đảng đoàn", "Các Đoàn", "Các cơ quan")
"""Body starts for prose item headings beyond :data:`vanban.parsers.agencies.BODY_STARTS`."""

_SECTION = re.compile(r"^\s*(?P<n>[IVXLC]{1,6})\s*[.\-–)/:]\s*(?P<t>\S.*?)\s*$")
_NUM = re.compile(
    r"^\s*(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$)|^\s*(?P<m>\d{1,2})\s*[.)\-–](?!\d)\s*"
)
_PAREN = re.compile(r"^\s*\((?P<n>\d{1,2})\)\s*[-–.:]?\s*")
_LETTER = re.compile(r"^\s*(?P<n>[a-zđ])\s*\)\s*|^\s*(?P<m>[a-zđ])\.\s+")
_BULLET = re.compile(r"^\s*[-–+•*]\s+")
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
_SENTENCE_END = re.compile(r"[.;:!?…]\s*$|^\s*$")
_BODY_HEAD = re.compile(r"^(?:" + longest_first(BODY_STARTS + EXTRA_BODY_STARTS) + r")(?!\w)")
_GIAO = re.compile(
    r"\bGiao\s+(?P<who>.+?)\s+(?P<verb>chủ trì|là (?:cơ quan |đơn vị )?(?:chủ trì|đầu mối)|"
    r"là đầu mối|thực hiện|triển khai|tổ chức)\b"
)
_CHU_TRI = re.compile(r"\bchủ trì\b", re.IGNORECASE)
_NAMED_BODY = re.compile(r"^(?P<who>[^:.;]{3,150}):\s+(?=\S)")
_PHOI_HOP_VOI = re.compile(r"\bphối hợp với\s+", re.IGNORECASE)
PARTNER_LIST_ENDS: tuple[str, ...] = (
    "tổ chức", "triển khai", "thực hiện", "xây dựng", "tham mưu", "hướng dẫn", "nghiên cứu",
    "theo dõi", "kiểm tra", "rà soát", "đánh giá", "tuyên truyền", "để", "nhằm", "trong",
    "tiến hành", "chỉ đạo", "báo cáo", "tổng hợp", "đề xuất", "giúp", "khẩn trương", "kịp thời",
    "tổng kết", "sơ kết", "ban hành", "trình", "hoàn thành", "bảo đảm", "đảm bảo", "cung cấp",
    "phổ biến", "giám sát", "thẩm định", "lập", "nắm", "vận động", "hỗ trợ", "quán triệt",
)  # fmt: skip
"""Words that end the list of bodies after "phối hợp với …" (the verb of the task)."""

_PARTNERS_END = re.compile(
    r"\s+(?:" + "|".join(re.escape(w) for w in PARTNER_LIST_ENDS) + r")\b|[;.:]"
    r"|,(?!\s*(?:ngành|địa phương|đơn vị|cơ quan|các\b|[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ]))"
)


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


def starts_like_body(text: str) -> bool:
    """'Sở Tư pháp …', 'Ban Thường trực …', 'Tổ đảng ở …' start like the name of a body."""
    return bool(_BODY_HEAD.match(text.strip()))


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
    """A numbered item (or a bullet under a body-headed item) being collected."""

    no: str
    label: str
    depth: int
    head: _Line
    marker_end: int
    lines: list[_Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    fields: dict[str, str] = field(default_factory=dict)
    bullets: list[list[_Line]] = field(default_factory=list)


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
    loose_bullets: list[list[_Line]] = field(default_factory=list)
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


def _field_of(text: str) -> tuple[str, str] | None:
    """A labelled field: 'Cơ quan chủ trì: Sở Nội vụ' → ('lead', 'Sở Nội vụ'); a bare label
    line ('Cơ quan chủ trì', its bodies in the bullets below) → ('lead', '')."""
    m = _LABEL.match(text)
    label, value = (m.group("label"), m.group("value").strip()) if m else (text.strip(), "")
    if len(label.split()) > 8 or (not m and len(label) > 60):
        return None
    role = column_role(label, whole=True)
    return (role, value) if role in DETAIL_ROLES else None


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
    if not _CLOSING.match(ln.text) or _marker(ln.text) is not None or _BULLET.match(ln.text):
        return False
    return ln.first_in_block or prev is None or _SENTENCE_END.search(prev.text) is not None


def _collect(lines: list[_Line | str]) -> list[_Section]:
    """Sections with their item trees; fields are stored on the item (or section) they
    describe; a letter heading "B. NỘI DUNG, NHIỆM VỤ …" makes its Roman sections task sections."""
    sections: list[_Section] = []
    sec: _Section | None = None
    part: tuple[str, bool] | None = None  # ("B", is a task part)
    stack: list[_Node] = []
    current_bullet: list[_Line] | None = None
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
            stack, current_bullet, last_field = [], None, None
            continue
        sup = _SUPER.match(text)
        if sup and _is_upper_line(sup.group("t")) and len(sup.group("t").split()) >= 2:
            numeral = 0  # "B. …": its sections are numbered from I again
            part = (sup.group("n"), is_task_section(sup.group("t")))
            sec = _Section(sup.group("n"), squash_spaces(text), part[1])
            sections.append(sec)
            stack, current_bullet, last_field = [], None, None
            continue
        if sec is None:
            continue
        if _STOP.match(text) or _is_closing(ln, prev):
            sec, stack = None, []
            continue
        mk = _marker(text)
        if mk is None and _is_upper_line(text) and not _BULLET.match(text):
            sec, stack = None, []  # a signature block or a new unnumbered heading
            continue
        if mk is not None:
            kind, label, length = mk
            if kind == "num":
                depth = label.count(".") + 1
                while stack and (stack[-1].depth >= depth or stack[-1].label.isalpha()):
                    stack.pop()
            else:
                while stack and stack[-1].label.isalpha():
                    stack.pop()
                depth = (stack[-1].depth if stack else 0) + 1
            parent = stack[-1] if stack else None
            current_bullet, last_field = None, None
            fld = _field_of(text[length:])
            if fld is not None:
                owner: _Node | _Section = parent if parent is not None else sec
                owner.fields[fld[0]] = fld[1]
                last_field = (owner, fld[0])
                continue
            if kind == "num" and "." in label:
                no = f"{sec.numeral}.{label}"
            elif parent is not None:
                no = f"{parent.no}.{label}"
            else:
                no = f"{sec.numeral}.{label}"
            indent = len(ln.text) - len(ln.text.lstrip())
            node = _Node(no, label, depth, ln, ln.start + indent + length, [ln], parent=parent)
            if parent is not None:
                parent.children.append(node)
            else:
                sec.nodes.append(node)
            stack.append(node)
            continue
        bullet = _BULLET.match(text)
        if last_field is not None:
            owner, role = last_field
            sep = "\n" if bullet else " "
            owner.fields[role] = f"{owner.fields[role]}{sep}{text}".strip()
            continue
        fld = _field_of(text[bullet.end() :] if bullet else text)
        if fld is not None and fld[1]:
            owner = stack[-1] if stack else sec
            owner.fields[fld[0]] = fld[1]
            last_field = (owner, fld[0])
            current_bullet = None
            continue
        if bullet:
            current_bullet = [ln]
            if stack:
                stack[-1].lines.append(ln)
                stack[-1].bullets.append(current_bullet)
            else:
                sec.loose_bullets.append(current_bullet)
            continue
        if stack:
            stack[-1].lines.append(ln)
            if current_bullet is not None:
                current_bullet.append(ln)
        elif current_bullet is not None:
            current_bullet.append(ln)
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
            (ln.block == prev.block and not _BULLET.match(piece) and not _marker(piece))
            or (ln.block != prev.block and piece[:1].islower())
        ):
            out = join_wrapped(out, piece)
        else:
            out += "\n" + piece
        prev = ln
    return out


def _sentence_roles(text: str) -> dict[str, list[str]]:
    """Lead/partners/focal units stated in an item's first sentence."""
    out: dict[str, list[str]] = {}
    named = _NAMED_BODY.match(text)
    if named and starts_like_body(named.group("who")):
        out["lead"] = split_bodies(named.group("who"))
        text = text[named.end() :]
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0]
    m = _GIAO.search(first)
    if m and starts_like_body(m.group("who")):
        role = "focal_units" if "đầu mối" in m.group("verb") else "lead"
        out[role] = split_bodies(m.group("who"))
        after = first[m.end() :]
    else:
        cut = _CHU_TRI.search(first) or _PHOI_HOP_VOI.search(first)
        if cut is None:
            return out
        subject = _subject_before(first[: cut.start()])
        if subject and len(subject.split()) <= 24:
            out.setdefault("lead", split_bodies(subject))
        elif first[: cut.start()].strip() and "lead" not in out:
            return out  # "… do Sở X chủ trì": the lead of something else
        after = first[cut.start() :]
    p = _PHOI_HOP_VOI.search(after)
    if p:
        rest = after[p.end() :]
        partners = rest[: _end_outside_parens(rest)]
        if starts_like_body(partners) or partners.lower().startswith("các"):
            out["partners"] = split_bodies(partners)
    return out


def _subject_before(text: str) -> str:
    """The bodies a clause ends with: "Căn cứ …, Bộ A, Bộ B" → "Bộ A, Bộ B"."""
    pieces = re.split(r"(?<=,)\s*", re.split(r"[;:]", text)[-1].strip())
    kept: list[str] = []
    for piece in reversed(pieces):
        if not starts_like_body(piece):
            break
        kept.insert(0, piece)
    return " ".join(kept).strip().rstrip(",")


def _end_outside_parens(text: str) -> int:
    """Where a list of bodies ends: the first verb or punctuation outside (…)."""
    for m in _PARTNERS_END.finditer(text):
        if text.count("(", 0, m.start()) <= text.count(")", 0, m.start()):
            return m.start()
    return len(text)


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


def _task(
    view: TextView,
    lines: list[_Line],
    start: int,
    *,
    no: str | None,
    group: str | None,
    fields: dict[str, str],
    lead: list[str] | None,
    doc_year: int | None,
) -> Task:
    content = _join(view, lines, start)
    end = lines[-1].end
    page, bbox = view.locate(start, end)
    pages: list[int] = []
    for ln in lines:
        p = view.page_at(ln.start)
        if p is not None and p not in pages:
            pages.append(p)
    roles = _sentence_roles(content)
    leads = split_bodies(fields.get("lead", "")) or roles.get("lead", []) or (lead or [])
    partners = split_bodies(fields.get("partners", "")) or roles.get("partners", [])
    if fields.get("lead_and_partners"):
        more_lead, more_partners = split_lead_and_partners(fields["lead_and_partners"])
        leads, partners = leads + more_lead, partners + more_partners
    tf, dl = fields.get("timeframe"), fields.get("deadline")
    return Task(
        no=no,
        group=group,
        content=content,
        timeframe=parse_timeframe(tf, year=doc_year) if tf else None,
        deadline=parse_timeframe(dl, year=doc_year) if dl else None,
        lead=leads,
        partners=partners,
        focal_units=split_bodies(fields.get("focal_units", "")) or roles.get("focal_units", []),
        outputs=split_outputs(fields.get("outputs", "")),
        page=page,
        pages=pages or ([page] if page is not None else []),
        bbox=bbox,
        source="prose",
        table=None,
    )


def _bullet_start(ln: _Line) -> int:
    m = _BULLET.match(ln.text)
    return ln.start + (m.end() if m else 0)


def _node_tasks(
    view: TextView,
    node: _Node,
    group: str,
    inherited_lead: list[str] | None,
    fields: dict[str, str],
    doc_year: int | None,
) -> list[tuple[int, Task]]:
    """Tasks of one item: its leaves, or its bullets when it is headed by a body. Fields
    stated on an item or section ("2. Cơ quan chủ trì …") apply to the tasks below it."""
    body = _body_heading(node, view)
    lead = [body] if body else inherited_lead
    fields = {**fields, **{k: v for k, v in node.fields.items() if v}}
    if node.children:
        heading = squash_spaces(view.text[node.head.start : node.head.end])
        title = squash_spaces(view.text[node.marker_end : node.head.end])
        if column_role(title, whole=True) == "content":
            heading = group  # "1. Nội dung, biện pháp": a label, not a group
        out: list[tuple[int, Task]] = []
        for child in node.children:
            out.extend(_node_tasks(view, child, heading, lead, fields, doc_year))
        return out
    if body and node.bullets:
        return [
            (
                b[0].start,
                _task(
                    view,
                    b,
                    _bullet_start(b[0]),
                    no=node.no,
                    group=group,
                    fields=fields,
                    lead=[body],
                    doc_year=doc_year,
                ),
            )
            for b in node.bullets
        ]
    if body and len(node.lines) == 1 and not node.fields:
        return []  # a body named with nothing assigned to it
    return [
        (
            node.head.start,
            _task(
                view,
                node.lines,
                node.marker_end,
                no=node.no,
                group=group,
                fields=fields,
                lead=lead,
                doc_year=doc_year,
            ),
        )
    ]


def _prose(
    view: TextView,
    task_tables: set[int],
    doc_year: int | None,
    scanned_pages: frozenset[int] = frozenset(),
    warnings: list[Warning] | None = None,
) -> list[tuple[int, Task]]:
    out: list[tuple[int, Task]] = []
    for sec in _collect(_lines(view, task_tables, scanned_pages)):
        if sec.numeral_read is not None and warnings is not None:
            warnings.append(
                Warning(
                    code="ocr_number_repaired",
                    page=view.page_at(sec.page_start),
                    field="tasks.group",
                    message=f"section numeral read {sec.numeral_read!r} by OCR, repaired to "
                    f"{sec.numeral!r} from the section before it: {sec.heading!r}",
                )
            )
        if not sec.is_task or sec.has_table:
            continue
        fields = {k: v for k, v in sec.fields.items() if v}
        for node in sec.nodes:
            out.extend(_node_tasks(view, node, sec.heading, None, fields, doc_year))
        if not sec.nodes:
            for b in sec.loose_bullets:
                out.append(
                    (
                        b[0].start,
                        _task(
                            view,
                            b,
                            _bullet_start(b[0]),
                            no=sec.numeral,
                            group=sec.heading,
                            fields=fields,
                            lead=None,
                            doc_year=doc_year,
                        ),
                    )
                )
    return out


def prose_tasks(
    view: TextView, *, task_tables: set[int] | None = None, doc_year: int | None = None
) -> list[Task]:
    """Tasks from numbered items of task sections (see the module's conventions);
    ``task_tables`` holds ``id()`` of the tables read as task tables."""
    return [t for _, t in _prose(view, task_tables or set(), doc_year)]


def parse_tasks(
    layout: LayoutDocument, view: TextView, *, doc_year: int | None
) -> tuple[list[Task], list[Warning]]:
    """Every task of a document, table rows and prose items, in reading order."""
    tables = find_task_tables(layout)
    positions = {id(it.item): it.start for it in view.items}
    keyed: list[tuple[int, int, Task]] = []
    warnings: list[Warning] = []
    for tt in tables:
        found, w = table_tasks(tt, doc_year=doc_year)
        base = positions.get(id(tt.parts[0]), 0)
        keyed.extend((base, i, t) for i, t in enumerate(found))
        warnings.extend(w)
    in_tables = {id(p) for tt in tables for p in tt.parts}
    scanned = frozenset(p.number for p in layout.pages if p.text_source == "ocr")
    prose = _prose(view, in_tables, doc_year, scanned, warnings)
    keyed.extend((off, i, t) for i, (off, t) in enumerate(prose))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [t for _, _, t in keyed], warnings
