"""``vanban cites STORE_OR_OUTDIR NUMBER [--json]``: the documents that cite NUMBER, with
the relations their sentences state (basis, implements, amends, replaces, repeals,
mentions) and where."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cites", help="who cites a document, and how")
    p.add_argument(
        "source", metavar="STORE_OR_OUTDIR", help="output folder, .sqlite or postgresql:// URL"
    )
    p.add_argument("number", metavar="NUMBER", help="the cited document's number: 75/2021/NĐ-CP")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.register.cli_common import emit, fail
    from vanban.register.graph import cites
    from vanban.register.source import NoStoreError, open_source

    try:
        store, _ = open_source(args.source)
        with store:
            found = cites(store, args.number)
    except (NoStoreError, ValueError) as exc:
        return fail("cites", exc)
    if args.json:
        data = {"number": args.number, "cited_by": [c.as_json() for c in found]}
        return emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
    lines = []
    for c in found:
        pages = sorted({e["page"] for e in c.evidence if e["page"]})
        where = f" p.{','.join(map(str, pages))}" if pages else ""
        lines.append(f"{', '.join(c.relations):<18} {c.document.label()}  {c.document.file}{where}")
        cue = next(
            (e["cue"] for e in c.evidence if e["cue"] and e["relation"] == c.relations[0]), None
        )
        if cue:
            lines.append(f"{'':<18} “{cue} …”")
    lines.append(f"{len(found)} document(s) cite {args.number}")
    return emit("\n".join(lines) + "\n", None)
