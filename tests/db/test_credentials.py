"""Signing keys in the registry: the site authority at set-up, a copy of its key per
administrator, a certificate per signer issued when an administrator unlocks the authority with
their own password, keys re-encrypted on a password change and re-issued on a reset; all
audited, nothing half-saved, no key in the clear."""

from __future__ import annotations

import pytest
from cryptography import x509
from sqlalchemy import select, update

from coordinator.signing.accounts import AccountError, AuthenticationError
from coordinator.screening.workflow import Actor, PermissionDenied, Role
from coordinator.signing.pdf_signatures import key_opens
from db.accounts import AccountRepository
from db.credentials import CredentialStore
from db.models import AuditRow, AuthorityKeyRow, SigningCredentialRow, SiteRow, UserAccountRow

PASSWORD = "correct horse battery"
ANN_PASSWORD = "orchid river 1987"
ADMIN = Actor("dr.li", Role.INVESTIGATOR, frozenset({Role.ADMINISTRATOR}))


@pytest.fixture
def site(registry):
    with registry.writing() as session:
        AccountRepository(session).set_up(site_name="北京协和医院", address=None, timezone="Asia/Shanghai",
                                          username="dr.li", printed_name="李明", password=PASSWORD)
    return registry


def _user(session, username: str) -> UserAccountRow:
    return session.execute(select(UserAccountRow).where(UserAccountRow.username == username)).scalar_one()


def _opens(pem: str, password: str) -> bool:
    return key_opens(pem.encode(), password)


def _authority(session) -> x509.Certificate:
    return x509.load_pem_x509_certificate(session.execute(select(SiteRow.ca_cert_pem)).scalar_one().encode())


def _certificates(session, username: str) -> list[SigningCredentialRow]:
    return list(session.execute(select(SigningCredentialRow).where(
        SigningCredentialRow.user_id == _user(session, username).id).order_by(SigningCredentialRow.id)).scalars())


def _create(registry, username, roles, admin_password=PASSWORD, actor=ADMIN, password=ANN_PASSWORD):
    with registry.writing() as session:
        AccountRepository(session).create(actor, username=username, printed_name="王安", roles=roles,
                                          password=password, admin_password=admin_password)


def test_set_up_makes_the_authority_and_the_first_investigators_certificate(site):
    with site.reading() as session:
        authority = _authority(session)
        [wrapping] = session.execute(select(AuthorityKeyRow)).scalars().all()
        [certificate] = _certificates(session, "dr.li")
        actions = [a for a, in session.execute(select(AuditRow.action).order_by(AuditRow.id))]
        audit_text = " ".join(str(v) for v, in session.execute(select(AuditRow.new_value)))
    assert authority.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert "北京协和医院" in authority.subject.rfc4514_string()
    assert "-----BEGIN ENCRYPTED PRIVATE KEY-----" in wrapping.key_pem and _opens(wrapping.key_pem, PASSWORD)
    issued = x509.load_pem_x509_certificate(certificate.certificate_pem.encode())
    issued.verify_directly_issued_by(authority)
    assert (certificate.role, certificate.superseded_at) == ("investigator", None)
    assert _opens(certificate.key_pem, PASSWORD) and not _opens(certificate.key_pem, "another password")
    assert actions == ["site.setup", "authority.create", "credentials.issue"]
    assert "PRIVATE KEY" not in audit_text and certificate.fingerprint in audit_text


def test_a_signer_gets_a_certificate_only_with_the_administrators_password(site):
    with pytest.raises(AccountError, match="your password is needed to unlock the site's signing authority"):
        _create(site, "ann", {Role.COORDINATOR}, admin_password=None)
    with pytest.raises(AuthenticationError, match="your password does not match: ann not created"):
        _create(site, "ann", {Role.COORDINATOR}, admin_password="not my password")
    with site.reading() as session:   # nothing half-saved: no account, no certificate
        assert session.execute(select(UserAccountRow.username)).scalars().all() == ["dr.li"]
        assert len(session.execute(select(SigningCredentialRow)).all()) == 1
    _create(site, "ann", {Role.COORDINATOR})
    with site.reading() as session:
        [certificate] = _certificates(session, "ann")
        issued = x509.load_pem_x509_certificate(certificate.certificate_pem.encode())
        issued.verify_directly_issued_by(_authority(session))
        assert not CredentialStore(session, "t").has_authority_key(_user(session, "ann"))
    assert certificate.role == "coordinator" and certificate.issued_by == "dr.li"
    assert _opens(certificate.key_pem, ANN_PASSWORD) and not _opens(certificate.key_pem, PASSWORD)


def test_monitors_need_no_keys_and_coordinators_create_no_accounts(site):
    _create(site, "mo", {Role.MONITOR}, admin_password=None)
    with site.reading() as session:
        assert _certificates(session, "mo") == []
    with pytest.raises(PermissionDenied):
        _create(site, "bob", {Role.COORDINATOR}, actor=Actor("mo", Role.MONITOR))


