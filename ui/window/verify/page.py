"""Checking a signed PDF, as `trialdesk verify` does: for every signature who signed, when and
what for; whether the signed content is intact; whether this site's signing authority issued
the certificate; and whether the electronic signature it stands for is still on record and
matching. One clear overall result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QTableView, QVBoxLayout)

from ui.window.background import BackgroundTask, run_in_background
from ui.window.context import AppContext
from ui.window.page_base import Page
from ui.window.verify.model import BAD, GOOD, SignatureCheckModel
from ui.window.verify.report import Verification, verify_file


class VerifyPage(Page):

    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, parent)
        self.task: BackgroundTask | None = None
        self.verification: Verification | None = None
        self.path: Path | None = None

        intro = QLabel(self.tr("Check the signatures in a PDF made by TrialDesk: whether the signed content is "
                               "intact, whether this site's signing authority issued the certificate, and whether "
                               "the electronic signature it stands for still matches the registry."))
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("&Choose PDF…"))
        self.choose_button.setAccessibleName(self.tr("Choose PDF"))
        self.choose_button.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.choose_button.clicked.connect(self.choose_file)
        self.again_button = QPushButton(self.tr("Check &again"))
        self.again_button.setAccessibleName(self.tr("Check again"))
        self.again_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.again_button.clicked.connect(lambda: self.path and self.verify(self.path))
        self.again_button.setEnabled(False)
        self.file_label = QLabel(self.tr("No file chosen"))
        self.file_label.setAccessibleName(self.tr("File"))
        self.file_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(self.tr("Checking"))
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.again_button)
        row.addWidget(self.progress)
        row.addWidget(self.file_label, 1)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName(self.tr("Overall result"))
        font = self.result.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.result.setFont(font)

        self.model = SignatureCheckModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Signatures"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SignatureCheckModel.DETAILS, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self.table.resizeRowsToContents)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a signed PDF"), "",
                                              self.tr("PDF documents (*.pdf)"))
        if name:
            self.verify(Path(name))

    def verify(self, path: Path) -> BackgroundTask:
        """Check the file's signatures in the background (a signature check reads the whole file)."""
        self.path = path
        self.file_label.setText(str(path))
        self.model.set_signatures([])
        self._show_result(self.tr("Checking…"), None)
        self.progress.show()
        self.choose_button.setEnabled(False)
        self.again_button.setEnabled(False)
        registry, actor = self.context.registry, self.context.actor
        self.task = run_in_background(lambda report: verify_file(registry, actor, path), on_done=self._done,
                                      on_error=self._failed)
        return self.task

    def _finished(self) -> None:
        self.task = None
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.again_button.setEnabled(True)

    def _done(self, verification: Verification) -> None:
        self._finished()
        self.verification = verification
        self.model.set_signatures(verification.signatures)
        count = len(verification.signatures)
        if not count:
            text, good = self.tr("No signatures in this file: nothing vouches for it"), False
        elif verification.valid:
            text, good = self.tr("VALID: %n signature(s), all intact, trusted and matching the registry", "",
                                 count), True
        else:
            failed = sum(not s.ok for s in verification.signatures)
            text, good = self.tr("NOT VALID: %n of the signatures failed a check (in red below)", "", failed), False
            if verification.audit_trail and not failed:
                text = self.tr("NOT VALID: the registry's audit trail no longer holds what it held when this PDF "
                               "was made ({0})").format(verification.audit_trail)
        self._show_result(text, good)
        self.context.status_message.emit(text)

    def _failed(self, message: str) -> None:
        self._finished()
        self.verification = None
        self._show_result(self.tr("NOT VALID: the file could not be checked: {0}").format(message), False)

    def _show_result(self, text: str, good: bool | None) -> None:
        self.result.setText(text)
        colour = "" if good is None else f"color: {(GOOD if good else BAD).name()}"
        self.result.setStyleSheet(colour)
