"""Issue 13's must-show on real documents: ``vanban cites 75/2021/NĐ-CP`` lists NĐ 55/2023
(the signed PDF and its Markdown twin) and NĐ 77/2024 (a scan whose title OCR reads
"Sửa đỗi, bỗ sung") with the relation ``amends``, through a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.pipeline import extract_document
from vanban.register.graph import cites, missing
from vanban.store.sqlite import SQLiteStore

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

FILES = (
    "congbot/pdf/55 ND_CP_21072023_2_signed.pdf",
    "congbot/thuvienphapluat_md/file_data_12.md",
    "congbot/pdf/77.2024 NĐ tro cap.pdf",
)


def test_amendments_of_decree_75_2021(corpus: Path, tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "vanban.sqlite") as store:
        for rel in FILES:
            doc = extract_document(corpus / rel)
            store.put(doc, original_name=Path(rel).name, archive_path=rel, extractor_version="t")
        found = cites(store, "75/2021/NĐ-CP")
        assert sorted((c.document.number, c.document.file, c.relations[0]) for c in found) == [
            ("55/2023/NĐ-CP", "55 ND_CP_21072023_2_signed.pdf", "amends"),
            ("55/2023/NĐ-CP", "file_data_12.md", "amends"),
            ("77/2024/NĐ-CP", "77.2024 NĐ tro cap.pdf", "amends"),
        ]
        # 77/2024 names 55/2023 as what already amended 75/2021: a mention, not its act
        later = {c.document.number: c.relations for c in cites(store, "55/2023/NĐ-CP")}
        assert later == {"77/2024/NĐ-CP": ["mentions"]}
        absent = {m.number for m in missing(store)}
        assert "75/2021/NĐ-CP" in absent and "55/2023/NĐ-CP" not in absent
