"""Dose calculators: a patient's study doses from their weight and the trial file's `dosing` data.

Each calculator takes an intervention's `Dosing` (coordinator/screening/trial.py) and a weight in kg, and
returns a small frozen value whose `describe()` is one plain sentence. The protocol's numbers
are computed exactly (decimal amounts as written, so 0.1 mg/kg/d for 60 kg is 6 mg/d, not
6.000000000000001) and shown as computed; a site's `round_to` step is shown beside them,
never instead of them.

Readings TrialDesk applies where the protocols are loose:
- A taper falls linearly, day by day, from the full dose at `start_week` to `to` at `end_week`
  (NCT03864250 prednisone: "after 8-12 weeks, the dose was gradually reduced until
  discontinuation", read as full dose to week 8, nothing from week 12).
- A ceiling (`max_per_day`, `max_per_kg_per_day`) caps a computed dose, and a dose exactly on
  it is allowed ("never above 0.1 mg/kg/d").
- Rounding to the site's step: a range rounds inwards (the low end up, the high end down), so
  a rounded dose stays inside the protocol's range; a single amount rounds to the nearest
  step (halfway: down), never above a ceiling.
- The weight is the latest recorded on or before the day, at most `WEIGHT_WITHIN_DAYS` old
  (TrialDesk's choice: the protocols do not say), converted to kg and taken to 0.1 kg (a
  scale's precision: 132.3 lb is 60.0 kg, not 60.0102). Without one, nothing weight-based is
  computed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from coordinator.screening.facts import PatientFacts, Reading
from coordinator.phrase import Joined, Phrase
from coordinator.screening.trial import DAILY_DIMENSIONS, Dosing, Intervention, Trial
from coordinator.records.units import UnitError, convert
from coordinator.records.vocabulary import vocabulary

WEIGHT_WITHIN_DAYS = 28
"""How old the weight behind a dose may be (days before the day of the plan)."""


class MissingWeight(ValueError):
    """A weight-based amount or ceiling asked for without a weight."""


# -- numbers and units ---------------------------------------------------------------------------------

def _q(value: float | int | Fraction) -> Fraction:
    """A number as the decimal it is written as (0.1 is exactly 1/10)."""
    return value if isinstance(value, Fraction) else Fraction(str(value))


def _f(value: Fraction) -> float:
    return float(f"{float(value):.12g}")


def _num(value: float | Fraction) -> str:
    """An amount for a sentence: 3.0, 1.375, 27.5, 700, 600.1, 1.3 × 10^8 (the computed value
    stays exact in the result; only the sentence rounds)."""
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 1e5:
        exponent = math.floor(math.log10(abs(value)))
        mantissa = float(f"{value / 10 ** exponent:.3g}")
        return f"{mantissa:g} × 10^{exponent}"
    if abs(value) >= 100 and value == int(value):
        return str(int(value))
    decimals = 1 if abs(value) >= 100 else 2 if abs(value) >= 10 else 3
    text = f"{value:.{decimals}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _plain(value: float) -> str:
    """A number as the protocol writes it: 0.05, 40, 2 × 10^6."""
    return _num(value) if abs(value) >= 1e5 else f"{value:g}"


def _range(low: float | Fraction, high: float | Fraction, unit: str) -> str:
    if _q(low) == _q(high):
        return f"{_num(low)} {unit}"
    return f"{_num(low)}–{_num(high)} {unit}"


def _kg(weight_kg: float) -> str:
    return f"{round(weight_kg, 1):g} kg"


def _week(week: float) -> str:
    return f"{week:.1f}".rstrip("0").rstrip(".")


def _dimension(unit: str) -> str | None:
    entry = vocabulary().dose_units.get(unit)
    return entry[0] if entry else None


def _in_unit(value: Fraction, from_unit: str, to_unit: str) -> Fraction:
    """`value` in `from_unit` expressed in `to_unit` (both dose units of one dimension)."""
    if from_unit == to_unit:
        return value
    units = vocabulary().dose_units
    (from_dim, from_factor), (to_dim, to_factor) = units[from_unit], units[to_unit]
    if from_dim != to_dim:
        raise ValueError(f"cannot express {from_unit} in {to_unit}")
    return value * from_factor / to_factor


def amount_unit(dosing: Dosing) -> str:
    """The unit of the computed amount: the per-kg unit without /kg (mg/kg/d -> mg/d, mg/kg ->
    mg, cells/kg -> cells), or the fixed amount's unit."""
    if dosing.per_kg is not None:
        return dosing.per_kg.unit.replace("/kg", "")
    return dosing.fixed.unit


