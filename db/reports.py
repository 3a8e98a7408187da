"""The screening PDFs from the registry: a screening's checklist and a trial's screening log,
with their electronic signatures as printed blocks and, on request, the signer's PAdES signature.

- Reading needs the right to read the registry (monitors too); putting one's PDF signature on a
  checklist needs an electronic signature of one's own on that screening (given by `screening
  submit` or `sign`), still matching it; reviewing a log is the investigator's (Permission.SIGN),
  recorded here as a "Screening log reviewed" electronic signature bound to the log's content.
- A PDF signature carries the time of the electronic signature its block shows, and the
  certificate names the same person: the two can be compared by anyone.
- `check_against_registry` tells `trialdesk verify` whether the electronic signature behind a
  PDF signature is on record and still matches what it was given for; `verify_signatures`
  checks every signature of a PDF both ways, for the command and the window alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from sqlmodel import Session

from coordinator.signing.accounts import AccountError
from coordinator.screening.eligibility import Verdict, checklist_from_dict
from coordinator.signing.esign import Meaning, Signature, content_hash, require_signer
from coordinator.records.names import initials
from coordinator.phrase import Phrase
from coordinator.reports.model import AuditHead
from coordinator.reports.wording import Language
from coordinator.reports import (ChecklistReport, LogRow, Rendered, ScreeningLogReport, SignatureBlock, Site,
                                 TrialInfo, failure_reasons, layout_checklist, layout_screening_log)
from coordinator.screening.workflow import Actor, Permission, Role, Status, WorkflowError, require, screening_label
from coordinator.signing.pdf_signatures import (SignatureReport, document_keywords, name_in_certificate, sign_pdf,
                                                verify_pdf)
from db.accounts import AccountRepository, SiteNotSetUp
from db.audit import GENESIS, AuditLog, KnownHead, check_known_heads, utc_now
from db.credentials import CredentialStore
from db.models import AuditRow, PatientRow, ScreeningRow, SignatureRow, UserAccountRow
from db.screenings import ScreeningRepository, ScreeningView, signed_content, trial
from coordinator.problems import Refusal

DEMO_SITE = Site("TrialDesk demo registry (synthetic patients)")
TIME_TOLERANCE = dt.timedelta(seconds=1)  # a PDF's signing time has whole seconds


class NoScreening(Refusal, LookupError):
    """The patient has no persisted screening for the trial."""


@dataclass(frozen=True)
class Document:
    """A rendered (and perhaps signed) PDF, and who signed it with what, if anyone."""

    pdf: bytes
    document_id: str
    signed_as: Signature | None = None
    certificate_fingerprint: str | None = None


@dataclass(frozen=True)
class RegistryCheck:
    """What the registry says about the electronic signature behind a PDF signature:
    `matches` (on record, content unchanged), `changed` (on record, content changed since),
    `not_found` (no such electronic signature here) or `not_checked` (may not read)."""

    status: str
    document: str | None
    detail: str

    @property
    def ok(self) -> bool:
        return self.status in ("matches", "not_checked")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment


def log_document(trial_id: str, start: dt.date | None, end: dt.date | None) -> str:
    """How a log review's electronic signature names what it reviewed: trial and period."""
    return f"{trial_id} log {start.isoformat() if start else '*'} {end.isoformat() if end else '*'}"


def _parse_log_document(document: str) -> tuple[str, dt.date | None, dt.date | None]:
    trial_id, _, start, end = document.split(" ")

    def day(text: str) -> dt.date | None:
        return None if text == "*" else dt.date.fromisoformat(text)

    return trial_id, day(start), day(end)


def _outcome(status: str, verdict: Verdict | None) -> str:
    if status == Status.ENROLLED:
        return "enrolled"
    if status == Status.SCREEN_FAILURE:
        return "screen_failure"
    if status == Status.SIGNED:  # the investigator's decision is made; enrolment or failure follows
        return "eligible" if verdict == Verdict.ELIGIBLE else "screen_failure"
    return "pending"


