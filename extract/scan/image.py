"""Image reader: PNG, JPEG, TIFF (every frame of a multi-page TIFF) → OCR → layout.

Each frame is one page. Its resolution comes from the file's DPI tag (300 when
absent or implausible); frames are scaled to 300 dpi before OCR so that boxes are in
PDF points like every other reader's, and pages run in parallel processes.

>>> doc = read(Path("cong-van-scan.tif"))          # doctest: +SKIP
>>> [p.text_source for p in doc.pages]             # doctest: +SKIP
['ocr', 'ocr']
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from vanban.extract.errors import CorruptFile, EmptyFile
from vanban.extract.scan import raster
from vanban.extract.scan.ocr import ocr_image, page_warnings, run_parallel
from vanban.models.layout import LayoutDocument, LayoutWarning, Page

MIN_DPI, MAX_DPI = 70, 1200


def frame_dpi(img: Image.Image) -> int:
    """The frame's resolution from its DPI tag, 300 when absent or implausible."""
    dpi = img.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        value = round(float(dpi[0]))
        if MIN_DPI <= value <= MAX_DPI:
            return value
    return raster.SETTINGS.dpi


def frames(path: Path) -> list[Image.Image]:
    """Every frame of the file, as RGB (colour kept for ink suppression) at 300 dpi."""
    try:
        if path.stat().st_size == 0:
            raise EmptyFile(f"{path.name} is empty")
        with Image.open(path) as im:
            out: list[Image.Image] = []
            for frame in ImageSequence.Iterator(im):
                dpi = frame_dpi(frame)
                rgb = frame.convert("RGB")
                if dpi != raster.SETTINGS.dpi:
                    f = raster.SETTINGS.dpi / dpi
                    rgb = rgb.resize(
                        (round(rgb.width * f), round(rgb.height * f)), Image.Resampling.BICUBIC
                    )
                out.append(rgb)
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise CorruptFile(f"{path.name} is not a readable image: {e}") from e
    return out


def _job(args: tuple[Image.Image, int]) -> Page:
    img, number = args
    return ocr_image(img, number)


FORMATS: tuple[str, ...] = ("image",)
"""The formats this reader takes (the reader protocol, :mod:`vanban.extract.protocol`)."""


def read(path: Path) -> LayoutDocument:
    """OCR every frame of an image file into the layout model."""
    path = Path(path)
    imgs = frames(path)
    pages: list[Page] = run_parallel(_job, [(im, i + 1) for i, im in enumerate(imgs)])
    warnings: list[LayoutWarning] = []
    for p in pages:
        p.ocr_reason = "image-file"
        warnings.extend(page_warnings(p))
    return LayoutDocument(format="image", pages=pages, warnings=warnings)
