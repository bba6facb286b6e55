"""The task register written out: a terminal table, CSV, XLSX, ICS and JSON lines.

* CSV: UTF-8 with a byte-order mark, so that Excel opens Vietnamese text correctly;
* XLSX (openpyxl): a bold, frozen header row with filters, column widths, deadlines as
  dates (``DD/MM/YYYY``);
* ICS (icalendar): one VTODO per task with a deadline (DUE), recurring tasks with an
  RRULE (quarterly: ``FREQ=MONTHLY;INTERVAL=3``) until the end of their range;
* JSON lines: :meth:`vanban.register.tasks.TaskEntry.as_json`, one per line.

>>> import datetime as dt
>>> from vanban.register.tasks import RegisterDoc, TaskEntry
>>> doc = RegisterDoc("ab", "kh.pdf", "Kế hoạch", "15/KH-UBND", "2026-03-02", "Kế hoạch …")
>>> e = TaskEntry(doc, "1", "1", None, 1, "table", "Tuyên truyền", 3, "Hằng quý",
...               None, None, "quarterly", "recurring", dt.date(2026, 12, 31))
>>> b"RRULE:FREQ=MONTHLY;INTERVAL=3" in tasks_ics([e], dt.date(2026, 12, 4))
True
>>> tasks_csv([e]).startswith("\\ufeffdocument_file,")
True
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from typing import Any

from vanban.register.status import parse_date
from vanban.register.tasks import TaskEntry

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("document_file", "Tệp", 28),
    ("document_type", "Loại văn bản", 16),
    ("document_number", "Số ký hiệu", 20),
    ("document_date", "Ngày văn bản", 13),
    ("no", "TT", 8),
    ("id", "Mã", 10),
    ("parent", "Thuộc", 8),
    ("content", "Nội dung", 60),
    ("lead", "Chủ trì", 30),
    ("partners", "Phối hợp", 30),
    ("focal_units", "Đầu mối", 20),
    ("outputs", "Sản phẩm", 24),
    ("timeframe", "Thời gian (in)", 18),
    ("start", "Từ ngày", 12),
    ("end", "Đến ngày", 12),
    ("recurrence", "Lặp lại", 12),
    ("status", "Trạng thái", 12),
    ("status_date", "Hạn xét", 12),
    ("agency", "Cơ quan", 30),
    ("agency_role", "Vai trò", 9),
    ("page", "Trang", 6),
)
DATE_COLUMNS = {"document_date", "start", "end", "status_date"}


def _cells(e: TaskEntry) -> dict[str, Any]:
    """One register row as plain values (lists joined with "; ", dates as ISO text)."""
    return {
        "document_file": e.document.file,
        "document_type": e.document.doc_type,
        "document_number": e.document.number,
        "document_date": e.document.date,
        "no": e.no,
        "id": e.id,
        "parent": e.parent,
        "content": e.content,
        "lead": "; ".join(e.lead),
        "partners": "; ".join(e.partners),
        "focal_units": "; ".join(e.focal_units),
        "outputs": "; ".join(e.outputs),
        "timeframe": e.timeframe,
        "start": e.start,
        "end": e.end,
        "recurrence": e.recurrence,
        "status": e.status,
        "status_date": e.status_date.isoformat() if e.status_date else None,
        "agency": e.agency,
        "agency_role": e.agency_role,
        "page": e.page,
    }


def tasks_csv(entries: Sequence[TaskEntry]) -> str:
    """CSV text with a BOM; the header row is the column keys."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow([c for c, _, _ in COLUMNS])
    for e in entries:
        cells = _cells(e)
        w.writerow(["" if cells[c] is None else cells[c] for c, _, _ in COLUMNS])
    return buf.getvalue()


def tasks_jsonl(entries: Sequence[TaskEntry]) -> str:
    return "".join(json.dumps(e.as_json(), ensure_ascii=False) + "\n" for e in entries)


