"""The core is pure: importing every module of coordinator/ loads no Qt, no SQL library and
nothing of db/ or ui/ (the import lines alone could hide a transitive import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import importlib, pkgutil, sys
import coordinator
for module in pkgutil.walk_packages(coordinator.__path__, "coordinator."):
    importlib.import_module(module.name)
print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'sqlalchemy', 'sqlmodel', 'alembic', 'db', 'ui'}))
print(len([m for m in sys.modules if m.startswith('coordinator.')]))
"""


@pytest.mark.slow
def test_every_core_module_imports_no_qt_sql_db_or_ui():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, check=True)
    impure, imported = result.stdout.split("\n")[:2]
    assert impure == "[]" and int(imported) >= 30
