"""vanban.extract.safety: every bad input is refused with its own code, good files pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows import badfiles as bad
from vanban.extract import read_document, sniff
from vanban.extract.errors import ExtractionError
from vanban.extract.safety import Limits, check_file


def refused(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(ExtractionError) as info:
        fmt = sniff(path)
        check_file(path, fmt, limits) if limits else check_file(path, fmt)
    return info.value.code


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("rỗng.pdf", b"", "empty_file"),
        ("cắt cụt.pdf", bad.truncated_pdf(), "corrupt_file"),
        ("mã hóa.pdf", bad.encrypted_pdf(), "encrypted"),
        (
            "thật ra là html.pdf",
            b"<!DOCTYPE html><html><body>404</body></html>",
            "unsupported_format",
        ),
        ("bom.docx", bad.bomb_docx(), "zip_bomb"),
        ("xxe.docx", bad.xxe_docx(), "xml_entities"),
        ("khổng lồ.png", bad.huge_png(40_000, 40_000), "image_too_large"),
        ("ngẫu nhiên.pdf", bad.random_binary(), "unsupported_format"),
        ("bảng tính.xlsx", bad.random_binary(), "unsupported_format"),
    ],
)
def test_bad_inputs_are_refused(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    assert refused(bad.write(tmp_path, name, data)) == code


def test_zip_bomb_refused_by_declared_total(tmp_path: Path) -> None:
    path = bad.write(tmp_path, "a.docx", bad.docx(b"<w:document/>", {"word/x.xml": b"A" * 50_000}))
    assert refused(path, Limits(zip_max_total_uncompressed=40_000)) == "zip_bomb"


def test_huge_xml_refused_by_actual_bytes(tmp_path: Path) -> None:
    path = bad.write(
        tmp_path, "a.docx", bad.docx(b"<w:document/>", {"word/big.xml": b"<a/>" * 100_000})
    )
    assert refused(path, Limits(xml_max_bytes=200_000)) == "zip_bomb"


def test_lying_zip_directory_is_refused(tmp_path: Path) -> None:
    # zipfile stops at the declared size, so the CRC check catches the lie.
    assert refused(bad.write(tmp_path, "nói dối.docx", bad.lying_docx())) in {
        "zip_bomb",
        "corrupt_file",
    }


def test_too_many_pdf_pages(tmp_path: Path) -> None:
    path = bad.write(tmp_path, "dài.pdf", bad.text_pdf(30))
    assert refused(path, Limits(max_pdf_pages=20)) == "pdf_too_large"


def test_size_limit(tmp_path: Path) -> None:
    path = bad.write(tmp_path, "a.txt", "Quyết định số 1\n".encode() * 100)
    assert refused(path, Limits(max_bytes={"txt": 1000})) == "too_large"


def test_good_files_pass(tmp_path: Path) -> None:
    for name, data in [
        ("Quyết định 500 trang.pdf", bad.text_pdf(500)),
        ("Kế hoạch.docx", bad.simple_docx("Kế hoạch")),
        ("ghi chú.txt", "Ủy ban nhân dân tỉnh\n".encode()),
    ]:
        path = bad.write(tmp_path, name, data)
        check_file(path, sniff(path))


def test_read_document_runs_the_check(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        read_document(bad.write(tmp_path, "xxe.docx", bad.xxe_docx()))
    assert info.value.code == "xml_entities"
    assert info.value.stage == "safety"


def test_image_pixel_limit_is_read_from_the_header(tmp_path: Path) -> None:
    """A small file that declares a huge image is refused without decoding it; the limit
    can be raised (Limits.max_image_pixels)."""
    path = bad.write(tmp_path, "quét.png", bad.huge_png(13_000, 13_000))
    assert refused(path) == "image_too_large"
    check_file(path, sniff(path), Limits(max_image_pixels=200_000_000))  # raised: accepted
