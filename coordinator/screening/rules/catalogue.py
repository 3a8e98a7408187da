"""The criterion rule catalogue: small typed rules that compose to express every criterion of
the five trials. Each rule answers one question for a patient on a date:

    yes / no / unknown (data missing, stale or outside its window: `missing` says which)
    / needs_review (a person must answer)

and carries its evidence: the values, units, dates and derivations it used.
Absence of a record of a drug, condition or procedure counts as "no", and says so in the
evidence; absence of a required lab value is "unknown".
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from coordinator.screening.rules.composition import AllOf, AnyOf, FirstKnown, ManualRule, NeverRule, NotRule
from coordinator.screening.rules.demographics import AgeRule, SexRule
from coordinator.screening.rules.history import ConditionRule, DiagnosisRule, ProcedureRule, ReproductiveRule
from coordinator.screening.rules.labs import (ChangeAfterDiagnosisRule, ChangeRule, LabRule, ResultRule, ResultsRule,
    SustainedRule)
from coordinator.screening.rules.medications import (CumulativeDoseRule, DailyDoseRule, DoseIncreaseRule,
    MedicationRule, StableTreatmentRule)
from coordinator.screening.rules.scores import BilagRule, BiopsyRule

AnyRule = Annotated[Union[AgeRule, SexRule, LabRule, ResultRule, ChangeRule, ChangeAfterDiagnosisRule, SustainedRule,
                          ResultsRule,
                          BilagRule, BiopsyRule,
                          MedicationRule, StableTreatmentRule, DailyDoseRule, DoseIncreaseRule, CumulativeDoseRule,
                          ProcedureRule,
                          ConditionRule, DiagnosisRule, ReproductiveRule, ManualRule, NeverRule, AllOf, AnyOf, FirstKnown,
                          NotRule],
                    Field(discriminator="kind")]

# The rules made of rules name this union, which needs them: they are completed once it exists.
for _model in (AllOf, AnyOf, FirstKnown, NotRule):
    _model.model_rebuild(_types_namespace={"AnyRule": AnyRule})
