"""PDF signatures (coordinator.signing.pdf_signatures): site CA, user credentials, PAdES signing, verification,
and poppler's pdfsig (NSS) as an independent verifier."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from reportlab.pdfgen import canvas

from coordinator.signing.pdf_signatures import (SignatureReport, SigningError, SiteAuthority, UserCredentials,
                                 create_site_ca, issue_user_credentials, key_opens, name_in_certificate,
                                 reencrypt_key, sign_pdf, verify_pdf)

ADMIN_PASSWORD = "site-admin-password"
COORDINATOR_PASSWORD = "coordinator-password"
INVESTIGATOR_PASSWORD = "investigator-password"
BODY_TEXT = "Eligibility checklist NCT03864250"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def tiny_pdf(pages: int = 1) -> bytes:
    """A small PDF with uncompressed page content (so a test can find a byte to flip)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0, invariant=1)  # same bytes each time
    for number in range(1, pages + 1):
        page.drawString(72, 750, BODY_TEXT)
        page.drawString(72, 730, f"Page {number} of {pages}")
        page.showPage()
    page.save()
    return buffer.getvalue()


# Issued at a fixed moment before the fixed signing times below (not "now": a test run after
# 21:30 Shanghai time on the signing day would otherwise sign before the certificate existed).
ISSUED = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def authority() -> SiteAuthority:
    return create_site_ca("北京协和医院", ADMIN_PASSWORD, now=ISSUED)


@pytest.fixture(scope="module")
def coordinator(authority) -> UserCredentials:
    return issue_user_credentials(authority, ADMIN_PASSWORD, username="wangfang",
                                  printed_name="王芳", role="coordinator",
                                  user_password=COORDINATOR_PASSWORD, now=ISSUED)


@pytest.fixture(scope="module")
def investigator(authority) -> UserCredentials:
    return issue_user_credentials(authority, ADMIN_PASSWORD, username="liming",
                                  printed_name="李明", role="investigator",
                                  user_password=INVESTIGATOR_PASSWORD, now=ISSUED)


@pytest.fixture(scope="module")
def signed_once(authority, investigator) -> bytes:
    return sign_pdf(tiny_pdf(), investigator, INVESTIGATOR_PASSWORD,
                    authority_cert_pem=authority.certificate_pem,
                    meaning="Eligibility confirmed by investigator", location="Beijing",
                    signed_at=dt.datetime(2026, 11, 23, 21, 30, tzinfo=SHANGHAI))


@pytest.fixture(scope="module")
def signed_twice(authority, coordinator, investigator) -> bytes:
    prepared = sign_pdf(tiny_pdf(3), coordinator, COORDINATOR_PASSWORD,
                        authority_cert_pem=authority.certificate_pem, meaning="Prepared by",
                        location=None, signed_at=None, field_name=None)
    return sign_pdf(prepared, investigator, INVESTIGATOR_PASSWORD,
                    authority_cert_pem=authority.certificate_pem,
                    meaning="Eligibility confirmed by investigator")


def byte_ranges(pdf: bytes) -> list[tuple[int, int, int, int]]:
    return [tuple(map(int, match.groups())) for match in
            re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)]


# --- certificates ----------------------------------------------------------------------------

def test_site_ca_is_a_ca_named_after_the_site_with_an_encrypted_key(authority):
    certificate = x509.load_pem_x509_certificate(authority.certificate_pem)
    assert certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value \
        == "北京协和医院"
    common_name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0]
    assert common_name.value == "北京协和医院 TrialDesk Site CA"
    assert common_name._type == x509.name._ASN1Type.UTF8String
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    assert certificate.not_valid_after_utc - certificate.not_valid_before_utc \
        > dt.timedelta(days=365 * 10 - 1)
    # PKCS#8 under a passphrase derived from the password with Argon2id, named in a header line
    header, _, pem = authority.private_key_pem.partition(b"\n")
    assert re.fullmatch(rb"TrialDesk-Key-KDF: argon2id m=\d+ t=\d+ p=\d+ salt=\S+", header)
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises(TypeError):  # encrypted: no key without a password
        serialization.load_pem_private_key(pem, password=None)
    with pytest.raises(ValueError):  # nor with the password itself: only with what Argon2id derives
        serialization.load_pem_private_key(pem, password=ADMIN_PASSWORD.encode())
    assert key_opens(authority.private_key_pem, ADMIN_PASSWORD)
    assert not key_opens(authority.private_key_pem, ADMIN_PASSWORD + "x")
    moved = reencrypt_key(authority.private_key_pem, ADMIN_PASSWORD, "a new password!", whose="the authority")
    assert key_opens(moved, "a new password!") and not key_opens(moved, ADMIN_PASSWORD)
    assert moved.partition(b"\n")[0] != header   # a fresh salt
    assert len(authority.fingerprint) == 64


