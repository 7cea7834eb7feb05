"""The console never asks which transport it has: no `isinstance(x, RestBackend)` (or Services)
and no `hasattr(backend, ...)` in ui/. What a server connection adds is handed in by app/
(`MainWindow(server=...)`)."""

from __future__ import annotations

import ast
from pathlib import Path

import dispatch_console.ui

UI = Path(dispatch_console.ui.__file__).parent
TRANSPORTS = {"RestBackend", "Services", "SqlStore", "ServerSignIn"}


def _questions(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id == "isinstance" and len(node.args) == 2:
            names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            if names & TRANSPORTS:
                found.append(f"line {node.lineno}: isinstance(..., {sorted(names & TRANSPORTS)})")
        if node.func.id in ("hasattr", "getattr") and node.args:
            target = ast.unparse(node.args[0])
            if "backend" in target.lower():
                found.append(f"line {node.lineno}: {node.func.id}({target}, ...)")
    return found


def test_no_module_of_the_console_asks_which_transport_it_has() -> None:
    asked = {
        str(path.relative_to(UI)): q
        for path in sorted(UI.rglob("*.py"))
        if (q := _questions(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert asked == {}
