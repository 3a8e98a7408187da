"""The columns of each record section's table on the patient page, with the choices the
vocabulary offers for coded fields (units per observation code, drugs, routes, ...)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale

from coordinator.phrase import word
from coordinator.records.units import UnitError, to_canonical
from coordinator.records.vocabulary import vocabulary
from ui.window.core_text import tr_core
from ui.window.core_text import term_label
from ui.window.patient.parts_model import Choices, Column, format_value

SCORE_CATEGORIES = frozenset({"score", "bilag"})  # shown on the Scores tab; the other observations are labs
LABS, SCORES = "labs", "scores"


def observation_group(code: str | None) -> str:
    definition = vocabulary().observations.get(code or "")
    return SCORES if definition is not None and definition.category in SCORE_CATEGORIES else LABS


def observation_codes(group: str) -> Choices:
    return _observation_codes(group, QLocale().language())


@cache  # per language: the names follow the interface's locale
def _observation_codes(group: str, _language) -> Choices:
    return [(code, term_label(definition)) for code, definition in vocabulary().observations.items()
            if observation_group(code) == group]


def observation_units(code: str | None) -> list[str]:
    definition = vocabulary().observations.get(code or "")
    return list(definition.units) if definition is not None else []


def _definition(row: dict):
    return vocabulary().observations.get(row.get("code") or "")


def _result_choices(row: dict) -> Choices | None:
    definition = _definition(row)
    if definition is not None and definition.kind == "titre":
        return None  # typed, e.g. 1:160
    return _plain(definition.values) if definition is not None else []


def _converted(row: dict) -> str:
    """The value in the vocabulary's standard unit, as the registry also stores it."""
    definition, value, unit = _definition(row), row.get("value"), row.get("unit")
    if definition is None or not definition.canonical or not isinstance(value, float) or not unit:
        return ""
    if definition.unit_key(unit) == definition.canonical:
        return ""
    try:
        return f"{format_value(to_canonical(definition.code, value, unit))} {definition.canonical}"
    except UnitError:
        return ""


def _terms(terms: dict) -> Choices:
    return [(code, term_label(term)) for code, term in terms.items()]


def _named(terms: dict) -> Callable[[dict], Choices]:
    named = _terms(terms)  # made once per table: the vocabulary does not change while running
    return lambda row: named


def _plain(values) -> Choices:
    """Coded words (positive, oral, resolved, ...) shown in the interface's language; the value stays the code."""
    return [(value, tr_core(word(value))) for value in values]


def _term_qualifier(terms_of, attribute: str):
    def choices(row: dict) -> Choices:
        term = terms_of().get(row.get("code") or "")
        return _plain(getattr(term, attribute)) if term is not None else []
    return choices


