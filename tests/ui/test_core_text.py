"""Text from the core shown in the interface's language: every template the core writes is in
the translation catalogue (ui/window/core_texts.py), and the window really shows it in Chinese."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication

from coordinator.phrase import Phrase, term
from coordinator.screening.rule_text import describe_criterion
from coordinator.screening.workflow import Actor, Role
from coordinator.screening.trial_library import load_trials
from db.importer import import_records
from db.registry import Registry
from tests.conftest import EXAMPLES
from ui.window.context import AppContext
from ui.window.core_text import tr_core
from ui.window.i18n import CHINESE, install_translators, remove_translators
from ui.window.screening.checklist_model import ChecklistModel

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "ui" / "window" / "core_texts.py"


def core_phrase_calls() -> list[tuple[Path, ast.Call]]:
    calls = []  # the core's phrases, and the few the database layer words (the registry's checks)
    for path in sorted([*(ROOT / "coordinator").rglob("*.py"), *(ROOT / "db").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Phrase":
                calls.append((path, node))
    return sorted(calls, key=lambda call: (call[0], call[1].lineno, call[1].col_offset))


def core_templates() -> list[str]:
    """Every template the core makes a Phrase of, in source order (the vocabulary's coded words included)."""
    from coordinator.phrase import vocabulary_words
    found = [node.args[0].value for _, node in core_phrase_calls()
             if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]
    return list(dict.fromkeys(found + sorted(vocabulary_words())))


def catalogue_templates() -> list[str]:
    tree = ast.parse(CATALOGUE.read_text(encoding="utf-8"))
    return [node.args[1].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QT_TRANSLATE_NOOP"
            and node.args[0].value == "CoreText"]


def test_every_core_template_is_in_the_catalogue_and_every_entry_is_used():
    used, listed = core_templates(), catalogue_templates()
    missing = [t for t in used if t not in listed]
    unused = [t for t in listed if t not in used]
    assert not missing, f"core templates missing from {CATALOGUE.name} (add them, then translate):\n" + \
        "\n".join(f"  {t!r}" for t in missing)
    assert not unused, f"entries of {CATALOGUE.name} the core no longer writes:\n" + "\n".join(f"  {t!r}" for t in unused)
    assert len(listed) == len(set(listed))


def test_the_core_writes_every_template_as_a_literal():
    """A template made at run time could not be listed for translation (phrase.py's own
    vocabulary words are listed from the vocabulary instead)."""
    computed = [f"{path.relative_to(ROOT)}:{node.lineno}" for path, node in core_phrase_calls()
                if path.name != "phrase.py"
                and not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))]
    assert not computed, "Phrase(...) with a template that is not a string literal:\n" + "\n".join(computed)


def fields(template: str) -> list[tuple[str, str]]:
    return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None)


def test_chinese_core_texts_keep_the_fields_and_their_formats():
    from tests.ui.test_translations import TS, messages, translation_texts
    wrong = [f"  {source!r} -> {text!r}" for context, source, message in messages(TS) if context == "CoreText"
             for text in translation_texts(message) if fields(text) != fields(source)]
    assert not wrong, "CoreText translations whose {fields} differ from the English:\n" + "\n".join(wrong)


# -- the window in Chinese ------------------------------------------------------------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    """The Chinese translation installed and the locale Chinese, as a user choosing 简体中文 gets them."""
    app, before = QApplication.instance(), QLocale()
    translators = install_translators(app, CHINESE)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    yield
    remove_translators(app, translators)
    QLocale.setDefault(before)


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    for path in [*sorted(EXAMPLES.glob("NCT*.json")), EXAMPLES / "on-study" / "NCT03864250-followup.json"]:
        assert import_records(opened, path.read_bytes(), path.name, "setup").accepted
    yield opened
    opened.close()


def test_without_a_translation_core_text_is_its_english():
    phrase = Phrase("{name} within {days} days", name=term("egfr"), days=28)
    assert tr_core(phrase) == "eGFR within 28 days" == phrase
    assert tr_core("protocol text stays as written") == "protocol text stays as written"


