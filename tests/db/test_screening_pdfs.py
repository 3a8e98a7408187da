"""Screening PDFs from the registry (db.reports): who may read and sign them, the printed blocks
and the PDF signature naming the same person and time, the log built from persisted
screenings, and the check of a PDF's signatures against the registry."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from coordinator.signing.accounts import AccountError, AuthenticationError
from coordinator.signing.esign import Meaning
from coordinator.screening.rules.answers import Answer
from coordinator.screening.workflow import Actor, PermissionDenied, Role, Status, WorkflowError
from coordinator.signing.pdf_signatures import document_keywords, verify_pdf
from db.accounts import AccountRepository
from db.importer import import_records
from db.models import AuditRow, ScreeningRow, SignatureRow, SigningCredentialRow
from db.patients import PatientRepository
from db.reports import NoScreening, ReportRepository, check_against_registry, verify_signatures
from db.screenings import Enrolment, ScreeningRepository
from tests.conftest import EXAMPLES

PASSWORD = "granite tulip 1987"
NCT = "NCT06394063"
ON = dt.date(2026, 11, 23)
ADMIN = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))
INVESTIGATOR = Actor("dr.li", Role.INVESTIGATOR)
COORDINATOR = Actor("ann", Role.COORDINATOR)
MONITOR = Actor("mo", Role.MONITOR)
HELPDESK = Actor("helpdesk", Role.ADMINISTRATOR)
ELIGIBLE, INELIGIBLE = "EX-4063-01", "EX-4063-02"  # the example file's patients


def pdf_text(pdf: bytes) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: packaging/setup.sh installs poppler-utils"
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def site(registry):
    with registry.writing() as session:
        accounts = AccountRepository(session)
        accounts.set_up(site_name="北京协和医院", address="北京市东城区", timezone="Asia/Shanghai",
                        username="dr.li", printed_name="李明", password=PASSWORD)
        for name, printed, role in (("ann", "王安", Role.COORDINATOR), ("mo", "Monica Ortiz", Role.MONITOR),
                                    ("helpdesk", "Help Desk", Role.ADMINISTRATOR)):
            accounts.create(ADMIN, username=name, printed_name=printed, roles={role}, password=PASSWORD,
                            admin_password=PASSWORD)
    outcome = import_records(registry, (EXAMPLES / f"{NCT}.json").read_bytes(), "examples", "ann")
    assert outcome.accepted, outcome.problems
    return registry


def _do(registry, actor, action):
    with registry.writing() as session:
        return action(ScreeningRepository(session, actor))


def _reports(registry, actor, action, write=False):
    with (registry.writing() if write else registry.reading()) as session:
        return action(ReportRepository(session, actor))


def _prepared(registry) -> int:
    """EX-4063-01 screened, answered and submitted by ann ("Prepared by")."""
    sid = _do(registry, COORDINATOR, lambda r: r.start(ELIGIBLE, NCT, ON)).id
    _do(registry, COORDINATOR, lambda r: r.answer(sid, "I4", Answer.YES, "consent signed 2026-11-20"))
    _do(registry, INVESTIGATOR, lambda r: r.override(sid, "E1", Answer.NO, "CKD-EPI eGFR 116"))
    _do(registry, COORDINATOR, lambda r: r.answer(sid, "E9", Answer.NO, "suitable"))
    _do(registry, COORDINATOR, lambda r: r.submit(sid, PASSWORD))
    return sid


def test_reading_is_for_those_who_read_the_registry(site):
    _prepared(site)
    document = _reports(site, MONITOR, lambda r: r.checklist(ELIGIBLE, NCT))
    text = pdf_text(document.pdf)
    assert "Prepared by" in text and "王安" in text and "Eligibility confirmed by investigator" in text
    assert verify_pdf(document.pdf, []) == []   # not signed
    with pytest.raises(PermissionDenied, match="may not read the registry"):
        _reports(site, HELPDESK, lambda r: r.checklist(ELIGIBLE, NCT))
    with pytest.raises(NoScreening, match=f"{INELIGIBLE} has no screening for {NCT}"):
        _reports(site, MONITOR, lambda r: r.checklist(INELIGIBLE, NCT))


def test_initials_unless_the_site_prints_full_names(site):
    _prepared(site)
    with site.reading() as session:
        patient_name = PatientRepository(session, "t").require(ELIGIBLE).name
    assert patient_name not in pdf_text(_reports(site, MONITOR, lambda r: r.checklist(ELIGIBLE, NCT)).pdf)
    with site.writing() as session:
        AccountRepository(session).set_show_full_names(ADMIN, True)
    assert patient_name in pdf_text(_reports(site, MONITOR, lambda r: r.checklist(ELIGIBLE, NCT)).pdf)


def test_the_pdf_signature_names_the_person_and_time_of_the_electronic_signature(site):
    sid = _prepared(site)
    _do(site, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    with site.reading() as session:
        [prepared, confirmed] = ScreeningRepository(session, MONITOR).get(sid).signatures
        authority = AccountRepository(session).authority_certificate()
    for actor, given in ((COORDINATOR, prepared), (INVESTIGATOR, confirmed)):
        document = _reports(site, actor, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
        [report] = verify_pdf(document.pdf, [authority])
        assert report.ok and report.covers_whole_file
        assert (report.signer_name, report.signer_username, report.meaning) == \
            (given.printed_name, given.username, str(given.meaning))
        assert report.signed_at == given.signed_at   # whole seconds on both sides
        assert given.local_time.strftime("%Y-%m-%d %H:%M:%S UTC+08:00") in pdf_text(document.pdf)
        assert document.signed_as == given
    with site.reading() as session:
        signed = session.execute(select(AuditRow.actor).where(AuditRow.action == "document.sign")).scalars().all()
    assert signed == ["ann", "dr.li"]


def test_signing_a_pdf_needs_ones_own_matching_electronic_signature_and_the_password(site):
    sid = _prepared(site)
    with pytest.raises(PermissionDenied, match="may not sign documents"):
        _reports(site, MONITOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    with pytest.raises(WorkflowError, match="dr.li has given no electronic signature on NCT06394063-S0001"):
        _reports(site, INVESTIGATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    with pytest.raises(AuthenticationError, match="not signed"):
        _reports(site, COORDINATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password="not the password"),
                 write=True)
    # the screening changes after ann signed: her "Prepared by" no longer matches
    _do(site, INVESTIGATOR, lambda r: r.move(sid, Status.IN_PROGRESS, note="check E9 again"))
    _do(site, COORDINATOR, lambda r: r.answer(sid, "E9", Answer.YES, "not suitable after all"))
    with pytest.raises(WorkflowError, match="no longer matches"):
        _reports(site, COORDINATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    text = pdf_text(_reports(site, MONITOR, lambda r: r.checklist(ELIGIBLE, NCT)).pdf)
    assert "NO LONGER MATCHES" in text


def test_a_signer_without_a_certificate_is_told_how_to_get_one(site):
    _prepared(site)
    with site.writing() as session:
        session.execute(SigningCredentialRow.__table__.delete())
    with pytest.raises(AccountError, match="ann has no signing certificate"):
        _reports(site, COORDINATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)


def test_registry_check_finds_the_signature_and_sees_the_screening_change(site):
    sid = _prepared(site)
    document = _reports(site, COORDINATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    [report] = verify_pdf(document.pdf, [])
    with site.reading() as session:
        check = check_against_registry(session, MONITOR, report)
        unread = check_against_registry(session, HELPDESK, report)
    assert (check.status, check.document, check.ok) == ("matches", f"{NCT}-S0001", True)
    assert unread.status == "not_checked" and unread.ok
    _do(site, INVESTIGATOR, lambda r: r.move(sid, Status.IN_PROGRESS, note="check E9 again"))
    _do(site, COORDINATOR, lambda r: r.answer(sid, "E9", Answer.YES, "not suitable after all"))
    with site.reading() as session:
        changed = check_against_registry(session, MONITOR, report)
    assert changed.status == "changed" and not changed.ok and "CHANGED" in changed.detail
    with site.writing() as session:   # the electronic signature erased outside the application
        session.execute(SignatureRow.__table__.delete())
    with site.reading() as session:
        assert check_against_registry(session, MONITOR, report).status == "not_found"


def test_a_signed_pdf_keeps_the_audit_head_and_verify_tells_a_trail_cut_short_since(site):
    _prepared(site)
    with site.reading() as session:
        head = session.execute(select(AuditRow.id, AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).one()
    document = _reports(site, COORDINATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    assert f"Audit trail at printing: entry {head.id}, {head.hash[:16]}" in pdf_text(document.pdf)
    assert f"trialdesk-audit-head:{head.id}:{head.hash}" in document_keywords(document.pdf)
    with site.reading() as session:
        verified = verify_signatures(session, MONITOR, document.pdf, "the signed PDF x.pdf")
    assert verified.audit_trail is None
    with site.writing() as session:  # the newest entries deleted with a database editor
        session.execute(AuditRow.__table__.delete().where(AuditRow.id >= head.id - 1))
    with site.reading() as session:
        cut = verify_signatures(session, MONITOR, document.pdf, "the signed PDF x.pdf")
    assert not cut.valid and "are missing: the signed PDF x.pdf recorded the trail up to entry" in cut.audit_trail


def test_the_log_shows_outcomes_reasons_consent_and_enrolment(site):
    sid = _prepared(site)
    _do(site, COORDINATOR, lambda r: r.record_consent(sid, dt.date(2026, 11, 20)))
    _do(site, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    _do(site, COORDINATOR, lambda r: r.move(sid, Status.ENROLLED, enrolment=Enrolment(ON, "RJ-001", "telitacicept")))
    failed = _do(site, COORDINATOR, lambda r: r.start(INELIGIBLE, NCT, ON)).id
    _do(site, COORDINATOR, lambda r: r.answer(failed, "I4", Answer.YES, ""))
    _do(site, INVESTIGATOR, lambda r: r.override(failed, "E1", Answer.NO, "fine"))
    _do(site, COORDINATOR, lambda r: r.answer(failed, "E9", Answer.NO, ""))
    _do(site, COORDINATOR, lambda r: r.submit(failed, PASSWORD))
    _do(site, INVESTIGATOR, lambda r: r.sign(failed, PASSWORD))
    _do(site, COORDINATOR, lambda r: r.move(failed, Status.SCREEN_FAILURE, note="low IgG"))
    _do(site, COORDINATOR, lambda r: r.start("EX-4063-03", NCT, ON + dt.timedelta(days=3)))
    with pytest.raises(WorkflowError, match="in the future"):
        _do(site, COORDINATOR, lambda r: r.record_consent(sid, dt.date.today() + dt.timedelta(days=2)))

    rows = _reports(site, MONITOR, lambda r: r.log_rows(NCT, None, None))
    assert [(r.screening_label, r.outcome) for r in rows] == [
        (f"{NCT}-S0001", "enrolled"), (f"{NCT}-S0002", "screen_failure"), (f"{NCT}-S0003", "pending")]
    enrolled, failure, pending = rows
    assert (enrolled.consent_date, enrolled.subject_no, enrolled.arm) == (dt.date(2026, 11, 20), "RJ-001",
                                                                          "telitacicept")
    assert [i for i, _ in failure.failure_reasons] == ["E8"] and failure.comments == "low IgG"
    assert failure.subject_no is None and pending.failure_reasons == ()
    assert enrolled.initials and enrolled.age is not None and enrolled.sex in ("F", "M")
    only_first = _reports(site, MONITOR, lambda r: r.log_rows(NCT, ON, ON))
    assert [r.screening_label for r in only_first] == [f"{NCT}-S0001", f"{NCT}-S0002"]
    text = pdf_text(_reports(site, MONITOR, lambda r: r.screening_log(NCT, ON, ON)).pdf)
    assert "RJ-001" in text and "E8" in text and "2026-11-20" in text


def test_a_log_review_is_the_investigators_bound_to_the_logs_content(site):
    _prepared(site)
    with pytest.raises(PermissionDenied, match="may not sign"):
        _reports(site, COORDINATOR, lambda r: r.screening_log(NCT, sign_password=PASSWORD), write=True)
    with pytest.raises(PermissionDenied, match="may not sign"):
        _reports(site, MONITOR, lambda r: r.screening_log(NCT, sign_password=PASSWORD), write=True)
    with pytest.raises(AuthenticationError):
        _reports(site, INVESTIGATOR, lambda r: r.screening_log(NCT, sign_password="wrong password"), write=True)
    first = _reports(site, INVESTIGATOR, lambda r: r.screening_log(NCT, sign_password=PASSWORD), write=True)
    again = _reports(site, INVESTIGATOR, lambda r: r.screening_log(NCT, sign_password=PASSWORD), write=True)
    assert again.signed_as == first.signed_as   # the same content: the review already given is used
    with site.reading() as session:
        authority = AccountRepository(session).authority_certificate()
        reviews = session.execute(select(SignatureRow).where(SignatureRow.meaning == str(Meaning.LOG_REVIEWED))
                                  ).scalars().all()
    assert len(reviews) == 1 and reviews[0].document == f"{NCT} log * *" and reviews[0].screening_id is None
    [report] = verify_pdf(first.pdf, [authority])
    assert report.ok and report.signed_at == first.signed_as.signed_at and report.meaning == "Screening log reviewed"
    # a screening added to the period changes the log: the review no longer matches it
    _do(site, COORDINATOR, lambda r: r.start(INELIGIBLE, NCT, ON))
    with site.reading() as session:
        assert check_against_registry(session, MONITOR, report).status == "changed"
    assert "NO LONGER MATCHES" in pdf_text(_reports(site, MONITOR, lambda r: r.screening_log(NCT)).pdf)


def test_a_tampered_snapshot_shows_the_signature_as_broken(site):
    sid = _prepared(site)
    _do(site, INVESTIGATOR, lambda r: r.sign(sid, PASSWORD))
    document = _reports(site, INVESTIGATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    with site.writing() as session:   # an edit outside the application
        snapshot = session.execute(select(ScreeningRow.snapshot).where(ScreeningRow.id == sid)).scalar_one()
        session.execute(update(ScreeningRow).where(ScreeningRow.id == sid).values(
            snapshot=snapshot.replace("CKD-EPI eGFR 116", "CKD-EPI eGFR 61")))
    [report] = verify_pdf(document.pdf, [])
    with site.reading() as session:
        assert check_against_registry(session, MONITOR, report).status == "changed"
        view = ScreeningRepository(session, MONITOR).get(sid)
    assert [s.matches for s in view.signatures] == [False, False]


def test_signing_time_is_the_sites_local_time(site):
    _prepared(site)
    document = _reports(site, COORDINATOR, lambda r: r.checklist(ELIGIBLE, NCT, sign_password=PASSWORD), write=True)
    [report] = verify_pdf(document.pdf, [])
    assert report.signed_at.utcoffset() == dt.timedelta(hours=8)
    assert report.signed_at == document.signed_as.signed_at.astimezone(ZoneInfo("Asia/Shanghai"))
