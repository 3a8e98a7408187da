"""Unit conversion: the reference table (shared/domain/clinical-reference.md), exact round trips,
unit spellings, and the vocabulary's factor table itself."""

from __future__ import annotations

from fractions import Fraction

import pytest

from coordinator.resource_files import load_yaml
from coordinator.records.units import UnitError, convert, factor, to_canonical
from coordinator.records.vocabulary import normalise_unit, parse_factor, vocabulary


# -- the reference table, conversion by conversion ----------------------------------------------

@pytest.mark.parametrize(("code", "value", "from_unit", "to_unit", "expected"), [
    # creatinine: 1 mg/dL = 88.4 umol/L
    ("creatinine", 1.0, "mg/dL", "umol/L", 88.4),
    ("creatinine", 3.0, "mg/dL", "umol/L", 265.2),
    ("creatinine", 265.2, "umol/L", "mg/dL", 3.0),
    ("creatinine", 88.4, "umol/L", "mg/dL", 1.0),
    ("creatinine", 1.2, "mg/dL", "umol/L", 106.08),
    ("creatinine", 10, "mg/L", "mg/dL", 1.0),
    ("creatinine", 0.0884, "mmol/L", "umol/L", 88.4),
    # total bilirubin: 1 mg/dL = 17.1 umol/L = 10 mg/L
    ("total_bilirubin", 1.0, "mg/dL", "umol/L", 17.1),
    ("total_bilirubin", 17.1, "umol/L", "mg/dL", 1.0),
    ("total_bilirubin", 1.0, "mg/dL", "mg/L", 10.0),
    ("total_bilirubin", 14, "mg/L", "mg/dL", 1.4),
    ("total_bilirubin", 1.4, "mg/dL", "mg/L", 14.0),
    ("total_bilirubin", 14, "mg/L", "umol/L", 23.94),
    ("total_bilirubin", 1.4, "mg/dL", "umol/L", 23.94),
    ("total_bilirubin", 23.94, "umol/L", "mg/L", 14.0),
    # albumin and haemoglobin: 1 g/dL = 10 g/L
    ("albumin", 3.5, "g/dL", "g/L", 35.0),
    ("albumin", 35, "g/L", "g/dL", 3.5),
    ("albumin", 2.9, "g/dL", "g/L", 29.0),
    ("haemoglobin", 8.0, "g/dL", "g/L", 80.0),
    ("haemoglobin", 125, "g/L", "g/dL", 12.5),
    # IgG: 1 g/L = 100 mg/dL
    ("igg", 12, "g/L", "mg/dL", 1200.0),
    ("igg", 1200, "mg/dL", "g/L", 12.0),
    ("igg", 450, "mg/dL", "g/L", 4.5),
    ("igg", 1.2, "g/dL", "g/L", 12.0),
    # WBC / neutrophils / platelets: 1 x10^9/L = 1000 /uL = 1000 /mm3
    ("wbc", 3000, "/uL", "10^9/L", 3.0),
    ("wbc", 3.0, "10^9/L", "/uL", 3000.0),
    ("wbc", 4500, "/mm3", "10^9/L", 4.5),
    ("wbc", 4.5, "10^3/uL", "10^9/L", 4.5),
    ("wbc", 4.5, "G/L", "/uL", 4500.0),
    ("neutrophils", 1500, "/uL", "10^9/L", 1.5),
    ("neutrophils", 0.5, "10^9/L", "/mm3", 500.0),
    ("platelets", 150000, "/uL", "10^9/L", 150.0),
    ("platelets", 75, "10^9/L", "/uL", 75000.0),
    # urine protein/creatinine ratio: 1 mg/mg = 1 g/g = 1000 mg/g = 113.1 mg/mmol
    ("urine_protein_creatinine_ratio", 1, "mg/mg", "mg/mmol", 113.1),
    ("urine_protein_creatinine_ratio", 113.1, "mg/mmol", "mg/mg", 1.0),
    ("urine_protein_creatinine_ratio", 1, "mg/mg", "g/g", 1.0),
    ("urine_protein_creatinine_ratio", 1, "g/g", "mg/g", 1000.0),
    ("urine_protein_creatinine_ratio", 500, "mg/g", "mg/mg", 0.5),
    ("urine_protein_creatinine_ratio", 500, "mg/g", "mg/mmol", 56.55),
    ("urine_protein_creatinine_ratio", 0.1131, "g/mmol", "mg/mg", 1.0),
    ("urine_protein_creatinine_ratio", 2.0, "mg/mg", "g/mmol", 0.2262),
    # 24-h urine protein: g/24h = g/d; mg/24h / 1000
    ("urine_protein_24h", 3500, "mg/24h", "g/24h", 3.5),
    ("urine_protein_24h", 0.3, "g/24h", "mg/24h", 300.0),
    ("urine_protein_24h", 0.5, "g/d", "g/24h", 0.5),
    ("urine_protein_24h", 1850, "mg/d", "g/d", 1.85),
    ("urine_protein_24h", 1.85, "g/24h", "mg/d", 1850.0),
])
def test_reference_conversions(code, value, from_unit, to_unit, expected):
    assert convert(code, value, from_unit, to_unit) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_creatinine_3_mg_dl_is_exactly_265_2_umol_l():
    # Exact equality: a limit of 265.2 umol/L must be met by a value of 3.0 mg/dL, and back.
    assert convert("creatinine", 3.0, "mg/dL", "umol/L") == 265.2
    assert convert("creatinine", 265.2, "umol/L", "mg/dL") == 3.0
    assert to_canonical("creatinine", 3.0, "mg/dL") == 265.2


