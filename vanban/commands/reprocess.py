"""``vanban reprocess --out DIR [--all]``: re-extract archived originals whose JSON was made
by another extractor version (or all of them), in one Prefect flow run.

    $ vanban reprocess --out out
    reprocessed 12, failed 0, up to date 140
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vanban.flows.extractor import DEFAULT_EXTRACTOR


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reprocess", help="re-extract archived files with the current extractor")
    p.add_argument("--out", type=Path, required=True, help="the output folder of `vanban run`")
    p.add_argument("--all", action="store_true", help="also documents already up to date")
    p.add_argument("--processes", type=int, default=None)
    p.add_argument("--extractor", default=DEFAULT_EXTRACTOR, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.flows.reprocess import run_reprocess

    summary = run_reprocess(
        args.out, everything=args.all, extractor=args.extractor, processes=args.processes
    )
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(
            f"reprocessed {summary['reprocessed']}, failed {summary['failed']}, "
            f"up to date {summary['current']}"
        )
    return 1 if summary["failed"] else 0
