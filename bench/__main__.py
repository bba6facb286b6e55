"""``python -m bench`` (``make bench``): run the benchmark sections and print their reports.

    python -m bench                    # every section
    python -m bench --only accuracy    # one section (repeatable)
    python -m bench --quick            # fewer rounds / bundled samples only

Sections live in bench/sections.py; each prints its own report.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench.sections import SECTIONS, by_name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", choices=[s.name for s in SECTIONS], help="run one section"
    )
    parser.add_argument("--quick", action="store_true", help="a short run (smoke test)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    chosen = [by_name(n) for n in args.only] if args.only else [s for s in SECTIONS if s.default]
    status = 0
    for section in chosen:
        print(f"== {section.name}: {section.about}", flush=True)
        start = time.perf_counter()
        try:
            report = section.runner()(quick=args.quick)
        except ModuleNotFoundError as exc:
            report = f"(section not available: {exc})"
        except Exception as exc:  # noqa: BLE001 - one broken section must not hide the others
            report = f"(section failed: {type(exc).__name__}: {exc})"
            status = 1
        print(report)
        print(f"({section.name}: {time.perf_counter() - start:.1f} s)\n", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
