"""Every threshold of the typed-PDF reader, in one place (:data:`SETTINGS`).

Sizes are multiples of the font size unless named in points:

>>> SETTINGS.word_gap, SETTINGS.column_gap_min
(0.2, 15.0)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    """Every threshold of the reader, in one place (sizes are multiples of font size)."""

    word_gap: float = 0.2
    """A gap wider than this × size between glyphs ends a word."""
    column_gap: float = 1.4
    """A gap wider than this × size (and ``column_gap_min`` points) cuts a line in two."""
    column_gap_min: float = 15.0
    gutter_gap: float = 0.6
    """A narrower gap (over this × size and ``gutter_gap_min`` points) also cuts a line
    when it lies in the gutter a nearby line opens with a column-wide gap (a header whose
    first line nearly fills its cell: "BAN THƯỜNG TRỰC ỦY BAN  CỘNG HÒA XÃ HỘI …")."""
    gutter_gap_min: float = 6.0
    gutter_reach: float = 2.6
    """Lines at most this × size apart (top to top, minus one line) confirm a gutter."""
    baseline_tolerance: float = 0.3
    """Glyphs whose bottoms differ by less than this × size share a baseline."""
    indent_min: float = 8.0
    """Points a line must start right of the text column to count as indented."""
    text_table_max_gap: float = 2.6
    """Rows of a two-column region are at most this × line height apart …"""
    text_table_full_row_gap: float = 5.0
    """… or this × line height for a row with a line in every column (names under the
    blank space left for signatures)."""
    text_table_min_cols: int = 3
    """A table found from text alignment has at least this many column bands …"""
    text_table_min_rows: int = 3
    """… and this many table rows (and lines with a fragment in three bands)."""
    text_table_row_gap: float = 0.4
    """A line opens a table row when the gap above it exceeds the table's tightest line
    gap by this × line height (tables without a Stt column)."""
    text_table_numbering_share: float = 0.8
    """A first column whose cells are numbers ("1", "2.", "IV", "a)") in this share is a
    Stt column: every number opens a table row."""
    page_number_zone: float = 0.12
    """A page-number line ("7", "- 7 -") lies in this top or bottom share of the page …"""
    page_number_gap: float = 0.8
    """… and this × its height away from the text next to it."""
    region_zone: float = 1 / 3
    """A one-row two-column region lies in this top (header) or bottom (signature) share."""
    region_line_gap: float = 0.8
    """Two lines of a region's column at most this × line height apart form a block."""
    stamp_max_chars: int = 400
    """A stamp-only page has at most this many glyphs …"""
    stamp_other_max_chars: int = 30
    """… and at most this many on lines that are not stamp lines (name, date wrap)."""
    garbage_min_chars: int = 20
    garbage_max_share: float = 0.4
    vector_glyph_min_curves: int = 200


SETTINGS = PdfSettings()
