"""Views are built when first shown, and reached the same way whether built or not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coordinator.screening.workflow import Actor, Role
from ui.window.lazy_pages import PAGES
from ui.window.main_window import MainWindow
from ui.window.page_base import Page

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_view_on_screen_is_built_at_start(qtbot, sqlite_registry):
    window = MainWindow(sqlite_registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(window)
    window.show()
    names = [page_class.name for page_class in PAGES]
    assert list(window.pages) == names and len(window.pages) == len(names)
    texts = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert texts[0].startswith("Today") and texts[1:3] == ["Registry", "Patient"]  # (Today adds its count)
    # Today is the first view after sign-in; the registry view's count is in the status bar
    assert [name for name in names if window.pages.is_built(name)] == ["today", "registry"]
    assert "trials" in window.pages and "nonsense" not in window.pages
    assert not window.pages.is_built("trials")  # asking whether it exists does not build it

    window.sidebar.setCurrentRow(names.index("trials"))
    trials = window.stack.currentWidget()
    assert window.pages.is_built("trials") and trials is window.pages["trials"] and trials.title == "Trials"
    assert window.stack.indexOf(trials) == names.index("trials") and window.stack.count() == len(names)

    audit = window.pages["audit"]  # built on demand when asked for, e.g. by a test or a route
    assert window.stack.currentWidget() is trials and window.stack.indexOf(audit) == names.index("audit")
    assert window.show_page("audit") is audit and window.sidebar.currentRow() == names.index("audit")


def test_every_listed_view_is_a_page_named_by_its_listing():
    for entry in PAGES:
        page_class = entry.load()
        assert issubclass(page_class, Page) and page_class.__name__ == entry.__name__
        assert page_class.name == entry.name, f"{entry.__name__} is not named by its listing"
        assert "title" not in page_class.__dict__, f"{entry.__name__} writes its title again"


def test_starting_the_window_imports_no_other_view(tmp_path):
    """In a fresh interpreter: only Today's and the registry view's modules are loaded for the first paint."""
    program = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from coordinator.screening.workflow import Actor, Role\n"
        "from db.registry import Registry\n"
        "from ui.window.main_window import MainWindow\n"
        f"window = MainWindow(Registry.open({str(tmp_path / 'r.sqlite3')!r}), Actor('t', Role.COORDINATOR))\n"
        "window.show(); app.processEvents()\n"
        "print(sorted(name for name in sys.modules if name.startswith('ui.window.') and name.endswith('.page')))\n")
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "['ui.window.registry.page', 'ui.window.today.page']"
