"""The interface language: English (the strings in the code, with their plural forms from
trialdesk_en) or Simplified Chinese (Qt Linguist translations in resources/translations/, built by
packaging/update-translations.sh).

Chosen in Settings (QSettings "ui/language": "system", "en" or "zh_CN"), else from the system
locale. Qt's own translation (qtbase) comes along so standard buttons and dialogs match."""

from __future__ import annotations

from pathlib import Path

import resources.translations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

LANGUAGE_KEY = "ui/language"
SYSTEM, ENGLISH, CHINESE = "system", "en", "zh_CN"
# each language named in itself, so a user can find theirs whatever the interface shows now
LANGUAGE_NAMES = {ENGLISH: "English", CHINESE: "简体中文"}
CATALOGUE = "trialdesk"


def translations_folder() -> str:
    # the package's own folder (importlib.resources would cost the first paint ~8 ms of imports)
    return str(Path(resources.translations.__file__).parent)


def chosen_language(settings: QSettings | None = None) -> str:
    value = (settings or QSettings()).value(LANGUAGE_KEY, SYSTEM)
    return value if value in (SYSTEM, *LANGUAGE_NAMES) else SYSTEM


def effective_language(language: str, system: QLocale | None = None) -> str:
    """The translation used for a choice: for "system", Simplified Chinese when the system's
    locale writes Chinese in simplified characters (zh_CN, zh_SG, zh_Hans_*), else English."""
    if language != SYSTEM:
        return language
    system = system or QLocale.system()
    if system.language() == QLocale.Language.Chinese and system.script() != QLocale.Script.TraditionalHanScript:
        return CHINESE
    return ENGLISH


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install TrialDesk's and Qt's translations for `language` (default: the one chosen in
    Settings). English installs only TrialDesk's plural forms ("%n patient(s)" shown as "1
    patient" or "2 patients"): every other English string is the code's own, and Qt's are
    English already. Returns the translators installed, for remove_translators."""
    language = effective_language(language or chosen_language())
    ours = QTranslator(app)
    if not ours.load(f"{CATALOGUE}_{language}", translations_folder()):
        return []
    installed = [ours]
    qt = QTranslator(app)
    if language != ENGLISH and qt.load(f"qtbase_{language}",
                                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt)
    for translator in installed:
        app.installTranslator(translator)
    return installed


def apply_language(app: QCoreApplication) -> list[QTranslator]:
    """At start-up: the chosen language's translations, and its way of writing dates and
    numbers when one was chosen explicitly (otherwise the system's)."""
    language = chosen_language()
    if language != SYSTEM:
        QLocale.setDefault(QLocale(language))
    return install_translators(app, language)


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
