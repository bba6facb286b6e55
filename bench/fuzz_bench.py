"""``python -m bench --only fuzz``: the property tests with many more examples, then the
worst-case inputs timed as they grow (no catastrophic backtracking: the time grows about
linearly with the input).

For each worst case of :mod:`bench.adversarial`, the whole pipeline (``vanban extract``
on a text file) runs at sizes n, 2n, 4n and 8n; the growth exponent is
log(t(8n) / t(n)) / log 8: 1.0 is linear, 2.0 quadratic.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.adversarial import WORST_CASES, worst_case

REPO = Path(__file__).resolve().parents[1]
SIZES = {
    "long_line": 1_000,
    "deep_numbering": 250,
    "repeated_can_cu": 250,
    "slashes_and_digits": 2_000,
    "unbalanced_parentheses": 4_000,
}


def _time_pipeline(text: str, folder: Path) -> float:
    from vanban.pipeline import extract_document

    path = folder / "lớn.txt"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    extract_document(path)
    return time.perf_counter() - start


def growth_table(quick: bool = False) -> str:
    lines = ["case                       chars(8n)   t(n) s  t(8n) s  exponent"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _time_pipeline("Kế hoạch", folder)  # warm: spaCy and underthesea load once
        for name in WORST_CASES:
            n = SIZES.get(name, 250) // (4 if quick else 1)
            times = [_time_pipeline(worst_case(name, n * k), folder) for k in (1, 2, 4, 8)]
            chars = len(worst_case(name, n * 8))
            exponent = math.log(max(times[3], 1e-6) / max(times[0], 1e-6)) / math.log(8)
            lines.append(
                f"{name:<26} {chars:>9,}  {times[0]:>7.2f}  {times[3]:>7.2f}  {exponent:>8.2f}"
            )
    return "\n".join(lines)


def run(quick: bool = False) -> str:
    examples = "100" if quick else "1000"
    env = {**os.environ, "VANBAN_FUZZ_EXAMPLES": examples}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    head = f"property tests, {examples} examples each: {last} ({time.perf_counter() - start:.0f} s)"
    return head + "\n\nworst cases through the whole pipeline:\n" + growth_table(quick)
