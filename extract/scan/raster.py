"""Page images for OCR: render, suppress coloured ink, deskew, turn landscape pages.

Everything here works on Pillow images and numpy arrays (no OpenCV):

* :func:`render_pdf_page` — a PDF page at 300 dpi with pypdfium2 (page rotation applied);
* :func:`suppress_ink` — red and blue ink (the "CÔNG VĂN ĐẾN" stamp, round seals,
  signatures) → white, black text kept, even where the two overlap (an overlapping
  pixel is dark in every channel, so it is not "coloured");
* :func:`skew_angle` / :func:`deskew` — small rotations (±4°) found by maximising
  the variance of the row profile of the dark pixels;
* :func:`is_sideways` — text lines run vertically (a landscape annex scanned upright);
  the direction of the turn is then decided by OCR confidence (see ``vanban.extract.scan.ocr``).

>>> img = render_pdf_page(Path("28-pt.signed.pdf"), 0)          # doctest: +SKIP
>>> gray = suppress_ink(img)                                      # doctest: +SKIP
>>> gray, angle = deskew(gray)                                    # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image


@dataclass(frozen=True)
class RasterSettings:
    """Every threshold of the image preparation, in one place."""

    dpi: int = 300
    red_excess: int = 45
    """A pixel is red ink when R exceeds max(G, B) by more than this."""
    blue_excess: int = 30
    """A pixel is blue ink when B exceeds max(R, G) by more than this."""
    ink_dark: int = 60
    """Pixels darker than this in every channel are text, whatever their tint."""
    max_skew: float = 4.0
    skew_step: float = 0.1
    colour_min: float = 0.0002
    """Below this share of red/blue pixels (on a thumbnail) a page is treated as grayscale."""
    skew_min: float = 0.3
    """Angles smaller than this are left alone (rotation blurs the glyphs a little)."""
    profile_width: int = 700
    """Images are shrunk to this width to measure skew and orientation."""
    dark: int = 140
    """A pixel darker than this counts as ink for the profiles."""


SETTINGS = RasterSettings()


def render_pdf_page(path: Path, index: int, dpi: int = SETTINGS.dpi) -> Image.Image:
    """Page ``index`` (0-based) of a PDF as an RGB image at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        bitmap = page.render(scale=dpi / 72)
        img: Image.Image = bitmap.to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    return img


