"""The register's rows of one document: what the store writes beside it (migration 4).

* ``task_rows``: one per task, with its deadline as printed and as dates;
* ``task_agencies``: one per body named on a task (``lead``, ``partner``, ``focal``), with
  its agency key (:func:`vanban.parsers.agencies.agency_key`: "Ủy ban MTTQ Việt Nam tỉnh"
  and "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" share one);
* ``citation_edges``: one per citation that names an identity, with its relation
  (``Citation.relation``) and where it is printed; self-citations are left out;
* ``document_keys``: the identities of the document itself.

An identity is the checks' base key (:mod:`vanban.checks.identity`: "N|NĐ|75|CP|2021"),
or, for a document cited by name with no number (laws, ordinances), a name key built
from its type, name and year: "T|PHAP LENH|uu dai nguoi co cong voi cach mang|2020".

>>> from vanban.models.document import Citation, Document, SourceInfo, Task, Timeframe
>>> src = SourceInfo(filename="kh.txt", sha256="ab", format="txt", pages=1, ocr=False)
>>> doc = Document(extractor_version="t", source=src, tasks=[Task(id="1", no="1",
...     content="Tuyên truyền", lead=["Sở Nội vụ"], timeframe=Timeframe(raw="Quý IV/2026",
...     start="2026-10-01", end="2026-12-31"))], references=[Citation(
...     raw="sửa đổi Nghị định số 75/2021/NĐ-CP", number="75/2021/NĐ-CP", relation="amends")])
>>> rows = register_rows(doc)
>>> [(r[0], r[2], r[11]) for r in rows.tasks], [r[2:4] for r in rows.agencies]
([('ab', '1', '2026-12-31')], [('lead', 'sơ3 nôi5 vu5')])
>>> [(e[4], e[6]) for e in rows.edges]
[('N|NĐ|75|CP|2021', 'amends')]
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from vanban.checks.identity import (
    Identity,
    base_key,
    identity_of_citation,
    identity_of_docnumber,
    period_of,
)
from vanban.extract.hygiene import strip_diacritics
from vanban.models.document import Citation, Document, Task, Timeframe
from vanban.parsers.agencies import agency_key

REGISTER_VERSION = 2
"""Version of the rows below: a store rebuilds a document's rows built with another one."""

TaskRow = tuple[
    str, int, str, str | None, str | None, int, str, str, int | None,
    str | None, str | None, str | None, str | None, str,
]  # fmt: skip
AgencyRow = tuple[str, int, str, str, str]
EdgeRow = tuple[
    str, int, str, int, str, str | None, str, str | None, str | None, str | None, str | None,
    str, str | None, int | None, int | None, int | None, int | None, int | None,
]  # fmt: skip
KeyRow = tuple[str, str, str | None]

#: Columns in the order the rows above are written.
TASK_COLUMNS = (
    "sha256, seq, task_id, no, parent, level, source, content, page, due_raw, due_start, "
    "due_end, recurrence, rec"
)
AGENCY_COLUMNS = "sha256, seq, role, agency_key, name"
EDGE_COLUMNS = (
    "sha256, seq, section, idx, target, period, relation, number, doc_type, date, issuer, "
    "raw, cue, page, span_start, span_end, sentence_start, sentence_end"
)
KEY_COLUMNS = "key, sha256, period"

#: The roles a body plays on a task, by the task field that names it.
AGENCY_ROLES: tuple[tuple[str, str], ...] = (
    ("lead", "lead"),
    ("partners", "partner"),
    ("focal_units", "focal"),
)

_WORDS = re.compile(r"\w+", re.UNICODE)
_PRINTED_NUMBER = re.compile(r"\d+\s*/\s*\S|\bsố\s*\d", re.IGNORECASE)


class RegisterRows(NamedTuple):
    tasks: list[TaskRow]
    agencies: list[AgencyRow]
    edges: list[EdgeRow]
    keys: list[KeyRow]


def fold_name(text: str) -> str:
    """Case, tones and punctuation folded: 'Ưu đãi người có công' → 'uu dai nguoi co cong'."""
    return " ".join(_WORDS.findall(strip_diacritics(text)))


def name_key(doc_type: str | None, name: str | None, year: int | None) -> str | None:
    """The identity of a document known by type, name and year (no number).

    >>> name_key("Pháp lệnh", "Pháp lệnh Ưu đãi người có công với cách mạng", 2020)
    'T|PHAP LENH|uu dai nguoi co cong voi cach mang|2020'
    >>> name_key("Luật", None, 2015) is None
    True
    """
    if not doc_type or not name or year is None:
        return None
    kind, title = fold_name(doc_type), fold_name(name)
    if title.startswith(kind + " "):
        title = title[len(kind) + 1 :]
    if not title:
        return None
    return f"T|{kind.upper()}|{title}|{year}"


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def citation_target(c: Citation) -> tuple[str, str | None] | None:
    """(identity key, period) of what a citation names; None when it names no identity."""
    identity = identity_of_citation(c)
    if identity is not None:
        return base_key(identity), period_of(identity, c.date)
    key = name_key(c.doc_type, c.name or _named_part(c), c.year or _year(c.date))
    return (key, None) if key else None


