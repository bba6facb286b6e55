"""Errors a reader raises for input it cannot read. Each carries a stable ``code``
that the inbox flow writes into ``quarantine/<name>.error.json``."""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """Base: the file could not be turned into a layout. ``code`` is machine-readable."""

    code = "extraction_failed"

    def __init__(self, message: str, *, stage: str = "read") -> None:
        super().__init__(message)
        self.stage = stage


class UnsupportedFormat(ExtractionError):
    code = "unsupported_format"


class EmptyFile(ExtractionError):
    code = "empty_file"


class CorruptFile(ExtractionError):
    """Truncated or malformed (a PDF that ends early, a zip that is not a DOCX)."""

    code = "corrupt_file"


class EncryptedFile(ExtractionError):
    code = "encrypted"


class UnsafeFile(ExtractionError):
    """Refused for safety: zip bombs, external XML entities, absurd sizes."""

    code = "unsafe_file"


class TooLarge(ExtractionError):
    code = "too_large"


class PdfTooLarge(TooLarge):
    """A PDF over the byte or page limit (``Limits.max_bytes["pdf"]``, ``max_pdf_pages``)."""

    code = "pdf_too_large"


class ImageTooLarge(TooLarge):
    """An image over the pixel limit (``Limits.max_image_pixels``): decoding it would
    take gigabytes (a 40,000 × 40,000 PNG is 1.6 gigapixels)."""

    code = "image_too_large"


class ZipBomb(UnsafeFile):
    """A DOCX whose parts inflate past the limits (members, sizes, ratio)."""

    code = "zip_bomb"


class XmlEntities(UnsafeFile):
    """A DOCX part that declares a DOCTYPE or ENTITY (external or recursive entities)."""

    code = "xml_entities"


class ConverterMissing(ExtractionError):
    """A helper program (LibreOffice for .doc) is not installed."""

    code = "converter_missing"


def read_bounded(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of ``path``, refused when it is empty or above ``limit`` bytes.

    ``kind`` names the format in the message: ``read_bounded(p, 1000, "HTML")`` on a
    2,000-byte file raises ``TooLarge("HTML file of 2000 bytes is above the 1000-byte
    limit")``; on a 0-byte file, ``EmptyFile("the file is empty (0 bytes)")``.
    """
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile("the file is empty (0 bytes)")
    if size > limit:
        raise TooLarge(f"{kind} file of {size} bytes is above the {limit}-byte limit")
    return path.read_bytes()
