"""PDF: text-layer pages (pdfplumber/pypdfium2): words, lines, blocks, regions, tables."""