def _named_part(c: Citation) -> str | None:
    """A law cited by name with its date: the words before " ngày" ('Luật Tổ chức Chính
    phủ ngày 19 tháng 6 năm 2015' → 'Luật Tổ chức Chính phủ')."""
    if c.number or not c.doc_type or c.number_raw or _PRINTED_NUMBER.search(c.raw):
        return None  # a number that did not parse ("số 69/20118/NĐ-CP") is not a name
    head = re.split(r"\s+ngày\s", c.raw, maxsplit=1)[0]
    return head if fold_name(head).startswith(fold_name(c.doc_type)) else None


def document_targets(doc: Document) -> list[tuple[str, str | None]]:
    """(key, period) of the document's own identities: its number, and its type, title
    and year (the identity a law cited by name resolves to)."""
    out: list[tuple[str, str | None]] = []
    if doc.number is not None:
        identity: Identity | None = identity_of_docnumber(doc.number)
        if identity is not None:
            out.append((base_key(identity), period_of(identity, doc.date)))
    key = name_key(doc.doc_type, doc.title, _year(doc.date))
    if key:
        out.append((key, None))
    return out


def due_of(task: Task) -> Timeframe | None:
    """The task's deadline, else its time frame."""
    return task.deadline or task.timeframe


def task_record(task: Task) -> str:
    """The parts of a task the register prints and the store does not index (JSON)."""
    return json.dumps(
        {
            "lead": task.lead,
            "lead_source": task.lead_source,
            "partners": task.partners,
            "focal_units": task.focal_units,
            "outputs": task.outputs,
            "pages": task.pages,
            "table": task.table,
            "group": task.group,
        },
        ensure_ascii=False,
    )


def register_rows(doc: Document) -> RegisterRows:
    """Every register row of one document (see the module)."""
    sha = doc.source.sha256
    tasks: list[TaskRow] = []
    agencies: list[AgencyRow] = []
    for seq, task in enumerate(doc.tasks):
        due = due_of(task)
        tasks.append(
            (
                sha,
                seq,
                task.id or task.no or str(seq + 1),
                task.no,
                task.parent,
                task.level,
                task.source,
                task.content,
                task.page,
                due.raw if due else None,
                due.start if due else None,
                due.end if due else None,
                due.recurrence if due else None,
                task_record(task),
            )
        )
        seen: set[tuple[str, str]] = set()
        for field, role in AGENCY_ROLES:
            for name in getattr(task, field):
                key = agency_key(name)
                if key and (role, key) not in seen:
                    seen.add((role, key))
                    agencies.append((sha, seq, role, key, name))
    own = document_targets(doc)
    own_keys = {k for k, _ in own}
    edges: list[EdgeRow] = []
    sections = (("legal_basis", doc.legal_basis), ("references", doc.references))
    implemented = {c.span for c in doc.implements if c.span is not None}
    in_basis = {(c.raw, c.span) for c in doc.legal_basis}
    title_only = [c for c in doc.implements if (c.raw, c.span) not in in_basis]
    for section, citations in (*sections, ("implements", title_only)):
        for idx, c in enumerate(citations):
            target = citation_target(c)
            if target is None or target[0] in own_keys:
                continue
            relation = c.relation or _fallback_relation(section, c, implemented)
            sentence = c.relation_span
            edges.append(
                (
                    sha,
                    len(edges),
                    section,
                    idx,
                    target[0],
                    target[1],
                    relation,
                    c.number,
                    c.doc_type,
                    c.date,
                    c.issuer,
                    c.raw,
                    c.relation_cue,
                    c.page,
                    c.span[0] if c.span else None,
                    c.span[1] if c.span else None,
                    sentence[0] if sentence else None,
                    sentence[1] if sentence else None,
                )
            )
    keys = [(k, sha, period) for k, period in dict(own).items()]
    return RegisterRows(tasks, agencies, edges, keys)


def _fallback_relation(section: str, c: Citation, implemented: set[tuple[int, int]]) -> str:
    """The relation of a citation extracted before ``relation`` existed."""
    if section == "implements" or (c.span is not None and c.span in implemented):
        return "implements"
    return "basis" if section == "legal_basis" else "mentions"
