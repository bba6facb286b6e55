"""The review pages' Jinja2 environment: templates in ``review/templates/``, CSS and JS in
``review/static/`` (package data of ``vanban.review``).

Autoescape is on for every template and nothing marks document text safe: a title, a
task's content or a finding's message that holds ``<script>`` is printed as text. The one
kind of markup the templates receive from Python is the package's own CSS and JS, which
:class:`Assets` reads from ``static/`` and either inlines (a page opened from disk, no
server: ``inline_assets=True``) or links (``/static/…``, for a server).

>>> html = render_template("index.html", inline_assets=False, entries=[], title="<b>x</b>",
...                        register_href=None,
...                        totals="0 documents")
>>> "<title>&lt;b&gt;x&lt;/b&gt;</title>" in html and 'href="static/review.css"' in html
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

STATIC_FILES = ("review.css", "review.js", "index.js", "server.js")


@cache
def static_text(name: str) -> str:
    """One of the package's static files (``review/static/``)."""
    if name not in STATIC_FILES:
        raise KeyError(name)
    return resources.files("vanban.review").joinpath("static", name).read_text(encoding="utf-8")


class Assets:
    """The package's CSS and JS: inline in the page, or linked under ``prefix``."""

    def __init__(self, inline: bool, prefix: str = "static/") -> None:
        self.inline = inline
        self.prefix = prefix

    def style(self, name: str) -> Markup:
        if self.inline:  # our own file, not document text
            return Markup("<style>\n") + Markup(static_text(name)) + Markup("</style>")
        return Markup('<link rel="stylesheet" href="{}">').format(self.prefix + name)

    def script(self, name: str) -> Markup:
        if self.inline:
            return Markup("<script>\n") + Markup(static_text(name)) + Markup("</script>")
        return Markup('<script src="{}"></script>').format(self.prefix + name)


def _text(value: Any) -> str:
    """The ``v`` filter: None prints as nothing."""
    return "" if value is None else str(value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("vanban.review", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["v"] = _text
    env.tests["list"] = lambda value: isinstance(value, list)
    env.globals["mark_labels"] = {
        "changed": "changed",
        "finding": "finding",
        "reviewed": "reviewed ✓",
        "unplaced": "no box",
    }
    return env


def render_template(template: str, /, *, inline_assets: bool = True,
                    static_prefix: str = "static/", **context: Any) -> str:  # fmt: skip
    """Render ``review/templates/<template>`` with ``context``."""
    assets = Assets(inline_assets, static_prefix)
    return environment().get_template(template).render(assets=assets, **context) + "\n"