class ReportRepository:
    def __init__(self, session: Session, actor: Actor):
        require(actor, Permission.READ)
        self.session = session
        self.actor = actor
        self.screenings = ScreeningRepository(session, actor)
        self.accounts = AccountRepository(session)

    # -- the checklist ---------------------------------------------------------------------------
    def checklist(self, patient_ref: str, trial_id: str, *, sign_password: str | None = None,
                  now: dt.datetime | None = None, language: Language = "en") -> Document:
        """The checklist PDF of the patient's latest screening for the trial, its words in
        `language` (the registered criteria stay in English). With `sign_password`, signed by the
        actor as their latest electronic signature on it says."""
        definition = trial(trial_id)
        view = self.screenings.latest(patient_ref, definition.trial_id)
        if view is None:
            raise NoScreening(f"{patient_ref} has no screening for {definition.trial_id}: start one with "
                              f"`trialdesk screening start --patient {patient_ref} --trial {definition.trial_id}`")
        signing = None
        if sign_password is not None:
            signing = self._own_signature(view)
        site, show_names = self._site()
        patient = self.screenings.patients.require(view.patient_ref)
        blocks = [SignatureBlock(str(s.meaning), s.printed_name, s.role, s.local_time, s.username, s.matches)
                  for s in view.signatures]
        given = {s.meaning for s in view.signatures}
        expected = ((Meaning.PREPARED, Role.COORDINATOR), (Meaning.ELIGIBILITY_CONFIRMED, Role.INVESTIGATOR))
        blocks += [SignatureBlock(str(meaning), "", role.value) for meaning, role in expected if meaning not in given]
        document_id = f"{view.label}-{content_hash(signed_content(view))[:12]}"
        report = ChecklistReport(
            site=site, trial=TrialInfo.of(definition), screening_label=view.label,
            patient_initials=patient.initials or initials(patient.name), age=patient.age_on(view.on),
            sex=str(patient.sex), status=str(view.status), checklist=view.checklist, signatures=tuple(blocks),
            document_id=document_id, generated_at=now or utc_now(),
            full_name=patient.name if show_names else None, audit_head=self._audit_head(), language=language)
        rendered = layout_checklist(report)
        if signing is None:
            return Document(rendered.data, document_id)
        return self._sign(rendered, signing, view.signatures.index(signing), sign_password, document_id,
                          patient_ref=view.patient_ref)

    def _own_signature(self, view: ScreeningView) -> Signature:
        require_signer(self.actor)
        own = [s for s in view.signatures if s.username == self.actor.name]
        if not own:
            raise WorkflowError(f"{self.actor.name} has given no electronic signature on {view.label}: a PDF is "
                                "signed only as its printed signature blocks say (sign the screening first: "
                                "`trialdesk screening submit` or `sign`)")
        latest = own[-1]
        if not latest.matches:
            raise WorkflowError(f"your signature \"{latest.meaning}\" on {view.label} no longer matches it: the "
                                "screening changed after you signed; it must be signed again before its PDF")
        return latest

    # -- the screening log -----------------------------------------------------------------------
    def screening_log(self, trial_id: str, start: dt.date | None = None, end: dt.date | None = None, *,
                      sign_password: str | None = None, now: dt.datetime | None = None,
                      language: Language = "en") -> Document:
        """The trial's screening log for the period (screening dates, both ends included). With
        `sign_password`, the investigator reviews it: a "Screening log reviewed" electronic
        signature bound to the log's content (one already given for the same content is used
        again) and their PDF signature at the same time."""
        if start and end and start > end:
            raise WorkflowError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
        definition = trial(trial_id)
        if sign_password is not None:
            require(self.actor, Permission.SIGN)
        site, _ = self._site()
        rows = self.log_rows(definition.trial_id, start, end)
        digest = content_hash(self._log_content(definition.trial_id, definition.protocol_version, start, end, rows))
        document = log_document(definition.trial_id, start, end)
        reviews = self._reviews(document, digest)
        signing = None
        if sign_password is not None:
            signing = next((s for s in reversed(reviews) if s.username == self.actor.name and s.matches), None)
            if signing is None:
                signing = self._record_review(document, digest, definition.trial_id, sign_password)
                reviews.append(signing)
        if reviews:
            blocks = [SignatureBlock(str(s.meaning), s.printed_name, s.role, s.local_time, s.username, s.matches)
                      for s in reviews]
        else:
            blocks = [SignatureBlock(str(Meaning.LOG_REVIEWED), definition.principal_investigator or "",
                                     Role.INVESTIGATOR.value)]
        document_id = f"{definition.trial_id}-LOG-{digest[:12]}"
        report = ScreeningLogReport(site=site, trial=TrialInfo.of(definition), period_from=start, period_to=end,
                                    rows=tuple(rows), signatures=tuple(blocks), document_id=document_id,
                                    generated_at=now or utc_now(), audit_head=self._audit_head(), language=language)
        rendered = layout_screening_log(report)
        if signing is None:
            return Document(rendered.data, document_id)
        return self._sign(rendered, signing, reviews.index(signing), sign_password, document_id)

    def log_rows(self, trial_id: str, start: dt.date | None, end: dt.date | None) -> list[LogRow]:
        """One row per screening of the trial in the period, by screening number. Read in two
        queries: a 1,000-row log must not load 1,000 patient records."""
        version = trial(trial_id).protocol_version  # the header's; a row begun on another says so
        query = (select(ScreeningRow, PatientRow.name, PatientRow.initials, PatientRow.sex, PatientRow.birth_date)
                 .join(PatientRow, PatientRow.id == ScreeningRow.patient_id)
                 .where(ScreeningRow.trial_id == trial_id).order_by(ScreeningRow.number))
        if start:
            query = query.where(ScreeningRow.on_date >= start)
        if end:
            query = query.where(ScreeningRow.on_date <= end)
        rows = []
        for screening, name, patient_initials, sex, birth_date in self.session.execute(query):
            # only a signed screening's verdict and a failure's reasons come from its snapshot
            wanted = screening.snapshot and screening.status in (Status.SIGNED, Status.SCREEN_FAILURE)
            checklist = checklist_from_dict(json.loads(screening.snapshot)) if wanted else None
            outcome = _outcome(screening.status, checklist.verdict if checklist else None)
            age = screening.on_date.year - birth_date.year - (
                (screening.on_date.month, screening.on_date.day) < (birth_date.month, birth_date.day))
            enrolled = outcome == "enrolled"
            rows.append(LogRow(
                screening_label=screening_label(trial_id, screening.number), date_screened=screening.on_date,
                initials=patient_initials or initials(name), age=age, sex=sex, outcome=outcome,
                failure_reasons=failure_reasons(checklist) if outcome == "screen_failure" and checklist else (),
                consent_date=screening.consent_on, subject_no=screening.subject_no if enrolled else None,
                arm=screening.arm if enrolled else None, comments=screening.outcome_note or "",
                protocol_version=None if screening.protocol_version == version else screening.protocol_version))
        return rows

    @staticmethod
    def _log_content(trial_id: str, protocol_version: str, start, end, rows: list[LogRow]) -> dict:
        """What a log review's signature covers: the trial, the period and every row as printed."""
        # (a row on the log's own version has no version of its own: reviews signed before rows
        # could differ keep matching)
        return {"trial": trial_id, "protocol_version": protocol_version, "from": start, "to": end,
                "rows": [{k: v for k, v in asdict(row).items() if not (k == "protocol_version" and v is None)}
                         for row in rows]}

    def _reviews(self, document: str, digest: str) -> list[Signature]:
        stored = self.session.execute(select(SignatureRow).where(
            SignatureRow.screening_id.is_(None), SignatureRow.document == document,
            SignatureRow.meaning == str(Meaning.LOG_REVIEWED)).order_by(SignatureRow.id)).scalars()
        return [Signature(Meaning(s.meaning), s.username, s.printed_name, s.role, _aware(s.signed_at), s.timezone,
                          s.content_hash, s.content_hash == digest) for s in stored]

    def _record_review(self, document: str, digest: str, trial_id: str, password: str) -> Signature:
        account = self.accounts.confirm_password(self.actor, password, str(Meaning.LOG_REVIEWED))
        timezone = self.accounts.site().timezone
        row = SignatureRow(screening_id=None, document=document, meaning=str(Meaning.LOG_REVIEWED),
                           username=account.username, printed_name=account.printed_name,
                           role=Role.INVESTIGATOR.value, signed_at=utc_now().replace(microsecond=0),
                           timezone=timezone, content_hash=digest)
        self.session.add(row)
        audit = AuditLog(self.session, self.actor.name)
        audit.record("signature", "screening_log", reason=str(Meaning.LOG_REVIEWED),
                     new={"document": document, "printed_name": account.printed_name, "content_hash": digest})
        audit.flush()
        return Signature(Meaning.LOG_REVIEWED, account.username, account.printed_name, row.role,
                         _aware(row.signed_at), timezone, digest, True)

    # -- signing ---------------------------------------------------------------------------------
    def _sign(self, rendered: Rendered, signature: Signature, index: int, password: str, document_id: str, *,
              patient_ref: str | None = None) -> Document:
        """The actor's PAdES signature over the signing area of block `index`, at its time."""
        self.accounts.confirm_password(self.actor, password, f"PDF signature: {signature.meaning}")
        user = self.session.execute(select(UserAccountRow).where(
            UserAccountRow.username == self.actor.name)).scalar_one()
        keys = CredentialStore(self.session, self.actor.name)
        credentials = keys.credentials(user)
        authority = keys.authority_certificate()
        if credentials is None or authority is None:
            raise AccountError(f"{self.actor.name} has no signing certificate: an administrator issues one by "
                               f"resetting the password (`trialdesk users password {self.actor.name}`)")
        certificate = x509.load_pem_x509_certificate(credentials.certificate_pem)
        certified = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        if certified != name_in_certificate(signature.printed_name):
            raise AccountError(f"your certificate names {certified!r}, the signature block {signature.printed_name!r}:"
                               " an administrator must issue a new certificate first")
        box = rendered.signature_boxes[index]
        site, _ = self._site()
        signed = sign_pdf(rendered.data, credentials, password, authority_cert_pem=authority,
                          meaning=str(signature.meaning), location=site.name, signed_at=signature.local_time,
                          on_page=box.page, box=box.box)
        fingerprint = credentials.fingerprint
        audit = AuditLog(self.session, self.actor.name)
        audit.record("document.sign", "document", patient_ref=patient_ref, reason=str(signature.meaning),
                     new={"document": document_id, "certificate": fingerprint,
                          "signed_at": signature.signed_at.isoformat()})
        audit.flush()
        return Document(signed, document_id, signature, fingerprint)

    def _audit_head(self) -> AuditHead:
        """The trail as it stands when the document is made (printed in it, and kept under its signature)."""
        head = self.session.execute(select(AuditRow.id, AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).first()
        return AuditHead(head.id, head.hash) if head else AuditHead(0, GENESIS)

    def _site(self) -> tuple[Site, bool]:
        try:
            site = self.accounts.site()
        except SiteNotSetUp:  # a demo registry: synthetic patients, no site
            return DEMO_SITE, False
        return Site(site.name, site.address or "", site.timezone), site.show_full_names


# -- verification against the registry ---------------------------------------------------------

def check_against_registry(session: Session, actor: Actor, report: SignatureReport) -> RegistryCheck:
    """Whether the electronic signature a PDF signature stands for is on record (same signer,
    meaning and time) and still matches what it was given for."""
    if Permission.READ not in actor.permissions:
        return RegistryCheck("not_checked", None, Phrase("{user} may not read the registry", user=actor.name))
    if not (report.signer_username and report.meaning and report.signed_at):
        return RegistryCheck("not_found", None, Phrase("the signature names no TrialDesk user, meaning or time"))
    candidates = session.execute(select(SignatureRow).where(
        SignatureRow.username == report.signer_username, SignatureRow.meaning == report.meaning)
        .order_by(SignatureRow.id)).scalars().all()
    found = [row for row in candidates if abs(_aware(row.signed_at) - report.signed_at) < TIME_TOLERANCE]
    if not found:
        return RegistryCheck("not_found", None, Phrase(
            "no electronic signature \"{meaning}\" by {user} at that time in this registry",
            meaning=report.meaning, user=report.signer_username))
    row = found[-1]
    if row.screening_id is not None:
        view = ScreeningRepository(session, actor).get(row.screening_id)
        current = content_hash(signed_content(view))
        what = view.label
    else:
        trial_id, start, end = _parse_log_document(row.document)
        reports = ReportRepository(session, actor)
        rows = reports.log_rows(trial_id, start, end)
        current = content_hash(ReportRepository._log_content(trial_id, trial(trial_id).protocol_version, start, end, rows))
        what = row.document
    if current == row.content_hash:
        return RegistryCheck("matches", what, Phrase("{what}: the electronic signature is on record and still matches",
                                                     what=what))
    return RegistryCheck("changed", what, Phrase(
        "{what} has CHANGED since it was signed: the electronic signature no longer matches it", what=what))


@dataclass(frozen=True)
class CheckedSignature:
    """One signature of a PDF: what the PDF says of it, and what the registry says."""

    pdf: SignatureReport
    registry: RegistryCheck

    @property
    def ok(self) -> bool:
        return self.pdf.ok and self.registry.ok


@dataclass(frozen=True)
class Verification:
    signatures: tuple[CheckedSignature, ...]
    audit_trail: str | None = None  # why the registry's trail no longer holds the head the PDF recorded

    @property
    def valid(self) -> bool:
        """What makes `trialdesk verify` exit 0: signatures, every one passes, and the registry's
        audit trail still holds what it held when the document was made."""
        return bool(self.signatures) and all(s.ok for s in self.signatures) and self.audit_trail is None


def verify_signatures(session: Session, actor: Actor, pdf: bytes, name: str = "the PDF") -> Verification:
    """Every signature in `pdf` verified against this site's signing authority and looked up
    in the registry; SigningError when the data is no readable PDF."""
    authority = AccountRepository(session).authority_certificate()
    reports = verify_pdf(pdf, [authority] if authority else [])
    head = AuditHead.from_keywords(document_keywords(pdf)) if reports else None
    trail = None
    if head is not None and actor.permissions & {Permission.READ, Permission.READ_AUDIT}:
        broken = check_known_heads(session, [KnownHead(name, head.entries, head.hash)])
        trail = None if broken is None else f"audit trail entry {broken.entry_id}: {broken.problem}"
    return Verification(tuple(CheckedSignature(report, check_against_registry(session, actor, report))
                              for report in reports), trail)
