"""Pre-read safety checks: refuse files that could exhaust the machine before any reader runs.

``check_file(path, fmt)`` is called at the top of :func:`vanban.extract.read_document`. It raises

* :class:`~extract.errors.EmptyFile` for 0-byte files,
* :class:`~extract.errors.TooLarge` for files over the size limit of their format and
  PDFs with more pages than :data:`LIMITS.max_pdf_pages`,
* :class:`~extract.errors.UnsafeFile` for zip bombs (refused both by the *declared*
  uncompressed sizes in the zip directory and by the *actual* bytes a member inflates to,
  read in chunks and stopped at the limit), XML with ``<!DOCTYPE``/``<!ENTITY``
  (external entities, "billion laughs") and huge XML parts inside a DOCX,
* :class:`~extract.errors.EncryptedFile` / :class:`~extract.errors.CorruptFile` for PDFs
  that PDFium cannot open (password, truncated or malformed),
* :class:`~extract.errors.UnsupportedFormat` when a binary-format name (``.pdf``,
  ``.docx``, ``.doc``) holds markup or text ("quyet-dinh.pdf" that is really an HTML
  error page saved by a browser).

The limits are documented here and in ``docs/inbox.md``:

>>> LIMITS.max_pdf_pages, LIMITS.max_bytes["pdf"] // 2**20
(2000, 512)
>>> import tempfile
>>> empty = Path(tempfile.mkdtemp()) / "văn bản.txt"
>>> _ = empty.write_bytes(b"")
>>> check_file(empty, "txt")
Traceback (most recent call last):
...
vanban.extract.errors.EmptyFile: the file is empty (0 bytes)
>>> _ = empty.write_text("Quyết định số 12", encoding="utf-8")
>>> check_file(empty, "txt")  # None: safe to read
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from vanban.extract.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ImageTooLarge,
    PdfTooLarge,
    TooLarge,
    UnsupportedFormat,
    XmlEntities,
    ZipBomb,
)
from vanban.models.layout import Format

_MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Every limit in one place (bytes unless named otherwise)."""

    max_bytes: dict[str, int] = field(
        default_factory=lambda: {
            "pdf": 512 * _MiB,
            "docx": 100 * _MiB,
            "doc": 100 * _MiB,
            "html": 50 * _MiB,
            "md": 50 * _MiB,
            "txt": 50 * _MiB,
            "image": 100 * _MiB,
        }
    )
    max_pdf_pages: int = 2000
    zip_max_members: int = 5000
    zip_max_total_uncompressed: int = 300 * _MiB
    zip_max_member_uncompressed: int = 150 * _MiB
    zip_max_ratio: int = 200
    """A member inflating more than this many times its compressed size is a bomb
    (only checked above :attr:`zip_ratio_floor` bytes: tiny parts compress well)."""
    zip_ratio_floor: int = 2 * _MiB
    xml_max_bytes: int = 64 * _MiB
    """One XML part of a DOCX (``word/document.xml`` of a 500-page plan is ~20 MiB)."""
    max_image_pixels: int = 150_000_000
    """Pixels of one image frame (an A3 page scanned at 600 dpi is about 70 million)."""


LIMITS = Limits()

_ZIP_FORMATS = {"docx"}
_BINARY_EXTS = {".pdf": "pdf", ".docx": "docx", ".doc": "doc"}
_DTD_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 16


