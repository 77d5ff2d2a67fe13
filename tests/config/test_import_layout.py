"""The project package's modules import one another in one direction only.

Every import counts, at the top of a module or inside a function: a function-local
import is still a circle, only hidden until the function runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import config

CONFIG = Path(config.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(CONFIG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _config_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in CONFIG.rglob("*.py")}


def _imported(path: Path, known: set[str]) -> set[str]:
    """The config modules `path` imports, wherever in it the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from config import views` imports config.views; `from config.x import y`, config.x.
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _config_modules()
    return {name: _imported(path, set(modules)) - {name} for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each circle of imports found, as the modules on it (first one repeated at the end)."""
    found, done = [], set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            found.append([*trail[trail.index(name) :], name])
            return
        if name in done:
            return
        for imported in sorted(graph.get(name, ())):
            visit(imported, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    return found


def test_it_finds_a_circle_made_by_an_import_inside_a_function():
    # The shape the clinic, the error pages and the page cache once had.
    graph = {"clinic": {"error_pages"}, "error_pages": {"page_cache"}, "page_cache": {"clinic"}}

    assert circles(graph) == [["clinic", "error_pages", "page_cache", "clinic"]]


def test_no_module_of_config_imports_one_that_imports_it_back():
    graph = import_graph()

    assert "config.error_pages" in graph  # the walk found the package's modules
    assert circles(graph) == []


def test_the_outage_names_import_nothing_from_config():
    assert import_graph()["config.outages"] == set()


def test_the_project_package_holds_no_models_of_its_own():
    # The clinic's record lives in its sub-app (label "config", so nothing moved in the
    # database); the project package is settings, URLs and plumbing.
    assert not (CONFIG / "models.py").exists()
    assert not (CONFIG / "migrations").exists()
    assert (CONFIG / "clinic" / "models.py").exists()
