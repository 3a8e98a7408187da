"""A checked PDF signature's results in words, written once for `trialdesk verify` and the
Verify PDF view: whether the signed content is intact, whether this site's signing authority
vouches for the signer, and what the registry says about the electronic signature behind it.

Plain values in English. The window shows them in its language: each text is marked for Qt's
lupdate (packaging/update-translations.sh reads this file too) and looked up with
QCoreApplication.translate(CONTEXT, text), then formatted with the result's arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

CONTEXT = "SignatureWords"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `text` for translation in `context`; the core has no Qt, so it only returns it."""
    return text


BROKEN = QT_TRANSLATE_NOOP("SignatureWords", "BROKEN: the signed content was changed or damaged")
MODIFIED = QT_TRANSLATE_NOOP("SignatureWords", "intact, but the document was MODIFIED after signing")
WHOLE_FILE = QT_TRANSLATE_NOOP("SignatureWords", "intact, covers the whole file")
SIGNATURES_ADDED = QT_TRANSLATE_NOOP("SignatureWords", "intact; only signatures added since")
TRUSTED = QT_TRANSLATE_NOOP("SignatureWords", "trusted by this site")
NOT_TRUSTED = QT_TRANSLATE_NOOP("SignatureWords", "NOT TRUSTED by this site (certificate from {0})")
# db.reports.RegistryCheck.status -> words
REGISTRY = {
    "matches": QT_TRANSLATE_NOOP("SignatureWords", "on record and still matching"),
    "changed": QT_TRANSLATE_NOOP("SignatureWords", "CHANGED since signing"),
    "not_found": QT_TRANSLATE_NOOP("SignatureWords", "NOT on record"),
    "not_checked": QT_TRANSLATE_NOOP("SignatureWords", "not checked"),
}


class CheckedSignature(Protocol):
    """What these words read of a checked signature: pdf_signatures.SignatureReport has it, and
    this module names no other, so that the two do not import each other."""

    intact: bool
    modified_after_signing: bool
    covers_whole_file: bool
    trusted: bool
    issuer_name: str


@dataclass(frozen=True)
class CheckResult:
    """One check of a signature: passed or not, and the words for it (`text` with {0} places
    for `args`, so that a translation can be looked up before the values go in)."""

    passed: bool
    text: str
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text.format(*self.args)


def content_check(report: CheckedSignature) -> CheckResult:
    if not report.intact:
        return CheckResult(False, BROKEN)
    if report.modified_after_signing:
        return CheckResult(False, MODIFIED)
    return CheckResult(True, WHOLE_FILE if report.covers_whole_file else SIGNATURES_ADDED)


def trust_check(report: CheckedSignature) -> CheckResult:
    if report.trusted:
        return CheckResult(True, TRUSTED)
    return CheckResult(False, NOT_TRUSTED, (report.issuer_name,))


def registry_check(status: str) -> CheckResult:
    """The registry's answer (db.reports.RegistryCheck.status). Only a match passes here; one
    that could not be checked fails no signature (RegistryCheck.ok) but is not shown as passed."""
    return CheckResult(status == "matches", REGISTRY.get(status, status))