def test_bilirubin_14_mg_l_is_exactly_1_4_mg_dl():
    assert convert("total_bilirubin", 14, "mg/L", "mg/dL") == 1.4
    assert convert("total_bilirubin", 1.4, "mg/dL", "mg/L") == 14.0


@pytest.mark.parametrize("code", ["glucose_fasting", "glucose_2h"])
def test_glucose_mmol_l_to_mg_dl(code):
    # 1 mmol/L = 18.016 mg/dL: 7.0 mmol/L -> 126.112, i.e. 126.1 as reported.
    assert convert(code, 7.0, "mmol/L", "mg/dL") == pytest.approx(126.112, rel=1e-12)
    assert round(convert(code, 7.0, "mmol/L", "mg/dL"), 1) == 126.1
    # 11.1 mmol/L is the 200 mg/dL diagnostic threshold (199.98 before rounding).
    assert convert(code, 11.1, "mmol/L", "mg/dL") == pytest.approx(200, abs=0.05)
    assert round(convert(code, 11.1, "mmol/L", "mg/dL")) == 200
    assert convert(code, 18.016, "mg/dL", "mmol/L") == 1.0
    assert convert(code, 126, "mg/dL", "mmol/L") == pytest.approx(6.9938, abs=1e-4)


def test_wbc_3000_per_ul_is_3_x10e9_per_l():
    assert convert("wbc", 3000, "/uL", "10^9/L") == 3.0
    assert to_canonical("wbc", 3000, "/uL") == 3.0


def test_one_mg_per_mg_is_113_1_mg_per_mmol():
    assert convert("urine_protein_creatinine_ratio", 1, "mg/mg", "mg/mmol") == 113.1
    assert to_canonical("urine_protein_creatinine_ratio", 113.1, "mg/mmol") == 1.0


def test_converting_to_the_same_unit_returns_the_value_unchanged():
    assert convert("creatinine", 97.3, "umol/L", "umol/L") == 97.3
    assert convert("urine_protein_24h", 0.29999, "g/24h", "g/d") == 0.29999
    assert isinstance(convert("creatinine", 97, "umol/L", "umol/L"), float)


