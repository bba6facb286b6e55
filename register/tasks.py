"""The task register: one entry per task across the corpus, read through store queries.

>>> import datetime as dt
>>> from vanban.models.document import Document, SourceInfo, Task, Timeframe
>>> from pathlib import Path
>>> from vanban.store.sqlite import SQLiteStore
>>> src = SourceInfo(filename="kh.txt", sha256="ab", format="txt", pages=1, ocr=False)
>>> doc = Document(extractor_version="t", source=src, doc_type="Kế hoạch", tasks=[
...     Task(id="1", no="1", content="Tuyên truyền", lead=["Sở Nội vụ"],
...          timeframe=Timeframe(raw="Quý IV/2026", start="2026-10-01", end="2026-12-31"))])
>>> store = SQLiteStore(Path(":memory:"))
>>> store.put(doc, original_name="kh.txt", archive_path="a", extractor_version="t")
>>> [(e.no, e.status, e.agency_role) for e in register(store, TaskQuery(
...     agency="Sở  Nội Vụ", as_of=dt.date(2026, 12, 4)))]
[('1', 'due_soon', 'lead')]
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from vanban.checks.identity import keys_for_number
from vanban.parsers.agencies import agency_key
from vanban.register.aliases import Aliases
from vanban.register.status import Status, parse_date, task_status
from vanban.store.register import RegisterSql

__all__ = ["RegisterDoc", "TaskEntry", "TaskQuery", "by_agency", "register"]


@dataclass(frozen=True)
class RegisterDoc:
    """What a register row says about the document a task or citation comes from."""

    sha256: str
    file: str | None
    doc_type: str | None
    number: str | None
    date: str | None
    title: str | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> RegisterDoc:
        return cls(*(row[:6]))

    def identity(self) -> tuple[str, str, str] | None:
        """(type, number, date): two files with one identity are one document's twins
        (a scan and its typed copy, a PDF and its Markdown)."""
        if not self.number:
            return None
        return (self.doc_type or "", self.number, self.date or "")

    def label(self) -> str:
        """'Kế hoạch 115/KH-MTTQ-UB (2026-03-02)', else the file name."""
        parts = [p for p in (self.doc_type, self.number) if p]
        text = " ".join(parts) or (self.file or self.sha256[:12])
        return f"{text} ({self.date})" if self.date else text


@dataclass
class TaskEntry:
    """One row of the register."""

    document: RegisterDoc
    id: str
    no: str | None
    parent: str | None
    level: int | None
    source: str | None
    content: str
    page: int | None
    timeframe: str | None
    start: str | None
    end: str | None
    recurrence: str | None
    status: Status
    status_date: dt.date | None
    """The deadline the status is judged by; for a recurring task its next occurrence."""
    lead: list[str] = field(default_factory=list)
    lead_source: str | None = None
    partners: list[str] = field(default_factory=list)
    focal_units: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    agency_role: str | None = None
    """With ``--agency`` or ``--by-agency``: how the agency takes part ("lead", "partner",
    "focal")."""
    agency: str | None = None
    """With ``--by-agency``: the body this row lists the task under (its commonest spelling)."""
    agency_keys: dict[str, list[str]] = field(default_factory=dict)
    """role → the agency keys (aliases applied) of the bodies named on the task."""
    twins: list[str] = field(default_factory=list)
    """Other files of the same document (same type, number and date) whose tasks are
    not listed again (``--all-files`` lists them)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "document": {
                "file": self.document.file,
                "type": self.document.doc_type,
                "number": self.document.number,
                "date": self.document.date,
                "title": self.document.title,
                "sha256": self.document.sha256,
            },
            "id": self.id,
            "no": self.no,
            "parent": self.parent,
            "level": self.level,
            "source": self.source,
            "content": self.content,
            "lead": self.lead,
            "lead_source": self.lead_source,
            "partners": self.partners,
            "focal_units": self.focal_units,
            "outputs": self.outputs,
            "timeframe": self.timeframe,
            "start": self.start,
            "end": self.end,
            "recurrence": self.recurrence,
            "page": self.page,
            "status": self.status,
            "status_date": self.status_date.isoformat() if self.status_date else None,
            "agency": self.agency,
            "agency_role": self.agency_role,
            "twins": self.twins,
        }


@dataclass(frozen=True)
class TaskQuery:
    """The register's filters (``vanban tasks`` options)."""

    agency: str | None = None
    document: str | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    overdue: bool = False
    aliases: Aliases = field(default_factory=Aliases)
    all_files: bool = False
    """List the tasks of every file, twins included."""


def document_keys_for(text: str) -> list[str]:
    """Identity keys a user's "--document" names: a number ('75/2021/NĐ-CP')."""
    return sorted(keys_for_number(text))


ROLE_ORDER = ("lead", "partner", "focal")


