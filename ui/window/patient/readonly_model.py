"""A read-only table of prepared rows (derived values, enrolments, screenings), each row keeping
the value it was made from for the view's actions: the window's RowsModel over (texts, value)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.window.patient.parts_model import CONTEXT
from ui.window.toolkit.tables import Column, RowsModel


class ReadOnlyTableModel(RowsModel):
    context = CONTEXT
    align_top = False

    def __init__(self, headers: Sequence[str], parent=None):
        """`headers` untranslated, marked with QT_TRANSLATE_NOOP("PatientTables", ...)."""
        super().__init__(parent, columns=[Column(header, lambda row, n=n: row[0][n]) for n, header in enumerate(headers)])

    def set_rows(self, rows: Sequence[tuple[str, ...]], items: Sequence[Any] | None = None) -> None:
        texts = [tuple(row) for row in rows]
        super().set_rows(list(zip(texts, list(items) if items is not None else texts)))

    @property
    def texts(self) -> list[tuple[str, ...]]:
        """Each row's texts, as shown."""
        return [texts for texts, _ in self.rows()]

    @property
    def items(self) -> list[Any]:
        """The value each row was made from, in row order."""
        return [item for _, item in self.rows()]
