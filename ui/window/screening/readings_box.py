"""The readings of the selected ambiguous criterion or part: side by side as an HTML table (for
the detail pane), and the investigator's controls to choose one for this screening or adopt one
for the trial at the site (or withdraw that adoption). Who may do what is the core's."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from coordinator.screening.eligibility import ADOPTED, CHOSEN, CriterionResult, PartResult
from ui.window.core_text import tr_core
from ui.window.screening.checklist_model import answer_text


def _tr(text: str) -> str:
    """A text marked with QT_TRANSLATE_NOOP("ReadingsBox", ...), translated."""
    return QCoreApplication.translate("ReadingsBox", text)


def readings_html(item: CriterionResult | PartResult) -> str:
    """One column per reading: its label (literal text marked), answer, evidence and what is
    missing; the reading taken (adopted or chosen) marked."""
    if not item.readings:
        return ""
    cells = []
    for reading in item.readings:
        taken = reading.id == item.reading
        mark = "★ " if taken else ""
        literal_text = _tr(QT_TRANSLATE_NOOP("ReadingsBox", "literal text"))
        literal = f"<br><i>{escape(literal_text)}</i>" if reading.literal else ""
        lines = [escape(tr_core(e)) for e in reading.evidence]
        lines += [escape(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Missing: {0}")).format(tr_core(m))) for m in reading.missing]
        background = "#eef3fc" if taken else "#f7f7f7"
        cells.append(f"<td style='background:{background};padding:4px' valign='top'>"
                     f"<b>{mark}{escape(tr_core(reading.label))}</b> <small>[{escape(reading.id)}]</small>{literal}<br>"
                     f"<b>{escape(answer_text(reading.answer))}</b><br>{'<br>'.join(lines)}</td>")
    heading = escape(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Readings side by side")))
    how = {ADOPTED: _tr(QT_TRANSLATE_NOOP("ReadingsBox", "★ adopted for the trial at this site")), CHOSEN: _tr(QT_TRANSLATE_NOOP("ReadingsBox", "★ chosen for this screening"))}
    footer = f"<p>{escape(how[item.resolved_by])}</p>" if item.resolved_by in how else ""
    return (f"<p><b>{heading}</b></p><table cellspacing='4' width='100%'><tr>{''.join(cells)}</tr></table>"
            + footer)


class ReadingsBox(QGroupBox):
    """Choose a reading for the screening, adopt it for the trial, or withdraw an adoption.
    Emits what was asked for; the page writes it."""

    choose = Signal(str, str, str)  # item, reading, note
    adopt = Signal(str, str)        # item, reading
    withdraw = Signal(str)          # item

    def __init__(self, parent=None):
        super().__init__(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Reading (investigator)")), parent)
        self.setAccessibleName(self.title())
        self.reading = QComboBox()
        self.reading.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Reading")))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Why this reading")))
        self.note.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Why this reading")))
        self.choose_button = QPushButton(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "C&hoose for this screening")))
        self.choose_button.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Choose for this screening")))
        self.adopt_button = QPushButton(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Adopt for the &trial…")))
        self.adopt_button.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Adopt for the trial")))
        self.withdraw_button = QPushButton(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "&Withdraw adoption…")))
        self.withdraw_button.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ReadingsBox", "Withdraw adoption")))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555")
        self.item_id: str | None = None
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.reading, 1)
        first.addWidget(self.note, 1)
        second.addWidget(self.choose_button)
        second.addWidget(self.adopt_button)
        second.addWidget(self.withdraw_button)
        second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.hint)
        self.choose_button.clicked.connect(
            lambda: self.choose.emit(self.item_id or "", self.reading.currentData() or "", self.note.text()))
        self.adopt_button.clicked.connect(lambda: self.adopt.emit(self.item_id or "", self.reading.currentData() or ""))
        self.withdraw_button.clicked.connect(lambda: self.withdraw.emit(self.item_id or ""))

    def show_item(self, item: CriterionResult | PartResult | None, *, may_choose: bool, open_screening: bool,
                  adopted: bool) -> None:
        """The readings of `item` (none: nothing to choose); what the person may do enabled."""
        if item is None or not item.readings:
            self.reading.clear()
            self.item_id = None
            return
        if item.id != self.item_id:
            self.note.clear()
        self.item_id = item.id
        self.reading.clear()
        for reading in item.readings:
            self.reading.addItem(f"{tr_core(reading.label)} [{reading.id}] · {answer_text(reading.answer)}", reading.id)
        if item.reading:
            self.reading.setCurrentIndex(self.reading.findData(item.reading))
        hint = "" if may_choose else _tr(QT_TRANSLATE_NOOP("ReadingsBox", "Only an investigator chooses or adopts a reading."))
        self.choose_button.setEnabled(may_choose and open_screening)
        self.adopt_button.setEnabled(may_choose)
        self.withdraw_button.setEnabled(may_choose and adopted)
        self.note.setEnabled(may_choose and open_screening)
        self.reading.setEnabled(may_choose)
        if may_choose and not open_screening:
            hint = _tr(QT_TRANSLATE_NOOP("ReadingsBox", "Start a screening to choose a reading for it; adopting one for the trial needs none."))
        self.hint.setText(hint)
