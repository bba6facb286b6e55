"""``vanban serve OUTDIR [--host 127.0.0.1] [--port 8765] [--store URL]``: the review
application over an output folder (``vanban.review.server``). It binds to 127.0.0.1 unless
told otherwise and says where it listens; accounts come from ``vanban user add``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve", help="the review application in a browser (queue, corrections, approval)"
    )
    p.add_argument("out", type=Path, metavar="OUTDIR", help="an output folder of vanban run/watch")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--store",
        metavar="URL",
        help="the corpus store (default: OUTDIR/vanban.sqlite or $VANBAN_STORE)",
    )
    p.add_argument(
        "--secure-cookies", action="store_true", help="mark session cookies Secure (behind HTTPS)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from vanban.review.server import create_app
    from vanban.store import open_store
    from vanban.store.sql import SqlStore

    if not (args.out / "json").is_dir():
        print(f"vanban serve: {args.out}: not an output folder (no json/ in it)", file=sys.stderr)
        return 2
    store = open_store(args.store, out=args.out)
    assert isinstance(store, SqlStore)
    if store.one_user() is None:
        print(
            f"vanban serve: no accounts yet: vanban user add {args.out} NAME --role reviewer",
            file=sys.stderr,
        )
        return 2
    app = create_app(args.out, store, secure_cookies=args.secure_cookies)
    where = "this machine only" if args.host in ("127.0.0.1", "localhost", "::1") else "the network"
    print(
        f"vanban serve: http://{args.host}:{args.port}/ ({where}; --host to change)",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