def is_daily(dosing: Dosing) -> bool:
    unit = dosing.per_kg.unit if dosing.per_kg is not None else dosing.fixed.unit
    return _dimension(unit) in DAILY_DIMENSIONS


def needs_weight(dosing: Dosing) -> bool:
    return dosing.per_kg is not None or dosing.max_per_kg_per_day is not None


def _require_weight(dosing: Dosing, weight_kg: float | None) -> Fraction | None:
    if weight_kg is None:
        if needs_weight(dosing):
            raise MissingWeight("this dose depends on the weight, and none was given")
        return None
    if weight_kg <= 0:
        raise ValueError(f"a weight of {weight_kg:g} kg")
    return _q(weight_kg)


def _per_kg_text(dosing: Dosing) -> str:
    per_kg = dosing.per_kg
    if per_kg.max is None or per_kg.max == per_kg.min:
        return f"{_plain(per_kg.min)} {per_kg.unit}"
    return f"{_plain(per_kg.min)}–{_plain(per_kg.max)} {per_kg.unit}"


def _ceiling(dosing: Dosing, weight: Fraction | None, unit: str) -> tuple[Fraction, str] | None:
    """The lowest daily ceiling, in `unit` (a daily unit), and the words for it."""
    found: list[tuple[Fraction, str]] = []
    if dosing.max_per_day is not None:
        cap = dosing.max_per_day
        found.append((_in_unit(_q(cap.value), cap.unit, unit),
                      Phrase("at most {cap} {unit}", cap=_plain(cap.value), unit=cap.unit)))
    if dosing.max_per_kg_per_day is not None and weight is not None:
        cap = dosing.max_per_kg_per_day
        per_day_unit = cap.unit.replace("/kg", "")
        value = _in_unit(_q(cap.value) * weight, per_day_unit, unit)
        found.append((value, Phrase("never above {cap} {cap_unit} = {value} {unit}", cap=_plain(cap.value),
                                    cap_unit=cap.unit, value=_num(value), unit=unit)))
    return min(found, key=lambda item: item[0]) if found else None


def _trough_text(dosing: Dosing) -> str:
    target = dosing.trough
    if target is None:
        return ""
    if target.min is not None and target.max is not None:
        words = f"{_plain(target.min)}–{_plain(target.max)} {target.unit}"
    elif target.max is not None:
        words = f"≤ {_plain(target.max)} {target.unit}"
    else:
        words = f"≥ {_plain(target.min)} {target.unit}"
    return Phrase("; trough {target}", target=words)


# -- the site's rounding step ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rounded:
    """Amounts rounded to the site's step (`low`/`high` None: no step fits the range)."""

    step: float
    unit: str
    low: float | None
    high: float | None

    def describe(self, per: str = "") -> str:
        if self.low is None:
            return Phrase("no {step} {unit} step lies within that range", step=_plain(self.step), unit=self.unit)
        return Phrase("in {step} {unit} steps (the site's): {amount}{per}", step=_plain(self.step), unit=self.unit,
                      amount=_range(self.low, self.high, self.unit), per=per)


def _round(dosing: Dosing, low: Fraction, high: Fraction, unit: str,
           ceiling: Fraction | None = None) -> Rounded | None:
    """Round amounts of one administration (`unit` a mass, or a mass per day taken at once)."""
    if dosing.round_to is None or _dimension(unit) not in ("mass", "mass_per_day"):
        return None
    mass_unit = unit if _dimension(unit) == "mass" else unit.removesuffix("/d")
    if _dimension(mass_unit) != "mass":
        return None
    step = _in_unit(_q(dosing.round_to.value), dosing.round_to.unit, mass_unit)
    if low == high:
        steps = low / step
        nearest = math.floor(steps) if steps - math.floor(steps) <= Fraction(1, 2) else math.ceil(steps)
        value = nearest * step
        while ceiling is not None and value > ceiling and value > 0:
            value -= step
        return Rounded(_f(step), mass_unit, _f(value), _f(value))
    rounded_low, rounded_high = math.ceil(low / step) * step, math.floor(high / step) * step
    if rounded_low > rounded_high:
        return Rounded(_f(step), mass_unit, None, None)
    return Rounded(_f(step), mass_unit, _f(rounded_low), _f(rounded_high))


