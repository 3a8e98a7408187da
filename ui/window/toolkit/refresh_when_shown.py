"""For views that load from the registry: load when first shown, and after a change reload at
once if visible, or on the next showing if not (no work for views nobody is looking at)."""

from __future__ import annotations


class RefreshWhenShown:
    """Mix into a QWidget view that has `refresh()`; `refresh()` calls `loaded()` when done."""

    _loaded = False
    _stale = False

    def loaded(self) -> None:
        self._loaded, self._stale = True, False

    def data_changed(self, changes) -> None:
        if self.isVisible() and self._loaded:
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded or self._stale:
            self.refresh()
