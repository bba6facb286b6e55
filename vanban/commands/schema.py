"""``vanban schema [--write]``: print (or regenerate) the JSON Schema of the output."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the output contract")
    p.add_argument("--write", action="store_true", help="regenerate models/schema/*.json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.models.schema import schema_text, write_schema

    if args.write:
        print(write_schema())
    else:
        sys.stdout.write(schema_text())
    return 0