# -- daily doses ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DailyDose:
    """A day's dose range (low == high: one amount), after the protocol's ceilings."""

    name: str
    low: float
    high: float
    unit: str
    weight_kg: float | None
    basis: str
    capped_by: str | None = None
    uncapped_high: float | None = None
    ceiling: str | None = None
    trough: str = ""
    rounded: Rounded | None = None

    def __iter__(self):
        """Unpacks as (low, high, unit)."""
        return iter((self.low, self.high, self.unit))

    def terms(self) -> str:
        """The amount, the weight and how they were reached: '3.0–6.0 mg/d for 60 kg (...)'."""
        for_weight = Phrase(" for {weight}", weight=_kg(self.weight_kg)) if self.weight_kg is not None else ""
        notes = [self.basis]
        if self.capped_by is not None:
            notes = [Phrase("{basis} = {amount} {unit}, capped: {ceiling}", basis=self.basis,
                            amount=_num(self.uncapped_high), unit=self.unit, ceiling=self.capped_by)]
        elif self.ceiling is not None:
            notes.append(self.ceiling)
        return Phrase("{amount}{weight} ({notes})", amount=_range(self.low, self.high, self.unit), weight=for_weight,
                      notes=Joined("; ", notes))

    def _core(self) -> str:
        return Phrase("{name} {terms}", name=self.name, terms=self.terms())

    def describe(self) -> str:
        rounded = Phrase("; {rounded}", rounded=self.rounded.describe()) if self.rounded is not None else ""
        return Phrase("{dose}{trough}{rounded}", dose=self._core(), trough=self.trough, rounded=rounded)


_FIXED_DOSE = Phrase("fixed dose")


def daily_dose_range(dosing: Dosing, weight_kg: float | None, name: str = "The dose") -> DailyDose:
    """The protocol's daily dose for a weight: per-kg amounts times the weight, or the fixed
    amount, capped at the lowest ceiling. A weight is needed only for per-kg amounts and
    per-kg ceilings."""
    if not is_daily(dosing):
        raise ValueError("not a daily amount: use infusion_dose")
    weight = _require_weight(dosing, weight_kg)
    unit = amount_unit(dosing)
    if dosing.per_kg is not None:
        low, high = _q(dosing.per_kg.min) * weight, _q(dosing.per_kg.high) * weight
        basis = _per_kg_text(dosing)
    else:
        low, high = _q(dosing.fixed.min), _q(dosing.fixed.high)
        basis = _FIXED_DOSE
    ceiling = _ceiling(dosing, weight, unit)
    capped_by = uncapped = None
    if ceiling is not None and high > ceiling[0]:
        capped_by, uncapped = ceiling[1], high
        low, high = min(low, ceiling[0]), ceiling[0]
    shown_weight = weight_kg if needs_weight(dosing) else None
    single_dose = (dosing.doses_per_day or 1) == 1
    return DailyDose(
        name=name, low=_f(low), high=_f(high), unit=unit, weight_kg=shown_weight, basis=basis,
        capped_by=capped_by, uncapped_high=_f(uncapped) if uncapped is not None else None,
        ceiling=ceiling[1] if ceiling is not None else None, trough=_trough_text(dosing),
        rounded=_round(dosing, low, high, unit, ceiling[0] if ceiling else None) if single_dose else None)


