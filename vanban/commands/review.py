"""``vanban review FILE_OR_JSON_OR_FOLDER... --out DIR``: static HTML review pages.

One self-contained page per document (page images with boxes, the records, warnings,
findings, diff, corrections) and ``DIR/index.html``. See docs/review.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("review", help="write HTML review pages for documents or an output folder")
    p.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="FILE_OR_JSON",
        help="source files, extracted JSON files, or output folders of `vanban run`",
    )
    p.add_argument("--out", type=Path, required=True, help="folder for the HTML pages")
    p.add_argument("--source", type=Path, help="the original file of a single JSON input")
    p.add_argument("--previous", type=Path, help="previous JSON of a single input: show the diff")
    p.add_argument("--findings", type=Path, help="a findings.json from `vanban run` / `check`")
    p.add_argument("--corrections", type=Path, help="folder of *.corrections.json to apply")
    p.add_argument("--dpi", type=int, default=110, help="page image resolution (default 110)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.extract.errors import ExtractionError
    from vanban.review.build import build_review

    single = len(args.inputs) == 1 and not args.inputs[0].is_dir()
    if (args.source or args.previous) and not single:
        print("vanban review: --source/--previous need exactly one file input", file=sys.stderr)
        return 2
    try:
        written = build_review(
            args.inputs,
            args.out,
            dpi=args.dpi,
            source=args.source,
            findings_path=args.findings,
            corrections_dir=args.corrections,
            previous=args.previous,
        )
    except (ExtractionError, OSError, ValueError) as exc:
        print(f"vanban review: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