def test_user_certificate_names_the_person_and_allows_document_signing(authority, investigator):
    certificate = x509.load_pem_x509_certificate(investigator.certificate_pem)
    ca_certificate = x509.load_pem_x509_certificate(authority.certificate_pem)
    certificate.verify_directly_issued_by(ca_certificate)
    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "李明"
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "investigator"
    assert subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == "liming"
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes
    assert x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36") in purposes  # id-kp-documentSigning
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert certificate.not_valid_after_utc <= ca_certificate.not_valid_after_utc
    # the key opens with the user's password, not the administrator's
    assert key_opens(investigator.private_key_pem, INVESTIGATOR_PASSWORD)
    assert not key_opens(investigator.private_key_pem, ADMIN_PASSWORD)


def test_issuing_needs_the_authority_password(authority):
    with pytest.raises(SigningError, match="wrong password"):
        issue_user_credentials(authority, "not-the-admin-password", username="x",
                               printed_name="X", role="coordinator", user_password="pw-123456789")


# --- signing and verifying -------------------------------------------------------------------

def test_signed_pdf_verifies_intact_and_trusted(authority, signed_once):
    assert signed_once.startswith(tiny_pdf()[:8])
    [report] = verify_pdf(signed_once, [authority.certificate_pem])
    assert isinstance(report, SignatureReport)
    assert report.signer_name == "李明"
    assert report.signer_role == "investigator" and report.signer_username == "liming"
    assert report.meaning == "Eligibility confirmed by investigator"
    assert report.location == "Beijing"
    assert report.signed_at == dt.datetime(2026, 11, 23, 21, 30, tzinfo=SHANGHAI)
    assert report.signed_at.utcoffset() == dt.timedelta(hours=8)
    assert report.intact and report.trusted and report.covers_whole_file
    assert not report.modified_after_signing and report.ok and report.problem is None
    line = report.describe()
    assert "李明 (investigator)" in line and "Eligibility confirmed by investigator" in line
    assert "2026-11-23 21:30+08:00" in line and "trusted" in line and "\n" not in line


def test_signing_is_an_incremental_update(signed_once):
    original = tiny_pdf()
    assert signed_once[:len(original)] == original


def test_two_signatures_coordinator_then_investigator(authority, signed_twice):
    first, second = verify_pdf(signed_twice, [authority.certificate_pem])
    assert (first.signer_name, first.meaning) == ("王芳", "Prepared by")
    assert (second.signer_name, second.meaning) == ("李明", "Eligibility confirmed by investigator")
    assert first.field_name == "Signature1" and second.field_name == "Signature2"
    assert first.intact and first.trusted and not first.covers_whole_file
    assert not first.modified_after_signing and first.ok  # only a signature was added after it
    assert second.intact and second.trusted and second.covers_whole_file and second.ok
    assert first.signed_at.tzinfo is not None and first.signed_at <= second.signed_at
    assert "only signatures added since" in first.describe()


def test_wrong_password_refuses_before_producing_anything(authority, investigator):
    with pytest.raises(SigningError, match="wrong password"):
        sign_pdf(tiny_pdf(), investigator, COORDINATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning="Prepared by")
    with pytest.raises(SigningError, match="wrong password"):
        sign_pdf(tiny_pdf(), investigator, "", authority_cert_pem=authority.certificate_pem,
                 meaning="Prepared by")


def test_a_pdf_without_signatures_has_no_reports(authority):
    assert verify_pdf(tiny_pdf(), [authority.certificate_pem]) == []


def test_one_byte_flipped_in_the_signed_range_breaks_the_signature(authority, signed_once):
    position = signed_once.index(BODY_TEXT.encode())
    start, length, resume, tail = byte_ranges(signed_once)[0]
    assert position < start + length  # inside the signed range
    tampered = bytearray(signed_once)
    tampered[position] ^= 0x01
    [report] = verify_pdf(bytes(tampered), [authority.certificate_pem])
    assert not report.intact and not report.ok
    assert report.signer_name == "李明"
    assert "BROKEN" in report.describe()


