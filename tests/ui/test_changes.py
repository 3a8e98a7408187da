"""Views hear of the changes other views make, of the kinds they show (as Anki's OpChanges):
a write is one transaction, announced only when it commits."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout

from coordinator.screening.workflow import Actor, Role
from db.patients import PatientExists, PatientRepository
from tests.conftest import make_patient
from ui.window.changes import Change, Changes
from ui.window.context import AppContext
from ui.window.operations import announce, write
from ui.window.page_base import Page


class Listener(Page):
    def __init__(self, context, shows: Change):
        self.shows = shows  # set before the base decides whether to listen
        super().__init__(context)
        self.heard: list[Changes] = []
        self.part = QLabel()  # a part of the view that can write, like the follow-up entry box
        QVBoxLayout(self).addWidget(self.part)

    def data_changed(self, changes: Changes) -> None:
        self.heard.append(changes)


@pytest.fixture
def context(sqlite_registry, qtbot):
    return AppContext(sqlite_registry, Actor("ann", Role.COORDINATOR), trials=[])


def test_each_view_hears_only_the_kinds_it_shows_and_not_its_own_changes(context, qtbot):
    patients, on_study, deaf = (Listener(context, Change.PATIENTS), Listener(context, Change.ON_STUDY),
                                Listener(context, Change.NOTHING))
    for view in (patients, on_study, deaf):
        qtbot.addWidget(view)
    announce(context, Change.PATIENTS | Change.SCREENINGS, by=on_study)
    assert [c.what for c in patients.heard] == [Change.PATIENTS | Change.SCREENINGS]
    assert on_study.heard == [] and deaf.heard == []

    announce(context, Change.PATIENTS, by=patients)  # its own change: already shown
    announce(context, Change.PATIENTS, by=patients.part)  # made by a part of it: likewise
    announce(context, Change.ON_STUDY)  # no view made it (an import): everyone concerned hears
    assert len(patients.heard) == 1 and [c.what for c in on_study.heard] == [Change.ON_STUDY]


def test_a_write_is_announced_when_it_commits(context, qtbot, sqlite_registry):
    listener = Listener(context, Change.PATIENTS)
    qtbot.addWidget(listener)
    with qtbot.waitSignal(context.data_changed) as emitted:
        write(context, Change.PATIENTS, lambda session: PatientRepository(session, "ann").add([make_patient("R1")]))
    assert emitted.args[0].what == Change.PATIENTS and len(listener.heard) == 1
    with sqlite_registry.reading() as session:
        assert PatientRepository(session, "ann").get("R1") is not None


def test_a_refused_write_writes_nothing_and_tells_nobody(context, qtbot, sqlite_registry):
    listener = Listener(context, Change.PATIENTS)
    qtbot.addWidget(listener)

    def add_twice(session):
        PatientRepository(session, "ann").add([make_patient("R2")])
        PatientRepository(session, "ann").add([make_patient("R2")])  # refused: already there

    with pytest.raises(PatientExists):
        write(context, Change.PATIENTS, add_twice)
    assert listener.heard == []
    with sqlite_registry.reading() as session:
        assert PatientRepository(session, "ann").get("R2") is None  # the first add was rolled back too
