"""A registry set up as a site would be, with one account per role, and a way to run
`trialdesk` as any of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordinator.screening.workflow import Actor, Role
from db.accounts import AccountRepository
from db.registry import Registry
from ui.cli.main import main
from ui.window.gui_garbage_collector import GuiThreadGarbageCollector
from ui.window.i18n import ENGLISH, install_translators, remove_translators

PASSWORD = "granite tulip 1987"


@pytest.fixture(scope="session")
def gui_thread_garbage_collection(qapp):
    """As the application runs: cyclic garbage collected on the GUI thread only (background
    tasks that leave Qt objects to a collection in their thread crash the process)."""
    return GuiThreadGarbageCollector(qapp)


@pytest.fixture(autouse=True)
def english(request):
    """Windows under test speak English as the application does: with its plural forms
    ("1 patient", "2 patients"). Only for tests with a QApplication (the CLI's have none)."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield []
        return
    app = request.getfixturevalue("qapp")
    request.getfixturevalue("gui_thread_garbage_collection")
    translators = install_translators(app, ENGLISH)
    yield translators
    remove_translators(app, translators)
ADMIN = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
ACCOUNTS = {"ann": ("王安", Role.COORDINATOR), "mo": ("Monica Ortiz", Role.MONITOR),
            "helpdesk": ("Help Desk", Role.ADMINISTRATOR)}
# --role in the tests of the screening workflow names the account that plays it
USER_FOR = {"coordinator": "ann", "investigator": "dr.li", "monitor": "mo", "administrator": "helpdesk"}


def set_up_site(db: str) -> None:
    registry = Registry.open(db)
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="北京协和医院", address="北京市东城区", timezone="Asia/Shanghai",
                        username="dr.li", printed_name="李明", password=PASSWORD)
        for username, (printed, role) in ACCOUNTS.items():
            accounts.create(ADMIN, username=username, printed_name=printed, roles={role}, password=PASSWORD,
                            admin_password=PASSWORD)
    registry.close()


@pytest.fixture(scope="session")
def site_template(tmp_path_factory) -> Path:
    """Set up once (Argon2id hashing is deliberately slow), copied for each test."""
    folder = tmp_path_factory.mktemp("site")
    set_up_site(str(folder / "registry.sqlite3"))
    return folder


@pytest.fixture
def site_db(site_template: Path, tmp_path: Path) -> str:
    for source in site_template.iterdir():
        shutil.copy(source, tmp_path / source.name)
    return str(tmp_path / "registry.sqlite3")


@pytest.fixture
def cli(site_db, monkeypatch):
    """invoke(*args, user="ann", db=site_db): `trialdesk` as that account."""
    monkeypatch.setenv("TRIALDESK_PASSWORD", PASSWORD)

    def invoke(*args: str, user: str = "ann", db: str | None = None, **kwargs):
        return CliRunner().invoke(main, ["--db", db or site_db, "--user", user, *args], **kwargs)

    return invoke


SHIPPED_FILE = Path(__file__).resolve().parents[2] / "resources" / "trials" / "NCT06394063.yaml"


def amend_shipped_trial(folder: Path) -> None:
    """A test copy of NCT06394063 with one criterion changed (I1's age limit), installed at the site."""
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    version = next(line for line in text.splitlines() if line.startswith("protocol_version:"))
    amended = text.replace(version, 'protocol_version: "amendment 1, 2026-11-30"').replace(
        'text: {en: "Age 18-70 years;", zh: "年龄18-70岁；"}\n    rule: {kind: age, min: 18, max: 70}',
        'text: {en: "Age 18-75 years;", zh: "年龄18-75岁；"}\n    rule: {kind: age, min: 18, max: 75}')
    assert amended.count("amendment 1") == 1 and "max: 75" in amended
    folder.mkdir(exist_ok=True)
    (folder / SHIPPED_FILE.name).write_text(amended, encoding="utf-8")
