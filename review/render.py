"""Page images of a source document for the review page.

PDF pages are rendered with pypdfium2; DOCX/DOC go through a PDF made by LibreOffice
(each conversion with its own ``-env:UserInstallation`` profile, so two at once do not
collide). Formats without pages (HTML, Markdown, text) have no images.

Boxes in the JSON are PDF points from the page's top-left corner; the page knows its
size in points, so a box is placed in percent of the image and scales with it.

>>> pages = render_pdf(Path("samples/seed000/seed000.pdf"), dpi=50)   # doctest: +SKIP
>>> pages[0].number, pages[0].width_pt, pages[0].percent((85.2, 221.9, 552.6, 277.7))  # doctest: +SKIP
(1, 595.3, (14.31, 26.36, 78.52, 6.63))
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DPI = 110
PNG_BUDGET = 120_000
"""Bytes a page may take as PNG before JPEG is tried (scans compress badly as PNG)."""
JPEG_QUALITY = 70
SOFFICE_TIMEOUT_S = 180
PAGED_SUFFIXES = frozenset({".pdf"})
OFFICE_SUFFIXES = frozenset({".docx", ".doc", ".odt", ".rtf"})


class RenderError(RuntimeError):
    """The source could not be rendered (no LibreOffice, broken file …)."""


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its size in points and pixels, and the encoded image."""

    number: int
    width_pt: float
    height_pt: float
    width_px: int
    height_px: int
    mime: str
    data: bytes

    def data_uri(self) -> str:
        return f"data:{self.mime};base64," + base64.b64encode(self.data).decode("ascii")

    def percent(
        self, bbox: tuple[float, float, float, float] | list[float]
    ) -> tuple[float, float, float, float]:
        """(left, top, width, height) of a box in percent of the page, clipped to it."""
        x0, top, x1, bottom = (float(v) for v in bbox)
        x0, x1 = max(0.0, min(x0, x1)), min(self.width_pt, max(x0, x1))
        top, bottom = max(0.0, min(top, bottom)), min(self.height_pt, max(top, bottom))
        return (
            round(100 * x0 / self.width_pt, 2),
            round(100 * top / self.height_pt, 2),
            round(100 * max(0.0, x1 - x0) / self.width_pt, 2),
            round(100 * max(0.0, bottom - top) / self.height_pt, 2),
        )


def render_pdf(
    path: Path, *, dpi: int = DEFAULT_DPI, max_pages: int | None = None
) -> list[PageImage]:
    """Every page (or the first ``max_pages``) as a greyscale PNG at ``dpi``."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise RenderError(f"{path.name}: PDFium cannot open it: {exc}") from exc
    pages: list[PageImage] = []
    try:
        count = len(pdf) if max_pages is None else min(len(pdf), max_pages)
        for index in range(count):
            page = pdf[index]
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            mime, data = _encode(image)
            pages.append(
                PageImage(
                    number=index + 1,
                    width_pt=round(width_pt, 2),
                    height_pt=round(height_pt, 2),
                    width_px=image.width,
                    height_px=image.height,
                    mime=mime,
                    data=data,
                )
            )
            page.close()
    finally:
        pdf.close()
    return pages


def _encode(image: Any) -> tuple[str, bytes]:
    """PNG (sharp text) unless the page is a photo-like scan, where JPEG is far smaller."""
    png = io.BytesIO()
    image.save(png, format="PNG", optimize=True)
    if png.tell() <= PNG_BUDGET:
        return "image/png", png.getvalue()
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    if jpeg.tell() < png.tell():
        return "image/jpeg", jpeg.getvalue()
    return "image/png", png.getvalue()


def office_to_pdf(path: Path, out_dir: Path) -> Path:
    """Convert a DOCX/DOC with LibreOffice into ``out_dir``; its own profile each time."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RenderError("LibreOffice (soffice) is not installed: no page images for DOCX")
    profile = Path(tempfile.gettempdir()) / f"vanban_lo_{uuid.uuid4().hex}"
    try:
        proc = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=SOFFICE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"{path.name}: LibreOffice timed out") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = out_dir / (path.stem + ".pdf")
    if proc.returncode != 0 or not target.exists():
        raise RenderError(f"{path.name}: LibreOffice could not convert it: {proc.stderr[-300:]}")
    return target


@dataclass
class RenderedSource:
    """Page images of a source, and the PDF they came from (LibreOffice's for DOCX)."""

    pages: list[PageImage]
    pdf: Path | None
    converted: bool
    note: str | None = None


def render_source(
    path: Path, work_dir: Path, *, dpi: int = DEFAULT_DPI, max_pages: int | None = None
) -> RenderedSource:
    """Images for any source: PDF directly, office formats through LibreOffice, others none.

    ``work_dir`` receives the converted PDF (the caller owns and removes it).
    """
    suffix = path.suffix.lower()
    if suffix in PAGED_SUFFIXES:
        return RenderedSource(render_pdf(path, dpi=dpi, max_pages=max_pages), path, False)
    if suffix in OFFICE_SUFFIXES:
        pdf = office_to_pdf(path, work_dir)
        return RenderedSource(render_pdf(pdf, dpi=dpi, max_pages=max_pages), pdf, True)
    return RenderedSource([], None, False, f"{suffix or 'this format'} has no page images")
