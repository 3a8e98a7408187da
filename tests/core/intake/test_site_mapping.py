"""A site's mapping file: read, checked entry by entry, edited and written back."""

from __future__ import annotations

import pytest

from coordinator.intake.lab_names import NOT_NEEDED
from coordinator.intake.site_mapping import SiteMapping, choices, entry_for, parse_site_mapping
from coordinator.records.vocabulary import vocabulary


def test_a_mapping_file_round_trips():
    text = ("source: lis\ntests: {肌酐(急诊): creatinine, 钾离子: ignore}\nunits: {umol每升: umol/L}\n"
            "columns: {检验子项: test_name}\ndrugs: {FK506胶囊: tacrolimus}\nconditions: {狼疮肾: lupus_nephritis}\n")
    mapping, problems = parse_site_mapping(text, "lis.yaml")
    assert problems == []
    assert (mapping.test("肌酐(急诊)"), mapping.test("钾离子"), mapping.unit("UMOL每升")) == \
        ("creatinine", "ignore", "umol/L")
    assert (mapping.column_role("检验子项"), mapping.drug("FK506胶囊"), mapping.condition("狼疮肾")) == \
        ("test_name", "tacrolimus", "lupus_nephritis")
    again, problems = parse_site_mapping(mapping.to_yaml())
    assert problems == [] and again == mapping


def test_lookups_fold_case_width_and_spaces():
    mapping = SiteMapping(tests={"Cre-E": "creatinine"})
    assert mapping.test("cre-e") == mapping.test("ＣＲＥ－Ｅ") == mapping.test(" Cre-E ") == "creatinine"
    assert mapping.test("Cre") is None


def test_adding_an_entry_replaces_one_of_the_same_name():
    mapping = SiteMapping(tests={"LOC1": "alt"}).adding("tests", "loc1", "ast").adding("units", "u/l", "U/L")
    assert mapping.tests == {"loc1": "ast"} and mapping.units == {"u/l": "U/L"}


def test_every_problem_names_the_file_section_and_entry():
    text = "tests: {X: not_a_code, Y: alt}\nunits: {u: furlongs}\ncolour: blue\ncolumns: [a, b]\n"
    mapping, problems = parse_site_mapping(text, "lis.yaml")
    assert [(p.source, p.field) for p in problems] == [
        ("lis.yaml", "colour"), ("lis.yaml", "tests.X"), ("lis.yaml", "units.u"), ("lis.yaml", "columns")]
    assert mapping.tests == {"Y": "alt"}


def test_a_file_that_is_not_yaml_says_where():
    _, [problem] = parse_site_mapping("tests: {a: b\n", "lis.yaml")
    assert "not valid YAML (line" in problem.message
    _, [problem] = parse_site_mapping("- a\n- b\n", "lis.yaml")
    assert "set of sections" in problem.message


# -- what the preview maps in place --------------------------------------------------------------

@pytest.mark.parametrize("section, field, source_name, unit, expected", [
    ("observations", "test", "肌酐(急诊) / LOC042", "umol/L", ("tests", "肌酐(急诊)")),
    ("observations", "test", "LOINC 9999-9", "", ("tests", "9999-9")),
    ("observations", "unit", "肌酐", "umol/升", ("units", "umol/升")),
    ("medications", "test", "FK506胶囊 / X01", "", ("drugs", "FK506胶囊")),
    ("conditions", "test", "狼疮肾炎", "", ("conditions", "狼疮肾炎")),
    ("observations", "test", "(no test name)", "", None),   # nothing to name
    ("observations", "result", "肌酐", "umol/L", None),       # a wrong value is corrected, not mapped
    ("observations", "unit", "肌酐", " ", None),
])
def test_an_unmapped_row_names_its_site_mapping_entry(section, field, source_name, unit, expected):
    assert entry_for(section, field, source_name, unit) == expected


def test_the_choices_are_vocabulary_codes_and_a_unit_fits_its_test():
    tests = choices("tests")
    assert "creatinine" in tests and tests[-1] == NOT_NEEDED
    assert choices("units", "creatinine") == list(vocabulary().observations["creatinine"].units)
    assert "U/L" not in choices("units", "creatinine") and "U/L" in choices("units")
    assert "tacrolimus" in choices("drugs") and "lupus_nephritis" in choices("conditions")
