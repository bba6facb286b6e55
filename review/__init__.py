"""The reviewer's view: semantic diffs between extractions, corrections, HTML review pages.

* ``review.diff``: field-level diff of two extracted documents (``vanban diff``).
* ``review.history``: keep the previous JSON and the diff beside a re-extracted one.
* ``review.corrections``: reviewer overrides, applied on every later extraction.
* ``review.render``: page images of the source (PDF; DOCX through LibreOffice).
* ``review.html``: the self-contained review page and the index page (``vanban review``).
"""
