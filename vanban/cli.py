"""The ``vanban`` command line. Each sub-command lives in ``vanban/commands/<name>.py``
and exposes ``register(subparsers)``; add a module name to ``COMMANDS`` to add one."""

from __future__ import annotations

import argparse
import importlib
import sys

from vanban import __version__
from vanban.prefect_env import api_start_failure, apply_defaults

COMMANDS = [
    "extract", "schema", "text", "run", "watch", "reprocess", "check", "diff", "review",
    "tasks", "agencies", "graph", "cites", "missing", "serve", "user",
]  # fmt: skip
USES_PREFECT = {"run", "watch", "reprocess"}


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
    if args.command in USES_PREFECT:
        apply_defaults()
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        line = api_start_failure(exc)
        if line is None:
            raise
        print(f"vanban {args.command}: {line}", file=sys.stderr)
        return 3
    return code


if __name__ == "__main__":
    sys.exit(main())
