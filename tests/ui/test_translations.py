"""The Simplified Chinese translation: complete for every string in ui/, the shipped .qm built
from the .ts, and the window really shown in Chinese. The English plural forms: every count
(%n) said in the singular and the plural, in English and in Chinese."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from coordinator.screening.workflow import Actor, Role
from ui.window.lazy_pages import PAGES
from ui.window.main_window import MainWindow
from ui.window.i18n import CHINESE, ENGLISH, install_translators, remove_translators

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "trialdesk_zh_CN.ts"
QM = TS.with_suffix(".qm")
EN_TS = TS.with_name("trialdesk_en.ts")  # the plural forms only
TOOLS = Path(PySide6.__file__).parent  # lupdate and lrelease ship with PySide6-Essentials
UPDATE = "packaging/update-translations.sh"
MARKERS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}
PLACEHOLDER = re.compile(r"\{\d*(?::[^}]*)?\}|%n|%v|%m")
MNEMONIC = re.compile(r"&(?!&)\w")


CORE_WORDS = [ROOT / "coordinator" / "signing" / "words.py"]  # plain words the window translates


def ui_sources() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py")) + CORE_WORDS


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(context.findtext("name"), message.findtext("source"), message)
            for context in root.iter("context") for message in context.iter("message")]


def translation_texts(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def lupdate(tmp_path_factory, ts: Path, *options: str) -> Path:
    """The shipped .ts merged with what lupdate finds in ui/ now, as the update script does."""
    folder = tmp_path_factory.mktemp("ts")
    copy = folder / ts.name
    shutil.copy(ts, copy)
    listing = folder / "sources.lst"
    listing.write_text("\n".join(str(path) for path in ui_sources()), encoding="utf-8")
    subprocess.run([str(TOOLS / "lupdate"), "-silent", *options, "-no-obsolete", "-locations", "none", f"@{listing}",
                    "-ts", str(copy)], check=True, capture_output=True)
    return copy


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> Path:
    return lupdate(tmp_path_factory, TS)


@pytest.fixture(scope="module")
def refreshed_english(tmp_path_factory) -> Path:
    return lupdate(tmp_path_factory, EN_TS, "-pluralonly", "-target-language", "en")


def test_every_string_in_the_interface_has_a_finished_chinese_translation(refreshed):
    missing = [f"  {context}: {source!r}" for context, source, message in messages(refreshed)
               if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
               or not all(text.strip() for text in translation_texts(message))]
    assert not missing, (f"{len(missing)} interface string(s) without a finished Chinese translation. Run {UPDATE}, "
                         f"translate them in {TS.relative_to(ROOT)} (pyside6-linguist), then run it again:\n"
                         + "\n".join(missing))


def test_the_shipped_ts_is_what_the_update_script_makes(refreshed):
    """No string of the .ts has left the code (and the .ts is not edited by hand out of step)."""
    assert [(c, s) for c, s, _ in messages(refreshed)] == [(c, s) for c, s, _ in messages(TS)], (
        f"{TS.name} is out of step with ui/: run {UPDATE}")


def test_english_has_a_singular_and_a_plural_for_every_count(refreshed_english):
    found = messages(refreshed_english)
    assert [(c, s) for c, s, _ in found] == [(c, s) for c, s, _ in messages(EN_TS)], (
        f"{EN_TS.name} is out of step with ui/: run {UPDATE}")
    wrong = [f"  {context}: {source!r}" for context, source, message in found
             if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
             or len(translation_texts(message)) != 2 or not all(translation_texts(message))
             or any("(s)" in text for text in translation_texts(message))]
    assert found and not wrong, (f"counts without their English singular and plural in {EN_TS.name} "
                                 f"(\"1 patient\", \"%n patients\"): run {UPDATE}, then write them:\n" + "\n".join(wrong))


@pytest.mark.parametrize("ts", [TS, EN_TS], ids=["zh_CN", "en"])
def test_translations_keep_placeholders_and_keyboard_mnemonics(ts):
    wrong = []
    for context, source, message in messages(ts):
        for text in translation_texts(message):
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append(f"  {context}: {source!r} -> {text!r} (placeholders differ)")
            elif MNEMONIC.search(source) and not MNEMONIC.search(text):
                wrong.append(f"  {context}: {source!r} -> {text!r} (no &-mnemonic, e.g. 文件(&F))")
    assert not wrong, "translations that would break at run time or lose a shortcut key:\n" + "\n".join(wrong)


def marker_calls(tree: ast.AST, context: str = ""):
    """(context, call, marker name) of every translation marker, self.tr's context being the
    class it is written in, as lupdate reads it."""
    for node in ast.iter_child_nodes(tree):
        inner = node.name if isinstance(node, ast.ClassDef) else context
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MARKERS and node.args:
                yield context, node, name
        yield from marker_calls(node, inner)


def test_strings_are_marked_so_that_lupdate_can_read_them(refreshed):
    """lupdate passes over some markers without a word: a context or text that is not a literal
    (a variable, an f-string), or a marker inside an f-string. Such strings are never translated."""
    found_by_lupdate = {(context, source) for context, source, _ in messages(refreshed)}
    unreadable = []
    for path in ui_sources():
        for context, node, name in marker_calls(ast.parse(path.read_text(encoding="utf-8"))):
            literal = name in ("QT_TR_NOOP", "QT_TRANSLATE_NOOP")  # these exist only to be read by lupdate
            arguments = node.args[:2] if name in ("translate", "QT_TRANSLATE_NOOP") else node.args[:1]
            where = f"  {path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:90]}"
            if name == "translate" and len(node.args) == 1:  # a module's own translate(text) with a fixed context
                if isinstance(node.args[0], (ast.Constant, ast.JoinedStr)):
                    unreadable.append(where + "  (mark the text with QT_TRANSLATE_NOOP(<context>, ...))")
                continue
            if any(isinstance(argument, ast.JoinedStr) or (literal and not isinstance(argument, ast.Constant))
                   for argument in arguments):
                unreadable.append(where)
            elif all(isinstance(argument, ast.Constant) for argument in arguments):
                if len(arguments) == 2:
                    context = arguments[0].value
                if (context, arguments[-1].value) not in found_by_lupdate:
                    unreadable.append(where + "  (not seen by lupdate: inside an f-string?)")
    assert not unreadable, ("write the context and the text as plain string literals, outside f-strings:\n"
                            + "\n".join(unreadable))


@pytest.mark.parametrize("ts", [TS, EN_TS], ids=["zh_CN", "en"])
def test_the_shipped_qm_is_built_from_the_ts(tmp_path, ts):
    built, shipped = tmp_path / ts.with_suffix(".qm").name, ts.with_suffix(".qm")
    subprocess.run([str(TOOLS / "lrelease"), "-silent", str(ts), "-qm", str(built)], check=True, capture_output=True)
    assert built.read_bytes() == shipped.read_bytes(), f"{shipped.name} is older than {ts.name}: run {UPDATE}"


@pytest.fixture
def chinese(qapp):
    app = qapp
    translators = install_translators(app, CHINESE)
    yield translators
    remove_translators(app, translators)


def test_english_installs_its_plural_forms_only(qapp):
    app = qapp
    translators = install_translators(app, ENGLISH)
    try:
        assert len(translators) == 1  # Qt's own strings are English already
        say = lambda n: QApplication.translate("RegistryPage", "%n patient(s)", "", n)
        assert [say(0), say(1), say(2), say(21)] == ["0 patients", "1 patient", "2 patients", "21 patients"]
        assert QApplication.translate("RegistryPage", "Search patients") == "Search patients"  # no other string is touched
    finally:
        remove_translators(app, translators)


def test_counts_in_chinese_take_one_form(chinese):
    say = lambda n: QApplication.translate("RegistryPage", "%n patient(s)", "", n)
    assert [say(1), say(2)] == ["1 名患者", "2 名患者"]
    assert QApplication.translate("AuditPage", "%n entry(s) written to {0}", "", 1) == "已将 1 个条目写入 {0}"


def test_the_window_speaks_chinese(qtbot, sqlite_registry, chinese):
    assert len(chinese) == 2  # TrialDesk's own and Qt's (standard buttons)
    window = MainWindow(sqlite_registry, Actor("tester", Role.COORDINATOR))
    qtbot.addWidget(window)
    window.show()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:3] == ["文件(&F)", "视图(&V)", "工具(&T)"]
    titles = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert titles[0].startswith("今日") and titles[1:4] == ["患者登记", "患者", "临床试验"] and len(titles) == len(PAGES)
    assert all(re.search(r"[\u4e00-\u9fff]", title) for title in titles), titles
    model = window.table.model()
    assert [model.headerData(column, Qt.Orientation.Horizontal) for column in range(3)] == ["登记号", "姓名", "姓名缩写"]
    assert window.pages["trials"].title == "临床试验"
    qtbot.waitUntil(lambda: window.count_label.text() == "0 名患者")  # a count, in Chinese's one form

    dialog = window.open_settings()
    buttons = dialog.findChild(QDialogButtonBox)
    assert dialog.windowTitle() == "设置"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"  # from Qt's qtbase_zh_CN
    dialog.reject()
