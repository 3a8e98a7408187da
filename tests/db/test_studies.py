"""On-study histories in the registry: read back whole, edited item by item with every change
audited, subject numbers unique per trial, deleted with their patient, and imported cleanly."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from coordinator.records.record import AdverseEvent, DoseRecord, ExitEvent, Study, StudyVisit
from coordinator.records.record_io import canonical, read_records
from coordinator.resource_files import resource
from db.audit import verify_chain
from db.importer import import_records
from db.models import STUDY_SECTION_TABLES, AuditRow, PatientRow, StudyRow
from db.patients import PatientRepository, SubjectNumberTaken
from tests.conftest import EXAMPLES, make_patient

ENROLLED = dt.date(2026, 5, 18)
FOLLOW_UP_EXAMPLE = EXAMPLES / "on-study" / "NCT03864250-followup.json"


def on_study(subject_no: str = "XH-017", **changes) -> Study:
    base = dict(
        trial="NCT03864250", arm="tac", subject_no=subject_no, enrolled_on=ENROLLED, note="randomised by IWRS",
        visits=[StudyVisit(visit="baseline", date=ENROLLED), StudyVisit(visit="week2", date=dt.date(2026, 6, 1)),
                StudyVisit(visit="week4", status="missed", note="travelling")],
        doses=[DoseRecord(drug="tacrolimus", start=ENROLLED, dose=4, reason="start"),
               DoseRecord(drug="tacrolimus", start=dt.date(2026, 6, 16), dose=3, reason="trough 11.6 ng/mL (X13)")],
        adverse_events=[AdverseEvent(term="Tremor", grade=1, onset=dt.date(2026, 6, 3), serious=False,
                                     related_to="tacrolimus")],
    )
    base.update(changes)
    return Study(**base)


def patient_on_study(registry_no: str = "R0001", *studies: Study):
    return make_patient(registry_no, initials="ZSF", studies=list(studies) or [on_study()])


def _add(registry, *patients):
    with registry.writing() as session:
        PatientRepository(session, "coordinator").add(list(patients), reason="test")


def _get(registry, ref: str = "R0001"):
    with registry.reading() as session:
        return PatientRepository(session, "t").require(ref)


def _save(registry, patient, actor="os:ann") -> int:
    with registry.writing() as session:
        return PatientRepository(session, actor).save(patient, reason="visit week 8")


def _audit(registry) -> list[tuple]:
    with registry.reading() as session:
        return [(a.action, a.entity, a.patient_ref, a.old_value, a.new_value, a.reason)
                for a in session.execute(select(AuditRow).order_by(AuditRow.id)).scalars()]


def test_studies_read_back_whole_from_every_reading_path(registry):
    second = Study(trial="NCT06394063", arm="placebo", subject_no="T-3", enrolled_on=dt.date(2026, 10, 1),
                   exits=[ExitEvent(date=dt.date(2026, 11, 2), reason="withdrew consent", criterion=None, by="dr.li")])
    patient = patient_on_study("R0001", on_study(), second)
    _add(registry, patient, make_patient("R0002", "王小明"))
    with registry.reading() as session:
        repository = PatientRepository(session, "t")
        assert canonical(repository.require("R0001")) == canonical(patient)
        assert [p.studies for p in repository.load_all() if p.registry_no == "R0001"] == [patient.studies]
        assert [len(p.studies) for p in repository.iter_all(batch=1)] == [2, 0]
    assert _get(registry).study("NCT03864250").subject_no == "XH-017"


def test_editing_the_on_study_history_audits_each_item_with_its_old_and_new_value(registry):
    _add(registry, patient_on_study())
    stored = _get(registry)
    study = stored.studies[0]
    edited = study.model_copy(update={
        "arm": "tac_prednisone",
        "visits": [*study.visits[:2], StudyVisit(visit="week8", date=dt.date(2026, 7, 13))],
        "doses": [*study.doses, DoseRecord(drug="tacrolimus", start=dt.date(2026, 7, 28), dose=0,
                                           reason="stopped: eGFR still falling (X8)")],
        "adverse_events": [study.adverse_events[0].model_copy(update={"resolved": dt.date(2026, 6, 24)})],
        "exits": [ExitEvent(date=dt.date(2026, 7, 28), reason="eGFR still falling at the recheck", criterion="X8")],
    })
    assert _save(registry, stored.model_copy(update={"studies": [edited]})) == 7
    entries = _audit(registry)[1:]
    reason = "visit week 8"
    prefix = "studies[NCT03864250]"
    assert (("update", f"{prefix}.arm", "R0001", '"tac"', '"tac_prednisone"', reason)) in entries
    assert ("remove", f"{prefix}.visits", "R0001",
            '{"visit":"week4","status":"missed","note":"travelling"}', None, reason) in entries
    assert ("add", f"{prefix}.visits", "R0001", None,
            '{"visit":"week8","date":"2026-07-13","status":"done"}', reason) in entries
    assert ("add", f"{prefix}.doses", "R0001", None,
            '{"drug":"tacrolimus","start":"2026-07-28","dose":0.0,"unit":"mg/d",'
            '"reason":"stopped: eGFR still falling (X8)"}', reason) in entries
    assert ("remove", f"{prefix}.adverse_events", "R0001",
            '{"term":"Tremor","grade":1,"onset":"2026-06-03","serious":false,"related_to":"tacrolimus"}',
            None, reason) in entries
    assert ("add", f"{prefix}.adverse_events", "R0001", None,
            '{"term":"Tremor","grade":1,"onset":"2026-06-03","resolved":"2026-06-24","serious":false,'
            '"related_to":"tacrolimus"}', reason) in entries
    assert ("add", f"{prefix}.exits", "R0001", None,
            '{"date":"2026-07-28","reason":"eGFR still falling at the recheck","criterion":"X8"}', reason) in entries
    assert len(entries) == 7
    assert canonical(_get(registry)) == canonical(stored.model_copy(update={"studies": [edited]}))
    with registry.reading() as session:
        assert verify_chain(session) is None


def test_saving_unchanged_studies_writes_nothing(registry):
    _add(registry, patient_on_study())
    assert _save(registry, _get(registry)) == 0
    assert len(_audit(registry)) == 1


def test_a_study_added_or_removed_is_audited_whole_and_its_items_go_with_it(registry):
    _add(registry, patient_on_study())
    stored = _get(registry)
    other = Study(trial="NCT06394063", arm="telitacicept", subject_no="T-9", enrolled_on=dt.date(2026, 11, 2),
                  doses=[DoseRecord(drug="telitacicept", start=dt.date(2026, 11, 2), dose=80, unit="mg")])
    assert _save(registry, stored.model_copy(update={"studies": [other]})) == 2
    removed, added = _audit(registry)[1:]
    assert removed[:2] == ("remove", "studies") and '"subject_no":"XH-017"' in removed[3] and '"week4"' in removed[3]
    assert added[:2] == ("add", "studies") and '"subject_no":"T-9"' in added[4] and '"telitacicept"' in added[4]
    assert _get(registry).studies == [other]
    with registry.reading() as session:
        for table in STUDY_SECTION_TABLES.values():
            study_ids = set(session.execute(select(table.study_id)).scalars())
            assert study_ids <= set(session.execute(select(StudyRow.id)).scalars()), table.__tablename__


def test_a_subject_number_is_given_once_per_trial(registry):
    _add(registry, patient_on_study("R0001"))
    # Two patients of one import ...
    with pytest.raises(SubjectNumberTaken) as error:
        _add(registry, patient_on_study("R0002", on_study("XH-020")), patient_on_study("R0003", on_study("XH-020")))
    assert [(c.registry_no, c.index, c.holder, c.in_registry) for c in error.value.clashes] == \
        [("R0003", 0, "R0002", False)]
    # ... or one already in the registry.
    with pytest.raises(SubjectNumberTaken, match="patient R0002: studies\\[0\\].subject_no: NCT03864250 subject "
                                                 "number 'XH-017' is already taken by patient R0001"):
        _add(registry, patient_on_study("R0002"))
    with pytest.raises(SubjectNumberTaken):
        _save(registry, make_patient("R0002", "王小明").model_copy(update={"studies": [on_study()]}))
    # Another trial may use the same number.
    _add(registry, patient_on_study("R0004", on_study(trial="NCT06394063", arm="placebo", visits=[], doses=[],
                                                      adverse_events=[])))
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 2


def test_the_database_itself_refuses_a_subject_number_twice_in_a_trial(registry):
    _add(registry, patient_on_study("R0001"), make_patient("R0002", "王小明"))
    with pytest.raises(IntegrityError):
        with registry.writing() as session:
            patient_id = session.execute(select(PatientRow.id).where(PatientRow.registry_no == "R0002")).scalar_one()
            session.execute(insert(StudyRow.__table__).values(
                patient_id=patient_id, trial_id="NCT03864250", arm="tac", subject_no="XH-017", enrolled_on=ENROLLED))


def test_studies_and_their_items_are_deleted_with_their_patient(registry):
    _add(registry, patient_on_study("R0001"), patient_on_study("R0002", on_study("XH-018")))
    with registry.writing() as session:
        session.execute(delete(PatientRow).where(PatientRow.registry_no == "R0001"))
    with registry.reading() as session:
        assert session.execute(select(StudyRow.subject_no)).scalars().all() == ["XH-018"]
        for table in STUDY_SECTION_TABLES.values():
            assert len(session.execute(select(table.id)).all()) == {"study_visit": 3, "dose_record": 2,
                                                                    "adverse_event": 1, "exit_event": 0}[
                table.__tablename__]


def test_the_importer_names_the_patient_study_and_holder_of_a_taken_subject_number(registry):
    _add(registry, patient_on_study("R0001"))
    document = json.loads(FOLLOW_UP_EXAMPLE.read_text(encoding="utf-8"))
    document["patients"][0]["studies"][0]["subject_no"] = "XH-017"
    for update in (False, True):
        outcome = import_records(registry, json.dumps(document, ensure_ascii=False), "followup.json", "t",
                                 update=update)
        assert [str(p) for p in outcome.problems] == [
            "followup.json: patient EX-4250-F1: studies[0].subject_no: NCT03864250 subject number 'XH-017' is "
            "already taken by patient R0001"]


def test_an_invalid_study_is_refused_before_anything_is_written(registry):
    from coordinator.problems import InvalidRecord

    bad = patient_on_study("R0002", on_study(doses=[DoseRecord(drug="tacrolimus", start=ENROLLED, dose=4),
                                                    DoseRecord(drug="tacrolimus", start=ENROLLED, dose=4,
                                                               unit="mg/kg/d")]))
    with pytest.raises(InvalidRecord, match=r"patient R0002: studies\[0\].doses\[1\].unit: unknown dose unit"):
        _add(registry, bad)
    with registry.reading() as session:
        assert PatientRepository(session, "t").count() == 0
        assert session.execute(select(StudyRow.id)).all() == []


def test_the_on_study_example_imports_cleanly_and_reads_back_as_written(registry):
    data = FOLLOW_UP_EXAMPLE.read_bytes()
    patients, problems = read_records(data, source=FOLLOW_UP_EXAMPLE.name)
    assert problems == []
    jsonschema.validate(json.loads(data), json.loads(resource("schemas", "patient-record.schema.json")
                                                     .read_text(encoding="utf-8")))
    [patient] = patients
    study = patient.study("NCT03864250")
    assert (study.arm, len(study.visits), [d.dose for d in study.doses]) == ("tac", 8, [4, 3, 1.5])
    assert import_records(registry, data, FOLLOW_UP_EXAMPLE.name, "t").accepted
    assert canonical(_get(registry, patient.registry_no)) == canonical(patient)
