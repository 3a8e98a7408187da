"""Screenshots of TrialDesk's main views, in English and in Simplified Chinese, for the README.

Builds a throw-away site registry (synthetic demo patients plus the example records in
tests/examples/), signs in as its investigator and saves each view, drawn offscreen, to
docs/screenshots/<view>-<language>.png. Nothing touches a real registry or the user's settings.

    .venv/bin/python packaging/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from coordinator.records.demo import demo_enrolled_patient, demo_patients  # noqa: E402
from coordinator.screening.rules.answers import Answer  # noqa: E402
from coordinator.screening.workflow import Actor, Role  # noqa: E402
from db.accounts import AccountRepository, sign_in  # noqa: E402
from db.importer import import_records  # noqa: E402
from db.patients import PatientRepository  # noqa: E402
from db.registry import Registry  # noqa: E402
from db.screenings import ScreeningRepository  # noqa: E402
from ui.window.main_window import MainWindow  # noqa: E402
from ui.window.i18n import CHINESE, ENGLISH, install_translators, remove_translators  # noqa: E402
from ui.window.screening.pdf_export import export_checklist  # noqa: E402

PASSWORD = "screenshot tulip 2026"
SIZE = (1440, 900)
EXAMPLES = ROOT / "tests" / "examples"
# the views shown, with what to open in each (views not in the window are skipped)
CHECKLIST = ("EX-4063-01", "NCT06394063")
SIGNED = ("EX-4250-01", "NCT03864250")
FOLLOWUP = ("EX-4250-F1", "NCT03864250", QDate(2026, 7, 27))  # the day its tacrolimus halving falls due


def build_registry(path: str) -> Registry:
    registry = Registry.open(path)
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="北京协和医院 (demo)", address="北京市东城区", timezone="Asia/Shanghai",
                        username="dr.li", printed_name="李明", password=PASSWORD)
        admin = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
        accounts.create(admin, username="ann", printed_name="王安", roles={Role.COORDINATOR},
                        password=PASSWORD, admin_password=PASSWORD)
    for record in sorted(EXAMPLES.glob("*.json")) + sorted((EXAMPLES / "on-study").glob("*.json")):
        outcome = import_records(registry, record.read_bytes(), record.name, "dr.li")
        if not outcome.accepted:
            raise SystemExit(f"{record.name} was not imported: {outcome.problems[:3]}")
    with registry.writing() as session:
        PatientRepository(session, "dr.li").add(
            demo_patients(60) + [demo_enrolled_patient(index, 2026) for index in range(12)])
    ann = Actor("ann", Role.COORDINATOR)
    with registry.writing() as session:
        screenings = ScreeningRepository(session, ann)
        # a checklist part way through: two answers by the coordinator
        view = screenings.start(*CHECKLIST, dt.date.today())
        screenings.answer(view.id, "I4", Answer("yes"), "consent signed this morning")
        screenings.answer(view.id, "E9", Answer("no"), "")
        for patient in ("EX-4063-02", "EX-4063-03", "EX-4063-04"):  # more rows for the screening log
            screenings.start(patient, CHECKLIST[1], dt.date.today())
    # a signed checklist, for the PDF the verification view checks
    with registry.writing() as session:
        investigator = ScreeningRepository(session, sign_in(registry, "dr.li", PASSWORD).actor())
        view = investigator.start(SIGNED[0], SIGNED[1], dt.date(2026, 11, 23))
        for criterion, value in (("I4", "yes"), ("E11", "no"), ("E4", "no")):
            investigator.answer(view.id, criterion, Answer(value), "")
    with registry.writing() as session:
        ScreeningRepository(session, ann).submit(view.id, PASSWORD)
    with registry.writing() as session:
        ScreeningRepository(session, sign_in(registry, "dr.li", PASSWORD).actor()).sign(view.id, PASSWORD)
    return registry


def settle(until: Callable[[], bool] = lambda: False, seconds: float = 1.0) -> None:
    """Let the window paint and background work finish (up to `seconds` after `until` fails)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if until():
            break
        time.sleep(0.02)
    for _ in range(5):
        QApplication.processEvents()


def views(window: MainWindow) -> dict[str, Callable[[], None]]:
    context = window.context

    def followup() -> None:
        context.followup_requested.emit(*FOLLOWUP[:2])
        window.pages["followup"].as_of.setDate(FOLLOWUP[2])
        window.pages["followup"].select_action(0)

    def trials() -> None:
        page = window.show_page("trials")
        page.show_trial(0)

    def prescreen() -> None:
        page = window.show_page("prescreen")
        settle(lambda: not page.running, 60)

    def alerts() -> None:
        page = window.show_page("alerts")
        settle(lambda: page.progress.isHidden() if hasattr(page, "progress") else False, 30)

    def checklist() -> None:
        context.checklist_requested.emit(*CHECKLIST)
        window.pages["screening"].select_criterion("E1")

    def log() -> None:
        window.show_page("log").select_trial(CHECKLIST[1])

    def verify() -> None:
        page = window.show_page("verify")
        pdf = Path(window.registry_folder) / "signed-checklist.pdf"
        if not pdf.exists():
            export_checklist(window.registry, window.actor, *SIGNED, pdf, PASSWORD)
        page.verify(pdf)
        settle(lambda: page.task is None if hasattr(page, "task") else False, 30)

    return {"registry": lambda: window.show_page("registry"),
            "patient": lambda: context.patient_requested.emit("EX-4250-01"),
            "trials": trials,
            "screening": checklist,
            "prescreen": prescreen,
            "followup": followup,
            "alerts": alerts,
            "audit": lambda: window.show_page("audit"),
            "log": log,
            "verify": verify}


def shoot(registry: Registry, actor: Actor, language: str, out: Path, folder: str) -> list[Path]:
    app = QApplication.instance()
    translators = install_translators(app, language)
    if not translators:
        raise SystemExit(f"no translation for {language}: run packaging/update-translations.sh")
    QLocale.setDefault(QLocale(language))
    window = MainWindow(registry, actor)
    window.registry_folder = folder
    window.resize(*SIZE)
    window.show()
    settle()
    written = []
    for name, show in views(window).items():
        if name not in window.pages:
            continue
        show()
        settle(seconds=1.5)
        path = out / f"{name}-{'zh' if language == CHINESE else 'en'}.png"
        window.grab().save(str(path))
        written.append(path)
    window.close()
    window.deleteLater()
    settle()
    remove_translators(app, translators)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        # the window remembers its layout in QSettings: keep that in the throw-away folder
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        app = QApplication([])
        QCoreApplication.setOrganizationName("TrialDesk-screenshots")
        QCoreApplication.setApplicationName("TrialDesk")
        registry = build_registry(str(Path(folder) / "registry.sqlite3"))
        actor = sign_in(registry, "dr.li", PASSWORD).actor()
        for language in (ENGLISH, CHINESE):
            for path in shoot(registry, actor, language, args.out, folder):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        registry.close()
        del app


if __name__ == "__main__":
    main()
