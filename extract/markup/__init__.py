"""Markup and text: DOCX, .doc (via LibreOffice), vbpl.vn HTML, Markdown, plain text."""