def observation_columns(group: str) -> list[Column]:
    codes = lambda row: observation_codes(observation_group(row.get("code")))  # noqa: E731
    units = lambda row: _plain(observation_units(row.get("code")))  # noqa: E731
    methods = lambda row: _plain(definition.methods) if (definition := _definition(row)) else []  # noqa: E731
    title = QT_TRANSLATE_NOOP("PatientTables", "Test") if group == LABS else QT_TRANSLATE_NOOP("PatientTables", "Score")
    return [
        Column("code", title, "choice", codes),
        Column("date", QT_TRANSLATE_NOOP("PatientTables", "Date"), "date"),
        Column("value", QT_TRANSLATE_NOOP("PatientTables", "Value"), "number"),
        Column("unit", QT_TRANSLATE_NOOP("PatientTables", "Unit"), "choice", units),
        # the lab's limits sit by the value and unit they are read in
        Column("uln", QT_TRANSLATE_NOOP("PatientTables", "ULN"), "number"),
        Column("lln", QT_TRANSLATE_NOOP("PatientTables", "LLN"), "number"),
        Column("converted", QT_TRANSLATE_NOOP("PatientTables", "In standard unit"), "computed", compute=_converted),
        Column("text", QT_TRANSLATE_NOOP("PatientTables", "Result"), "choice", _result_choices),
        Column("method", QT_TRANSLATE_NOOP("PatientTables", "Method"), "choice", methods),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


def _fixed(values) -> Callable[[dict], Choices]:
    return lambda row: _plain(values)


def medication_columns() -> list[Column]:
    vocab = vocabulary()
    return [
        Column("drug", QT_TRANSLATE_NOOP("PatientTables", "Drug"), "choice", _named(vocab.medications)),
        Column("start", QT_TRANSLATE_NOOP("PatientTables", "Start"), "date"),
        Column("stop", QT_TRANSLATE_NOOP("PatientTables", "Stop"), "date"),
        Column("dose", QT_TRANSLATE_NOOP("PatientTables", "Dose"), "number"),
        Column("dose_unit", QT_TRANSLATE_NOOP("PatientTables", "Dose unit"), "choice", _fixed(vocab.dose_units)),
        Column("route", QT_TRANSLATE_NOOP("PatientTables", "Route"), "choice", _fixed(vocab.routes)),
        Column("cumulative_dose_mg", QT_TRANSLATE_NOOP("PatientTables", "Cumulative dose (mg)"), "number"),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


def diagnosis_columns() -> list[Column]:
    vocab = vocabulary()
    classifications = _term_qualifier(lambda: vocab.diagnoses, "classifications")
    return [
        Column("code", QT_TRANSLATE_NOOP("PatientTables", "Diagnosis"), "choice", _named(vocab.diagnoses)),
        Column("date", QT_TRANSLATE_NOOP("PatientTables", "Diagnosed"), "date"),
        Column("onset", QT_TRANSLATE_NOOP("PatientTables", "Onset"), "date"),
        Column("classification", QT_TRANSLATE_NOOP("PatientTables", "Classification"), "choice", classifications),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


def condition_columns() -> list[Column]:
    vocab = vocabulary()
    kinds = _term_qualifier(lambda: vocab.conditions, "kinds")
    severities = _term_qualifier(lambda: vocab.conditions, "severities")
    return [
        Column("code", QT_TRANSLATE_NOOP("PatientTables", "Condition"), "choice", _named(vocab.conditions)),
        Column("kind", QT_TRANSLATE_NOOP("PatientTables", "Kind"), "choice", kinds),
        Column("onset", QT_TRANSLATE_NOOP("PatientTables", "Onset"), "date"),
        Column("resolved", QT_TRANSLATE_NOOP("PatientTables", "Resolved"), "date"),
        Column("status", QT_TRANSLATE_NOOP("PatientTables", "Status"), "choice", _fixed(vocab.condition_statuses)),
        Column("severity", QT_TRANSLATE_NOOP("PatientTables", "Severity"), "choice", severities),
        Column("controlled", QT_TRANSLATE_NOOP("PatientTables", "Controlled"), "bool"),
        Column("treatment", QT_TRANSLATE_NOOP("PatientTables", "Treatment"), "choice", _fixed(vocab.treatments)),
        Column("hospitalised", QT_TRANSLATE_NOOP("PatientTables", "Hospitalised"), "bool"),
        Column("agent", QT_TRANSLATE_NOOP("PatientTables", "Drug or trial")),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


def biopsy_columns() -> list[Column]:
    return [
        Column("date", QT_TRANSLATE_NOOP("PatientTables", "Date"), "date"),
        Column("isn_rps_classes", QT_TRANSLATE_NOOP("PatientTables", "ISN/RPS classes"), "list"),
        Column("activity_index", QT_TRANSLATE_NOOP("PatientTables", "Activity index"), "integer"),
        Column("chronicity_index", QT_TRANSLATE_NOOP("PatientTables", "Chronicity index"), "integer"),
        Column("glomeruli_total", QT_TRANSLATE_NOOP("PatientTables", "Glomeruli"), "integer"),
        Column("glomerulosclerosis_pct", QT_TRANSLATE_NOOP("PatientTables", "Glomerulosclerosis %"), "number"),
        Column("cellular_crescents_pct", QT_TRANSLATE_NOOP("PatientTables", "Cellular crescents %"), "number"),
        Column("fibrocellular_crescents_pct", QT_TRANSLATE_NOOP("PatientTables", "Fibrocellular crescents %"), "number"),
        Column("capillary_loop_necrosis_pct", QT_TRANSLATE_NOOP("PatientTables", "Capillary-loop necrosis %"),
               "number"),
        Column("microthrombi_pct", QT_TRANSLATE_NOOP("PatientTables", "Microthrombi %"), "number"),
        Column("tma_lesions", QT_TRANSLATE_NOOP("PatientTables", "TMA-like lesions"), "bool"),
        Column("interstitial_fibrosis_pct", QT_TRANSLATE_NOOP("PatientTables", "Interstitial fibrosis %"), "number"),
        Column("imn_stage", QT_TRANSLATE_NOOP("PatientTables", "Membranous stage"), "integer"),
        Column("methods", QT_TRANSLATE_NOOP("PatientTables", "Methods"), "list"),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


def procedure_columns() -> list[Column]:
    vocab = vocabulary()
    kinds = _term_qualifier(lambda: vocab.procedures, "kinds")
    return [
        Column("code", QT_TRANSLATE_NOOP("PatientTables", "Procedure"), "choice", _named(vocab.procedures)),
        Column("kind", QT_TRANSLATE_NOOP("PatientTables", "Kind"), "choice", kinds),
        Column("start", QT_TRANSLATE_NOOP("PatientTables", "Start"), "date"),
        Column("stop", QT_TRANSLATE_NOOP("PatientTables", "Stop"), "date"),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


def reproductive_columns() -> list[Column]:
    vocab = vocabulary()
    return [
        Column("date", QT_TRANSLATE_NOOP("PatientTables", "Date"), "date"),
        Column("childbearing_potential", QT_TRANSLATE_NOOP("PatientTables", "Childbearing potential"), "bool"),
        Column("pregnant", QT_TRANSLATE_NOOP("PatientTables", "Pregnant"), "bool"),
        Column("lactating", QT_TRANSLATE_NOOP("PatientTables", "Lactating"), "bool"),
        Column("planning_pregnancy", QT_TRANSLATE_NOOP("PatientTables", "Planning pregnancy"), "bool"),
        Column("contraception", QT_TRANSLATE_NOOP("PatientTables", "Contraception"), "choice",
               _fixed(vocab.contraception)),
        Column("note", QT_TRANSLATE_NOOP("PatientTables", "Note")),
    ]


SECTION_COLUMNS = {
    "medications": medication_columns,
    "diagnoses": diagnosis_columns,
    "conditions": condition_columns,
    "biopsies": biopsy_columns,
    "procedures": procedure_columns,
    "reproductive": reproductive_columns,
}
