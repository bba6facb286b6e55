"""``vanban watch --inbox DIR --out DIR``: keep processing the inbox until Ctrl-C.

Each batch of ready files is one Prefect flow run (a summary line per batch). With
``--serve`` (and ``PREFECT_API_URL`` set) the flow is also served as the deployment
``vanban-inbox/inbox``, so a batch can be started from the Prefect UI.

    $ vanban watch --inbox inbox --out out
    processed 2, skipped as duplicates 0, quarantined 0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vanban.commands.run import add_inbox_options, batch_params


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help="watch the inbox and process files as they arrive")
    add_inbox_options(p)
    p.add_argument("--poll", type=float, default=5.0, help="seconds between fallback polls")
    p.add_argument("--serve", action="store_true", help="also serve the flow (flow.serve)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.flows.inbox import summary_line
    from vanban.flows.watch import watch

    if not args.inbox.is_dir():
        what = "does not exist" if not args.inbox.exists() else "is not a folder"
        print(f"vanban watch: inbox {args.inbox} {what}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)

    def report(summary: dict[str, Any]) -> None:
        print(summary_line(summary), flush=True)

    serve = args.serve and _has_api_server()
    if args.serve and not serve:
        print(
            "vanban watch: --serve needs PREFECT_API_URL (a Prefect server with its UI); "
            "watching without serving",
            file=sys.stderr,
        )
    print(f"watching {args.inbox} → {args.out} (Ctrl-C or SIGTERM to stop)", flush=True)
    watch(
        args.inbox,
        args.out,
        poll=args.poll,
        params=batch_params(args),
        on_summary=report,
        serve=serve,
    )
    print("stopped", flush=True)
    return 0


def _has_api_server() -> bool:
    """True when PREFECT_API_URL names a server (serving against the ephemeral API has no
    UI to start runs from, and leaves its server process behind on Ctrl-C)."""
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)
