"""``vanban diff OLD.json NEW.json [--json]``: what changed between two extractions.

Exit status 0 when the documents are equal (positions and versions aside), 1 when
they differ, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff", help="semantic diff of two extracted JSON documents")
    p.add_argument("old", type=Path, metavar="OLD.json")
    p.add_argument("new", type=Path, metavar="NEW.json")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output (auto: when stdout is a terminal and NO_COLOR is unset)",
    )
    p.set_defaults(func=run)


def load_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run(args: argparse.Namespace) -> int:
    from vanban.review.diff import diff_documents, format_text

    docs = []
    for path in (args.old, args.new):
        try:
            docs.append(load_json(path))
        except (OSError, ValueError) as exc:
            print(f"vanban diff: {path}: {exc}", file=sys.stderr)
            return 2
    diff = diff_documents(docs[0], docs[1], old_name=str(args.old), new_name=str(args.new))
    if args.json:
        sys.stdout.write(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_text(diff, colour=use_colour(args.color)) + "\n")
    return 0 if diff.equal else 1
