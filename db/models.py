"""SQLModel tables of the registry. Portable SQL only: the same schema runs on PostgreSQL.

Child tables mirror the sections of `coordinator.records.record.Patient` field for field, so the
repository can move values across by name; lists are stored comma-separated. A patient's
studies (enrolments) have child tables of their own, keyed by study_id.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint, String, Text
from sqlmodel import Field, SQLModel

TRIAL_ID_LENGTH = 40  # a registry id: NCT03580291, ChiCTR2300071234, CTRI/2020/05/025123, ...


def search_key_type(length: int) -> String:
    """A search key column: compared in code point order on every database, as prefix search
    (`key < prefix + HIGHEST`, db.patients) needs. SQLite compares bytes by default; PostgreSQL
    collates by the server's locale, where e.g. glibc's zh_CN / en_US ignore U+10FFFF and
    punctuation, so it is told "C" (byte order of UTF-8, which is code point order)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def _patient_fk(index: bool = True) -> int:
    return Field(sa_column=Column(Integer, ForeignKey("patient.id", ondelete="CASCADE"),
                                  nullable=False, index=index))


class RegistryInfo(SQLModel, table=True):
    """Key/value facts about this registry file, e.g. kind = real | demo."""

    __tablename__ = "registry_info"
    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


class PatientRow(SQLModel, table=True):
    __tablename__ = "patient"
    id: int | None = Field(default=None, primary_key=True)
    registry_no: str = Field(sa_type=search_key_type(40), max_length=40, unique=True)  # prefix-searched too
    name: str = Field(max_length=200)
    name_key: str = Field(sa_type=search_key_type(200), max_length=200, index=True)  # case/space-folded name
    name_pinyin: str = Field(sa_type=search_key_type(400), max_length=400, index=True)  # full pinyin
    initials: str = Field(max_length=12, index=True)
    sex: str = Field(max_length=1)
    birth_date: dt.date
    record_no: str | None = Field(default=None, sa_type=search_key_type(40), max_length=40, index=True)
    note: str | None = Field(default=None, sa_type=Text)
    archived: bool = Field(default=False)
    created_at: dt.datetime
    updated_at: dt.datetime


class ObservationRow(SQLModel, table=True):
    __tablename__ = "observation"
    # A patient's results of some codes from some day on (what a pre-screen reads) are one
    # range each of this index; it also serves every lookup by patient alone.
    __table_args__ = (Index("ix_observation_patient_code_date", "patient_id", "code", "date"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk(index=False)
    code: str = Field(max_length=40)
    date: dt.date
    time: dt.time | None = None
    value: float | None = None
    unit: str | None = Field(default=None, max_length=30)
    text: str | None = Field(default=None, max_length=40)
    uln: float | None = None
    lln: float | None = None
    method: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, sa_type=Text)
    value_canonical: float | None = None  # `value` in the vocabulary's canonical unit
    unit_canonical: str | None = Field(default=None, max_length=30)


class DiagnosisRow(SQLModel, table=True):
    __tablename__ = "diagnosis"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    code: str = Field(max_length=60)
    date: dt.date | None = None
    onset: dt.date | None = None
    classification: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, sa_type=Text)


class BiopsyRow(SQLModel, table=True):
    __tablename__ = "biopsy"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    date: dt.date
    isn_rps_classes: str | None = Field(default=None, max_length=60)
    activity_index: int | None = None
    chronicity_index: int | None = None
    glomeruli_total: int | None = None
    glomerulosclerosis_pct: float | None = None
    cellular_crescents_pct: float | None = None
    fibrocellular_crescents_pct: float | None = None
    capillary_loop_necrosis_pct: float | None = None
    microthrombi_pct: float | None = None
    tma_lesions: bool | None = None
    interstitial_fibrosis_pct: float | None = None
    imn_stage: int | None = None
    methods: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, sa_type=Text)


class MedicationRow(SQLModel, table=True):
    __tablename__ = "medication"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    drug: str = Field(max_length=60)
    start: dt.date
    stop: dt.date | None = None
    dose: float | None = None
    dose_unit: str | None = Field(default=None, max_length=20)
    route: str | None = Field(default=None, max_length=20)
    cumulative_dose_mg: float | None = None
    note: str | None = Field(default=None, sa_type=Text)


