"""What the docs point at exists: on every page of docs/, README.md and installers/README.md,
every path in backticks, every `file.py:name` (and pytest's `file.py::test`), every
`Class.member` of a class of ours, and every link to another page (and its heading). A rename
that forgets the pages fails here instead of leaving the next engineer lost.

On the pages of docs/, paths are relative to src/dispatch_console/ unless they start with a
folder of the repository (tests/, docs/, bench/, scripts/ ...), as docs/architecture.md says; the
READMEs name paths relative to their own folder, as their links do."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import dispatch_console

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SRC = Path(dispatch_console.__file__).resolve().parent
CHECKED = sorted(
    [p.relative_to(ROOT).as_posix() for p in DOCS.rglob("*.md")]
    + ["README.md", "installers/README.md"]
)
REPO_FOLDERS = ("src/", "tests/", "docs/", "bench/", "scripts/", "installers/", ".github/")
REPO_FILES = ("pyproject.toml", "README.md")
# what scripts create and git ignores: named by the pages, never in a checkout
GENERATED = (".venv/", "bench/out/")
# other programs' paths, named on the page that sets them up: Asterisk's and FreeSWITCH's channel
# prefixes, FreeSWITCH's configuration files, Traccar Client's source
FOREIGN = {
    "docs/integrations/asterisk.md": ("Local/",),
    "docs/integrations/freeswitch.md": ("autoload_configs/", "user/", "verto.rtc/"),
    "docs/integrations/gps.md": ("lib/preferences.dart",),
}

FENCE = re.compile(r"^```.*?^```", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")
# a path (a file with an extension, or a folder ending in /), optionally `:qualified.name` or a
# pytest node id's `::test_name`
PATH = re.compile(r"^(?P<path>[\w.-]+(?:/[\w.-]+)*(?:\.\w+|/))(?:::?(?P<name>[\w.<>]+))?$")
DOTTED = re.compile(r"^dispatch_console(?:\.\w+)+:(?P<name>[\w.<>]+)$")
MEMBER = re.compile(r"^(?P<cls>[A-Z]\w*)\.(?P<attr>\w+)$")
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def _spans(text: str) -> Iterator[str]:
    for span in SPAN.findall(FENCE.sub("", text)):
        yield span.strip()


def _resolve(path: str, page: Path) -> Path:
    if path.startswith(REPO_FOLDERS) or path in REPO_FILES:
        return ROOT / path
    base = SRC if page.is_relative_to(DOCS) else page.parent
    return Path(os.path.normpath(base / path))


def _names(tree: ast.AST, prefix: str = "") -> Iterator[str]:
    """Every qualified name a module defines: classes, functions (nested ones as Python names
    them, with <locals>), and names assigned at module or class level."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef):
            name = prefix + node.name
            yield name
            yield from _names(node, name + ".")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            yield name
            yield from _names(node, name + ".<locals>.")
        elif isinstance(node, ast.Assign | ast.AnnAssign) and not prefix.endswith("<locals>."):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        yield prefix + leaf.id
        elif isinstance(node, ast.If | ast.Try | ast.With):  # TYPE_CHECKING blocks and the like
            yield from _names(node, prefix)


@cache
def _defined(path: Path) -> frozenset[str]:
    return frozenset(_names(ast.parse(path.read_text(encoding="utf-8"))))


@cache
def _classes() -> dict[str, list[tuple[frozenset[str], list[str]]]]:
    """Class name -> (its members, its bases' names), for every class in the package."""
    found: dict[str, list[tuple[frozenset[str], list[str]]]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                members = frozenset(n.split(".")[0] for n in _names(node)) | _instance(node)
                bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                         for b in node.bases]  # fmt: skip
                found.setdefault(node.name, []).append((members, bases))
    return found


def _instance(cls: ast.ClassDef) -> frozenset[str]:
    """The attributes its methods set on `self`."""
    return frozenset(
        leaf.attr
        for node in ast.walk(cls)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        for leaf in ast.walk(target)
        if isinstance(leaf, ast.Attribute) and isinstance(leaf.value, ast.Name)
        and leaf.value.id == "self"
    )  # fmt: skip


def _has_member(cls: str, attr: str, seen: frozenset[str] = frozenset()) -> bool:
    for members, bases in _classes().get(cls, []):
        if attr in members:
            return True
        if any(_has_member(b, attr, seen | {cls}) for b in bases if b and b not in seen):
            return True
    return False


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", text, re.M)}


