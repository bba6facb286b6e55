"""The reviewer's view: semantic diffs between extractions, corrections, HTML review pages.

* ``vanban.review.diff``: field-level diff of two extracted documents (``vanban diff``).
* ``vanban.review.history``: keep the previous JSON and the diff beside a re-extracted one.
* ``vanban.review.corrections``: reviewer overrides, applied on every later extraction.
* ``vanban.review.render``: page images of the source (PDF; DOCX through LibreOffice).
* ``vanban.review.html``: the self-contained review page and the index page (``vanban review``).
"""