class ProcedureRow(SQLModel, table=True):
    __tablename__ = "clinical_procedure"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    code: str = Field(max_length=60)
    kind: str | None = Field(default=None, max_length=40)
    start: dt.date
    stop: dt.date | None = None
    note: str | None = Field(default=None, sa_type=Text)


class ConditionRow(SQLModel, table=True):
    __tablename__ = "medical_condition"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    code: str = Field(max_length=60)
    kind: str | None = Field(default=None, max_length=60)
    onset: dt.date | None = None
    resolved: dt.date | None = None
    status: str = Field(default="active", max_length=20)
    severity: str | None = Field(default=None, max_length=30)
    controlled: bool | None = None
    treatment: str | None = Field(default=None, max_length=30)
    hospitalised: bool | None = None
    agent: str | None = Field(default=None, max_length=60)
    note: str | None = Field(default=None, sa_type=Text)


class ReproductiveRow(SQLModel, table=True):
    __tablename__ = "reproductive_status"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    date: dt.date
    childbearing_potential: bool | None = None
    pregnant: bool | None = None
    lactating: bool | None = None
    planning_pregnancy: bool | None = None
    contraception: str | None = Field(default=None, max_length=30)
    note: str | None = Field(default=None, sa_type=Text)


def _study_fk() -> int:
    return Field(sa_column=Column(Integer, ForeignKey("study.id", ondelete="CASCADE"),
                                  nullable=False, index=True))


