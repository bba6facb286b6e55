"""The register's behaviour, written once and run on both stores (tests/test_register.py
on SQLite, tests/scaleout/test_register_postgres.py on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

from tests.register_docs import corpus
from vanban.checks.graph import graph_findings
from vanban.register.agencies import agency_table
from vanban.register.aliases import Aliases
from vanban.register.exports import tasks_csv, tasks_ics, tasks_jsonl, tasks_xlsx
from vanban.register.graph import cites, edges, graph_text, missing
from vanban.register.tasks import TaskQuery, by_agency, register
from vanban.store.sql import SqlStore

AS_OF = dt.date(2026, 12, 4)


def fill(store: SqlStore) -> None:
    for d in corpus():
        store.put(d, original_name=d.source.filename, archive_path="a", extractor_version="t")


def check_register_filters(store: SqlStore) -> None:
    every = register(store, TaskQuery(as_of=AS_OF))
    assert len(every) == 6
    statuses = {(e.document.file, e.no): e.status for e in every}
    assert statuses == {
        ("ctr15.txt", "1"): "overdue",
        ("ctr15.txt", "2"): "due_soon",
        ("kh40.txt", "1"): "overdue",
        ("kh40.txt", "2"): "recurring",
        ("kh40.txt", "3"): "overdue",
        ("kh40.txt", "4"): "no_deadline",
    }
    recurring = next(e for e in every if e.status == "recurring")
    assert recurring.status_date == dt.date(2026, 12, 31)

    # one agency under three spellings (a key), as lead or partner, with the role
    front = register(store, TaskQuery(agency="Ủy ban MTTQ Việt Nam tỉnh", as_of=AS_OF))
    assert sorted((e.document.file, e.no, e.agency_role) for e in front) == [
        ("ctr15.txt", "1", "partner"),
        ("kh40.txt", "1", "lead"),
        ("kh40.txt", "2", "lead"),
    ]
    assert [e.no for e in register(store, TaskQuery(document="40-KH/BTGDVTU", as_of=AS_OF))] == [
        "1", "2", "3", "4",
    ]  # fmt: skip
    window = TaskQuery(due_from=dt.date(2026, 11, 1), due_to=dt.date(2026, 12, 31), as_of=AS_OF)
    assert sorted((e.document.file, e.no) for e in register(store, window)) == [
        ("ctr15.txt", "2"), ("kh40.txt", "3"),
    ]  # fmt: skip
    overdue = register(store, TaskQuery(overdue=True, as_of=AS_OF))
    assert {e.status for e in overdue} == {"overdue"} and len(overdue) == 3
    assert register(store, TaskQuery(agency="Bộ Ngoại giao", as_of=AS_OF)) == []


def check_aliases_and_grouping(store: SqlStore) -> None:
    aliases = Aliases.from_mapping({"Văn phòng Tỉnh ủy": "Sở Nội vụ"})  # a reviewer's merge
    merged = register(store, TaskQuery(agency="Sở Nội vụ", as_of=AS_OF, aliases=aliases))
    assert sorted((e.document.file, e.no) for e in merged) == [
        ("ctr15.txt", "2"), ("kh40.txt", "3"), ("kh40.txt", "4"),
    ]  # fmt: skip
    rows = by_agency(store, register(store, TaskQuery(as_of=AS_OF)), Aliases())
    groups = [(e.agency, e.agency_role, e.document.file, e.no) for e in rows]
    assert ("Ủy ban MTTQ Việt Nam tỉnh", "partner", "ctr15.txt", "1") in groups or (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "partner",
        "ctr15.txt",
        "1",
    ) in groups
    assert len(rows) == 7  # six tasks, the first of ctr15 under its lead and its partner
    table = agency_table(store, Aliases())
    front = next(a for a in table if len(a.spellings) == 3)
    assert (front.lead, front.partner) == (2, 1)


def check_graph(store: SqlStore) -> None:
    found = cites(store, "75/2021/NĐ-CP")
    assert [(c.document.file, c.relations) for c in found] == [("nd55.txt", ["amends"])]
    assert [c.document.file for c in cites(store, "10/2020/QĐ-UBND")] == [
        "kh05.txt", "qd20.txt", "kh30.txt",
    ]  # fmt: skip
    assert missing(store) == []
    all_edges = edges(store)
    assert {(e.source.file, e.relation, tuple(d.file for d in e.cited)) for e in all_edges} == {
        ("nd55.txt", "amends", ("nd75.txt",)),
        ("qd20.txt", "replaces", ("qd10.txt",)),
        ("kh30.txt", "basis", ("qd10.txt",)),
        ("kh05.txt", "basis", ("qd10.txt",)),
        ("kh40.txt", "implements", ("ctr15.txt",)),
    }
    data = json.loads(graph_text(all_edges, "json"))
    assert len(data["edges"]) == 5 and len(data["nodes"]) == 8
    root = ET.fromstring(graph_text(all_edges, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:edge", ns)) == 5
    dot = graph_text(all_edges, "dot")
    assert dot.startswith("digraph") and 'label="amends"' in dot
    assert graph_text(all_edges, "csv").count("\n") == 6


def check_findings(store: SqlStore) -> None:
    found = graph_findings(store)
    assert sorted((f.kind, tuple(f.documents)) for f in found) == [
        ("cites_replaced_document", ("kh30.txt", "qd20.txt")),
        ("plan_deadline_after_source", ("kh40.txt", "ctr15.txt")),
    ]
    plan = next(f for f in found if f.kind == "plan_deadline_after_source")
    assert "2026-06-30" in plan.message and "2026-03-31" in plan.message
    assert all(f.severity == "warning" for f in found)
    assert graph_findings(store, only={corpus()[0].source.sha256}) == []  # nd75: clean


def check_incremental(store: SqlStore) -> None:
    """A document added later resolves the edges that cited it: nothing is rebuilt."""
    docs = corpus()
    for d in docs[1:]:
        store.put(d, original_name=d.source.filename, archive_path="a", extractor_version="t")
    assert [m.number for m in missing(store)] == ["75/2021/NĐ-CP"]
    store.put(docs[0], original_name="nd75.txt", archive_path="a", extractor_version="t")
    assert missing(store) == []
    (edge,) = [e for e in edges(store) if e.relation == "amends"]
    assert [d.file for d in edge.cited] == ["nd75.txt"]


def check_exports(store: SqlStore) -> None:
    from icalendar import Calendar
    from openpyxl import load_workbook

    entries = register(store, TaskQuery(as_of=AS_OF))
    cal = Calendar.from_ical(tasks_ics(entries, AS_OF))
    todos = [c for c in cal.walk() if c.name == "VTODO"]
    assert len(todos) == 5  # every task but the one without a deadline
    rules = [t for t in todos if t.get("rrule")]
    assert len(rules) == 1 and rules[0]["rrule"]["FREQ"] == ["MONTHLY"]
    assert rules[0]["rrule"]["INTERVAL"] == [3]
    wb = load_workbook(io.BytesIO(tasks_xlsx(entries)))
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    end_col = header.index("Đến ngày") + 1
    ends = [ws.cell(row=r, column=end_col).value for r in range(2, ws.max_row + 1)]
    assert dt.datetime(2026, 3, 31) in ends and all(
        v is None or isinstance(v, dt.datetime) for v in ends
    )
    assert ws.auto_filter.ref and ws.freeze_panes == "A2"
    text = tasks_csv(entries)
    assert text.startswith("\ufeff") and "Tổ chức tuyên truyền" in text
    lines = tasks_jsonl(entries).splitlines()
    assert len(lines) == 6 and json.loads(lines[0])["document"]["file"]
