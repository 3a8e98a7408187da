"""Cryptographic signatures on PDFs: a site certificate authority, per-user signing keys, PAdES.

Pure: no database. Callers store what these functions return (PEM bytes) and hand it back.

- `create_site_ca` makes the site's certificate authority at set-up: a self-signed CA certificate
  naming the site, and its private key encrypted under the site administrator's password
  (`reencrypt_key` gives each further administrator, or a new password, a copy of its own).
- `issue_user_credentials` gives a signing user a key and a certificate issued by that CA. The
  certificate names the person (CN = printed name), their role (title) and user name (UID); the
  private key is encrypted under the *user's* password, so only they can sign.
- `sign_pdf` adds a PAdES baseline B-B signature as an incremental update: earlier signatures
  stay valid, so a coordinator can sign ("Prepared by") and an investigator sign after them.
- `verify_pdf` reports every signature in a PDF: who, when, what for, whether the signed bytes are
  unchanged (`intact`), whether the signer's certificate chains to one of the given site CAs
  (`trusted`), and whether anything but further signatures was added after it.

Algorithms: ECDSA on NIST P-256 with SHA-256 for every key and signature (pyHanko and NSS, the
library behind poppler's pdfsig, both validate it: see tests/core/test_signing.py). Private keys
are PKCS#8 PEM encrypted with cryptography's BestAvailableEncryption (PBES2, AES-256-CBC), not
under the password itself but under a key derived from it with Argon2id (argon2-cffi; salt and
cost in a header line before the PEM): PBES2's 2,048 PBKDF2 rounds alone would make a stolen key
row a far cheaper target for password guessing than the account's Argon2id hash beside it.
No network is used: no timestamp authority, no OCSP/CRL fetching.

The signing time is the signature dictionary's /M entry, which PAdES prescribes (ETSI EN 319 142-1
forbids the CMS signing-time attribute in PAdES signatures). /M lies inside the signed byte range,
so it is protected like the rest of the document; it is the time the signer's computer claimed,
not a timestamp authority's proof.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import logging
import secrets
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from coordinator.phrase import Joined, Phrase
from coordinator.signing.words import content_check, trust_check
from coordinator.problems import Refusal

# pyHanko imports cryptography's DSA types, which cryptography 48 flags on import; TrialDesk makes
# and accepts EC P-256 keys only, so the warning would only confuse whoever reads the terminal.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")

if TYPE_CHECKING:  # pyHanko is imported where it is used: it is slow to import (~0.5 s)
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

__all__ = [
    "SigningError", "SiteAuthority", "UserCredentials", "SignatureReport",
    "create_site_ca", "issue_user_credentials", "key_opens", "name_in_certificate", "reencrypt_key", "sign_pdf",
    "verify_pdf",
]

CURVE = ec.SECP256R1()
DIGEST = "sha256"
CA_SUFFIX = "TrialDesk Site CA"
# RFC 9336 id-kp-documentSigning. NSS (pdfsig, Firefox) checks a PDF signer's certificate for the
# e-mail signer usage, which needs emailProtection whenever an extendedKeyUsage is present; the
# document-signing purpose says what the key is for to validators that know it.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
CLOCK_SKEW = dt.timedelta(minutes=5)  # certificates start a little in the past
NAME_LIMIT = 64  # RFC 5280's upper bound for a common name or an organisation name


def name_in_certificate(text: str, limit: int = NAME_LIMIT) -> str:
    """`text` as a certificate names it: cut to the X.509 limit, marked with an ellipsis. The
    limit counts UTF-8 bytes, as cryptography enforces it (a Chinese character takes three)."""
    text = text.strip()
    if len(text.encode("utf-8")) <= limit:
        return text
    while len((text + "…").encode("utf-8")) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


class SigningError(Refusal, Exception):
    """A signature that cannot be made or a file that cannot be read (message says why)."""


@dataclass(frozen=True)
class SiteAuthority:
    """The site's certificate authority: what the database stores for it.

    `certificate_pem` is public (give it to monitors so they can check signatures);
    `private_key_pem` is PKCS#8, encrypted under the site administrator's password."""

    site_name: str
    certificate_pem: bytes
    private_key_pem: bytes

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the CA certificate, hex, for people to compare by eye."""
        return _fingerprint(_load_certificate(self.certificate_pem))


@dataclass(frozen=True)
class UserCredentials:
    """One user's signing key and certificate: what the database stores for the user.

    `private_key_pem` is PKCS#8, encrypted under the user's own password; re-issue when the
    password changes (the old key stays usable with the old password)."""

    username: str
    printed_name: str
    role: str
    certificate_pem: bytes
    private_key_pem: bytes

    @property
    def fingerprint(self) -> str:
        return _fingerprint(_load_certificate(self.certificate_pem))

    @property
    def valid_until(self) -> dt.datetime:
        return _load_certificate(self.certificate_pem).not_valid_after_utc


@dataclass(frozen=True)
class SignatureReport:
    """What one signature in a PDF says, and whether it holds.

    - `intact`: the bytes the signature covers hash to the signed value and the signature
      itself verifies with the signer's public key (a flipped byte makes it False);
    - `trusted`: the signer's certificate chains to one of the CAs given to `verify_pdf`,
      and is valid now, with the key usage a document signature needs;
    - `covers_whole_file`: nothing at all was appended after this signature;
    - `modified_after_signing`: something other than further signatures was appended after
      it (a later signature alone leaves this False);
    - `problem`: why a check failed, in words, or None."""

    field_name: str
    signer_name: str
    signer_role: str | None
    signer_username: str | None
    issuer_name: str
    signed_at: dt.datetime | None
    meaning: str | None
    location: str | None
    intact: bool
    trusted: bool
    covers_whole_file: bool
    modified_after_signing: bool
    certificate_fingerprint: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Intact, trusted, and nothing but further signatures added since."""
        return self.intact and self.trusted and not self.modified_after_signing

    def describe(self) -> str:
        """One line for people: who, as what, when, what for, and the verdict."""
        who = self.signer_name + (f" ({self.signer_role})" if self.signer_role else "")
        when = self.signed_at.isoformat(sep=" ", timespec="minutes") if self.signed_at else "no time"
        meaning = f' "{self.meaning}"' if self.meaning else ""
        verdict = f"{content_check(self)}; {trust_check(self)}"
        if self.problem and not self.ok:
            verdict += f" [{self.problem}]"
        return f"{self.field_name}: {who}{meaning} at {when}: {verdict}"