class StudyRow(SQLModel, table=True):
    """One enrolment of a patient in a trial (`coordinator.records.record.Study`; `trial_id` holds its `trial`).
    A subject number is given once per trial."""

    __tablename__ = "study"
    __table_args__ = (UniqueConstraint("trial_id", "subject_no"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    trial_id: str = Field(max_length=TRIAL_ID_LENGTH, index=True)
    arm: str = Field(max_length=60)
    subject_no: str = Field(max_length=40)
    enrolled_on: dt.date
    note: str | None = Field(default=None, sa_type=Text)


class StudyVisitRow(SQLModel, table=True):
    __tablename__ = "study_visit"
    id: int | None = Field(default=None, primary_key=True)
    study_id: int = _study_fk()
    visit: str = Field(max_length=40)
    date: dt.date | None = None
    status: str = Field(default="done", max_length=10)
    note: str | None = Field(default=None, sa_type=Text)


class DoseRecordRow(SQLModel, table=True):
    __tablename__ = "dose_record"
    id: int | None = Field(default=None, primary_key=True)
    study_id: int = _study_fk()
    drug: str = Field(max_length=60)
    start: dt.date
    dose: float
    unit: str = Field(max_length=20)
    reason: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)


class AdverseEventRow(SQLModel, table=True):
    __tablename__ = "adverse_event"
    id: int | None = Field(default=None, primary_key=True)
    study_id: int = _study_fk()
    term: str = Field(max_length=200)
    grade: int
    onset: dt.date
    resolved: dt.date | None = None
    serious: bool | None = None
    related_to: str | None = Field(default=None, max_length=60)
    note: str | None = Field(default=None, sa_type=Text)


class ExitEventRow(SQLModel, table=True):
    __tablename__ = "exit_event"
    id: int | None = Field(default=None, primary_key=True)
    study_id: int = _study_fk()
    date: dt.date
    reason: str = Field(sa_type=Text)
    criterion: str | None = Field(default=None, max_length=10)
    by: str | None = Field(default=None, max_length=80)
    note: str | None = Field(default=None, sa_type=Text)


class AuditRow(SQLModel, table=True):
    """Append-only trail of every change. Each entry's hash covers the previous entry's hash."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime
    actor: str = Field(max_length=80)
    action: str = Field(max_length=30)
    entity: str = Field(max_length=40)
    patient_ref: str | None = Field(default=None, max_length=40, index=True)
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)
    reason: str | None = Field(default=None, sa_type=Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class ScreeningRow(SQLModel, table=True):
    """One patient against one trial on a date; `snapshot` and `record_hash` are set at sign-off."""

    __tablename__ = "screening"
    __table_args__ = (UniqueConstraint("trial_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    trial_id: str = Field(max_length=TRIAL_ID_LENGTH, index=True)
    number: int
    protocol_version: str = Field(max_length=200)
    on_date: dt.date
    status: str = Field(max_length=20)
    created_by: str = Field(max_length=80)
    created_at: dt.datetime
    updated_at: dt.datetime
    record_hash: str | None = Field(default=None, max_length=64)
    snapshot: str | None = Field(default=None, sa_type=Text)
    signed_by: str | None = Field(default=None, max_length=80)
    signed_at: dt.datetime | None = None
    enrolled_on: dt.date | None = None
    subject_no: str | None = Field(default=None, max_length=40)
    arm: str | None = Field(default=None, max_length=60)
    outcome_note: str | None = Field(default=None, sa_type=Text)
    consent_on: dt.date | None = None  # when the patient signed informed consent, if recorded
    definition_sha256: str | None = Field(default=None, max_length=64)  # the version begun on (TrialDefinitionRow)


class ScreeningDecisionRow(SQLModel, table=True):
    """A manual answer, an investigator override, or an investigator's choice of a reading of
    ambiguous text (`reading_id`, for a criterion or part; `answer` is what the reading gave then);
    the newest per criterion and type counts, the older ones stay as history."""

    __tablename__ = "screening_decision"
    id: int | None = Field(default=None, primary_key=True)
    screening_id: int = Field(sa_column=Column(Integer, ForeignKey("screening.id", ondelete="CASCADE"),
                                               nullable=False, index=True))
    criterion_id: str = Field(max_length=10)
    type: str = Field(max_length=10)
    answer: str = Field(max_length=12)
    note: str | None = Field(default=None, sa_type=Text)
    by: str = Field(max_length=80)
    role: str = Field(max_length=20)
    at: dt.datetime
    reading_id: str | None = Field(default=None, max_length=12)


class AdoptedReadingRow(SQLModel, table=True):
    """A reading of a trial's ambiguous criterion or part adopted at the site, so the question is
    not asked for every patient. The newest row per trial and item counts; a withdrawal is a row
    with no `reading_id`. Rows are never changed: they are the history."""

    __tablename__ = "adopted_reading"
    id: int | None = Field(default=None, primary_key=True)
    trial_id: str = Field(max_length=TRIAL_ID_LENGTH, index=True)
    item_id: str = Field(max_length=10)
    reading_id: str | None = Field(default=None, max_length=12)
    reason: str = Field(sa_type=Text)
    by: str = Field(max_length=80)
    at: dt.datetime


class SiteRow(SQLModel, table=True):
    """The site this registry belongs to (one row), created at first run. `ca_cert_pem` is the
    certificate of the site's authority for signed PDFs; its private key is kept once per
    administrator (`AuthorityKeyRow`). `show_full_names`: checklists print the patient's name.
    `backup_folder`: where automatic backups go; `backup_warning_days`: the window warns when no
    good backup is younger; `idle_lock_minutes`: the window locks after so long without use."""

    __tablename__ = "site"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    address: str | None = Field(default=None, sa_type=Text)
    timezone: str = Field(max_length=60)
    show_full_names: bool = False
    created_at: dt.datetime
    ca_cert_pem: str | None = Field(default=None, sa_type=Text)
    backup_folder: str | None = Field(default=None, sa_type=Text)  # None: `backups` beside the registry
    backup_warning_days: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    idle_lock_minutes: int = Field(default=10, sa_column_kwargs={"server_default": "10"})


class UserAccountRow(SQLModel, table=True):
    """A person who signs in. `roles` is a comma-separated list; the password is an Argon2id hash."""

    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40, unique=True)
    printed_name: str = Field(max_length=200)
    roles: str = Field(max_length=100)
    password_hash: str = Field(max_length=200)
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    active: bool = True
    created_at: dt.datetime


def _account_fk(unique: bool = False) -> int:
    return Field(sa_column=Column(Integer, ForeignKey("user_account.id"), nullable=False, index=True,
                                  unique=unique))


class AuthorityKeyRow(SQLModel, table=True):
    """The site authority's private key (PKCS#8 PEM) encrypted under one administrator's
    password: one row per administrator, so any of them can issue certificates."""

    __tablename__ = "site_authority_key"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _account_fk(unique=True)
    key_pem: str = Field(sa_type=Text)
    wrapped_at: dt.datetime
    wrapped_by: str = Field(max_length=40)


class SigningCredentialRow(SQLModel, table=True):
    """A user's signing certificate, issued by the site authority, and its private key encrypted
    under the user's password. One current row per user (`superseded_at` empty); a superseded
    certificate is kept to identify the signer of older PDFs, its key erased."""

    __tablename__ = "signing_credential"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _account_fk()
    fingerprint: str = Field(max_length=64, unique=True)
    certificate_pem: str = Field(sa_type=Text)
    key_pem: str | None = Field(default=None, sa_type=Text)
    role: str = Field(max_length=40)
    issued_at: dt.datetime
    issued_by: str = Field(max_length=40)
    valid_until: dt.datetime
    superseded_at: dt.datetime | None = None


class SignatureRow(SQLModel, table=True):
    """An electronic signature: who (printed name, role), when, what for (meaning) and the
    fingerprint of exactly what was signed."""

    __tablename__ = "electronic_signature"
    id: int | None = Field(default=None, primary_key=True)
    screening_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("screening.id", ondelete="CASCADE"), nullable=True, index=True))
    document: str = Field(max_length=60, description="e.g. the screening label, or a log's trial and period")
    meaning: str = Field(max_length=60)
    username: str = Field(max_length=40)
    printed_name: str = Field(max_length=200)
    role: str = Field(max_length=40)
    signed_at: dt.datetime
    timezone: str = Field(max_length=60)
    content_hash: str = Field(max_length=64)


class AcknowledgementRow(SQLModel, table=True):
    """Someone saw a follow-up action the engine raised and noted what was done. Kept beside
    the engine's output, never read by it."""

    __tablename__ = "action_acknowledgement"
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = _patient_fk()
    trial_id: str = Field(max_length=TRIAL_ID_LENGTH)
    action_key: str = Field(max_length=120)
    note: str = Field(sa_type=Text)
    by: str = Field(max_length=80)
    role: str = Field(max_length=20)
    at: dt.datetime


class SourceMappingRow(SQLModel, table=True):
    """How one of the site's data sources (its LIS, an HL7 interface) names tests and units that
    the vocabulary does not know: the mapping file's YAML, kept with the site's settings so every
    workstation of a shared registry uses it and a backup keeps it. Changes are audited."""

    __tablename__ = "source_mapping"
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=60, unique=True)
    text: str = Field(sa_type=Text)
    updated_at: dt.datetime
    updated_by: str = Field(max_length=80)


