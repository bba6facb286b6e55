"""``vanban text FILE [--layout]``: the text that ``span`` offsets point into, or the
layout model the reader produced (a debugging view of what the reader saw)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("text", help="print the document text (span offsets point into it)")
    p.add_argument("file", type=Path)
    p.add_argument("--layout", action="store_true", help="print the layout model as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.extract import read_document
    from vanban.parsers.textview import TextView

    layout = read_document(args.file)
    if args.layout:
        sys.stdout.write(layout.model_dump_json(indent=2, exclude_defaults=True) + "\n")
    else:
        sys.stdout.write(TextView.build(layout).text + "\n")
    return 0
