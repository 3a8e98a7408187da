"""The signature check's table: one row per signature of a checked PDF, each check marked as
passed (green) or failed (red), in the words `trialdesk verify` uses too
(coordinator.signing.words), translated."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from coordinator.signing import words as signature_words
from coordinator.signing.words import CheckResult, content_check, registry_check, trust_check
from ui.window.core_text import tr_core
from ui.window.verify.report import CheckedSignature

BAD = QColor("#b00020")
GOOD = QColor("#1b5e20")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SignatureCheckModel", text)


SIGNATURE_HEADERS = (QT_TRANSLATE_NOOP("SignatureCheckModel", "Signer"),
                     QT_TRANSLATE_NOOP("SignatureCheckModel", "Signed at"),
                     QT_TRANSLATE_NOOP("SignatureCheckModel", "Meaning"),
                     QT_TRANSLATE_NOOP("SignatureCheckModel", "Content"),
                     QT_TRANSLATE_NOOP("SignatureCheckModel", "Site CA"),
                     QT_TRANSLATE_NOOP("SignatureCheckModel", "Registry e-signature"),
                     QT_TRANSLATE_NOOP("SignatureCheckModel", "Details"))


def said(result: CheckResult) -> str:
    """A check's words in the interface's language, starting with a capital as a cell does."""
    text = QCoreApplication.translate(signature_words.CONTEXT, result.text).format(*result.args)
    return text[:1].upper() + text[1:]


class SignatureCheckModel(QAbstractTableModel):
    """The signatures of a checked PDF (ui.window.verify.report.CheckedSignature), in signing order."""

    SIGNER, TIME, MEANING, CONTENT, TRUST, REGISTRY, DETAILS = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.signatures: list[CheckedSignature] = []

    def set_signatures(self, signatures) -> None:
        self.beginResetModel()
        self.signatures = list(signatures)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.signatures)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SIGNATURE_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(SIGNATURE_HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        checked = self.signatures[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(checked, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            passed = self.passed(checked, column)
            return None if passed is None else QBrush(GOOD if passed else BAD)
        return None

    @staticmethod
    def check(checked: CheckedSignature, column: int) -> CheckResult | None:
        """The check a column shows; None for the columns that are no check."""
        if column == SignatureCheckModel.CONTENT:
            return content_check(checked.pdf)
        if column == SignatureCheckModel.TRUST:
            return trust_check(checked.pdf)
        if column == SignatureCheckModel.REGISTRY:
            return registry_check(checked.registry.status)
        return None

    @staticmethod
    def passed(checked: CheckedSignature, column: int) -> bool | None:
        """Whether the check a column shows passed; None for the columns that are no check."""
        result = SignatureCheckModel.check(checked, column)
        return None if result is None else result.passed

    def _text(self, checked: CheckedSignature, column: int) -> str:
        report = checked.pdf
        if column == self.SIGNER:
            return report.signer_name + (f" ({report.signer_role})" if report.signer_role else "")
        if column == self.TIME:
            return report.signed_at.strftime("%Y-%m-%d %H:%M:%S %Z").strip() if report.signed_at else ""
        if column == self.MEANING:
            return report.meaning or ""
        result = self.check(checked, column)
        if result is not None:
            return said(result)
        return "; ".join(tr_core(part) for part in (report.problem, checked.registry.detail) if part)
