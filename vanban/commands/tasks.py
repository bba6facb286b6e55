"""``vanban tasks STORE_OR_OUTDIR``: the task register across the corpus.

Filters: ``--agency`` (by agency key, aliases applied; as lead, partner or focal unit),
``--document`` (a number), ``--due-from``/``--due-to`` (the deadline's end), ``--overdue``
(as of ``--as-of``, default today). ``--by-agency`` lists each task under every body
named on it, with its role. A document held as several files (a scan and its typed copy,
a PDF and its Markdown: same type, number and date) is listed once, from its most typed
file (``--all-files``: every file). Formats: table, csv, xlsx, ics, json (JSON lines).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

FORMATS = ("table", "csv", "xlsx", "ics", "json")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("tasks", help="the task register: who must do what by when")
    p.add_argument(
        "source", metavar="STORE_OR_OUTDIR", help="output folder, .sqlite or postgresql:// URL"
    )
    p.add_argument(
        "--agency", metavar="NAME", help="tasks this body leads, partners or is focal unit for"
    )
    p.add_argument("--document", metavar="NUMBER", help="tasks of the document with this number")
    p.add_argument(
        "--due-from", metavar="DATE", help="deadline on or after (YYYY-MM-DD or DD/MM/YYYY)"
    )
    p.add_argument("--due-to", metavar="DATE", help="deadline on or before")
    p.add_argument("--as-of", metavar="DATE", help="the day statuses are judged on (default today)")
    p.add_argument("--overdue", action="store_true", help="only tasks past their deadline")
    p.add_argument(
        "--all-files",
        action="store_true",
        help="list the tasks of every file, also of a document's twins (a scan and its typed copy)",
    )
    p.add_argument("--by-agency", action="store_true", help="one row per task and body named on it")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    p.add_argument(
        "--aliases",
        type=Path,
        metavar="FILE",
        help="agency alias file (default: agency_aliases.json beside the store)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.register.aliases import AliasError, Aliases
    from vanban.register.cli_common import emit, fail
    from vanban.register.exports import tasks_csv, tasks_ics, tasks_jsonl, tasks_table, tasks_xlsx
    from vanban.register.source import NoStoreError, open_source
    from vanban.register.tasks import TaskQuery, by_agency, parse_day, register

    try:
        as_of = parse_day(args.as_of) if args.as_of else dt.date.today()
        due_from = parse_day(args.due_from) if args.due_from else None
        due_to = parse_day(args.due_to) if args.due_to else None
        store, default_aliases = open_source(args.source)
        aliases = Aliases.load(args.aliases or default_aliases)
    except (ValueError, NoStoreError, AliasError) as exc:
        return fail("tasks", exc)
    if args.aliases is not None and not args.aliases.exists():
        return fail("tasks", f"{args.aliases}: no such alias file")
    query = TaskQuery(
        agency=args.agency, document=args.document, due_from=due_from, due_to=due_to,
        as_of=as_of, overdue=args.overdue, aliases=aliases, all_files=args.all_files,
    )  # fmt: skip
    with store:
        entries = register(store, query)
        if args.by_agency:
            entries = by_agency(store, entries, aliases)
    if args.format == "xlsx":
        if args.out is None:
            return fail("tasks", "--format xlsx needs --out FILE.xlsx")
        return emit(tasks_xlsx(entries), args.out)
    if args.format == "ics":
        return emit(tasks_ics(entries, as_of), args.out)
    text = {
        "csv": lambda: tasks_csv(entries),
        "json": lambda: tasks_jsonl(entries),
        "table": lambda: tasks_table(entries),
    }[args.format]()
    code = emit(text, args.out)
    if args.format == "table" and args.out is None:
        print(f"as of {as_of.isoformat()}", file=sys.stderr)
    return code
