"""Checking a PDF's signatures from the window, as `trialdesk verify` does: each signature
verified against this site's signing authority (coordinator.signing.verify_pdf) and the
electronic signature it stands for looked up in the registry (db.reports.check_against_registry)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coordinator.screening import Actor
from coordinator.signing import SignatureReport, verify_pdf
from db.accounts import AccountRepository
from db.registry import Registry
from db.reports import RegistryCheck, check_against_registry


@dataclass(frozen=True)
class CheckedSignature:
    pdf: SignatureReport
    registry: RegistryCheck

    @property
    def ok(self) -> bool:
        return self.pdf.ok and self.registry.ok


@dataclass(frozen=True)
class Verification:
    path: Path
    signatures: tuple[CheckedSignature, ...]

    @property
    def valid(self) -> bool:
        """What makes `trialdesk verify` exit 0: signatures, and every one passes."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)


def verify_file(registry: Registry, actor: Actor, path: Path) -> Verification:
    """Every signature in the file checked; SigningError when the file is no readable PDF."""
    data = path.read_bytes()
    with registry.reading() as session:
        authority = AccountRepository(session).authority_certificate()
        reports = verify_pdf(data, [authority] if authority else [])
        checks = [check_against_registry(session, actor, report) for report in reports]
    return Verification(path, tuple(CheckedSignature(r, c) for r, c in zip(reports, checks)))