def ink_mask(rgb: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """True where a pixel is red or blue ink (not dark enough to be black text)."""
    a = rgb.astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    red = (r - np.maximum(g, b)) > SETTINGS.red_excess
    blue = (b - np.maximum(r, g)) > SETTINGS.blue_excess
    dark = a.max(axis=2) < SETTINGS.ink_dark
    mask: NDArray[np.bool_] = (red | blue) & ~dark
    return mask


def coloured_share(img: Image.Image) -> float:
    """Share of red/blue ink pixels (0 for grayscale and bitonal scans)."""
    if img.mode not in ("RGB", "RGBA"):
        return 0.0
    factor = max(1, min(img.width, img.height) // 400)
    small = img.convert("RGB").reduce(factor)
    return float(ink_mask(np.asarray(small)).mean())


def suppress_ink(img: Image.Image) -> Image.Image:
    """A grayscale image with red and blue ink turned white.

    Where ink is removed, the pixel becomes the brightest of its channels (so the
    stamp's anti-aliased edges fade too) and then white; other pixels keep their
    luminance.
    """
    if img.mode not in ("RGB", "RGBA") or coloured_share(img) < SETTINGS.colour_min:
        return img.convert("L")  # grayscale or bitonal scan: nothing coloured to remove
    rgb = np.asarray(img.convert("RGB"))
    gray = np.asarray(img.convert("L")).copy()
    mask = ink_mask(rgb)
    if mask.any():
        # grow the mask by one pixel: stamp edges are blends of ink and paper
        grown = mask.copy()
        grown[1:, :] |= mask[:-1, :]
        grown[:-1, :] |= mask[1:, :]
        grown[:, 1:] |= mask[:, :-1]
        grown[:, :-1] |= mask[:, 1:]
        edge = grown & ~mask
        bright = rgb.max(axis=2)
        gray[edge] = np.maximum(gray[edge], bright[edge])
        gray[mask] = 255
    return Image.fromarray(gray, mode="L")


def _small_ink(gray: Image.Image) -> NDArray[np.bool_]:
    scale = SETTINGS.profile_width / max(gray.width, 1)
    small = gray.resize(
        (max(1, round(gray.width * scale)), max(1, round(gray.height * scale))),
        Image.Resampling.BILINEAR,
    )
    ink: NDArray[np.bool_] = np.asarray(small) < SETTINGS.dark
    return ink


def _ink_points(ink: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row and column of the dark pixels (a regular sample of at most 40,000)."""
    ys, xs = np.nonzero(ink)
    if len(ys) > 40_000:  # a regular sample is enough for the profile
        keep = slice(None, None, len(ys) // 40_000 + 1)
        ys, xs = ys[keep], xs[keep]
    return ys.astype(np.int64), xs.astype(np.int64)


def _profile_score(points: tuple[NDArray[np.int64], NDArray[np.int64]], angle: float) -> float:
    """Variance of the row sums after shearing the ink by ``angle`` degrees."""
    ys, xs = points
    if len(ys) == 0:
        return 0.0
    shift = np.tan(np.radians(angle)) * xs
    rows = np.round(ys + shift).astype(np.int64)
    rows -= rows.min()
    counts = np.bincount(rows)
    return float(np.var(counts.astype(np.float64)))


def skew_angle(gray: Image.Image) -> float:
    """Degrees to rotate counter-clockwise (PIL convention) to make lines level."""
    ink = _small_ink(gray)
    if ink.sum() < 200:
        return 0.0
    points = _ink_points(ink)
    step, limit = 0.5, SETTINGS.max_skew
    angles = np.arange(-limit, limit + 1e-9, step)
    best = max(angles, key=lambda a: _profile_score(points, float(a)))
    fine = np.arange(best - step, best + step + 1e-9, SETTINGS.skew_step)
    best = max(fine, key=lambda a: _profile_score(points, float(a)))
    return -float(round(best, 2))


def deskew(gray: Image.Image) -> tuple[Image.Image, float]:
    """The image turned level, and the angle applied (0.0 when it was level enough)."""
    angle = skew_angle(gray)
    if abs(angle) < SETTINGS.skew_min:
        return gray, 0.0
    fill = 255 if gray.mode == "L" else (255, 255, 255)
    turned = gray.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=fill)
    return turned, angle


def _roughness(profile: NDArray[np.float64]) -> float:
    """How sharply a (smoothed) ink profile alternates, within the inked extent."""
    smooth = np.convolve(profile, np.ones(5) / 5, mode="same")
    inked = np.nonzero(smooth > 0.02 * max(float(smooth.max()), 1e-9))[0]
    if len(inked) < 2:
        return 0.0
    part = smooth[inked[0] : inked[-1] + 1]
    return float(np.abs(np.diff(part)).sum() / max(float(part.sum()), 1.0))


def is_sideways(gray: Image.Image) -> bool:
    """Text lines run vertically: the column profile alternates more than the row profile.

    Upright pages of the corpus measure a row/column roughness ratio of 2.3–5.2.
    """
    ink = _small_ink(gray)
    if ink.sum() < 500:
        return False
    rows = _roughness(ink.sum(axis=1).astype(np.float64))
    cols = _roughness(ink.sum(axis=0).astype(np.float64))
    return cols > 1.5 * rows


def prepare(img: Image.Image) -> tuple[Image.Image, float]:
    """Ink suppressed and deskewed grayscale image, with the skew angle applied."""
    return deskew(suppress_ink(img))
