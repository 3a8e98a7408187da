"""Rules on scores and the kidney biopsy: BILAG domains, biopsy class and features."""

from __future__ import annotations

from typing import ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coordinator.phrase import Joined, Phrase, either
from coordinator.screening.facts import DAY_TEXT
from coordinator.screening.rules.answers import NO, UNKNOWN, YES, Finding, combine, unknown_for, yes_or_no
from coordinator.screening.rules.base import DAYS, NO_OBSERVATIONS, LookBack, Op, RecentWindow, Rule, compare, comparer
from coordinator.screening.rules.labs import _latest_within


BilagDomain = Literal["constitutional", "mucocutaneous", "neuropsychiatric", "musculoskeletal", "cardiorespiratory",
                      "gastrointestinal", "ophthalmic", "renal", "haematological"]


class BilagRule(Rule):
    """BILAG-2004: the latest grade of each of the nine domains (less `except_domains`) within
    `within_days`, with at most `max_a` A and at most `max_b` B grades."""

    kind: Literal["bilag"]
    max_a: int = 0
    max_b: int = 1
    within_days: RecentWindow
    except_domains: list[BilagDomain] = Field(
        default_factory=list, description='Domains not counted, e.g. [renal] for "BILAG A in any non-renal domain"')

    DOMAINS: ClassVar[tuple[str, ...]] = get_args(BilagDomain)
    ADDED_LATER: ClassVar[frozenset[str]] = frozenset({"except_domains"})

    @model_validator(mode="after")
    def _some_domain_left(self):
        if not self.domains:
            raise ValueError("except_domains leaves no domain to count")
        return self

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(d for d in self.DOMAINS if d not in self.except_domains)

    def evaluate(self, facts, on):
        grades, missing = {}, []
        for domain in self.domains:
            reading, _ = _latest_within(facts, f"bilag_{domain}", on, self.within_days)
            if reading is None:
                missing.append(domain)
            else:
                grades[domain] = reading.text
        shown = Joined(", ", [Phrase("{domain} {grade}", domain=_DOMAIN_WORDS[d], grade=g) for d, g in grades.items()])
        a, b = list(grades.values()).count("A"), list(grades.values()).count("B")
        if a > self.max_a or b > self.max_b:
            return yes_or_no(False, Phrase("BILAG-2004: {grades}", grades=shown), f"{a} A, {b} B")
        if missing:
            return unknown_for(Phrase("BILAG-2004 grades within {days} days for: {domains}", days=self.within_days,
                                   domains=Joined(", ", [_DOMAIN_WORDS[d] for d in missing])), shown)
        return yes_or_no(True, Phrase("BILAG-2004: {grades}", grades=shown), f"{a} A, {b} B")

    def answerer(self):
        codes = tuple(f"bilag_{domain}" for domain in self.domains)
        max_a, max_b, span = self.max_a, self.max_b, DAYS[self.within_days]

        def answer(facts, on):
            start, a, b, missing = on - span, 0, 0, False
            for code in codes:
                reading = facts.latest(code, on)
                if reading is None or reading.date < start:
                    missing = True
                elif reading.text == "A":
                    a += 1
                elif reading.text == "B":
                    b += 1
            if a > max_a or b > max_b:
                return NO
            return UNKNOWN if missing else YES
        return answer

    def plain(self):
        if self.except_domains:
            return Phrase("BILAG-2004: at most {a} A and at most {b} B across the domains other than {left_out}",
                          a=self.max_a, b=self.max_b, left_out=Joined(", ", [_DOMAIN_WORDS[d] for d in self.except_domains]))
        return Phrase("BILAG-2004: at most {a} A and at most {b} B across the nine domains", a=self.max_a, b=self.max_b)

    def observation_reads(self):
        return {f"bilag_{domain}": self.within_days for domain in self.domains}


