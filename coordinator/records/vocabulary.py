"""The clinical vocabulary (resources/vocabulary/*.yaml) as typed, read-only values."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, lru_cache

from coordinator.resource_files import load_yaml


def parse_factor(raw: float | int | str) -> Fraction:
    """A conversion factor written as a number or as "a/b" (exact, so round trips stay exact)."""
    if isinstance(raw, str) and "/" in raw:
        numerator, denominator = raw.split("/", 1)
        return Fraction(numerator.strip()) / Fraction(denominator.strip())
    return Fraction(str(raw))


@lru_cache(maxsize=4096)  # units are few; imports ask for the same ones on every row
def normalise_unit(unit: str) -> str:
    """Spelling-insensitive key for a unit: case, spaces, micro signs and powers folded."""
    key = unit.strip().lower().replace(" ", "")
    for micro in ("µ", "μ"):
        key = key.replace(micro, "u")
    key = key.replace("²", "2").replace("⁹", "9").replace("³", "3").replace("^", "").replace("*", "")
    key = key.replace("×", "x")
    if key.startswith("x1"):
        key = key[1:]
    return key


@dataclass(frozen=True)
class ObservationDef:
    code: str
    en: str
    zh: str
    category: str
    kind: str  # quantity | coded | titre | score
    loinc: str | None = None
    canonical: str | None = None
    units: dict[str, Fraction] = field(default_factory=dict)  # spelled unit -> factor to canonical
    plausible: tuple[float, float] | None = None
    positive: bool = False
    integer: bool = False
    reference_range: bool = False
    values: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()

    def unit_key(self, unit: str) -> str | None:
        """The vocabulary spelling of `unit`, or None when this observation does not accept it."""
        wanted = normalise_unit(unit)
        for spelled in self.units:
            if normalise_unit(spelled) == wanted:
                return spelled
        return None


@dataclass(frozen=True)
class MedicationDef:
    code: str
    en: str
    zh: str
    classes: tuple[str, ...]
    prednisone_equivalent: float | None = None


@dataclass(frozen=True)
class TermDef:
    """A diagnosis, condition or procedure: a code with names and its allowed qualifiers."""

    code: str
    en: str
    zh: str
    kinds: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    needs_agent: bool = False


@dataclass(frozen=True)
class Vocabulary:
    observations: dict[str, ObservationDef]
    medications: dict[str, MedicationDef]
    dose_units: dict[str, tuple[str, Fraction]]
    routes: tuple[str, ...]
    procedures: dict[str, TermDef]
    diagnoses: dict[str, TermDef]
    conditions: dict[str, TermDef]
    condition_statuses: tuple[str, ...]
    treatments: tuple[str, ...]
    contraception: tuple[str, ...]

    def observation(self, code: str) -> ObservationDef:
        return self.observations[code]


def _term(code: str, raw: dict) -> TermDef:
    return TermDef(
        code=code,
        en=raw["en"],
        zh=raw["zh"],
        kinds=tuple(raw.get("kinds", ())),
        severities=tuple(raw.get("severities", ())),
        classifications=tuple(raw.get("classifications", ())),
        needs_agent=bool(raw.get("needs_agent", False)),
    )


def _observation(code: str, raw: dict) -> ObservationDef:
    plausible = raw.get("plausible")
    return ObservationDef(
        code=code,
        en=raw["en"],
        zh=raw["zh"],
        category=raw["category"],
        kind=raw["kind"],
        loinc=raw.get("loinc"),
        canonical=raw.get("canonical"),
        units={unit: parse_factor(f) for unit, f in (raw.get("units") or {}).items()},
        plausible=tuple(plausible) if plausible else None,
        positive=bool(raw.get("positive", False)),
        integer=bool(raw.get("integer", False)),
        reference_range=bool(raw.get("reference_range", False)),
        values=tuple(raw.get("values", ())),
        methods=tuple(raw.get("methods", ())),
    )


@cache
def vocabulary() -> Vocabulary:
    observations = load_yaml("vocabulary", "observations.yaml")["observations"]
    meds = load_yaml("vocabulary", "medications.yaml")
    cond = load_yaml("vocabulary", "conditions.yaml")
    return Vocabulary(
        observations={code: _observation(code, raw) for code, raw in observations.items()},
        medications={
            code: MedicationDef(code, raw["en"], raw["zh"], tuple(raw.get("classes", ())),
                                raw.get("prednisone_equivalent"))
            for code, raw in meds["medications"].items()
        },
        dose_units={unit: (dim, parse_factor(f)) for unit, (dim, f) in meds["dose_units"].items()},
        routes=tuple(meds["routes"]),
        procedures={code: _term(code, raw) for code, raw in meds["procedures"].items()},
        diagnoses={code: _term(code, raw) for code, raw in cond["diagnoses"].items()},
        conditions={code: _term(code, raw) for code, raw in cond["conditions"].items()},
        condition_statuses=tuple(cond["statuses"]),
        treatments=tuple(cond["treatments"]),
        contraception=tuple(cond["reproductive"]["contraception"]),
    )
