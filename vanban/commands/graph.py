"""``vanban graph STORE_OR_OUTDIR [--format json|csv|graphml|dot] [--out FILE]``: the
citation graph of the corpus (documents, the identities they cite, the relation read from
each citing sentence, and its evidence)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("graph", help="the citation graph: who cites what, and how")
    p.add_argument(
        "source", metavar="STORE_OR_OUTDIR", help="output folder, .sqlite or postgresql:// URL"
    )
    p.add_argument("--format", choices=("json", "csv", "graphml", "dot"), default="json")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.register.cli_common import emit, fail
    from vanban.register.graph import edges, graph_text
    from vanban.register.source import NoStoreError, open_source

    try:
        store, _ = open_source(args.source)
    except NoStoreError as exc:
        return fail("graph", exc)
    with store:
        text = graph_text(edges(store), args.format)
    if args.format == "csv":
        text = "\ufeff" + text
    return emit(text, args.out)
