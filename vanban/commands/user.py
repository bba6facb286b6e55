"""``vanban user add OUTDIR NAME --role viewer|reviewer|admin [--store URL]``: an account of
the review application, kept in the output folder's store. The password is read without
echo from a terminal, else from the first line of stdin."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("user", help="accounts of the review application")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add an account (or set its role and password)")
    add.add_argument("out", type=Path, metavar="OUTDIR")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=("viewer", "reviewer", "admin"), required=True)
    add.add_argument("--store", metavar="URL")
    p.set_defaults(func=run)


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def run(args: argparse.Namespace) -> int:
    from vanban.review.accounts import AccountError, add_user
    from vanban.store import open_store
    from vanban.store.sql import SqlStore

    if not args.out.is_dir():
        print(f"vanban user: {args.out}: no such folder", file=sys.stderr)
        return 2
    try:
        password = _password()
        store = open_store(args.store, out=args.out)
        assert isinstance(store, SqlStore)
        with store:
            add_user(store, args.name, args.role, password)
    except (AccountError, ValueError) as exc:
        print(f"vanban user: {exc}", file=sys.stderr)
        return 2
    print(
        f"vanban user: {args.name} ({args.role}) can log in to vanban serve {args.out}",
        file=sys.stderr,
    )
    return 0