def test_a_new_administrator_gets_a_copy_of_the_authority_and_can_issue(site):
    _create(site, "helpdesk", {Role.ADMINISTRATOR}, password="help desk key 42")
    with site.reading() as session:
        wrapping = session.execute(select(AuthorityKeyRow).where(
            AuthorityKeyRow.user_id == _user(session, "helpdesk").id)).scalar_one()
        assert _certificates(session, "helpdesk") == []   # administrators sign nothing
    assert _opens(wrapping.key_pem, "help desk key 42") and not _opens(wrapping.key_pem, PASSWORD)
    _create(site, "ann", {Role.INVESTIGATOR}, actor=Actor("helpdesk", Role.ADMINISTRATOR),
            admin_password="help desk key 42")
    with site.reading() as session:
        [certificate] = _certificates(session, "ann")
        assert certificate.role == "investigator" and certificate.issued_by == "helpdesk"


def test_own_password_change_re_encrypts_the_same_keys(site):
    new = "a brand new passphrase"
    with site.reading() as session:
        [before] = _certificates(session, "dr.li")
    with pytest.raises(AuthenticationError, match="current password does not match"):
        with site.writing() as session:
            AccountRepository(session).set_password(ADMIN, "dr.li", new, actor_password="wrong one here")
    with site.writing() as session:
        AccountRepository(session).set_password(ADMIN, "dr.li", new, actor_password=PASSWORD)
    with site.reading() as session:
        [after] = _certificates(session, "dr.li")
        wrapping = session.execute(select(AuthorityKeyRow)).scalar_one()
        actions = [a for a, in session.execute(select(AuditRow.action).order_by(AuditRow.id))]
    assert after.fingerprint == before.fingerprint and after.superseded_at is None
    assert _opens(after.key_pem, new) and not _opens(after.key_pem, PASSWORD)
    assert _opens(wrapping.key_pem, new) and not _opens(wrapping.key_pem, PASSWORD)
    assert actions[-2:] == ["credentials.rekey", "account.password"]


def test_an_administrators_reset_issues_a_new_certificate_and_keeps_the_old_one(site):
    _create(site, "ann", {Role.COORDINATOR})
    with pytest.raises(AuthenticationError, match="password not changed"):
        with site.writing() as session:
            AccountRepository(session).set_password(ADMIN, "ann", "forgotten and reset", actor_password="wrong!")
    with site.writing() as session:
        AccountRepository(session).set_password(ADMIN, "ann", "forgotten and reset", actor_password=PASSWORD)
    with site.reading() as session:
        old, new = _certificates(session, "ann")
        certificates = CredentialStore(session, "t").certificates("ann")
    assert old.superseded_at is not None and old.key_pem is None   # kept to name older PDFs' signer
    assert new.superseded_at is None and _opens(new.key_pem, "forgotten and reset")
    assert [c.current for c in certificates] == [False, True]
    # valid from the account's creation: it covers the electronic signatures given before the reset
    assert x509.load_pem_x509_certificate(new.certificate_pem.encode()).not_valid_before_utc <= \
        x509.load_pem_x509_certificate(old.certificate_pem.encode()).not_valid_before_utc


def test_a_registry_from_before_signing_keys_gets_its_authority_from_the_next_administrator(site):
    with site.writing() as session:   # as migration 0009 leaves an older registry: no keys at all
        session.execute(SigningCredentialRow.__table__.delete())
        session.execute(AuthorityKeyRow.__table__.delete())
        session.execute(update(SiteRow).values(ca_cert_pem=None))
    _create(site, "ann", {Role.COORDINATOR})
    with site.reading() as session:
        authority = _authority(session)
        created = session.execute(select(SiteRow.created_at)).scalar_one()
        [certificate] = _certificates(session, "ann")
    assert authority.not_valid_before_utc.replace(tzinfo=None) <= created.replace(tzinfo=None)
    x509.load_pem_x509_certificate(certificate.certificate_pem.encode()).verify_directly_issued_by(authority)
    with site.writing() as session:   # dr.li signs but had no certificate: changing the password issues one
        AccountRepository(session).set_password(ADMIN, "dr.li", "a brand new passphrase", actor_password=PASSWORD)
    with site.reading() as session:
        [mine] = _certificates(session, "dr.li")
    assert _opens(mine.key_pem, "a brand new passphrase")


def test_show_full_names_is_an_audited_administrators_setting(site):
    with site.reading() as session:
        assert AccountRepository(session).site().show_full_names is False
    with pytest.raises(PermissionDenied):
        with site.writing() as session:
            AccountRepository(session).set_show_full_names(Actor("ann", Role.COORDINATOR), True)
    with site.writing() as session:
        AccountRepository(session).set_show_full_names(ADMIN, True, "sponsor asked for names")
    with site.reading() as session:
        assert AccountRepository(session).site().show_full_names is True
        last = session.execute(select(AuditRow).order_by(AuditRow.id.desc())).scalars().first()
    assert (last.action, last.reason) == ("site.show_full_names", "sponsor asked for names")
