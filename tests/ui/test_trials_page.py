"""The trials view: the five trials, their protocol summary, arms, visits and every criterion with
its verbatim text, ambiguity and the rule in plain words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coordinator.screening.rule_text import describe_criterion
from coordinator.screening.workflow import Actor, Role
from coordinator.screening.trial import load_trials
from db.registry import Registry
from ui.window.main_window import MainWindow
from ui.window.trials.page import TrialsPage
from ui.window.toolkit.roles import ROW_ROLE


@pytest.fixture
def window(qtbot, site_db):
    registry = Registry.open(site_db)
    main = MainWindow(registry, Actor("mo", Role.MONITOR))  # reading the protocols needs no more
    qtbot.addWidget(main)
    yield main
    registry.close()


def cell(view, row: int, column: int) -> str:
    return view.model().index(row, column).data()


def test_the_window_lists_the_five_trials(window):
    page = window.show_page("trials")
    assert isinstance(page, TrialsPage) and page.title == "Trials"
    model = page.list_view.model()
    ncts = [model.index(row, 0).data().split("\n")[0] for row in range(model.rowCount())]
    assert sorted(ncts) == sorted(load_trials())


def test_the_protocol_summary_names_everything_a_coordinator_looks_up(window):
    page = window.show_page("trials")
    page.open_trial("NCT03864250")
    trial = load_trials()["NCT03864250"]
    text = page.summary.toPlainText()
    for value in (trial.nct, trial.title, trial.sponsor, trial.phase, trial.design, str(trial.target_enrolment),
                  trial.status, trial.protocol_version):
        assert value in text
    assert page.heading.text() == f"NCT03864250 · {trial.short_name}"


def test_arms_list_each_intervention_with_its_dose(window):
    page = window.show_page("trials")
    page.open_trial("NCT03864250")
    trial = load_trials()["NCT03864250"]
    doses = [cell(page.arms_table, row, 3) for row in range(page.arms.rowCount())]
    expected = [item.dose or "" for arm in trial.arms for item in arm.interventions]
    assert doses == expected
    assert cell(page.arms_table, 0, 0).startswith(trial.arms[0].label)


def test_the_visit_schedule_names_labs_in_words(window):
    page = window.show_page("trials")
    page.open_trial("NCT03580291")
    trial = load_trials()["NCT03580291"]
    assert page.visits.rowCount() == len(trial.visits)
    assert "Serum creatinine" in cell(page.visits_table, 0, 3)


def test_every_criterion_shows_verbatim_text_ambiguity_and_rule(window, qtbot):
    page = window.show_page("trials")
    page.open_trial("NCT03580291")
    trial = load_trials()["NCT03580291"]
    table = page.criteria_table
    assert table.model().rowCount() == len(trial.criteria)
    for row, criterion in enumerate(trial.criteria):
        assert cell(table, row, 0) == criterion.id
        assert cell(table, row, 2) == criterion.text
        assert cell(table, row, 4) == describe_criterion(criterion)
        assert bool(cell(table, row, 3)) == bool(criterion.ambiguity)
    e4 = next(row for row, c in enumerate(trial.criteria) if c.id == "E4")
    assert table.model().index(e4, 3).data(Qt.ItemDataRole.ToolTipRole) == trial.criterion("E4").ambiguity

    table.selectRow(e4)
    detail = page.criterion_detail.toPlainText()
    assert trial.criterion("E4").text in detail and "Ambiguous text" in detail

    qtbot.keyClicks(page.criteria_search, "E4")
    assert table.model().rowCount() >= 1
    assert all("E4" in " ".join(cell(table, row, c) for c in range(5)) for row in range(table.model().rowCount()))
    assert table.model().index(0, 0).data(ROW_ROLE).id == "E4"


def test_long_texts_wrap_in_columns_that_share_the_width(window, qtbot):
    window.resize(1200, 760)
    window.show()
    page = window.show_page("trials")
    page.tabs.setCurrentIndex(3)
    qtbot.waitExposed(window)
    table = page.criteria_table
    qtbot.waitUntil(lambda: table.columnWidth(2) > 150)
    header = table.horizontalHeader()
    assert sum(header.sectionSize(n) for n in range(header.count())) <= table.viewport().width() + 1
    assert table.rowHeight(0) > table.fontMetrics().height()  # a long criterion runs on several lines