@dataclass(frozen=True)
class SplitDose:
    """The daily dose split into `doses_per_day` equal doses (`low`/`high`: one dose)."""

    daily: DailyDose
    doses_per_day: int
    interval_hours: float | None
    low: float
    high: float
    unit: str
    rounded: Rounded | None = None

    def __iter__(self):
        """Unpacks as (low, high, unit) of one dose."""
        return iter((self.low, self.high, self.unit))

    @property
    def how_often(self) -> str:
        if self.interval_hours is not None:
            return Phrase(" every {hours} h", hours=_plain(self.interval_hours))
        return Phrase(" once a day") if self.doses_per_day == 1 else Phrase(", {count} times a day",
                                                                            count=self.doses_per_day)

    def describe(self) -> str:
        rounded = Phrase("; {rounded}", rounded=self.rounded.describe(self.how_often)) if self.rounded is not None \
            else ""
        return Phrase("{dose}, as {amount}{how_often}{trough}{rounded}", dose=self.daily._core(),
                      amount=_range(self.low, self.high, self.unit), how_often=self.how_often,
                      trough=self.daily.trough, rounded=rounded)


def _per_dose_unit(daily_unit: str) -> str:
    return daily_unit.removesuffix("/d") if daily_unit.endswith("/d") else "mg"


def split_doses(dosing: Dosing, weight_kg: float | None, name: str = "The dose") -> SplitDose:
    """Each dose of the day: the daily range divided by `doses_per_day` (1 when not given)."""
    daily = daily_dose_range(dosing, weight_kg, name)
    count = dosing.doses_per_day or 1
    unit = _per_dose_unit(daily.unit)
    per_day_unit = unit + "/d"
    low = _in_unit(_q(daily.low), daily.unit, per_day_unit) / count
    high = _in_unit(_q(daily.high), daily.unit, per_day_unit) / count
    weight = _q(weight_kg) if weight_kg is not None else None
    ceiling = _ceiling(dosing, weight, per_day_unit)
    rounded = _round(dosing, low, high, unit, ceiling[0] / count if ceiling else None)
    return SplitDose(daily, count, dosing.interval_hours, _f(low), _f(high), unit, rounded)


# -- tapers ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaperedDose:
    """The daily dose in a given week: the full dose before the taper, falling linearly during
    it, `to` after it."""

    full: DailyDose
    week: float
    low: float
    high: float
    unit: str
    phase: Literal["full", "tapering", "finished", "no taper"]
    taper: str = ""
    rounded: Rounded | None = None

    def __iter__(self):
        return iter((self.low, self.high, self.unit))

    def describe(self) -> str:
        amount = _range(self.low, self.high, self.unit)
        if self.phase == "finished" and self.high == 0:
            amount = Phrase("stopped (0 {unit})", unit=self.unit)
        rounded = Phrase("; {rounded}", rounded=self.rounded.describe()) \
            if self.rounded is not None and self.high > 0 else ""
        return Phrase("{name} {amount} in week {week} ({phase}, {taper}; full dose {full}){rounded}",
                      name=self.full.name, amount=amount, week=_week(self.week), phase=_PHASES[self.phase],
                      taper=self.taper, full=self.full.terms(), rounded=rounded)


_PHASES = {"full": Phrase("full dose, before the taper"), "tapering": Phrase("tapering"),
           "finished": Phrase("after the taper"), "no taper": Phrase("no taper")}


def taper_dose(dosing: Dosing, weight_kg: float | None, week: float, name: str = "The dose") -> TaperedDose:
    """The daily dose `week` weeks after randomisation (fractions allowed: days / 7)."""
    full = daily_dose_range(dosing, weight_kg, name)
    taper = dosing.taper
    if taper is None:
        return TaperedDose(full, week, full.low, full.high, full.unit, "no taper", Phrase("the protocol gives none"),
                           full.rounded)
    start, end, to = _q(taper.start_week), _q(taper.end_week), _q(taper.to)
    words = Phrase("from the full dose at week {start} down linearly to {to} {unit} at week {end}",
                   start=_plain(taper.start_week), to=_plain(taper.to), unit=full.unit, end=_plain(taper.end_week))
    at = _q(week)
    if at <= start:
        phase, fraction = "full", Fraction(1)
    elif at >= end:
        phase, fraction = "finished", Fraction(0)
    else:
        phase, fraction = "tapering", (end - at) / (end - start)
    low = to + (_q(full.low) - to) * fraction
    high = to + (_q(full.high) - to) * fraction
    ceiling = _ceiling(dosing, _q(weight_kg) if weight_kg is not None else None, full.unit)
    rounded = _round(dosing, low, high, full.unit, ceiling[0] if ceiling else None) \
        if (dosing.doses_per_day or 1) == 1 else None
    return TaperedDose(full, week, _f(low), _f(high), full.unit, phase, words, rounded)