def test_damaged_files_give_a_verdict_or_a_signing_error(authority, signed_twice):
    """Flip bytes all over a twice-signed file: never an unexpected exception, and a flip in
    a signed range never leaves every signature looking good."""
    size = len(signed_twice)
    last = byte_ranges(signed_twice)[-1]
    contents = range(last[0] + last[1], last[2])  # the last signature's own /Contents
    for position in range(0, size, max(1, size // 80)):
        tampered = bytearray(signed_twice)
        tampered[position] ^= 0x20
        try:
            reports = verify_pdf(bytes(tampered), [authority.certificate_pem])
        except SigningError as error:
            assert str(error)
            continue
        if position not in contents:
            assert not (len(reports) == 2 and all(report.ok for report in reports)), position
    with pytest.raises(SigningError, match="not a readable PDF"):
        verify_pdf(b"this is not a PDF", [authority.certificate_pem])
    with pytest.raises(SigningError):
        verify_pdf(signed_twice[: size // 2], [authority.certificate_pem])


def test_another_sites_signature_is_intact_but_not_trusted(authority, signed_once):
    other_site = create_site_ca("Other Hospital", "other-admin-password")
    [report] = verify_pdf(signed_once, [other_site.certificate_pem])
    assert report.intact and not report.trusted and not report.ok
    assert "not issued by a trusted site authority" in report.problem
    assert "NOT TRUSTED" in report.describe()
    [report] = verify_pdf(signed_once, [other_site.certificate_pem, authority.certificate_pem])
    assert report.trusted


def test_a_user_of_another_site_cannot_sign_with_this_sites_ca(authority):
    other_site = create_site_ca("Other Hospital", "other-admin-password")
    stranger = issue_user_credentials(other_site, "other-admin-password", username="zhao",
                                      printed_name="赵强", role="investigator",
                                      user_password="stranger-password")
    with pytest.raises(SigningError, match="not issued by"):
        sign_pdf(tiny_pdf(), stranger, "stranger-password",
                 authority_cert_pem=authority.certificate_pem, meaning="Prepared by")
    signed = sign_pdf(tiny_pdf(), stranger, "stranger-password",
                      authority_cert_pem=other_site.certificate_pem, meaning="Prepared by")
    [report] = verify_pdf(signed, [authority.certificate_pem])
    assert report.signer_name == "赵强" and report.intact and not report.trusted


def test_expired_certificate_is_not_trusted_later(authority, signed_once):
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=365 * 4)
    [report] = verify_pdf(signed_once, [authority.certificate_pem], at=later)
    assert report.intact and not report.trusted and "expired" in report.problem


def test_signing_refuses_bad_requests(authority, investigator, signed_once):
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_pdf(tiny_pdf(), investigator, INVESTIGATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning="Prepared by",
                 signed_at=dt.datetime(2026, 11, 23, 9, 0))
    with pytest.raises(SigningError, match="valid from"):
        sign_pdf(tiny_pdf(), investigator, INVESTIGATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning="Prepared by",
                 signed_at=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    with pytest.raises(SigningError, match="already has a signature in the field"):
        sign_pdf(signed_once, investigator, INVESTIGATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning="Again",
                 field_name="Signature1")
    with pytest.raises(SigningError, match="cannot read the PDF"):
        sign_pdf(b"%PDF-1.4 not really", investigator, INVESTIGATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning="Prepared by")
    with pytest.raises(SigningError, match="meaning"):
        sign_pdf(tiny_pdf(), investigator, INVESTIGATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning=" ")


# --- poppler's pdfsig (NSS) as an independent verifier ---------------------------------------

def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        # the test set-up installs them: missing is a broken set-up, never a quiet skip
        pytest.fail(f"{', '.join(missing)} missing: packaging/setup.sh --tests installs poppler-utils "
                    "and libnss3-tools")


def pdfsig(pdf: bytes, directory: Path, *, trusted_ca_pem: bytes | None = None) -> str:
    _require("pdfsig", "certutil")
    path = directory / "document.pdf"
    path.write_bytes(pdf)
    command = ["pdfsig"]
    if trusted_ca_pem is not None:
        database = directory / "nss"
        database.mkdir()
        (directory / "ca.pem").write_bytes(trusted_ca_pem)
        subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{database}"],
                       check=True, capture_output=True)
        subprocess.run(["certutil", "-A", "-n", "site-ca", "-t", "CT,C,C", "-i",
                        str(directory / "ca.pem"), "-d", f"sql:{database}"],
                       check=True, capture_output=True)
        command += ["-nssdir", f"sql:{database}"]
    result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout


def pdfsig_signatures(output: str) -> list[str]:
    return re.split(r"^Signature #\d+:$", output, flags=re.M)[1:]


def test_pdfsig_reports_our_signature_valid_and_the_file_unmodified(signed_once, tmp_path):
    [signature] = pdfsig_signatures(pdfsig(signed_once, tmp_path))
    assert "Signature Validation: Signature is Valid." in signature
    assert "Total document signed" in signature
    assert "Signer Certificate Common Name: 李明" in signature
    assert "Signature Type: ETSI.CAdES.detached" in signature
    assert "Signing Hash Algorithm: SHA-256" in signature


def test_pdfsig_trusts_the_certificate_with_the_site_ca_in_its_database(authority, signed_twice,
                                                                       tmp_path):
    first, second = pdfsig_signatures(pdfsig(signed_twice, tmp_path,
                                             trusted_ca_pem=authority.certificate_pem))
    for signature in (first, second):
        assert "Signature Validation: Signature is Valid." in signature
        assert "Certificate Validation: Certificate is Trusted." in signature
    assert "Signer Certificate Common Name: 王芳" in first and "Not total document signed" in first
    assert "Signer Certificate Common Name: 李明" in second and "Total document signed" in second


def test_pdfsig_does_not_trust_without_the_site_ca(signed_once, tmp_path):
    [signature] = pdfsig_signatures(pdfsig(signed_once, tmp_path))
    assert "Certificate is Trusted." not in signature


def test_pdfsig_sees_the_flipped_byte(signed_once, tmp_path):
    tampered = bytearray(signed_once)
    tampered[signed_once.index(BODY_TEXT.encode())] ^= 0x01
    [signature] = pdfsig_signatures(pdfsig(bytes(tampered), tmp_path))
    assert "Signature is Valid." not in signature
    assert "Digest Mismatch" in signature


def test_an_empty_field_of_the_document_is_filled_without_drawing(authority, investigator):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(tiny_pdf()))
    fields.append_signature_field(writer, fields.SigFieldSpec("Investigator",
                                                              box=(300, 100, 550, 160)))
    with_field = io.BytesIO()
    writer.write(with_field)
    signed = sign_pdf(with_field.getvalue(), investigator, INVESTIGATOR_PASSWORD,
                      authority_cert_pem=authority.certificate_pem, meaning="研究者确认入选",
                      location="北京", field_name="Investigator")
    [report] = verify_pdf(signed, [authority.certificate_pem])
    assert (report.field_name, report.meaning, report.location) == \
        ("Investigator", "研究者确认入选", "北京")
    assert report.ok and report.covers_whole_file
    with pytest.raises(SigningError, match="already has a signature in the field"):
        sign_pdf(signed, investigator, INVESTIGATOR_PASSWORD,
                 authority_cert_pem=authority.certificate_pem, meaning="Again",
                 field_name="Investigator")


def test_names_longer_than_x509_allows_are_cut_not_refused():
    site = "北京协和医院 Peking Union Medical College Hospital, Department of Rheumatology and Immunology"
    long_authority = create_site_ca(site, ADMIN_PASSWORD, now=ISSUED)
    person = "Maria Fernanda de los Ángeles Rodríguez-Villanueva y Castillo-Hernández de la Torre"
    user = issue_user_credentials(long_authority, ADMIN_PASSWORD, username="mfr", printed_name=person,
                                  role="coordinator", user_password=COORDINATOR_PASSWORD, now=ISSUED)
    ca_name = x509.load_pem_x509_certificate(long_authority.certificate_pem).subject
    user_name = x509.load_pem_x509_certificate(user.certificate_pem).subject
    common_name = ca_name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert len(common_name.encode()) <= 64 and common_name.endswith("… TrialDesk Site CA")
    assert common_name.startswith("北京协和医院 Peking")
    cut = user_name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert len(cut.encode()) <= 64 and cut == name_in_certificate(person) and cut.endswith("…")
    assert name_in_certificate("李明") == "李明"
