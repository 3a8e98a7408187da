"""The two ways a view acts on the registry, as Anki's CollectionOp and QueryOp do: a person's
change (`write`: one transaction, then every view told what changed) and long reading or
computing (`background.run_in_background`: off the GUI thread, with progress). A long write
(an import, a signed log) runs in the background too and announces its changes when done."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject

from ui.window.changes import Change, Changes

if TYPE_CHECKING:
    from sqlmodel import Session

    from ui.window.context import AppContext

T = TypeVar("T")


def write(context: AppContext, what: Change, action: Callable[[Session], T], *, by: QObject | None = None) -> T:
    """`action(session)` in one transaction; when it commits, the views are told `what` changed
    (all but `by`, the view that wrote). A refusal is raised to the caller, which shows it:
    nothing was written and nobody is told."""
    with context.registry.writing() as session:
        result = action(session)
    announce(context, what, by=by)
    return result


def announce(context: AppContext, what: Change, *, by: QObject | None = None) -> None:
    """Tell the views what a finished write changed (a background write calls this when done)."""
    context.data_changed.emit(Changes(what, by))
