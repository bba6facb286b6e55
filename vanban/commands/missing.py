"""``vanban missing STORE_OR_OUTDIR [--json] [--limit N]``: identities the corpus cites
but does not hold, ranked by how many documents cite them: what the archive should
acquire."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("missing", help="documents cited but absent from the corpus")
    p.add_argument(
        "source", metavar="STORE_OR_OUTDIR", help="output folder, .sqlite or postgresql:// URL"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="the first N only")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vanban.register.cli_common import emit, fail
    from vanban.register.graph import missing
    from vanban.register.source import NoStoreError, open_source

    try:
        store, _ = open_source(args.source)
    except NoStoreError as exc:
        return fail("missing", exc)
    with store:
        found = missing(store)
    if args.limit > 0:
        found = found[: args.limit]
    if args.json:
        return emit(
            json.dumps({"missing": [m.as_json() for m in found]}, ensure_ascii=False, indent=2)
            + "\n",
            None,
        )
    lines = [f"{'docs':>4} {'cites':>5}  cited as"]
    for m in found:
        label = " ".join(p for p in (m.doc_type, m.number) if p) if m.number else m.example[:90]
        lines.append(f"{m.documents:>4} {m.citations:>5}  {label}")
    lines.append(
        f"{len(found)} identit{'y' if len(found) == 1 else 'ies'} cited but not in the corpus"
    )
    return emit("\n".join(lines) + "\n", None)
