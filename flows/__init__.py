"""Prefect flows: the inbox (``flows.inbox``) and re-extraction (``flows.reprocess``).

Thin: they decide order, concurrency and where files go; parsing lives in ``parsers/``.
The folder protocol is described in docs/inbox.md.
"""
