"""Speed: pages/second of ``extract_document`` on the typed PDFs against bare pdfplumber.

The baseline is what any PDF pipeline must pay: pdfplumber's ``page.extract_text()`` and
``page.extract_tables()`` on the same pages. Both are timed in the same run, interleaved
(ours, bare, ours, bare, …) so machine load hits both alike; the report gives the median
pages/second of each over the rounds and the overhead ``ours / bare - 1`` (target ≤ 25%).
No assertion: it is a measurement.

>>> print(run(quick=True))        # doctest: +SKIP
speed (typed PDFs: 4 files, 28 pages, 3 rounds)
  extract_document  6.1 pages/s (median)
  bare pdfplumber   8.0 pages/s (median)
  overhead          +31% (target ≤ 25%)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from bench.gold import load_manifest

TARGET_OVERHEAD = 0.25


@dataclass(frozen=True)
class SpeedResult:
    files: int
    pages: int
    rounds: int
    ours_pps: float
    bare_pps: float

    @property
    def overhead(self) -> float:
        """Extra time per page relative to bare pdfplumber (0.25 = 25% slower)."""
        return self.bare_pps / self.ours_pps - 1.0 if self.ours_pps else float("inf")


def typed_pdfs() -> list[Path]:
    """The manifest's PDFs that exist here (bundled samples and typed corpus PDFs)."""
    return [e.file for e in load_manifest() if e.format == "pdf" and e.available()]


def bare_pdfplumber(path: Path) -> int:
    """The baseline: text and tables of every page; returns the page count."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def ours(path: Path) -> int:
    from vanban.pipeline import extract_document

    return extract_document(path).source.pages


def _timed(fn: Callable[[Path], int], files: Sequence[Path]) -> tuple[int, float]:
    start = time.perf_counter()
    pages = sum(fn(f) for f in files)
    return pages, time.perf_counter() - start


def measure(
    files: Sequence[Path],
    rounds: int,
    ours_fn: Callable[[Path], int] = ours,
    bare_fn: Callable[[Path], int] = bare_pdfplumber,
) -> SpeedResult:
    """Interleaved rounds; one warm-up call of each first (imports, caches, models)."""
    if files:
        ours_fn(files[0])
        bare_fn(files[0])
    ours_rates: list[float] = []
    bare_rates: list[float] = []
    pages = 0
    for _ in range(rounds):
        pages, secs = _timed(ours_fn, files)
        ours_rates.append(pages / secs if secs else 0.0)
        bare_pages, secs = _timed(bare_fn, files)
        bare_rates.append(bare_pages / secs if secs else 0.0)
    return SpeedResult(
        files=len(files),
        pages=pages,
        rounds=rounds,
        ours_pps=statistics.median(ours_rates) if ours_rates else 0.0,
        bare_pps=statistics.median(bare_rates) if bare_rates else 0.0,
    )


def format_speed(r: SpeedResult) -> str:
    verdict = "within" if r.overhead <= TARGET_OVERHEAD else "above"
    return "\n".join(
        [
            f"speed (typed PDFs: {r.files} files, {r.pages} pages, {r.rounds} rounds, interleaved)",
            f"  extract_document  {r.ours_pps:6.1f} pages/s (median)",
            f"  bare pdfplumber   {r.bare_pps:6.1f} pages/s (median; extract_text + extract_tables)",
            f"  overhead          {r.overhead * 100:+.0f}% ({verdict} the target of "
            f"≤ {TARGET_OVERHEAD * 100:.0f}%)",
        ]
    )


def run(quick: bool = False) -> str:
    """The speed section of ``python -m bench``."""
    files = typed_pdfs()
    if not files:
        return "speed: no PDF of the manifest is available"
    return format_speed(measure(files, rounds=3 if quick else 5))
