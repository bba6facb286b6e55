"""`vanban check` over the whole of ../shared/corpus reports what is printed, nothing else.

Only two inconsistencies are really printed there (issue 11): e.pdf's "08/6/20210"
(``invalid_date``) and file_data_2's "Thông tư số 191/2005/TTLT-…" (``type_code_mismatch``).
Every finding an OCR misreading would make (47-cp's "07/2/2015", 77.2024's "73/2021",
"Bộ Chính frị", "UBND tính Phú Tho 2") is repaired by the re-reads, outvoted inside its
document, or reported as ``needs_review`` at severity "info". OCRs every scanned page of
the corpus (about two minutes on two cores).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def test_check_over_the_corpus_reports_only_the_printed_inconsistencies(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    assert main(["check", str(corpus), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    loud = sorted(
        (f["kind"], tuple(Path(d).name for d in f["documents"]))
        for f in findings
        if f["severity"] in ("warning", "error")
    )
    assert loud == [
        ("invalid_date", ("e.pdf",)),
        ("type_code_mismatch", ("file_data_2.md",)),
    ]
    for f in findings:
        if f["kind"] == "needs_review":
            assert f["severity"] == "info" and f["suspected"]
            assert any(e["unsure"] for e in f["evidence"])
            assert all(e["page"] is not None for e in f["evidence"])
