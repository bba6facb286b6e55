"""Prefect flows: the inbox (``vanban.flows.inbox``) and re-extraction (``vanban.flows.reprocess``).

Thin: they decide order, concurrency and where files go; parsing lives in ``parsers/``.
The folder protocol is described in docs/inbox.md.
"""
