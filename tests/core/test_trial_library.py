"""The trials in use: shipped ones and the site trials folder's, a bad site file refused by file
and never stopping the others, a site file replacing a shipped trial (an amendment)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coordinator.screening.site_trials import use_site_trials
from coordinator.screening.trial import TrialFileError
from coordinator.screening.trial_library import (SHIPPED, check_files, find_trial, load_trials, read_library,
                                                 read_trial_file, reload_trials, shipped_trials)

SITE_TRIAL = Path(__file__).resolve().parents[1] / "trials" / "site" / "ChiCTR2300071234.yaml"
CHICTR = "ChiCTR2300071234"


@pytest.fixture
def folder(tmp_path) -> Path:
    found = tmp_path / "trials"
    found.mkdir()
    return found


def test_without_a_site_folder_the_shipped_trials_are_in_use():
    library = read_library(None)
    assert library.trials == shipped_trials() and set(library.origins.values()) == {SHIPPED}
    assert library.refused == () and library.replaced == {}


def test_a_site_file_is_in_use_beside_the_shipped_ones(folder):
    shutil.copy(SITE_TRIAL, folder)
    library = read_library(folder)
    assert set(library.trials) == set(shipped_trials()) | {CHICTR}
    assert library.origins[CHICTR] == str(folder / SITE_TRIAL.name)
    assert list(library.trials) == sorted(library.trials, key=str.casefold)


def test_the_process_uses_the_folder_the_registry_chose_and_finds_a_trial_by_any_of_its_ids(folder):
    shutil.copy(SITE_TRIAL, folder)
    assert CHICTR not in load_trials()
    use_site_trials(folder)
    assert CHICTR in load_trials()
    assert find_trial("chictr2300071234").trial_id == CHICTR
    assert find_trial("NCT09876543").trial_id == CHICTR  # registered twice
    assert find_trial("NCT00000001") is None and find_trial("nonsense") is None
    assert load_trials() is load_trials()  # read once while the folder is unchanged...
    (folder / SITE_TRIAL.name).unlink()
    assert CHICTR not in load_trials()  # ...and again when a file goes (or comes, or changes)
    assert CHICTR not in reload_trials().trials


def _write_misspelt(folder: Path) -> None:
    text = SITE_TRIAL.read_text(encoding="utf-8").replace("classes_any: [III, IV, V]", "classes_any: [III, IV-S]")
    (folder / SITE_TRIAL.name).write_text(text, encoding="utf-8")


def test_a_bad_site_file_is_refused_by_name_and_never_stops_the_others(folder):
    _write_misspelt(folder)
    (folder / "NCT01234567.yaml").write_text("trial_id: NCT01234567\ncriteria: [\n", encoding="utf-8")
    (folder / "ISRCTN12345678.yaml").write_bytes("short_name: 狼疮\n".encode("gbk"))
    library = read_library(folder)
    assert library.trials == shipped_trials()
    refused = "\n".join(library.refused)
    assert f"{SITE_TRIAL.name}: criterion I2: rule.biopsy.classes_any.1: Input should be 'I'" in refused
    assert "NCT01234567.yaml: line 3, column 1: not valid YAML" in refused
    assert "ISRCTN12345678.yaml: not UTF-8 text (byte 13); save it as UTF-8" in refused


def test_two_site_files_for_one_trial_the_second_is_refused(folder):
    shutil.copy(SITE_TRIAL, folder / f"{CHICTR}.yaml")
    shutil.copy(SITE_TRIAL, folder / f"{CHICTR}.yml")
    library = read_library(folder)
    assert library.origins[CHICTR] == str(folder / f"{CHICTR}.yaml")
    assert library.refused == (f"{CHICTR}.yml: trial_id: {CHICTR} is already defined by {CHICTR}.yaml",)


def test_a_site_file_of_a_shipped_trial_replaces_it_as_an_amendment(folder):
    shipped = shipped_trials()["NCT06394063"]
    source = Path(__file__).resolve().parents[2] / "resources" / "trials" / "NCT06394063.yaml"
    amended = source.read_text(encoding="utf-8").replace(shipped.protocol_version, "amendment 2, 2026-10-01")
    (folder / "NCT06394063.yaml").write_text(amended, encoding="utf-8")
    library = read_library(folder)
    assert library.trials["NCT06394063"].protocol_version == "amendment 2, 2026-10-01"
    assert library.replaced == {"NCT06394063": shipped.protocol_version}
    assert shipped_trials()["NCT06394063"].protocol_version == shipped.protocol_version


def test_a_file_must_be_named_after_its_registry_id(tmp_path):
    for name in ("chictr2300071234.yaml", "ChiCTR-2300071234.yaml"):
        shutil.copy(SITE_TRIAL, tmp_path / name)
        with pytest.raises(TrialFileError, match=f"must be named {CHICTR}.yaml"):
            read_trial_file(tmp_path / name)


def test_check_files_reports_each_file_with_its_trial_or_its_problems(folder, tmp_path):
    shutil.copy(SITE_TRIAL, folder)
    library = read_library(folder)
    elsewhere = tmp_path / "copy" / f"{CHICTR}.yml"
    elsewhere.parent.mkdir()
    shutil.copy(SITE_TRIAL, elsewhere)
    missing = tmp_path / "NCT00000000.yaml"
    [(_, in_place, none), (_, copy, clash), (_, nothing, unreadable)] = check_files(
        [folder / SITE_TRIAL.name, elsewhere, missing], library)
    assert in_place.trial_id == CHICTR and none == []
    assert copy.trial_id == CHICTR and clash == [f"{CHICTR}.yml: trial_id: {CHICTR} is already defined by "
                                                 f"{folder / SITE_TRIAL.name}"]
    assert nothing is None and unreadable[0].startswith("NCT00000000.yaml: cannot be read")
