"""Read a seed text (/work/shared/seeds/*.txt) into the parts a document is laid out from.

The seed's words are kept verbatim; only layout artefacts are undone: "**" bold markers
and "*…*" italics become styles, a paragraph cut by a page break in the source ("nâng cao"
+ blank line + "hiệu quả …", the next line starting in lower case) is joined with one
space, and a task-table row split across pages (a continuation row whose first cell is
empty) is joined cell by cell.

>>> parts = split_seed("Số: 1-KH/TU\\nKẾ HOẠCH\\nvề thử\\nCăn cứ A;\\nTM. BTV\\nNơi nhận:\\n- Lưu.", "TM. BTV")
>>> parts.type_line, parts.title_lines, parts.recipient_lines
('KẾ HOẠCH', ['về thử'], [('- Lưu.', '')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TYPE_LINE = re.compile(r"^(CHƯƠNG TRÌNH PHỐI HỢP(?: CÔNG TÁC)?|KẾ HOẠCH|NGHỊ QUYẾT|QUYẾT ĐỊNH)$")
NUMBER_LINE = re.compile(r"^Số:?\s")
PREAMBLE_START = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị)\b")
ROMAN_HEADING = re.compile(r"^[IVX]+\.\s")
SUB_HEADING = re.compile(r"^\d+\.\s+\S.{0,90}$")
ENDS_SENTENCE = re.compile(r"[.;:!?…”\"]\s*$")
WIDE_GAP = re.compile(r"\s{3,}")


@dataclass
class Paragraph:
    """One body paragraph: its text and how it is set."""

    text: str
    bold: bool = False
    heading: bool = False


@dataclass
class TaskTable:
    """The seed's tab-separated task table: header cells and rows (continuations joined)."""

    header: list[str]
    rows: list[list[str]]
    split_rows: list[str] = field(default_factory=list)


@dataclass
class SeedParts:
    number_line: str | None
    type_line: str
    title_lines: list[str]
    body: list[Paragraph | TaskTable]
    signature_start: int
    recipients_heading: str
    recipient_lines: list[tuple[str, str]]


def _clean(line: str) -> str:
    return line.replace("**", "").strip()


def _join_continuation(prev: list[str], cont: list[str]) -> list[str]:
    out = []
    for a, b in zip(prev, cont + [""] * (len(prev) - len(cont)), strict=False):
        a, b = a.strip(), b.strip()
        out.append(f"{a} {b}" if a and b else (a or b))
    return out


def _table(lines: list[str]) -> TaskTable:
    header = [c.strip() for c in lines[0].split("\t")]
    rows: list[list[str]] = []
    split: list[str] = []
    for line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        if not cells[0].strip() and rows:
            rows[-1] = _join_continuation(rows[-1], cells)
            split.append(rows[-1][0])
        else:
            rows.append([c.strip() for c in cells])
    return TaskTable(header=header, rows=rows, split_rows=split)


def _body(lines: list[str]) -> list[Paragraph | TaskTable]:
    out: list[Paragraph | TaskTable] = []
    table_lines: list[str] = []
    pending: str | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            heading = bool(ROMAN_HEADING.match(pending))
            sub = bool(SUB_HEADING.match(pending)) and not ENDS_SENTENCE.search(pending)
            out.append(Paragraph(text=pending, bold=heading or sub, heading=heading))
            pending = None

    for raw in lines:
        if raw.count("\t") >= 4:
            flush()
            table_lines.append(raw)
            continue
        line = _clean(raw)
        if not line:
            continue
        if table_lines:
            out.append(_table(table_lines))
            table_lines = []
        if pending is not None and line[0].islower() and not ENDS_SENTENCE.search(pending):
            pending = f"{pending} {line}"  # a paragraph cut by a page break in the source
            continue
        flush()
        pending = line
    flush()
    if table_lines:
        out.append(_table(table_lines))
    return out


def split_seed(text: str, first_signature_line: str) -> SeedParts:
    """Cut a seed into number, type line, title, body, signature start and recipients."""
    lines = text.splitlines()
    idx = 0
    number_line = None
    while not TYPE_LINE.match(_clean(lines[idx])):
        if NUMBER_LINE.match(_clean(lines[idx])):
            number_line = _clean(lines[idx])
        idx += 1
    type_line = _clean(lines[idx])
    idx += 1
    title: list[str] = []
    while not PREAMBLE_START.match(_clean(lines[idx])):
        if _clean(lines[idx]):
            title.append(_clean(lines[idx]))
        idx += 1
    sig = next(
        i for i in range(idx, len(lines)) if _clean(lines[i]) == first_signature_line.strip()
    )
    rec = next(i for i in range(sig, len(lines)) if _clean(lines[i]).startswith("Nơi nhận"))
    recipients: list[tuple[str, str]] = []
    for raw in lines[rec + 1 :]:
        line = raw.strip()
        if not line:
            continue
        parts = WIDE_GAP.split(line, maxsplit=1)
        item, note = (parts[0], parts[1]) if len(parts) == 2 else (line, "")
        if not item.startswith("-") and recipients:
            prev_item, prev_note = recipients[-1]
            recipients[-1] = (f"{prev_item} {item}", prev_note)  # a wrapped recipient line
        else:
            recipients.append((item, note))
    return SeedParts(
        number_line=number_line,
        type_line=type_line,
        title_lines=title,
        body=_body(lines[idx:sig]),
        signature_start=sig,
        recipients_heading=_clean(lines[rec]).rstrip(),
        recipient_lines=recipients,
    )


def italic_runs(text: str) -> list[tuple[str, bool]]:
    """'a “*b*” c' → [('a “', False), ('b', True), ('” c', False)] (markdown italics)."""
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(r"\*([^*]+)\*", text)):
        if piece:
            out.append((piece, i % 2 == 1))
    return out
