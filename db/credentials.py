"""Signing keys in the registry: the site's certificate authority and each signer's certificate.

- The authority's certificate is public (`site.ca_cert_pem`). Its private key is stored once per
  administrator, each copy encrypted under that administrator's password, so any of them can
  issue certificates and none needs another's password.
- A signer (coordinator or investigator) holds one current certificate issued by the authority,
  its private key encrypted under their own password. A password change re-encrypts it; an
  administrator's reset (the old password being unknown) issues a new one. Superseded
  certificates are kept, their keys erased, so older PDFs still name a known signer.

Keys never leave this module unencrypted and never reach the audit trail: entries name the
user and the certificate's fingerprint. Callers check who may do what (`db.accounts`); every
write here happens in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlmodel import Session

from coordinator.signing.accounts import AccountError
from coordinator.signing.pdf_signatures import (SiteAuthority, UserCredentials, create_site_ca, issue_user_credentials,
                                 reencrypt_key)
from db.audit import AuditLog, utc_now
from db.models import AuthorityKeyRow, SigningCredentialRow, SiteRow, UserAccountRow


@dataclass(frozen=True)
class Certificate:
    """A stored signing certificate, for listing and for naming a PDF's signer."""

    username: str
    printed_name: str
    role: str
    fingerprint: str
    issued_at: dt.datetime
    valid_until: dt.datetime
    current: bool


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands timestamps back without their zone: they were written in UTC."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment is not None and moment.tzinfo is None else moment


def _text(pem: bytes) -> str:
    return pem.decode("ascii")


