"""What a locked window shows instead of the registry: who it is locked for and a password
field; or, to switch user, a user name and a password."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class LockPane(QWidget):
    unlock_requested = Signal(str, str)  # user name, password

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Locked"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15pt")
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.returnPressed.connect(self._submit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.setAccessibleName(self.tr("Message"))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.switch_button = QPushButton(self.tr("Sign in as someone else"))
        self.switch_button.clicked.connect(lambda: self.ask_anyone(self.tr("Sign in to TrialDesk")))
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.unlock_button)
        box = QWidget()
        box.setMinimumWidth(400)
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def ask_owner(self, username: str, title: str) -> None:
        """Locked for `username`: only their password is asked."""
        self.title.setText(title)
        self.username.setText(username)
        self.username.setReadOnly(True)
        self.unlock_button.setText(self.tr("Unlock"))
        self.switch_button.show()
        self._reset()
        self.password.setFocus()

    def ask_anyone(self, title: str) -> None:
        """Signed out: anyone signs in."""
        self.title.setText(title)
        self.username.clear()
        self.username.setReadOnly(False)
        self.unlock_button.setText(self.tr("Sign in"))
        self.switch_button.hide()
        self._reset()
        self.username.setFocus()

    def refuse(self, message: str) -> None:
        self.message.setText(message)
        self.password.clear()
        self.password.setFocus()

    def _reset(self) -> None:
        self.password.clear()
        self.message.clear()

    def _submit(self) -> None:
        self.unlock_requested.emit(self.username.text().strip(), self.password.text())
