"""The library's layers hold: the import contracts pass, and no module imports in a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_import_contracts_hold() -> None:
    """The layers, the library's independence from the command line, a pure core (pyproject.toml)."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    completed = subprocess.run(
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr
    assert "0 broken" in completed.stdout


def test_the_library_has_no_import_cycle() -> None:
    """Every module, in every layer, and imports inside functions too (grimp reads them all)."""
    import grimp

    graph = grimp.build_graph("ingredients", "cli")

    def visit(module: str, trail: tuple[str, ...], done: set[str]) -> None:
        assert module not in trail, " -> ".join((*trail, module))
        if module in done:
            return
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            visit(target, (*trail, module), done)
        done.add(module)

    done: set[str] = set()
    assert len(graph.modules) > 40
    for module in sorted(graph.modules):
        visit(module, (), done)


def test_library_modules_and_functions_stay_small() -> None:
    """No module over 500 lines and no function over 60 in the library. Migration scripts
    are left as they were reviewed and shipped."""
    too_long = []
    for path in sorted((ROOT / "ingredients").rglob("*.py")):
        if "versions" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 500:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    too_long.append(f"{path.relative_to(ROOT)}: {node.name} is {length} lines")
    assert too_long == []
