"""`pip install .` gives a working program: the wheel carries the data files and migrations,
found through importlib.resources, never through the current directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    return next(out.glob("trialdesk-*.whl"))


def test_wheel_carries_resources_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("resources/vocabulary/observations.yaml", "resources/vocabulary/medications.yaml",
                   "resources/vocabulary/conditions.yaml", "resources/schemas/patient-record.schema.json",
                   "db/migrations/env.py", "db/migrations/script.py.mako",
                   "db/migrations/versions/0001_initial_registry_schema.py", "ui/cli/main.py",
                   "resources/fonts/wqy-microhei.ttc", "resources/fonts/LICENSE-Apache-2.0.txt",
                   "resources/fonts/COPYRIGHT-wqy-microhei.txt", "resources/icons/trialdesk-256.png",
                   "resources/icons/trialdesk-16.png", "resources/icons/trialdesk.ico"):
        assert needed in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "trialdesk = ui.launcher:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_unpacked_wheel_works_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Only the unpacked wheel (and the installed dependencies) are importable: not the source tree.
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(tmp_path / "data")}
    script = ("import sys; from ui.cli.main import main; "
              "sys.argv = ['trialdesk', '--db', 'r.sqlite3', 'demo', '--patients', '3']; main()")
    result = subprocess.run([sys.executable, "-P", "-c", script], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "+3 synthetic patients" in result.stdout
    probe = subprocess.run([sys.executable, "-P", "-c", "import coordinator; print(coordinator.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True)
    assert probe.stdout.startswith(str(site))
