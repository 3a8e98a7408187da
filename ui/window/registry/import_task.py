"""Importing record files off the GUI thread, reporting progress file by file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from db.importer import ImportOutcome, import_records
from db.registry import Registry


class ImportSignals(QObject):
    progress = Signal(int, str)   # files done so far, file now being imported
    finished = Signal(list)       # list[ImportOutcome]


class ImportTask(QRunnable):
    """Runs in a worker thread; talks to the window only through its signals."""

    def __init__(self, registry: Registry, paths: list[Path], actor: str):
        super().__init__()
        self.setAutoDelete(False)  # Python owns the task; the window holds it until it finishes
        self.registry = registry
        self.paths = paths
        self.actor = actor
        self.signals = ImportSignals()

    def run(self) -> None:
        outcomes: list[ImportOutcome] = []
        for done, path in enumerate(self.paths):
            self.signals.progress.emit(done, path.name)
            try:
                data = path.read_bytes()
            except OSError as error:
                from coordinator.problems import Problem

                outcomes.append(ImportOutcome(path.name, 0, [Problem(f"cannot read the file: {error.strerror}",
                                                                     source=path.name)]))
                continue
            outcomes.append(import_records(self.registry, data, path.name, self.actor))
        self.signals.progress.emit(len(self.paths), "")
        self.signals.finished.emit(outcomes)
