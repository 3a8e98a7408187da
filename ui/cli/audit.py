"""The audit trail from the command line: check that no entry was edited, deleted or
inserted outside the application (`audit verify`), and hand it to a monitor or an inspector
(`audit export`, CSV). Reading it is an investigator's or a monitor's permission."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from coordinator.screening.workflow import Permission
from db.audit import AuditFilter, AuditReader, write_csv
from coordinator.reports.common import write_text_atomically
from ui.cli.common import acting, counted, registry, registry_session
from ui.cli.options import period_options



@click.group()
def audit() -> None:
    """The append-only, hash-chained audit trail."""


@audit.command("verify")
@click.option("--data", "replay", is_flag=True, help="Also replay the trail's history of every patient and screening "
              "and compare it with the rows: names each changed, added or deleted outside TrialDesk.")
@click.pass_context
def verify(ctx: click.Context, replay: bool) -> None:
    """Check every link of the chain, and that the trail still holds the head each backup's
    manifest recorded (none deleted, none rewritten); exit status 1 naming the first broken entry.
    With --data, the records too (exit status 1 naming each that differs)."""
    from db.backups import known_heads

    heads = known_heads(registry(ctx))
    with registry_session(ctx, permission=Permission.READ_AUDIT) as session:
        reader = AuditReader(session, acting(ctx))
        count = len(reader.entries())
        broken = reader.verify(heads)
    if broken is not None:
        raise click.ClickException(f"audit trail broken at entry {broken.entry_id}: {broken.problem}")
    click.echo(f"audit trail intact: {counted(count, 'entry', 'entries')}, every link checked"
               + (f", and the {counted(len(heads), 'head')} recorded outside it (backups, the last closing) found in it"
                  if heads else ""))
    if not replay:
        return
    from db.audit_replay import replay_audit

    with registry_session(ctx, permission=Permission.READ_AUDIT) as session:
        result = replay_audit(session, acting(ctx))
    for difference in result.differences:
        click.echo(str(difference))
    summary = (f"{counted(result.patients, 'patient')} and {counted(result.screenings, 'screening')} replayed "
               "from the audit trail")
    if result.differences:
        raise click.ClickException(f"{counted(len(result.differences), 'record')} differ from the audit trail "
                                   f"({summary}); see above")
    click.echo(f"records match the audit trail: {summary}")


@audit.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="CSV file (default: standard output).")
@click.option("--user", "by_user", help="Only entries by this account.")
@click.option("--action", help="Only actions starting with this, e.g. 'screening.' or 'account.login'.")
@click.option("--patient", help="Only entries about this registry number.")
@period_options("First day (UTC), inclusive.", "Last day (UTC), inclusive.")
@click.pass_context
def export(ctx: click.Context, out: Path | None, by_user: str | None, action: str | None, patient: str | None,
           start, end) -> None:
    """Write the trail as CSV: time (UTC), user, action, entity, patient, old and new value, reason, hash."""
    where = AuditFilter(actor=by_user, action=action, patient_ref=patient,
                        start=start.date() if start else None, end=end.date() if end else None)
    with registry_session(ctx, permission=Permission.READ_AUDIT) as session:
        entries = AuditReader(session, acting(ctx)).entries(where)
    text = io.StringIO(newline="")
    count = write_csv(entries, text)
    if out is None:
        sys.stdout.write(text.getvalue())
    else:
        write_text_atomically(out, text.getvalue())
        click.echo(f"{counted(count, 'entry', 'entries')} written to {out}", err=True)
