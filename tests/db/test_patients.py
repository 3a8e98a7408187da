"""The patient repository: round trips, search, audited changes, all-or-nothing writes."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select, text

from coordinator.records.record import Diagnosis, Observation
from coordinator.records.record_io import canonical
from db.audit import verify_chain
from db.models import AuditRow, ObservationRow, PatientRow
from db.patients import PatientExists, PatientNotFound, PatientRepository
from tests.conftest import make_patient
from tests.core.conftest import full_patient


def _add(registry, *patients, actor="coordinator"):
    with registry.writing() as session:
        PatientRepository(session, actor).add(list(patients), reason="test")


def _audit(registry) -> list[AuditRow]:
    with registry.reading() as session:
        return list(session.execute(select(AuditRow).order_by(AuditRow.id)).scalars())


def test_a_patient_reads_back_exactly_as_written_with_initials_derived(registry):
    patient = make_patient(diagnoses=[Diagnosis(code="sle", date=dt.date(2020, 1, 1),
                                                classification="eular_acr_2019")])
    _add(registry, patient)
    with registry.reading() as session:
        stored = PatientRepository(session, "t").require("R0001")
    assert stored.initials == "ZSF"
    assert canonical(stored) == canonical(patient.model_copy(update={"initials": "ZSF"}))


def test_observations_are_also_stored_in_the_canonical_unit(registry):
    _add(registry, make_patient(observations=[
        Observation(code="creatinine", date=dt.date(2026, 1, 5), value=3.0, unit="mg/dL")]))
    with registry.reading() as session:
        row = session.execute(select(ObservationRow)).scalar_one()
    assert (row.value, row.unit, row.value_canonical, row.unit_canonical) == (3.0, "mg/dL", 265.2, "umol/L")


@pytest.mark.parametrize("typed", ["R0002", "H-778", "wxm", "WXM", "王", "王小", "wang", "wangxiao", "Wang Xiao"])
def test_search_finds_by_number_initials_name_and_pinyin(registry, typed):
    _add(registry, make_patient("R0001", "张三丰"), make_patient("R0002", "王小明", record_no="H-778"),
         make_patient("R0003", "Mary Watson"))
    with registry.reading() as session:
        found = PatientRepository(session, "t").search(typed)
    assert [p.registry_no for p in found] == ["R0002"]


def test_every_prefix_of_a_registry_or_record_number_finds_the_patient_in_any_case(registry):
    _add(registry, make_patient("DEMO-01230", "张三丰", record_no="H12345678"), make_patient("DEMO-01299", "王小明"),
         make_patient("OTHER-1", "李四", record_no="H99"))
    with registry.reading() as session:
        repository = PatientRepository(session, "t")
        for typed in ("D", "DEMO", "DEMO-0", "DEMO-0123", "demo-0123", "DEMO-01230"):
            assert "DEMO-01230" in [p.registry_no for p in repository.search(typed)], typed
        assert [p.registry_no for p in repository.search("DEMO-0123")] == ["DEMO-01230"]
        assert [p.registry_no for p in repository.search("demo-012")] == ["DEMO-01230", "DEMO-01299"]
        for typed in ("H1", "h1234", "H12345678"):
            assert [p.registry_no for p in repository.search(typed)] == ["DEMO-01230"], typed
        assert [p.registry_no for p in repository.search("DEMO-01231")] == []
        assert repository.count("demo-01") == 2


def test_every_section_reads_back_exactly_and_updates_in_place(registry):
    patient = full_patient("R0001")
    _add(registry, patient)
    with registry.reading() as session:
        assert canonical(PatientRepository(session, "t").require("R0001")) == canonical(patient)
    changed = patient.model_copy(update={
        "medications": patient.medications[1:],
        "biopsies": [patient.biopsies[0].model_copy(update={"tma_lesions": True, "methods": ["LM"]})],
        "reproductive": [r.model_copy(update={"lactating": False}) for r in patient.reproductive],
        "note": None,
    })
    with registry.writing() as session:
        assert PatientRepository(session, "t").save(changed, reason="test") > 0
    with registry.reading() as session:
        assert canonical(PatientRepository(session, "t").require("R0001")) == canonical(changed)
        assert verify_chain(session) is None


def test_search_keys_are_compared_in_code_point_order(registry):
    # Prefix search relies on it (`key < prefix + U+10FFFF`), whatever the database's collation.
    names = ["王小明", "Mary Watson", "mary-watson", "O'Neil", "Éa", "ea", "张三丰", "Zoë", "z"]
    _add(registry, *[make_patient(f"R{i:04d}", name) for i, name in enumerate(names)])
    with registry.reading() as session:
        for column in (PatientRow.name_key, PatientRow.name_pinyin):
            stored = list(session.execute(select(column).order_by(column)).scalars())
            assert stored == sorted(stored), column
        repository = PatientRepository(session, "t")
        assert [p.name for p in repository.search("mary")] == ["Mary Watson", "mary-watson"]
        assert [p.name for p in repository.search("o'n")] == ["O'Neil"]
        assert [p.name for p in repository.search("zo")] == ["Zoë"]
        assert [p.name for p in repository.search("王小")] == ["王小明"]
        assert repository.search("wats") == []


def test_a_very_long_name_is_stored_and_found(registry):
    name = "欧阳" + "庄" * 198  # 200 characters, the most a record allows; its pinyin runs past 1,000
    _add(registry, make_patient("R0001", name))
    with registry.reading() as session:
        repository = PatientRepository(session, "t")
        assert [p.registry_no for p in repository.search("ouyangzhuang")] == ["R0001"]
        assert [p.registry_no for p in repository.search(name[:50])] == ["R0001"]
        assert repository.require("R0001").name == name


def test_latin_names_are_found_case_insensitively_and_archived_patients_are_hidden(registry):
    _add(registry, make_patient("R0003", "Mary Watson"), make_patient("R0004", "Mark Twain"))
    with registry.writing() as session:
        PatientRepository(session, "t").archive("R0004", reason="duplicate entry")
    with registry.reading() as session:
        repository = PatientRepository(session, "t")
        assert [p.registry_no for p in repository.search("mar")] == ["R0003"]
        assert [p.registry_no for p in repository.search("MAR", include_archived=True)] == ["R0003", "R0004"]
        assert repository.count() == 1


def test_adding_an_existing_registry_number_writes_nothing(registry):
    _add(registry, make_patient("R0001"))
    with pytest.raises(PatientExists) as error:
        _add(registry, make_patient("R0009"), make_patient("R0001"))
    assert error.value.registry_numbers == ["R0001"]
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 1
    assert len(_audit(registry)) == 1


def test_every_change_is_audited_with_old_and_new_values(registry):
    _add(registry, make_patient())
    changed = make_patient(name="张三", initials="ZS", observations=[
        Observation(code="creatinine", date=dt.date(2026, 10, 30), value=106.1, unit="umol/L", uln=84),
        Observation(code="albumin", date=dt.date(2026, 10, 30), value=31, unit="g/L"),
    ])
    with registry.writing() as session:
        assert PatientRepository(session, "os:ann").save(changed, reason="corrected from source") == 4
    entries = [(a.action, a.entity, a.old_value, a.new_value, a.actor, a.reason) for a in _audit(registry)[1:]]
    assert ("update", "patient.name", '"张三丰"', '"张三"', "os:ann", "corrected from source") in entries
    assert ("update", "patient.initials", '"ZSF"', '"ZS"', "os:ann", "corrected from source") in entries
    removed = [e for e in entries if e[0] == "remove"]
    added = [e for e in entries if e[0] == "add"]
    assert len(removed) == 1 and '"hbsag"' in removed[0][2]
    assert len(added) == 1 and '"albumin"' in added[0][3]
    with registry.reading() as session:
        stored = PatientRepository(session, "t").require("R0001")
    assert sorted(o.code for o in stored.observations) == ["albumin", "creatinine"]


def test_saving_an_unchanged_patient_writes_no_audit_entry(registry):
    _add(registry, make_patient())
    with registry.reading() as session:
        same = PatientRepository(session, "t").require("R0001")
    with registry.writing() as session:
        assert PatientRepository(session, "t").save(same) == 0
    assert len(_audit(registry)) == 1


def test_audit_chain_verifies_and_an_edited_row_is_found(registry):
    _add(registry, make_patient("R0001"), make_patient("R0002", "王小明"))
    with registry.writing() as session:
        PatientRepository(session, "t").archive("R0002", reason="moved away")
    with registry.reading() as session:
        assert verify_chain(session) is None
    with registry.writing() as session:
        session.execute(text("UPDATE audit_event SET reason = 'nothing' WHERE id = 3"))
    with registry.reading() as session:
        broken = verify_chain(session)
    assert broken is not None and broken.entry_id == 3 and "changed" in broken.problem


def test_a_deleted_audit_row_breaks_the_chain(registry):
    _add(registry, make_patient("R0001"), make_patient("R0002", "王小明"), make_patient("R0003", "李娜"))
    with registry.writing() as session:
        session.execute(text("DELETE FROM audit_event WHERE id = 2"))
    with registry.reading() as session:
        broken = verify_chain(session)
    assert broken is not None and broken.entry_id == 3


def test_a_rolled_back_write_leaves_no_gap_in_the_audit_chain(registry):
    _add(registry, make_patient("R0001"))
    with pytest.raises(RuntimeError):
        with registry.writing() as session:
            PatientRepository(session, "t").add([make_patient("R0002", "王小明")])
            raise RuntimeError("power cut")
    _add(registry, make_patient("R0003", "李娜"))
    assert [a.id for a in _audit(registry)] == [1, 2]
    with registry.reading() as session:
        assert verify_chain(session) is None


def test_two_writers_at_once_append_to_one_audit_chain(registry):
    failures = []
    second_started = threading.Event()

    def second_writer():
        second_started.set()
        try:
            _add(registry, make_patient("R0002", "王小明"), actor="workstation-2")
        except Exception as error:  # reported below, in the test's own thread
            failures.append(error)

    with registry.writing() as session:
        PatientRepository(session, "workstation-1").add([make_patient("R0001")], reason="test")
        writer = threading.Thread(target=second_writer)
        writer.start()
        second_started.wait()
        time.sleep(0.5)  # the second writer now waits for this one to commit
    writer.join(timeout=30)
    assert not writer.is_alive() and failures == []
    assert [(a.id, a.actor) for a in _audit(registry)] == [(1, "workstation-1"), (2, "workstation-2")]
    with registry.reading() as session:
        assert verify_chain(session) is None


def test_unknown_reference_is_reported(registry):
    with registry.reading() as session:
        with pytest.raises(PatientNotFound, match="NOPE"):
            PatientRepository(session, "t").require("NOPE")


def test_record_number_also_finds_the_patient(registry):
    _add(registry, make_patient("R0001", record_no="MRN-42"))
    with registry.reading() as session:
        assert PatientRepository(session, "t").require("MRN-42").registry_no == "R0001"


def test_an_invalid_patient_is_refused_before_anything_is_written(registry):
    from coordinator.problems import InvalidRecord

    bad = make_patient("R0002", observations=[
        Observation(code="creatinine", date=dt.date(2026, 1, 5), value=0, unit="mg/dL")])
    with pytest.raises(InvalidRecord, match=r"patient R0002: observations\[0\] \(creatinine\).value"):
        _add(registry, make_patient("R0001"), bad)
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 0
    assert _audit(registry) == []
