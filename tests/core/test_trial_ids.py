"""Trial registry ids: ChiCTR, ClinicalTrials.gov and the other WHO primary registries."""

import pytest
from pydantic import ValidationError

from coordinator.records.record import Study
from coordinator.records.trial_ids import checked_trial_id, file_stem, registries, registry_of
from coordinator.screening.workflow import parse_screening_label, screening_label


@pytest.mark.parametrize("trial_id, prefix", [
    ("ChiCTR2300071234", "ChiCTR"),
    ("ChiCTR-IOR-15006626", "ChiCTR"),
    ("ChiCTR-TRC-10000795", "ChiCTR"),
    ("NCT03580291", "NCT"),
    ("ITMCTR2024000123", "ITMCTR"),
    ("ISRCTN12345678", "ISRCTN"),
    ("ACTRN12620000123456", "ACTRN"),
    ("EUCTR2015-001234-12", "EUCTR"),
    ("CTRI/2020/05/025123", "CTRI"),
    ("DRKS00012345", "DRKS"),
    ("jRCTs031180001", "jRCT"),
    ("JPRN-UMIN000012345", "JPRN"),
    ("KCT0001234", "KCT"),
    ("IRCT20180101038132N1", "IRCT"),
    ("PACTR202001123456789", "PACTR"),
    ("TCTR20200101001", "TCTR"),
    ("SLCTR/2020/001", "SLCTR"),
    ("RBR-7n5z3c", "RBR"),
    ("NL7023", "NL"),
    ("NTR1234", "NTR"),
])
def test_each_registry_form_is_accepted_and_named(trial_id, prefix):
    assert checked_trial_id(trial_id) == trial_id
    assert registry_of(trial_id).prefix == prefix


def test_every_registry_accepts_its_own_examples_and_has_both_names():
    for registry in registries():
        assert registry.en and registry.zh
        for example in registry.examples:
            assert registry_of(example) == registry, example


@pytest.mark.parametrize("typed, spelled", [
    ("chictr2300071234", "ChiCTR2300071234"),
    ("  nct03580291 ", "NCT03580291"),
    ("JRCTS031180001".lower(), "jRCTs031180001"),
])
def test_an_id_typed_in_another_case_gets_its_registered_spelling(typed, spelled):
    assert checked_trial_id(typed) == spelled


@pytest.mark.parametrize("bad, says", [
    ("NCT0358029", "ClinicalTrials.gov id: expected the form of NCT03580291"),      # one digit short
    ("NCT035802911", "ClinicalTrials.gov id"),                                     # one digit over
    ("ChiCTR230007123", "Chinese Clinical Trial Registry id: expected the form of ChiCTR2300071234"),
    ("ChiCTR-IOR-1500662", "Chinese Clinical Trial Registry id"),
    ("CTRI-2020-05-025123", "Clinical Trials Registry - India id"),   # the file name form is not the id
    ("XYZ123", "should begin with a registry's prefix"),
    ("", "should begin with a registry's prefix"),
])
def test_a_malformed_id_says_which_form_is_expected(bad, says):
    with pytest.raises(ValueError) as raised:
        checked_trial_id(bad)
    assert says in str(raised.value)


def test_a_long_bad_id_is_echoed_only_in_part():
    with pytest.raises(ValueError) as raised:
        checked_trial_id("X" * 5000)
    assert len(str(raised.value)) < 400


def test_file_stem_turns_a_registry_slash_into_a_hyphen():
    assert file_stem("CTRI/2020/05/025123") == "CTRI-2020-05-025123"
    assert file_stem("ChiCTR2300071234") == "ChiCTR2300071234"


def test_a_study_takes_a_chictr_id_and_refuses_a_malformed_one():
    study = Study(trial="chictr2300071234", arm="a", subject_no="001", enrolled_on="2026-01-05")
    assert study.trial == "ChiCTR2300071234"
    with pytest.raises(ValidationError, match="Chinese Clinical Trial Registry id"):
        Study(trial="ChiCTR23", arm="a", subject_no="001", enrolled_on="2026-01-05")


@pytest.mark.parametrize("trial_id", ["NCT03864250", "ChiCTR2300071234", "ChiCTR-IOR-15006626", "CTRI/2020/05/025123"])
def test_a_screening_label_reads_back_in_any_case(trial_id):
    label = screening_label(trial_id, 7)
    assert label == f"{trial_id}-S0007"
    assert parse_screening_label(label) == (trial_id, 7)
    assert parse_screening_label(label.lower()) == (trial_id, 7)


@pytest.mark.parametrize("bad", ["NCT03864250", "NCT03864250-Sx", "nonsense-S0001", "-S0001"])
def test_a_malformed_screening_label_is_none(bad):
    assert parse_screening_label(bad) is None
