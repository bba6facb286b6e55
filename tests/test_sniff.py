"""Format detection from bytes, not names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vanban.extract.errors import EmptyFile, UnsupportedFormat
from vanban.extract.sniff import detect_format


def test_pdf_html_text_image() -> None:
    assert detect_format(b"%PDF-1.7\n", "x.pdf") == "pdf"
    assert detect_format(b"<!DOCTYPE html><html>", "x.html") == "html"
    assert detect_format("Căn cứ Luật".encode(), "x.txt") == "txt"
    assert detect_format("# Tiêu đề".encode(), "x.md") == "md"
    assert detect_format(b"\x89PNG\r\n\x1a\n", "scan.png") == "image"


def test_html_named_pdf_is_not_a_pdf() -> None:
    with pytest.raises(UnsupportedFormat, match="not PDF"):
        detect_format(b"<html><body>404</body></html>", "van-ban.pdf")


def test_empty_and_random_binary() -> None:
    with pytest.raises(EmptyFile):
        detect_format(b"", "x.pdf")
    with pytest.raises(UnsupportedFormat):
        detect_format(bytes(range(256)), "x.pdf")
    with pytest.raises(UnsupportedFormat):
        detect_format(b"\x00\x01binary", "x.xyz")


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    path = tmp_path / "x.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        detect_format(path.read_bytes()[:4096], path.name, path)
