"""Checking a PDF's signatures from the window, as `trialdesk verify` does
(db.reports.verify_signatures: the site's signing authority and the registry)."""

from __future__ import annotations

from pathlib import Path

from coordinator.screening.workflow import Actor
from db.registry import Registry
from db.reports import CheckedSignature, Verification, verify_signatures

__all__ = ["CheckedSignature", "Verification", "verify_file"]


def verify_file(registry: Registry, actor: Actor, path: Path) -> Verification:
    """Every signature in the file checked; SigningError when the file is no readable PDF."""
    data = path.read_bytes()
    with registry.reading() as session:
        return verify_signatures(session, actor, data, f"the signed PDF {path.name}")