_DOMAIN_WORDS = {
    "constitutional": Phrase("constitutional"), "mucocutaneous": Phrase("mucocutaneous"),
    "neuropsychiatric": Phrase("neuropsychiatric"), "musculoskeletal": Phrase("musculoskeletal"),
    "cardiorespiratory": Phrase("cardiorespiratory"), "gastrointestinal": Phrase("gastrointestinal"),
    "ophthalmic": Phrase("ophthalmic"), "renal": Phrase("renal"), "haematological": Phrase("haematological"),
}


class BiopsyFeature(BaseModel):
    """One biopsy finding compared with a limit, e.g. chronicity_index < 3."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    field: Literal["activity_index", "chronicity_index", "glomerulosclerosis_pct", "cellular_crescents_pct",
                   "fibrocellular_crescents_pct", "crescents_pct", "capillary_loop_necrosis_pct", "microthrombi_pct",
                   "tma_lesions", "interstitial_fibrosis_pct", "imn_stage"] = Field(
        description="crescents_pct: cellular and fibrocellular crescents together")
    op: Op
    value: float | bool


CRESCENT_PARTS = ("cellular_crescents_pct", "fibrocellular_crescents_pct")


def feature_value(biopsy, feature: BiopsyFeature) -> float | None:
    """The biopsy's value of the feature (None: not reported). Crescents together are the sum of
    both kinds; with one kind unreported, the other alone counts only where it already settles
    the comparison (a known excess outranks the missing part)."""
    if feature.field != "crescents_pct":
        value = getattr(biopsy, feature.field)
        return None if value is None else float(value)
    parts = [getattr(biopsy, name) for name in CRESCENT_PARTS]
    known = sum(float(p) for p in parts if p is not None)
    if all(p is not None for p in parts):
        return known
    if any(p is not None for p in parts) and feature.op in (">", ">=") and compare(known, feature.op, float(feature.value)):
        return known
    return None


_FEATURE_WORDS = {  # BiopsyFeature.field in words
    "activity_index": Phrase("activity index"), "chronicity_index": Phrase("chronicity index"),
    "glomerulosclerosis_pct": Phrase("glomerulosclerosis pct"), "cellular_crescents_pct": Phrase("cellular crescents pct"),
    "fibrocellular_crescents_pct": Phrase("fibrocellular crescents pct"),
    "crescents_pct": Phrase("cellular + fibrocellular crescents pct"),
    "capillary_loop_necrosis_pct": Phrase("capillary loop necrosis pct"), "microthrombi_pct": Phrase("microthrombi pct"),
    "tma_lesions": Phrase("tma lesions"), "interstitial_fibrosis_pct": Phrase("interstitial fibrosis pct"),
    "imn_stage": Phrase("imn stage"),
}


class BiopsyRule(Rule):
    """The latest kidney biopsy (within `within_days`, if given) shows any of `classes_any`
    (ISN/RPS base classes: III matches III(A), IV matches IV-G(A/C)) and `all_features` /
    `any_feature` hold; with `methods`, the biopsy was examined by every one of them."""

    kind: Literal["biopsy"]
    within_days: LookBack | None = None
    classes_any: list[Literal["I", "II", "III", "IV", "V", "VI"]] = Field(
        default_factory=list, description="ISN/RPS base classes (IV matches IV-S and IV-G, with any activity)")
    all_features: list[BiopsyFeature] = Field(default_factory=list)
    any_feature: list[BiopsyFeature] = Field(default_factory=list)
    imn: bool = False
    methods: list[Literal["LM", "IF", "EM"]] = Field(default_factory=list)

    def evaluate(self, facts, on):
        biopsy = facts.newest("biopsies", on)
        if biopsy is None:
            return unknown_for(Phrase("a kidney biopsy result"))
        if self.within_days is not None and biopsy.date < on - DAYS[self.within_days]:
            return unknown_for(Phrase("a kidney biopsy within {days} days before {day}", days=self.within_days,
                                   day=DAY_TEXT[on]), Phrase("latest biopsy {day}", day=DAY_TEXT[biopsy.date]))
        found = ", ".join(biopsy.isn_rps_classes) or (Phrase("IMN stage {stage}", stage=biopsy.imn_stage)
                                                      if biopsy.imn_stage else Phrase("no class"))
        evidence = [Phrase("kidney biopsy {day}: {found}", day=DAY_TEXT[biopsy.date], found=found)]
        checks: list[Finding] = []  # three-valued: a missing feature is unknown, not false
        if self.classes_any:
            bases = {c.split("(")[0].split("-")[0] for c in biopsy.isn_rps_classes}
            checks.append(yes_or_no(bool(bases & set(self.classes_any))))
        if self.imn:
            checks.append(yes_or_no(biopsy.imn_stage is not None))
        if self.methods:
            if not biopsy.methods:
                checks.append(unknown_for(Phrase("biopsy examination methods (LM / IF / EM) on {day}",
                                              day=DAY_TEXT[biopsy.date])))
            else:
                evidence.append(Phrase("examined by {methods}", methods=", ".join(biopsy.methods)))
                checks.append(yes_or_no(set(self.methods) <= set(biopsy.methods)))
        for group, how in ((self.all_features, "all"), (self.any_feature, "any")):
            if not group:
                continue
            results = []
            for feature in group:
                value = feature_value(biopsy, feature)
                name = _FEATURE_WORDS[feature.field]
                if value is None:
                    results.append(unknown_for(Phrase("biopsy {feature} on {day}", feature=name, day=DAY_TEXT[biopsy.date])))
                    continue
                shown = getattr(biopsy, feature.field) if feature.field != "crescents_pct" else f"{value:g}"
                evidence.append(Phrase("{feature} {value}", feature=name, value=shown))
                results.append(yes_or_no(compare(value, feature.op, float(feature.value))))
            checks.append(Finding(combine([r.answer for r in results], how), (), tuple(m for r in results for m in r.missing)))
        answer = combine([c.answer for c in checks])
        missing = tuple(m for c in checks for m in c.missing) if answer == UNKNOWN else ()
        return Finding(answer, tuple(evidence), missing)

    def answerer(self):
        within, classes, imn, methods = self.within_days, set(self.classes_any), self.imn, set(self.methods)
        span = DAYS[within] if within is not None else None
        groups = [([(feature, comparer(feature.op, float(feature.value))) for feature in group], how)
                  for group, how in ((self.all_features, "all"), (self.any_feature, "any")) if group]

        def answer(facts, on):
            biopsy = facts.newest("biopsies", on)
            if biopsy is None or (span is not None and biopsy.date < on - span):
                return UNKNOWN
            checks = []
            if classes:
                bases = {c.split("(")[0].split("-")[0] for c in biopsy.isn_rps_classes}
                checks.append(YES if bases & classes else NO)
            if imn:
                checks.append(YES if biopsy.imn_stage is not None else NO)
            if methods:
                checks.append((YES if methods <= set(biopsy.methods) else NO) if biopsy.methods else UNKNOWN)
            for features, how in groups:
                results = []
                for feature, passes in features:
                    value = feature_value(biopsy, feature)
                    results.append(UNKNOWN if value is None else YES if passes(value) else NO)
                checks.append(combine(results, how))
            return combine(checks)
        return answer

    def plain(self):
        def feature(f: BiopsyFeature) -> str:
            return Phrase("{feature} {op} {value}", feature=_FEATURE_WORDS[f.field], op=f.op, value=f.value)

        parts = []
        if self.classes_any:
            parts.append(Phrase("ISN/RPS class {classes}", classes=either(self.classes_any)))
        parts += [feature(f) for f in self.all_features]
        if self.any_feature:
            parts.append(either(feature(f) for f in self.any_feature))
        if self.methods:
            parts.append(Phrase("examined by {methods}", methods=" + ".join(self.methods)))
        window = Phrase(" within {days} days", days=self.within_days) if self.within_days else ""
        return Phrase("latest kidney biopsy{window}: {checks}", window=window,
                      checks=Joined("; ", parts or [Phrase("membranous nephropathy staged")]))

    def observation_reads(self):
        return NO_OBSERVATIONS
