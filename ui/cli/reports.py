"""The screening PDFs from the command line: `report` (a screening's checklist), `log` (a trial's
screening log) and `verify` (the signatures in a PDF). Building, signing and the rules about who
may sign what live in db.reports and the core; this asks for the password and writes the file."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from coordinator.signing.esign import require_signer
from coordinator.reports import ReportFontError, write_pdf_atomically
from coordinator.screening.workflow import Actor, Permission, PermissionDenied, require
from coordinator.signing.words import registry_check
from coordinator.signing.pdf_signatures import SigningError
from db.registry import DEMO
from db.reports import Document, NoScreening, ReportRepository, verify_signatures
from ui.cli.accounts import password_again
from ui.cli.common import acting, registry, registry_session

DATE = click.DateTime(formats=["%Y-%m-%d"])
OUT = click.Path(dir_okay=False, writable=True, path_type=Path)
FAILURES = (NoScreening, SigningError, ReportFontError, OSError)


def _signing_password(ctx: click.Context, actor: Actor, what: str) -> str:
    if registry(ctx).kind == DEMO:
        raise click.ClickException("a demo registry has no site and no signing keys: --sign is for a real site")
    return password_again(ctx, actor, f"enter your password to sign {what}", f"PDF signature: {what}",
                          "not signed", refusal="signature.refused")


def _produce(ctx: click.Context, out: Path, sign: bool, build: Callable[[ReportRepository], Document]) -> Document:
    """Build the PDF and write it in one step: when signing, in the transaction that records the
    signature, so that a file that cannot be written leaves no signature recorded either. The
    file appears whole or not at all."""
    actor = acting(ctx)
    try:
        with registry_session(ctx, write=sign) as session:
            document = build(ReportRepository(session, actor))
            write_pdf_atomically(out, document.pdf)
    except FAILURES as error:
        raise click.ClickException(str(error) or type(error).__name__) from error
    return document


def _signed_line(document: Document) -> str:
    signature = document.signed_as
    if signature is None:
        return ""
    return (f"; signed \"{signature.meaning}\" by {signature.printed_name} ({signature.role}) at "
            f"{signature.local_time:%Y-%m-%d %H:%M:%S %Z}, certificate {document.certificate_fingerprint[:16]}...")


@click.command()
@click.option("--patient", "ref", required=True, metavar="REF", help="Registry or hospital record number.")
@click.option("--trial", "nct", required=True, metavar="NCT", help="The trial's NCT number.")
@click.option("--out", "out", required=True, type=OUT, help="The PDF to write.")
@click.option("--sign", is_flag=True, help="Add your PDF signature, as your electronic signature on the screening "
              "shows it (your password is asked for again).")
@click.pass_context
def report(ctx: click.Context, ref: str, nct: str, out: Path, sign: bool) -> None:
    """The eligibility checklist PDF of the patient's latest screening for a trial, with its
    electronic signatures as printed blocks. Full names only if the site prints them
    (`trialdesk site set --show-full-names on`), initials otherwise."""
    actor = acting(ctx, Permission.READ)
    password = None
    if sign:
        try:
            require_signer(actor)
        except PermissionDenied as error:
            raise click.ClickException(str(error)) from error
        password = _signing_password(ctx, actor, f"the checklist of {ref} for {nct.upper()}")
    document = _produce(ctx, out, sign, lambda reports: reports.checklist(ref, nct.upper(), sign_password=password))
    click.echo(f"wrote {out} (document {document.document_id}){_signed_line(document)}")


@click.command("log")
@click.option("--trial", "nct", required=True, metavar="NCT", help="The trial's NCT number.")
@click.option("--from", "start", type=DATE, help="First screening date included.")
@click.option("--to", "end", type=DATE, help="Last screening date included.")
@click.option("--out", "out", required=True, type=OUT, help="The PDF to write.")
@click.option("--sign", is_flag=True, help="Investigators: sign \"Screening log reviewed\" (your password is asked "
              "for again); the electronic signature is bound to the log's content.")
@click.pass_context
def log(ctx: click.Context, nct: str, start: dt.datetime | None, end: dt.datetime | None, out: Path,
        sign: bool) -> None:
    """The screening log PDF of a trial for a period (landscape): every screening with its
    outcome, screen-failure reasons, consent date, subject number and arm, and the counts."""
    actor = acting(ctx, Permission.READ)
    password = None
    if sign:
        try:
            require(actor, Permission.SIGN)
        except PermissionDenied as error:
            raise click.ClickException(str(error)) from error
        password = _signing_password(ctx, actor, f"the screening log of {nct.upper()}")
    first, last = (start.date() if start else None), (end.date() if end else None)
    document = _produce(ctx, out, sign, lambda reports: reports.screening_log(nct.upper(), first, last,
                                                                              sign_password=password))
    click.echo(f"wrote {out} (document {document.document_id}){_signed_line(document)}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def verify(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Check every signature in a PDF: who signed, when, what for; intact or modified since;
    trusted by this site's signing authority or not; and whether the electronic signature it
    stands for is on record here and still matches the screening or log. Exit status 0 only
    when the file has signatures and every one passes."""
    actor = acting(ctx)
    with registry_session(ctx) as session:
        try:
            verification = verify_signatures(session, actor, file.read_bytes())
        except SigningError as error:
            raise click.ClickException(f"{file}: {error}") from error
    valid, reports = verification.valid, [s.pdf for s in verification.signatures]
    checks = [s.registry for s in verification.signatures]
    if as_json:
        click.echo(json.dumps({"file": str(file), "valid": valid, "signatures": [{
            "field": r.field_name, "signer": r.signer_name, "username": r.signer_username, "role": r.signer_role,
            "issuer": r.issuer_name, "signed_at": r.signed_at.isoformat() if r.signed_at else None,
            "meaning": r.meaning, "location": r.location, "intact": r.intact, "trusted": r.trusted,
            "modified_after_signing": r.modified_after_signing, "covers_whole_file": r.covers_whole_file,
            "certificate_fingerprint": r.certificate_fingerprint, "problem": r.problem, "ok": r.ok and c.ok,
            "registry": {"status": c.status, "document": c.document, "detail": c.detail},
        } for r, c in zip(reports, checks)]}, ensure_ascii=False, indent=2))
    else:
        if not reports:
            click.echo(f"{file}: no signatures")
        for r, c in zip(reports, checks):
            click.echo(r.describe())
            click.echo(f"    registry: {registry_check(c.status)} ({c.detail})")
        if reports:
            click.echo(f"{file}: " + ("all signatures valid and trusted" if valid else "NOT VALID"))
    if not valid:
        sys.exit(1)
