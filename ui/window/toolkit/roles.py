"""The item-data roles of TrialDesk's own table models, one value each across the window (a
proxy, a delegate or a test reads the same role from any model)."""

from PySide6.QtCore import Qt

ROW_ROLE = Qt.ItemDataRole.UserRole           # the row's value itself (the object a row shows)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1      # a value to sort by, when the text does not sort right
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 2   # (value, label) pairs for a cell's editor, or None: free text
KIND_ROLE = Qt.ItemDataRole.UserRole + 3      # an editable column's kind: date, number, choice, ...