# -- single administrations (infusions) -----------------------------------------------------------------

@dataclass(frozen=True)
class InfusionDose:
    """One administration's amount, and when they are given."""

    name: str
    low: float
    high: float
    unit: str
    weight_kg: float | None
    basis: str
    route: str | None
    weeks: tuple[float, ...] = ()
    administrations: int | None = None
    rounded: Rounded | None = None

    def __iter__(self):
        return iter((self.low, self.high, self.unit))

    def describe(self) -> str:
        route = f" {self.route.upper() if self.route in ('iv', 'sc', 'im') else self.route}" if self.route else ""
        for_weight = Phrase(" for {weight}", weight=_kg(self.weight_kg)) if self.weight_kg is not None else ""
        if self.weeks:
            listed = [_plain(w) for w in self.weeks]
            when = Phrase(" at weeks {first} and {last}", first=", ".join(listed[:-1]), last=listed[-1]) \
                if len(listed) > 1 else Phrase(" at week {week}", week=listed[0])
        elif self.administrations == 1:
            when = Phrase(", once")
        elif self.administrations:
            when = Phrase(", {count} times", count=self.administrations)
        else:
            when = ""
        rounded = Phrase("; {rounded}", rounded=self.rounded.describe()) if self.rounded is not None else ""
        return Phrase("{name} {amount}{route}{weight} ({basis}){when}{rounded}", name=self.name,
                      amount=_range(self.low, self.high, self.unit), route=route, weight=for_weight, basis=self.basis,
                      when=when, rounded=rounded)


def infusion_dose(dosing: Dosing, weight_kg: float | None, name: str = "The dose") -> InfusionDose:
    """The amount of each administration: per-kg amount times the weight (10 mg/kg for 70 kg:
    700 mg; 2 × 10^6 cells/kg for 65 kg: 1.3 × 10^8 cells), or the fixed amount."""
    if is_daily(dosing):
        raise ValueError("a daily amount: use daily_dose_range")
    weight = _require_weight(dosing, weight_kg)
    if dosing.per_kg is not None:
        low, high = _q(dosing.per_kg.min) * weight, _q(dosing.per_kg.high) * weight
        basis = _per_kg_text(dosing)
    else:
        low, high = _q(dosing.fixed.min), _q(dosing.fixed.high)
        basis = _FIXED_DOSE
    unit = amount_unit(dosing)
    return InfusionDose(name, _f(low), _f(high), unit, weight_kg if needs_weight(dosing) else None, basis,
                        dosing.route, tuple(dosing.schedule_weeks), dosing.administrations,
                        _round(dosing, low, high, unit))


# -- checks ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MaxCheck:
    """A daily dose against the protocol's ceilings; true when it exceeds one."""

    dose: float
    unit: str
    exceeds: bool
    ceiling: float | None
    limit: str | None

    def __bool__(self) -> bool:
        return self.exceeds

    def describe(self) -> str:
        dose = f"{_num(self.dose)} {self.unit}"
        if self.limit is None:
            return Phrase("{dose}: the protocol gives no ceiling", dose=dose)
        if self.exceeds:
            return Phrase("{dose} is above the ceiling ({limit})", dose=dose, limit=self.limit)
        return Phrase("{dose} is within the ceiling ({limit})", dose=dose, limit=self.limit)


