"""The screening PDFs from the command line: `report` (a screening's checklist), `log` (a trial's
screening log) and `verify` (the signatures in a PDF). Building, signing and the rules about who
may sign what live in db.reports and the core; this asks for the password and writes the file."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from coordinator.signing.esign import require_signer
from coordinator.reports import write_pdf_atomically
from coordinator.reports.wording import LANGUAGES, Language
from coordinator.screening.workflow import Actor, Permission, require
from coordinator.signing.words import registry_check
from db.registry import DEMO
from db.reports import Document, ReportRepository, verify_signatures
from ui.cli.accounts import password_again
from ui.cli.common import acting, registry, registry_session
from ui.cli.contracts import echo_json, verification_json
from ui.cli.options import json_option, patient_option, trial_option, period_options, pdf_out_option
from ui.cli.exit_codes import REJECTED
from ui.cli.refusals import refusals_as_messages



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
    with refusals_as_messages(OSError), registry_session(ctx, write=sign) as session:
        document = build(ReportRepository(session, actor))
        write_pdf_atomically(out, document.pdf)
    return document


def _signed_line(document: Document) -> str:
    signature = document.signed_as
    if signature is None:
        return ""
    return (f"; signed \"{signature.meaning}\" by {signature.printed_name} ({signature.role}) at "
            f"{signature.local_time:%Y-%m-%d %H:%M:%S %Z}, certificate {(document.certificate_fingerprint or '')[:16]}...")


def language_option():
    return click.option("--language", type=click.Choice(LANGUAGES), default=None,
                        help="The language of the PDF's words: en or zh (default: the system's, from LANG); "
                             "registered criteria stay in English, a Chinese PDF adds their reference translation.")


def _language(chosen: str | None) -> Language:
    if chosen:
        return chosen  # type: ignore[return-value]
    system = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if system.lower().startswith("zh") else "en"


@click.command()
@patient_option()
@trial_option()
@pdf_out_option()
@click.option("--sign", is_flag=True, help="Add your PDF signature, as your electronic signature on the screening "
              "shows it (your password is asked for again).")
@language_option()
@click.pass_context
def report(ctx: click.Context, ref: str, trial_id: str, out: Path, sign: bool, language: str | None) -> None:
    """The eligibility checklist PDF of the patient's latest screening for a trial, with its
    electronic signatures as printed blocks. Full names only if the site prints them
    (`trialdesk site set --show-full-names on`), initials otherwise."""
    actor = acting(ctx, Permission.READ)
    password = None
    if sign:
        with refusals_as_messages():
            require_signer(actor)
        password = _signing_password(ctx, actor, f"the checklist of {ref} for {trial_id}")
    document = _produce(ctx, out, sign, lambda reports: reports.checklist(ref, trial_id, sign_password=password,
                                                                          language=_language(language)))
    click.echo(f"wrote {out} (document {document.document_id}){_signed_line(document)}")


@click.command("log")
@trial_option()
@period_options("First screening date included.", "Last screening date included.")
@pdf_out_option()
@click.option("--sign", is_flag=True, help="Investigators: sign \"Screening log reviewed\" (your password is asked "
              "for again); the electronic signature is bound to the log's content.")
@language_option()
@click.pass_context
def log(ctx: click.Context, trial_id: str, start: dt.datetime | None, end: dt.datetime | None, out: Path,
        sign: bool, language: str | None) -> None:
    """The screening log PDF of a trial for a period (landscape): every screening with its
    outcome, screen-failure reasons, consent date, subject number and arm, and the counts."""
    actor = acting(ctx, Permission.READ)
    password = None
    if sign:
        with refusals_as_messages():
            require(actor, Permission.SIGN)
        password = _signing_password(ctx, actor, f"the screening log of {trial_id}")
    first, last = (start.date() if start else None), (end.date() if end else None)
    document = _produce(ctx, out, sign, lambda reports: reports.screening_log(trial_id, first, last,
                                                                              sign_password=password,
                                                                              language=_language(language)))
    click.echo(f"wrote {out} (document {document.document_id}){_signed_line(document)}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option()
@click.pass_context
def verify(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Check every signature in a PDF: who signed, when, what for; intact or modified since;
    trusted by this site's signing authority or not; and whether the electronic signature it
    stands for is on record here and still matches the screening or log. Exit status 0 only
    when the file has signatures and every one passes."""
    actor = acting(ctx)
    with registry_session(ctx) as session:
        with refusals_as_messages(prefix=f"{file}: "):
            verification = verify_signatures(session, actor, file.read_bytes(), f"the signed PDF {file.name}")
    valid, reports = verification.valid, [s.pdf for s in verification.signatures]
    checks = [s.registry for s in verification.signatures]
    if as_json:
        echo_json(verification_json(file, valid, reports, checks, verification.audit_trail))
    else:
        if not reports:
            click.echo(f"{file}: no signatures")
        for r, c in zip(reports, checks):
            click.echo(r.describe())
            click.echo(f"    registry: {registry_check(c.status)} ({c.detail})")
        if verification.audit_trail:
            click.echo(f"the registry's audit trail no longer holds what it held when this PDF was made: "
                       f"{verification.audit_trail}")
        if reports:
            click.echo(f"{file}: " + ("all signatures valid and trusted" if valid else "NOT VALID"))
    if not valid:
        sys.exit(REJECTED)
