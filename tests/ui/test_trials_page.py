"""The trials view: the five trials, their protocol summary, arms, visits and every criterion with
its verbatim text, ambiguity and the rule in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from coordinator.screening.rule_text import describe_criterion
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.screening.trial_library import load_trials
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
    trial_ids = [model.index(row, 0).data().split("\n")[0] for row in range(model.rowCount())]
    assert sorted(trial_ids) == sorted(load_trials())


def test_the_protocol_summary_names_everything_a_coordinator_looks_up(window):
    page = window.show_page("trials")
    page.open_trial("NCT03864250")
    trial = load_trials()["NCT03864250"]
    text = page.summary.toPlainText()
    for value in (trial.trial_id, trial.title, trial.sponsor, trial.phase, trial.design, str(trial.target_enrolment),
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


# -- a site's own trials ---------------------------------------------------------------------------

SITE_TRIAL = Path(__file__).resolve().parents[1] / "trials" / "site" / "ChiCTR2300071234.yaml"


@pytest.fixture
def investigator_window(qtbot, site_db):
    registry = Registry.open(site_db)
    main = MainWindow(registry, Actor("dr.li", Role.INVESTIGATOR))
    qtbot.addWidget(main)
    yield main
    registry.close()


def _listed(page) -> list[str]:
    model = page.list_view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_checking_a_file_says_ok_or_every_problem(window, tmp_path):
    page = window.show_page("trials")
    ok, text = page.actions.check_report(SITE_TRIAL)
    assert ok and text.startswith(f"{SITE_TRIAL.name}: OK: ChiCTR2300071234") and "5 criteria" in text
    bad = tmp_path / SITE_TRIAL.name
    bad.write_text(SITE_TRIAL.read_text(encoding="utf-8").replace("code: egfr", "code: egfrr"), encoding="utf-8")
    ok, text = page.actions.check_report(bad)
    assert not ok and text == (f"{SITE_TRIAL.name}: criterion E1: rule.lab.code: unknown observation 'egfrr'; "
                               "nearest known: egfr")


def test_a_monitor_sees_no_install_or_retire_and_the_core_refuses_them(window):
    page = window.show_page("trials")
    assert page.check_button.isVisibleTo(page)
    assert not page.install_button.isVisibleTo(page) and not page.retire_button.isVisibleTo(page)
    with pytest.raises(PermissionDenied):
        page.actions.install(SITE_TRIAL, "approved")
    with pytest.raises(PermissionDenied):
        page.actions.set_retired("NCT06394063", True, "closed")


def test_an_investigator_installs_a_site_trial_through_the_dialogs(investigator_window, monkeypatch, site_db):
    page = investigator_window.show_page("trials")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(SITE_TRIAL), ""))
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, prompt, *a: asked.append(prompt) or
                        ("ethics approval 2023-06", True))
    page.install_button.click()
    assert "5 criteria" in asked[0] and "Every workstation" in asked[0]
    assert (Path(site_db).parent / "trials" / SITE_TRIAL.name).is_file()
    assert page.trial.trial_id == "ChiCTR2300071234"
    assert any(line.startswith("ChiCTR2300071234\n") for line in _listed(page))
    summary = page.summary.toPlainText()
    assert "Chinese Clinical Trial Registry" in summary and "NCT09876543 (ClinicalTrials.gov)" in summary
    assert f"site trial file {Path(site_db).parent / 'trials' / SITE_TRIAL.name}" in summary


def test_retiring_marks_the_trial_in_words_and_leaves_it_out_of_new_pre_screens(investigator_window, monkeypatch):
    page = investigator_window.show_page("trials")
    page.open_trial("NCT06394063")
    assert page.retire_button.text() == "&Retire..."
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("recruitment closed", True))
    page.retire_button.click()
    assert "NCT06394063\nLow-dose telitacicept" not in _listed(page)[0]
    assert next(line for line in _listed(page) if line.startswith("NCT06394063")).endswith("\n(retired)")
    assert "recruitment closed" in page.summary.toPlainText() and page.heading.text().endswith("· retired")
    assert page.retire_button.text() == "Put back in &use..."
    context = investigator_window.context
    assert "NCT06394063" not in [t.trial_id for t in context.trials_in_use]
    assert "NCT06394063" in [t.trial_id for t in context.trials]  # its screenings are still shown
    page.retire_button.click()
    assert "NCT06394063" in [t.trial_id for t in context.trials_in_use]


def test_a_bad_site_file_is_named_under_the_list_and_the_others_are_shown(qtbot, site_db):
    folder = Path(site_db).parent / "trials"
    folder.mkdir()
    (folder / SITE_TRIAL.name).write_text(SITE_TRIAL.read_text(encoding="utf-8").replace("drug: tacrolimus",
                                                                                        "drug: tacrolimu"))
    registry = Registry.open(site_db)
    try:
        main = MainWindow(registry, Actor("mo", Role.MONITOR))
        qtbot.addWidget(main)
        page = main.show_page("trials")
        assert page.refused_note.isVisibleTo(page)
        assert "unknown drug 'tacrolimu'; nearest known: tacrolimus" in page.refused_note.text()
        assert sorted(line.split("\n")[0] for line in _listed(page)) == sorted(load_trials())
        assert "ChiCTR2300071234" not in load_trials()
    finally:
        registry.close()


def test_the_versions_tab_compares_the_kept_version_with_the_amendment_in_use(qtbot, site_db):
    from db.trial_definitions import remember
    from tests.ui.conftest import amend_shipped_trial

    registry = Registry.open(site_db)
    try:
        shipped = load_trials()["NCT06394063"]
        with registry.writing() as session:
            remember(session, shipped)  # as starting a screening on the shipped version does
        amend_shipped_trial(Path(site_db).parent / "trials")
        main = MainWindow(registry, Actor("mo", Role.MONITOR))
        qtbot.addWidget(main)
        main.show()
        page = main.show_page("trials")
        page.open_trial("NCT06394063")
        tab = page.versions
        assert tab.versions == []  # read only once the tab is on screen
        page.tabs.setCurrentWidget(tab)
        assert [cell(tab.versions_table, row, 0) for row in range(2)] == [shipped.protocol_version,
                                                                          "amendment 1, 2026-11-30"]
        assert cell(tab.versions_table, 1, 1) == "no screening yet" and cell(tab.versions_table, 1, 3) == "in use"
        assert tab.earlier.currentIndex() == 0 and tab.later.currentIndex() == 1
        assert tab.summary.text() == "1 criterion changed."
        assert tab.changes.rowCount() == 1
        assert cell(tab.changes_table, 0, 0) == "I1" and cell(tab.changes_table, 0, 1) == "reworded, rule changed"
        assert cell(tab.changes_table, 0, 2).startswith("Age 18-70 years;")
        assert cell(tab.changes_table, 0, 3).startswith("Age 18-75 years;")
        detail = tab.detail.toPlainText()
        assert detail.index("Before") < detail.index("18-70") < detail.index("After") < detail.index("18-75")
        assert "What TrialDesk checks" in detail
        tab.compare(1, 1)
        assert tab.summary.text() == "The same version." and tab.changes.rowCount() == 0
        tab.compare(1, 0)  # the other way round: the amendment's I1 before, the shipped one after
        assert cell(tab.changes_table, 0, 2).startswith("Age 18-75 years;")
    finally:
        registry.close()


def test_a_trial_with_one_version_says_so(window):
    window.show()
    page = window.show_page("trials")
    page.open_trial("NCT03580291")
    page.tabs.setCurrentWidget(page.versions)
    assert page.versions.summary.text() == "One version only: every screening was begun on the version in use."
    assert not page.versions.earlier.isEnabled() and page.versions.versions_model.rowCount() == 1
