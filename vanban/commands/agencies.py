"""``vanban agencies STORE_OR_OUTDIR [--json]``: every agency key with its spellings and
how many tasks it leads, partners and is focal unit for: the list a reviewer reads to
merge variants (merges go into ``agency_aliases.json``, see ``vanban.register.aliases``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("agencies", help="bodies named on tasks, their spellings and task counts")
    p.add_argument(
        "source", metavar="STORE_OR_OUTDIR", help="output folder, .sqlite or postgresql:// URL"
    )
    p.add_argument("--json", action="store_true", help="JSON instead of a table")
    p.add_argument("--aliases", type=Path, metavar="FILE", help="agency alias file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.register.agencies import agency_table, agency_text
    from vanban.register.aliases import AliasError, Aliases
    from vanban.register.cli_common import emit, fail
    from vanban.register.source import NoStoreError, open_source

    try:
        store, default_aliases = open_source(args.source)
        aliases = Aliases.load(args.aliases or default_aliases)
    except (NoStoreError, AliasError) as exc:
        return fail("agencies", exc)
    with store:
        rows = agency_table(store, aliases)
    if args.json:
        data = [r.as_json() for r in rows]
        return emit(json.dumps({"agencies": data}, ensure_ascii=False, indent=2) + "\n", None)
    return emit(agency_text(rows), None)