def test_to_canonical_uses_the_vocabulary_canonical_unit():
    assert to_canonical("creatinine", 1.2, "mg/dL") == pytest.approx(106.08, rel=1e-12)
    assert to_canonical("albumin", 3.0, "g/dL") == 30.0
    assert to_canonical("urine_protein_24h", 1500, "mg/24h") == 1.5
    assert to_canonical("weight", 1, "lb") == pytest.approx(0.45359237, rel=1e-12)
    assert to_canonical("height", 1.62, "m") == 162.0


def test_to_canonical_of_an_observation_without_units_returns_the_value():
    assert vocabulary().observation("sledai_2k").canonical is None
    assert to_canonical("sledai_2k", 6, "") == 6.0


# -- round trips --------------------------------------------------------------------------------

# Lab values as reported: 0.001 to 2.0 in steps of 0.001, 0.1 to 200 in steps of 0.1, 1 to 3000.
LAB_VALUES = sorted({round(0.001 * i, 3) for i in range(1, 2001)} | {round(0.1 * i, 1) for i in range(1, 2001)}
                    | {float(i) for i in range(1, 3001)})

# Pairs whose first leg multiplies by a terminating decimal (88.4, 17.1, 10, 18.016, 113.1, ...).
EXACT_FIRST_LEG = [
    ("creatinine", "mg/dL", "umol/L"),
    ("creatinine", "mg/L", "umol/L"),
    ("creatinine", "mg/dL", "mg/L"),
    ("creatinine", "mmol/L", "umol/L"),
    ("total_bilirubin", "mg/dL", "umol/L"),
    ("total_bilirubin", "mg/L", "umol/L"),
    ("total_bilirubin", "mg/L", "mg/dL"),
    ("total_bilirubin", "mg/dL", "mg/L"),
    ("glucose_fasting", "mmol/L", "mg/dL"),
    ("urine_protein_creatinine_ratio", "mg/mg", "mg/mmol"),
    ("urine_protein_creatinine_ratio", "mg/g", "mg/mmol"),
    ("urine_protein_creatinine_ratio", "mg/g", "mg/mg"),
    ("urine_protein_24h", "mg/24h", "g/24h"),
    ("urine_protein_24h", "g/24h", "mg/24h"),
    ("albumin", "g/dL", "g/L"),
    ("albumin", "g/L", "g/dL"),
    ("haemoglobin", "g/L", "g/dL"),
    ("igg", "mg/dL", "g/L"),
    ("igg", "g/L", "mg/dL"),
    ("wbc", "/uL", "10^9/L"),
    ("wbc", "10^9/L", "/uL"),
    ("weight", "lb", "kg"),
]


@pytest.mark.parametrize(("code", "unit_a", "unit_b"), EXACT_FIRST_LEG)
def test_round_trips_land_exactly_on_the_starting_value(code, unit_a, unit_b):
    for start in LAB_VALUES:
        there = convert(code, start, unit_a, unit_b)
        assert convert(code, there, unit_b, unit_a) == start, (code, start, unit_a, unit_b, there)


@pytest.mark.parametrize(("code", "start", "unit_a", "unit_b"), [
    ("creatinine", 90.0, "umol/L", "mg/dL"),
    ("total_bilirubin", 20.0, "umol/L", "mg/dL"),
    ("glucose_fasting", 20.0, "mg/dL", "mmol/L"),
    ("urine_protein_creatinine_ratio", 7.0, "mg/mmol", "mg/mg"),
])
def test_round_trip_through_a_non_terminating_factor_stays_within_a_part_in_ten_billion(
        code, start, unit_a, unit_b):
    # The first leg has no finite decimal (e.g. /88.4) and is rounded to 12 significant digits,
    # so the way back may move in the 12th digit: far below any lab's precision. Values are
    # stored as entered and compared after a single conversion, so no code path chains them.
    there = convert(code, start, unit_a, unit_b)
    assert convert(code, there, unit_b, unit_a) == pytest.approx(start, rel=1e-10)


