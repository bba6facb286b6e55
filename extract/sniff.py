"""Decide a file's format from its bytes (the extension is only a hint).

>>> detect_format(b"%PDF-1.7 ...", "quyet-dinh.pdf")
'pdf'
>>> detect_format(b"<!DOCTYPE html><html>", "doc_000005.html")
'html'
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from vanban.extract.errors import EmptyFile, UnsupportedFormat
from vanban.models.layout import Format

_TEXT_EXT: dict[str, Format] = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}
_BINARY_EXT = {".pdf", ".docx", ".doc", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def detect_format(head: bytes, name: str, path: Path | None = None) -> Format:
    """Format from the first bytes of a file (``head``, at least 1 KiB) and its name."""
    ext = Path(name).suffix.lower()
    if not head:
        raise EmptyFile("the file is empty (0 bytes)")
    stripped = head.lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if path is not None:
            try:
                with zipfile.ZipFile(path) as zf:
                    names = set(zf.namelist())
            except zipfile.BadZipFile:
                names = set()
            if "word/document.xml" in names:
                return "docx"
            raise UnsupportedFormat(
                f"a zip archive that is not a Word document ({ext or 'no extension'})"
            )
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    lowered = stripped[:512].lower()
    if ext in _BINARY_EXT:
        what = (
            "HTML" if lowered.startswith((b"<!doctype", b"<html", b"<?xml")) else "something else"
        )
        raise UnsupportedFormat(
            f"the file is named {ext} but its bytes are not {ext[1:].upper()} (they look like {what})"
        )
    if lowered.startswith((b"<!doctype html", b"<html")) or (
        ext in {".html", ".htm"} and lowered.startswith(b"<")
    ):
        return "html"
    if ext in _TEXT_EXT and _looks_like_text(head):
        return _TEXT_EXT[ext]
    if _looks_like_text(head) and ext in {"", ".txt"}:
        return "txt"
    raise UnsupportedFormat(f"unsupported file type {ext or '(no extension)'}")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            return False
    return True
