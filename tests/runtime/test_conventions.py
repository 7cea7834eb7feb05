"""The rules of issue 23's logging part, kept by the code itself: every module logs under its own
name, no broad `except` swallows what it caught, and every long-lived thread runs under the
supervisor (runtime/supervise.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import dispatch_console

SRC = Path(dispatch_console.__file__).parent
OWN_NAMES = {"qt"}  # Qt's own messages (app/logs.py): not a module of ours
BROAD = {"Exception", "BaseException"}
# a handler that calls one of these has said it: logged it, shown it, or handed it on
SAYS = {
    "debug", "info", "warning", "error", "exception", "critical", "log",  # logging
    "emit", "showMessage", "setText", "tell", "_fail", "_failed", "_refuse", "_reply",
    "on_status", "on_error", "append",
}  # fmt: skip
# where saying it is not possible: inside the log record factory, a report would log again
# (logging reports the broken format itself when a handler writes the record)
QUIET = {"runtime/logmask.py"}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8"))


def test_every_module_logs_under_its_own_name() -> None:
    named = [
        f"{name}:{node.lineno}"
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "logging.getLogger"
        and node.args
        and not (isinstance(node.args[0], ast.Name) and node.args[0].id == "__name__")
        and not (isinstance(node.args[0], ast.Constant) and node.args[0].value in OWN_NAMES)
    ]
    assert named == []


def _broad(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in BROAD for k in kinds)


def _says_it(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in SAYS:
                return True
        if handler.name and isinstance(node, ast.Name) and node.id == handler.name:
            return True  # the error itself is handed on (returned, wrapped, shown)
    return False


def test_no_broad_except_swallows_what_it_caught() -> None:
    silent = [
        f"{name}:{node.lineno}"
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler)
        and _broad(node)
        and not _says_it(node)
        and name not in QUIET
    ]
    assert silent == []


def test_every_thread_of_ours_runs_under_the_supervisor() -> None:
    bare = []
    for name, tree in _modules():
        if name == "runtime/supervise.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "threading.Thread":
                target = next((k.value for k in node.keywords if k.arg == "target"), None)
                if target is None or "supervisor" not in ast.unparse(target).lower():
                    bare.append(f"{name}:{node.lineno}")
    assert bare == []