# Table for each section of a patient record, in the order the record lists them.
SECTION_TABLES: dict[str, type[SQLModel]] = {
    "observations": ObservationRow,
    "diagnoses": DiagnosisRow,
    "biopsies": BiopsyRow,
    "medications": MedicationRow,
    "procedures": ProcedureRow,
    "conditions": ConditionRow,
    "reproductive": ReproductiveRow,
}
# Table for each list of a study (`coordinator.records.record.STUDY_SECTIONS`), rows keyed by study_id.
STUDY_SECTION_TABLES: dict[str, type[SQLModel]] = {
    "visits": StudyVisitRow,
    "doses": DoseRecordRow,
    "adverse_events": AdverseEventRow,
    "exits": ExitEventRow,
}
LIST_COLUMNS = {"isn_rps_classes", "methods"}


class TrialRetirementRow(SQLModel, table=True):
    """A trial retired at the site (no new screenings; its screenings kept and shown), or put back
    in use (`retired` false). The newest row per trial counts; rows are never changed."""

    __tablename__ = "trial_retirement"
    id: int | None = Field(default=None, primary_key=True)
    trial_id: str = Field(max_length=TRIAL_ID_LENGTH, index=True)
    retired: bool
    reason: str = Field(sa_type=Text)
    by: str = Field(max_length=80)
    at: dt.datetime


class TrialDefinitionRow(SQLModel, table=True):
    """One version of a trial definition, kept once a screening is begun on it (as JSON of the
    definition), so an amended trial never loses the version a screening used."""

    __tablename__ = "trial_definition"
    __table_args__ = (UniqueConstraint("trial_id", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    trial_id: str = Field(max_length=TRIAL_ID_LENGTH, index=True)
    protocol_version: str = Field(max_length=200)
    sha256: str = Field(max_length=64)
    definition: str = Field(sa_type=Text)
    first_used_at: dt.datetime
