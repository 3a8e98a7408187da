"""Cell editors for the record tables: a list for coded fields (units, drugs, yes/no, ...) with
an empty entry to clear it, a line edit for the rest (what is typed is checked by the core)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from ui.window.patient.parts_model import CONTEXT
from ui.window.toolkit.roles import CHOICES_ROLE, KIND_ROLE


class PartDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        choices = index.data(CHOICES_ROLE)
        if choices is None:
            editor = QLineEdit(parent)
            if index.data(KIND_ROLE) == "date":
                editor.setPlaceholderText(QCoreApplication.translate(CONTEXT, "YYYY-MM-DD"))
            return editor
        editor = QComboBox(parent)
        editor.addItem("", None)
        for value, label in choices:
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor, index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = next((i for i in range(editor.count()) if editor.itemData(i) == value
                          and type(editor.itemData(i)) is type(value)), 0)
            editor.setCurrentIndex(found)
        else:
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
