"""`trialdesk check`, and the shipped font doing its job: on a machine whose fontconfig knows no
font at all, the window still draws Chinese, with the font TrialDesk ships."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.fixture
def bare_machine(tmp_path) -> dict[str, str]:
    """An environment in which fontconfig sees no font (as a fresh workstation has no CJK one)."""
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS.format(cache=tmp_path / "font-cache"))
    return {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config")}


def trialdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from ui.launcher import main; main()", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_without_the_shipped_font_a_bare_machine_has_no_chinese(bare_machine):
    probe = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication(sys.argv); "
             "from ui.window.install_check import chinese_family; print(chinese_family(app))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=bare_machine,
                            cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "None", result.stderr


def test_the_check_draws_the_chinese_window_with_the_shipped_font(bare_machine, tmp_path):
    image = tmp_path / "window.png"
    result = trialdesk(bare_machine, "check", "--image", str(image))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "window: Chinese drawn with WenQuanYi Micro Hei (shipped with TrialDesk)" in result.stdout
    assert "reports font: WenQuanYiMicroHei from" in result.stdout and "(shipped with TrialDesk)" in result.stdout
    assert "window: opened a demo registry and showed its views" in result.stdout
    assert "does not exist yet" in result.stdout  # the check made no registry of the user's
    assert not (tmp_path / "data" / "TrialDesk").exists() or not any((tmp_path / "data" / "TrialDesk").iterdir())
    assert not list((tmp_path / "config").rglob("*.*"))  # nor touched the user's settings
    png = image.read_bytes()
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20]) == 1366 and int.from_bytes(png[20:24]) == 768


def test_the_check_reads_the_registry_schema_and_never_writes_it(bare_machine, tmp_path):
    path = tmp_path / "newer.sqlite3"
    Registry.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = trialdesk(bare_machine, "--db", str(path), "check", "--no-window")
    assert result.returncode == 1
    assert "schema 9999, is from a newer TrialDesk" in result.stdout and "FAILED" in result.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_check_names_a_registry_it_cannot_read(bare_machine, tmp_path):
    path = tmp_path / "registry.sqlite3"
    path.write_bytes(b"not a database, but a file of that name " * 100)
    result = trialdesk(bare_machine, "--db", str(path), "check", "--no-window")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"registry: {path} cannot be read (file is not a database): FAILED" in result.stdout


def test_the_check_of_a_current_registry_passes_without_a_window(bare_machine, tmp_path):
    path = tmp_path / "registry.sqlite3"
    Registry.open(path).close()
    result = trialdesk(bare_machine, "--db", str(path), "check", "--no-window")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(current)" in result.stdout and "window" not in result.stdout


def test_the_shipped_font_is_the_application_fonts_fall_back(qapp):
    from ui.window.fonts import register_shipped_fonts

    before = qapp.font()
    try:
        families = register_shipped_fonts(qapp)
        assert families == ["WenQuanYi Micro Hei"]
        assert qapp.font().families()[1:] == families  # the desktop's own font stays first
    finally:
        qapp.setFont(before)