def _problems(text: str, page: Path) -> list[str]:
    """What `text` (the page `page`, for its own #anchors) names that is not there."""
    problems: list[str] = []
    for span in _spans(text):
        if (m := DOTTED.match(span)) is not None:
            module = span.split(":")[0].split(".")[1:]
            base = SRC.joinpath(*module)
            path = base.with_suffix(".py")
            if not path.exists():
                path = base / "__init__.py"
            if not path.exists():
                problems.append(f"`{span}`: no module {'.'.join(module)}")
            elif m["name"] not in _defined(path):
                problems.append(f"`{span}`: {path.relative_to(ROOT)} defines no {m['name']}")
            continue
        if (m := MEMBER.match(span)) is not None and m["cls"] in _classes():
            if not _has_member(m["cls"], m["attr"]):
                problems.append(f"`{span}`: class {m['cls']} has no {m['attr']}")
            continue
        m = PATH.match(span)
        if m is None or ("/" not in m["path"] and not m["path"].endswith(".py")):
            continue  # not a path: a name, a value, a command
        if span.startswith(FOREIGN.get(page.relative_to(ROOT).as_posix(), ())):
            continue
        path = _resolve(m["path"], page)
        where = Path(os.path.relpath(path, ROOT)).as_posix()
        if not path.exists() and (where + "/").startswith(GENERATED):
            continue
        if not path.exists():
            problems.append(f"`{span}`: {where} does not exist")
        elif m["name"] is not None:
            if path.suffix != ".py":
                problems.append(f"`{span}`: only Python files have names to check")
            elif m["name"] not in _defined(path):
                problems.append(f"`{span}`: {where} defines no {m['name']}")
    for link in LINK.finditer(FENCE.sub("", text)):
        target = link["target"]
        if re.match(r"\w+:", target):  # http:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists():
            problems.append(f"link {target}: {file} does not exist")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            problems.append(f"link {target}: {file or page.name} has no heading #{anchor}")
    return problems


@pytest.mark.parametrize("name", CHECKED)
def test_everything_the_page_points_at_exists(name: str) -> None:
    page = ROOT / name
    assert _problems(page.read_text(encoding="utf-8"), page) == []


def test_what_the_check_lets_pass_is_still_named_and_still_ignored() -> None:
    """No exception outlives what it was made for: each foreign path is still on its page, and
    each generated folder is one git ignores (so never checked in, never checkable)."""
    for name, prefixes in FOREIGN.items():
        spans = list(_spans((ROOT / name).read_text(encoding="utf-8")))
        for prefix in prefixes:
            assert any(s.startswith(prefix) for s in spans), (name, prefix)
    ignored = {line.strip("/") + "/" for line in (ROOT / ".gitignore").read_text().splitlines()}
    assert set(GENERATED) <= ignored


def test_the_check_catches_a_wrong_path_a_wrong_name_and_a_wrong_member() -> None:
    """The check itself bites: a page naming what is not there fails it."""
    page = DOCS / "architecture.md"
    named = [s for s in _spans(page.read_text(encoding="utf-8")) if PATH.match(s)]
    assert sum(":" in s for s in named) > 50, "the page names functions by file"
    wrong = {
        "`services/no_such_feature.py`": "does not exist",
        "`services/tickets.py:TicketUseCases.no_such_use_case`": "defines no",
        "`TicketUseCases.no_such_use_case`": "has no",
        "`dispatch_console.services.tickets:no_such`": "defines no",
        "`tests/test_docs_paths.py::test_no_such_test`": "defines no",
        "`bench/no_such_output/x.json`": "does not exist",
        "[x](no-such-page.md)": "does not exist",
        "[x](server.md#no-such-heading)": "has no heading",
    }
    found = _problems("\n".join(wrong), page)
    assert len(found) == len(wrong), found
    for problem, (span, words) in zip(found, wrong.items(), strict=True):
        assert words in problem, (span, problem)


def test_a_readme_names_paths_from_its_folder_and_foreign_paths_pass_only_on_their_page() -> None:
    installers = ROOT / "installers" / "README.md"
    assert (
        _problems("`windows/sign.sh` `../resources/icons/dispatch-console.ico`", installers) == []
    )
    assert _problems("`windows/no_such.sh`", installers) == [
        "`windows/no_such.sh`: installers/windows/no_such.sh does not exist"
    ]
    assert _problems("`autoload_configs/acl.conf.xml`", DOCS / "integrations/freeswitch.md") == []
    assert _problems("`autoload_configs/acl.conf.xml`", DOCS / "architecture.md") != []