def exceeds_max(dose: float, weight_kg: float | None, dosing: Dosing, unit: str = "mg/d") -> MaxCheck:
    """Whether a daily `dose` (in `unit`, mg/d by default) is above the lowest of the dosing's
    ceilings for this weight. A dose exactly on the ceiling is allowed."""
    if _dimension(unit) != "mass_per_day":
        raise ValueError(f"'{unit}' is not a daily dose unit (mg/d, g/d)")
    weight = None
    if dosing.max_per_kg_per_day is not None:
        if weight_kg is None:
            raise MissingWeight("the ceiling is per kg: a weight is needed")
        weight = _q(weight_kg)
    ceiling = _ceiling(dosing, weight, unit)
    if ceiling is None:
        return MaxCheck(dose, unit, False, None, None)
    return MaxCheck(dose, unit, _q(dose) > ceiling[0], _f(ceiling[0]), ceiling[1])


@dataclass(frozen=True)
class TroughCheck:
    """A drug level against the dosing's target (`ok` None: the dosing has no target)."""

    value: float
    unit: str
    ok: bool | None
    target: str | None
    position: Literal["below", "within", "above"] | None = None
    date: dt.date | None = None

    def __bool__(self) -> bool:
        return bool(self.ok)

    def describe(self) -> str:
        on = f" on {self.date}" if self.date is not None else ""
        level = f"trough {_num(self.value)} {self.unit}{on}"
        if self.target is None:
            return f"{level}: the protocol gives no target"
        return f"{level}: {self.position} the target ({self.target})"


def trough_ok(dosing: Dosing, value: float | Reading, unit: str | None = None) -> TroughCheck:
    """Whether a level (a number in `unit`, default the target's, or a Reading) is within the
    target, limits inclusive (trough <= 10 ng/mL: 10 is within)."""
    date = None
    if isinstance(value, Reading):
        if value.value is None:
            raise ValueError(f"no numeric value: {value.describe()}")
        value, unit, date = value.value, value.unit, value.date
    target = dosing.trough
    if target is None:
        return TroughCheck(value, unit or "", None, None, date=date)
    level = convert(target.code, value, unit or target.unit, target.unit)
    words = _trough_text(dosing).removeprefix("; trough ")
    if target.min is not None and level < target.min:
        position = "below"
    elif target.max is not None and level > target.max:
        position = "above"
    else:
        position = "within"
    return TroughCheck(level, target.unit, position == "within", words, position, date)


# -- the patient's weight and an arm's dose plan ----------------------------------------------------------

@dataclass(frozen=True)
class Weight:
    """The weight a dose is computed from (`kg` None: none usable, `problem` says why)."""

    kg: float | None
    reading: Reading | None
    problem: str | None = None

    def describe(self) -> str:
        if self.kg is None:
            return self.problem or Phrase("no weight")
        recorded = "" if self.reading.unit == "kg" else \
            Phrase(" (recorded as {value} {unit})", value=_plain(self.reading.value), unit=self.reading.unit)
        return Phrase("weight {weight} on {day}{recorded}", weight=_kg(self.kg), day=self.reading.date,
                      recorded=recorded)


def patient_weight(facts: PatientFacts, on: dt.date, within_days: int | None = WEIGHT_WITHIN_DAYS) -> Weight:
    """The latest weight on or before `on`, in kg to 0.1 kg, if no older than `within_days`
    (None: any age)."""
    reading = facts.latest("weight", on)
    if reading is None or reading.value is None:
        return Weight(None, reading, Phrase("no weight recorded on or before {day}", day=on))
    if within_days is not None and reading.date < on - dt.timedelta(days=within_days):
        return Weight(None, reading, Phrase(
            "the latest weight ({value} {unit} on {day}) is more than {days} days old: weigh the patient",
            value=_plain(reading.value), unit=reading.unit or '', day=reading.date, days=within_days))
    if reading.unit is None:
        return Weight(None, reading, Phrase("the weight on {day} has no unit", day=reading.date))
    try:
        kg = convert("weight", reading.value, reading.unit, "kg")
    except UnitError as error:
        return Weight(None, reading, Phrase("the weight on {day}: {error}", day=reading.date, error=str(error)))
    return Weight(round(kg, 1), reading)


DoseResult = DailyDose | SplitDose | TaperedDose | InfusionDose


