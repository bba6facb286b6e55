"""Scans: pages without text, images; rasterising, Tesseract, OCR words, scan tables."""
