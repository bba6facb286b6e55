"""``make run`` on the inbox flow: drop the bundled samples into ``<out>/inbox`` and run.

    python -m vanban.flows.demo --out out

Copies every bundled sample of ``samples/manifest.json`` into ``<out>/inbox`` (the
samples stay in the repository), then processes the inbox exactly as
``vanban run --inbox <out>/inbox --out <out>`` does with Prefect's embedded default, and
prints the summary line and one line per JSON written. Run it twice: the second run
finds every file a duplicate.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from vanban.flows.inbox import run_batch, set_progress_hook, summary_line
from vanban.flows.progress import BatchProgress

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / "samples" / "manifest.json"


def bundled_samples(manifest: Path = MANIFEST) -> list[Path]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    paths = [REPO / d["path"] for d in data["documents"] if d.get("bundled")]
    return [p for p in paths if p.exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the inbox flow on the bundled samples")
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args(argv)
    inbox = args.out / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for sample in bundled_samples():
        shutil.copy2(sample, inbox / sample.name)
    with BatchProgress() as progress:
        set_progress_hook(progress)
        try:
            summary = run_batch(inbox, args.out, settle_seconds=0.0)
        finally:
            set_progress_hook(None)
    for f in summary["files"]:
        where = f["json_path"] or f["quarantine_path"] or ""
        print(f"{f['status']:<12} {f['name']:<32} {where}")
    print(summary_line(summary))
    out = args.out.resolve()
    print(f"JSON in {out / 'json'}; originals in {out / 'archive'}; store {out / 'vanban.sqlite'}")
    print(f"findings in {out / 'findings.json'}; review pages: vanban review {out} --out review")
    return 1 if summary["quarantined"] or summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
