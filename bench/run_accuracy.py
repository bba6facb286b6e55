"""The accuracy section of ``python -m bench``: every manifest document against its gold.

Documents whose file is absent (no ../shared/corpus) are listed as skipped. A document
the pipeline cannot read counts as a failure on every gold field.

>>> print(run(quick=True))        # doctest: +SKIP
accuracy (27 documents with gold, 0 skipped)
field                        n  strict %  lenient %
…
"""

from __future__ import annotations

import time
import traceback

from bench.accuracy import DocScore, failed_extraction, format_report, score_document
from bench.gold import ManifestEntry, load_gold, load_manifest
from bench.prose_tasks import ProseScore, format_prose, score_prose

PROSE: list[tuple[str, ProseScore]] = []
"""Prose-task scores of the last :func:`score_all` run (documents with prose gold)."""


def score_entry(entry: ManifestEntry) -> DocScore:
    """Extract one document and score it against its gold."""
    from vanban.pipeline import extract_document

    gold = load_gold(entry.gold)
    prose_gold = [t for t in gold.get("tasks", []) if t.get("source") == "prose"]
    try:
        doc = extract_document(entry.file)
    except Exception as exc:  # noqa: BLE001 - any failure is a scored failure
        last = traceback.extract_tb(exc.__traceback__)[-1]
        error = f"{type(exc).__name__}: {exc} ({last.filename.split('/')[-1]}:{last.lineno})"
        if prose_gold:
            PROSE.append((entry.name, score_prose(prose_gold, [])))
        return DocScore(entry.name, failed_extraction(gold, error), error=error)
    if prose_gold:
        PROSE.append((entry.name, score_prose(prose_gold, doc.tasks)))
    return DocScore(entry.name, score_document(doc, gold))


def score_all(quick: bool = False) -> tuple[list[DocScore], list[str]]:
    """Scores of every available manifest document; names of the skipped ones.

    ``quick`` keeps the bundled samples only.
    """
    scores: list[DocScore] = []
    skipped: list[str] = []
    PROSE.clear()
    for entry in load_manifest():
        if (quick and not entry.bundled) or not entry.available():
            skipped.append(entry.name)
            continue
        scores.append(score_entry(entry))
    return scores, skipped


def run(quick: bool = False) -> str:
    start = time.perf_counter()
    scores, skipped = score_all(quick)
    secs = time.perf_counter() - start
    head = f"accuracy ({len(scores)} documents with gold, {len(skipped)} skipped, {secs:.1f} s)"
    if skipped:
        head += "\n  skipped: " + ", ".join(skipped)
    return head + "\n" + format_report(scores) + "\n\n" + format_prose(PROSE)
