"""The layering rule: imports point inward, and the core never touches Qt, SQL or HTTP.

Three independent guards, so that one wrong config cannot silently switch the rule off:

1. import-linter runs the contracts in pyproject.toml and must pass;
2. the same contracts, run on a tiny probe package that breaks them, must fail (proving the
   config actually bites, e.g. that external packages are visible to the forbidden contract);
3. a plain AST walk (plus a real import in a fresh interpreter) over domain, services and ports.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import dispatch_console

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
PACKAGE_DIR = Path(dispatch_console.__file__).resolve().parent
LINT_IMPORTS = Path(sys.executable).parent / (
    "lint-imports.exe" if os.name == "nt" else "lint-imports"
)

# third-party packages the core (domain, services, ports) must never import
FORBIDDEN_EXTERNAL = frozenset(
    {
        "PySide6",
        "PyQt5",
        "PyQt6",
        "shiboken6",
        "qasync",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "psycopg2",
        "requests",
        "httpx",
        "fastapi",
        "starlette",
        "uvicorn",
        "websockets",
        "folium",
    }
)
# the outer layers of our own package
OUTER_LAYERS = ("storage", "client", "telephony", "server", "ui", "cli", "seed", "app")
# for each core part: which dispatch_console subpackages it must not import
FORBIDDEN_INTERNAL: dict[str, frozenset[str]] = {
    "domain": frozenset({"services", "ports", *OUTER_LAYERS}),
    "ports": frozenset({"services", *OUTER_LAYERS}),
    "services": frozenset(OUTER_LAYERS),
}
CORE = tuple(FORBIDDEN_INTERNAL)


def _importlinter_config() -> dict[str, object]:
    with PYPROJECT.open("rb") as fh:
        return tomllib.load(fh)["tool"]["importlinter"]  # type: ignore[no-any-return]


def _lint_imports(cwd: Path, *config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *map(str, config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- 1. import-linter on the real project -------------------------------------------------------


def test_import_linter_contracts_pass() -> None:
    result = _lint_imports(ROOT, PYPROJECT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"lint-imports failed:\n{output}"
    assert "0 broken" in output


def test_config_forbids_the_frameworks_in_the_core() -> None:
    contracts = _importlinter_config()["contracts"]
    assert isinstance(contracts, list)
    forbidden = [c for c in contracts if c["type"] == "forbidden"]
    assert forbidden, "no forbidden contract in [tool.importlinter]"
    sources = {m for c in forbidden for m in c["source_modules"]}
    targets = {m for c in forbidden for m in c["forbidden_modules"]}
    assert {f"dispatch_console.{part}" for part in CORE} <= sources
    assert {"PySide6", "sqlalchemy", "requests", "fastapi"} <= targets
    layers = [c for c in contracts if c["type"] == "layers"]
    assert layers, "no layers contract in [tool.importlinter]"


# --- 2. the same contracts must reject a package that breaks them -------------------------------

PROBE = "archprobe"


def _probe_config(tmp_path: Path) -> Path:
    """pyproject's [tool.importlinter], retargeted from dispatch_console to the probe package."""
    lines, keep = [], False
    for line in PYPROJECT.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            keep = line.strip("[] ").startswith("tool.importlinter")
        if keep:
            lines.append(line)
    section = "\n".join(lines) + "\n"
    config = tmp_path / "probe.toml"
    config.write_text(section.replace("dispatch_console", PROBE), encoding="utf-8")
    return config


def _contract_modules() -> set[str]:
    """Every dispatch_console subpackage the contracts name."""
    names: set[str] = set()
    for contract in _importlinter_config()["contracts"]:  # type: ignore[attr-defined]
        for key in ("source_modules", "forbidden_modules", "layers"):
            for entry in contract.get(key, []):  # e.g. "(dispatch_console.a | dispatch_console.b)"
                names.update(re.findall(r"\bdispatch_console\.(\w+)", entry))
    return names


def _write_probe(tmp_path: Path, domain_source: str) -> None:
    """A package with every module the contracts name; domain/rules.py holds `domain_source`."""
    pkg = tmp_path / PROBE
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    for sub in _contract_modules() | {"domain", "services", "storage"}:
        if sub != "ports":
            (pkg / sub).mkdir()
            (pkg / sub / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "ports.py").write_text("from .domain import rules\n", encoding="utf-8")
    (pkg / "services" / "use_cases.py").write_text(
        "from ..domain import rules\nfrom .. import ports\n", encoding="utf-8"
    )
    (pkg / "storage" / "store.py").write_text(
        "import sqlalchemy\nfrom ..services import use_cases\n", encoding="utf-8"
    )
    (pkg / "domain" / "rules.py").write_text(textwrap.dedent(domain_source), encoding="utf-8")


