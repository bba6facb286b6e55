"""Cross-document checks (``vanban check``): identity keys, resolver, findings.

Stages, one module each: ``identity`` (keys), ``records`` (light mentions),
``resolve`` (group mentions by identity, replaceable resolver), the rule families
``per_document``, ``per_identity`` and ``per_block``, ``run`` (all rules over a
corpus), ``incremental`` (a batch against a store), ``memory_store``. See docs/checks.md.
"""
