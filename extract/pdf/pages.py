"""Which typed-PDF pages need OCR, and the signature stamp (VGCA / Cổng TTĐT).

:func:`classify_page` / :func:`classify_empty` give a page's ``ocr_reason``:
"image-only", "signature-only" (the only text is a signing stamp: "Ký bởi: Văn phòng
Chính phủ … Thời gian ký: …"), "vector-glyphs" (text drawn as outlines) or
"garbage-text" (mostly non-Vietnamese characters); ``None`` for a usable page.
:class:`PdfiumSide` counts glyphs with pdfium (cheap) and reads stamps kept in widget
annotations.

>>> classify_empty(images=1, curves=0).reason, classify_empty(0, 500).reason
('image-only', 'vector-glyphs')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanban.extract.hygiene import clean_text
from vanban.extract.markup.legacy_fonts import legacy_encoding_of_font
from vanban.extract.pdf.settings import SETTINGS
from vanban.extract.pdf.words import SUBSET_PREFIX, fragments, word_text

STAMP = re.compile(
    r"Ký bởi|Người ký|Thời gian ký|Cơ quan:|Email:|VGCA|Cổng Thông tin điện tử|SAO Y",
    re.IGNORECASE,
)
_GOOD_CHAR = re.compile(
    r"[A-Za-z0-9ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9"
    r"\s.,;:!?%()\[\]/\\\-–—_'\"“”‘’…*+=<>&#@§°|]"
)


def _usable_share(text: str) -> float:
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 1.0
    bad = text.count("(cid:") * 6
    good = sum(1 for ch in chars if _GOOD_CHAR.match(ch))
    return max(0.0, good - bad) / len(chars)


@dataclass(slots=True)
class PageText:
    """What a page's glyphs say before layout: for the needs-OCR decision."""

    reason: str | None
    stamp: str | None


def _is_legacy(font: str) -> bool:
    return legacy_encoding_of_font(SUBSET_PREFIX.sub("", font)) is not None


def _mixed_text(chars: list[dict[str, Any]], legacy: dict[str, bool]) -> str:
    plain = "".join(c["text"] for c in chars if not legacy[c.get("fontname") or ""])
    return plain + word_text([c for c in chars if legacy[c.get("fontname") or ""]])


def classify_empty(images: int, curves: int) -> PageText:
    """A page without glyphs: a scan, outlined glyphs, or simply blank."""
    if images:
        return PageText("image-only", None)
    if curves >= SETTINGS.vector_glyph_min_curves:
        return PageText("vector-glyphs", None)
    return PageText(None, None)


def classify_page(page: Any, chars: list[dict[str, Any]]) -> PageText:
    if not chars:
        return classify_empty(len(page.images), len(page.curves))
    text = "".join(c["text"] for c in chars)
    # glyphs of legacy fonts are checked after conversion (their raw text is Latin-1)
    legacy = {f: _is_legacy(f) for f in {c.get("fontname") or "" for c in chars}}
    if any(legacy.values()):
        text = word_text(chars) if all(legacy.values()) else _mixed_text(chars, legacy)
    if len(text) <= SETTINGS.stamp_max_chars and page.images and STAMP.search(text):
        lines = [f.text for f in fragments(chars, split_columns=False)]
        other = sum(len(t) for t in lines if not STAMP.search(t))
        if other <= SETTINGS.stamp_other_max_chars:
            return PageText("signature-only", "\n".join(lines))
    if (
        len(text) >= SETTINGS.garbage_min_chars
        and _usable_share(text) < 1 - SETTINGS.garbage_max_share
    ):
        return PageText("garbage-text", None)
    return PageText(None, None)


@dataclass(slots=True)
class Probe:
    """What pdfium sees on a page: glyph, image and vector-path counts."""

    chars: int
    images: int
    paths: int


class PdfiumSide:
    """pdfium on the side: a cheap look at text-less pages, and stamps in annotations.

    Pages pdfium finds no glyphs on are classified without pdfplumber, so a page of
    outlined glyphs (thousands of curves) is not parsed by pdfminer at all.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: Any = None
        self._failed = False

    def _document(self) -> Any:
        if self._doc is None and not self._failed:
            try:
                import pypdfium2 as pdfium

                self._doc = pdfium.PdfDocument(str(self.path))
            except Exception:  # noqa: BLE001 - pdfplumber stays the reader of record
                self._failed = True
        return self._doc

    def probe(self, index: int) -> Probe | None:
        doc = self._document()
        if doc is None:
            return None
        try:
            import pypdfium2.raw as pdfium_c

            page = doc[index]
            textpage = page.get_textpage()
            chars = textpage.count_chars()
            textpage.close()
            images = paths = 0
            if chars == 0:
                for obj in page.get_objects():
                    if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                        images += 1
                    elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                        paths += 1
            page.close()
            return Probe(chars, images, paths)
        except Exception:  # noqa: BLE001
            return None

    def stamp(self, index: int) -> str | None:
        """Signature-stamp text held in the page's widget annotations, if any."""
        doc = self._document()
        if doc is None:
            return None
        try:
            import pypdfium2.raw as pdfium_c

            page = doc[index]
            count = pdfium_c.FPDFPage_GetAnnotCount(page)
            if count > 0:
                pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
            if count == 0:
                return None
            page = doc[index]  # reloaded: the flattened stamp is now page text
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
        except Exception:  # noqa: BLE001 - a stamp we cannot read is just absent
            return None
        text = clean_text(text.replace("\r\n", "\n")).strip()
        return text if text and STAMP.search(text) else None

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
