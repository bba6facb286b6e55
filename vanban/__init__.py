"""vanban: Vietnamese official documents to validated, structured JSON."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__