def test_a_checklist_shows_its_evidence_in_chinese(qtbot, registry, chinese):
    from ui.window.main_window import MainWindow
    window = MainWindow(registry, Actor("ann", Role.COORDINATOR))
    qtbot.addWidget(window)
    window.show()
    window.context.checklist_requested.emit("EX-4063-01", "NCT06394063")
    page = window.stack.currentWidget()
    page.start_date.setDate(QDate(2026, 11, 23))

    def evidence(criterion_id: str) -> str:
        return page.model.index(page.model.row_of(criterion_id), ChecklistModel.EVIDENCE).data()

    assert evidence("I1") == "2026-11-23 时年龄 40 岁（出生日期 1986-01-30）"
    # a coded result in words, the lab by its Chinese name
    assert "妊娠试验 阴性（2026-11-15）" in evidence("E4").splitlines()
    assert "HIV抗原/抗体 阴性（2026-11-15）" in evidence("E7").splitlines()
    # an ambiguous part whose readings disagree: the investigator chooses one
    e1 = evidence("E1")
    assert "缺少：E1c：由研究者选择一种解读：" in e1
    assert "丙氨酸氨基转移酶 19 U/L（ULN 40）（2026-11-15） = 0.475 × ULN（界值 > 2 × ULN）" in e1.splitlines()
    assert "literal reading" not in e1 and " on 2026-" not in e1

    # the trial file's question, in its Chinese
    assert evidence("I4") == "缺少：患者是否已签署知情同意书？"

    page.select_criterion("E1")  # the side pane says the same
    detail = page.detail.toPlainText().splitlines()
    assert "E1c 需研究者审核: GFR < 60ml/min · 参考译文（以注册原文为准）：GFR < 60ml/min" in detail
    assert "原文歧义: “GFR < 60ml/min”未说明是哪种GFR：实测GFR、eGFR（mL/min/1.73 m2）还是肌酐清除率" \
        "（mL/min，即原文所写单位）。eGFR取记录值，或由肌酐按CKD-EPI 2021公式计算；肌酐清除率取实测值，" \
        "或按Cockcroft-Gault公式计算。" in detail
    verdict = page.banner.text()
    assert "E1" in verdict and "由研究者选择一种解读" in verdict  # the banner names what is open, in Chinese
    # the protocol's own words stay verbatim, its reference translation under them, marked as such
    criterion = load_trials()["NCT06394063"].criterion("E1")
    assert page.model.index(page.model.row_of("E1"), ChecklistModel.TEXT).data() == \
        f"{criterion.text}\n参考译文（以注册原文为准）：{criterion.text.zh}"
    assert detail[0] == f"E1 — {criterion.text}" and detail[1] == f"参考译文（以注册原文为准）：{criterion.text.zh}"


def test_the_trials_page_describes_rules_in_chinese(qtbot, registry, chinese):
    from ui.window.trials.page import TrialsPage
    page = TrialsPage(AppContext(registry, Actor("mo", Role.MONITOR)))
    qtbot.addWidget(page)
    page.open_trial("NCT06394063")
    trial = load_trials()["NCT06394063"]
    table = page.criteria_table
    described = {table.model().index(row, 0).data(): table.model().index(row, 4).data()
                 for row in range(table.model().rowCount())}
    assert described["I1"].startswith("入选条件：筛选日年龄")
    assert all(HAN.search(text) for text in described.values())
    assert described["I1"] != describe_criterion(trial.criterion("I1"))


def _first_halving_action(qtbot, registry):
    """The follow-up view of the example patient on study, on the day tacrolimus is to be halved."""
    from ui.window.followup.page import FollowUpPage
    page = FollowUpPage(AppContext(registry, Actor("ann", Role.COORDINATOR)))
    qtbot.addWidget(page)
    page.show()
    page.as_of.setDate(QDate(2026, 7, 27))
    page.open_followup("EX-4250-F1", "NCT03864250")
    page.select_action(0)
    return page


def test_a_follow_up_action_and_alerts_read_in_chinese(qtbot, registry, chinese):
    page = _first_halving_action(qtbot, registry)
    details = page.details.toPlainText()
    assert "他克莫司剂量减半，由 3 mg/d 减至 1.5 mg/d" in details
    assert "较基线 76.89（2026-05-18）下降" in details
    reasons = [page.actions_model.index(row, page.actions_model.columnCount() - 2).data()
               for row in range(page.actions_model.rowCount())]
    assert reasons[1].startswith("2026-07-27 减量后 14 天复查他克莫司谷浓度及 eGFR"), reasons
    doses = page.doses_text.toPlainText()  # the protocol's dose plan for the patient's weight
    assert "；体重 " in doses and "随机化（2026-" in doses and "for " not in doses, doses


