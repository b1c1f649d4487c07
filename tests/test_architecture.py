"""The layout's rules, read from the code: every module and package of kg/ says in its first
docstring line what it may import from kg ("imports: kg.x, kg.y" or "imports nothing from kg");
this test walks every import statement (function-level ones included) and fails on a cycle
between modules and on any import its rule does not allow."""

from __future__ import annotations

import ast
from pathlib import Path
import re

import networkx as nx
import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "kg"
# The rules the issue names, checked again as plain statements, whatever the docstrings say.
FORBIDDEN = [
    ("kg.mapping", "kg.extraction"), ("kg.mapping", "kg.readers"),
    ("kg.extraction", "kg.training"), ("kg.views", "kg.store"), ("kg.views", "kg.remote"),
    ("kg.store", "kg.mapping"), ("kg.readers", "kg.rdf"),
]
_RULE = re.compile(r"imports:\s*(.+?)(?:[.;](?=\s|$)|$)", re.IGNORECASE | re.DOTALL)
_NOTHING = re.compile(r"imports nothing from kg", re.IGNORECASE)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def first_line_rule(path: Path) -> tuple[str, ...] | None:
    """The modules a file's docstring allows (first line only); None when it states no rule."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    line = doc.split("\n", 1)[0]
    if _NOTHING.search(line):
        return ()
    found = _RULE.search(line)
    if found is None:
        return None
    return tuple(name.strip() for name in re.split(r",|\band\b", found.group(1)) if name.strip())


def rule_for(name: str) -> tuple[str, tuple[str, ...]]:
    """The nearest rule: the module's own, else its package's, else the parent package's."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            rule = first_line_rule(MODULES[candidate])
            if rule is not None:
                return candidate, rule
        parts.pop()
    raise AssertionError(f"{name}: no 'imports:' rule in its docstring or its package's")


def kg_imports(path: Path, name: str) -> set[str]:
    """The kg modules a file imports, resolved to the longest known module name."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            if target == "kg" or target.startswith("kg."):
                while target not in MODULES and "." in target:
                    target = target.rpartition(".")[0]
                if target != name:
                    found.add(target)
    return found


IMPORTS = {name: kg_imports(path, name) for name, path in MODULES.items()}


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_every_module_has_a_one_line_docstring() -> None:
    missing = [name for name, path in MODULES.items()
               if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert not missing


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_docstring_rules(name: str) -> None:
    owner, allowed = rule_for(name)
    # A package may always use its own modules; parents are imported by Python, not by us.
    own = owner if owner in MODULES and MODULES[owner].name == "__init__.py" else owner.rpartition(".")[0]
    broken = sorted(target for target in IMPORTS[name]
                    if not any(within(target, prefix) for prefix in allowed)
                    and not (own and within(target, own)))
    assert not broken, f"{name} imports {broken}, outside its rule ({owner}: {', '.join(allowed) or 'nothing'})"


@pytest.mark.parametrize("source, target", FORBIDDEN)
def test_named_layer_rules(source: str, target: str) -> None:
    broken = sorted((name, imported) for name, imported_set in IMPORTS.items() if within(name, source)
                    for imported in imported_set if within(imported, target))
    assert not broken


def test_cli_commands_import_no_other_command_module() -> None:
    commands = [name for name in MODULES if name.startswith("kg.cli.") and name != "kg.cli.options"]
    for name in commands:
        others = {t for t in IMPORTS[name] if t.startswith("kg.cli.") and t != "kg.cli.options"}
        assert not others, f"{name} imports {sorted(others)}"
    # ... and reach the library only through kg.api (the dev commands also use kg.training).
    for name in commands:
        allowed = ("kg.api", "kg.errors", "kg._version") + (("kg.training",) if name == "kg.cli.dev" else ())
        library = sorted(t for t in IMPORTS[name] if not within(t, "kg.cli")
                         and not any(within(t, prefix) for prefix in allowed))
        assert not library, f"{name} reaches past kg.api into {library}"


def test_no_import_cycle() -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    graph.add_edges_from((name, target) for name, targets in IMPORTS.items() for target in targets)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_the_walker_sees_function_level_imports(tmp_path: Path) -> None:
    """The walker itself: an import inside a function body counts like one at the top."""
    assert "kg.extraction.pipeline" in IMPORTS["kg.pipeline"]  # imported lazily, inside methods
    assert "kg.views.draw" in IMPORTS["kg.views"]


def test_the_checker_rejects_a_broken_rule() -> None:
    """A rule that forbids what a module imports is reported (the checker is not vacuous)."""
    target, allowed = "kg.mapping.clinical", ("kg.model",)
    broken = [t for t in IMPORTS[target] if not any(within(t, p) for p in allowed)
              and not within(t, "kg.mapping")]
    assert broken, "kg.mapping.clinical imports more than kg.model, so this rule must break"
