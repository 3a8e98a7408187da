"""The layering of the house: coordinator/ (the pure core) imports no Qt, no SQL library and
nothing of db/ or ui/; db/ imports no Qt and nothing of ui/; ui/cli/ (the command line) imports
no Qt and nothing of ui/window/. Checked twice: every import statement of every module, even one
inside a function (read, not run), and every module imported for real in a fresh interpreter,
which also catches what an allowed import drags in."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "shiboken6")
SQL = ("sqlalchemy", "sqlmodel", "alembic", "psycopg")
# package -> what none of its modules may import (top-level names, or dotted prefixes)
FORBIDDEN = {
    "coordinator": (*QT, *SQL, "db", "ui"),
    "db": (*QT, "ui"),
    "ui.cli": (*QT, "ui.window"),
}


def modules_of(package: str) -> list[Path]:
    folder = ROOT / package.replace(".", "/")
    return sorted(path for path in folder.rglob("*.py") if "versions" not in path.relative_to(ROOT).parts)


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in forbidden)


@pytest.mark.parametrize("package", FORBIDDEN)
def test_no_module_has_an_import_statement_across_the_layers(package):
    found = [f"{path.relative_to(ROOT)} imports {name}" for path in modules_of(package)
             for name in sorted(imported_names(path)) if breaks(name, FORBIDDEN[package])]
    assert found == []
    assert len(modules_of(package)) >= 8  # the walk found the package


PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(package.__path__, sys.argv[1] + ".")
         if ".migrations" not in m.name]  # migrations run inside Alembic, not on import
for name in names:
    importlib.import_module(name)
print(json.dumps([len(names), sorted(sys.modules)]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("package", FORBIDDEN)
def test_importing_every_module_loads_nothing_across_the_layers(package):
    done = subprocess.run([sys.executable, "-c", PROBE, package], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    count, loaded = json.loads(done.stdout.splitlines()[-1])
    assert count >= 8
    assert [name for name in loaded if breaks(name, FORBIDDEN[package])] == []


def test_a_forbidden_import_would_be_found(tmp_path):
    """The check itself: an import inside a function counts, a similar name does not."""
    module = tmp_path / "m.py"
    module.write_text("def later():\n    from PySide6.QtCore import QObject\nimport dbm\nimport ui.cli.common\n")
    names = imported_names(module)
    assert [n for n in sorted(names) if breaks(n, FORBIDDEN["coordinator"])] == ["PySide6.QtCore", "ui.cli.common"]
    assert not breaks("ui.cli.common", FORBIDDEN["ui.cli"]) and breaks("ui.window.i18n", FORBIDDEN["ui.cli"])
