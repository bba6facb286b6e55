"""The reader protocol: what every reader module offers (Docling's one backend per format
behind one abstract backend, as modules).

A reader is a module with

* ``FORMATS``: the formats it takes (``("docx",)``), as :func:`vanban.extract.sniff` names
  them;
* ``read(path) -> LayoutDocument``: the file as the layout model, raising
  :class:`vanban.extract.errors.ExtractionError` (with its ``code``) for what it refuses.

:data:`vanban.extract.READERS` lists the reader modules; :func:`reader_for` finds the one
that takes a format and checks that it keeps the protocol.

>>> reader_for("docx").__name__
'vanban.extract.markup.docx'
>>> isinstance(reader_for("pdf"), Reader)
True
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Protocol, runtime_checkable

from vanban.models.layout import Format, LayoutDocument


@runtime_checkable
class Reader(Protocol):
    """A reader module: its formats and its ``read``."""

    FORMATS: tuple[str, ...]

    def read(self, path: Path) -> LayoutDocument: ...


READER_MODULES: tuple[str, ...] = (
    "vanban.extract.pdf.reader",
    "vanban.extract.markup.docx",
    "vanban.extract.markup.doc",
    "vanban.extract.markup.html",
    "vanban.extract.markup.markdown",
    "vanban.extract.markup.text",
    "vanban.extract.scan.image",
)


def reader_module(fmt: Format | str) -> str:
    """The module name of the reader that takes ``fmt`` (from each module's FORMATS)."""
    for name in READER_MODULES:
        module = importlib.import_module(name)
        if fmt in getattr(module, "FORMATS", ()):
            return name
    raise KeyError(fmt)


def reader_for(fmt: Format | str, module_name: str | None = None) -> ModuleType:
    """The reader module for ``fmt`` (``module_name`` when the caller knows it);
    ``TypeError`` if it does not keep the protocol or does not take ``fmt``."""
    module = importlib.import_module(module_name or reader_module(fmt))
    if not isinstance(module, Reader) or fmt not in module.FORMATS:
        raise TypeError(f"{module.__name__} does not offer FORMATS with {fmt!r} and read(path)")
    return module
