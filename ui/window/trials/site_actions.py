"""The Trials view's actions on a site's own trials: check a trial file (anyone), install one into
the site trials folder, retire a trial or put it back in use (investigators; the core refuses
anyone else). Each writes in one transaction through db.trial_files; this only asks and shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from coordinator.problems import Refusal
from coordinator.screening.trial import Trial, TrialFileError
from coordinator.screening.trial_library import check_files, file_notes, library
from coordinator.screening.workflow import Permission
from db.trial_files import SiteTrials
from ui.window.context import AppContext
from ui.window.core_text import tr_core


class SiteTrialActions(QObject):
    changed = Signal(str)  # the trial installed, retired or put back in use

    def __init__(self, context: AppContext, parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.parent_widget = parent

    @property
    def may_manage(self) -> bool:
        return self.context.may(Permission.MANAGE_TRIALS)

    # -- without dialogs (what the tests drive) -----------------------------------------------------
    def check_report(self, path: Path) -> tuple[bool, str]:
        """(no problems?, what to show): "OK" with what the file defines, or every problem."""
        [(_, trial, problems)] = check_files([path], library())
        if problems or trial is None:
            return False, "\n".join(problems)
        ok = self.tr("{0}: OK: {1} ({2}), protocol version {3}, {4} criteria").format(
            path.name, trial.trial_id, tr_core(trial.short_name), trial.protocol_version, len(trial.criteria))
        notes = [self.tr("{0}: note: {1}").format(path.name, tr_core(note)) for note in file_notes(trial)]
        return True, "\n".join([ok, *notes])

    def install(self, path: Path, reason: str) -> Trial:
        with self.context.registry.writing() as session:
            trial = SiteTrials(session, self.context.actor).install(path, reason)
        self._changed(trial.trial_id)
        return trial

    def set_retired(self, trial_id: str, retired: bool, reason: str) -> None:
        with self.context.registry.writing() as session:
            trials = SiteTrials(session, self.context.actor)
            trials.retire(trial_id, reason) if retired else trials.restore(trial_id, reason)
        self._changed(trial_id)

    def _changed(self, trial_id: str) -> None:
        self.context.reload_trials()
        self.context.trials_changed.emit()
        self.changed.emit(trial_id)

    # -- with dialogs -----------------------------------------------------------------------------
    def _choose_file(self, title: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent_widget, title, "", self.tr("Trial files (*.yaml *.yml)"))
        return Path(name) if name else None

    def _reason(self, title: str, prompt: str) -> str | None:
        reason, ok = QInputDialog.getText(self.parent_widget, title, prompt, QLineEdit.EchoMode.Normal)
        return reason if ok else None

    def ask_check(self) -> None:
        path = self._choose_file(self.tr("Check a trial file"))
        if path is None:
            return
        ok, text = self.check_report(path)
        box = QMessageBox.information if ok else QMessageBox.warning
        box(self.parent_widget, self.tr("Check a trial file"), text)

    def ask_install(self) -> None:
        title = self.tr("Install a trial file")
        path = self._choose_file(title)
        if path is None:
            return
        ok, text = self.check_report(path)
        if not ok:
            QMessageBox.warning(self.parent_widget, title, text)
            return
        reason = self._reason(title, text + "\n\n" + self.tr(
            "Every workstation of this registry will use it. Why (e.g. the amendment it encodes)?"))
        if reason is not None:
            self._act(title, lambda: self.install(path, reason))

    def ask_retirement(self, trial: Trial, retire: bool) -> None:
        title = self.tr("Retire {0}").format(trial.trial_id) if retire else \
            self.tr("Put {0} back in use").format(trial.trial_id)
        prompt = self.tr("No new screening or pre-screen will use it; its screenings are kept. Why?") if retire \
            else self.tr("Why?")
        reason = self._reason(title, prompt)
        if reason is not None:
            self._act(title, lambda: self.set_retired(trial.trial_id, retire, reason))

    def _act(self, title: str, action) -> None:
        try:
            action()
        except (Refusal, TrialFileError, OSError) as error:
            QMessageBox.warning(self.parent_widget, title, tr_core(str(error)))