def test_round_trips_for_every_unit_pair_stay_within_a_part_in_ten_billion():
    drifted = []
    for code, definition in vocabulary().observations.items():
        for unit_a in definition.units:
            for unit_b in definition.units:
                if unit_a == unit_b:
                    continue
                for start in LAB_VALUES:
                    back = convert(code, convert(code, start, unit_a, unit_b), unit_b, unit_a)
                    if abs(back - start) > 1e-10 * abs(start):
                        drifted.append(f"{code} {start} {unit_a} -> {unit_b} -> {back} {unit_a}")
    assert not drifted, f"{len(drifted)} round trips drift, e.g.: " + "; ".join(drifted[:5])


def test_round_trip_does_not_cross_a_limit():
    # A value exactly on a limit stays exactly on it after a trip through another unit.
    for limit_mg_dl in (1.5, 2.0, 3.0, 4.4):
        umol = convert("creatinine", limit_mg_dl, "mg/dL", "umol/L")
        assert convert("creatinine", umol, "umol/L", "mg/dL") == limit_mg_dl
    assert convert("urine_protein_creatinine_ratio",
                   convert("urine_protein_creatinine_ratio", 0.5, "mg/mg", "mg/mmol"),
                   "mg/mmol", "mg/mg") == 0.5


# -- spelling variants --------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["umol/L", "µmol/L", "μmol/L", "umol/l", "UMOL/L", " umol / L "])
def test_micromole_spellings(spelling):
    # U+00B5 MICRO SIGN and U+03BC GREEK SMALL LETTER MU are both accepted.
    assert convert("creatinine", 88.4, spelling, "mg/dL") == 1.0
    assert convert("creatinine", 1.0, "mg/dL", spelling) == 88.4
    assert vocabulary().observation("creatinine").unit_key(spelling) == "umol/L"


@pytest.mark.parametrize("spelling", ["10^9/L", "x10^9/L", "X10^9/L", "×10^9/L", "x 10^9/L", "10⁹/L",
                                      "×10⁹/L", "10*9/L", "10^9/l"])
def test_giga_per_litre_spellings(spelling):
    assert convert("wbc", 3.0, spelling, "/uL") == 3000.0
    assert convert("platelets", 150000, "/uL", spelling) == 150.0
    assert vocabulary().observation("wbc").unit_key(spelling) == "10^9/L"


@pytest.mark.parametrize("spelling", ["mL/min/1.73 m²", "mL/min/1.73m²", "ml/min/1.73m2", "mL/min/1.73 m2"])
def test_egfr_unit_spellings(spelling):
    assert vocabulary().observation("egfr").unit_key(spelling) == "mL/min/1.73m2"
    assert to_canonical("egfr", 58.7, spelling) == 58.7


def test_per_microlitre_spellings():
    for spelling in ("/uL", "/µL", "/μL", "/ul"):
        assert convert("wbc", 3000, spelling, "10^9/L") == 3.0


def test_normalise_unit_folds_case_space_micro_and_powers():
    assert normalise_unit(" µmol / L ") == "umol/l"
    assert normalise_unit("μmol/L") == "umol/l"
    assert normalise_unit("×10⁹/L") == normalise_unit("10^9/L")
    assert normalise_unit("mL/min/1.73 m²") == normalise_unit("mL/min/1.73m2")
    # Different units stay different.
    assert normalise_unit("mg/dL") != normalise_unit("mg/L")
    assert normalise_unit("10^9/L") != normalise_unit("10^3/uL")


def test_spellings_within_one_observation_never_collide():
    # Folding must not make two different accepted units of an observation look the same.
    for code, definition in vocabulary().observations.items():
        keys = [normalise_unit(unit) for unit in definition.units]
        assert len(keys) == len(set(keys)), code


# -- unknown units ------------------------------------------------------------------------------

def test_unknown_unit_raises_unit_error_naming_the_unit_and_the_accepted_ones():
    with pytest.raises(UnitError) as caught:
        convert("creatinine", 1.0, "mg/mL", "umol/L")
    message = str(caught.value)
    assert "'mg/mL'" in message
    assert "Serum creatinine" in message
    for accepted in ("umol/L", "mg/dL", "mg/L", "mmol/L"):
        assert accepted in message


