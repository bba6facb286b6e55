"""Parsers: pure functions from the layout model to records (no I/O, no Prefect).

Stages, each in its own module: ``textview`` (the document as one string with a way back to
pages and boxes), ``numbers`` and ``dates`` (số ký hiệu and date grammars), ``citations`` and
``legal_basis`` (Căn cứ … and every other cited document), ``header``, ``tables`` and
``tasks`` (task tables and prose task lists), ``timeframes``, ``signers`` (signers and Nơi
nhận), ``agencies`` (body names and keys). Patterns and vocabularies are data in ``data/``.
"""
