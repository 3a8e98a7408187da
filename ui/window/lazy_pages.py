"""The window's views by name, each built the first time it is shown or asked for, so that
starting the window pays only for the view on screen."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageRef:
    """A view listed without importing its module (some pull in PDF or chart libraries): its
    name and sidebar title written here, its class imported when the view is first built.
    tests/ui/test_lazy_pages.py checks that they agree with the class."""

    def __init__(self, module: str, class_name: str, name: str, title: str):
        self.module, self.__name__, self.name, self.title = module, class_name, name, title

    def load(self) -> type[QWidget]:
        return getattr(importlib.import_module(self.module), self.__name__)

    def __call__(self, *args, **kwargs) -> QWidget:
        return self.load()(*args, **kwargs)


def class_title(page_class: type | PageRef) -> str | None:
    """A view's translated title without building it: from a class attribute `title` marked
    with QT_TRANSLATE_NOOP(<class name>, ...). None when the view only sets it when built."""
    title = page_class.__dict__.get("title")
    return QCoreApplication.translate(page_class.__name__, title) if isinstance(title, str) else None


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
