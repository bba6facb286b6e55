"""The seams between modules: no import cycle among the product's modules, every
docstring example runs, each vocabulary file is opened by one module only."""

from __future__ import annotations

import ast
import doctest
import importlib
import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def product_modules() -> dict[str, Path]:
    """Every module of the installed ``vanban`` namespace → its source file."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    mapped = {folder for name, folder in mapping.items() if name != "vanban"}
    out: dict[str, Path] = {}
    for name, folder in mapping.items():
        for path in sorted((REPO / folder).rglob("*.py")):
            parts = list(path.relative_to(REPO / folder).with_suffix("").parts)
            if name == "vanban" and parts and parts[0] in mapped:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([name, *parts])] = path
    return out


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the product modules it imports (at the top or inside a function)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative).

    >>> cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}})
    [['a', 'b']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_among_the_product_modules() -> None:
    modules = product_modules()
    assert len(modules) > 80
    assert cycles(import_graph(modules)) == []


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    graph = import_graph(product_modules())
    graph["vanban.parsers.numbers"].add("vanban.pipeline")  # pipeline → … → numbers
    assert any("vanban.pipeline" in c for c in cycles(graph))


@pytest.mark.parametrize("name", sorted(product_modules()))
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0, f"{name}: {result.failed} example(s) failed"


VOCABULARY_FILES = ("doc_types.json", "agencies.jsonl", "type_codes.json")


def test_only_the_vocabulary_module_opens_vocabulary_files() -> None:
    names = "|".join(re.escape(f) for f in VOCABULARY_FILES)
    opened = re.compile(rf"[\"'](?:{names})[\"']")
    offenders = [
        name
        for name, path in product_modules().items()
        if name != "vanban.parsers.vocabulary" and opened.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_reader_keeps_the_protocol() -> None:
    from vanban.extract import READERS
    from vanban.extract.protocol import READER_MODULES, Reader, reader_for, reader_module

    assert set(READERS.values()) == set(READER_MODULES)
    for fmt, name in READERS.items():
        module = reader_for(fmt, name)
        assert isinstance(module, Reader) and reader_module(fmt) == name