def test_unknown_target_unit_raises_too():
    with pytest.raises(UnitError, match=r"unit 'mmol/L' is not accepted for Total bilirubin"):
        convert("total_bilirubin", 1.0, "mg/dL", "mmol/L")


def test_unit_error_is_a_value_error():
    assert issubclass(UnitError, ValueError)
    with pytest.raises(ValueError):
        to_canonical("albumin", 35, "g/mL")


def test_counts_per_hpf_are_never_converted_to_counts_per_microlitre():
    with pytest.raises(UnitError, match=r"'/HPF'.*accepted: /uL"):
        convert("urine_rbc", 5, "/HPF", "/uL")


def test_an_observation_without_units_names_that_in_the_error():
    with pytest.raises(UnitError, match=r"unit 'mg' is not accepted for ANA titre.*accepted: none"):
        factor("ana_titre", "mg")


def test_factor_is_exact():
    assert factor("creatinine", "mg/dL") == Fraction("88.4")
    assert factor("urine_protein_creatinine_ratio", "mg/mmol") == Fraction(10, 1131)
    assert factor("glucose_fasting", "mg/dL") == Fraction(1000, 18016)
    assert factor("creatinine", "µmol/L") == 1


# -- the vocabulary's factor table --------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    (1, Fraction(1)),
    (88.4, Fraction(884, 10)),
    (0.001, Fraction(1, 1000)),
    ("1/113.1", Fraction(10, 1131)),
    ("1000/113.1", Fraction(10000, 1131)),
    ("1 / 7", Fraction(1, 7)),
    ("0.45359237", Fraction(45359237, 100000000)),
])
def test_parse_factor(raw, expected):
    assert parse_factor(raw) == expected


def _raw_observation_factors():
    for code, raw in load_yaml("vocabulary", "observations.yaml")["observations"].items():
        for unit, raw_factor in (raw.get("units") or {}).items():
            yield code, unit, raw_factor


def test_every_observation_unit_factor_parses_to_a_positive_fraction():
    found = list(_raw_observation_factors())
    assert len(found) > 50
    for code, unit, raw_factor in found:
        parsed = parse_factor(raw_factor)
        assert isinstance(parsed, Fraction), (code, unit)
        assert parsed > 0, (code, unit)
        assert vocabulary().observation(code).units[unit] == parsed


def test_every_dose_unit_factor_parses_to_a_positive_fraction():
    raw_units = load_yaml("vocabulary", "medications.yaml")["dose_units"]
    assert raw_units
    for unit, (dimension, raw_factor) in raw_units.items():
        parsed = parse_factor(raw_factor)
        assert parsed > 0, unit
        assert vocabulary().dose_units[unit] == (dimension, parsed)
    assert vocabulary().dose_units["mg/week"] == ("mass_per_day", Fraction(1, 7))


def test_every_quantity_has_its_canonical_unit_among_its_units_with_factor_1():
    quantities = {code: d for code, d in vocabulary().observations.items() if d.kind == "quantity"}
    assert "creatinine" in quantities and "wbc" in quantities
    for code, definition in quantities.items():
        assert definition.canonical, code
        assert definition.canonical in definition.units, code
        assert definition.units[definition.canonical] == 1, code
        assert to_canonical(code, 7.25, definition.canonical) == 7.25


def test_every_quantity_unit_converts_to_canonical_and_back():
    for code, definition in vocabulary().observations.items():
        if definition.kind != "quantity":
            continue
        for unit in definition.units:
            there = convert(code, 12.5, unit, definition.canonical)
            assert there > 0, (code, unit)
            assert convert(code, there, definition.canonical, unit) == 12.5, (code, unit)


def test_observations_of_other_kinds_take_no_units():
    for code, definition in vocabulary().observations.items():
        if definition.kind != "quantity":
            assert definition.kind in ("coded", "titre", "score"), code
            assert definition.units == {}, code
