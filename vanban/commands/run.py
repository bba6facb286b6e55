"""``vanban run --inbox DIR --out DIR``: process what is in the inbox once, then exit.

Each batch (at most ``--batch-size`` files) is one Prefect flow run; a progress bar on
stderr, one summary line on stdout::

    $ vanban run --inbox inbox --out out
    processed 3, skipped as duplicates 1, quarantined 2

Exit status: 0; 1 when any file was quarantined; 2 when the inbox folder does not exist
(it is never created: a typo in a path must not silently process nothing); 3 when
Prefect's API cannot be started or reached (one line says what to do).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vanban.flows.extractor import DEFAULT_EXTRACTOR


def add_inbox_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``run`` and ``watch``."""
    p.add_argument("--inbox", type=Path, required=True, help="folder archivists drop files into")
    p.add_argument("--out", type=Path, required=True, help="output folder (json/, archive/, …)")
    p.add_argument("--settle", type=float, default=2.0, help="seconds a file must stay unchanged")
    p.add_argument(
        "--settle-empty", type=float, default=10.0, help="seconds a 0-byte file must stay empty"
    )
    p.add_argument("--batch-size", type=int, default=1000, help="files per flow run")
    p.add_argument("--processes", type=int, default=None, help="extraction processes (cores)")
    p.add_argument("--extractor", default=DEFAULT_EXTRACTOR, help=argparse.SUPPRESS)
    p.add_argument(
        "--strict",
        action="store_true",
        help="quarantine files that are not official documents (no type, number, date or "
        "signature) instead of keeping them out of the checks",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="process the inbox once (one Prefect flow run per batch)")
    add_inbox_options(p)
    p.set_defaults(func=run)


def batch_params(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "settle_seconds": args.settle,
        "settle_empty_seconds": args.settle_empty,
        "max_files": args.batch_size,
        "extractor": args.extractor,
        "processes": args.processes,
        "strict": args.strict,
    }


def run(args: argparse.Namespace) -> int:
    from vanban.flows.inbox import run_batch, set_progress_hook, summary_line
    from vanban.flows.progress import BatchProgress

    if not args.inbox.is_dir():
        what = "does not exist" if not args.inbox.exists() else "is not a folder"
        print(f"vanban {args.command}: inbox {args.inbox} {what}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    total: dict[str, Any] = {"processed": 0, "duplicates": 0, "quarantined": 0, "files": []}
    params = batch_params(args)
    with BatchProgress(enabled=False if args.no_progress else None) as progress:
        set_progress_hook(progress)
        try:
            while True:
                summary = run_batch(args.inbox, args.out, **params)
                merge(total, summary)
                if summary["waiting"] == 0 or len(summary["files"]) < args.batch_size:
                    break
                params["settle_seconds"] = 0.0  # the rest were already seen unchanged
        finally:
            set_progress_hook(None)
    if args.json:
        print(json.dumps(total, ensure_ascii=False, indent=2))
    else:
        print(summary_line(total))
    return 1 if total["quarantined"] or total.get("failed") else 0


def merge(total: dict[str, Any], summary: dict[str, Any]) -> None:
    for key, value in summary.items():
        if key == "files":
            total["files"] += value
        elif isinstance(value, int) and key != "waiting":
            total[key] = total.get(key, 0) + value
        else:
            total[key] = value