def intervention_dose(dosing: Dosing, weight_kg: float | None, week: float | None = None,
                      name: str = "The dose") -> DoseResult:
    """The calculator that fits the dosing: a taper in a known week, split doses, a daily dose,
    or an administration's amount."""
    if not is_daily(dosing):
        return infusion_dose(dosing, weight_kg, name)
    if dosing.taper is not None and week is not None:
        return taper_dose(dosing, weight_kg, week, name)
    if dosing.doses_per_day is not None and dosing.doses_per_day > 1:
        return split_doses(dosing, weight_kg, name)
    return daily_dose_range(dosing, weight_kg, name)


@dataclass(frozen=True)
class PlannedDose:
    """One intervention of the arm: its computed dose, or why there is none."""

    intervention: Intervention
    dose: DoseResult | None
    note: str | None = None

    def describe(self) -> str:
        if self.dose is None:
            return Phrase("{name}: {note}", name=self.intervention.name, note=self.note)
        return Phrase("{dose}{note}", dose=self.dose.describe(),
                      note=Phrase("; {note}", note=self.note) if self.note else "")


@dataclass(frozen=True)
class DosePlan:
    trial_id: str
    arm: str
    on: dt.date
    weight: Weight
    start: dt.date | None
    week: float | None
    doses: tuple[PlannedDose, ...]

    def describe(self) -> str:
        when = (Phrase(", week {week} after randomisation on {day}", week=_week(self.week), day=self.start)
                if self.week is not None else Phrase(", no randomisation date"))
        lines = [Phrase("{trial_id} arm {arm} on {day}{when}; {weight}", trial_id=self.trial_id, arm=self.arm, day=self.on, when=when,
                        weight=self.weight.describe())]
        lines += [Joined("", ["- ", dose.describe()]) for dose in self.doses]
        return Joined("\n", lines)


def _randomised_on(facts: PatientFacts, trial: Trial, arm_id: str, on: dt.date) -> dt.date | None:
    studies = [s for s in facts.patient.studies if s.trial == trial.trial_id and s.arm == arm_id and s.enrolled_on <= on]
    return max((s.enrolled_on for s in studies), default=None)


def _next_administration(dose: InfusionDose, start: dt.date, week: float) -> str | None:
    upcoming = [w for w in dose.weeks if w >= week]
    if not dose.weeks:
        return None
    if not upcoming:
        return Phrase("all scheduled administrations are past")
    first = upcoming[0]
    return Phrase("next at week {week} ({day})", week=_plain(first), day=start + dt.timedelta(days=round(first * 7)))


def dose_plan(trial: Trial, arm_id: str, facts: PatientFacts, on: dt.date, *, start: dt.date | None = None,
              weight_within_days: int | None = WEIGHT_WITHIN_DAYS) -> DosePlan:
    """Every intervention of the arm with its dose on `on`, from the patient's weight. The week
    (for tapers and infusion weeks) counts from `start`, else from the patient's enrolment in
    this trial and arm; without one, a taper is not applied and the plan says so. A dose that
    needs a weight is not computed without a usable one: the plan says why."""
    arm = next((a for a in trial.arms if a.id == arm_id), None)
    if arm is None:
        raise KeyError(f"{trial.trial_id} has no arm '{arm_id}'")
    start = start or _randomised_on(facts, trial, arm_id, on)
    week = (on - start).days / 7 if start is not None else None
    weight = patient_weight(facts, on, weight_within_days)
    planned = []
    for intervention in arm.interventions:
        dosing = intervention.dosing
        if dosing is None:
            text = Phrase("as written: {dose}", dose=intervention.dose) if intervention.dose \
                else Phrase("no dose given")
            planned.append(PlannedDose(intervention, None, Phrase("no dosing data ({text})", text=text)))
            continue
        if needs_weight(dosing) and weight.kg is None:
            planned.append(PlannedDose(intervention, None, Phrase("not computed: {weight}", weight=weight.describe())))
            continue
        dose = intervention_dose(dosing, weight.kg, week, intervention.name)
        note = None
        if dosing.taper is not None and week is None:
            note = Phrase("the taper is not applied: no randomisation date")
        elif isinstance(dose, InfusionDose) and week is not None:
            note = _next_administration(dose, start, week)
        planned.append(PlannedDose(intervention, dose, note))
    return DosePlan(trial.trial_id, arm_id, on, weight, start, week, tuple(planned))