def test_contracts_accept_a_clean_probe(tmp_path: Path) -> None:
    _write_probe(tmp_path, "import math\nimport phonenumbers\n")
    result = _lint_imports(tmp_path, _probe_config(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "bad_import",
    [
        "import PySide6.QtCore",
        "from sqlalchemy.orm import Session",
        "import requests",
        "from fastapi import FastAPI",
    ],
)
def test_forbidden_contract_catches_external_imports(tmp_path: Path, bad_import: str) -> None:
    _write_probe(tmp_path, f"import math\n{bad_import}\n")
    result = _lint_imports(tmp_path, _probe_config(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "BROKEN" in output, f"lint-imports failed without checking the contract:\n{output}"
    assert f"{PROBE}.domain.rules -> {bad_import.split()[1].split('.', maxsplit=1)[0]}" in output


def test_layers_contract_catches_an_outward_import(tmp_path: Path) -> None:
    _write_probe(tmp_path, "from ..storage import store\n")
    result = _lint_imports(tmp_path, _probe_config(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "BROKEN" in output, f"lint-imports failed without checking the contract:\n{output}"


# --- 3. direct check, independent of import-linter ----------------------------------------------


def _core_files() -> Iterator[tuple[str, Path]]:
    for part in CORE:
        path = PACKAGE_DIR / part
        if path.is_dir():
            for file in sorted(path.rglob("*.py")):
                yield part, file
        else:
            yield part, path.with_suffix(".py")


def _module_name(file: Path) -> str:
    rel = file.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Absolute names of every module `source` imports, including importlib calls by string."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
                found.add(target)
                if not node.module:  # from .. import storage
                    found.update(f"{prefix}.{alias.name}" for alias in node.names)
            elif node.module:
                found.add(node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0] if node.args else None
            if (
                name in {"import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.add(first.value)
    return found


def layering_violations(part: str, imports: set[str]) -> list[str]:
    bad = []
    for name in sorted(imports):
        top, _, rest = name.partition(".")
        layer = rest.partition(".")[0]
        if top in FORBIDDEN_EXTERNAL or (
            top == "dispatch_console" and layer in FORBIDDEN_INTERNAL[part]
        ):
            bad.append(name)
    return bad


def test_core_files_exist() -> None:
    files = list(_core_files())
    assert {part for part, _ in files} == set(CORE)
    assert all(file.exists() for _, file in files)
    assert len(files) > 10


@pytest.mark.parametrize(
    ("part", "file"), list(_core_files()), ids=lambda v: v.name if isinstance(v, Path) else v
)
def test_core_module_imports_no_framework_and_no_outer_layer(part: str, file: Path) -> None:
    module = _module_name(file)
    source = file.read_text(encoding="utf-8")
    imports = imported_modules(source, module, is_package=file.name == "__init__.py")
    assert layering_violations(part, imports) == [], f"{module} breaks the layering"


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("import PySide6.QtWidgets", ["PySide6.QtWidgets"]),
        ("from sqlalchemy.orm import Session", ["sqlalchemy.orm"]),
        ("if TYPE_CHECKING:\n    import requests", ["requests"]),
        ("def f():\n    from fastapi import FastAPI", ["fastapi"]),
        ("import importlib\nimportlib.import_module('PySide6')", ["PySide6"]),
        ("from ..storage import store", ["dispatch_console.storage"]),
        ("from .. import storage", ["dispatch_console.storage"]),
        ("from dispatch_console.ui.map import view", ["dispatch_console.ui.map"]),
        ("import math\nfrom .errors import ValidationError\nimport phonenumbers", []),
    ],
)
def test_the_direct_check_detects_violations(snippet: str, expected: list[str]) -> None:
    imports = imported_modules(snippet, "dispatch_console.domain.rules")
    assert layering_violations("domain", imports) == expected


def test_importing_the_core_loads_no_framework() -> None:
    """Catches indirect imports too (through a helper library), in a clean interpreter."""
    modules = [_module_name(file) for _, file in _core_files()]
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        forbidden = {sorted(FORBIDDEN_EXTERNAL)!r}
        print(sorted(m for m in sys.modules if m.split(".")[0] in forbidden))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"the core pulled in: {result.stdout.strip()}"