class CredentialStore:
    def __init__(self, session: Session, actor_name: str):
        self.session = session
        self.actor_name = actor_name

    # -- the site authority --------------------------------------------------------------------
    def authority_certificate(self) -> bytes | None:
        """The site authority's certificate (PEM), or None before there is one."""
        pem = self.session.execute(select(SiteRow.ca_cert_pem)).scalars().first()
        return pem.encode("ascii") if pem else None

    def create_authority(self, site: SiteRow, admin: UserAccountRow, password: str,
                         now: dt.datetime | None = None) -> SiteAuthority:
        """The site's authority, its key kept for `admin` under `password`. `now` may be the
        site's creation (a registry made before authorities existed), so that the certificates
        it issues cover the electronic signatures given since."""
        if site.ca_cert_pem:
            raise AccountError("the site already has a signing authority")
        authority = create_site_ca(site.name, password, now=_aware(now))
        site.ca_cert_pem = _text(authority.certificate_pem)
        self._store_wrapping(admin, authority.private_key_pem)
        self._audit("authority.create", {"site": site.name, "fingerprint": authority.fingerprint})
        return authority

    def unlock_authority(self, admin: UserAccountRow, password: str) -> tuple[SiteAuthority, str]:
        """The authority as `admin` holds it, and the passphrase that opens it (their password,
        already checked by the caller). A registry made before authorities existed gets one now."""
        site = self.session.execute(select(SiteRow)).scalars().one()
        if not site.ca_cert_pem:
            return self.create_authority(site, admin, password, now=site.created_at), password
        wrapping = self._wrapping(admin)
        if wrapping is None:
            raise AccountError(f"{admin.username} holds no key to the site's signing authority; another "
                               f"administrator gives them one by resetting their password")
        return SiteAuthority(site.name, site.ca_cert_pem.encode("ascii"), wrapping.key_pem.encode("ascii")), password

    def wrap_authority(self, authority: SiteAuthority, passphrase: str, user: UserAccountRow, password: str) -> None:
        """Give `user` (an administrator) their own copy of the authority's key, under `password`."""
        pem = reencrypt_key(authority.private_key_pem, passphrase, password, whose="the site authority")
        self._store_wrapping(user, pem)
        self._audit("authority.wrap", {"username": user.username})

    # -- signers -------------------------------------------------------------------------------
    def issue(self, authority: SiteAuthority, passphrase: str, user: UserAccountRow, password: str,
              role: str) -> Certificate:
        """A new certificate and key for `user` (key under `password`), replacing any current one.
        Valid from the account's creation: see coordinator.signing.pdf_signatures.issue_user_credentials."""
        now = utc_now()
        issued = issue_user_credentials(authority, passphrase, username=user.username,
                                        printed_name=user.printed_name, role=role, user_password=password,
                                        now=now, valid_from=_aware(user.created_at))
        replaced = self._current_row(user)
        if replaced is not None:
            replaced.superseded_at, replaced.key_pem = now, None
            self.session.flush()
        self.session.add(SigningCredentialRow(
            user_id=user.id, fingerprint=issued.fingerprint, certificate_pem=_text(issued.certificate_pem),
            key_pem=_text(issued.private_key_pem), role=role, issued_at=now, issued_by=self.actor_name,
            valid_until=issued.valid_until))
        self.session.flush()
        self._audit("credentials.issue", {"username": user.username, "role": role, "fingerprint": issued.fingerprint,
                                          "valid_until": issued.valid_until.isoformat(),
                                          "replaces": replaced.fingerprint if replaced else None})
        return Certificate(user.username, user.printed_name, role, issued.fingerprint, now, issued.valid_until, True)

    def rekey(self, user: UserAccountRow, old_password: str, new_password: str) -> None:
        """The user's own password changed: their signing key and their copy of the authority's
        key are encrypted under the new one."""
        changed = []
        current = self._current_row(user)
        if current is not None:
            current.key_pem = _text(reencrypt_key(current.key_pem.encode("ascii"), old_password, new_password,
                                                  whose=user.username))
            changed.append("signing key")
        wrapping = self._wrapping(user)
        if wrapping is not None:
            wrapping.key_pem = _text(reencrypt_key(wrapping.key_pem.encode("ascii"), old_password, new_password,
                                                   whose="the site authority"))
            wrapping.wrapped_at, wrapping.wrapped_by = utc_now(), self.actor_name
            changed.append("site authority key")
        if changed:
            self.session.flush()
            self._audit("credentials.rekey", {"username": user.username, "keys": changed})

    def credentials(self, user: UserAccountRow) -> UserCredentials | None:
        """The user's current certificate and encrypted key, or None."""
        row = self._current_row(user)
        if row is None:
            return None
        return UserCredentials(user.username, user.printed_name, row.role, row.certificate_pem.encode("ascii"),
                               row.key_pem.encode("ascii"))

    def certificates(self, username: str | None = None) -> list[Certificate]:
        """Every certificate issued (current and superseded), oldest first."""
        query = (select(SigningCredentialRow, UserAccountRow.username, UserAccountRow.printed_name)
                 .join(UserAccountRow, UserAccountRow.id == SigningCredentialRow.user_id)
                 .order_by(SigningCredentialRow.id))
        if username is not None:
            query = query.where(UserAccountRow.username == username)
        return [Certificate(name, printed, row.role, row.fingerprint, _aware(row.issued_at), _aware(row.valid_until),
                            row.superseded_at is None)
                for row, name, printed in self.session.execute(query)]

    def has_authority_key(self, user: UserAccountRow) -> bool:
        return self._wrapping(user) is not None

    def has_credentials(self, user: UserAccountRow) -> bool:
        return self._current_row(user) is not None

    # -- internals -----------------------------------------------------------------------------
    def _wrapping(self, user: UserAccountRow) -> AuthorityKeyRow | None:
        return self.session.execute(select(AuthorityKeyRow).where(AuthorityKeyRow.user_id == user.id)).scalar()

    def _store_wrapping(self, user: UserAccountRow, pem: bytes) -> None:
        existing = self._wrapping(user)
        if existing is None:
            self.session.add(AuthorityKeyRow(user_id=user.id, key_pem=_text(pem), wrapped_at=utc_now(),
                                             wrapped_by=self.actor_name))
        else:
            self.session.execute(update(AuthorityKeyRow).where(AuthorityKeyRow.id == existing.id).values(
                key_pem=_text(pem), wrapped_at=utc_now(), wrapped_by=self.actor_name))
            self.session.expire(existing)
        self.session.flush()

    def _current_row(self, user: UserAccountRow) -> SigningCredentialRow | None:
        return self.session.execute(select(SigningCredentialRow).where(
            SigningCredentialRow.user_id == user.id, SigningCredentialRow.superseded_at.is_(None))).scalar()

    def _audit(self, action: str, new: dict) -> None:
        audit = AuditLog(self.session, self.actor_name[:80])
        audit.record(action, "account", new=new)
        audit.flush()
