"""The benchmark's sections, in the order ``python -m bench`` runs them.

A section is a module exposing ``run(quick: bool = False) -> str`` (its report text).
Adding one (OCR, inbox flow, cross-document checks, …) means one line in ``SECTIONS``;
a section whose module is missing is reported as such, not fatal.

>>> [s.name for s in SECTIONS][:2]
['accuracy', 'speed']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    module: str
    about: str
    default: bool = True  # run by a plain ``python -m bench``

    def runner(self) -> Callable[..., str]:
        return importlib.import_module(self.module).run


SECTIONS: list[Section] = [
    Section("accuracy", "bench.run_accuracy", "fields vs gold (samples/manifest.json)"),
    Section("speed", "bench.speed", "extract_document vs bare pdfplumber on typed PDFs"),
    Section("inbox", "bench.inbox_bench", "inbox flow overhead and re-drop cost"),
    Section("checks", "bench.checks_bench", "cross-document checks on a generated corpus"),
    Section(
        "ocr",
        "bench.ocr_bench",
        "OCR: character accuracy vs twins, scanned gold, scan tables, speed vs bare tesseract",
    ),
    Section(
        "ocr2",
        "bench.recognizers_bench",
        "second line recogniser (asterocr) vs Tesseract on line crops (samples/ocr_lines.json)",
    ),
    Section(
        "words",
        "bench.word_repair_bench",
        "OCR word repair (hat/tone misreads): CER on the text twins off vs on, fixed/broken",
    ),
    Section(
        "scaleout", "bench.scaleout_bench", "1 vs 2 Prefect workers; check on PostgreSQL vs SQLite"
    ),
    Section("register", "bench.register_bench", "task register and citation graph at 10k/100k"),
    Section("fuzz", "bench.fuzz_bench", "property tests, long run; worst-case input growth"),
]


def by_name(name: str) -> Section:
    for s in SECTIONS:
        if s.name == name:
            return s
    raise KeyError(name)
