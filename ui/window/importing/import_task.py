"""Importing files off the GUI thread, reporting progress file by file: record files and the
hospital's data (LIS exports, HL7 v2, FHIR), each written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from coordinator.intake.site_mapping import SiteMapping
from db.file_import import import_file
from db.registry import Registry


class ImportSignals(QObject):
    progress = Signal(int, str)   # files done so far, file now being imported
    finished = Signal(list)       # list[LabImportOutcome]


class ImportTask(QRunnable):
    """Runs in a worker thread; talks to the window only through its signals. `sites` gives a
    file the mapping the preview settled on (else the site's stored one is used)."""

    def __init__(self, registry: Registry, paths: list[Path], actor: str,
                 sites: dict[Path, SiteMapping] | None = None):
        super().__init__()
        self.setAutoDelete(False)  # Python owns the task; the window holds it until it finishes
        self.registry = registry
        self.paths = paths
        self.actor = actor
        self.sites = sites or {}
        self.signals = ImportSignals()

    def run(self) -> None:
        outcomes = []
        for done, path in enumerate(self.paths):
            self.signals.progress.emit(done, path.name)
            outcomes.append(import_file(self.registry, path, self.actor, site=self.sites.get(path)))
        self.signals.progress.emit(len(self.paths), "")
        self.signals.finished.emit(outcomes)
