"""Views are built when first shown, and reached the same way whether built or not."""

from __future__ import annotations

from coordinator.screening import Actor, Role
from ui.app import MainWindow, page_classes


def test_only_the_view_on_screen_is_built_at_start(qtbot, sqlite_registry):
    window = MainWindow(sqlite_registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(window)
    window.show()
    names = [page_class.name for page_class in page_classes()]
    assert list(window.pages) == names and len(window.pages) == len(names)
    assert [window.sidebar.item(row).text() for row in range(window.sidebar.count())][:3] == [
        "Registry", "Patient", "Trials"]
    assert [name for name in names if window.pages.is_built(name)] == ["registry"]
    assert "trials" in window.pages and "nonsense" not in window.pages
    assert not window.pages.is_built("trials")  # asking whether it exists does not build it

    window.sidebar.setCurrentRow(names.index("trials"))
    trials = window.stack.currentWidget()
    assert window.pages.is_built("trials") and trials is window.pages["trials"] and trials.title == "Trials"
    assert window.stack.indexOf(trials) == names.index("trials") and window.stack.count() == len(names)

    audit = window.pages["audit"]  # built on demand when asked for, e.g. by a test or a route
    assert window.stack.currentWidget() is trials and window.stack.indexOf(audit) == names.index("audit")
    assert window.show_page("audit") is audit and window.sidebar.currentRow() == names.index("audit")