def test_the_alerts_list_reads_in_chinese(qtbot, site_db, chinese):
    """Computed in the background from the registry's partial records, then shown in Chinese."""
    from db.patients import PatientRepository
    from tests.ui.test_alerts_page import FOLLOWUP, lagging_copy, page_on
    registry = Registry.open(site_db)
    try:
        assert import_records(registry, FOLLOWUP.read_bytes(), FOLLOWUP.name, "ann").accepted
        with registry.writing() as session:
            PatientRepository(session, "ann").add([lagging_copy()])
        page = page_on(qtbot, registry, dt.date(2026, 8, 20))
        details = [page.proxy.index(row, page.model.columnCount() - 1).data() for row in range(page.proxy.rowCount())]
        # the late recheck once, as the action (its reason in Chinese)
        assert any(text.startswith("2026-07-28 减量后 14 天复查他克莫司谷浓度及 eGFR") for text in details), details
        assert all(HAN.search(text) for text in details) and not any(" was due on " in text for text in details)
        drugs = {page.proxy.index(row, 6).data() for row in range(page.proxy.rowCount())}  # the Drug column
        assert "他克莫司" in drugs and "tacrolimus" not in drugs
    finally:
        registry.close()


def _cells(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_trials_page_shows_the_trial_files_chinese(qtbot, registry, chinese):
    from ui.window.trials.page import TrialsPage
    page = TrialsPage(AppContext(registry, Actor("mo", Role.MONITOR)))
    qtbot.addWidget(page)
    page.open_trial("NCT03864250")
    trial = load_trials()["NCT03864250"]
    assert page.heading.text() == "NCT03864250 · 他克莫司单药治疗IMN"
    assert _cells(page.arms, 0)[0] == "他克莫司单药治疗\n[tac]"
    assert _cells(page.arms, 3)[0] == "0.05-0.1 mg/kg/d，谷浓度 <= 10 ng/mL；任何时候不超过0.1 mg/kg/d"
    assert _cells(page.visits, 0)[:2] == ["基线 [baseline]", "第2周 [week2]"]
    assert _cells(page.visits, 4)[0] == "随机化；退出规则X8的基线eGFR；按体重确定mg/kg剂量。"
    texts = _cells(page.criteria, 2)
    assert texts[0] == f"{trial.criteria[0].text}\n参考译文（以注册原文为准）：年龄：18 - 80岁；"
    described = dict(zip(_cells(page.criteria, 0), _cells(page.criteria, 4)))
    assert "该句未说明6-12个月从何时起算" in described["I3"]  # a part's ambiguity note, in the rule's words too
    summary = page.summary.toPlainText()
    assert "他克莫司单药治疗特发性膜性肾病 (Tacrolimus Monotherapy for Idiopathic Membranous Nephropathy)" in summary
    assert "24小时尿蛋白完全缓解率 (第48周)" in summary


def test_in_english_the_trials_page_shows_the_registered_text_alone(qtbot, registry):
    from ui.window.trials.page import TrialsPage
    page = TrialsPage(AppContext(registry, Actor("mo", Role.MONITOR)))
    qtbot.addWidget(page)
    page.open_trial("NCT03864250")
    trial = load_trials()["NCT03864250"]
    assert _cells(page.criteria, 2) == [c.text for c in trial.criteria]
    assert _cells(page.arms, 0)[0] == "Tacrolimus monotherapy\n[tac]"
    assert _cells(page.visits, 0)[0] == "Baseline [baseline]"


def test_a_follow_up_action_shows_its_protocol_text_with_the_reference_translation(qtbot, registry, chinese):
    page = _first_halving_action(qtbot, registry)
    details = page.details.toPlainText()
    assert "In the TAC group, the eGFR decreased by >30%, the TAC dose was halved." in details
    assert "参考译文（以注册原文为准）：TAC组eGFR下降 >30%时，TAC剂量减半" in details
    assert "TrialDesk仅在下降超过30%时启动该规则" in details  # how TrialDesk reads it, in Chinese