# --- keys and certificates -------------------------------------------------------------------

def create_site_ca(site_name: str, passphrase: str, *, valid_years: int = 10,
                   now: dt.datetime | None = None) -> SiteAuthority:
    """A new certificate authority for the site, its key encrypted under `passphrase`.

    Subject: CN = "<site> TrialDesk Site CA", O = <site> (UTF8String: Chinese names work; a
    name longer than X.509 allows is cut, see `name_in_certificate`).
    basicConstraints CA:true, pathlen 0 (it issues user certificates only); keyUsage
    keyCertSign and cRLSign."""
    site_name = _required(site_name, "site name")
    _check_passphrase(passphrase)
    now = _utc(now)
    key = ec.generate_private_key(CURVE)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME,
                           f"{name_in_certificate(site_name, NAME_LIMIT - len(CA_SUFFIX) - 1)} {CA_SUFFIX}"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name_in_certificate(site_name)),
    ])
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(public)
        .serial_number(_serial())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(_add_years(now, valid_years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SiteAuthority(site_name=site_name,
                         certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
                         private_key_pem=_encrypt_key(key, passphrase))


def issue_user_credentials(authority: SiteAuthority, authority_passphrase: str, *, username: str,
                           printed_name: str, role: str, user_password: str, valid_years: int = 3,
                           now: dt.datetime | None = None,
                           valid_from: dt.datetime | None = None) -> UserCredentials:
    """A signing key for one user and a certificate for it issued by the site CA.

    Subject: CN = printed name, title = role, UID = user name, O = site. keyUsage
    digitalSignature + nonRepudiation; extendedKeyUsage emailProtection + documentSigning.
    Never valid beyond the CA itself. Raises SigningError("wrong password ...") when
    `authority_passphrase` does not open the CA key.

    `valid_from`: an earlier start of validity than `now`, never before the CA's own. A PDF
    signature carries the time of the electronic signature it shows, so a certificate issued
    again (after a password reset) starts when the person's account did, and still covers the
    electronic signatures they gave before."""
    username = _required(username, "user name")
    printed_name = _required(printed_name, "printed name")
    role = _required(str(role), "role")
    _check_passphrase(user_password)
    ca_key = _decrypt_key(authority.private_key_pem, authority_passphrase, "the site authority")
    ca_cert = _load_certificate(authority.certificate_pem)
    if ca_key.public_key() != ca_cert.public_key():
        raise SigningError("the site authority's key does not belong to its certificate")
    now = _utc(now)
    if now >= ca_cert.not_valid_after_utc:
        raise SigningError(f"the site authority expired on {ca_cert.not_valid_after_utc:%Y-%m-%d}")
    not_before = now - CLOCK_SKEW
    if valid_from is not None:
        not_before = min(not_before, max(_utc(valid_from) - CLOCK_SKEW, ca_cert.not_valid_before_utc))
    key = ec.generate_private_key(CURVE)
    public = key.public_key()
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, name_in_certificate(printed_name)),
        x509.NameAttribute(NameOID.TITLE, role),
        x509.NameAttribute(NameOID.USER_ID, username),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name_in_certificate(authority.site_name)),
    ])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(_serial())
        .not_valid_before(not_before)
        .not_valid_after(min(_add_years(now, valid_years), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                              DOCUMENT_SIGNING]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return UserCredentials(username=username, printed_name=printed_name, role=role,
                           certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
                           private_key_pem=_encrypt_key(key, user_password))


def key_opens(private_key_pem: bytes, passphrase: str) -> bool:
    """Whether `passphrase` opens a key made by this module (for checks and tests)."""
    try:
        _decrypt_key(private_key_pem, passphrase, "the")
    except SigningError:
        return False
    return True


def reencrypt_key(private_key_pem: bytes, old_passphrase: str, new_passphrase: str, *,
                  whose: str) -> bytes:
    """The same private key encrypted under a new password (a password change), or
    SigningError when `old_passphrase` does not open it."""
    _check_passphrase(new_passphrase)
    return _encrypt_key(_decrypt_key(private_key_pem, old_passphrase, whose), new_passphrase)


# --- signing ---------------------------------------------------------------------------------

def document_keywords(pdf: bytes) -> str:
    """The document information's /Keywords ("" when there are none or the file is unreadable)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        trailer = PdfFileReader(io.BytesIO(pdf), strict=False).trailer
        return str(trailer["/Info"].get("/Keywords", "")) if "/Info" in trailer else ""
    except Exception:  # noqa: BLE001 - an unreadable file has no keywords; verify_pdf says why it is unreadable
        return ""


def sign_pdf(pdf: bytes, credentials: UserCredentials, user_password: str, *,
             authority_cert_pem: bytes, meaning: str, location: str | None = None,
             signed_at: dt.datetime | None = None, field_name: str | None = None,
             on_page: int = 0, box: tuple[float, float, float, float] | None = None) -> bytes:
    """`pdf` with one more signature: PAdES B-B (ETSI.CAdES.detached, SHA-256, ECDSA), added as
    an incremental update, so signatures already in the file stay valid.

    `meaning` becomes the signature's /Reason ("Eligibility confirmed by investigator"), the
    printed name its /Name, `signed_at` (timezone-aware; default now) its /M signing time.
    `field_name`: an empty signature field of the document to fill, or the name of a new one
    (default: the next free "SignatureN"); a new field is invisible, or, with `box` (x1, y1,
    x2, y2 in points) on page `on_page` (0-based), placed over the document's own printed
    signature block, so a viewer's click there shows the signature. No appearance is drawn:
    the printed block is what readers see. The CA certificate is embedded with the signer's,
    so verifiers can build the chain.

    Raises SigningError (before producing anything) for a wrong password, a certificate not
    valid at `signed_at` or not issued by the given CA, or a PDF that cannot be read."""
    meaning = _required(meaning, "meaning")
    if signed_at is None:
        signed_at = dt.datetime.now().astimezone()
    elif signed_at.tzinfo is None or signed_at.utcoffset() is None:
        raise ValueError("signed_at must be timezone-aware")
    key = _decrypt_key(credentials.private_key_pem, user_password, credentials.username)
    certificate = _load_certificate(credentials.certificate_pem)
    authority = _load_certificate(authority_cert_pem)
    if key.public_key() != certificate.public_key():
        raise SigningError(f"{credentials.username}'s key does not belong to their certificate")
    try:
        certificate.verify_directly_issued_by(authority)
    except (InvalidSignature, ValueError, TypeError) as error:
        raise SigningError(f"{credentials.username}'s certificate was not issued by "
                           f"{_common_name(authority.subject)}") from error
    if not certificate.not_valid_before_utc <= signed_at <= certificate.not_valid_after_utc:
        raise SigningError(
            f"{credentials.username}'s certificate is valid from "
            f"{certificate.not_valid_before_utc:%Y-%m-%d %H:%M} to "
            f"{certificate.not_valid_after_utc:%Y-%m-%d %H:%M} UTC, not at {signed_at.isoformat()}")

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp.noop import NoOpStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer_cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    ca_cert = asn1_x509.Certificate.load(authority.public_bytes(serialization.Encoding.DER))
    signer = signers.SimpleSigner(
        signing_cert=signer_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([ca_cert]),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        existing = {name: value is not None
                    for name, value, _ in fields.enumerate_sig_fields(writer.prev)}
    except Exception as error:
        raise SigningError(f"cannot read the PDF to sign: {_reason(error)}") from error
    if field_name is None:
        field_name = next(f"Signature{n}" for n in range(1, len(existing) + 2)
                          if f"Signature{n}" not in existing)
    elif existing.get(field_name):
        raise SigningError(f"the PDF already has a signature in the field {field_name!r}")
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=meaning,
        location=location or None,
        name=_common_name(certificate.subject) or credentials.printed_name,
    )
    # an empty field the document already has is filled, otherwise a new invisible one added;
    # either way pyHanko draws nothing (its stamp's font has no Chinese): the document's own
    # printed signature block is what readers see
    new_field = None
    if field_name not in existing:
        placed = {} if box is None else {"on_page": on_page, "box": tuple(box)}
        new_field = fields.SigFieldSpec(sig_field_name=field_name, **placed)
    pdf_signer = _signer_at_class()(metadata, signer=signer, signing_time=signed_at,
                                   new_field_spec=new_field, stamp_style=NoOpStampStyle())
    try:
        output = pdf_signer.sign_pdf(writer, output=io.BytesIO())
    except Exception as error:
        raise SigningError(f"signing failed: {_reason(error)}") from error
    return output.getvalue()


@functools.cache
def _signer_at_class():
    """PdfSigner with a given signing time (pyHanko takes the clock's otherwise); built on
    first use so that importing this module does not import pyHanko."""
    from pyhanko.sign import signers

    class PdfSignerAt(signers.PdfSigner):
        def __init__(self, *args, signing_time: dt.datetime, **kwargs):
            super().__init__(*args, **kwargs)
            self.signing_time = signing_time

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self.signing_time  # goes into /M
            return session

    return PdfSignerAt


# --- verification ----------------------------------------------------------------------------

def verify_pdf(pdf: bytes, trusted_ca_pems: Iterable[bytes], *,
               at: dt.datetime | None = None) -> list[SignatureReport]:
    """A report for every signature in `pdf`, in signing order; [] when it has none.

    `trusted_ca_pems`: the CA certificates (PEM) whose users' signatures count as trusted,
    normally this site's. `at`: the moment certificates must be valid at (default now).
    Raises SigningError when the file is not a readable PDF; a damaged signature gives a
    report with intact=False and the problem, never an exception."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    _quiet_pyhanko_logging()

    roots = []
    for pem in trusted_ca_pems:
        certificate = _load_certificate(pem)
        roots.append(asn1_x509.Certificate.load(certificate.public_bytes(
            serialization.Encoding.DER)))
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as error:
        raise SigningError(f"not a readable PDF: {_reason(error)}") from error
    signature_fields = _signature_field_names(embedded)
    reports = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                    revocation_mode="soft-fail",
                                    moment=_utc(at) if at is not None else None)
        reports.append(_report(signature, context, signature_fields))
    return reports


def _report(signature: EmbeddedPdfSignature, context, signature_fields: set[str]
            ) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    field_name = str(signature.field_name)
    sig_object = signature.sig_object
    meaning = _pdf_text(sig_object.get("/Reason"))
    location = _pdf_text(sig_object.get("/Location"))
    try:
        certificate = x509.load_der_x509_certificate(signature.signer_cert.dump())
        signer_name = _common_name(certificate.subject) or _pdf_text(sig_object.get("/Name")) or "?"
        role = _attribute(certificate.subject, NameOID.TITLE)
        username = _attribute(certificate.subject, NameOID.USER_ID)
        issuer = _common_name(certificate.issuer) or certificate.issuer.rfc4514_string()
        fingerprint = _fingerprint(certificate)
    except Exception as error:
        return SignatureReport(
            field_name=field_name, signer_name=_pdf_text(sig_object.get("/Name")) or "?",
            signer_role=None, signer_username=None, issuer_name="?",
            signed_at=_signed_at(signature), meaning=meaning, location=location, intact=False,
            trusted=False, covers_whole_file=False, modified_after_signing=True,
            problem=Phrase("unreadable signature: {reason}", reason=_reason(error)))
    signed_at = _signed_at(signature)
    common = dict(field_name=field_name, signer_name=signer_name, signer_role=role,
                  signer_username=username, issuer_name=issuer, signed_at=signed_at,
                  meaning=meaning, location=location, certificate_fingerprint=fingerprint)
    try:
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except Exception as error:  # a damaged CMS blob, a byte range that makes no sense, ...
        return SignatureReport(**common, intact=False, trusted=False, covers_whole_file=False,
                               modified_after_signing=True,
                               problem=Phrase("cannot be checked: {reason}", reason=_reason(error)))
    intact = bool(status.intact and status.valid)
    covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    if covers_whole_file:
        modified = False
    elif status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or level is None:
        modified = True
    elif level <= ModificationLevel.LTA_UPDATES:
        modified = False
    elif level == ModificationLevel.FORM_FILLING:
        # only later signatures are fine; filled-in form fields are a change
        changed = getattr(status.diff_result, "changed_form_fields", set())
        modified = not set(changed) <= signature_fields
    else:
        modified = True
    if status.docmdp_ok is False:
        modified = True
    problems = []
    if not status.intact:
        problems.append(Phrase("the signed bytes do not match their hash"))
    elif not status.valid:
        problems.append(Phrase("the signature does not verify with the signer's key"))
    if intact and not status.trusted:
        problems.append(_trust_problem(status))
    if modified:
        problems.append(_modification_problem(status))
    return SignatureReport(**common, intact=intact, trusted=bool(status.trusted),
                           covers_whole_file=covers_whole_file, modified_after_signing=modified,
                           problem=Joined("; ", problems) if problems else None)


def _trust_problem(status) -> str:
    indication = status.trust_problem_indic
    text = {"NO_CERTIFICATE_CHAIN_FOUND": Phrase("not issued by a trusted site authority"),
            "OUT_OF_BOUNDS_NO_POE": Phrase("certificate expired or not yet valid"),
            "EXPIRED": Phrase("certificate expired"),
            "NOT_YET_VALID": Phrase("certificate not yet valid"),
            "REVOKED_NO_POE": Phrase("certificate revoked"),
            "CHAIN_CONSTRAINTS_FAILURE": Phrase("certificate chain constraints not met"),
            "CERTIFICATE_CHAIN_GENERAL_FAILURE": Phrase("certificate chain not valid at that time"),
            "SIG_CONSTRAINTS_FAILURE": Phrase("certificate not allowed to sign documents")}
    name = getattr(indication, "name", None)
    return text.get(name) or Phrase("not trusted ({reason})", reason=name or "unknown reason")


def _modification_problem(status) -> str:
    from pyhanko.sign.diff_analysis import SuspiciousModification

    if isinstance(status.diff_result, SuspiciousModification):
        return Phrase("changed after signing: {reason}", reason=str(status.diff_result))
    return Phrase("changed after signing")


def _signature_field_names(embedded) -> set[str]:
    names = {str(signature.field_name) for signature in embedded}
    try:
        from pyhanko.sign import fields
        if embedded:
            names |= {name for name, _, _ in fields.enumerate_sig_fields(embedded[0].reader)}
    except Exception:
        pass
    return names


def _signed_at(signature) -> dt.datetime | None:
    try:
        when = signature.self_reported_timestamp
    except Exception:
        return None
    if when is not None and when.tzinfo is None:  # a /M without offset: PDF says UT is implied
        when = when.replace(tzinfo=dt.timezone.utc)
    return when


@functools.cache
def _quiet_pyhanko_logging() -> None:
    """pyHanko logs every failed check (an untrusted chain, a broken hash) as a warning with a
    traceback; the report carries the verdict. A NullHandler keeps those off stderr when the
    application configured no logging, and leaves them to its handlers when it did."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())


# --- helpers ---------------------------------------------------------------------------------

KDF_HEADER = b"TrialDesk-Key-KDF: argon2id"
# OWASP's recommended minimum for Argon2id (19 MiB, 2 passes): paid at every signature
KDF_COST = {"m": 19 * 1024, "t": 2, "p": 1}


def _derived_passphrase(passphrase: str, salt: bytes, m: int, t: int, p: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    raw = hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=t, memory_cost=m, parallelism=p,
                          hash_len=32, type=Type.ID)
    return raw.hex().encode("ascii")


def _encrypt_key(key: ec.EllipticCurvePrivateKey, passphrase: str) -> bytes:
    """The key as PKCS#8 PEM under an Argon2id-derived passphrase, after one header line
    naming the derivation: `TrialDesk-Key-KDF: argon2id m=... t=... p=... salt=<base64>`."""
    salt = secrets.token_bytes(16)
    derived = _derived_passphrase(passphrase, salt, **KDF_COST)
    header = KDF_HEADER + " ".join(["", *(f"{k}={v}" for k, v in KDF_COST.items()),
                                    "salt=" + base64.b64encode(salt).decode("ascii")]).encode("ascii")
    return header + b"\n" + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.BestAvailableEncryption(derived))


def _split_kdf(pem: bytes, passphrase: str) -> tuple[bytes, bytes]:
    """The PEM and the passphrase that opens it: derived when the key has our header line,
    the password itself for a plain encrypted PEM."""
    if not pem.startswith(KDF_HEADER):
        return pem, passphrase.encode("utf-8")
    header, _, body = pem.partition(b"\n")
    try:
        fields = dict(item.split("=", 1) for item in header[len(KDF_HEADER):].decode("ascii").split())
        salt = base64.b64decode(fields["salt"], validate=True)
        cost = {k: int(fields[k]) for k in ("m", "t", "p")}
    except (ValueError, KeyError, UnicodeDecodeError) as error:
        raise SigningError(f"unreadable key derivation header: {error}") from error
    return body, _derived_passphrase(passphrase, salt, **cost)


def _decrypt_key(pem: bytes, passphrase: str, whose: str) -> ec.EllipticCurvePrivateKey:
    if not passphrase:
        raise SigningError(f"wrong password for {whose}'s signing key (none given)")
    pem, secret = _split_kdf(pem, passphrase)
    try:
        key = serialization.load_pem_private_key(pem, password=secret)
    except (ValueError, TypeError) as error:
        if b"ENCRYPTED" in pem and ("decrypt" in str(error).lower()
                                    or "password" in str(error).lower()):
            raise SigningError(f"wrong password for {whose}'s signing key") from error
        raise SigningError(f"{whose}'s signing key cannot be read: {error}") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SigningError(f"{whose}'s signing key is not an EC key")
    return key


def _check_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or not passphrase:
        raise SigningError("a password is required to protect the signing key")


def _load_certificate(pem: bytes) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem)
    except (ValueError, TypeError) as error:
        raise SigningError(f"not a PEM certificate: {error}") from error


def _common_name(name: x509.Name) -> str | None:
    return _attribute(name, NameOID.COMMON_NAME)


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def _pdf_text(value) -> str | None:
    if value is None:
        return None
    try:
        text = str(value.get_object() if hasattr(value, "get_object") else value)
    except Exception:
        return None
    return text or None


def _required(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise SigningError(f"{what} is required")
    return value


def _serial() -> int:
    return int.from_bytes(secrets.token_bytes(16), "big") >> 1  # positive, 127 bits


def _utc(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now(dt.timezone.utc)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(dt.timezone.utc)


def _add_years(moment: dt.datetime, years: int) -> dt.datetime:
    if years < 1:
        raise ValueError("valid_years must be at least 1")
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__