def check_file(path: Path, fmt: Format, limits: Limits = LIMITS) -> None:
    """Raise an :class:`~extract.errors.ExtractionError` if ``path`` must not be read."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile("the file is empty (0 bytes)", stage="safety")
    limit = limits.max_bytes.get(fmt)
    if limit is not None and size > limit:
        too_large = {"pdf": PdfTooLarge, "image": ImageTooLarge}.get(fmt, TooLarge)
        raise too_large(
            f"{size / _MiB:.1f} MiB is over the {limit // _MiB} MiB limit for {fmt}",
            stage="safety",
        )
    expected = _BINARY_EXTS.get(path.suffix.lower())
    if expected is not None and fmt in {"html", "md", "txt"}:
        raise UnsupportedFormat(
            f"the file is named {path.suffix} but holds {fmt.upper()} "
            f"(often a web page saved under the wrong name)",
            stage="safety",
        )
    if fmt in _ZIP_FORMATS:
        check_zip(path, limits)
    elif fmt == "pdf":
        check_pdf(path, limits)
    elif fmt == "image":
        check_image(path, limits)


def check_image(path: Path, limits: Limits = LIMITS) -> None:
    """Refuse an image whose frames are over the pixel limit, from its header alone
    (nothing is decoded)."""
    import warnings

    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # ours decides
            im = Image.open(path)
        with im:
            for frame in ImageSequence.Iterator(im):
                pixels = frame.width * frame.height
                if pixels > limits.max_image_pixels:
                    raise ImageTooLarge(
                        f"{frame.width} × {frame.height} pixels is over the "
                        f"{limits.max_image_pixels:,}-pixel limit",
                        stage="safety",
                    )
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc), stage="safety") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise CorruptFile(f"not a readable image: {exc}", stage="safety") from exc


def _size(n: int) -> str:
    """'64 MiB', or '500 bytes' under one MiB."""
    return f"{n // _MiB} MiB" if n >= _MiB else f"{n} bytes"


def check_zip(path: Path, limits: Limits = LIMITS) -> None:
    """Refuse zip bombs and XML with DTDs inside a DOCX (declared sizes, then actual bytes)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFile(f"not a readable zip archive: {exc}", stage="safety") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.zip_max_members:
            raise ZipBomb(
                f"zip holds {len(infos)} members (limit {limits.zip_max_members})", stage="safety"
            )
        declared = sum(i.file_size for i in infos)
        if declared > limits.zip_max_total_uncompressed:
            raise ZipBomb(
                f"zip bomb: declares {declared / _MiB:.0f} MiB uncompressed "
                f"(limit {limits.zip_max_total_uncompressed // _MiB} MiB)",
                stage="safety",
            )
        for info in infos:
            _check_declared_member(info, limits)
        actual_total = 0
        for info in infos:
            if info.is_dir():
                continue
            actual_total += _check_member_bytes(zf, info, limits, actual_total)


def _check_declared_member(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > limits.zip_max_member_uncompressed:
        raise ZipBomb(
            f"zip bomb: {info.filename} declares {info.file_size / _MiB:.0f} MiB",
            stage="safety",
        )
    if info.file_size > limits.zip_ratio_floor and info.file_size > limits.zip_max_ratio * max(
        info.compress_size, 1
    ):
        raise ZipBomb(
            f"zip bomb: {info.filename} inflates {info.file_size // max(info.compress_size, 1)}×",
            stage="safety",
        )


def _check_member_bytes(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, total_so_far: int
) -> int:
    """Inflate one member in chunks, stopping at the limits; scan XML parts for DTDs."""
    is_xml = info.filename.lower().endswith((".xml", ".rels"))
    budget = min(
        limits.zip_max_member_uncompressed,
        limits.zip_max_total_uncompressed - total_so_far,
        limits.xml_max_bytes if is_xml else limits.zip_max_member_uncompressed,
    )
    seen = 0
    tail = b""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                seen += len(chunk)
                if seen > budget:
                    what = "huge XML part" if is_xml else "zip bomb"
                    raise ZipBomb(
                        f"{what}: {info.filename} inflates past {_size(budget)}",
                        stage="safety",
                    )
                if is_xml:
                    if _DTD_RE.search(tail + chunk):
                        raise XmlEntities(
                            f"{info.filename} declares a DOCTYPE/ENTITY "
                            "(external or recursive entities are refused)",
                            stage="safety",
                        )
                    tail = chunk[-16:]
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise CorruptFile(f"cannot inflate {info.filename}: {exc}", stage="safety") from exc
    return seen


def check_pdf(path: Path, limits: Limits = LIMITS) -> None:
    """Open with PDFium (fast, tolerant) to refuse encrypted, unreadable and over-long PDFs."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise EncryptedFile("the PDF is password-protected", stage="safety") from exc
        raise CorruptFile(f"PDFium cannot open the PDF ({exc})", stage="safety") from exc
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise CorruptFile("the PDF has no pages", stage="safety")
    if pages > limits.max_pdf_pages:
        raise PdfTooLarge(
            f"{pages} pages is over the {limits.max_pdf_pages}-page limit", stage="safety"
        )
