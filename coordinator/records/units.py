"""Unit conversion for observations, driven by the vocabulary's small table of exact factors.

Factors are exact fractions and results are rounded to 12 significant digits, which removes
binary floating-point noise: 265.2 umol/L is exactly 3.0 mg/dL, and a value on a limit in one
unit is on the limit in the other. Values are stored as entered and compared after ONE
conversion from the entered unit; a round trip through a unit whose factor has no finite
decimal (umol/L -> mg/dL, /88.4) can move in the 12th digit, so nothing chains conversions.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache

from coordinator.records.vocabulary import vocabulary

SIGNIFICANT_DIGITS = 12


class UnitError(ValueError):
    """A unit the vocabulary does not accept for that observation."""


def _round(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def factor(code: str, unit: str) -> Fraction:
    definition = vocabulary().observation(code)
    spelled = definition.unit_key(unit)
    if spelled is None:
        accepted = ", ".join(definition.units) or "none (no unit)"
        raise UnitError(f"unit '{unit}' is not accepted for {definition.en}; accepted: {accepted}")
    return definition.units[spelled]


@cache
def _ratio(code: str, from_unit: str, to_unit: str) -> float:
    return float(factor(code, from_unit) / factor(code, to_unit))


def convert(code: str, value: float, from_unit: str, to_unit: str) -> float:
    """`value` of observation `code` in `from_unit`, expressed in `to_unit`."""
    ratio = _ratio(code, from_unit, to_unit)
    if ratio == 1:
        return float(value)
    return _round(value * ratio)


def to_canonical(code: str, value: float, unit: str) -> float:
    ratio = _canonical_ratio(code, unit)  # called for every result of every import: looked up once
    return float(value) if ratio == 1 else _round(value * ratio)


@cache
def _canonical_ratio(code: str, unit: str) -> float:
    canonical = vocabulary().observation(code).canonical
    return 1.0 if canonical is None else _ratio(code, unit, canonical)
