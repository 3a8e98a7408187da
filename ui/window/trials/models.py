"""Table models over one trial definition: its arms and doses, visit schedule and criteria."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP

from coordinator.screening.rule_text import describe_criterion
from coordinator.screening.trial import Arm, Criterion, Intervention, Trial, Visit
from coordinator.records.vocabulary import vocabulary
from ui.window.core_text import term_label, tr_core, visit_label, with_translation
from ui.window.toolkit.tables import Colours, Column, RowsModel, translate

AMBIGUOUS_COLOURS = Colours("#7a4100", "#fff3d6")
RETIRED = QT_TRANSLATE_NOOP("TrialTable", "(retired)")

KINDS = {"inclusion": QT_TRANSLATE_NOOP("TrialTable", "Inclusion"),
         "exclusion": QT_TRANSLATE_NOOP("TrialTable", "Exclusion")}
ARM_TYPES = {"experimental": QT_TRANSLATE_NOOP("TrialTable", "Experimental"),
             "active_comparator": QT_TRANSLATE_NOOP("TrialTable", "Active comparator"),
             "placebo_comparator": QT_TRANSLATE_NOOP("TrialTable", "Placebo comparator"),
             "control": QT_TRANSLATE_NOOP("TrialTable", "Control"),
             "other": QT_TRANSLATE_NOOP("TrialTable", "Other")}


def lab_names(codes: list[str]) -> str:
    observations = vocabulary().observations
    return ", ".join(term_label(observations[code]) if code in observations else code for code in codes)


class TrialListModel(RowsModel):
    """The trials, a retired one marked in words (not by colour alone)."""

    columns = (Column(QT_TRANSLATE_NOOP("TrialTable", "Trial"), lambda t: f"{t.trial_id}\n{tr_core(t.short_name)}"),)
    retired: set[str] = set()

    def text(self, trial: Trial, column: int) -> str:
        text = super().text(trial, column)
        return text + "\n" + translate(RETIRED) if trial.trial_id in self.retired else text

    def tooltip(self, trial: Trial, column: int) -> str:
        return tr_core(trial.title)


class ArmDose(NamedTuple):
    arm: Arm
    intervention: Intervention | None
    first: bool   # the arm's first row shows the arm's name and description


class ArmsModel(RowsModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TrialTable", "Arm"), lambda r: f"{tr_core(r.arm.label)}\n[{r.arm.id}]" if r.first else "",
               weight=3),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Type"), lambda r: translate(ARM_TYPES[r.arm.type]) if r.first else ""),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Intervention"), lambda r: tr_core(r.intervention.name) if r.intervention else "",
               weight=3),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Dose"), lambda r: tr_core(r.intervention.dose or "") if r.intervention else "",
               weight=4),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Schedule"),
               lambda r: tr_core(r.intervention.schedule or "") if r.intervention else "", weight=3),
    )

    def set_trial(self, trial: Trial) -> None:
        rows = []
        for arm in trial.arms:
            rows += [ArmDose(arm, item, n == 0) for n, item in enumerate(arm.interventions)] or [ArmDose(arm, None, True)]
        self.set_rows(rows)

    def tooltip(self, row: ArmDose, column: int) -> str | None:
        if column < 2:
            return tr_core(row.arm.description) if row.arm.description else None
        return super().tooltip(row, column)


class VisitsModel(RowsModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TrialTable", "Visit"), lambda v: visit_label(v.id, v.week)),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Week"), lambda v: f"{v.week:g}"),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Window"), lambda v: f"± {v.window_days} d"),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Laboratory tests"), lambda v: lab_names(v.labs), weight=5),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Note"), lambda v: tr_core(v.note or ""), weight=3),
    )

    def sort_key(self, visit: Visit, column: int):
        return visit.week if column == 1 else super().sort_key(visit, column)


def _ambiguity(criterion: Criterion) -> str:
    return translate(QT_TRANSLATE_NOOP("TrialTable", "⚠ ambiguous")) if criterion.ambiguity else ""


class CriteriaModel(RowsModel):
    """One row per criterion: verbatim text, the ambiguity flag and the rule in plain words."""

    columns = (
        Column(QT_TRANSLATE_NOOP("TrialTable", "ID"), lambda c: c.id),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Kind"), lambda c: translate(KINDS[c.kind])),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Protocol text (verbatim)"), lambda c: with_translation(c.text), weight=4),
        Column(QT_TRANSLATE_NOOP("TrialTable", "Ambiguity"), _ambiguity),
        Column(QT_TRANSLATE_NOOP("TrialTable", "What TrialDesk checks"), lambda c: tr_core(describe_criterion(c)), weight=5),
    )

    def tooltip(self, criterion: Criterion, column: int) -> str | None:
        if column == 3:
            return tr_core(criterion.ambiguity) if criterion.ambiguity else None
        return super().tooltip(criterion, column)

    def colours(self, criterion: Criterion, column: int) -> Colours | None:
        return AMBIGUOUS_COLOURS if column == 3 and criterion.ambiguity else None