def tasks_xlsx(entries: Sequence[TaskEntry]) -> bytes:
    """An XLSX workbook: one sheet "Nhiệm vụ", header, filters, widths, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Nhiệm vụ"
    ws.append([label for _, label, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for e in entries:
        cells = _cells(e)
        row: list[Any] = []
        for key, _, _ in COLUMNS:
            value = cells[key]
            if key in DATE_COLUMNS:
                value = parse_date(value) if isinstance(value, str) else value
            row.append(value)
        ws.append(row)
    for i, (key, _, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = width
        for cell in ws[letter][1:]:
            if key in DATE_COLUMNS and cell.value is not None:
                cell.number_format = "DD/MM/YYYY"
            if key == "content":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


RRULES: dict[str, dict[str, Any]] = {
    "yearly": {"freq": "yearly"},
    "half_yearly": {"freq": "monthly", "interval": 6},
    "half_yearly_and_yearly": {"freq": "monthly", "interval": 6},
    "quarterly": {"freq": "monthly", "interval": 3},
    "monthly": {"freq": "monthly"},
    "weekly": {"freq": "weekly"},
}
"""The recurrences with a calendar period, as RRULE parts."""


def _uid(e: TaskEntry) -> str:
    digest = hashlib.sha256(f"{e.document.sha256}|{e.id}".encode()).hexdigest()[:24]
    return f"{digest}@vanban"


def tasks_ics(entries: Sequence[TaskEntry], as_of: dt.date) -> bytes:
    """An iCalendar file: a VTODO per task that has a deadline or a calendar recurrence."""
    from icalendar import Calendar, Todo

    cal = Calendar()
    cal.add("prodid", "-//vanban//task register//VI")
    cal.add("version", "2.0")
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
    for e in entries:
        due = e.status_date or parse_date(e.end)
        if due is None:
            continue
        todo = Todo()
        todo.add("uid", _uid(e))
        todo.add("dtstamp", stamp)
        label = " ".join(p for p in (e.document.doc_type, e.document.number) if p)
        todo.add("summary", f"{label} · {e.no or e.id}: {e.content[:120]}".strip(" ·"))
        todo.add("description", _description(e))
        todo.add("due", due)
        rule = RRULES.get(e.recurrence or "")
        if rule is not None:
            todo.add("dtstart", due)
            until = parse_date(e.end)
            todo.add("rrule", {**rule, **({"until": until} if until else {})})
        if e.lead:
            todo.add("categories", e.lead)
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical()


def _description(e: TaskEntry) -> str:
    lines = [e.content]
    for label, values in (("Chủ trì", e.lead), ("Phối hợp", e.partners), ("Sản phẩm", e.outputs)):
        if values:
            lines.append(f"{label}: {'; '.join(values)}")
    if e.timeframe:
        lines.append(f"Thời gian: {e.timeframe}")
    lines.append(f"Văn bản: {e.document.label()} — {e.document.file or ''}, trang {e.page or '?'}")
    return "\n".join(lines)


def tasks_table(entries: Sequence[TaskEntry], *, width: int | None = None) -> str:
    """A terminal table (rich); with ``--by-agency`` entries, one section per body."""
    from rich.console import Console
    from rich.table import Table

    grouped = any(e.agency for e in entries)
    table = Table(show_lines=False, expand=False)
    headers = ("Văn bản", "TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Trạng thái")
    if grouped:
        table.add_column("Cơ quan", overflow="fold")
    for header in headers:
        table.add_column(header, overflow="fold")
    previous: str | None = None
    for e in entries:
        when = e.timeframe or ""
        status = e.status + (f" {e.status_date.isoformat()}" if e.status_date else "")
        if e.agency_role:
            status += f" ({e.agency_role})"
        cells = [
            e.document.label(), e.no or e.id, e.content[:200], "; ".join(e.lead),
            "; ".join(e.partners), when, status,
        ]  # fmt: skip
        if grouped:
            agency = e.agency or "(no body named)"
            cells.insert(0, agency if agency != previous else "")
            if agency != previous and previous is not None:
                table.add_section()
            previous = agency
        table.add_row(*cells)
    console = Console(width=width or 160, file=io.StringIO(), force_terminal=False)
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return str(out) + f"{len(entries)} task(s)\n"
