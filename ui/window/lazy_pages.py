"""The window's views: their list (PAGES: each view's module, class, name and sidebar title,
written once, here) and the stack that builds each the first time it is shown or asked for, so
that starting the window pays only for the view on screen."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageRef:
    """A view listed without importing its module (some pull in PDF or chart libraries): its
    name and sidebar title, and its class, imported when the view is first built."""

    def __init__(self, module: str, class_name: str, name: str, title: str):
        self.module, self.__name__, self.name, self.title = module, class_name, name, title

    def load(self) -> type[QWidget]:
        return getattr(importlib.import_module(self.module), self.__name__)

    def __call__(self, *args, **kwargs) -> QWidget:
        return self.load()(*args, **kwargs)


# In the order the sidebar lists them. A view's module is imported when it is first shown, so
# starting the window pays only for Today (the first view after sign-in) and the registry. Titles are translated in their class's context.
PAGES = (
    PageRef("ui.window.today.page", "TodayPage", "today", QT_TRANSLATE_NOOP("TodayPage", "Today")),
    PageRef("ui.window.registry.page", "RegistryPage", "registry", QT_TRANSLATE_NOOP("RegistryPage", "Registry")),
    PageRef("ui.window.patient.page", "PatientPage", "patient", QT_TRANSLATE_NOOP("PatientPage", "Patient")),
    PageRef("ui.window.trials.page", "TrialsPage", "trials", QT_TRANSLATE_NOOP("TrialsPage", "Trials")),
    PageRef("ui.window.screening.page", "ScreeningPage", "screening",
            QT_TRANSLATE_NOOP("ScreeningPage", "Screening")),
    PageRef("ui.window.prescreen.page", "PrescreenPage", "prescreen",
            QT_TRANSLATE_NOOP("PrescreenPage", "Pre-screen")),
    PageRef("ui.window.followup.page", "FollowUpPage", "followup", QT_TRANSLATE_NOOP("FollowUpPage", "Follow-up")),
    PageRef("ui.window.alerts.page", "AlertsPage", "alerts", QT_TRANSLATE_NOOP("AlertsPage", "Due and overdue")),
    PageRef("ui.window.audit.page", "AuditPage", "audit", QT_TRANSLATE_NOOP("AuditPage", "Audit trail")),
    PageRef("ui.window.log.page", "LogPage", "log", QT_TRANSLATE_NOOP("LogPage", "Screening log")),
    PageRef("ui.window.verify.page", "VerifyPage", "verify", QT_TRANSLATE_NOOP("VerifyPage", "Verify PDF")),
)
LISTED = {page.__name__: page for page in PAGES}


def listed_title(page: PageRef) -> str:
    """A view's sidebar title, translated, without importing its module."""
    return QCoreApplication.translate(page.__name__, page.title)


class LazyPages(Mapping[str, QWidget]):
    """Views in a QStackedWidget: a placeholder holds a view's place until it is built."""

    def __init__(self, stack: QStackedWidget, build: Callable[[type], QWidget]):
        self._stack = stack
        self._build = build
        self._classes: dict[str, type] = {}
        self._built: dict[str, QWidget] = {}

    def add(self, page_class: type, page: QWidget | None = None) -> None:
        """Append a view to the stack, built (`page`) or to be built when first asked for."""
        self._classes[page_class.name] = page_class
        if page is not None:
            self._built[page_class.name] = page
        self._stack.addWidget(page if page is not None else QWidget())

    def __getitem__(self, name: str) -> QWidget:
        if name not in self._classes:
            raise KeyError(name)
        if name not in self._built:
            index = list(self._classes).index(name)
            placeholder = self._stack.widget(index)
            page = self._build(self._classes[name])
            self._stack.insertWidget(index, page)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[name] = page
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)

    def is_built(self, name: str) -> bool:
        return name in self._built

    def name_at(self, index: int) -> str:
        return list(self._classes)[index]
