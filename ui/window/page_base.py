"""`Page`, the base every view of the window builds on: its name and title are its entry in
lazy_pages.PAGES (written once, there), and it hears of the changes other views make."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.window.changes import Change, Changes
from ui.window.lazy_pages import LISTED

if TYPE_CHECKING:
    from ui.window.context import AppContext



class Page(QWidget):
    """A view of the window. Its `name` and `title` are its entry in PAGES. It is told, through
    `data_changed(changes)`, of every change of the kinds in `shows` that another view made."""

    name: ClassVar[str]
    shows: ClassVar[Change] = Change.NOTHING

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        listing = LISTED.get(cls.__name__)
        if listing is not None:
            cls.name = listing.name

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        if self.shows:
            context.data_changed.connect(self._changes_arrived)

    @property
    def title(self) -> str:
        """The sidebar's title, translated."""
        listed = next(LISTED[c.__name__] for c in type(self).__mro__ if c.__name__ in LISTED)
        return QCoreApplication.translate(listed.__name__, listed.title)

    def _changes_arrived(self, changes: Changes) -> None:
        if changes.concern(self, self.shows):
            self.data_changed(changes)

    def data_changed(self, changes: Changes) -> None:
        """Show what another view changed (a view that shows something overrides this)."""
