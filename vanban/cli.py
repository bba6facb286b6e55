"""The ``vanban`` command line. Each sub-command lives in ``vanban/commands/<name>.py``
and exposes ``register(subparsers)``; add a module name to ``COMMANDS`` to add one."""

from __future__ import annotations

import argparse
import importlib
import sys

from vanban import __version__

COMMANDS = ["extract", "schema", "text", "run", "watch", "reprocess", "check", "diff", "review"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Vietnamese official documents to validated, structured JSON.",
    )
    parser.add_argument("--version", action="version", version=f"vanban {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"vanban.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