def register(store: RegisterSql, query: TaskQuery) -> list[TaskEntry]:
    """The register rows matching ``query`` (the store's rows refreshed first)."""
    store.refresh_register()
    agency_keys: list[str] | None = None
    if query.agency:
        agency_keys = query.aliases.members(agency_key(query.agency))
    doc_keys = document_keys_for(query.document) if query.document else None
    rows = store.register_tasks(
        agency_keys=agency_keys,
        document_keys=doc_keys,
        due_from=query.due_from.isoformat() if query.due_from else None,
        due_to=query.due_to.isoformat() if query.due_to else None,
        overdue_before=query.as_of.isoformat() if query.overdue else None,
    )
    roles: dict[tuple[str, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sha, seq, role, key, _name in store.task_agency_rows(r[0] for r in rows):
        roles[(sha, seq)][role].append(key)
    wanted = set(agency_keys or ())
    out: list[TaskEntry] = []
    for row in rows:
        doc = RegisterDoc.from_row(row)
        (seq, task_id, no, parent, level, source, content, page) = row[6:14]
        due_raw, due_start, due_end, recurrence, rec_json = row[14:19]
        rec = json.loads(rec_json)
        status, when = task_status(due_start, due_end, recurrence, query.as_of)
        if query.overdue and status != "overdue":
            continue
        named = roles.get((doc.sha256, seq), {})
        agency_role = next((r for r in ROLE_ORDER if wanted & set(named.get(r, ()))), None)
        task_roles = {
            r: sorted({query.aliases.canonical(k) for k in ks}) for r, ks in named.items()
        }
        out.append(
            TaskEntry(
                document=doc,
                id=task_id,
                no=no,
                parent=parent,
                level=level,
                source=source,
                content=content,
                page=page,
                timeframe=due_raw,
                start=due_start,
                end=due_end,
                recurrence=recurrence,
                status=status,
                status_date=when,
                lead=rec.get("lead", []),
                lead_source=rec.get("lead_source"),
                partners=rec.get("partners", []),
                focal_units=rec.get("focal_units", []),
                outputs=rec.get("outputs", []),
                agency_role=agency_role,
                agency_keys=task_roles,
            )
        )
    return out if query.all_files else collapse_twins(out)


#: Which file of a document's twins the register lists: typed sources first.
FORMAT_PREFERENCE = (".docx", ".html", ".htm", ".md", ".txt", ".doc", ".pdf")


def _preference(file: str | None) -> tuple[int, str]:
    name = (file or "").lower()
    rank = next((i for i, s in enumerate(FORMAT_PREFERENCE) if name.endswith(s)), 99)
    return rank, name


def collapse_twins(entries: list[TaskEntry]) -> list[TaskEntry]:
    """The tasks of one file per document identity (the most typed one); the others are
    named in ``twins``. Files without a number are never twins; a file without a date is
    the twin of the dated files of its type and number when they all share one date."""
    dates: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in entries:
        ident = e.document.identity()
        if ident is not None and ident[2]:
            dates[ident[:2]].add(ident[2])

    def identity(e: TaskEntry) -> tuple[str, str, str] | None:
        """The file's identity; an undated file takes the date of its dated twins when
        they agree on one (a text copy whose date line was lost)."""
        ident = e.document.identity()
        if ident is not None and not ident[2] and len(dates[ident[:2]]) == 1:
            return (*ident[:2], next(iter(dates[ident[:2]])))
        return ident

    files: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for e in entries:
        ident = identity(e)
        if ident is not None:
            files[ident].add(e.document.file or e.document.sha256)
    keep = {ident: min(names, key=_preference) for ident, names in files.items()}
    out = []
    for e in entries:
        ident = identity(e)
        name = e.document.file or e.document.sha256
        if ident is None:
            out.append(e)
        elif keep[ident] == name:
            e.twins = sorted(files[ident] - {name})
            out.append(e)
    return out


def parse_day(text: str) -> dt.date:
    """A command-line date: '2026-12-31' or '31/12/2026'.

    >>> parse_day("31/12/2026"), parse_day("2026-01-05")
    (datetime.date(2026, 12, 31), datetime.date(2026, 1, 5))
    """
    text = text.strip()
    if "/" in text:
        day, month, year = (int(p) for p in text.split("/"))
        return dt.date(year, month, day)
    found = parse_date(text)
    if found is None:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or DD/MM/YYYY)")
    return found


def agency_names(store: RegisterSql, aliases: Aliases) -> dict[str, str]:
    """Agency key (aliases applied) → its commonest spelling over the corpus."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, name, _role, n in store.agency_counts():
        counts[aliases.canonical(key)][name] += int(n)
    return {k: max(v.items(), key=lambda kv: (kv[1], kv[0]))[0] for k, v in counts.items()}


def by_agency(store: RegisterSql, entries: list[TaskEntry], aliases: Aliases) -> list[TaskEntry]:
    """Each task once under every body named on it (lead, partner, focal unit), sorted by
    body then document; tasks that name no body come last under ``agency`` None."""
    names = agency_names(store, aliases)
    out: list[TaskEntry] = []
    for e in entries:
        listed = False
        seen: set[str] = set()
        for role in ROLE_ORDER:
            for key in e.agency_keys.get(role, []):
                if key in seen:
                    continue
                seen.add(key)
                listed = True
                out.append(replace(e, agency=names.get(key, key), agency_role=role))
        if not listed:
            out.append(replace(e, agency=None, agency_role=None))
    out.sort(key=lambda e: (e.agency is None, (e.agency or "").casefold(),
                            ROLE_ORDER.index(e.agency_role) if e.agency_role else 9))  # fmt: skip
    return out
