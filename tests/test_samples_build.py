"""The sample builder (samples/build_samples.py) and the committed sample files."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from bench.gold import load_manifest
from samples.build_samples import (
    SPLIT_ROW,
    build_one,
    find_row_split,
    pin_pdf,
    seed_parts,
)
from samples.docx_writer import Layout, build_document, save_deterministic
from samples.sample_specs import SPECS
from samples.seed_text import Paragraph, TaskTable, italic_runs, split_seed
from vanban.extract.hygiene import squash_spaces

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_split_seed_on_a_constructed_text() -> None:
    text = (
        "Số: 5-KH/TU\n\nKẾ HOẠCH\nvề việc thử\n\nCăn cứ Quyết định số 1-QĐ/TU;\n\n"
        "I. MỤC ĐÍCH\n\n1. Làm rõ trách nhiệm và nâng cao\n\nhiệu quả phối hợp.\n\n"
        "Stt\tNội dung\tThời gian\tChủ trì\tPhối hợp\n"
        "1\tViệc một,\tCả năm\tBan A\tBan B\n"
        "\tviệc hai\t\tvà C\t\n"
        "2\tViệc ba\tQuý I\tBan A\tBan B\n\n"
        "**TM. BAN THƯỜNG VỤ**\n\nNguyễn Văn A\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    parts = split_seed(text, "TM. BAN THƯỜNG VỤ")
    assert parts.number_line == "Số: 5-KH/TU" and parts.type_line == "KẾ HOẠCH"
    assert parts.title_lines == ["về việc thử"]
    paragraphs = [b for b in parts.body if isinstance(b, Paragraph)]
    assert "Làm rõ trách nhiệm và nâng cao hiệu quả phối hợp." in paragraphs[2].text
    assert paragraphs[1].heading and paragraphs[1].bold
    table = next(b for b in parts.body if isinstance(b, TaskTable))
    assert table.rows[0] == ["1", "Việc một, việc hai", "Cả năm", "Ban A và C", "Ban B"]
    assert table.split_rows == ["1"] and len(table.rows) == 2
    assert parts.recipient_lines == [("- Như trên;", ""), ("- Lưu: VT.", "")]


def test_italic_runs() -> None:
    assert italic_runs("a “*b c*” d") == [("a “", False), ("b c", True), ("” d", False)]


def test_pin_pdf_replaces_dates_ids_and_checksum_keeping_length() -> None:
    raw = (
        b"/CreationDate(D:20261122013802Z')>>\n/ID [ <AB12CD34><AB12CD34> ]\n"
        b"/DocChecksum /750FD2399F31608A707E319C0F6E8305\n"
    )
    pinned = pin_pdf(raw, "seed000")
    assert len(pinned) == len(raw)
    assert b"D:20260101000000Z'" in pinned and b"AB12CD34" not in pinned
    assert pinned == pin_pdf(raw.replace(b"20261122013802", b"20250101120000"), "seed000")


def test_seed_parts_match_the_seeds(seeds: Path) -> None:
    parts = seed_parts(SPECS["seed000"], seeds)
    table = next(b for b in parts.body if isinstance(b, TaskTable))
    assert len(table.header) == 7 and len(table.rows) == 15 and table.split_rows == [SPLIT_ROW]
    assert table.rows[10][1] == (
        "Phối hợp triển khai chuyển đổi số trong công tác tuyên giáo, dân vận và hoạt động của MTTQ"
    )
    texts = [b.text for b in parts.body if isinstance(b, Paragraph)]
    assert any("nâng cao hiệu quả phối hợp trong công tác tuyên truyền" in t for t in texts)


def test_docx_build_is_deterministic(seeds: Path, tmp_path: Path) -> None:
    spec = SPECS["seed002"]
    parts = seed_parts(spec, seeds)
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    import datetime as dt

    when = dt.datetime(2023, 3, 15, tzinfo=dt.UTC)
    save_deterministic(build_document(parts, spec, Layout()), a, when)
    save_deterministic(build_document(parts, spec, Layout()), b, when)
    assert a.read_bytes() == b.read_bytes()


def test_manifest_hashes_match_committed_samples() -> None:
    bundled = [e for e in load_manifest() if e.bundled]
    assert len(bundled) == 15  # 3 seeds × docx/pdf/txt, 3 cases × docx/pdf
    for entry in bundled:
        assert entry.file.exists(), entry.path
        assert entry.sha256 == _sha(entry.file), entry.name
        assert entry.file.stat().st_size < 120_000, f"{entry.name} is not small"


def test_txt_samples_are_the_seeds_as_is(seeds: Path) -> None:
    for name, spec in SPECS.items():
        assert (SAMPLES / name / f"{name}.txt").read_bytes() == (
            seeds / spec.seed_file
        ).read_bytes()


@pytest.mark.parametrize("name", sorted(SPECS))
def test_committed_docx_layout(name: str, seeds: Path) -> None:
    doc = open_docx(str(SAMPLES / name / f"{name}.docx"))
    spec = SPECS[name]
    section = doc.sections[0]
    assert section.page_width is not None and section.left_margin is not None
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    header, *middle, signatures = doc.tables
    assert len(header.columns) == 2
    left = header.cell(0, 0).text
    assert all(body in left for body in spec.header.bodies) and "Số" in left
    assert ("*" in left.split("\n")) == spec.header.party
    right = header.cell(0, 1).text
    assert spec.header.place_date in right
    assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in right) == spec.header.party
    assert len(signatures.columns) == 2 and "Nơi nhận" not in signatures.cell(0, 0).text
    # the seed's body text is kept verbatim: every body paragraph is in the seed
    seed = squash_spaces(re.sub(r"\*+", "", (seeds / spec.seed_file).read_text(encoding="utf-8")))
    added = {spec.header.place_date, *spec.header.bodies}
    for p in doc.paragraphs:
        text = squash_spaces(p.text.replace("\t", " "))
        if text and text not in added:
            assert text in seed, f"{name}: paragraph not in the seed: {text[:80]}"
    if name == "seed000":
        (tasks,) = middle
        assert len(tasks.columns) == 7 and len(tasks.rows) == 16
        first_row = tasks.rows[0]._tr.trPr
        assert first_row is not None and first_row.find(qn("w:tblHeader")) is not None
        assert all(
            r._tr.trPr is None or r._tr.trPr.find(qn("w:cantSplit")) is None for r in tasks.rows
        )
    else:
        assert middle == []


def test_committed_seed000_pdf_splits_row_11() -> None:
    split = find_row_split(SAMPLES / "seed000" / "seed000.pdf", SPLIT_ROW)
    assert split is not None and split.continued_on == split.first_page + 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_builder_reproduces_seed000(seeds: Path, tmp_path: Path) -> None:
    facts = build_one(SPECS["seed000"], seeds, tmp_path / "out", tmp_path / "work")
    out = tmp_path / "out" / "seed000"
    assert facts["row_11_pages"] == [3, 4]
    assert _sha(out / "seed000.docx") == _sha(SAMPLES / "seed000" / "seed000.docx")
    assert find_row_split(out / "seed000.pdf", SPLIT_ROW) is not None
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    pdf_entry = next(d for d in manifest["documents"] if d["name"] == "seed000_pdf")
    assert pdf_entry["sha256"] == _sha(out / "seed000.pdf")


def test_case_documents_build_deterministically(tmp_path: Path) -> None:
    """samples/build_cases.py writes the same DOCX bytes each time (the PDF needs soffice)."""
    import datetime as dt

    from samples.build_cases import CASES, build_document
    from samples.docx_writer import save_deterministic

    when = dt.datetime(2026, 7, 14, tzinfo=dt.UTC)
    for case in CASES.values():
        a, b = tmp_path / "a.docx", tmp_path / "b.docx"
        save_deterministic(build_document(case), a, when)
        save_deterministic(build_document(case), b, when)
        assert a.read_bytes() == b.read_bytes(), case.name
