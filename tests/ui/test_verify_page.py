"""The PDF check view: a log signed by the investigator verifies as intact, trusted by the site's
authority and matching the registry; one flipped byte in the signed range shows as modified."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coordinator.screening.workflow import Actor, Role
from db.importer import import_records
from db.registry import Registry
from tests.conftest import EXAMPLES, flip_a_signed_byte
from tests.ui.conftest import ADMIN, PASSWORD
from ui.window.main_window import MainWindow
from ui.window.i18n import CHINESE, install_translators, remove_translators
from ui.window.log.report import export_log
from ui.window.verify.page import VerifyPage
from ui.window.verify.model import SignatureCheckModel

NCT = "NCT06394063"


@pytest.fixture
def registry(site_db):
    opened = Registry.open(site_db)
    path = Path(EXAMPLES) / f"{NCT}.json"
    assert import_records(opened, path.read_bytes(), path.name, "setup").accepted
    yield opened
    opened.close()


@pytest.fixture
def signed_log(registry, tmp_path) -> Path:
    target = tmp_path / "signed-log.pdf"
    export_log(registry, ADMIN, NCT, None, None, target, sign_password=PASSWORD)
    return target


@pytest.fixture
def page(qtbot, registry) -> VerifyPage:
    window = MainWindow(registry, Actor("mo", Role.MONITOR))
    qtbot.addWidget(window)
    window.show()
    shown = window.show_page("verify")
    assert isinstance(shown, VerifyPage)
    return shown


def check(qtbot, page: VerifyPage, path: Path) -> None:
    page.verify(path)
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)


def cell(page: VerifyPage, column: int) -> str:
    return page.model.index(0, column).data()


def test_a_signed_log_verifies_as_intact_and_trusted(qtbot, page, signed_log):
    check(qtbot, page, signed_log)
    assert page.model.rowCount() == 1 and page.verification.valid
    assert cell(page, SignatureCheckModel.SIGNER) == "李明 (investigator)"
    assert cell(page, SignatureCheckModel.MEANING) == "Screening log reviewed"
    assert cell(page, SignatureCheckModel.TIME).startswith("20")
    assert cell(page, SignatureCheckModel.CONTENT) == "Intact, covers the whole file"
    assert cell(page, SignatureCheckModel.TRUST) == "Trusted by this site"
    assert cell(page, SignatureCheckModel.REGISTRY) == "On record and still matching"
    assert page.result.text().startswith("VALID: 1 signature, intact")


def test_one_flipped_byte_in_the_signed_range_shows_as_modified(qtbot, page, signed_log, tmp_path):
    tampered = flip_a_signed_byte(signed_log, tmp_path / "tampered.pdf")
    check(qtbot, page, tampered)
    assert cell(page, SignatureCheckModel.CONTENT) == "BROKEN: the signed content was changed or damaged"
    assert page.model.passed(page.verification.signatures[0], SignatureCheckModel.CONTENT) is False
    assert not page.verification.valid and page.result.text().startswith("NOT VALID")


@pytest.mark.parametrize("tamper", [False, True], ids=["intact", "flipped byte"])
def test_the_window_and_trialdesk_verify_say_the_same(qtbot, page, signed_log, tmp_path, cli, tamper):
    path = flip_a_signed_byte(signed_log, tmp_path / "tampered.pdf") if tamper else signed_log
    check(qtbot, page, path)
    printed = cli("verify", str(path), user="mo").output
    for column in (SignatureCheckModel.CONTENT, SignatureCheckModel.TRUST, SignatureCheckModel.REGISTRY):
        words = cell(page, column)
        assert words[:1].lower() + words[1:] in printed or words in printed, (words, printed)


def test_the_checks_are_in_chinese_in_a_chinese_window(qtbot, signed_log, registry):
    app = QApplication.instance()
    translators = install_translators(app, CHINESE)
    try:
        window = MainWindow(registry, Actor("mo", Role.MONITOR))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("verify")
        check(qtbot, page, signed_log)
        assert [cell(page, c) for c in (SignatureCheckModel.CONTENT, SignatureCheckModel.TRUST,
                                        SignatureCheckModel.REGISTRY)] == ["完整，覆盖整个文件", "受本中心信任", "有记录且仍然一致"]
        assert cell(page, SignatureCheckModel.DETAILS).endswith("：电子签名有记录且仍然一致")  # the registry's words too
        assert page.model.headerData(SignatureCheckModel.CONTENT, Qt.Orientation.Horizontal) == "内容"
    finally:
        remove_translators(app, translators)


def test_an_unsigned_or_unreadable_file_is_not_valid(qtbot, page, registry, tmp_path):
    unsigned = tmp_path / "unsigned.pdf"
    export_log(registry, ADMIN, NCT, None, None, unsigned)
    check(qtbot, page, unsigned)
    assert page.model.rowCount() == 0 and page.result.text().startswith("No signatures")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    check(qtbot, page, junk)
    assert page.result.text().startswith("NOT VALID: the file could not be checked")
