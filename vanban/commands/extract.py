"""``vanban extract FILE... [--out DIR]``: one JSON document per file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vanban.extract.errors import ExtractionError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract one or more files to JSON")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--out", type=Path, help="write <name>.json into DIR instead of stdout")
    p.add_argument("--compact", action="store_true", help="no indentation")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.pipeline import extract_document

    status = 0
    if args.out is None and len(args.files) > 1:
        print("vanban extract: several files need --out DIR", file=sys.stderr)
        return 2
    for path in args.files:
        try:
            doc = extract_document(path)
        except (ExtractionError, OSError) as exc:
            code = getattr(exc, "code", type(exc).__name__)
            print(f"vanban extract: {path}: {code}: {exc}", file=sys.stderr)
            status = 1
            continue
        text = doc.model_dump_json(indent=None if args.compact else 2)
        if args.out is None:
            sys.stdout.write(text + "\n")
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            target = args.out / f"{path.stem}.json"
            tmp = target.with_suffix(".json.tmp")
            tmp.write_text(text + "\n", encoding="utf-8")
            tmp.replace(target)
            print(target)
    return status


def dump(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)
